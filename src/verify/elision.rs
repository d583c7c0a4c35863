//! Elided quotes: every fragment between ellipses found, in order (near each other or not),
//! and quotes whose fragments all stand but in another order.

use super::faithful::{at_boundary, find_words, word_count};
use super::quote::{Fragment, MAX_INSERTION_WORDS, changes_meaning, meaning_words};
use super::source::{Doc, Region};
use super::{MAX_MATCHES, QuoteMatch, Verdict};
use crate::align::Difference;
use crate::normalize;
use crate::span::Span;
use std::ops::Range;

/// Occurrences of an elided quote's first fragment tried in one file, at most.
const MAX_ELISION_STARTS: usize = 10_000;

/// One fragment found in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// Folded bytes of the fragment, bracketed insertions at its edges included.
    pub(super) range: Range<usize>,
    /// Where its first literal text starts.
    pub(super) anchor: usize,
    /// Folded bytes that its inner bracketed insertions stand for.
    pub(super) insertions: Vec<Range<usize>>,
}

/// Every elided occurrence of `fragments` in `doc`.
pub(super) fn elided(doc: &Doc, fragments: &[Fragment]) -> Vec<QuoteMatch> {
    let matches = doc
        .regions
        .iter()
        .flat_map(|region| elided_in(doc, region, fragments))
        .collect();
    doc.locate(matches)
}

/// Every elided occurrence of `fragments` in one region: each fragment at word boundaries, in
/// order, however far apart; overlapping occurrences keep the tightest. Each match counts the
/// passage breaks and bytes its fragments skip.
fn elided_in(doc: &Doc, region: &Region, fragments: &[Fragment]) -> Vec<QuoteMatch> {
    let text = &doc.text;
    let folded = region.folded(text);
    let mut chains: Vec<Vec<Found>> = Vec::new();
    let mut from = 0;
    let mut tries = 0;
    'starts: while let Some(first) = find_fragment(&folded.text, &fragments[0], from) {
        tries += 1;
        if tries > MAX_ELISION_STARTS || chains.len() > MAX_MATCHES {
            break;
        }
        from = first.anchor
            + folded.text[first.anchor..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        let mut chain = vec![first];
        for fragment in &fragments[1..] {
            let previous_end = chain.last().map_or(0, |f| f.range.end);
            let Some(next) = find_fragment(&folded.text, fragment, previous_end) else {
                break 'starts;
            };
            chain.push(next);
        }
        chains.push(chain);
    }
    let outer = |c: &[Found]| c[0].range.start..c[c.len() - 1].range.end;
    let tight: Vec<&Vec<Found>> = chains
        .iter()
        .filter(|c| {
            let span = outer(c);
            !chains.iter().any(|o| {
                let inner = outer(o);
                inner != span && span.start <= inner.start && inner.end <= span.end
            })
        })
        .collect();
    tight
        .into_iter()
        .map(|chain| {
            let span = region.original(text, outer(chain));
            let mut m = doc.matched(span, Verdict::Elided, 1.0);
            m.fragments = chain
                .iter()
                .map(|f| region.original(text, f.range.clone()))
                .collect();
            let passage_at = |at: usize| region.passage_at(text, at);
            let skips = m.fragments.windows(2);
            m.gap_passages = Some(
                skips
                    .clone()
                    .map(|w| {
                        passage_at(w[1].start)
                            .saturating_sub(passage_at(w[0].end.saturating_sub(1)))
                    })
                    .sum(),
            );
            m.gap_bytes = Some(skips.map(|w| w[1].start.saturating_sub(w[0].end)).sum());
            let mut gaps: Vec<Range<usize>> = chain
                .windows(2)
                .map(|w| w[0].range.end..w[1].range.start)
                .collect();
            m.differences = left_out_meaning(text, region, &gaps);
            if !m.differences.is_empty() {
                m.verdict = Verdict::Misquote;
            }
            gaps.extend(chain.iter().flat_map(|f| f.insertions.iter().cloned()));
            m.marks = gaps
                .into_iter()
                .filter_map(|g| trimmed_original(text, region, g))
                .collect();
            m.marks.sort();
            let words = |s: &Span| normalize::words(&text[s.range()]).len();
            let left_out: usize = m.marks.iter().map(words).sum();
            m.similarity = 1.0 - left_out as f64 / words(&span).max(1) as f64;
            m
        })
        .collect()
}

