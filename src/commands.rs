//! One function per command: run it, print its results, say whether anything was found.

use crate::cli::{
    AuditArgs, AuditFormat, CheckArgs, Cli, Command, IndexArgs, QueryArgs, ShowArgs, SourcesArgs,
    VerifyArgs,
};
use crate::corpus::{self, SkipReason, Stamp};
use crate::index::{self, CiteIndex, DirState};
use crate::indexer::{self, Report};
use crate::output::{self, Format, TableStyle};
use crate::query::QueryOptions;
use crate::search::{self, Page};
use crate::{audit, check, show, verify};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default corpus, indexed when no path is given.
const DEFAULT_CORPUS: &str = "seeds";

/// How a successful command ended, as grep would say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found (exit 0).
    Found,
    /// Nothing was found (exit 1).
    NotFound,
    /// Stopped by Ctrl-C, keeping what was committed (exit 130).
    Interrupted,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Found => ExitCode::SUCCESS,
            Outcome::NotFound => ExitCode::from(1),
            Outcome::Interrupted => ExitCode::from(130),
        }
    }

    fn found_if(found: bool) -> Outcome {
        if found {
            Outcome::Found
        } else {
            Outcome::NotFound
        }
    }
}

/// Runs the command of `cli`.
pub fn run(cli: Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Index(args) => index(&cli.index, args),
        Command::Query(args) => query(&cli.index, args),
        Command::Sources(args) => sources(&cli.index, args),
        Command::Verify(args) => verify(&cli.index, args),
        Command::Check(args) => check(&cli.index, args),
        Command::Show(args) => show(&cli.index, args),
        Command::Audit(args) => audit(&cli.index, args),
    }
}

