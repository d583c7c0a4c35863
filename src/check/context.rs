//! The document around a piece of evidence: the year of a date it writes without one
//! (`on July 3`, `on Tuesday, 8 July`), read from the document only where that is
//! unambiguous.
//!
//! The year comes from the nearest earlier date of the same passage that gives one with its
//! month (`On 3 July 2025 … on 8 July`), or, when the passage gives no year before the
//! date, from the document's dateline: a full date in one of its first short lines (`ISPI,
//! 14 August 2025`, a photo caption's `July 22, 2025`), when the date is not later in the
//! year than the dateline. A bare year before it in the passage (`after the 2021
//! withdrawal … in July`) makes it ambiguous, and so does a weekday the year does not fit.

use super::stance::{Analysed, Claim};
use super::values::{self, Data, Kind, Value};
use crate::analysis;
use crate::span::Span;

/// Bytes of a document's head searched for a dateline.
const HEAD_BYTES: usize = 600;
/// Longest line that can be a dateline (a caption or a byline, not a paragraph).
const DATELINE_LINE: usize = 200;
/// Lines of the head searched for a dateline.
const HEAD_LINES: usize = 4;

/// A date of a document that gives its year.
#[derive(Debug, Clone)]
struct Dated {
    /// Its bytes in the decoded text.
    span: Span,
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Where an inferred year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The document's dateline.
    Dateline,
    /// An earlier date of the same passage.
    Passage,
}

impl Origin {
    /// The origin as JSON spells it.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Dateline => "dateline",
            Origin::Passage => "passage",
        }
    }
}

/// A year read from a document for a date written without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// The date it was read from, in the decoded text.
    pub from: Span,
    /// Whether that date is the dateline or an earlier date of the passage.
    pub origin: Origin,
}

/// The dates of one document that give a year, in order, and its dateline.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    dated: Vec<Dated>,
    dateline: Option<Dated>,
}

impl Calendar {
    /// The calendar of the decoded document `text`.
    pub fn new(text: &str) -> Calendar {
        let tokens = analysis::tokens(text);
        let dated: Vec<Dated> = values::extract(text, &tokens)
            .into_iter()
            .filter_map(|v| match v.data {
                Data::Date {
                    year: Some(year),
                    month,
                    day,
                } => Some(Dated {
                    span: v.span,
                    year,
                    month,
                    day,
                }),
                _ => None,
            })
            .collect();
        let head = head(text);
        let dateline = dated
            .iter()
            .find(|d| {
                d.span.end <= head.end
                    && d.month.is_some()
                    && d.day.is_some()
                    && short_line(text, d.span)
            })
            .cloned();
        Calendar { dated, dateline }
    }

    /// The year of the date `month` (and `day`) written without a year at `at` (decoded
    /// offsets) in the passage starting at `passage`, with `weekday` (0 = Monday) when the
    /// text names one; None when the document does not say it unambiguously.
    pub fn year_of(
        &self,
        passage: usize,
        at: usize,
        month: u8,
        day: Option<u8>,
        weekday: Option<u8>,
    ) -> Option<Year> {
        let earlier = self
            .dated
            .iter()
            .rev()
            .find(|d| d.span.end <= at && d.span.start >= passage);
        let found = match earlier {
            Some(d) if d.month.is_some() => Year {
                year: d.year,
                from: d.span,
                origin: Origin::Passage,
            },
            // A bare year before the date in its passage: that year or the document's?
            Some(_) => return None,
            None => {
                let d = self.dateline.as_ref().filter(|d| d.span.end <= at)?;
                let (dm, dd) = (d.month?, d.day?);
                if (month, day.unwrap_or(1)) > (dm, dd) {
                    return None;
                }
                Year {
                    year: d.year,
                    from: d.span,
                    origin: Origin::Dateline,
                }
            }
        };
        match (weekday, day) {
            (Some(w), Some(day)) if weekday_of(found.year, month, day) != w => None,
            _ => Some(found),
        }
    }
}

/// The first bytes of `text`, up to [`HEAD_LINES`] lines and [`HEAD_BYTES`] bytes.
fn head(text: &str) -> Span {
    let mut end = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n >= HEAD_LINES || end + line.len() > HEAD_BYTES {
            break;
        }
        end += line.len();
    }
    Span::new(0, end)
}

/// True when the line holding `span` is short: a caption, byline or dateline.
fn short_line(text: &str, span: Span) -> bool {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    end - start <= DATELINE_LINE
}

/// The day of the week of a date of the Gregorian calendar, 0 = Monday.
pub fn weekday_of(year: i32, month: u8, day: u8) -> u8 {
    const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let sunday_first = (y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        + OFFSETS[usize::from(month - 1)]
        + i32::from(day))
    .rem_euclid(7);
    ((sunday_first + 6) % 7) as u8
}

