//! The audit report in a terminal: each sentence with its items' verdicts and evidence,
//! then the summary.

use super::{Cited, Tone, by_sentence, cited, label, summary_lines};
use crate::audit::{AuditReport, Item, Kind};
use crate::output::TableStyle;
use crate::output::ansi::{BOLD_RED, DIM, GREEN, MAGENTA, RESET, YELLOW};
use crate::output::quote::{clip, visible, wrap_marked};
use anyhow::Result;
use std::io::Write;

/// Evidence shown under an item at most; `--json` lists it all.
const SHOWN_EVIDENCE: usize = 2;
/// Characters of a draft sentence echoed at most.
const SENTENCE_ECHO: usize = 600;

/// ANSI colour of a tone.
fn color(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => GREEN,
        Tone::Bad => BOLD_RED,
        Tone::Mixed => MAGENTA,
        Tone::Unknown => YELLOW,
        Tone::Skipped => DIM,
    }
}

/// Prints the report: sentence by sentence, the verdict of each item marked with a
/// symbol (coloured when `style.color`), its evidence under it, then the summary.
pub fn report(out: &mut impl Write, report: &AuditReport, style: TableStyle) -> Result<()> {
    let width = style.width.max(40);
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    writeln!(out, "draft: {}", visible(&report.draft))?;
    for (sentence, at, items) in by_sentence(report) {
        writeln!(out)?;
        let head = format!("{}:{}", at.line, at.column);
        let text = clip(&report.text[sentence.range()], SENTENCE_ECHO);
        let indent = head.chars().count() + 2;
        let lines = wrap_marked(&text, &[], width.saturating_sub(indent).max(20), false);
        for (n, line) in lines.iter().enumerate() {
            let lead = if n == 0 {
                format!("{head}  ")
            } else {
                " ".repeat(indent)
            };
            writeln!(out, "{}{}", paint(DIM, &lead), line)?;
        }
        for item in items {
            print_item(out, item, width, style.color, &paint)?;
        }
    }
    writeln!(out)?;
    for line in summary_lines(&report.summary) {
        for (n, piece) in wrap_marked(&line, &[], width - 2, false).iter().enumerate() {
            writeln!(out, "{}{piece}", if n == 0 { "" } else { "  " })?;
        }
    }
    Ok(())
}

fn print_item(
    out: &mut impl Write,
    item: &Item,
    width: usize,
    color_on: bool,
    paint: &dyn Fn(&str, &str) -> String,
) -> Result<()> {
    let tone = Tone::of(item);
    let mark = paint(color(tone), &format!("{} {}", tone.symbol(), label(item)));
    let what = match item.kind {
        Kind::Quotation => format!(
            "  {}:{}  “{}”",
            item.at.line,
            item.at.column,
            clip(&visible(&item.text), width.saturating_sub(30).max(20))
        ),
        Kind::Claim => format!(
            "  because: {}",
            item.reasons
                .iter()
                .map(|r| format!("{} {}", r.kind, r.text))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Kind::Skipped => {
            "  nothing to check: no number, date, or named actor with a verb".to_string()
        }
    };
    writeln!(out, "  {mark}{what}")?;
    let evidence = cited(item);
    for c in evidence.iter().take(SHOWN_EVIDENCE) {
        print_cited(out, c, width, color_on, paint)?;
    }
    if evidence.len() > SHOWN_EVIDENCE {
        writeln!(
            out,
            "      … and {} more (--json lists them all)",
            evidence.len() - SHOWN_EVIDENCE
        )?;
    }
    Ok(())
}

fn print_cited(
    out: &mut impl Write,
    c: &Cited,
    width: usize,
    color_on: bool,
    paint: &dyn Fn(&str, &str) -> String,
) -> Result<()> {
    writeln!(
        out,
        "      {}",
        paint(
            DIM,
            &format!("{}  {}", visible(&super::super::place(c.place)), c.label)
        )
    )?;
    let marks = c.relative_marks();
    // Line breaks of hard-wrapped sources read as spaces (one byte each: marks stay put).
    let text = c.place.text.replace(['\n', '\r', '\t'], " ");
    for line in wrap_marked(&text, &marks, width.saturating_sub(10).max(20), color_on) {
        writeln!(out, "      > {line}")?;
    }
    if !c.differences.is_empty() {
        let diffs: Vec<String> = c
            .differences
            .iter()
            .map(|(draft, source)| {
                format!(
                    "{} → {}",
                    if draft.is_empty() {
                        "(nothing)".to_string()
                    } else {
                        format!("“{}”", visible(draft))
                    },
                    if source.is_empty() {
                        "(nothing)".to_string()
                    } else {
                        format!("“{}”", visible(source))
                    }
                )
            })
            .collect();
        writeln!(out, "      differs: {}", diffs.join("; "))?;
    }
    Ok(())
}
