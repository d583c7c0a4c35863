//! `verify` and `show` for people: source spans with marked words, wrapped to the terminal.

use super::TableStyle;
use super::differences::{self, Said};
use crate::show::Shown;
use crate::span::Span;
use crate::verify::{QuoteMatch, Report, Verdict};
use anyhow::Result;
use std::io::Write;

use super::ansi::{BOLD_RED as MARK_ON, DIM, GREEN as GOOD, PLAIN_MARKS, RESET, YELLOW as BAD};
/// Matches printed in full at most; `--json` lists them all.
const SHOWN_MATCHES: usize = 10;
/// Characters of the quote echoed at most.
const QUOTE_ECHO: usize = 300;

/// Prints a verify report: the verdict in words, then each match's location, the source
/// span with the changed or left-out words marked, a line of context on each side and,
/// for a misquote, the differences.
pub fn verify(out: &mut impl Write, report: &Report, style: TableStyle) -> Result<()> {
    let width = style.width.saturating_sub(2).max(20);
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    writeln!(out, "quote: {}", clip(&visible(&report.quote), QUOTE_ECHO))?;
    let n = report.matches.len();
    let places = if n == 1 {
        "1 place".to_string()
    } else {
        format!("{n} places")
    };
    let (word, says) = match report.verdict {
        Verdict::Exact => ("EXACT", format!("the quote stands byte for byte, in {places}")),
        Verdict::Normalized => (
            "NORMALIZED",
            format!(
                "the quote stands once case, spacing, quote marks and dashes are folded, in {places}"
            ),
        ),
        Verdict::Elided => (
            "ELIDED",
            format!("every fragment of the quote stands, in order, in {places}; marked: what it leaves out"),
        ),
        Verdict::Misquote => (
            "MISQUOTE",
            "no faithful match; the closest source text says something else; marked: the source's differing words"
                .to_string(),
        ),
        Verdict::NotFound => (
            "NOT FOUND",
            "nothing in the indexed sources comes close".to_string(),
        ),
    };
    let says = if report.verdict == Verdict::Misquote && report.matches.iter().all(|m| m.mid_word) {
        "the quote stands only inside longer words: it starts or ends mid-word; marked: the whole source words it cuts".to_string()
    } else if report.verdict == Verdict::Misquote
        && report.matches.first().is_some_and(|m| {
            !m.differences.is_empty() && m.differences.iter().all(|d| d.same_value)
        })
    {
        "the words differ, but the source states the same value written another way; marked: how the source writes it".to_string()
    } else if report.verdict == Verdict::Misquote
        && report.matches.first().is_some_and(|m| m.reordered)
    {
        "every fragment of the quote stands, but in another order".to_string()
    } else if report.verdict == Verdict::Misquote
        && report
            .matches
            .first()
            .is_some_and(|m| m.gap_passages.is_some() && !m.reordered)
    {
        "every fragment of the quote stands, in order, but an ellipsis leaves out a negation or a number; marked: what it leaves out".to_string()
    } else if report.verdict == Verdict::Misquote
        && report.matches.first().is_some_and(punctuation_only)
    {
        "no faithful match; the closest source text has the same words, punctuated otherwise; marked: the source's differing words".to_string()
    } else {
        says
    };
    let code = if report.verdict.stands() { GOOD } else { BAD };
    writeln!(out, "{}: {says}", paint(code, word))?;
    if let Some(t) = &report.trimmed {
        let mut cut = Vec::new();
        if !t.before.trim().is_empty() {
            cut.push(format!("{} at the start", visible(t.before.trim())));
        }
        if !t.after.trim().is_empty() {
            cut.push(format!("{} at the end", visible(t.after.trim())));
        }
        writeln!(
            out,
            "trimmed: {}; the verdict is for the words between",
            cut.join(" and ")
        )?;
    }
    for warning in &report.warnings {
        writeln!(out, "{}: {warning}", paint(BAD, "warning"))?;
    }
    for m in report.matches.iter().take(SHOWN_MATCHES) {
        writeln!(out)?;
        print_match(out, m, width, style.color)?;
    }
    if n > SHOWN_MATCHES {
        let all = if report.complete {
            "them all"
        } else {
            "all it kept"
        };
        writeln!(
            out,
            "\n… and {} more (--json lists {all})",
            n - SHOWN_MATCHES
        )?;
    }
    if !report.searched_all {
        writeln!(
            out,
            "the search stopped at a limit: at least {} place(s) found; there may be more",
            report.found
        )?;
    } else if !report.complete {
        writeln!(
            out,
            "{} places found; only the first {} are listed",
            report.found,
            report.matches.len()
        )?;
    }
    Ok(())
}

/// A match's place and verdict: `source:line:column  bytes START-END  verdict`.
pub(super) fn location(m: &QuoteMatch) -> String {
    format!("{}  {}", super::place(&m.place), m.verdict.name())
}

