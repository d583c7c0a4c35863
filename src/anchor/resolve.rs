//! Re-anchoring a saved citation on its source as it is now: unchanged, moved, changed or
//! orphaned. A changed word (a number, a name, a date, a negation) never counts as the same
//! quote: it is `changed`, with the differing words listed as `verify` lists a misquote's.

use crate::align::{self, Difference};
use crate::normalize;
use crate::span::Span;
use serde::Serialize;
use std::cmp::Reverse;

/// Lowest word-level similarity (1 - word edits / words, as `verify` computes it) for a
/// `changed` quote whose stored context agrees on both sides: a 5-word quote may differ in
/// 2 words, a 10-word one in 4.
pub const MIN_SIMILARITY: f64 = 0.6;
/// Lowest similarity for a `changed` quote of a citation with no stored context (a plain
/// span, a stale hit), where only the old position vouches for the place: a 10-word quote
/// may differ in 3 words.
pub const MIN_SIMILARITY_WITHOUT_CONTEXT: f64 = 0.7;
/// Lowest similarity of one side's stored context with the text now adjacent to a
/// candidate, for that side to count as agreeing.
pub const MIN_CONTEXT: f64 = 0.5;
/// Fewest words in a quote for a `changed` verdict: with fewer, one changed word is most
/// of the quote.
pub const MIN_FUZZY_WORDS: usize = 4;
/// Fewest characters in a quote that is `moved` although neither side of its context
/// agrees (a paragraph moved whole): shorter quotes recur by chance.
pub const MIN_DISTINCTIVE_CHARS: usize = 32;
/// Largest quote-words × text-words table aligned in one piece (about 2 MB of moves);
/// larger files are aligned in windows around the old position and the stored context.
const MAX_WHOLE_CELLS: usize = 2_000_000;
/// Largest text searched whole for the quote with its whitespace collapsed (the map back
/// takes 8 bytes a byte); larger ones are searched around the old position.
const WHOLE_COLLAPSE_BYTES: usize = 8 << 20;
/// Bytes on each side of the old position searched that way in a larger text.
const COLLAPSE_REACH: usize = 1 << 20;
/// Exact occurrences of the quote weighed, at most.
const MAX_CANDIDATES: usize = 10_000;
/// Bytes of each side's context, next to the quote, searched for to place windows.
const PROBE_BYTES: usize = 24;
/// Occurrences of each side's context used to place windows, at most.
const MAX_CONTEXT_HITS: usize = 20;

/// Where a citation stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The old position still holds exactly the quote.
    Unchanged,
    /// The exact quote stands elsewhere in the file, or differs only in whitespace.
    Moved,
    /// No exact quote, but a close one in the same context.
    Changed,
    /// Nothing close: the citation no longer stands in this source.
    Orphaned,
}

impl Anchor {
    /// True for `unchanged` and `moved`: the quote still stands word for word.
    pub fn holds(self) -> bool {
        matches!(self, Anchor::Unchanged | Anchor::Moved)
    }

    /// The verdict as the JSON output spells it.
    pub fn name(self) -> &'static str {
        match self {
            Anchor::Unchanged => "unchanged",
            Anchor::Moved => "moved",
            Anchor::Changed => "changed",
            Anchor::Orphaned => "orphaned",
        }
    }
}

/// What a saved citation knows of its quote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citation {
    /// The quoted text.
    pub exact: String,
    /// Its bytes in the file when it was cited.
    pub span: Option<Span>,
    /// Its code points in the file when it was cited, when the bytes are not known.
    pub chars: Option<(usize, usize)>,
    /// Text just before the quote when it was cited.
    pub prefix: Option<String>,
    /// Text just after the quote when it was cited.
    pub suffix: Option<String>,
}

/// Where a citation stands in a text now.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The verdict.
    pub anchor: Anchor,
    /// The quote's bytes now; None when orphaned.
    pub span: Option<Span>,
    /// For `changed`: the words that differ, the citation's as `quote`, today's as `source`.
    pub differences: Vec<Difference>,
    /// 0..=1: 1 for unchanged and moved; the word similarity for changed.
    pub similarity: f64,
}

