//! One function per command: run it, print its results, say whether anything was found.

use crate::anchor::{self, citation, resolve::Anchor, selector};
use crate::cli::{
    AnchorArgs, AuditArgs, AuditFormat, CheckArgs, Cli, Command, CompletionsArgs, IndexArgs,
    QueryArgs, ShowArgs, SourcesArgs, VerifyArgs,
};
use crate::corpus::{self, SkipReason, Stamp};
use crate::index::{self, CiteIndex, DirState};
use crate::indexer::{self, Report};
use crate::output::{self, ColorChoice, Format, TableStyle};
use crate::query::QueryOptions;
use crate::search::{self, Page};
use crate::{audit, check, show, skips, verify};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default corpus, indexed when no path is given.
const DEFAULT_CORPUS: &str = "seeds";
/// The default index location, the only one built on first use.
const DEFAULT_INDEX: &str = "index";

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
        Command::Anchor(args) => anchor(&cli.index, args),
        Command::Completions(args) => completions(args),
        Command::Man => man(),
        Command::Audit(args) => audit(&cli.index, args),
    }
}

fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(args.shell, &mut command, "cite", &mut std::io::stdout());
    Ok(Outcome::Found)
}

fn man() -> Result<Outcome> {
    let command = <Cli as clap::CommandFactory>::command();
    clap_mangen::Man::new(command).render(&mut std::io::stdout().lock())?;
    Ok(Outcome::Found)
}

fn index(dir: &Path, args: &IndexArgs) -> Result<Outcome> {
    let mut roots = args.paths.clone();
    let unindexable = skips::unindexable_roots(&roots);
    if !unindexable.is_empty() {
        if unindexable.len() == roots.len() {
            bail!("{}", unindexable.join("; "));
        }
        for why in &unindexable {
            eprintln!("cite: warning: {why}");
        }
        roots.retain(|r| skips::unindexable_roots(std::slice::from_ref(r)).is_empty());
    }
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
        encoding: args.encoding,
    };
    indexer::handle_interrupts();
    let mut report = indexer::run(dir, &opts)?;
    skips::dedup(&mut report.skipped);
    let warned = skips::warn(dir, &report.skipped, args.quiet, &mut std::io::stderr()).problems;
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
            "skipped {} files: {} not .txt/.md, {} binary, {} unreadable",
            r.skipped.len(),
            count(|r| *r == SkipReason::Extension),
            count(|r| *r == SkipReason::Binary),
            count(|r| matches!(r, SkipReason::Unreadable(_) | SkipReason::NotUtf8(_))),
        )?;
    }
    if r.decoded > 0 {
        writeln!(
            out,
            "decoded {} files from encodings other than UTF-8",
            r.decoded
        )?;
    }
    Ok(())
}

/// Opens the index for reading. Only the default index, of the default corpus, is built
/// on first use; any other missing index is an error naming the command that builds it.
fn open_or_build(dir: &Path) -> Result<CiteIndex> {
    if !CiteIndex::exists(dir) {
        if index::has_committed(dir) {
            return Err(index::damaged(dir, "meta.json is missing"));
        }
        if !is_default_index(dir)
            || index::dir_state(dir)? == DirState::Foreign
            || !Path::new(DEFAULT_CORPUS).is_dir()
        {
            return Err(missing_index(dir));
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
            encoding: None,
        };
        let mut report = indexer::run(dir, &opts)?;
        skips::dedup(&mut report.skipped);
        skips::warn(dir, &report.skipped, false, &mut std::io::stderr());
        eprintln!(
            "cite: indexed {} documents, {} passages",
            report.files, report.passages
        );
    }
    CiteIndex::open(dir)
}

/// Opens the index for reading, never writing: an error when there is none.
fn open_existing(dir: &Path) -> Result<CiteIndex> {
    if !CiteIndex::exists(dir) {
        if index::has_committed(dir) {
            return Err(index::damaged(dir, "meta.json is missing"));
        }
        return Err(missing_index(dir));
    }
    CiteIndex::open(dir)
}

/// True when `dir` is the default index location (`index`, or `./index`).
fn is_default_index(dir: &Path) -> bool {
    dir.components()
        .filter(|c| *c != std::path::Component::CurDir)
        .eq(Path::new(DEFAULT_INDEX).components())
}

/// The error for a missing index, with the command that builds it.
fn missing_index(dir: &Path) -> anyhow::Error {
    let flag = if is_default_index(dir) {
        String::new()
    } else {
        format!("--index {} ", dir.display())
    };
    anyhow::anyhow!(
        "no index at {}; build it with `cite {flag}index PATH...`",
        dir.display()
    )
}

