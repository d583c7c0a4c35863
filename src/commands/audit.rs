//! `cite audit`: every quote and claim of a draft checked against the sources.

use super::Outcome;
use super::open_or_build;
use crate::audit;
use crate::cli::{AuditArgs, AuditFormat};
use crate::output::{self, TableStyle};
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::path::Path;

/// Runs `cite audit`.
pub(super) fn audit(dir: &Path, args: &AuditArgs) -> Result<Outcome> {
    let name = args.draft.display().to_string();
    let text = read_draft(&args.draft)?;
    let cite = open_or_build(dir)?;
    let report = audit::audit(&cite, &name, text)?;
    for (at, message) in &report.warnings {
        crate::pipes::warn(format_args!("{name}:{}:{}: {message}", at.line, at.column));
    }
    for file in &report.unreadable {
        crate::pipes::warn(format_args!("cannot check {file}"));
    }
    let format = match (args.json, args.ndjson) {
        (true, _) => AuditFormat::Json,
        (_, true) => AuditFormat::Ndjson,
        _ => args.format,
    };
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
    Ok(Outcome::found_if(report.passes()))
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
