//! The sentences of a passage judged one by one and in windows of two or three adjacent
//! ones, where the claim's content is split across them (`The latest report by UNAMA was
//! published … It covers the period from April to June 2025`).

use super::context::{self, Year};
use super::sentences;
use super::stance::{self, Analysed, Claim, Judgement, Stance};
use super::values;
use super::words;
use crate::span::Span;
use std::collections::HashSet;

/// How much more of the claim adjacent sentences must cover together than any of them
/// alone to be preferred as one piece of evidence.
const PAIR_GAIN: f64 = 0.2;
/// Adjacent sentences judged together, at most.
const MAX_WINDOW: usize = 3;
/// Least share of the claim's frame the sentence of a window that states a claim's number
/// or date covers itself: a date in the next sentence may be another event's.
const VALUE_SENTENCE_COVERAGE: f64 = 0.5;

/// A sentence or window of adjacent sentences of a passage, judged.
pub struct Judged {
    /// Its bytes (in the passage's text, then in the file's decoded text).
    pub span: Span,
    /// What it says of the claim.
    pub judgement: Judgement,
    /// Dates it writes without a year, completed from the document: their spans (like
    /// `span`) and where the year was read.
    pub years: Vec<(Span, Year)>,
    /// The claim's frame words it covers, and the claim's values it states (`#` and their
    /// index).
    covers: HashSet<String>,
    /// Whether it opens with a pronoun that refers back (`It covers…`, `They have…`).
    refers_back: bool,
}

/// Pronouns by which a sentence that opens with one continues the one before it.
const ANAPHORS: &[&str] = &[
    "it", "its", "they", "their", "he", "his", "she", "her", "this", "these", "those", "such",
];

/// Judges the text at `span` of `passage`.
fn judge_span(
    claim: &Claim,
    passage: &str,
    span: Span,
    keys: &mut words::Keys,
    document: &stance::Document,
    year_of: &dyn Fn(usize, u8, Option<u8>, Option<u8>) -> Option<Year>,
) -> Judged {
    let text = &passage[span.range()];
    let mut window = Analysed::new(text, keys);
    let years = context::complete(claim, &mut window, text, span.start, year_of)
        .into_iter()
        .map(|(date, year)| (date.shift(span.start), year))
        .collect();
    let judgement = stance::judge(claim, &window, document);
    let mut covers: HashSet<String> = claim
        .frame
        .iter()
        .filter(|f| (0..window.keys.len()).any(|i| window.content[i] && window.keys[i] == f.key))
        .map(|f| f.key.clone())
        .collect();
    for (k, cv) in claim.analysed.values.iter().enumerate() {
        if cv.kind != values::Kind::Name && window.values.iter().any(|v| cv.states(v)) {
            covers.insert(format!("#{k}"));
        }
    }
    let refers_back = window
        .tokens
        .first()
        .is_some_and(|t| ANAPHORS.contains(&t.exact.as_str()));
    Judged {
        span,
        judgement,
        years,
        covers,
        refers_back,
    }
}

/// The sentences (and windows of two or three adjacent sentences) of a passage that bear
/// on the claim, with their spans relative to the passage. `year_of` reads the year of a
/// date written without one from the document (its offset in the passage, month, day,
/// weekday).
pub fn judge_passage(
    claim: &Claim,
    passage: &str,
    keys: &mut words::Keys,
    document: &stance::Document,
    year_of: &dyn Fn(usize, u8, Option<u8>, Option<u8>) -> Option<Year>,
) -> Vec<Judged> {
    let spans = sentences::split(passage);
    let singles: Vec<Judged> = spans
        .iter()
        .map(|&s| judge_span(claim, passage, s, keys, document, year_of))
        .collect();
    let decided = |j: &Judged| {
        matches!(
            j.judgement.stance,
            Some(Stance::Supports | Stance::Contradicts)
        )
    };
    let mut out: Vec<Judged> = Vec::new();
    for first in 0..singles.len() {
        for last in first + 1..(first + MAX_WINDOW).min(singles.len()) {
            let parts = &singles[first..=last];
            if parts.iter().any(decided) || !each_contributes(parts) || !linked(parts) {
                continue;
            }
            // A number or date counts only from a sentence that is about the claim itself,
            // or that continues the one before with a pronoun.
            let values_placed = parts.iter().flat_map(|p| &p.covers).all(|c| {
                !c.starts_with('#')
                    || parts.iter().enumerate().any(|(k, p)| {
                        p.covers.contains(c)
                            && (p.judgement.coverage >= VALUE_SENTENCE_COVERAGE
                                || (k > 0 && p.refers_back))
                    })
            });
            if !values_placed {
                continue;
            }
            let span = Span::new(spans[first].start, spans[last].end);
            let mut joint = judge_span(claim, passage, span, keys, document, year_of);
            // A value in one sentence does not contradict a claim whose frame is in
            // another, and a claim spread over sentences needs more of its words.
            let j = &mut joint.judgement;
            let weak_support =
                j.stance == Some(Stance::Supports) && j.coverage < stance::PAIR_SUPPORT_COVERAGE;
            if j.stance == Some(Stance::Contradicts) || weak_support {
                j.stance = Some(Stance::Related);
                j.differences.clear();
            }
            let best_part = parts
                .iter()
                .map(|p| p.judgement.coverage)
                .fold(0.0, f64::max);
            if j.stance.is_some() && j.coverage >= best_part + PAIR_GAIN {
                out.push(joint);
            }
        }
    }
    out.extend(singles.into_iter().filter(|j| j.judgement.stance.is_some()));
    out
}