fn query(dir: &Path, args: &QueryArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let options = QueryOptions {
        all: args.all,
        fuzzy: args.fuzzy,
    };
    if args.files || args.count {
        return per_source(&cite, args, options);
    }
    let page = Page {
        limit: args.limit,
        offset: args.offset,
    };
    let mut results = search::search(&cite, &args.query, options, page)?;
    warn_stale(&results.hits);
    if args.selectors {
        let mut files = selector::Files::default();
        for hit in &mut results.hits {
            if hit.anchor != Some(Anchor::Orphaned) {
                hit.selector = files.selectors(&hit.source, hit.span);
            }
        }
    }
    let out = &mut std::io::stdout().lock();
    match format(args.json, args.ndjson) {
        Format::Json => output::json::document(out, &results)?,
        Format::Ndjson => output::json::lines(out, &results.hits)?,
        Format::Table => {
            output::table::search(out, &results, TableStyle::for_stdout(args.color))?;
            if results.total > 0 && args.limit == 0 {
                writeln!(out, "{} matching passages", results.total)?;
            }
        }
    }
    if results.total == 0 {
        if format(args.json, args.ndjson) == Format::Table {
            eprintln!("cite: no passages match {:?}", args.query);
        }
    } else if results.hits.is_empty() && args.limit > 0 {
        eprintln!(
            "cite: --offset {} is past the last of the {} matching passages",
            args.offset, results.total
        );
    }
    Ok(Outcome::found_if(
        results.total > 0 && (args.limit == 0 || !results.hits.is_empty()),
    ))
}

/// Warns on stderr of hits from files changed since indexing: re-anchored, or orphaned.
fn warn_stale(hits: &[search::Hit]) {
    let stale = hits.iter().filter(|h| h.stale).count();
    let orphaned = hits
        .iter()
        .filter(|h| h.anchor == Some(Anchor::Orphaned))
        .count();
    if stale > orphaned {
        eprintln!(
            "cite: warning: {} hit(s) come from files changed since indexing; re-anchored on the files as they are now (marked stale): run `cite index`",
            stale - orphaned
        );
    }
    if orphaned > 0 {
        eprintln!(
            "cite: warning: {orphaned} hit(s) no longer stand in their changed files (marked orphaned; their offsets are the indexed ones): run `cite index`"
        );
    }
}

/// `query --files` and `query --count`: the matching sources, best first.
fn per_source(cite: &CiteIndex, args: &QueryArgs, options: QueryOptions) -> Result<Outcome> {
    let sources = search::by_source(cite, &args.query, options)?;
    let out = &mut std::io::stdout().lock();
    match (args.json, args.files) {
        (true, _) => output::json::document(
            out,
            &output::listing::Doc {
                query: &args.query,
                total: sources.iter().map(|s| s.passages).sum(),
                sources: &sources,
            },
        )?,
        (false, true) => output::listing::files(out, &sources)?,
        (false, false) => output::listing::counts(out, &sources)?,
    }
    Ok(Outcome::found_if(!sources.is_empty()))
}

fn format(json: bool, ndjson: bool) -> Format {
    match (json, ndjson) {
        (true, _) => Format::Json,
        (_, true) => Format::Ndjson,
        _ => Format::Table,
    }
}

