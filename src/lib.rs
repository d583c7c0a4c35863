//! cite: index folders of articles into passages and answer with exact, checkable byte offsets.

pub mod align;
pub mod analysis;
pub mod anchor;
pub mod audit;
pub mod check;
pub mod cli;
pub mod columns;
pub mod commands;
pub mod corpus;
pub mod dates;
pub mod decode;
pub mod index;
pub mod indexer;
pub mod located;
pub mod manifest;
pub mod normalize;
pub mod output;
pub mod passages;
pub mod pipes;
pub mod query;
pub mod search;
pub mod show;
pub mod skips;
pub mod span;
pub mod verify;
