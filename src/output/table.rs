//! Tables for people: passages shortened around their matches, matches highlighted.

use super::TableStyle;
use crate::search::SearchResults;
use crate::span::Span;
use anyhow::Result;
use std::io::Write;
use tabled::builder::Builder;
use tabled::settings::Style;

/// ANSI: bold red for a match.
const MATCH_ON: &str = "\x1b[1;31m";
/// ANSI: reset.
const RESET: &str = "\x1b[0m";
/// Width of the score column.
const SCORE_WIDTH: usize = 6;
/// Characters taken by the borders and padding of a four-column table.
const BORDERS: usize = 13;
/// The passage column is never narrower than this.
const MIN_TEXT_WIDTH: usize = 12;
/// Lines of passage text shown per hit at most.
const SNIPPET_LINES: usize = 4;

/// Prints search hits as a table: rank, score, `source:line:column`, passage.
pub fn search(out: &mut impl Write, results: &SearchResults, style: TableStyle) -> Result<()> {
    if results.hits.is_empty() {
        return Ok(());
    }
    let locations: Vec<String> = results
        .hits
        .iter()
        .map(|h| {
            let mark = if h.stale { " (stale)" } else { "" };
            format!("{}:{}:{}{mark}", h.source, h.at.line, h.at.column)
        })
        .collect();
    let rank_width = results
        .hits
        .last()
        .map_or(1, |h| h.rank.to_string().len())
        .max(1);
    let fixed = rank_width + SCORE_WIDTH + BORDERS;
    let loc_width = locations
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(style.width.saturating_sub(fixed + MIN_TEXT_WIDTH).max(8));
    let text_width = style
        .width
        .saturating_sub(fixed + loc_width)
        .max(MIN_TEXT_WIDTH);

    let mut builder = Builder::default();
    builder.push_record(["#", "score", "source", "passage"]);
    for (hit, location) in results.hits.iter().zip(&locations) {
        let snippet = Snippet::around(&hit.text, &hit.marks, text_width * SNIPPET_LINES);
        builder.push_record([
            hit.rank.to_string(),
            format!("{:.2}", hit.score),
            shorten_left(location, loc_width),
            snippet.render(text_width, style.color),
        ]);
    }
    let mut table = builder.build();
    table.with(Style::rounded());
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} of {} matching passages",
        results.hits.len(),
        results.total
    )?;
    Ok(())
}

/// `text` cut to `width` characters by dropping its start, marked with `…`.
fn shorten_left(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width || width < 2 {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n - width + 1).collect();
    format!("…{tail}")
}

/// A window of a passage's characters, with the matches inside it.
struct Snippet {
    chars: Vec<char>,
    /// Character ranges of matches within `chars`.
    marks: Vec<(usize, usize)>,
}

impl Snippet {
    /// At most `budget` characters of `text` around its first match (`…` marks a cut).
    fn around(text: &str, highlights: &[Span], budget: usize) -> Snippet {
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let char_at = |byte: usize| offsets.partition_point(|&o| o < byte);
        let marks: Vec<(usize, usize)> = highlights
            .iter()
            .map(|s| (char_at(s.start), char_at(s.end)))
            .collect();
        let all: Vec<char> = text.chars().collect();
        if all.len() <= budget {
            return Snippet { chars: all, marks };
        }
        let budget = budget.saturating_sub(2).max(1);
        let first = marks.first().map_or(0, |m| m.0);
        let mut start = first.saturating_sub(budget / 4);
        if let Some(space) = all[start..first].iter().position(|c| c.is_whitespace())
            && start > 0
        {
            start += space + 1;
        }
        let mut end = (start + budget).min(all.len());
        if end < all.len()
            && let Some(space) = all[start..end].iter().rposition(|c| c.is_whitespace())
            && space > budget / 2
        {
            end = start + space;
        }
        let mut chars = Vec::with_capacity(end - start + 2);
        let lead = usize::from(start > 0);
        if start > 0 {
            chars.push('…');
        }
        chars.extend_from_slice(&all[start..end]);
        if end < all.len() {
            chars.push('…');
        }
        let marks = marks
            .into_iter()
            .filter(|&(s, e)| e > start && s < end)
            .map(|(s, e)| (s.max(start) - start + lead, e.min(end) - start + lead))
            .collect();
        Snippet { chars, marks }
    }

    /// The snippet wrapped at word boundaries to `width` columns, matches coloured when `color`.
    fn render(&self, width: usize, color: bool) -> String {
        let mut out = String::new();
        let mut column = 0;
        let mut in_mark = false;
        let is_marked = |i: usize| self.marks.iter().any(|&(s, e)| s <= i && i < e);
        let mut i = 0;
        while i < self.chars.len() {
            let c = self.chars[i];
            if c.is_whitespace() && i > 0 && self.chars[i - 1].is_whitespace() {
                i += 1;
                continue;
            }
            let c = if c.is_whitespace() { ' ' } else { c };
            if column == 0 && c.is_whitespace() {
                i += 1;
                continue;
            }
            let word_len = self.chars[i..]
                .iter()
                .take_while(|c| !c.is_whitespace())
                .count();
            if column > 0 && c.is_whitespace() {
                let next_word = self.chars[i + 1..]
                    .iter()
                    .take_while(|c| !c.is_whitespace())
                    .count();
                if column + 1 + next_word.min(width) > width {
                    if in_mark && color {
                        out.push_str(RESET);
                    }
                    out.push('\n');
                    column = 0;
                    in_mark = false;
                    i += 1;
                    continue;
                }
            } else if column + 1 > width && word_len > 0 {
                if in_mark && color {
                    out.push_str(RESET);
                }
                out.push('\n');
                column = 0;
                in_mark = false;
            }
            let marked = is_marked(i);
            if color && marked != in_mark {
                out.push_str(if marked { MATCH_ON } else { RESET });
                in_mark = marked;
            }
            out.push(c);
            column += 1;
            i += 1;
        }
        if in_mark && color {
            out.push_str(RESET);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_keep_the_match_and_mark_cuts() {
        let text = "word ".repeat(200) + "Kabulov " + &"tail ".repeat(200);
        let at = text.find("Kabulov").unwrap();
        let snippet = Snippet::around(&text, &[Span::new(at, at + 7)], 80);
        let s: String = snippet.chars.iter().collect();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= 80);
        let (a, b) = snippet.marks[0];
        assert_eq!(snippet.chars[a..b].iter().collect::<String>(), "Kabulov");
    }

    #[test]
    fn rendering_wraps_and_colours_only_when_asked() {
        let text = "the Taliban’s envoy met “officials” in Moscow";
        let at = text.find("Moscow").unwrap();
        let snippet = Snippet::around(text, &[Span::new(at, at + 6)], 1000);
        let plain = snippet.render(12, false);
        assert!(plain.lines().all(|l| l.chars().count() <= 12), "{plain}");
        assert!(!plain.contains('\x1b'));
        let coloured = snippet.render(12, true);
        assert!(
            coloured.contains(&format!("{MATCH_ON}Moscow{RESET}")),
            "{coloured:?}"
        );
    }
}
