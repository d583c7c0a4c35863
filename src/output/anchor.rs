//! `cite anchor` for people: one verdict per citation, where it stands now and what changed.

use super::TableStyle;
use super::differences::{self, Said};
use super::quote::location;
use crate::anchor::resolve::Anchor;
use crate::anchor::{Anchored, Place};
use anyhow::Result;
use std::io::Write;

use super::ansi::{GREEN as GOOD, RESET, YELLOW as BAD};

/// Prints one anchored citation: the verdict and new location, the text now (clipped to the
/// terminal), the differing words of a changed quote, other places of an orphaned one.
pub fn anchored(out: &mut impl Write, a: &Anchored, style: TableStyle) -> Result<()> {
    let word = a.anchor.name().to_uppercase();
    let word = if !style.color {
        word
    } else if a.anchor.holds() {
        format!("{GOOD}{word}{RESET}")
    } else {
        format!("{BAD}{word}{RESET}")
    };
    let was = a
        .was
        .map(|w| format!(" (was bytes {}-{})", w.start, w.end))
        .unwrap_or_default();
    let width = style.width.saturating_sub(4).max(20);
    match &a.place {
        Place::Found(place) => {
            writeln!(out, "{word}  {}{was}", super::place(place))?;
            writeln!(out, "  > {}", clip(&place.text, width))?;
        }
        Place::Missing { source } => {
            writeln!(
                out,
                "{word}  {source}{was}: the quote no longer stands in this source"
            )?;
            writeln!(out, "  > {}", clip(&a.quote, width))?;
        }
    }
    if a.anchor == Anchor::Changed && a.differences.is_empty() {
        writeln!(
            out,
            "  - the words agree; case or the style of quote marks or dashes changed"
        )?;
    }
    differences::print(out, Said::Citation, &a.differences)?;
    for m in &a.elsewhere {
        writeln!(out, "  it stands in {}", location(m))?;
    }
    Ok(())
}

/// `text` on one line, its whitespace runs and control characters shown as spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` on one line, cut to `max` characters with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_on_one_line() {
        assert_eq!(clip("a\nb\t c", 10), "a b c");
        assert_eq!(clip("abcdefghij", 5), "abcd…");
    }
}