impl Resolved {
    fn at(anchor: Anchor, span: Span) -> Resolved {
        Resolved {
            anchor,
            span: Some(span),
            differences: Vec::new(),
            similarity: 1.0,
        }
    }

    /// The verdict for a citation with no place in the text.
    pub fn orphaned() -> Resolved {
        Resolved {
            anchor: Anchor::Orphaned,
            span: None,
            differences: Vec::new(),
            similarity: 0.0,
        }
    }
}

/// A place the quote may stand now, with how well it fits.
#[derive(Debug, Clone)]
struct Candidate {
    span: Span,
    /// Agreement of the known context sides, each weighed by its length; None when the
    /// citation has no context.
    context: Option<f64>,
    /// True when some context side agrees, or the citation has none.
    in_context: bool,
    /// True when every known context side agrees.
    fully_in_context: bool,
    /// Bytes from the old position (0 when unknown).
    distance: usize,
}

/// Re-anchors `citation` on `text`, the whole file as it is now.
///
/// In order: the exact quote, or the quote with its whitespace collapsed, where its context
/// agrees (among several places the best context, then the nearest to the old position,
/// wins: `unchanged` when that is the old position, else `moved`); a close quote where
/// both sides of its context agree, if it fits better than that (`changed`); the exact
/// quote anywhere when it is long enough not to recur by chance (`moved`), unless a close
/// quote in context stands at the old position; the old position if it holds the quote
/// out of context (`unchanged`); else `orphaned`.
pub fn resolve(text: &str, citation: &Citation) -> Resolved {
    let hint = hint(text, citation);
    let exact = citation.exact.as_str();
    if exact.is_empty() {
        return Resolved::orphaned();
    }
    let context = Context::of(citation);
    let holds = hint.filter(|span| text.get(span.range()) == Some(exact));
    let mut places: Vec<Candidate> = text
        .match_indices(exact)
        .take(MAX_CANDIDATES)
        .map(|(at, m)| context.candidate(text, Span::new(at, at + m.len()), hint))
        .collect();
    if places.is_empty() {
        let region = match hint {
            Some(h) if text.len() > WHOLE_COLLAPSE_BYTES => Span::new(
                floor(text, h.start.min(text.len()).saturating_sub(COLLAPSE_REACH)),
                floor(text, h.end.saturating_add(COLLAPSE_REACH).min(text.len())),
            ),
            _ => Span::new(0, text.len()),
        };
        places = whitespace_matches(&text[region.range()], exact)
            .into_iter()
            .map(|span| span.shift(region.start))
            .map(|span| context.candidate(text, span, hint))
            .collect();
    }
    let standing = best(places.iter().filter(|c| c.in_context));
    let found = |c: &Candidate| {
        let anchor = if Some(c.span) == holds {
            Anchor::Unchanged
        } else {
            Anchor::Moved
        };
        Resolved::at(anchor, c.span)
    };
    if let Some(e) = standing
        && e.is_perfect()
    {
        return found(e);
    }
    let taken: Vec<Span> = places.iter().map(|c| c.span).collect();
    let distinctive =
        best(places.iter()).filter(|_| exact.chars().count() >= MIN_DISTINCTIVE_CHARS);
    let at_old_place = |span: Span| hint.is_none_or(|h| h.start < span.end && span.start < h.end);
    match (standing, close(text, citation, &context, hint, &taken)) {
        (Some(e), Some((f, a))) if !f.fits_better_than(e, &a, hint) => found(e),
        (None, Some((f, _))) if !at_old_place(f.span) && distinctive.is_some() => {
            Resolved::at(Anchor::Moved, distinctive.map_or(f.span, |d| d.span))
        }
        (_, Some((f, a))) => Resolved {
            anchor: Anchor::Changed,
            span: Some(f.span),
            differences: if a.differences.is_empty() {
                align::punctuation(exact, &text[f.span.range()]).0
            } else {
                a.differences
            },
            similarity: a.similarity,
        },
        (Some(e), None) => found(e),
        (None, None) => match (distinctive, holds) {
            (Some(d), _) => Resolved::at(Anchor::Moved, d.span),
            (None, Some(span)) => Resolved::at(Anchor::Unchanged, span),
            (None, None) => Resolved::orphaned(),
        },
    }
}

