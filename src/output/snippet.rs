//! Snippets: the parts of a passage around its matches that fit a budget of terminal
//! columns, joined by `…`, wrapped at word boundaries with the matches marked.

use super::width::char_columns;
use crate::span::Span;

pub use super::ansi::PLAIN_MARKS;
use super::ansi::{BOLD_RED as MATCH_ON, RESET};

/// One character of a snippet: a space for any run of whitespace (a line break inside a
/// passage is a soft break), `…` for a cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    c: char,
    marked: bool,
}

/// A passage shortened around its matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    cells: Vec<Cell>,
}

impl Snippet {
    /// The parts of `text` (a passage) around its `highlights` (byte spans relative to
    /// `text`) that fit in `budget` columns: every match that fits, each with as much
    /// context as the budget leaves, fragments joined by `…`; whitespace runs become spaces.
    pub fn around(text: &str, highlights: &[Span], budget: usize) -> Snippet {
        let cells = flatten(text, highlights);
        let total: usize = cells.iter().map(|c| char_columns(c.c)).sum();
        if total <= budget {
            return Snippet { cells };
        }
        let marks = runs(&cells);
        let windows = fit_windows(&cells, &marks, budget);
        let mut out = Vec::new();
        let ellipsis = Cell {
            c: '…',
            marked: false,
        };
        let space = Cell {
            c: ' ',
            marked: false,
        };
        for (i, &(start, end)) in windows.iter().enumerate() {
            if i > 0 {
                out.extend([space, ellipsis, space]);
            } else if start > 0 {
                out.push(ellipsis);
            }
            out.extend(
                cells[start..end]
                    .iter()
                    .copied()
                    .skip_while(|c| i > 0 && c.c == ' '),
            );
            while out.last().is_some_and(|c| c.c == ' ') {
                out.pop();
            }
        }
        if windows.last().is_some_and(|&(_, end)| end < cells.len()) {
            out.push(ellipsis);
        }
        Snippet { cells: out }
    }

    /// The text of the snippet, unmarked.
    pub fn text(&self) -> String {
        self.cells.iter().map(|c| c.c).collect()
    }

    /// The snippet wrapped at spaces to `width` columns (a word is broken only when longer
    /// than a line), matches coloured when `color`, else between [`PLAIN_MARKS`].
    pub fn render(&self, width: usize, color: bool) -> String {
        let width = width.max(1);
        let (open, close) = if color {
            (MATCH_ON, RESET)
        } else {
            PLAIN_MARKS
        };
        let mark_cols = if color { 0 } else { open.len() };
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut used = 0;
        let mut in_mark = false;
        for (word, joined) in words(&self.cells) {
            let cost = word_columns(word, mark_cols, in_mark);
            let gap = usize::from(used > 0);
            if used > 0 && used + gap + cost > width {
                end_line(&mut lines, &mut line, in_mark && color);
                used = 0;
                if in_mark && color {
                    line.push_str(open);
                }
            } else if used > 0 {
                line.push(' ');
                used += 1;
            }
            for cell in word {
                let change = cell.marked != in_mark;
                let needed = char_columns(cell.c) + if change { mark_cols } else { 0 };
                if used > 0 && used + needed > width {
                    end_line(&mut lines, &mut line, in_mark && color);
                    used = 0;
                    if in_mark && color {
                        line.push_str(open);
                    }
                }
                if change {
                    line.push_str(if cell.marked { open } else { close });
                    used += mark_cols;
                    in_mark = cell.marked;
                }
                line.push(cell.c);
                used += char_columns(cell.c);
            }
            if in_mark && !joined {
                if used + mark_cols > width {
                    end_line(&mut lines, &mut line, false);
                    used = 0;
                }
                line.push_str(close);
                used += mark_cols;
                in_mark = false;
            }
        }
        if in_mark {
            line.push_str(close);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines.join("\n")
    }
}

/// The words of `cells`, each with whether the space after it is marked (a match runs on).
fn words(cells: &[Cell]) -> Vec<(&[Cell], bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, cell) in cells.iter().enumerate() {
        if cell.c == ' ' {
            if i > start {
                out.push((&cells[start..i], cell.marked));
            }
            start = i + 1;
        }
    }
    if start < cells.len() {
        out.push((&cells[start..], false));
    }
    out
}

