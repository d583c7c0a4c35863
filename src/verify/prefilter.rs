//! Whether folding a file can find a normalized occurrence of a quote that its exact
//! matches do not already cover, decided on the raw text without folding it.
//!
//! Folding ASCII text keeps every letter, lowercased and in order: it only collapses
//! whitespace, unifies dashes, drops grouping commas between digits, spells `%` as `percent`
//! and joins `per cent`. So a normalized occurrence of a quote in ASCII text holds each word
//! of the quote's letters, any case, within its own bytes — as a whole word when the quote
//! has other characters on both sides of it. When one such word stands nowhere in the file
//! outside the exact matches, neither does a normalized occurrence, and the file need not
//! be folded.

use crate::span::Span;

/// False when the part `within` of `text`, folded, provably holds no occurrence of `folded`
/// (a folded quote) whose bytes lie outside every span of `exact` (sorted, disjoint, spans
/// of `text`); true when it may.
pub(super) fn may_hold(text: &str, within: Span, folded: &str, exact: &[Span]) -> bool {
    let text = &text[within.range()];
    if !text.is_ascii() {
        return true;
    }
    if !folded.is_ascii() {
        // ASCII text folds to ASCII.
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let overlaps_exact = |s: Span| {
        let s = s.shift(within.start);
        let i = exact.partition_point(|e| e.end <= s.start);
        exact.get(i).is_some_and(|e| e.start < s.end)
    };
    !letter_runs(folded)
        .filter(|&(start, end)| eligible(&folded[start..end]))
        .any(|(start, end)| {
            let whole = start > 0 && end < folded.len();
            occurrences(&lower, &folded[start..end], whole).all(overlaps_exact)
        })
}

/// The byte ranges of the runs of ASCII lowercase letters in `folded`.
fn letter_runs(folded: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = folded.as_bytes();
    let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_lowercase);
    (0..bytes.len())
        .filter(move |&i| letter(i) && (i == 0 || !letter(i - 1)))
        .map(move |start| {
            let len = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_lowercase())
                .unwrap_or(bytes.len() - start);
            (start, start + len)
        })
}

/// True for a word whose letters in folded text always come from the same letters of the
/// source: not one that the `percent` folded from `%` or `per cent` may make or begin.
fn eligible(word: &str) -> bool {
    const PERCENT: &str = "percent";
    !PERCENT.contains(word) && !(0..PERCENT.len()).any(|k| word.starts_with(&PERCENT[k..]))
}

/// The spans of `lower` (ASCII, lowercased) holding `word`; only those with no letter on
/// either side when `whole`.
fn occurrences<'t>(lower: &'t str, word: &'t str, whole: bool) -> impl Iterator<Item = Span> + 't {
    let bytes = lower.as_bytes();
    let letter = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_lowercase)
    };
    lower
        .match_indices(word)
        .map(|(at, _)| Span::new(at, at + word.len()))
        .filter(move |s| !whole || !(letter(s.start.checked_sub(1)) || letter(Some(s.end))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;
    use proptest::prelude::*;

    fn all(text: &str) -> Span {
        Span::new(0, text.len())
    }

    #[test]
    fn a_missing_word_rules_the_file_out() {
        let text = "The City Executive Committee had charge of the election.";
        let q = |s: &str| normalize::fold(s).text;
        assert!(may_hold(text, all(text), &q("executive COMMITTEE"), &[]));
        assert!(!may_hold(text, all(text), &q("executive council"), &[]));
        let exact = [Span::new(9, 28)];
        assert!(!may_hold(
            text,
            all(text),
            &q("Executive Committee"),
            &exact
        ));
        assert!(may_hold(text, all(text), &q("the election"), &exact));
        // Inner words count whole; edge words may be cut.
        assert!(!may_hold(text, all(text), &q("city execut committee"), &[]));
        assert!(may_hold(text, all(text), &q("ity executive commit"), &[]));
        assert!(!may_hold(text, all(text), &q("café"), &[]));
        assert!(may_hold(
            "un café noir",
            all("un café noir"),
            &q("cafe"),
            &[]
        ));
    }

    #[test]
    fn percent_words_are_not_relied_on() {
        for (text, quote) in [
            ("rose 5% in May", "5 percent in"),
            ("rose 5 per cent in May", "5 percent in"),
            ("rose 5%x", "percentx"),
            ("rose 5%", "cent"),
        ] {
            assert!(
                may_hold(text, all(text), &normalize::fold(quote).text, &[]),
                "{text}"
            );
        }
    }

    /// A text of words, numbers, percentages, marks and whitespace of every kind.
    fn ascii_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("per".to_string()),
            Just("cent".to_string()),
            Just("percent".to_string()),
            "[a-cA-C]{1,4}",
            "[0-9]{1,4}",
            "[ \n\t]{1,3}",
            "[-,.%'\"`]",
        ];
        proptest::collection::vec(piece, 1..40).prop_map(|p| p.concat())
    }

    proptest! {
        /// Whenever it says no, folding the part of the text looked at finds no occurrence
        /// outside the exact ones.
        #[test]
        fn no_means_folding_finds_nothing_new(
            text in ascii_text(),
            from in 0usize..200,
            len in 1usize..40,
            upper in any::<bool>(),
            typo in proptest::option::of(0usize..40),
            part in proptest::option::of((0usize..200, 0usize..200)),
        ) {
            let from = from % text.len();
            let raw = &text[from..(from + len).min(text.len())];
            let mut quote = if upper { raw.to_ascii_uppercase() } else { raw.to_string() };
            if let Some(at) = typo.filter(|&at| at < quote.len()) {
                quote.replace_range(at..at + 1, "b");
            }
            let folded_quote = normalize::fold(&quote).text;
            prop_assume!(!folded_quote.is_empty());
            let mut exact: Vec<Span> = text
                .match_indices(quote.as_str())
                .map(|(at, m)| Span::new(at, at + m.len()))
                .collect();
            exact.sort();
            let within = part.map_or(all(&text), |(a, b)| {
                let (a, b) = (a % (text.len() + 1), b % (text.len() + 1));
                Span::new(a.min(b), a.max(b))
            });
            if may_hold(&text, within, &folded_quote, &exact) {
                return Ok(());
            }
            let folded = normalize::fold(&text[within.range()]);
            for (at, m) in folded.text.match_indices(folded_quote.as_str()) {
                let span = Span::from(folded.original_range(at..at + m.len())).shift(within.start);
                let overlaps = exact.iter().any(|e| e.start < span.end && span.start < e.end);
                prop_assert!(overlaps, "{text:?} holds {quote:?} folded at {span:?}");
            }
        }
    }
}
