//! Word-level alignment of a quote against a source passage, for reporting misquotes.

use std::cmp::Reverse;
use std::ops::Range;

use serde::Serialize;

use crate::normalize::{Word, words};

/// Largest quote-words × source-words table `align` will fill (about 4 MB of moves).
const MAX_CELLS: usize = 4_000_000;

/// How a quote lines up with the best-matching window of a source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Byte range of the matched window in the source text (original bytes; starts at the first aligned source word, ends at the last).
    pub span: Range<usize>,
    /// 0..=1: 1 - edit_distance / max(quote_words, window_words).
    pub similarity: f64,
    /// Runs of differing words, in order.
    pub differences: Vec<Difference>,
    /// Byte ranges of the source words that differ from the quote (substituted or missing from it), in order.
    pub marks: Vec<Range<usize>>,
}

/// One run of differing words: what the quote says and what the source says (either may be empty, for an added or dropped word).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The quote's original text for the run.
    pub quote: String,
    /// The source's original text for the run.
    pub source: String,
    /// True when both sides state the same value written another way (a date in another
    /// order); the words still differ, so the quote is still a misquote.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub same_value: bool,
}

/// One step of an alignment path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A quote word against a source word (equal or substituted).
    Pair,
    /// A quote word with no source counterpart.
    QuoteOnly,
    /// A source word with no quote counterpart.
    SourceOnly,
}

/// The score of the best path into a table cell.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    cost: usize,
    matches: usize,
    source_words: usize,
}

impl Score {
    /// Ordering key: fewest edits, then most equal words, then the widest window.
    fn key(self) -> (usize, Reverse<usize>, Reverse<usize>) {
        (self.cost, Reverse(self.matches), Reverse(self.source_words))
    }

    /// The score after taking `step`; `equal` tells whether a paired quote and source word match.
    fn then(self, step: Step, equal: bool) -> Score {
        let matched = step == Step::Pair && equal;
        Score {
            cost: self.cost + usize::from(!matched),
            matches: self.matches + usize::from(matched),
            source_words: self.source_words + usize::from(step != Step::QuoteOnly),
        }
    }
}

/// Aligns `quote` against `source`; None when either has no words, or when
/// quote words × source words exceeds four million (callers should pass a
/// passage, not a whole document).
///
/// The whole quote is aligned against the best window of the source, by
/// word-level edit distance on folded words. Among equally close windows the
/// one with the most equal words is chosen, then the widest, so a changed
/// word at either end of the quote is paired with the neighbouring source word.
pub fn align(quote: &str, source: &str) -> Option<Alignment> {
    let quote_words = words(quote);
    let source_words = words(source);
    let (rows, cols) = (quote_words.len(), source_words.len());
    if rows == 0 || cols == 0 || rows.saturating_mul(cols) > MAX_CELLS {
        return None;
    }

    let width = cols + 1;
    let mut steps = vec![Step::SourceOnly; (rows + 1) * width];
    let mut previous = vec![Score::default(); width];
    let mut current = vec![Score::default(); width];
    for i in 1..=rows {
        current[0] = previous[0].then(Step::QuoteOnly, false);
        steps[i * width] = Step::QuoteOnly;
        for j in 1..=cols {
            let equal = quote_words[i - 1].folded == source_words[j - 1].folded;
            let (step, score) = [
                (Step::Pair, previous[j - 1].then(Step::Pair, equal)),
                (Step::QuoteOnly, previous[j].then(Step::QuoteOnly, false)),
                (
                    Step::SourceOnly,
                    current[j - 1].then(Step::SourceOnly, false),
                ),
            ]
            .into_iter()
            .min_by_key(|&(_, score)| score.key())?;
            current[j] = score;
            steps[i * width + j] = step;
        }
        std::mem::swap(&mut previous, &mut current);
    }

    let (end, best) = previous
        .iter()
        .enumerate()
        .skip(1)
        .min_by_key(|&(_, score)| score.key())?;

    let mut path = Vec::with_capacity(rows + best.source_words);
    let (mut i, mut j) = (rows, end);
    while i > 0 {
        let step = steps[i * width + j];
        let quote_word = (step != Step::SourceOnly).then(|| i - 1);
        let source_word = (step != Step::QuoteOnly).then(|| j - 1);
        path.push((quote_word, source_word));
        i -= usize::from(quote_word.is_some());
        j -= usize::from(source_word.is_some());
    }
    path.reverse();

    let mut window = path.iter().filter_map(|&(_, s)| s);
    let first = window.next()?;
    let last = window.next_back().unwrap_or(first);
    Some(Alignment {
        span: source_words[first].span.start..source_words[last].span.end,
        similarity: 1.0 - best.cost as f64 / rows.max(best.source_words) as f64,
        differences: differences(&path, (quote, &quote_words), (source, &source_words)),
        marks: marks(&path, &quote_words, &source_words),
    })
}

/// A step of the chosen path: the quote word and source word it covers, by index.
type PathStep = (Option<usize>, Option<usize>);

