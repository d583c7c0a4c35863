//! A candidate file as it is now: its text, the regions searched, folded and split on demand.

use super::{QuoteMatch, Verdict};
use crate::corpus::{self, SourceText};
use crate::decode::OffsetMap;
use crate::located::Decoded;
use crate::normalize::{self, Folded};
use crate::passages::{self, MAX_PASSAGE_BYTES};
use crate::span::{self, LineCol, LineTracker, Span};
use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

/// Files up to this size are searched whole; in larger ones, regions around candidate passages.
const WHOLE_FILE_BYTES: usize = 1 << 20;
/// Bytes on each side of a candidate passage searched in a large file (at least twice the quote).
const WINDOW_MARGIN: usize = 8 << 10;
/// How far a region's edge moves to reach a line break.
const SNAP_BYTES: usize = 16 << 10;
/// Bytes of context kept on each side of a match, for people.
const CONTEXT_BYTES: usize = 400;

/// A candidate file as it is now. Small files are searched whole; in larger ones only
/// regions around the passages the index proposed are folded, split and aligned.
pub(super) struct Doc {
    /// Absolute path.
    pub(super) path: String,
    /// Path as printed.
    pub(super) display: String,
    /// The file as it is now, decoded.
    pub(super) text: String,
    /// From offsets in `text` to the file's bytes.
    map: OffsetMap,
    /// WHATWG name of the file's encoding when it is not UTF-8.
    encoding: Option<&'static str>,
    /// Where to look beyond exact matches: sorted, disjoint byte ranges.
    pub(super) regions: Vec<Region>,
}

/// A part of a file, folded and split into passages on demand.
pub(super) struct Region {
    pub(super) span: Span,
    pub(super) folded: OnceCell<Folded>,
    pub(super) passages: OnceCell<Vec<Span>>,
}

impl Doc {
    /// The file at `path` read as `source`; `hints` are the byte starts of its proposed passages.
    pub(super) fn new(path: &str, source: SourceText, hints: &[usize], quote_bytes: usize) -> Doc {
        let encoding = source.encoding_label();
        let hints: Vec<usize> = hints.iter().filter_map(|&h| source.decoded(h)).collect();
        let SourceText { text, map, .. } = source;
        let regions = if text.len() <= WHOLE_FILE_BYTES {
            vec![Region::new(Span::new(0, text.len()))]
        } else {
            windows(&text, &hints, quote_bytes)
                .into_iter()
                .map(Region::new)
                .collect()
        };
        Doc {
            path: path.to_string(),
            display: corpus::display_path(Path::new(path)),
            text,
            map,
            encoding,
            regions,
        }
    }

    /// The region holding byte `offset`, if any.
    pub(super) fn region_at(&self, offset: usize) -> Option<&Region> {
        let i = self.regions.partition_point(|r| r.span.start <= offset);
        self.regions
            .get(i.checked_sub(1)?)
            .filter(|r| offset < r.span.end.max(r.span.start + 1))
    }

    /// A match of `span` in this file, with context; its line and column are set by `locate`.
    /// Its spans are of the decoded text until [`Doc::printed`] turns them into the file's bytes.
    pub(super) fn matched(&self, span: Span, verdict: Verdict, similarity: f64) -> QuoteMatch {
        let text = Decoded {
            text: &self.text,
            map: &OffsetMap::default(),
            encoding: None,
        };
        let before_start = char_floor(&self.text, span.start.saturating_sub(CONTEXT_BYTES));
        let after_end = char_floor(&self.text, (span.end + CONTEXT_BYTES).min(self.text.len()));
        QuoteMatch {
            place: text.locate(&self.display, span, Some(LineCol { line: 1, column: 1 })),
            verdict,
            similarity,
            differences: Vec::new(),
            fragments: Vec::new(),
            gap_passages: None,
            gap_bytes: None,
            reordered: false,
            mid_word: false,
            marks: Vec::new(),
            before: self.text[before_start..span.start].to_string(),
            after: self.text[span.end..after_end].to_string(),
        }
    }