impl Candidate {
    /// True when no other place could fit better: both context sides agree fully, or (with
    /// no context) it is the old position itself.
    fn is_perfect(&self) -> bool {
        match self.context {
            Some(c) => c >= 1.0 - 1e-9,
            None => self.distance == 0,
        }
    }

    /// True when this close candidate (aligned as `a`) fits better than `exact`, an exact
    /// one: more context agreement or, with no context, standing where the old span was and
    /// differing in words (not only in case or punctuation).
    fn fits_better_than(
        &self,
        exact: &Candidate,
        a: &align::Alignment,
        hint: Option<Span>,
    ) -> bool {
        match (self.context, exact.context) {
            (Some(c), Some(e)) => c > e,
            _ => {
                !a.differences.is_empty()
                    && hint.is_some_and(|h| h.start < self.span.end && self.span.start < h.end)
            }
        }
    }
}

/// The best candidate: the most context agreement, then the nearest to the old position.
fn best<'a>(candidates: impl Iterator<Item = &'a Candidate>) -> Option<&'a Candidate> {
    candidates.min_by(|a, b| {
        b.context
            .unwrap_or(0.0)
            .total_cmp(&a.context.unwrap_or(0.0))
            .then(a.distance.cmp(&b.distance))
            .then(a.span.start.cmp(&b.span.start))
    })
}

/// The old byte span, from the citation's bytes or else its code points, fitted to `text`.
fn hint(text: &str, citation: &Citation) -> Option<Span> {
    if let Some(span) = citation.span {
        return Some(span);
    }
    let (start, end) = citation.chars?;
    let mut offsets = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let first = offsets.nth(start).unwrap_or(text.len());
    let last = offsets
        .nth(end.saturating_sub(start).saturating_sub(1))
        .unwrap_or(text.len());
    Some(Span::new(first, last.max(first)))
}

/// The citation's stored context, as words.
struct Context {
    prefix: Option<String>,
    suffix: Option<String>,
}

impl Context {
    fn of(citation: &Citation) -> Context {
        let has_words = |s: &Option<String>| {
            s.as_ref()
                .filter(|s| !normalize::words(s).is_empty())
                .cloned()
        };
        Context {
            prefix: has_words(&citation.prefix),
            suffix: has_words(&citation.suffix),
        }
    }

    fn known(&self) -> bool {
        self.prefix.is_some() || self.suffix.is_some()
    }