/// Quotes whose fragments all stand in `doc`, but not in the quote's order: one misquote per
/// region, each fragment at its first occurrence, marked `reordered`.
pub(super) fn reordered(doc: &Doc, fragments: &[Fragment]) -> Vec<QuoteMatch> {
    if fragments.len() < 2 {
        return Vec::new();
    }
    let text = &doc.text;
    let mut matches = Vec::new();
    for region in &doc.regions {
        let folded = region.folded(text);
        let Some(found) = fragments
            .iter()
            .map(|f| find_fragment(&folded.text, f, 0))
            .collect::<Option<Vec<Found>>>()
        else {
            continue;
        };
        let spans: Vec<Span> = found
            .iter()
            .map(|f| region.original(text, f.range.clone()))
            .collect();
        let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
        let end = spans.iter().map(|s| s.end).max().unwrap_or(0);
        let words = |s: &Span| normalize::words(&text[s.range()]).len();
        let covered: usize = spans.iter().map(words).sum();
        let span = Span::new(start, end);
        let similarity = (covered as f64 / words(&span).max(1) as f64).min(1.0);
        let mut m = doc.matched(span, Verdict::Misquote, similarity);
        m.fragments = spans;
        m.reordered = true;
        matches.push(m);
    }
    doc.locate(matches)
}

/// The negations and numbers that the ellipses of an elided quote leave out between words of
/// one sentence (`gaps`: folded ranges of the region between its fragments), each a
/// difference: such an elision says something else than the source (`have … denied` for
/// "have not denied"). An ellipsis that skips to another sentence or passage is not checked:
/// what it leaves out does not stand between the words it joins.
fn left_out_meaning(text: &str, region: &Region, gaps: &[Range<usize>]) -> Vec<Difference> {
    gaps.iter()
        .map(|gap| region.original(text, gap.clone()))
        .filter(|&span| within_one_sentence(text, region, span))
        .flat_map(|span| meaning_words(&text[span.range()]))
        .map(|word| Difference {
            quote: String::new(),
            source: word.to_string(),
            same_value: false,
        })
        .collect()
}

/// True when `left_out` (file bytes an ellipsis skips) ends no sentence and no passage.
fn within_one_sentence(text: &str, region: &Region, left_out: Span) -> bool {
    let passage = |at: usize| region.passage_at(text, at);
    let last = left_out.end.saturating_sub(1).max(left_out.start);
    passage(left_out.start.saturating_sub(1)) == passage(last)
        && region
            .passages(text)
            .get(passage(last))
            .is_some_and(|p| p.contains(Span::new(left_out.start, last)))
        && sentence_ends(&text[left_out.range()]).is_empty()
}

/// Offsets just past each sentence end of `text`: a `.`, `!` or `?` (with the closing marks
/// after it) followed by whitespace or the end of `text`; not the period of an initial or of
/// an abbreviation with inner periods (`J.`, `U.S.`, `e.g.`), which leaves the sentence open.
fn sentence_ends(text: &str) -> Vec<usize> {
    let closes = |c: char| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')');
    let abbreviation = |before: &str| {
        let word = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '.'))
            .next()
            .unwrap_or("");
        word.chars().filter(|c| c.is_alphabetic()).count() == 1 || word.contains('.')
    };
    let mut ends = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') || (c == '.' && abbreviation(&text[..i])) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some((j, next)) = chars.next_if(|&(_, n)| closes(n)) {
            end = j + next.len_utf8();
        }
        if chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) {
            ends.push(end);
        }
    }
    ends
}

/// The file bytes of the region's folded range `range`, without edge whitespace; None when blank.
fn trimmed_original(text: &str, region: &Region, range: Range<usize>) -> Option<Span> {
    let folded = &region.folded(text).text[range.clone()];
    let lead = folded.len() - folded.trim_start().len();
    let trail = folded.len() - folded.trim_end().len();
    if lead + trail >= folded.len() {
        return None;
    }
    let original = region.original(text, range.start + lead..range.end - trail);
    (!text[original.range()].trim().is_empty()).then_some(original)
}

/// The first occurrence of `fragment` in folded text `hay` that starts at or after `from`.
fn find_fragment(hay: &str, fragment: &Fragment, from: usize) -> Option<Found> {
    let (first, rest) = fragment.texts.split_first()?;
    let mut at = from;
    while let Some(anchor) = find_words(hay, first, at) {
        at = anchor + hay[anchor..].chars().next().map_or(1, char::len_utf8);
        let start = anchor;
        let mut end = start + first.len();
        let mut insertions = Vec::new();
        let mut complete = true;
        for (text, inserted) in rest.iter().zip(&fragment.inserted) {
            match find_words(hay, text, end) {
                Some(next) if stands_for(inserted, &hay[end..next]) => {
                    insertions.push(end..next);
                    end = next + text.len();
                }
                _ => {
                    complete = false;
                    break;
                }
            }
        }
        let edges_hold = fragment
            .lead
            .as_deref()
            .is_none_or(|lead| !changes_meaning(lead, last_words(&hay[..start])))
            && fragment
                .trail
                .as_deref()
                .is_none_or(|trail| !changes_meaning(trail, first_words(&hay[end..])));
        if !complete || !edges_hold {
            continue;
        }
        let start = fragment
            .lead
            .as_deref()
            .and_then(|lead| {
                let before = hay[..start].trim_end();
                let begins = before.len().checked_sub(lead.len())?;
                (begins >= from && before.ends_with(lead) && at_boundary(hay, begins, lead))
                    .then_some(begins)
            })
            .unwrap_or(start);
        let end = fragment
            .trail
            .as_deref()
            .and_then(|trail| {
                let after = &hay[end..];
                let begins = end + after.len() - after.trim_start().len();
                (hay[begins..].starts_with(trail) && at_boundary(hay, begins, trail))
                    .then_some(begins + trail.len())
            })
            .unwrap_or(end);
        return Some(Found {
            range: start..end,
            anchor,
            insertions,
        });
    }
    None
}

