//! Misquotes: the closest source spans to a quote with no faithful match, word by word.

use super::quote::Fragment;
use super::quote::Quote;
use super::source::Doc;
use super::{QuoteMatch, Verdict};
use crate::align::{self, Difference};
use crate::normalize;
use crate::span::Span;
use std::collections::BTreeMap;

/// Lowest similarity reported as a misquote. At 0.6 a 10-word quote may differ from the
/// source in up to four words (a changed number, name or negation costs one or two), while
/// an unrelated sentence, which shares only a few function words, scores well below it.
pub const MIN_SIMILARITY: f64 = 0.6;
/// Longest quote, in words, that is aligned to find a misquote.
pub const MAX_ALIGN_WORDS: usize = 1_000;
/// Passage windows aligned against the quote, at most.
const MAX_WINDOWS: usize = 40;
/// Misquote spans reported, at most.
const MAX_MISQUOTES: usize = 10;

/// The closest source spans to a quote with no faithful match: the quote aligned word by word
/// against windows of passages around the candidate passages, kept at [`MIN_SIMILARITY`] or more.
/// `cut`, the occurrences that start or end mid-word, come first; aligned spans that overlap
/// them are left out.
pub(super) fn misquotes(
    docs: &[Doc],
    hints: &[(String, usize)],
    quote: &Quote,
    mut cut: Vec<QuoteMatch>,
) -> Vec<QuoteMatch> {
    if quote.words > MAX_ALIGN_WORDS {
        return cut;
    }
    let by_path: BTreeMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let wanted = quote.words + quote.words / 2 + 10;
    let mut windows: Vec<(usize, Span)> = Vec::new();
    for (path, start) in hints {
        let Some(&i) = by_path.get(path.as_str()) else {
            continue;
        };
        let doc = &docs[i];
        let Some(region) = doc.region_at((*start).min(doc.text.len().saturating_sub(1))) else {
            continue;
        };
        let passages = region.passages(&doc.text);
        if passages.is_empty() {
            continue;
        }
        let at = region.passage_at(&doc.text, *start);
        let first = at.saturating_sub(1);
        let mut last = (at + 1).min(passages.len() - 1);
        while last + 1 < passages.len()
            && doc.text[passages[first].start..passages[last].end]
                .split_whitespace()
                .count()
                < wanted
        {
            last += 1;
        }
        let window = (i, Span::new(passages[first].start, passages[last].end));
        if !windows.contains(&window) {
            windows.push(window);
        }
        if windows.len() == MAX_WINDOWS {
            break;
        }
    }
    let mut found: Vec<QuoteMatch> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let mut in_doc = Vec::new();
        for window in windows.iter().filter(|w| w.0 == i).map(|w| w.1) {
            let aligned = match &quote.fragments {
                Some(fragments) if fragments.len() > 1 => {
                    align_fragments(fragments, &doc.text, window)
                }
                _ => align_whole(quote.raw, &doc.text, window),
            };
            let Some(a) = aligned else {
                continue;
            };
            let mut m = doc.matched(a.span, Verdict::Misquote, a.similarity);
            m.differences = a.differences;
            m.marks = a.marks;
            m.fragments = a.fragments;
            in_doc.push(m);
        }
        found.extend(doc.locate(in_doc));
    }
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    let mut kept: Vec<QuoteMatch> = Vec::new();
    for m in found {
        let overlaps = cut.iter().chain(&kept).any(|k| {
            let (k, m) = (&k.place, &m.place);
            k.source == m.source && k.span.start < m.span.end && m.span.start < k.span.end
        });
        if !overlaps {
            kept.push(m);
        }
    }
    kept.truncate(MAX_MISQUOTES);
    cut.append(&mut kept);
    cut
}

/// A quote aligned against a window of a file: spans in file bytes.
struct Aligned {
    span: Span,
    similarity: f64,
    differences: Vec<Difference>,
    marks: Vec<Span>,
    fragments: Vec<Span>,
}

/// True when an alignment is close enough to report: at [`MIN_SIMILARITY`] or more, or
/// differing only in values written another way.
fn close_enough(a: &align::Alignment) -> bool {
    a.similarity >= MIN_SIMILARITY
        || (!a.differences.is_empty() && a.differences.iter().all(|d| d.same_value))
}

/// The whole quote aligned against `window` of `text`.
fn align_whole(quote: &str, text: &str, window: Span) -> Option<Aligned> {
    let a = with_punctuation(
        quote,
        text,
        window,
        align::align(quote, &text[window.range()])?,
    );
    if !close_enough(&a) {
        return None;
    }
    Some(Aligned {
        span: Span::from(a.span).shift(window.start),
        similarity: a.similarity,
        differences: a.differences,
        marks: a
            .marks
            .into_iter()
            .map(|r| Span::from(r).shift(window.start))
            .collect(),
        fragments: Vec::new(),
    })
}

/// `a`, an alignment of `quote` against `window` of `text`, with the differences in
/// punctuation when its words all agree: a misquote always names what differs.
fn with_punctuation(
    quote: &str,
    text: &str,
    window: Span,
    mut a: align::Alignment,
) -> align::Alignment {
    if a.differences.is_empty() {
        let start = window.start + a.span.start;
        let (differences, marks) =
            align::punctuation(quote, &text[start..window.start + a.span.end]);
        a.differences = differences;
        a.marks = marks
            .into_iter()
            .map(|r| r.start + a.span.start..r.end + a.span.start)
            .collect();
    }
    a
}

/// An elided quote aligned fragment by fragment, in order, against `window` of `text`: each
/// fragment against the text after the previous one, so that the differences name only what
/// a fragment changes, never the words the ellipses leave out.
fn align_fragments(fragments: &[Fragment], text: &str, window: Span) -> Option<Aligned> {
    let mut at = window.start;
    let mut out = Aligned {
        span: window,
        similarity: 0.0,
        differences: Vec::new(),
        marks: Vec::new(),
        fragments: Vec::new(),
    };
    let (mut words, mut edits) = (0.0, 0.0);
    for fragment in fragments {
        let within = Span::new(at, window.end);
        let a = with_punctuation(
            &fragment.said,
            text,
            within,
            align::align(&fragment.said, &text[within.range()])?,
        );
        if !close_enough(&a) {
            return None;
        }
        let n = normalize::words(&fragment.said).len() as f64;
        words += n;
        edits += (1.0 - a.similarity) * n;
        out.fragments.push(Span::from(a.span.clone()).shift(at));
        out.marks
            .extend(a.marks.into_iter().map(|r| Span::from(r).shift(at)));
        out.differences.extend(a.differences);
        at += a.span.end;
    }
    let (first, last) = (out.fragments.first()?, out.fragments.last()?);
    out.span = Span::new(first.start, last.end);
    out.similarity = 1.0 - edits / words.max(1.0);
    Some(out)
}