/// Ends the current line, resetting the colour first when a match runs on.
fn end_line(lines: &mut Vec<String>, line: &mut String, reset: bool) {
    if reset {
        line.push_str(RESET);
    }
    lines.push(std::mem::take(line));
}

/// Columns `word` takes with its marks, starting inside a mark when `in_mark`.
fn word_columns(word: &[Cell], mark_cols: usize, mut in_mark: bool) -> usize {
    let mut cols = 0;
    for cell in word {
        if cell.marked != in_mark {
            cols += mark_cols;
            in_mark = cell.marked;
        }
        cols += char_columns(cell.c);
    }
    if in_mark { cols + mark_cols } else { cols }
}

/// The characters of `text`, whitespace runs folded to one space, marked inside `highlights`.
fn flatten(text: &str, highlights: &[Span]) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let marked = highlights.iter().any(|h| h.start <= at && at < h.end);
        if c.is_whitespace() || c.is_control() {
            match cells.last_mut() {
                None => {}
                Some(last) if last.c == ' ' => last.marked &= marked,
                Some(_) => cells.push(Cell { c: ' ', marked }),
            }
        } else {
            cells.push(Cell { c, marked });
        }
    }
    while cells.last().is_some_and(|c| c.c == ' ') {
        cells.pop();
    }
    cells
}