/// True when a bracketed insertion between two literals can stand for the folded source
/// words `replaced`: one to [`MAX_INSERTION_WORDS`] of them (an insertion that replaces
/// nothing adds words), saying the same (see [`changes_meaning`]).
fn stands_for(insertion: &str, replaced: &str) -> bool {
    (1..=MAX_INSERTION_WORDS).contains(&word_count(replaced))
        && !changes_meaning(insertion, replaced)
}

/// The last [`MAX_INSERTION_WORDS`] words of `text`, which an insertion before a quote's
/// first literal may stand for.
fn last_words(text: &str) -> &str {
    let words = word_ranges(text);
    match words.len().checked_sub(MAX_INSERTION_WORDS) {
        Some(first) => &text[words[first].start..],
        None => text,
    }
}

/// The first [`MAX_INSERTION_WORDS`] words of `text`, which an insertion after a quote's
/// last literal may stand for.
fn first_words(text: &str) -> &str {
    match word_ranges(text).get(MAX_INSERTION_WORDS - 1) {
        Some(last) => &text[..last.end],
        None => text,
    }
}

/// Byte ranges of the words (runs of letters and digits) of `text`.
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), open) {
            (true, None) => open = Some(i),
            (false, Some(start)) => {
                out.push(start..i);
                open = None;
            }
            _ => {}
        }
    }
    out.extend(open.map(|start| start..text.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::quote::{Piece, fragments};

    #[test]
    fn fragments_are_found_at_word_boundaries() {
        let fragment = Fragment::from_pieces(vec![Piece::Text("in".into())]).unwrap();
        let hay = "within reach, then in time";
        let found = find_fragment(hay, &fragment, 0).expect("found");
        assert_eq!(&hay[found.range.clone()], "in");
        assert_eq!(found.range.start, hay.find(" in ").unwrap() + 1);
    }

    #[test]
    fn insertions_stand_for_a_few_words() {
        let f = &fragments("the deal [with the group] was signed").unwrap()[0];
        let hay = "the deal struck in doha with the taliban was signed";
        let found = find_fragment(hay, f, 0).expect("found");
        assert_eq!(found.range, 0..hay.len());
        assert_eq!(
            &hay[found.insertions[0].clone()],
            " struck in doha with the taliban "
        );
        let far = format!(
            "the deal {} was signed",
            "word ".repeat(MAX_INSERTION_WORDS + 1)
        );
        assert_eq!(find_fragment(&far, f, 0), None);
    }

    #[test]
    fn insertions_must_replace_words_and_keep_the_meaning() {
        let hay = "the taliban have denied the allegations";
        for quote in [
            "The Taliban have [not] denied the allegations",
            "The Taliban [never] denied the allegations",
            "[Nobody] denied the allegations",
            "The Taliban have denied [no] allegations",
            "The Taliban have denied the allegations [of 2019]",
        ] {
            let f = &fragments(quote).unwrap()[0];
            assert_eq!(find_fragment(hay, f, 0), None, "{quote}");
        }
        for quote in [
            "[They] have denied the allegations",
            "The Taliban [have] denied the allegations",
            "The Taliban have denied [the claims]",
        ] {
            let f = &fragments(quote).unwrap()[0];
            assert!(find_fragment(hay, f, 0).is_some(), "{quote}");
        }
        let hay = "the taliban have not denied the allegations";
        let f = &fragments("The Taliban [have] denied the allegations").unwrap()[0];
        assert_eq!(find_fragment(hay, f, 0), None);
    }

    #[test]
    fn edge_words_are_counted_from_the_quote() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(last_words(text), "three four five six seven eight nine ten");
        assert_eq!(first_words(text), "one two three four five six seven eight");
        assert_eq!(last_words("a b"), "a b");
        assert_eq!(first_words(""), "");
    }

    #[test]
    fn edge_insertions_extend_only_over_the_same_words() {
        let f = &fragments("[the Taliban] seized control").unwrap()[0];
        let hay = "then the taliban seized control";
        assert_eq!(find_fragment(hay, f, 0).unwrap().range, 5..hay.len());
        let hay = "then they seized control";
        assert_eq!(find_fragment(hay, f, 0).unwrap().range, 10..hay.len());
        let hay = "the taliban seized control";
        assert_eq!(find_fragment(hay, f, 1).unwrap().range, 12..hay.len());
    }
}
