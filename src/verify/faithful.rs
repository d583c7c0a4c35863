//! Faithful matches: exact and normalized occurrences of the whole quote, at word boundaries.

use super::boundary;
use super::prefilter;
use super::quote::Quote;
use super::source::Doc;
use super::{MAX_MATCHES, QuoteMatch, Verdict};
use crate::align::Difference;
use crate::span::Span;

/// Occurrences of a whole quote in one file.
pub(super) struct Faithful {
    /// Exact, then normalized matches, each at word boundaries of the source.
    pub(super) matches: Vec<QuoteMatch>,
    /// Occurrences that start or end inside a source word, as misquotes naming the whole word.
    pub(super) cut: Vec<QuoteMatch>,
    /// True when the file held more occurrences than are looked at.
    pub(super) truncated: bool,
}

/// Every exact occurrence of the quote in `doc`, then every normalized one elsewhere; those
/// that cut a source word apart.
pub(super) fn faithful(doc: &Doc, quote: &Quote) -> Faithful {
    let text = &doc.text;
    let mut truncated = false;
    let mut whole = Vec::new();
    let mut cut = Vec::new();
    for (at, m) in text.match_indices(quote.raw) {
        let span = Span::new(at, at + m.len());
        if sort(
            text,
            span,
            Verdict::Exact,
            (false, false),
            &mut whole,
            &mut cut,
        ) {
            truncated = true;
            break;
        }
    }
    let mut exact: Vec<Span> = cut
        .iter()
        .map(|c| c.0)
        .chain(whole.iter().map(|w| w.0))
        .collect();
    exact.sort();
    let overlaps_exact = |s: &Span| {
        let i = exact.partition_point(|e| e.end <= s.start);
        exact.get(i).is_some_and(|e| e.start < s.end)
    };
    let regions = doc
        .regions
        .iter()
        .filter(|r| prefilter::may_hold(text, r.span, &quote.folded, &exact));
    'regions: for region in regions {
        let folded = region.folded(text);
        for (at, m) in folded.text.match_indices(quote.folded.as_str()) {
            let span = region.original(text, at..at + m.len());
            let folded_cut = (
                boundary::is_cut(&folded.text, at),
                boundary::is_cut(&folded.text, at + m.len()),
            );
            if !overlaps_exact(&span)
                && sort(
                    text,
                    span,
                    Verdict::Normalized,
                    folded_cut,
                    &mut whole,
                    &mut cut,
                )
            {
                truncated = true;
                break 'regions;
            }
        }
    }
    let matches = whole
        .into_iter()
        .map(|(span, verdict)| doc.matched(span, verdict, 1.0))
        .collect();
    let cut = cut
        .into_iter()
        .map(|(span, (start, end))| cut_match(doc, quote, span, start, end))
        .collect();
    Faithful {
        matches: doc.locate(matches),
        cut: doc.locate(cut),
        truncated,
    }
}

/// An occurrence whose edges are cut, with which of its edges.
type Cut = (Span, (bool, bool));

/// Files `span` among the whole-word occurrences or the cut ones; true once there are more
/// whole-word occurrences than are reported.
/// `folded_cut` says which edges cut a word of the folded text (for a normalized match:
/// `10 p` inside `10 percent`, folded from `10%`).
fn sort(
    text: &str,
    span: Span,
    verdict: Verdict,
    folded_cut: (bool, bool),
    whole: &mut Vec<(Span, Verdict)>,
    cut: &mut Vec<Cut>,
) -> bool {
    let edges = (
        folded_cut.0 || boundary::is_cut(text, span.start),
        folded_cut.1 || boundary::is_cut(text, span.end),
    );
    if edges == (false, false) {
        whole.push((span, verdict));
    } else if cut.len() <= MAX_MATCHES {
        cut.push((span, edges));
    }
    whole.len() > MAX_MATCHES
}

/// A misquote for an occurrence of the quote that cuts source words at its start or end:
/// the span widened to the whole words, each cut word a difference.
fn cut_match(doc: &Doc, quote: &Quote, span: Span, start_cut: bool, end_cut: bool) -> QuoteMatch {
    let text = &doc.text;
    let mut edges: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    // A word cut only in the folded text (`10 p` in `10%`, folded `10 percent`) has no whole
    // word around the edge in the file: the source side is then the character at the edge.
    let first_char = |at: usize| at..at + text[at..].chars().next().map_or(0, char::len_utf8);
    let last_char = |at: usize| at - text[..at].chars().next_back().map_or(0, char::len_utf8)..at;
    if start_cut {
        let source = boundary::word_around(text, span.start);
        edges.push((
            boundary::word_around(quote.raw, 0),
            if source.is_empty() {
                first_char(span.start)
            } else {
                source
            },
        ));
    }
    if end_cut {
        let said = boundary::word_around(quote.raw, quote.raw.len());
        let source = boundary::word_around(text, span.end);
        let source = if source.is_empty() {
            last_char(span.end)
        } else {
            source
        };
        match edges.last_mut() {
            Some(first) if first.1.end >= source.start => {
                first.0.end = said.end;
                first.1.end = source.end;
            }
            _ => edges.push((said, source)),
        }
    }
    let whole = Span::new(
        edges
            .first()
            .map_or(span.start, |e| e.1.start.min(span.start)),
        edges.last().map_or(span.end, |e| e.1.end.max(span.end)),
    );
    let similarity = 1.0 - edges.len() as f64 / quote.words.max(edges.len()) as f64;
    let mut m = doc.matched(whole, Verdict::Misquote, similarity);
    m.mid_word = true;
    m.differences = edges
        .iter()
        .map(|(said, source)| Difference {
            quote: quote.raw[said.clone()].to_string(),
            source: text[source.clone()].to_string(),
            same_value: false,
        })
        .collect();
    m.marks = edges.iter().map(|e| Span::from(e.1.clone())).collect();
    m
}

/// The first occurrence of `needle` in `hay` at or after `from` that does not start or end
/// inside a word.
pub(super) fn find_words(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while at <= hay.len() {
        let found = at + hay.get(at..)?.find(needle)?;
        if at_boundary(hay, found, needle) {
            return Some(found);
        }
        at = found + hay[found..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// True when `needle`, found at `at` in `hay`, neither starts nor ends inside a word.
pub(super) fn at_boundary(hay: &str, at: usize, needle: &str) -> bool {
    !boundary::is_cut(hay, at) && !boundary::is_cut(hay, at + needle.len())
}

/// Number of words (runs of letters and digits) in `text`.
pub(super) fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}
