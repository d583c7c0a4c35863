//! `check` for people: the verdict in words, then each piece of evidence with the claim's
//! words highlighted and the conflicting values marked, wrapped to the terminal.

use super::TableStyle;
use super::ansi::{
    BOLD as MATCH_ON, BOLD_RED as CONFLICT_ON, GREEN as GOOD, PLAIN_MARKS, RESET, YELLOW as BAD,
};
use super::differences::{Said, line};
use super::quote::{clip, visible};
use crate::check::{CheckReport, Evidence, Kind, Stance, Verdict};
use crate::span::Span;
use anyhow::Result;
use std::io::Write;

/// Characters of the claim echoed at most.
const CLAIM_ECHO: usize = 300;

/// Prints a check report.
pub fn check(out: &mut impl Write, report: &CheckReport, style: TableStyle) -> Result<()> {
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    writeln!(out, "claim: {}", clip(&visible(&report.claim), CLAIM_ECHO))?;
    let count = |n: usize, verb: &str| {
        if n == 1 {
            format!("1 source {verb}s")
        } else {
            format!("{n} sources {verb}")
        }
    };
    let (s, c) = (
        report.sources.supports.len(),
        report.sources.contradicts.len(),
    );
    let related = report
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Related)
        .count();
    let says = match report.verdict {
        Verdict::Supported => format!("{} the claim; none contradicts it", count(s, "support")),
        Verdict::Contradicted => {
            format!("{} the claim; none supports it", count(c, "contradict"))
        }
        Verdict::Disputed => format!(
            "{} the claim and {} it",
            count(s, "support"),
            count(c, "contradict")
        ),
        Verdict::Unsupported if related > 0 => format!(
            "nothing in the indexed sources supports or contradicts the claim; {related} related passage(s) below"
        ),
        Verdict::Unsupported => {
            "nothing in the indexed sources supports or contradicts the claim".to_string()
        }
    };
    let code = if report.verdict == Verdict::Supported {
        GOOD
    } else {
        BAD
    };
    writeln!(
        out,
        "{}: {says}",
        paint(code, &report.verdict.name().to_uppercase())
    )?;
    for (label, list) in [
        ("supported by", &report.sources.supports),
        ("contradicted by", &report.sources.contradicts),
    ] {
        for (i, source) in list.iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            writeln!(out, "  {label:<16} {source}")?;
        }
    }
    let width = style.width.saturating_sub(4).max(20);
    for e in &report.evidence {
        writeln!(out)?;
        evidence(out, e, width, style.color)?;
    }
    Ok(())
}

fn evidence(out: &mut impl Write, e: &Evidence, width: usize, color: bool) -> Result<()> {
    writeln!(
        out,
        "{}  {}  score {:.2}",
        super::place(&e.place),
        e.stance.name(),
        e.score
    )?;
    let relative = |s: Span| e.place.relative(s);
    let mut marks: Vec<(Span, Mark)> = e
        .marks
        .iter()
        .filter_map(|&s| Some((relative(s)?, Mark::Match)))
        .collect();
    marks.extend(
        e.conflicts
            .iter()
            .filter_map(|c| Some((relative(c.span)?, Mark::Conflict))),
    );
    for line in wrap(&e.place.text, &marks, width, color) {
        writeln!(out, "  > {line}")?;
    }
    for c in &e.conflicts {
        let kind = match c.kind {
            Kind::Negation => " (negation)",
            Kind::Comparison => " (comparison)",
            _ => "",
        };
        writeln!(out, "  - {}{kind}", line(Said::Claim, &c.claim, &c.source))?;
    }
    if let Some(y) = &e.inferred_year {
        writeln!(
            out,
            "  - year {} of “{}” inferred from the {} at {}:{}: “{}”",
            y.year, y.date, y.from, y.place.at.line, y.place.at.column, y.place.text
        )?;
    }
    Ok(())
}

/// How a character of evidence is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    Match,
    Conflict,
}