fn print_match(out: &mut impl Write, m: &QuoteMatch, width: usize, color: bool) -> Result<()> {
    let mut location = location(m);
    if m.similarity < 1.0 || m.verdict == Verdict::Misquote {
        location.push_str(&format!("  similarity {:.2}", m.similarity));
    }
    writeln!(out, "{location}")?;
    let dim = |line: String| {
        if color {
            format!("{DIM}{line}{RESET}")
        } else {
            line
        }
    };
    let before = context_before(&m.before, width);
    if !before.is_empty() {
        writeln!(out, "  {}", dim(before))?;
    }
    let marks: Vec<Span> = m
        .marks
        .iter()
        .filter_map(|&s| m.place.relative(s))
        .collect();
    for line in wrap_marked(
        &m.place.text,
        &marks,
        width.saturating_sub(2).max(10),
        color,
    ) {
        writeln!(out, "  > {line}")?;
    }
    let after = context_after(&m.after, width);
    if !after.is_empty() {
        writeln!(out, "  {}", dim(after))?;
    }
    if let (Some(passages), Some(bytes)) = (m.gap_passages, m.gap_bytes)
        && passages > 1
    {
        writeln!(
            out,
            "  - its fragments lie {passages} passage breaks and {bytes} bytes apart: the quote joins distant passages"
        )?;
    }
    if m.reordered {
        writeln!(
            out,
            "  - every fragment stands here, but not in the quote's order"
        )?;
    }
    if m.mid_word {
        writeln!(out, "  - the quote starts or ends inside a source word")?;
    }
    differences::print(out, Said::Quote, &m.differences)?;
    if punctuation_only(m) {
        writeln!(out, "  - the words agree; only punctuation differs")?;
    }
    Ok(())
}

/// True for a misquote whose words all agree with the source's: only punctuation differs.
fn punctuation_only(m: &QuoteMatch) -> bool {
    m.verdict == Verdict::Misquote
        && m.similarity >= 1.0
        && !m.reordered
        && !m.mid_word
        && m.differences.iter().all(|d| !d.same_value)
}