/// Groups the differing steps of `path` into runs of original text.
fn differences(
    path: &[PathStep],
    quote: (&str, &[Word]),
    source: (&str, &[Word]),
) -> Vec<Difference> {
    let is_equal = |&(q, s): &PathStep| match (q, s) {
        (Some(q), Some(s)) => quote.1[q].folded == source.1[s].folded,
        _ => false,
    };
    path.split(is_equal)
        .filter(|run| !run.is_empty())
        .map(|run| Difference {
            quote: run_text(quote, run.iter().filter_map(|&(q, _)| q)),
            source: run_text(source, run.iter().filter_map(|&(_, s)| s)),
            same_value: false,
        })
        .collect()
}

/// The source byte ranges of the differing runs of `path` that hold source words.
fn marks(path: &[PathStep], quote: &[Word], source: &[Word]) -> Vec<Range<usize>> {
    path.split(
        |&(q, s)| matches!((q, s), (Some(q), Some(s)) if quote[q].folded == source[s].folded),
    )
    .filter_map(|run| {
        let mut words = run.iter().filter_map(|&(_, s)| s);
        let first = words.next()?;
        let last = words.next_back().unwrap_or(first);
        Some(source[first].span.start..source[last].span.end)
    })
    .collect()
}

/// The original text from the first to the last of the given words (empty if none).
fn run_text((text, words): (&str, &[Word]), mut indices: impl Iterator<Item = usize>) -> String {
    let Some(first) = indices.next() else {
        return String::new();
    };
    let last = indices.last().unwrap_or(first);
    text[words[first].span.start..words[last].span.end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(quote: &str, source: &str) -> Difference {
        Difference {
            quote: quote.to_owned(),
            source: source.to_owned(),
            same_value: false,
        }
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn substituted_word() {
        let source = "In 2019 the group met. The Taliban also hosted several US delegations in Kabul, officials said.";
        let a = align("The Taliban also hosted several UK delegations", source).expect("aligned");
        assert_eq!(
            &source[a.span.clone()],
            "The Taliban also hosted several US delegations"
        );
        assert_close(a.similarity, 1.0 - 1.0 / 7.0);
        assert_eq!(a.differences, [diff("UK", "US")]);
        let marked: Vec<&str> = a.marks.iter().map(|m| &source[m.clone()]).collect();
        assert_eq!(marked, ["US"]);
    }

    #[test]
    fn dropped_word() {
        let a =
            align("did improve", "Relations did not improve after the talks.").expect("aligned");
        assert_eq!(a.differences, [diff("", "not")]);
        let source = "Relations did not improve after the talks.";
        let marked: Vec<&str> = a.marks.iter().map(|m| &source[m.clone()]).collect();
        assert_eq!(marked, ["not"]);
        assert_close(a.similarity, 1.0 - 1.0 / 3.0);
    }

    #[test]
    fn added_word() {
        let source = "He said the delegation left. Then nothing.";
        let a = align("the delegation quickly left", source).expect("aligned");
        assert_eq!(&source[a.span], "the delegation left");
        assert_eq!(a.differences, [diff("quickly", "")]);
        assert!(
            a.marks.is_empty(),
            "an added word marks nothing in the source"
        );
    }

    #[test]
    fn edge_word_pairs_with_neighbour() {
        let source = "He said the delegation left. Then nothing.";
        let a = align("the delegation left quickly", source).expect("aligned");
        assert_eq!(&source[a.span], "the delegation left. Then");
        assert_eq!(a.differences, [diff("quickly", "Then")]);
    }

    #[test]
    fn changed_number() {
        let a = align(
            "the death toll rose to 161",
            "Officials said the death toll rose to 116 on Monday.",
        )
        .expect("aligned");
        assert_eq!(a.differences, [diff("161", "116")]);
    }

    #[test]
    fn changed_name_merges_adjacent_edits() {
        let a = align(
            "Secretary-General Kofi Annan said",
            "UN Secretary-General António Guterres said on Tuesday",
        )
        .expect("aligned");
        assert_eq!(a.differences, [diff("Kofi Annan", "António Guterres")]);
        assert_close(a.similarity, 1.0 - 2.0 / 5.0);
    }

    #[test]
    fn exact_match_with_typography() {
        let source = "the so-called “Afghan syndrome,” said António Guterres";
        let a = align("\"Afghan syndrome,\" said Antonio", source).expect("aligned");
        assert_eq!(&source[a.span], "Afghan syndrome,” said António");
        assert_close(a.similarity, 1.0);
        assert!(a.differences.is_empty());
    }

    #[test]
    fn differences_keep_original_typography() {
        let source = "a “Taliban’s” É claim";
        let a = align("a Talibans E claim", source).expect("aligned");
        assert_eq!(a.differences, [diff("Talibans", "Taliban’s")]);
    }

    #[test]
    fn no_words_gives_none() {
        assert_eq!(align("", "some text"), None);
        assert_eq!(align("some text", ""), None);
        assert_eq!(align("“ — … ”", "some text"), None);
        assert_eq!(align("some text", "?!"), None);
    }

    #[test]
    fn unrelated_text_still_aligns() {
        let a = align("alpha beta", "gamma delta epsilon").expect("aligned");
        assert_close(a.similarity, 0.0);
        assert_eq!(a.differences.len(), 1);
    }

    #[test]
    fn oversized_input_gives_none() {
        let quote = "word ".repeat(3_000);
        let source = "other ".repeat(2_000);
        assert_eq!(align(&quote, &source), None);
    }
}
