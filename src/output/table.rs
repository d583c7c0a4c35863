//! The table of search hits: rank, score, location and the passage around its matches,
//! fitted to the terminal with the passage getting the width.

use super::TableStyle;
use super::snippet::Snippet;
use super::width::{columns, fit_path};
use crate::search::{Hit, SearchResults};
use anyhow::Result;
use std::io::Write;
use tabled::builder::Builder;
use tabled::settings::Style;

/// Width of the score column.
const SCORE_WIDTH: usize = 5;
/// Columns taken by the borders and padding of a four-column table.
const BORDERS: usize = 13;
/// The passage column is never narrower than this.
const MIN_TEXT_WIDTH: usize = 12;
/// The location column may take two fifths of the room, and at least this.
const MIN_LOCATION_WIDTH: usize = 10;
/// Lines of passage text shown per hit at most.
const SNIPPET_LINES: usize = 4;

/// One row of the table: a hit, and the ranks and places of identical passages of the
/// same file folded into it.
struct Row<'a> {
    hit: &'a Hit,
    also: Vec<&'a Hit>,
}

/// Prints search hits as a table: rank, score, `source:line:column`, passage; identical
/// passages of one file are one row that lists where else the text stands.
pub fn search(out: &mut impl Write, results: &SearchResults, style: TableStyle) -> Result<()> {
    let (Some(first), Some(last)) = (results.hits.first(), results.hits.last()) else {
        return Ok(());
    };
    let rows = fold_identical(&results.hits);
    let location = |r: &Row, whole: bool| {
        let mark = match (r.hit.stale, r.hit.anchor) {
            (true, Some(anchor)) => format!(" (stale, {})", anchor.name()),
            (true, None) => " (stale)".to_string(),
            (false, _) => String::new(),
        };
        let source = match r.hit.place.source.rsplit_once('/') {
            Some((_, name)) if !whole => name,
            _ => &r.hit.place.source,
        };
        format!(
            "{source}:{}:{}{mark}",
            r.hit.place.at.line, r.hit.place.at.column
        )
    };
    let rank_width = last.rank.to_string().len().max(1);
    let fixed = rank_width + SCORE_WIDTH + BORDERS;
    let room = style.width.saturating_sub(fixed);
    let longest = |whole| rows.iter().map(|r| columns(&location(r, whole))).max();
    let share = (room * 2 / 5).max(MIN_LOCATION_WIDTH);
    let cap = share.min(room.saturating_sub(MIN_TEXT_WIDTH)).max(4);
    // Whole paths when they fit, else file names (shortened in the middle when too long).
    let whole = longest(true).unwrap_or(0) <= cap;
    let locations: Vec<String> = rows.iter().map(|r| location(r, whole)).collect();
    let loc_width = longest(whole).unwrap_or(0).min(cap);
    let text_width = room.saturating_sub(loc_width).max(MIN_TEXT_WIDTH);

    let mut builder = Builder::default();
    builder.push_record(["#", "score", "source", "passage"]);
    for (row, location) in rows.iter().zip(&locations) {
        let hit = row.hit;
        let snippet = Snippet::around(&hit.place.text, &hit.marks, text_width * SNIPPET_LINES);
        let mut place = fit_path(location, loc_width);
        if !row.also.is_empty() {
            let others: Vec<String> = row
                .also
                .iter()
                .map(|h| format!("{}:{}", h.place.at.line, h.place.at.column))
                .collect();
            place.push('\n');
            place.push_str(&fit_path(&format!("also {}", others.join(" ")), loc_width));
        }
        builder.push_record([
            hit.rank.to_string(),
            format!("{:.2}", hit.score),
            place,
            snippet.render(text_width, style.color),
        ]);
    }
    let mut table = builder.build();
    table.with(Style::rounded());
    writeln!(out, "{table}")?;
    let folded = match results.hits.len() - rows.len() {
        0 => String::new(),
        1 => "\n1 identical passage folded".to_string(),
        n => format!("\n{n} identical passages folded"),
    };
    let ranks = if first.rank == last.rank {
        first.rank.to_string()
    } else {
        format!("{}–{}", first.rank, last.rank)
    };
    writeln!(
        out,
        "{ranks} of {} matching passages{folded}",
        results.total
    )?;
    Ok(())
}

/// The hits as rows, a hit whose text and source equal an earlier hit's folded into it.
fn fold_identical(hits: &[Hit]) -> Vec<Row<'_>> {
    let mut rows: Vec<Row> = Vec::new();
    for hit in hits {
        match rows
            .iter_mut()
            .find(|r| r.hit.place.source == hit.place.source && r.hit.place.text == hit.place.text)
        {
            Some(row) => row.also.push(hit),
            None => rows.push(Row {
                hit,
                also: Vec::new(),
            }),
        }
    }
    rows
}
