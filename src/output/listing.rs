//! Lists for people: matching sources (`query --files`, `--count`) and indexed files
//! (`cite sources`), in plain columns that fit the terminal.

use super::width::{columns, fit_path, pad};
use crate::search::SourceMatches;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// `query --files --json` and `query --count --json`: the sources with matching passages.
#[derive(Debug, Serialize)]
pub struct Doc<'a> {
    /// The query as given.
    pub query: &'a str,
    /// Matching passages in all sources.
    pub total: usize,
    /// The sources, best first.
    pub sources: &'a [SourceMatches],
}

/// One indexed file, as `cite sources` lists it.
#[derive(Debug, Serialize)]
pub struct SourceRow {
    /// Path of the file, relative to the working directory when under it.
    pub source: String,
    /// Its size in bytes when indexed.
    pub size: u64,
    /// Its passages in the index.
    pub passages: u64,
    /// When it was indexed (RFC 3339, UTC).
    pub indexed_at: String,
    /// `unchanged`, `changed` or `missing`.
    pub status: &'static str,
}

/// One matching source per line, best first (as `rg -l`).
pub fn files(out: &mut impl Write, sources: &[SourceMatches]) -> Result<()> {
    for s in sources {
        writeln!(out, "{}", s.source)?;
    }
    Ok(())
}

/// `source:N` per matching source, best first, then the total (as `rg -c`).
pub fn counts(out: &mut impl Write, sources: &[SourceMatches]) -> Result<()> {
    for s in sources {
        writeln!(out, "{}:{}", s.source, s.passages)?;
    }
    if !sources.is_empty() {
        let total: usize = sources.iter().map(|s| s.passages).sum();
        writeln!(
            out,
            "{total} matching passages in {} sources",
            sources.len()
        )?;
    }
    Ok(())
}

/// The indexed files in columns fitted to `width`: the path shortened in the middle first.
pub fn sources(out: &mut impl Write, rows: &[SourceRow], width: usize) -> Result<()> {
    let header = ["source", "size", "passages", "indexed (UTC)", "status"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.source.clone(),
                r.size.to_string(),
                r.passages.to_string(),
                r.indexed_at
                    .replace('T', " ")
                    .trim_end_matches('Z')
                    .to_string(),
                r.status.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(columns);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(columns(cell));
        }
    }
    let rest: usize = widths[1..].iter().sum::<usize>() + 2 * (widths.len() - 1);
    widths[0] = widths[0].min(width.saturating_sub(rest).max(12));
    let line = |cells: [&str; 5]| {
        let source = fit_path(cells[0], widths[0]);
        format!(
            "{}  {:>w1$}  {:>w2$}  {}  {}",
            pad(&source, widths[0]),
            cells[1],
            cells[2],
            pad(cells[3], widths[3]),
            cells[4],
            w1 = widths[1],
            w2 = widths[2],
        )
        .trim_end()
        .to_string()
    };
    writeln!(out, "{}", line(header))?;
    for row in &cells {
        writeln!(
            out,
            "{}",
            line([&row[0], &row[1], &row[2], &row[3], &row[4]])
        )?;
    }
    writeln!(out, "{} files", rows.len())?;
    Ok(())
}
