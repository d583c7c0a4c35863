//! `cite query`: ranked passages, or the matching sources.

use super::{Outcome, add_selectors, open_or_build};
use crate::anchor::resolve::Anchor;
use crate::cli::QueryArgs;
use crate::index::CiteIndex;
use crate::output::{self, Format, TableStyle};
use crate::query::QueryOptions;
use crate::search::{self, Page};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Runs `cite query`.
pub(super) fn query(dir: &Path, args: &QueryArgs) -> Result<Outcome> {
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
        add_selectors(
            &cite.manifest()?,
            results
                .hits
                .iter_mut()
                .filter(|hit| hit.anchor != Some(Anchor::Orphaned))
                .map(|hit| &mut hit.place),
        );
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
            crate::pipes::warn(format_args!("no passages match {:?}", args.query));
        }
    } else if results.hits.is_empty() && args.limit > 0 {
        crate::pipes::warn(format_args!(
            "--offset {} is past the last of the {} matching passages",
            args.offset, results.total
        ));
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
        crate::pipes::warn(format_args!(
            "{} hit(s) come from files changed since indexing; re-anchored on the files as they are now (marked stale): run `cite index`",
            stale - orphaned
        ));
    }
    if orphaned > 0 {
        crate::pipes::warn(format_args!(
            "{orphaned} hit(s) no longer stand in their changed files (marked orphaned; their offsets are the indexed ones): run `cite index`"
        ));
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

/// The output format that `--json` and `--ndjson` ask for.
fn format(json: bool, ndjson: bool) -> Format {
    match (json, ndjson) {
        (true, _) => Format::Json,
        (_, true) => Format::Ndjson,
        _ => Format::Table,
    }
}