/// `text` wrapped at spaces to `width` columns (line breaks as spaces), the claim's words
/// bold and conflicting values red (or, without colour, conflicting values in `[[ ]]`).
fn wrap(text: &str, marks: &[(Span, Mark)], width: usize, color: bool) -> Vec<String> {
    let mark_at = |at: usize| {
        marks
            .iter()
            .filter(|(s, _)| s.start <= at && at < s.end)
            .map(|&(_, m)| m)
            .max_by_key(|m| *m == Mark::Conflict)
            .unwrap_or(Mark::None)
    };
    let mut cells: Vec<(String, Mark)> = Vec::new();
    for (at, c) in text.char_indices() {
        // A run of whitespace (a hard-wrapped line break and its indentation) is one space.
        let shown = if c.is_whitespace() {
            if cells.last().is_none_or(|(s, _)| s == " ") {
                continue;
            }
            " ".to_string()
        } else {
            visible(&c.to_string())
        };
        cells.push((shown, mark_at(at)));
    }
    while cells.last().is_some_and(|(s, _)| s == " ") {
        cells.pop();
    }
    let extra = |cells: &[(String, Mark)]| {
        if color {
            return 0;
        }
        let runs = cells
            .iter()
            .enumerate()
            .filter(|(i, (_, m))| {
                *m == Mark::Conflict && (*i == 0 || cells[i - 1].1 != Mark::Conflict)
            })
            .count();
        runs * (PLAIN_MARKS.0.len() + PLAIN_MARKS.1.len())
    };
    let mut lines: Vec<Vec<(String, Mark)>> = Vec::new();
    let mut current: Vec<(String, Mark)> = Vec::new();
    for cell in cells {
        current.push(cell);
        let columns: usize = current.iter().map(|(t, _)| t.chars().count()).sum();
        if columns + extra(&current) > width
            && let Some(space) = current.iter().rposition(|(t, _)| t == " ")
        {
            let rest = current.split_off(space + 1);
            current.pop();
            lines.push(std::mem::replace(&mut current, rest));
        }
    }
    lines.push(current);
    lines
        .into_iter()
        .map(|line| {
            let mut s = String::new();
            let mut on = Mark::None;
            for (text, mark) in &line {
                let mark = if !color && *mark == Mark::Match {
                    Mark::None
                } else {
                    *mark
                };
                if mark != on {
                    s.push_str(close(on, color));
                    s.push_str(open(mark, color));
                    on = mark;
                }
                s.push_str(text);
            }
            s.push_str(close(on, color));
            s
        })
        .collect()
}

fn open(mark: Mark, color: bool) -> &'static str {
    match (mark, color) {
        (Mark::None, _) => "",
        (Mark::Match, true) => MATCH_ON,
        (Mark::Conflict, true) => CONFLICT_ON,
        (Mark::Match, false) => "",
        (Mark::Conflict, false) => PLAIN_MARKS.0,
    }
}

fn close(mark: Mark, color: bool) -> &'static str {
    match (mark, color) {
        (Mark::None, _) => "",
        (_, true) => RESET,
        (Mark::Match, false) => "",
        (Mark::Conflict, false) => PLAIN_MARKS.1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_marked_and_lines_wrap_at_spaces() {
        let text = "Moscow recognised the\nTaliban in July, a move";
        let july = text.find("July").unwrap();
        let marks = [
            (Span::new(0, 6), Mark::Match),
            (Span::new(july, july + 4), Mark::Conflict),
        ];
        assert_eq!(
            wrap(text, &marks, 80, false),
            ["Moscow recognised the Taliban in [[July]], a move"]
        );
        let lines = wrap(text, &marks, 20, false);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        let coloured = wrap(text, &marks, 80, true).join("");
        assert!(coloured.starts_with(&format!("{MATCH_ON}Moscow{RESET}")));
        assert!(coloured.contains(&format!("{CONFLICT_ON}July{RESET}")));
    }
}
