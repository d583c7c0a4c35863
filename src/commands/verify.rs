//! `cite verify`: does a quote stand in the sources, where, how faithfully.

use super::batch::{self, Batch, Given};
use super::{Outcome, add_selectors, argument_or_stdin, once, open_or_build, read_input};
use crate::cli::VerifyArgs;
use crate::output::{self, TableStyle};
use crate::verify;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Runs `cite verify`.
pub(super) fn verify(dir: &Path, args: &VerifyArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    // Read only for selectors: 1.5 MB of JSON at 10,000 files.
    let manifest = std::cell::OnceCell::new();
    let style = TableStyle::for_stdout(args.color);
    let out = &mut std::io::stdout().lock();
    let answer = |quote: &str| -> Result<verify::Report> {
        let mut report = verify::verify(&cite, quote)?;
        warn_verify(&report);
        if args.selectors {
            add_selectors(
                once(&manifest, &cite)?,
                report.matches.iter_mut().map(|m| &mut m.place),
            );
        }
        Ok(report)
    };
    let Some(path) = &args.batch else {
        let report = answer(&argument_or_stdin(args.quote.as_deref())?)?;
        if args.json {
            output::json::document(out, &report)?;
        } else {
            output::quote::verify(out, &report, style)?;
        }
        return Ok(Outcome::found_if(report.verdict.stands()));
    };
    let input = read_input(path)?;
    let mut batch = Batch::new(out, args.json);
    let mut verdicts: Vec<(&'static str, usize)> = Vec::new();
    for (at, line) in batch::lines(&input) {
        match answer(line) {
            Ok(report) => {
                match verdicts
                    .iter_mut()
                    .find(|(v, _)| *v == report.verdict.name())
                {
                    Some((_, n)) => *n += 1,
                    None => verdicts.push((report.verdict.name(), 1)),
                }
                batch.answer(Some(at), &report, report.verdict.stands(), |out| {
                    output::quote::verify(out, &report, style)
                })?;
            }
            Err(e) => batch.failure(at, Some(Given::Quote(line.trim())), &e)?,
        }
    }
    let total = batch.done + batch.failed;
    if !args.json && total > 0 {
        let mut summary = format!("\n{} of {total} quote(s) stand", batch.passed);
        let parts: Vec<String> = verdicts.iter().map(|(v, n)| format!("{n} {v}")).collect();
        if !parts.is_empty() {
            summary.push_str(&format!(": {}", parts.join(", ")));
        }
        if batch.failed > 0 {
            summary.push_str(&format!("; {} could not be checked", batch.failed));
        }
        writeln!(batch.out(), "{summary}")?;
    }
    batch.finish("quote(s)", "checked")
}

/// Warns on stderr of candidate files that could not be read, of results left out, and of
/// the verdict's caveats.
fn warn_verify(report: &verify::Report) {
    for notice in report.notices() {
        crate::pipes::warn(notice);
    }
}