/// The runs of marked cells, as cell ranges.
fn runs(cells: &[Cell]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        if cells[i].marked {
            let start = i;
            while i < cells.len() && cells[i].marked {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Cell ranges to show: as many matches as fit (in order), with equal context around each,
/// overlapping windows merged, edges moved to word boundaries.
fn fit_windows(cells: &[Cell], marks: &[(usize, usize)], budget: usize) -> Vec<(usize, usize)> {
    let cols = |range: (usize, usize)| -> usize {
        cells[range.0..range.1]
            .iter()
            .map(|c| char_columns(c.c))
            .sum()
    };
    if marks.is_empty() {
        return vec![snap(
            cells,
            (0, 0),
            (0, budget.min(cells.len())),
            budget,
            &cols,
        )];
    }
    // As many matches as fit with no context, then the most context that still fits.
    let mut kept = marks.len();
    while kept > 1 && cost(&windows_for(cells, &marks[..kept], 0), &cols) > budget {
        kept -= 1;
    }
    let marks = &marks[..kept];
    let (mut least, mut most) = (0, budget);
    while least < most {
        let context = (least + most).div_ceil(2);
        if cost(&windows_for(cells, marks, context), &cols) <= budget {
            least = context;
        } else {
            most = context - 1;
        }
    }
    windows_for(cells, marks, least)
        .into_iter()
        .map(|w| {
            let inner = marks
                .iter()
                .filter(|m| m.0 >= w.0 && m.1 <= w.1)
                .fold((w.1, w.0), |(s, e), m| (s.min(m.0), e.max(m.1)));
            snap(cells, inner, w, budget, &cols)
        })
        .collect()
}

/// Windows of `context` cells around each mark, merged where they touch.
fn windows_for(cells: &[Cell], marks: &[(usize, usize)], context: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in marks {
        let w = (s.saturating_sub(context), (e + context).min(cells.len()));
        match out.last_mut() {
            Some(last) if w.0 <= last.1 + 1 => last.1 = last.1.max(w.1),
            _ => out.push(w),
        }
    }
    out
}

/// Columns the windows take, with a ` … ` between them and a `…` at each end.
fn cost(windows: &[(usize, usize)], cols: &dyn Fn((usize, usize)) -> usize) -> usize {
    windows.iter().map(|&w| cols(w) + 3).sum::<usize>()
}

/// `window` shrunk to start and end at word boundaries, never inside `keep` (a match), and
/// to `budget` columns at most.
fn snap(
    cells: &[Cell],
    keep: (usize, usize),
    window: (usize, usize),
    budget: usize,
    cols: &dyn Fn((usize, usize)) -> usize,
) -> (usize, usize) {
    let (mut start, mut end) = window;
    if start > 0 && cells[start - 1].c != ' ' {
        let limit = keep.0.min(end);
        if let Some(space) = cells[start..limit].iter().position(|c| c.c == ' ') {
            start += space + 1;
        }
    }
    if end < cells.len() && cells[end].c != ' ' {
        let from = keep.1.max(start);
        if let Some(space) = cells[from..end].iter().rposition(|c| c.c == ' ') {
            end = from + space;
        }
    }
    while end > start + 1 && cols((start, end)) + 2 > budget && end > keep.1 {
        end -= 1;
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans_of(text: &str, words: &[&str]) -> Vec<Span> {
        words
            .iter()
            .map(|w| {
                let at = text.find(w).unwrap();
                Span::new(at, at + w.len())
            })
            .collect()
    }

    #[test]
    fn snippets_keep_the_match_and_mark_cuts() {
        let text = "word ".repeat(200) + "Kabulov " + &"tail ".repeat(200);
        let snippet = Snippet::around(&text, &spans_of(&text, &["Kabulov"]), 80);
        let s = snippet.text();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= 80, "{s}");
        assert!(snippet.render(200, false).contains("[[Kabulov]]"));
    }

    #[test]
    fn far_apart_matches_each_get_a_fragment() {
        let text = format!(
            "Russia {} recognition {} end",
            "filler ".repeat(100),
            "more ".repeat(100)
        );
        let snippet = Snippet::around(&text, &spans_of(&text, &["Russia", "recognition"]), 100);
        let s = snippet.render(1000, false);
        assert!(
            s.contains("[[Russia]]") && s.contains("[[recognition]]"),
            "{s}"
        );
        assert!(s.matches('…').count() >= 2, "{s}");
        assert!(snippet.text().chars().count() <= 100, "{s}");
    }

    #[test]
    fn line_breaks_inside_a_passage_print_as_spaces() {
        let text = "a hard-wrapped\r\nparagraph of the\nlicence text";
        let snippet = Snippet::around(text, &spans_of(text, &["paragraph"]), 1000);
        assert_eq!(
            snippet.text(),
            "a hard-wrapped paragraph of the licence text"
        );
        let rendered = snippet.render(1000, false);
        assert!(!rendered.contains(['\r', '\n']), "{rendered:?}");
    }

    #[test]
    fn rendering_wraps_at_spaces_and_colours_only_when_asked() {
        let text = "the Taliban’s envoy met “officials” in Moscow";
        let snippet = Snippet::around(text, &spans_of(text, &["Moscow"]), 1000);
        let plain = snippet.render(12, false);
        assert!(plain.lines().all(|l| l.chars().count() <= 12), "{plain}");
        assert!(plain.contains("[[Moscow]]") && !plain.contains('\x1b'));
        let words: Vec<&str> = plain.split_whitespace().collect();
        assert_eq!(
            words.join(" "),
            "the Taliban’s envoy met “officials” in [[Moscow]]"
        );
        let coloured = snippet.render(12, true);
        assert!(
            coloured.contains(&format!("{MATCH_ON}Moscow{RESET}")),
            "{coloured:?}"
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let text = "联合国秘书长古特雷斯 said the Taliban 表示 欢迎";
        let snippet = Snippet::around(text, &spans_of(text, &["Taliban"]), 1000);
        for line in snippet.render(12, false).lines() {
            assert!(super::super::width::columns(line) <= 12, "{line}");
        }
    }
}