    /// How well the text around `span` agrees with the stored context.
    fn candidate(&self, text: &str, span: Span, hint: Option<Span>) -> Candidate {
        let weighed: Vec<(f64, f64)> = [
            self.prefix
                .as_deref()
                .map(|p| (side(text, span, p, true), p.chars().count() as f64)),
            self.suffix
                .as_deref()
                .map(|s| (side(text, span, s, false), s.chars().count() as f64)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let sides: Vec<f64> = weighed.iter().map(|&(s, _)| s).collect();
        // Each side counts by its length: a side cut short by the file's start or end
        // (one character) says less than a whole one.
        let weight: f64 = weighed.iter().map(|&(_, w)| w).sum();
        let context = (!weighed.is_empty()).then(|| {
            weighed.iter().map(|&(s, w)| s * w).sum::<f64>() / weight.max(f64::MIN_POSITIVE)
        });
        Candidate {
            span,
            context,
            in_context: sides.is_empty() || sides.iter().any(|&s| s >= MIN_CONTEXT),
            fully_in_context: sides.iter().all(|&s| s >= MIN_CONTEXT),
            distance: hint.map_or(0, |h| h.start.abs_diff(span.start)),
        }
    }
}

/// Similarity of `stored` context with the text just before (`before`) or after `span`:
/// the stored words aligned on a slice of about twice their length, and 0 unless the
/// aligned text touches the span (nothing but spaces and punctuation between).
fn side(text: &str, span: Span, stored: &str, before: bool) -> f64 {
    let reach = stored.len() * 2 + 16;
    let slice = if before {
        let from = floor(text, span.start.saturating_sub(reach));
        Span::new(from, span.start)
    } else {
        let to = floor(text, (span.end + reach).min(text.len()));
        Span::new(span.end, to)
    };
    let piece = &text[slice.range()];
    let Some(a) = align::align(stored, piece) else {
        return 0.0;
    };
    let gap = if before {
        &piece[a.span.end..]
    } else {
        &piece[..a.span.start]
    };
    if normalize::words(gap).is_empty() {
        a.similarity
    } else {
        0.0
    }
}

/// The smallest char boundary of `text` at or after `at`.
fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The largest char boundary of `text` at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Every place in `text` that equals `exact` once runs of whitespace are collapsed on both
/// sides (a re-wrapped or re-indented file).
fn whitespace_matches(text: &str, exact: &str) -> Vec<Span> {
    let needle = collapse(exact).0;
    let needle = needle.trim();
    if needle.is_empty() {
        return Vec::new();
    }
    let (hay, map) = collapse(text);
    hay.match_indices(needle)
        .take(MAX_CANDIDATES)
        .map(|(at, m)| {
            let end = map.get(at + m.len()).copied().unwrap_or(text.len());
            Span::new(map[at], end)
        })
        .collect()
}

/// `text` with each run of whitespace turned into one space, and for each byte of the
/// result the byte of `text` it comes from (a run maps to its first byte).
fn collapse(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                map.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        out.push(c);
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    (out, map)
}

/// The closest quote in context, away from the exact places `taken`: the citation aligned word by
/// word on the whole text (when small and the citation has context) and on windows around
/// the old position and the stored context; the best context agreement, then the highest
/// similarity, wins.
fn close(
    text: &str,
    citation: &Citation,
    context: &Context,
    hint: Option<Span>,
    taken: &[Span],
) -> Option<(Candidate, align::Alignment)> {
    let words = normalize::words(&citation.exact).len();
    if words < MIN_FUZZY_WORDS {
        return None;
    }
    let reach = (citation.exact.len() * 3).max(2_048);
    let around = |at: usize| {
        Span::new(
            floor(text, at.saturating_sub(reach)),
            floor(text, (at + reach).min(text.len())),
        )
    };
    let mut windows = Vec::new();
    if context.known() && words.saturating_mul(text.len() / 5) <= MAX_WHOLE_CELLS {
        windows.push(Span::new(0, text.len()));
    }
    if let Some(h) = hint {
        windows.push(around(h.start.min(text.len())));
    }
    for (stored, is_prefix) in [(&context.prefix, true), (&context.suffix, false)] {
        let Some(stored) = stored.as_deref().map(str::trim) else {
            continue;
        };
        let probe = if is_prefix {
            &stored[ceil(stored, stored.len().saturating_sub(PROBE_BYTES))..]
        } else {
            &stored[..floor(stored, stored.len().min(PROBE_BYTES))]
        };
        if probe.is_empty() {
            continue;
        }
        windows.extend(
            text.match_indices(probe)
                .take(MAX_CONTEXT_HITS)
                .map(|(at, _)| around(at)),
        );
    }
    windows.sort();
    windows.dedup();
    let near = |span: Span| match hint {
        _ if context.known() => true,
        Some(h) => span.start.abs_diff(h.start) <= reach,
        None => true,
    };
    let mut found: Option<(Candidate, align::Alignment)> = None;
    for window in windows {
        let Some(a) = align::align(&citation.exact, &text[window.range()]) else {
            continue;
        };
        let span = Span::from(a.span.clone()).shift(window.start);
        let least = if context.known() {
            MIN_SIMILARITY
        } else {
            MIN_SIMILARITY_WITHOUT_CONTEXT
        };
        if a.similarity < least
            || !near(span)
            || taken
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
        {
            continue;
        }
        let candidate = context.candidate(text, span, hint);
        if !candidate.fully_in_context {
            continue;
        }
        let key = |c: &Candidate, a: &align::Alignment| {
            (c.context.unwrap_or(0.0), a.similarity, Reverse(c.distance))
        };
        if found
            .as_ref()
            .is_none_or(|(c, best)| key(&candidate, &a) > key(c, best))
        {
            found = Some((candidate, a));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::selector::{Selector, selectors};
    use proptest::prelude::*;

    const TEXT: &str = "The ministry published its report on Monday. Inflation stood at 3,5% in March, \
the statistics office said, and wages rose by 2%. Critics called the figures misleading. \
The opposition demanded a new inquiry into the budget.";

    /// The citation cite would print for `quote` in `text`: span and selectors.
    fn cite(text: &str, quote: &str) -> Citation {
        let start = text.find(quote).expect("quote in text");
        cite_span(text, Span::new(start, start + quote.len()))
    }

    /// The citation cite would print for `span` of `text`.
    fn cite_span(text: &str, span: Span) -> Citation {
        let Selector::TextQuoteSelector(q) = selectors(text, span).remove(0) else {
            unreachable!()
        };
        Citation {
            exact: q.exact,
            span: Some(span),
            chars: None,
            prefix: Some(q.prefix),
            suffix: Some(q.suffix),
        }
    }

    fn at(text: &str, r: &Resolved) -> String {
        text[r.span.expect("span").range()].to_string()
    }

    #[test]
    fn unchanged_and_moved() {
        let quote = "Inflation stood at 3,5% in March";
        let c = cite(TEXT, quote);
        assert_eq!(resolve(TEXT, &c).anchor, Anchor::Unchanged);
        let edited = format!("A new opening sentence. {TEXT}");
        let r = resolve(&edited, &c);
        assert_eq!(r.anchor, Anchor::Moved);
        assert_eq!(at(&edited, &r), quote);
    }

    #[test]
    fn a_changed_number_is_changed_never_moved() {
        let c = cite(
            TEXT,
            "Inflation stood at 3,5% in March, the statistics office said",
        );
        let edited = TEXT.replace("3,5%", "2,7%");
        let r = resolve(&edited, &c);
        assert_eq!(r.anchor, Anchor::Changed);
        assert_eq!(
            at(&edited, &r),
            "Inflation stood at 2,7% in March, the statistics office said"
        );
        assert_eq!(r.differences.len(), 1);
        assert_eq!(
            (
                r.differences[0].quote.as_str(),
                r.differences[0].source.as_str()
            ),
            ("3,5", "2,7")
        );
    }

    #[test]
    fn rewrapped_text_is_moved() {
        let quote = "the statistics office said, and wages rose by 2%";
        let c = cite(TEXT, quote);
        let edited = TEXT.replace("office said, and", "office\n  said,\nand");
        let r = resolve(&edited, &c);
        assert_eq!(r.anchor, Anchor::Moved);
        assert_eq!(
            at(&edited, &r),
            "the statistics office\n  said,\nand wages rose by 2%"
        );
    }

    #[test]
    fn a_deleted_sentence_is_orphaned() {
        let c = cite(TEXT, "Critics called the figures misleading.");
        let edited = TEXT.replace("Critics called the figures misleading. ", "");
        assert_eq!(resolve(&edited, &c), Resolved::orphaned());
    }

    #[test]
    fn context_chooses_among_duplicates() {
        let text = "Alpha said the talks failed completely. Then beta came. \
Gamma said the talks failed completely. Then delta left.";
        let start = text.rfind("the talks failed").unwrap();
        let span = Span::new(start, start + "the talks failed completely".len());
        let Selector::TextQuoteSelector(q) = selectors(text, span).remove(0) else {
            unreachable!()
        };
        let c = Citation {
            exact: q.exact,
            span: Some(Span::new(0, 3)),
            prefix: Some(q.prefix),
            suffix: Some(q.suffix),
            chars: None,
        };
        let edited = format!("Inserted. {text}");
        let r = resolve(&edited, &c);
        assert_eq!(r.anchor, Anchor::Moved);
        assert_eq!(
            r.span.unwrap().start,
            edited.rfind("the talks failed").unwrap()
        );
    }

    #[test]
    fn a_short_quote_out_of_context_is_orphaned() {
        let text = "Robin wrote the first draft in May. The editor, Robin, approved it in June.";
        let c = cite(text, "Robin, approved");
        let edited = text.replace("Robin, approved", "Elisa, approved");
        assert_eq!(resolve(&edited, &c).anchor, Anchor::Orphaned);
        let c = cite(text, "The editor, Robin");
        let r = resolve(&text.replace("The editor, Robin", "The editor, Elisa"), &c);
        assert_eq!(r.anchor, Anchor::Orphaned, "{r:?}");
    }

    #[test]
    fn a_moved_paragraph_beats_a_lookalike_elsewhere() {
        let a =
            "b) Accompany the object code with a copy of the GNU GPL and this license document.";
        let b =
            "b) Accompany the Combined Work with a copy of the GNU GPL and this license document.";
        let filler = "Unrelated words fill this part of the file. ".repeat(12);
        let far = "Other words keep the end of the file away. ".repeat(80);
        let text = format!(
            "a) Give notice.\n\n{a}\n\nc) Do the rest.\n\n{filler}\n\na) Give notice.\n\n{b}\n\nc) Do the rest.\n\n{far}\n\nEnd."
        );
        let c = cite(&text, a);
        let edited = format!("{}\n\n{a}", text.replacen(&format!("{a}\n\n"), "", 1));
        let r = resolve(&edited, &c);
        assert_eq!(r.anchor, Anchor::Moved, "{r:?}");
        assert_eq!(r.span.unwrap().start, edited.rfind(a).unwrap());
    }

    #[test]
    fn code_points_stand_in_for_bytes() {
        let text = "“Quoted” words here, then “more” words there.";
        let quote = "words there";
        let start = text.find(quote).unwrap();
        let chars = text[..start].chars().count();
        let c = Citation {
            exact: quote.into(),
            chars: Some((chars, chars + quote.len())),
            ..Citation::default()
        };
        assert_eq!(resolve(text, &c).anchor, Anchor::Unchanged);
    }

    #[test]
    fn absurd_positions_are_only_hints() {
        let quote = "Inflation stood at 3,5% in March";
        let big = usize::MAX - 1;
        for (span, chars) in [
            (Some(Span::new(big, big)), None),
            (None, Some((big, big))),
            (None, Some((50, 3))),
        ] {
            let c = Citation {
                exact: quote.into(),
                span,
                chars,
                ..Citation::default()
            };
            let r = resolve(TEXT, &c);
            assert!(r.anchor.holds(), "{r:?}");
            assert_eq!(at(TEXT, &r), quote);
        }
    }

    proptest! {
        #[test]
        fn insertions_before_a_cited_span_move_it(
            start in 0usize..180, len in 1usize..60, insert in "[a-zé ]{1,40}"
        ) {
            let text = TEXT;
            let start = (0..=start.min(text.len() - 1)).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let end = (start + len).min(text.len());
            let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
            let c = cite_span(text, Span::new(start, end));
            prop_assert_eq!(resolve(text, &c).anchor, Anchor::Unchanged);
            let edited = format!("{insert}{text}");
            let r = resolve(&edited, &c);
            prop_assert_eq!(r.anchor, Anchor::Moved);
            prop_assert_eq!(r.span, Some(Span::new(start, end).shift(insert.len())));
        }
    }
}
