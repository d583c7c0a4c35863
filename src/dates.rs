//! Calendar dates written in words (`8 July 2025`, `July 8, 2025`, `8th of July`), found in a
//! text's word list so that the same date written in another order compares equal by value.

use crate::normalize::Word;
use std::ops::Range;

/// A calendar date as written: the year may be left out (`8 July`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year, when written.
    pub year: Option<u16>,
    /// 1..=12.
    pub month: u8,
    /// 1..=31.
    pub day: u8,
}

/// Month names and abbreviations, folded, with their numbers.
const MONTHS: [(&str, u8); 23] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
];

/// Every date in `words` (the words of `text`): the range of word indices it covers, and its
/// value. Day–month–year and month–day–year orders are recognised, with or without the year,
/// an ordinal day (`8th`) and `of` (`8th of July`); `May` only when capitalised.
pub fn find(text: &str, words: &[Word]) -> Vec<(Range<usize>, Date)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match date_at(text, words, i) {
            Some((len, date)) => {
                found.push((i..i + len, date));
                i += len;
            }
            None => i += 1,
        }
    }
    found
}

/// The date starting at word `i`, and how many words it takes.
fn date_at(text: &str, words: &[Word], i: usize) -> Option<(usize, Date)> {
    let word = |k: usize| words.get(k).map(|w| w.folded.as_str());
    // Word `k` and the next are one date's: only spaces between them, a full stop after an
    // abbreviation, and a comma only before the year (`July 8, 2025`, not `3, June`).
    let joined_by = |k: usize, comma: bool| {
        words.get(k + 1).is_some_and(|next| {
            text[words[k].span.end..next.span.start]
                .chars()
                .all(|c| c.is_whitespace() || c == '.' || (comma && c == ','))
        })
    };
    let joined = |k: usize| joined_by(k, false);
    let month_at = |k: usize| {
        let w = words.get(k)?;
        let month = month(&w.folded)?;
        let capital = text[w.span.clone()].starts_with(char::is_uppercase);
        (w.folded != "may" || capital).then_some(month)
    };
    let year_at = |k: usize| word(k).and_then(year);
    let (len, month, day) = if let Some(day) = word(i).and_then(day) {
        let of = word(i + 1) == Some("of") && joined(i);
        let m = i + 1 + usize::from(of);
        if !joined(m - 1) {
            return None;
        }
        (m + 1 - i, month_at(m)?, day)
    } else {
        let month = month_at(i)?;
        if !joined(i) {
            return None;
        }
        (2, month, word(i + 1).and_then(day)?)
    };
    let last = i + len - 1;
    let year = joined_by(last, true).then(|| year_at(last + 1)).flatten();
    let date = Date { year, month, day };
    Some((len + usize::from(year.is_some()), date))
}

/// The number of a folded month name or abbreviation (`july`, `jul` → 7).
pub fn month(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, n)| n)
}

/// A day of the month: `8`, `08`, `8th`, `1st`, `22nd`, `3rd`.
fn day(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let day: u8 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// A year of four digits.
fn year(word: &str) -> Option<u16> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::words;

    fn dates(text: &str) -> Vec<(&str, Date)> {
        let w = words(text);
        find(text, &w)
            .into_iter()
            .map(|(r, d)| (&text[w[r.start].span.start..w[r.end - 1].span.end], d))
            .collect()
    }

    fn date(year: Option<u16>, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn both_orders_with_or_without_the_year() {
        let july8 = date(Some(2025), 7, 8);
        assert_eq!(dates("on 8 July 2025 the"), [("8 July 2025", july8)]);
        assert_eq!(dates("on July 8, 2025, the"), [("July 8, 2025", july8)]);
        assert_eq!(dates("the 8th of July 2025"), [("8th of July 2025", july8)]);
        assert_eq!(dates("Jul. 8 2025"), [("Jul. 8 2025", july8)]);
        assert_eq!(dates("on 14 August"), [("14 August", date(None, 8, 14))]);
        assert_eq!(
            dates("Version 3, June 29, 2007"),
            [("June 29, 2007", date(Some(2007), 6, 29))]
        );
        assert_eq!(
            dates("May 3, 2024"),
            [("May 3, 2024", date(Some(2024), 5, 3))]
        );
    }

    #[test]
    fn not_dates() {
        for text in [
            "they may 8 times",
            "July was hot",
            "40 countries in 2025",
            "32 July 2025",
            "8 — July",
            "March on",
            "Version 3, June",
        ] {
            assert_eq!(dates(text), [], "{text}");
        }
    }
}
