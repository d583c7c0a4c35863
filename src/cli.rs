//! Command-line interface definition.

use crate::output::ColorChoice;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Full-text search that traces every claim back to the exact bytes of its source.
#[derive(Debug, Parser)]
#[command(name = "cite", version, about, propagate_version = true)]
pub struct Cli {
    /// Index directory.
    #[arg(long, global = true, env = "CITE_INDEX", default_value = "index")]
    pub index: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// cite's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index (or update the index of) folders of .txt and .md files.
    Index(IndexArgs),
    /// Search the index: ranked passages with exact byte offsets.
    #[command(visible_alias = "search")]
    Query(QueryArgs),
    /// List the indexed files and whether they changed since.
    Sources(SourcesArgs),
}

/// Arguments of `cite index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index (default: seeds). Roots given before are kept.
    pub paths: Vec<PathBuf>,
    /// Re-index every file from scratch.
    #[arg(long)]
    pub rebuild: bool,
    /// Forget roots (and their files) not named this time.
    #[arg(long)]
    pub prune: bool,
    /// Follow symbolic links.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Indexing memory budget in MB.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(16..=65536))]
    pub memory: u64,
    /// Wait for another running `cite index` instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Exit 2 when any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `cite query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Words, "phrases", "phrase"~N, AND/OR/NOT, +/-, (groups), word*, source:PART.
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Require every word (AND instead of OR).
    #[arg(long)]
    pub all: bool,
    /// Match words within N edits (0-2).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
    pub fuzzy: u8,
    /// Print one JSON document.
    #[arg(long, conflicts_with = "ndjson")]
    pub json: bool,
    /// Print one JSON hit per line.
    #[arg(long)]
    pub ndjson: bool,
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Arguments of `cite sources`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}
