//! Command-line interface definition.

use crate::output::ColorChoice;
use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Parses the command line; on a mistake prints a short `cite: error: …` (a hint and the
/// usage line at most) and gives exit status 2; prints help or version and gives 0.
pub fn parse() -> Result<Cli, ExitCode> {
    let error = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return Err(ExitCode::SUCCESS);
    }
    let _ = write!(std::io::stderr(), "{}", short_error(&error));
    Err(ExitCode::from(2))
}

/// A clap error in cite's words: `cite: error: …`, then any hint and the usage line.
fn short_error(error: &clap::Error) -> String {
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return "cite: error: no command given (index, query, sources, verify, show, completions, man)\n\
Usage: cite [OPTIONS] <COMMAND>; `cite --help` lists them\n"
            .to_string();
    }
    let rendered = error.render().to_string();
    let mut out = String::new();
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("For more information") {
            continue;
        }
        match line.strip_prefix("error: ") {
            Some(message) if out.is_empty() => out.push_str(&format!("cite: error: {message}\n")),
            _ if out.is_empty() => out.push_str(&format!("cite: error: {line}\n")),
            _ => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

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

/// cite's commands; each one's arguments are built only when it runs (or for help and
/// completions).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
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
    /// Check a whole draft: every quotation and every checkable claim, with a report.
    Audit(AuditArgs),
    /// Print the passage at SOURCE:LINE:COLUMN, SOURCE:BYTE or SOURCE:START-END.
    Show(ShowArgs),
    /// Re-anchor saved citations on the sources as they are now: unchanged, moved, changed or orphaned.
    Anchor(AnchorArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff; `cite man | man -l -`).
    Man,
}

/// Print a shell completion script (bash, zsh, fish, elvish, powershell).
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Index (or update the index of) folders of .txt and .md files.
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
    /// Indexing memory budget in MB, shared by the indexing threads; each writes a segment
    /// when its share is full, and a query pays for every segment.
    #[arg(long, default_value_t = 160, value_parser = clap::value_parser!(u64).range(16..=65536))]
    pub memory: u64,
    /// Wait for another running `cite index` instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Exit 2 when any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Decode files that are not UTF-8 as NAME (a WHATWG label: windows-1252, latin1,
    /// iso-8859-2, shift_jis, utf-16le...) instead of guessing their encoding.
    #[arg(long, value_name = "NAME", value_parser = crate::decode::encoding_named)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Search the index: ranked passages with exact byte offsets.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Words, "phrases", "phrase"~N, word~N, AND/OR/NOT, +/-, (groups), word*, source:PART.
    /// A query starting with `-` goes after `--`: `cite query -- -Russia sanctions`.
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
    /// Give each JSON hit a W3C `selector` list (quote with context, code points, bytes).
    #[arg(long)]
    pub selectors: bool,
    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// List each matching source once, best first (as `rg -l`).
    #[arg(long, short = 'l', conflicts_with_all = ["count", "ndjson"])]
    pub files: bool,
    /// Count the matching passages of each source (as `rg -c`).
    #[arg(long, short = 'c', conflicts_with = "ndjson")]
    pub count: bool,
}

/// List the indexed files and whether they changed since.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// Check a quote: exact, normalized, elided, misquote or not found, with its source span.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when the quote stands (exact, normalized, elided), \
1 for a misquote or not found, 2 for an error. With --batch: 0 when every quote stands, \
1 when any does not, 2 when any could not be checked."
)]
pub struct VerifyArgs {
    /// The quote; `-` reads it from stdin; a quote starting with `-` goes after `--`.
    #[arg(required_unless_present = "batch")]
    pub quote: Option<String>,
    /// Check one quote per line of FILE (`-` for stdin); blank lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "quote")]
    pub batch: Option<PathBuf>,
    /// Print JSON: one document, or with --batch one document per line (NDJSON).
    #[arg(long)]
    pub json: bool,
    /// Give each JSON match a W3C `selector` list (quote with context, code points, bytes).
    #[arg(long)]
    pub selectors: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Print the passage at SOURCE:LINE:COLUMN, SOURCE:BYTE or SOURCE:START-END.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// SOURCE:LINE:COLUMN (as the table prints it), SOURCE:BYTE or SOURCE:START-END; SOURCE as
    /// printed (relative to the working directory) or absolute.
    pub location: String,
    /// Passages to show before and after.
    #[arg(long, short = 'C', default_value_t = 0)]
    pub context: usize,
    /// Print one JSON document: `{"passages": [...]}`.
    #[arg(long)]
    pub json: bool,
    /// Give each JSON passage a W3C `selector` list (quote with context, code points, bytes).
    #[arg(long)]
    pub selectors: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Re-anchor saved citations on the sources as they are now: unchanged, moved, changed or orphaned.
#[derive(Debug, Args)]
#[command(
    after_help = "CITATION is PATH:START-END with --text, or a JSON object: a span cite printed \
(source, byte_start, byte_end, text), {\"source\", \"selector\": [...]} with W3C selectors, or a W3C \
annotation with a `target`. Exit status: 0 when every citation is unchanged or moved, 1 when any \
is changed or orphaned, 2 for an error."
)]
pub struct AnchorArgs {
    /// PATH:START-END (with --text), or a JSON citation object.
    #[arg(required_unless_present = "batch")]
    pub citation: Option<String>,
    /// The quoted text of a PATH:START-END citation.
    #[arg(long, allow_hyphen_values = true)]
    pub text: Option<String>,
    /// Resolve the JSON citations of FILE (`-` for stdin): one object per line, or whole
    /// documents cite printed (each of their hits, matches or passages).
    #[arg(long, value_name = "FILE", conflicts_with = "citation")]
    pub batch: Option<PathBuf>,
    /// Print JSON: one object per citation, one per line (NDJSON).
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

/// Check a whole draft: every quotation and every checkable claim, with a report.
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

/// Check a claim in your own words: the evidence that supports or contradicts it.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when the claim is supported, 1 when it is contradicted, \
disputed or unsupported, 2 for an error. With --batch: 0 when every claim is supported, 1 when \
any is not, 2 when any could not be checked."
)]
pub struct CheckArgs {
    /// The claim; `-` reads it from stdin; a claim starting with `-` goes after `--`.
    #[arg(required_unless_present = "batch")]
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
    /// Give each JSON piece of evidence a W3C `selector` list (quote with context, code points, bytes).
    #[arg(long)]
    pub selectors: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}