/// True when each sentence of a window after the first continues the one before it: they
/// share a word of the claim, or it opens with a pronoun.
fn linked(parts: &[Judged]) -> bool {
    parts.windows(2).all(|pair| {
        pair[1].refers_back
            || pair[1]
                .covers
                .iter()
                .any(|c| !c.starts_with('#') && pair[0].covers.contains(c))
    })
}

/// True when each sentence of a window covers some of the claim (a word or a value) that
/// the others do not.
fn each_contributes(parts: &[Judged]) -> bool {
    (0..parts.len()).all(|k| {
        parts[k].covers.iter().any(|c| {
            parts
                .iter()
                .enumerate()
                .all(|(o, p)| o == k || !p.covers.contains(c))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Synonyms;

    /// The stance and text of each window of `passage` judged for `claim`.
    fn windows(claim: &str, passage: &str) -> Vec<(Stance, String)> {
        let mut keys = words::Keys::new(Synonyms::Curated);
        let claim = Claim::new(claim, &mut keys, |_| 1.0);
        let document = stance::Document {
            has: &|_| true,
            common: &|_| false,
            named: &|_| false,
        };
        let mut out: Vec<(Stance, String)> =
            judge_passage(&claim, passage, &mut keys, &document, &|_, _, _, _| None)
                .into_iter()
                .filter_map(|j| Some((j.judgement.stance?, passage[j.span.range()].to_string())))
                .collect();
        out.sort();
        out
    }

    #[test]
    fn a_claim_split_over_three_sentences_is_supported_by_the_three() {
        let passage = "The harbour budget came up on Monday. The debate on the budget was long. Then the Norland council approved the budget unanimously. Then it rained.";
        let found = windows(
            "The Norland council approved the harbour budget unanimously after a long debate",
            passage,
        );
        assert_eq!(
            found[0],
            (
                Stance::Supports,
                "The harbour budget came up on Monday. The debate on the budget was long. Then the Norland council approved the budget unanimously.".to_string()
            ),
            "{found:#?}"
        );
        assert!(
            !found.iter().any(|(_, t)| t.contains("rained")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_sentence_that_adds_nothing_or_only_a_date_does_not_join() {
        // The date is another event's: the window would give it to the claim.
        let found = windows(
            "The Norland council approved the harbour budget in July 2031",
            "The Norland council approved the harbour budget. In July 2031, floods hit its coast.",
        );
        assert!(
            found
                .iter()
                .all(|(s, t)| *s != Stance::Supports && !t.contains("floods")),
            "{found:#?}"
        );
        // A sentence that continues the one before gives its date to it.
        let found = windows(
            "The latest Norland council report covers the period from April to June 2031",
            "The latest report of the Norland council came out on Friday. It covers the period from April to June 2031.",
        );
        assert_eq!(found[0].0, Stance::Supports, "{found:#?}");
        assert!(found[0].1.starts_with("The latest report"), "{found:#?}");
        // Three sentences that do not continue one another (no claim word shared, no
        // pronoun referring back): no window, though together they have every word.
        let found = windows(
            "The Norland council approved the harbour budget unanimously",
            "The Norland council met. The harbour was busy. The budget was approved unanimously.",
        );
        assert!(
            found.iter().all(|(_, t)| !t.contains("busy. The budget")),
            "{found:#?}"
        );
    }
}