fn sources(dir: &Path, args: &SourcesArgs) -> Result<Outcome> {
    let cite = open_existing(dir)?;
    let manifest = cite.manifest()?;
    let rows: Vec<output::listing::SourceRow> = manifest
        .files
        .iter()
        .map(|(path, rec)| output::listing::SourceRow {
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
            sources: &'a [output::listing::SourceRow],
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
        output::listing::sources(out, &rows, TableStyle::for_stdout(ColorChoice::Never).width)?;
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
        let mut report = verify::verify(&cite, &quote)?;
        warn_verify(&report);
        if args.selectors {
            add_selectors(&mut report);
        }
        if args.json {
            output::json::document(out, &report)?;
        } else {
            output::quote::verify(out, &report, style)?;
        }
        return Ok(Outcome::found_if(report.verdict.stands()));
    };
    let input = read_input(batch)?;
    let (mut checked, mut stand, mut failed) = (0, 0, 0);
    let mut verdicts: Vec<(&'static str, usize)> = Vec::new();
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match verify::verify(&cite, line) {
            Ok(mut report) => {
                warn_verify(&report);
                if args.selectors {
                    add_selectors(&mut report);
                }
                checked += 1;
                stand += usize::from(report.verdict.stands());
                match verdicts
                    .iter_mut()
                    .find(|(v, _)| *v == report.verdict.name())
                {
                    Some((_, n)) => *n += 1,
                    None => verdicts.push((report.verdict.name(), 1)),
                }
                if args.json {
                    #[derive(Serialize)]
                    struct Line<'a> {
                        input_line: usize,
                        #[serde(flatten)]
                        report: &'a verify::Report,
                    }
                    output::json::document(
                        out,
                        &Line {
                            input_line: n + 1,
                            report: &report,
                        },
                    )?;
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
                        input_line: usize,
                        quote: &'a str,
                        error: String,
                    }
                    let error = format!("{e:#}");
                    output::json::document(
                        out,
                        &Failed {
                            input_line: n + 1,
                            quote: line.trim(),
                            error,
                        },
                    )?;
                }
            }
        }
    }
    if !args.json && checked + failed > 0 {
        let mut summary = format!("\n{stand} of {} quote(s) stand", checked + failed);
        let parts: Vec<String> = verdicts.iter().map(|(v, n)| format!("{n} {v}")).collect();
        if !parts.is_empty() {
            summary.push_str(&format!(": {}", parts.join(", ")));
        }
        if failed > 0 {
            summary.push_str(&format!("; {failed} could not be checked"));
        }
        writeln!(out, "{summary}")?;
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

/// Gives each match of `report` its W3C selectors.
fn add_selectors(report: &mut verify::Report) {
    let mut files = selector::Files::default();
    for m in &mut report.matches {
        m.selector = files.selectors(&m.source, m.span);
    }
}

/// Warns on stderr of candidate files that could not be read, of results left out, and of
/// the verdict's caveats.
fn warn_verify(report: &verify::Report) {
    for notice in report.notices() {
        eprintln!("cite: warning: {notice}");
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
    let mut shown = show::show(&cite, &location, args.context)?;
    if args.selectors {
        let mut files = selector::Files::default();
        for p in &mut shown.passages {
            p.selector = files.selectors(&p.source, p.span);
        }
    }
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

fn anchor(dir: &Path, args: &AnchorArgs) -> Result<Outcome> {
    let citations = match (&args.batch, &args.citation) {
        (Some(batch), _) => citation::from_batch(&read_input(batch)?),
        (None, Some(given)) if given.trim_start().starts_with('{') => {
            if args.text.is_some() {
                bail!("--text goes with a PATH:START-END citation, not a JSON one");
            }
            let value: serde_json::Value =
                serde_json::from_str(given).context("the citation is not valid JSON")?;
            citation::from_json(&value)?.into_iter().map(Ok).collect()
        }
        (None, Some(given)) => {
            let Some(text) = &args.text else {
                bail!("a PATH:START-END citation needs the quoted text: --text TEXT");
            };
            vec![citation::from_reference(given, text)]
        }
        (None, None) => bail!("give a CITATION or --batch FILE"),
    };
    let cite = if CiteIndex::exists(dir) {
        Some(CiteIndex::open(dir)?)
    } else {
        None
    };
    let style = TableStyle::for_stdout(args.color);
    let out = &mut std::io::stdout().lock();
    let mut sources = anchor::Sources::default();
    let (mut held, mut failed) = (0, 0);
    for (n, saved) in citations.iter().enumerate() {
        let result = saved
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e:#}"))
            .and_then(|saved| anchor::anchor(saved, &mut sources, cite.as_ref()));
        match result {
            Ok(anchored) => {
                held += usize::from(anchored.anchor.holds());
                if args.json {
                    output::json::document(out, &anchored)?;
                } else {
                    if n > 0 {
                        writeln!(out)?;
                    }
                    output::anchor::anchored(out, &anchored, style)?;
                }
            }
            Err(e) if citations.len() == 1 && args.batch.is_none() => return Err(e),
            Err(e) => {
                failed += 1;
                eprintln!("cite: error: citation {}: {e:#}", n + 1);
                if args.json {
                    #[derive(Serialize)]
                    struct Failed {
                        citation: usize,
                        error: String,
                    }
                    let error = format!("{e:#}");
                    output::json::document(
                        out,
                        &Failed {
                            citation: n + 1,
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
            "{failed} of {} citation(s) could not be resolved",
            citations.len()
        );
    }
    Ok(Outcome::found_if(
        !citations.is_empty() && held == citations.len(),
    ))
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
