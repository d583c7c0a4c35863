//! `cite check`: what in the sources supports or contradicts a claim.

use super::batch::{self, Batch, Given};
use super::{Outcome, add_selectors, argument_or_stdin, once, open_or_build, read_input};
use crate::check;
use crate::cli::CheckArgs;
use crate::output::{self, TableStyle};
use anyhow::Result;
use std::path::Path;

/// Runs `cite check`.
pub(super) fn check(dir: &Path, args: &CheckArgs) -> Result<Outcome> {
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
    // Read only for selectors: 1.5 MB of JSON at 10,000 files.
    let manifest = std::cell::OnceCell::new();
    let mut answer = |claim: &str| -> Result<check::CheckReport> {
        let mut report = checker.check(claim, &options)?;
        warn_check(&report);
        if args.selectors {
            add_selectors(
                once(&manifest, &cite)?,
                report.evidence.iter_mut().map(|e| &mut e.place),
            );
        }
        Ok(report)
    };
    let supported = |report: &check::CheckReport| report.verdict == check::Verdict::Supported;
    let out = &mut std::io::stdout().lock();
    let Some(path) = &args.batch else {
        let report = answer(&argument_or_stdin(args.claim.as_deref())?)?;
        if args.json {
            output::json::document(out, &report)?;
        } else {
            output::claim::check(out, &report, style)?;
        }
        return Ok(Outcome::found_if(supported(&report)));
    };
    let input = read_input(path)?;
    let mut batch = Batch::new(out, args.json);
    for (at, line) in batch::lines(&input) {
        match answer(line) {
            Ok(report) => batch.answer(Some(at), &report, supported(&report), |out| {
                output::claim::check(out, &report, style)
            })?,
            Err(e) => batch.failure(at, Some(Given::Claim(line.trim())), &e)?,
        }
    }
    batch.finish("claim(s)", "checked")
}

/// Warns on stderr of candidate files that could not be read or changed since indexing.
fn warn_check(report: &check::CheckReport) {
    for file in &report.unreadable {
        crate::pipes::warn(format_args!("cannot check {file}"));
    }
    if report.stale > 0 {
        crate::pipes::warn(format_args!(
            "{} candidate passage(s) left out: their files changed since indexing; run `cite index`",
            report.stale
        ));
    }
}
