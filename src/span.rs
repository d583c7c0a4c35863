//! Byte spans into source text, and their line/column positions.

use serde::Serialize;
use std::ops::Range;

/// A half-open byte range `start..end` into a source file, on UTF-8 character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the span.
    #[serde(rename = "byte_start")]
    pub start: usize,
    /// One past the last byte of the span.
    #[serde(rename = "byte_end")]
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span moved `by` bytes to the right.
    pub fn shift(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    /// The span as a `Range`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// Sorts `spans` and merges those that overlap or touch.
pub fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl LineCol {
    /// The line and column of byte `offset` in `text`, which must be a char boundary.
    pub fn of(text: &str, offset: usize) -> LineCol {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        LineCol {
            line: before.bytes().filter(|&b| b == b'\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// Incremental line/column computation for increasing offsets in one text: each call
/// costs only the bytes since the previous one, however long the line.
pub struct LineTracker<'a> {
    text: &'a str,
    offset: usize,
    at: LineCol,
}

impl<'a> LineTracker<'a> {
    /// A tracker positioned at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        LineTracker::starting_at(text, LineCol { line: 1, column: 1 })
    }

    /// A tracker for `text` that begins at `start` of a longer text.
    pub fn starting_at(text: &'a str, start: LineCol) -> Self {
        LineTracker {
            text,
            offset: 0,
            at: start,
        }
    }

    /// The line and column of `offset`, a char boundary not before the previous call's.
    pub fn at(&mut self, offset: usize) -> LineCol {
        debug_assert!(offset >= self.offset);
        let gap = &self.text[self.offset..offset];
        match gap.rfind('\n') {
            Some(i) => {
                self.at.line += gap.bytes().filter(|&b| b == b'\n').count();
                self.at.column = gap[i + 1..].chars().count() + 1;
            }
            None => self.at.column += gap.chars().count(),
        }
        self.offset = offset;
        self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_joins_overlapping_and_touching_spans() {
        let spans = vec![
            Span::new(8, 9),
            Span::new(0, 2),
            Span::new(2, 4),
            Span::new(3, 5),
        ];
        assert_eq!(merge(spans), [Span::new(0, 5), Span::new(8, 9)]);
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\n“é”x\r\nz";
        assert_eq!(LineCol::of(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(LineCol::of(text, 3), LineCol { line: 2, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(LineCol::of(text, x), LineCol { line: 2, column: 4 });
        let z = text.find('z').unwrap();
        assert_eq!(LineCol::of(text, z), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn trackers_continue_across_pieces() {
        let text = "ab “c”\nde f\ngh";
        let cut = text.find('e').unwrap();
        let mut first = LineTracker::new(&text[..cut]);
        let end = first.at(cut);
        let mut second = LineTracker::starting_at(&text[cut..], end);
        for (i, _) in text[cut..].char_indices() {
            assert_eq!(second.at(i), LineCol::of(text, cut + i), "offset {i}");
        }
    }

    #[test]
    fn tracker_agrees_with_direct_computation() {
        let text = "\u{feff}one\n\ntwo “three”\r\nfour — five\n";
        let mut tracker = LineTracker::new(text);
        for (i, _) in text.char_indices() {
            assert_eq!(tracker.at(i), LineCol::of(text, i), "offset {i}");
        }
    }
}