/// Prints the passages `show` found, the asked-for bytes marked.
pub fn show(out: &mut impl Write, shown: &Shown, style: TableStyle) -> Result<()> {
    let width = style.width.saturating_sub(2).max(20);
    for (i, p) in shown.passages.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let place = &p.place;
        writeln!(
            out,
            "{}:{}:{}  passage {}  bytes {}-{}",
            place.source,
            place.at.line,
            place.at.column,
            p.passage,
            place.span.start,
            place.span.end
        )?;
        let marks: Vec<Span> = p.marked.iter().filter_map(|&s| place.relative(s)).collect();
        for line in wrap_marked(&place.text, &marks, width, style.color) {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// `text` with control characters (escape sequences included) written as `\u{..}`.
pub(super) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text`, `…` marking a cut.
pub(super) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The end of `text` that fits one line of `width`, whitespace collapsed, cut at a word.
fn context_before(text: &str, width: usize) -> String {
    let words: Vec<String> = text.split_whitespace().map(visible).collect();
    let mut used = 1;
    let mut first = words.len();
    while first > 0 {
        used += words[first - 1].chars().count() + 1;
        if used > width {
            break;
        }
        first -= 1;
    }
    let line = words[first..].join(" ");
    if first > 0 {
        format!("…{line}")
    } else {
        line
    }
}

/// The start of `text` that fits one line of `width`, whitespace collapsed, cut at a word.
fn context_after(text: &str, width: usize) -> String {
    let words: Vec<String> = text.split_whitespace().map(visible).collect();
    let mut used = 1;
    let mut last = 0;
    while last < words.len() {
        used += words[last].chars().count() + 1;
        if used > width {
            break;
        }
        last += 1;
    }
    let line = words[..last].join(" ");
    if last < words.len() {
        format!("{line}…")
    } else {
        line
    }
}

/// One character of output and whether it is marked.
struct Cell {
    text: String,
    marked: bool,
}

/// Byte offsets of the line breaks of `text` that end a paragraph: those in a run of
/// whitespace holding two or more. Every other line break is soft, printed as a space.
fn paragraph_breaks(text: &str) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    for (at, c) in text.char_indices().chain([(text.len(), 'x')]) {
        if c == '\n' {
            run.push(at);
        } else if !c.is_whitespace() {
            if run.len() >= 2 {
                breaks.append(&mut run);
            }
            run.clear();
        }
    }
    breaks
}

/// `text` in lines wrapped at spaces to `width` characters (a soft line break printed as a
/// space, a paragraph break kept), the byte spans `marks` (relative to `text`) marked:
/// coloured, or in `[[ ]]` without colour.
pub(super) fn wrap_marked(text: &str, marks: &[Span], width: usize, color: bool) -> Vec<String> {
    let paragraphs = paragraph_breaks(text);
    let is_marked = |at: usize| marks.iter().any(|m| m.start <= at && at < m.end);
    let marks_width = if color {
        0
    } else {
        PLAIN_MARKS.0.len() + PLAIN_MARKS.1.len()
    };
    let mut lines: Vec<Vec<Cell>> = Vec::new();
    let mut current: Vec<Cell> = Vec::new();
    let mut columns = 0;
    let trim_end = |line: &mut Vec<Cell>| {
        while line.last().is_some_and(|cell| cell.text == " ") {
            line.pop();
        }
    };
    for (at, c) in text.char_indices() {
        if c == '\n' && paragraphs.binary_search(&at).is_ok() {
            trim_end(&mut current);
            lines.push(std::mem::take(&mut current));
            columns = 0;
            continue;
        }
        // A run of whitespace (a hard-wrapped line break and the next line's indentation
        // included) reads as one space; none at the start of a line.
        let shown = if c.is_whitespace() {
            if current.last().is_none_or(|cell| cell.text == " ") {
                continue;
            }
            " ".to_string()
        } else {
            visible(&c.to_string())
        };
        let cell = Cell {
            text: shown,
            marked: is_marked(at),
        };
        let opens = cell.marked && current.last().is_none_or(|last| !last.marked);
        columns += cell.text.chars().count() + if opens { marks_width } else { 0 };
        current.push(cell);
        if columns > width
            && let Some(space) = current.iter().rposition(|cell| cell.text == " ")
        {
            let rest = current.split_off(space + 1);
            current.pop();
            lines.push(std::mem::replace(&mut current, rest));
            columns = rendered_width(&current, marks_width);
        }
    }
    trim_end(&mut current);
    lines.push(current);
    let (open, close) = if color { (MARK_ON, RESET) } else { PLAIN_MARKS };
    lines
        .into_iter()
        .map(|line| {
            let mut s = String::new();
            let mut on = false;
            for cell in &line {
                if cell.marked != on {
                    s.push_str(if cell.marked { open } else { close });
                    on = cell.marked;
                }
                s.push_str(&cell.text);
            }
            if on {
                s.push_str(close);
            }
            s
        })
        .collect()
}

/// Columns `cells` take when rendered, `marks_width` more for each marked run.
fn rendered_width(cells: &[Cell], marks_width: usize) -> usize {
    let mut width = 0;
    let mut previous = false;
    for cell in cells {
        width += cell.text.chars().count();
        if cell.marked && !previous {
            width += marks_width;
        }
        previous = cell.marked;
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_paragraph_breaks() {
        let lines = wrap_marked("one two three four\n\nfive", &[], 9, false);
        assert_eq!(lines, ["one two", "three", "four", "", "five"]);
        let lines = wrap_marked("one two\r\n \r\nthree", &[], 40, false);
        assert_eq!(lines, ["one two", "", "three"]);
    }

    #[test]
    fn soft_line_breaks_print_as_spaces() {
        let text = "a hard-wrapped\nparagraph goes\r\non";
        assert_eq!(
            wrap_marked(text, &[], 80, false),
            ["a hard-wrapped paragraph goes on"]
        );
        let at = text.find("paragraph").unwrap();
        let marks = [Span::new(at - 1, at + 9)];
        assert_eq!(
            wrap_marked(text, &marks, 80, false),
            ["a hard-wrapped[[ paragraph]] goes on"]
        );
        // A line break with the next line's indentation, tabs and runs: one space each.
        let text = "reproduction,\n      and  distribution\t as\u{a0}defined\n";
        assert_eq!(
            wrap_marked(text, &[], 80, false),
            ["reproduction, and distribution as defined"]
        );
        assert_eq!(
            wrap_marked("  leading and trailing  ", &[], 80, false),
            ["leading and trailing"]
        );
    }

    #[test]
    fn marks_plainly_or_in_colour() {
        let text = "hosted several US delegations";
        let at = text.find("US").unwrap();
        let marks = [Span::new(at, at + 2)];
        assert_eq!(
            wrap_marked(text, &marks, 80, false),
            ["hosted several [[US]] delegations"]
        );
        assert_eq!(
            wrap_marked(text, &marks, 80, true),
            [format!("hosted several {MARK_ON}US{RESET} delegations")]
        );
    }

    #[test]
    fn marks_close_at_each_line_end() {
        let text = "keep drop these words keep";
        let start = text.find("drop").unwrap();
        let marks = [Span::new(start, text.rfind(" keep").unwrap())];
        let lines = wrap_marked(text, &marks, 10, false);
        assert_eq!(lines.join("|"), "keep|[[drop]]|[[these]]|[[words]]|keep");
        assert!(lines.iter().all(|l| l.chars().count() <= 10));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(visible("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(wrap_marked("x\u{7}y", &[], 20, false), ["x\\u{7}y"]);
    }

    #[test]
    fn context_is_cut_at_words_near_the_span() {
        assert_eq!(context_before("alpha beta gamma ", 14), "…beta gamma");
        assert_eq!(context_after(" alpha beta gamma", 14), "alpha beta…");
        assert_eq!(context_before("\nalpha", 40), "alpha");
    }
}
