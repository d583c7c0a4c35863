//! `cite index` and `cite sources`: building the index and listing what it holds.

use super::{DEFAULT_CORPUS, Outcome, open_existing};
use crate::cli::{IndexArgs, SourcesArgs};
use crate::corpus::{self, SkipReason, Stamp};
use crate::index;
use crate::indexer::{self, Report};
use crate::output::{self, ColorChoice, TableStyle};
use crate::skips;
use anyhow::{Result, bail};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Runs `cite index`.
pub(super) fn index(dir: &Path, args: &IndexArgs) -> Result<Outcome> {
    let mut roots = args.paths.clone();
    let unindexable = skips::unindexable_roots(&roots);
    if !unindexable.is_empty() {
        if unindexable.len() == roots.len() {
            bail!("{}", unindexable.join("; "));
        }
        for why in &unindexable {
            crate::pipes::warn(why);
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
    // The index is committed: a closed stdout loses nothing, and does not hide an
    // interruption or a --strict failure.
    let printed = if args.quiet {
        Ok(())
    } else {
        print_summary(&mut std::io::stdout().lock(), &report)
    };
    if report.interrupted {
        crate::pipes::warn(
            "interrupted; the files indexed so far are committed: run `cite index` again to finish",
        );
        return Ok(Outcome::Interrupted);
    }
    if args.strict && warned > 0 {
        bail!("{warned} file(s) skipped (--strict)");
    }
    printed.map(|()| Outcome::Found)
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

/// Lists the indexed sources with their size, passages and whether they changed since.
/// Runs `cite sources`.
pub(super) fn sources(dir: &Path, args: &SourcesArgs) -> Result<Outcome> {
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