fn index(dir: &Path, args: &IndexArgs) -> Result<Outcome> {
    let mut roots = args.paths.clone();
    if roots.is_empty() && (args.prune || index::recorded_roots(dir).is_empty()) {
        roots.push(PathBuf::from(DEFAULT_CORPUS));
    }
    let opts = indexer::Options {
        roots,
        rebuild: args.rebuild,
        prune: args.prune,
        follow_links: args.follow,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
            .max(1),
        memory_mb: args.memory as usize,
        wait: args.wait,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    indexer::handle_interrupts();
    let report = indexer::run(dir, &opts)?;
    let warned = warn_skipped(&report);
    if !args.quiet {
        print_summary(&mut std::io::stdout().lock(), &report)?;
    }
    if report.interrupted {
        eprintln!(
            "cite: interrupted; the files indexed so far are committed: run `cite index` again to finish"
        );
        return Ok(Outcome::Interrupted);
    }
    if args.strict && warned > 0 {
        bail!("{warned} file(s) skipped (--strict)");
    }
    Ok(Outcome::Found)
}

/// Warns on stderr of each file skipped for a problem; returns how many.
fn warn_skipped(report: &Report) -> usize {
    let mut warned = 0;
    for s in &report.skipped {
        if s.reason != SkipReason::Extension {
            eprintln!(
                "cite: warning: skipped {}: {}",
                corpus::display_path(&s.path),
                s.reason
            );
            warned += 1;
        }
    }
    warned
}

fn print_summary(out: &mut impl Write, r: &Report) -> Result<()> {
    writeln!(
        out,
        "indexed in {:.2} s: {} added, {} updated, {} removed, {} unchanged; {} passages written",
        r.elapsed.as_secs_f64(),
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        r.passages_written
    )?;
    writeln!(
        out,
        "index holds {} documents, {} passages",
        r.files, r.passages
    )?;
    if !r.skipped.is_empty() {
        let count = |f: fn(&SkipReason) -> bool| r.skipped.iter().filter(|s| f(&s.reason)).count();
        writeln!(
            out,
            "skipped {} files: {} not .txt/.md, {} binary, {} not UTF-8, {} unreadable",
            r.skipped.len(),
            count(|r| *r == SkipReason::Extension),
            count(|r| *r == SkipReason::Binary),
            count(|r| matches!(r, SkipReason::NotUtf8(_))),
            count(|r| matches!(r, SkipReason::Unreadable(_))),
        )?;
    }
    Ok(())
}

/// Opens the index for reading, first building it from the default corpus when there is none.
fn open_or_build(dir: &Path) -> Result<CiteIndex> {
    if !CiteIndex::exists(dir) {
        if index::has_committed(dir) {
            return Err(index::damaged(dir, "meta.json is missing"));
        }
        if index::dir_state(dir)? == DirState::Foreign || !Path::new(DEFAULT_CORPUS).is_dir() {
            bail!(
                "no index at {}; run `cite index PATH...` first",
                dir.display()
            );
        }
        eprintln!(
            "cite: no index at {}; building it from {DEFAULT_CORPUS}/ first",
            dir.display()
        );
        let opts = indexer::Options {
            roots: vec![PathBuf::from(DEFAULT_CORPUS)],
            rebuild: false,
            prune: false,
            follow_links: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            memory_mb: 128,
            wait: true,
            progress: std::io::stderr().is_terminal(),
        };
        let report = indexer::run(dir, &opts)?;
        warn_skipped(&report);
        eprintln!(
            "cite: indexed {} documents, {} passages",
            report.files, report.passages
        );
    }
    CiteIndex::open(dir)
}

fn query(dir: &Path, args: &QueryArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let options = QueryOptions {
        all: args.all,
        fuzzy: args.fuzzy,
    };
    let page = Page {
        limit: args.limit,
        offset: args.offset,
    };
    let results = search::search(&cite, &args.query, options, page)?;
    let stale = results.hits.iter().filter(|h| h.stale).count();
    if stale > 0 {
        eprintln!(
            "cite: warning: {stale} hit(s) come from files changed since indexing (marked stale; their offsets may be wrong): run `cite index`"
        );
    }
    let out = &mut std::io::stdout().lock();
    match format(args.json, args.ndjson) {
        Format::Json => output::json::document(out, &results)?,
        Format::Ndjson => output::json::lines(out, &results.hits)?,
        Format::Table => {
            output::table::search(out, &results, TableStyle::for_stdout(args.color))?;
            if results.total == 0 {
                eprintln!("cite: no passages match {:?}", args.query);
            } else if results.hits.is_empty() {
                writeln!(out, "{} matching passages", results.total)?;
            }
        }
    }
    Ok(Outcome::found_if(
        results.total > 0 && (args.limit == 0 || !results.hits.is_empty()),
    ))
}

fn format(json: bool, ndjson: bool) -> Format {
    match (json, ndjson) {
        (true, _) => Format::Json,
        (_, true) => Format::Ndjson,
        _ => Format::Table,
    }
}

/// One indexed file, as `cite sources` lists it.
#[derive(Debug, Serialize)]
struct SourceRow {
    source: String,
    size: u64,
    passages: u64,
    indexed_at: String,
    status: &'static str,
}

fn sources(dir: &Path, args: &SourcesArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let manifest = cite.manifest()?;
    let rows: Vec<SourceRow> = manifest
        .files
        .iter()
        .map(|(path, rec)| SourceRow {
            source: corpus::display_path(path),
            size: rec.size,
            passages: rec.passages,
            indexed_at: humantime::format_rfc3339_seconds(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(rec.indexed_at),
            )
            .to_string(),
            status: match Stamp::of(path) {
                Err(_) => "missing",
                Ok(now) if now == rec.stamp() => "unchanged",
                Ok(_) => "changed",
            },
        })
        .collect();
    let out = &mut std::io::stdout().lock();
    if args.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            roots: Vec<String>,
            sources: &'a [SourceRow],
        }
        let roots = manifest
            .roots
            .iter()
            .map(|r| corpus::display_path(r))
            .collect();
        output::json::document(
            out,
            &Doc {
                roots,
                sources: &rows,
            },
        )?;
    } else {
        let mut builder = tabled::builder::Builder::default();
        builder.push_record(["source", "size", "passages", "indexed at", "status"]);
        for r in &rows {
            builder.push_record([
                r.source.clone(),
                r.size.to_string(),
                r.passages.to_string(),
                r.indexed_at.clone(),
                r.status.to_string(),
            ]);
        }
        let mut table = builder.build();
        table.with(tabled::settings::Style::rounded());
        writeln!(out, "{table}")?;
    }
    Ok(Outcome::found_if(!rows.is_empty()))
}