/// The weekday (0 = Monday) named just before the date `v` of `text` (`Tuesday, 8 July`).
pub fn weekday_before(text: &str, tokens: &[analysis::Token], v: &Value) -> Option<u8> {
    let i = v.tokens.0.checked_sub(1)?;
    let gap = &text[tokens[i].span.end..tokens[v.tokens.0].span.start];
    if !gap.chars().all(|c| c.is_whitespace() || c == ',') {
        return None;
    }
    values::WEEKDAYS
        .iter()
        .position(|d| *d == tokens[i].exact)
        .map(|p| p as u8)
}

/// Gives the dates of `window` (the analysed `text`, at `offset` in its passage) written
/// without a year the year `year_of` reads from the document (passage offset, month, day,
/// weekday), where that makes them state a date of the claim: an inferred year completes
/// a date, it never contradicts one. Returns each completed date's span (in `text`) and
/// where its year was read.
pub fn complete(
    claim: &Claim,
    window: &mut Analysed,
    text: &str,
    offset: usize,
    year_of: &dyn Fn(usize, u8, Option<u8>, Option<u8>) -> Option<Year>,
) -> Vec<(Span, Year)> {
    let wanted: Vec<(i32, Option<u8>, Option<u8>)> = claim
        .analysed
        .values
        .iter()
        .filter_map(|v| match v.data {
            Data::Date {
                year: Some(y),
                month,
                day,
            } => Some((y, month, day)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    if wanted.is_empty() {
        return out;
    }
    let weekdays: Vec<Option<u8>> = window
        .values
        .iter()
        .map(|v| weekday_before(text, &window.tokens, v))
        .collect();
    for (v, weekday) in window.values.iter_mut().zip(weekdays) {
        let Some((month, day)) = yearless(v) else {
            continue;
        };
        // `in 2025` wants any date of 2025; `in July 2025` one of July.
        let fits = |&&(_, m, d): &&(i32, Option<u8>, Option<u8>)| {
            m.is_none_or(|m| m == month && (d.is_none() || day.is_none() || d == day))
        };
        let Some(&(claimed, _, _)) = wanted.iter().find(fits) else {
            continue;
        };
        if let Some(found) = year_of(offset + v.span.start, month, day, weekday)
            && found.year == claimed
        {
            v.data = Data::Date {
                year: Some(found.year),
                month: Some(month),
                day,
            };
            out.push((v.span, found));
        }
    }
    out
}

/// The month and day of a date value written without a year.
pub fn yearless(v: &Value) -> Option<(u8, Option<u8>)> {
    match v.data {
        Data::Date {
            year: None,
            month: Some(month),
            day,
        } if v.kind == Kind::Date => Some((month, day)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(
        text: &str,
        passage: usize,
        date: &str,
        weekday: Option<u8>,
    ) -> Option<(i32, &'static str, String)> {
        let at = text.find(date).unwrap();
        let tokens = analysis::tokens(date);
        let v = values::extract(date, &tokens).remove(0);
        let (month, day) = yearless(&v).unwrap();
        Calendar::new(text)
            .year_of(passage, at, month, day, weekday)
            .map(|y| (y.year, y.origin.name(), text[y.from.range()].to_string()))
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_of(2025, 7, 8), 1); // a Tuesday
        assert_eq!(weekday_of(2021, 7, 8), 3); // a Thursday
        assert_eq!(weekday_of(2000, 2, 29), 1);
        assert_eq!(weekday_of(2024, 1, 1), 0);
    }

    #[test]
    fn the_dateline_gives_the_year_of_earlier_dates() {
        let text = "Kabul, on July 22, 2025. (Photo)\n\nTitle\n\nIn 2021 it fell.\nThe recognition on July 3 mattered.\nOn September 9 they meet.";
        let passage = text.find("The recognition").unwrap();
        assert_eq!(
            year(text, passage, "July 3", None),
            Some((2025, "dateline", "July 22, 2025".into()))
        );
        // Later in the year than the dateline: this year's or last year's?
        assert_eq!(year(text, passage, "September 9", None), None);
    }

    #[test]
    fn an_earlier_date_of_the_passage_gives_the_year() {
        let text = "A long first paragraph that is no dateline at all, since it goes on and on and on and on and on and on and on about other things entirely, as paragraphs do, for more than two hundred bytes of text.\nSince 3 July 2025 the flag flies; on 8 July the court acted.";
        let passage = text.find("Since").unwrap();
        assert_eq!(
            year(text, passage, "8 July", None),
            Some((2025, "passage", "3 July 2025".into()))
        );
        // Nothing before it in its passage, and no dateline.
        assert_eq!(year(text, 0, "3 July", None), None);
    }

    #[test]
    fn bare_years_and_wrong_weekdays_make_it_ambiguous() {
        let text = "ISPI, 14 August 2025\n\nAfter the 2021 withdrawal, in July they left.\nOn Tuesday, 8 July the court acted.\nOn Friday, 8 July nothing.";
        let first = text.find("After").unwrap();
        assert_eq!(year(text, first, "July they", None), None);
        let second = text.find("On Tuesday").unwrap();
        assert_eq!(
            year(text, second, "8 July the", Some(1)),
            Some((2025, "dateline", "14 August 2025".into()))
        );
        let third = text.find("On Friday").unwrap();
        assert_eq!(year(text, third, "8 July nothing", Some(4)), None);
    }
}
