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
    /// Check a quote: exact, normalized, elided, misquote or not found, with its source span.
    Verify(VerifyArgs),
    /// Check a claim in your own words: the evidence that supports or contradicts it.
    Check(CheckArgs),
    /// Print the passage at SOURCE:BYTE or SOURCE:START-END, as query and verify print them.
    Show(ShowArgs),
    /// Check a whole draft: every quotation and every checkable claim, with a report.
    Audit(AuditArgs),
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

/// Arguments of `cite verify`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when the quote stands (exact, normalized, elided), \
1 for a misquote or not found, 2 for an error. With --batch: 0 when every quote stands, \
1 when any does not, 2 when any could not be checked."
)]
pub struct VerifyArgs {
    /// The quote; `-` reads it from stdin.
    #[arg(allow_hyphen_values = true, required_unless_present = "batch")]
    pub quote: Option<String>,
    /// Check one quote per line of FILE (`-` for stdin); blank lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "quote")]
    pub batch: Option<PathBuf>,
    /// Print JSON: one document, or with --batch one document per line (NDJSON).
    #[arg(long)]
    pub json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Arguments of `cite show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// SOURCE:BYTE or SOURCE:START-END; SOURCE as printed (relative to the working directory) or absolute.
    pub location: String,
    /// Passages to show before and after.
    #[arg(long, short = 'C', default_value_t = 0)]
    pub context: usize,
    /// Print one JSON document: `{"passages": [...]}`.
    #[arg(long)]
    pub json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// How `cite audit` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// Sentences with their verdicts and evidence, for a terminal.
    Terminal,
    /// One JSON document.
    Json,
    /// One JSON item per line.
    Ndjson,
    /// A fact-check report: problems first, the draft with footnotes.
    Markdown,
    /// The same report as one self-contained HTML page.
    Html,
}

/// Arguments of `cite audit`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when every quotation stands and no claim is contradicted or \
disputed (unsupported claims are counted, not failed), 1 otherwise, 2 for an error."
)]
pub struct AuditArgs {
    /// The draft, a .txt or .md file; `-` reads stdin.
    pub draft: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = AuditFormat::Terminal)]
    pub format: AuditFormat,
    /// Same as --format json.
    #[arg(long, conflicts_with_all = ["format", "ndjson"])]
    pub json: bool,
    /// Same as --format ndjson.
    #[arg(long, conflicts_with = "format")]
    pub ndjson: bool,
    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Arguments of `cite check`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when the claim is supported, 1 when it is contradicted, \
disputed or unsupported, 2 for an error. With --batch: 0 when every claim is supported, 1 when \
any is not, 2 when any could not be checked."
)]
pub struct CheckArgs {
    /// The claim; `-` reads it from stdin.
    #[arg(allow_hyphen_values = true, required_unless_present = "batch")]
    pub claim: Option<String>,
    /// Check one claim per line of FILE (`-` for stdin); blank lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "claim")]
    pub batch: Option<PathBuf>,
    /// Print JSON: one document, or with --batch one document per line (NDJSON).
    #[arg(long)]
    pub json: bool,
    /// Pieces of evidence listed, besides the best of each supporting or contradicting source.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Compare words by stem only, without the table of synonyms.
    #[arg(long)]
    pub no_synonyms: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}