fn verify(dir: &Path, args: &VerifyArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let style = TableStyle::for_stdout(args.color);
    let out = &mut std::io::stdout().lock();
    let Some(batch) = &args.batch else {
        let quote = match args.quote.as_deref() {
            Some("-") | None => read_input(Path::new("-"))?,
            Some(quote) => quote.to_string(),
        };
        let report = verify::verify(&cite, &quote)?;
        warn_verify(&report);
        if args.json {
            output::json::document(out, &report)?;
        } else {
            output::quote::verify(out, &report, style)?;
        }
        return Ok(Outcome::found_if(report.verdict.stands()));
    };
    let input = read_input(batch)?;
    let (mut checked, mut stand, mut failed) = (0, 0, 0);
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match verify::verify(&cite, line) {
            Ok(report) => {
                warn_verify(&report);
                checked += 1;
                stand += usize::from(report.verdict.stands());
                if args.json {
                    output::json::document(out, &report)?;
                } else {
                    if checked + failed > 1 {
                        writeln!(out)?;
                    }
                    output::quote::verify(out, &report, style)?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("cite: error: line {}: {e:#}", n + 1);
                if args.json {
                    #[derive(Serialize)]
                    struct Failed<'a> {
                        quote: &'a str,
                        error: String,
                    }
                    let error = format!("{e:#}");
                    output::json::document(
                        out,
                        &Failed {
                            quote: line.trim(),
                            error,
                        },
                    )?;
                }
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!(
            "{failed} of {} quote(s) could not be checked",
            checked + failed
        );
    }
    Ok(Outcome::found_if(checked > 0 && stand == checked))
}

/// Warns on stderr of candidate files that could not be read and of results left out.
fn warn_verify(report: &verify::Report) {
    for file in &report.unreadable {
        eprintln!("cite: warning: cannot check {file}");
    }
    if report.truncated {
        eprintln!(
            "cite: warning: the quote is very common; only some of the places it stands were checked"
        );
    }
}

fn check(dir: &Path, args: &CheckArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let style = TableStyle::for_stdout(args.color);
    let options = check::Options {
        synonyms: if args.no_synonyms {
            check::Synonyms::Off
        } else {
            check::Synonyms::Curated
        },
        max_evidence: args.limit,
        ..check::Options::default()
    };
    let mut checker = check::Checker::new(&cite)?;
    let out = &mut std::io::stdout().lock();
    let Some(batch) = &args.batch else {
        let claim = match args.claim.as_deref() {
            Some("-") | None => read_input(Path::new("-"))?,
            Some(claim) => claim.to_string(),
        };
        let report = checker.check(&claim, &options)?;
        warn_check(&report);
        if args.json {
            output::json::document(out, &report)?;
        } else {
            output::claim::check(out, &report, style)?;
        }
        return Ok(Outcome::found_if(
            report.verdict == check::Verdict::Supported,
        ));
    };
    let input = read_input(batch)?;
    let (mut checked, mut supported, mut failed) = (0, 0, 0);
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        #[derive(Serialize)]
        struct Line<'a, T: Serialize> {
            input_line: usize,
            #[serde(flatten)]
            body: &'a T,
        }
        match checker.check(line, &options) {
            Ok(report) => {
                warn_check(&report);
                checked += 1;
                supported += usize::from(report.verdict == check::Verdict::Supported);
                if args.json {
                    output::json::document(
                        out,
                        &Line {
                            input_line: n + 1,
                            body: &report,
                        },
                    )?;
                } else {
                    if checked + failed > 1 {
                        writeln!(out)?;
                    }
                    output::claim::check(out, &report, style)?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("cite: error: line {}: {e:#}", n + 1);
                if args.json {
                    #[derive(Serialize)]
                    struct Failed<'a> {
                        claim: &'a str,
                        error: String,
                    }
                    let body = Failed {
                        claim: line.trim(),
                        error: format!("{e:#}"),
                    };
                    output::json::document(
                        out,
                        &Line {
                            input_line: n + 1,
                            body: &body,
                        },
                    )?;
                }
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!(
            "{failed} of {} claim(s) could not be checked",
            checked + failed
        );
    }
    Ok(Outcome::found_if(checked > 0 && supported == checked))
}

/// Warns on stderr of candidate files that could not be read or changed since indexing.
fn warn_check(report: &check::CheckReport) {
    for file in &report.unreadable {
        eprintln!("cite: warning: cannot check {file}");
    }
    if report.stale > 0 {
        eprintln!(
            "cite: warning: {} candidate passage(s) left out: their files changed since indexing; run `cite index`",
            report.stale
        );
    }
}

/// All of `path` as text; `-` reads stdin.
fn read_input(path: &Path) -> Result<String> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read stdin")?;
    } else {
        text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(text)
}

