//! Faithful matches: exact and normalized occurrences of the whole quote, at word boundaries.

use super::quote::Quote;
use super::source::Doc;
use super::{MAX_MATCHES, QuoteMatch, Verdict};
use crate::span::Span;

/// Every exact occurrence of the quote in `doc`, then every normalized one elsewhere.
pub(super) fn faithful(doc: &Doc, quote: &Quote) -> Vec<QuoteMatch> {
    let exact: Vec<Span> = doc
        .text
        .match_indices(quote.raw)
        .take(MAX_MATCHES + 1)
        .map(|(at, m)| Span::new(at, at + m.len()))
        .collect();
    let mut normalized = Vec::new();
    for region in &doc.regions {
        let folded = region.folded(&doc.text);
        normalized.extend(
            folded
                .text
                .match_indices(quote.folded.as_str())
                .take(MAX_MATCHES + 1)
                .map(|(at, m)| region.original(&doc.text, at..at + m.len()))
                .filter(|s| !exact.iter().any(|e| e.start < s.end && s.start < e.end)),
        );
    }
    let matches = exact
        .into_iter()
        .map(|s| doc.matched(s, Verdict::Exact, 1.0))
        .chain(
            normalized
                .into_iter()
                .map(|s| doc.matched(s, Verdict::Normalized, 1.0)),
        )
        .collect();
    doc.locate(matches)
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
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts_ok = !alnum(needle.chars().next()) || !alnum(hay[..at].chars().next_back());
    let end = at + needle.len();
    let ends_ok = !alnum(needle.chars().next_back()) || !alnum(hay[end..].chars().next());
    starts_ok && ends_ok
}

/// Number of words (runs of letters and digits) in `text`.
pub(super) fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}