    /// The file's decoded text with its map to the file's bytes.
    fn decoded(&self) -> Decoded<'_> {
        Decoded {
            text: &self.text,
            map: &self.map,
            encoding: self.encoding,
        }
    }

    /// `m`, found in `text`, with its spans turned into the file's bytes and its text the
    /// decoding of exactly those bytes; its marks stay spans of its text, offset by its start.
    pub(super) fn printed(&self, mut m: QuoteMatch) -> QuoteMatch {
        if self.map.is_identity() {
            return m;
        }
        let file = self.decoded();
        let decoded = m.place.span;
        m.marks = m.marks.iter().map(|&s| file.mark(decoded, s)).collect();
        m.fragments = m.fragments.iter().map(|&f| self.map.printed(f).1).collect();
        m.place = file.locate(&self.display, decoded, Some(m.place.at));
        m
    }

    /// Sets the line and column of each of this file's `matches`, in one pass over the text.
    pub(super) fn locate(&self, mut matches: Vec<QuoteMatch>) -> Vec<QuoteMatch> {
        matches.sort_by_key(|m| m.place.span.start);
        let mut lines = LineTracker::new(&self.text);
        for m in &mut matches {
            m.place.at = lines.at(m.place.span.start);
        }
        matches
    }
}

impl Region {
    pub(super) fn new(span: Span) -> Region {
        Region {
            span,
            folded: OnceCell::new(),
            passages: OnceCell::new(),
        }
    }

    pub(super) fn folded(&self, text: &str) -> &Folded {
        self.folded
            .get_or_init(|| normalize::fold(&text[self.span.range()]))
    }

    /// The region's passages, as spans of the file.
    pub(super) fn passages(&self, text: &str) -> &[Span] {
        self.passages.get_or_init(|| {
            passages::split(&text[self.span.range()])
                .map(|p| p.shift(self.span.start))
                .collect()
        })
    }

    /// Index of the passage holding file byte `offset`, or of the last one before it.
    pub(super) fn passage_at(&self, text: &str, offset: usize) -> usize {
        self.passages(text)
            .partition_point(|p| p.start <= offset)
            .saturating_sub(1)
    }

    /// The file bytes that the folded range `range` of this region stands for.
    pub(super) fn original(&self, text: &str, range: Range<usize>) -> Span {
        Span::from(self.folded(text).original_range(range)).shift(self.span.start)
    }
}

/// Disjoint regions of `text` around the byte offsets `hints`, wide enough for the quote,
/// their edges moved to a nearby line break.
pub(super) fn windows(text: &str, hints: &[usize], quote_bytes: usize) -> Vec<Span> {
    let margin = WINDOW_MARGIN.max(2 * quote_bytes);
    let spans: Vec<Span> = hints
        .iter()
        .map(|&hint| {
            let hint = hint.min(text.len());
            let start = snap_back(text, hint.saturating_sub(margin));
            let end = snap_forward(text, (hint + MAX_PASSAGE_BYTES + margin).min(text.len()));
            Span::new(start, end.max(start))
        })
        .collect();
    span::merge(spans)
}

/// The start of the line holding `at` when it begins at most [`SNAP_BYTES`] before, else `at`.
fn snap_back(text: &str, at: usize) -> usize {
    let at = char_floor(text, at);
    let low = at.saturating_sub(SNAP_BYTES);
    text.as_bytes()[low..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(at, |i| low + i + 1)
}

/// The end of the line holding `at` when it ends at most [`SNAP_BYTES`] after, else `at`.
fn snap_forward(text: &str, at: usize) -> usize {
    let at = char_floor(text, at);
    let high = (at + SNAP_BYTES).min(text.len());
    text.as_bytes()[at..high]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(at, |i| at + i)
}

/// The largest char boundary of `text` at or before `at`.
fn char_floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_merge_and_end_at_line_breaks() {
        let line = "x".repeat(99) + "\n";
        let text = line.repeat(1_000);
        let spans = windows(&text, &[50_000, 50_100, 90_000], 10);
        assert_eq!(spans.len(), 2, "{spans:?}");
        for span in &spans {
            assert!(span.start == 0 || text.as_bytes()[span.start - 1] == b'\n');
            assert!(span.end == text.len() || text.as_bytes()[span.end] == b'\n');
        }
        assert!(spans[0].start <= 50_000 - WINDOW_MARGIN && spans[0].end >= 50_100);
        let long_line = "é".repeat(100_000);
        for span in windows(&long_line, &[100_001], 10) {
            assert!(long_line.is_char_boundary(span.start) && long_line.is_char_boundary(span.end));
        }
    }
}