fn show(dir: &Path, args: &ShowArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let location: show::Location = args.location.parse()?;
    let shown = show::show(&cite, &location, args.context)?;
    if shown.changed {
        eprintln!(
            "cite: warning: {} changed since it was indexed: offsets printed before may point elsewhere; run `cite index`",
            location.source.display()
        );
    }
    let out = &mut std::io::stdout().lock();
    if args.json {
        output::json::document(out, &shown)?;
    } else {
        output::quote::show(out, &shown, TableStyle::for_stdout(args.color))?;
    }
    Ok(Outcome::Found)
}

fn audit(dir: &Path, args: &AuditArgs) -> Result<Outcome> {
    let name = args.draft.display().to_string();
    let text = read_draft(&args.draft)?;
    let cite = open_or_build(dir)?;
    let report = audit::audit(&cite, &name, text)?;
    for (at, message) in &report.warnings {
        eprintln!("cite: warning: {name}:{}:{}: {message}", at.line, at.column);
    }
    for file in &report.unreadable {
        eprintln!("cite: warning: cannot check {file}");
    }
    let format = match (args.json, args.ndjson) {
        (true, _) => AuditFormat::Json,
        (_, true) => AuditFormat::Ndjson,
        _ => args.format,
    };
    let print = || -> Result<()> {
        let out = &mut std::io::stdout().lock();
        match format {
            AuditFormat::Terminal => {
                output::audit::terminal::report(out, &report, TableStyle::for_stdout(args.color))?
            }
            AuditFormat::Json => output::json::document(out, &report)?,
            AuditFormat::Ndjson => output::json::lines(out, &report.items)?,
            AuditFormat::Markdown => output::audit::markdown::report(out, &report)?,
            AuditFormat::Html => output::audit::html::report(out, &report)?,
        }
        out.flush()?;
        Ok(())
    };
    match print() {
        Err(e) if !is_broken_pipe(&e) => Err(e),
        _ => Ok(Outcome::found_if(report.passes())),
    }
}

/// True when `e` is a write to a closed pipe (`cite … | head`): the reader has had enough.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind())
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// A draft's text: UTF-8 (a BOM is kept), else a clear error naming the encoding to convert from.
fn read_draft(path: &Path) -> Result<String> {
    let name = path.display();
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        bytes
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {name}"))?
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bail!("{name} is UTF-16; convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)");
    }
    if bytes.contains(&0) {
        bail!("{name} is a binary file, not a draft");
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!("{name} is empty: nothing to audit");
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow::anyhow!(
            "{name} is not UTF-8 (byte {at}); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8"
        )
    })
}
