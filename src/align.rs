//! Word-level alignment of a quote against a source passage, for reporting misquotes.

use std::cmp::Reverse;
use std::ops::Range;

use serde::Serialize;

use crate::dates::{self, Date};
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

/// A word of the alignment: a word of the text, or a whole date written in words.
struct Unit {
    folded: String,
    span: Range<usize>,
    date: Option<Date>,
    /// For a date: its words, folded, with their spans.
    parts: Vec<(String, Range<usize>)>,
}

impl Unit {
    /// Words the unit stands for.
    fn weight(&self) -> usize {
        self.parts.len().max(1)
    }
}

/// The words of `text`, each date merged into one unit.
fn units(text: &str) -> Vec<Unit> {
    let words = words(text);
    let found = dates::find(text, &words);
    let mut out = Vec::with_capacity(words.len());
    let mut dates = found.into_iter().peekable();
    let mut i = 0;
    while i < words.len() {
        if let Some((range, date)) = dates.next_if(|(r, _)| r.start == i) {
            let parts: Vec<(String, Range<usize>)> = words[range.clone()]
                .iter()
                .map(|w: &Word| (w.folded.clone(), w.span.clone()))
                .collect();
            let folded: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
            out.push(Unit {
                folded: folded.join(" "),
                span: words[range.start].span.start..words[range.end - 1].span.end,
                date: Some(date),
                parts,
            });
            i = range.end;
        } else {
            out.push(Unit {
                folded: words[i].folded.clone(),
                span: words[i].span.clone(),
                date: None,
                parts: Vec::new(),
            });
            i += 1;
        }
    }
    out
}

/// How a quote unit compares with a source unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Likeness {
    /// The same folded words.
    Equal,
    /// Other words for the same value: a date in another order.
    SameValue,
    /// Different.
    Different,
}

/// How `quote` compares with `source`.
fn likeness(quote: &Unit, source: &Unit) -> Likeness {
    if quote.folded == source.folded {
        Likeness::Equal
    } else if quote.date.is_some() && quote.date == source.date {
        Likeness::SameValue
    } else {
        Likeness::Different
    }
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

    /// The score after taking `step` over units of `words` (quote, source) words; `like`
    /// tells how a paired quote and source unit compare. Costs are in half word edits: a value
    /// written another way costs one, any other edit two per word.
    fn then(self, step: Step, like: Likeness, words: (usize, usize)) -> Score {
        let cost = match (step, like) {
            (Step::Pair, Likeness::Equal) => 0,
            (Step::Pair, Likeness::SameValue) => 1,
            (Step::Pair, Likeness::Different) => 2 * words.0.max(words.1),
            (Step::QuoteOnly, _) => 2 * words.0,
            (Step::SourceOnly, _) => 2 * words.1,
        };
        let source = if step == Step::QuoteOnly { 0 } else { words.1 };
        Score {
            cost: self.cost + cost,
            matches: self.matches + usize::from(step == Step::Pair && like != Likeness::Different),
            source_words: self.source_words + source,
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
    let quote_words = units(quote);
    let source_words = units(source);
    let (rows, cols) = (quote_words.len(), source_words.len());
    let quote_weight: usize = quote_words.iter().map(Unit::weight).sum();
    if rows == 0 || cols == 0 || rows.saturating_mul(cols) > MAX_CELLS {
        return None;
    }

    let width = cols + 1;
    let mut steps = vec![Step::SourceOnly; (rows + 1) * width];
    let mut previous = vec![Score::default(); width];
    let mut current = vec![Score::default(); width];
    for i in 1..=rows {
        let q = quote_words[i - 1].weight();
        current[0] = previous[0].then(Step::QuoteOnly, Likeness::Different, (q, 0));
        steps[i * width] = Step::QuoteOnly;
        for j in 1..=cols {
            let like = likeness(&quote_words[i - 1], &source_words[j - 1]);
            let w = (q, source_words[j - 1].weight());
            let (step, score) = [
                (Step::Pair, previous[j - 1].then(Step::Pair, like, w)),
                (
                    Step::QuoteOnly,
                    previous[j].then(Step::QuoteOnly, Likeness::Different, w),
                ),
                (
                    Step::SourceOnly,
                    current[j - 1].then(Step::SourceOnly, Likeness::Different, w),
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
        similarity: 1.0 - best.cost as f64 / (2 * quote_weight.max(best.source_words)) as f64,
        differences: differences(&path, (quote, &quote_words), (source, &source_words)),
        marks: marks(&path, &quote_words, &source_words),
    })
}

/// A step of the chosen path: the quote word and source word it covers, by index.
type PathStep = (Option<usize>, Option<usize>);

/// The runs of `path` that differ: consecutive differing steps form one run, and a value
/// written another way stands as a run of its own.
fn runs(path: &[PathStep], quote: &[Unit], source: &[Unit]) -> Vec<(Vec<PathStep>, bool)> {
    let mut out = Vec::new();
    let mut run: Vec<PathStep> = Vec::new();
    for &step in path {
        let like = match step {
            (Some(q), Some(s)) => likeness(&quote[q], &source[s]),
            _ => Likeness::Different,
        };
        if like != Likeness::Different && !run.is_empty() {
            out.push((std::mem::take(&mut run), false));
        }
        match like {
            Likeness::Equal => {}
            Likeness::SameValue => out.push((vec![step], true)),
            Likeness::Different => run.push(step),
        }
    }
    if !run.is_empty() {
        out.push((run, false));
    }
    out
}

/// For a run that pairs two dates written in the same order (`3 March` against `4 March`):
/// the runs of their differing words, as (quote span, source span).
fn date_words(
    run: &[PathStep],
    quote: &[Unit],
    source: &[Unit],
) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    let [(Some(q), Some(s))] = run else {
        return None;
    };
    let (q, s) = (&quote[*q].parts, &source[*s].parts);
    let month_at = |parts: &[(String, Range<usize>)]| {
        parts
            .iter()
            .position(|(word, _)| dates::month(word).is_some())
    };
    if q.is_empty() || q.len() != s.len() || month_at(q) != month_at(s) {
        return None;
    }
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut previous_differs = false;
    for (a, b) in q.iter().zip(s) {
        let differs = a.0 != b.0;
        match out.last_mut() {
            Some(last) if differs && previous_differs => {
                last.0.end = a.1.end;
                last.1.end = b.1.end;
            }
            _ if differs => out.push((a.1.clone(), b.1.clone())),
            _ => {}
        }
        previous_differs = differs;
    }
    Some(out)
}

/// Groups the differing steps of `path` into runs of original text.
fn differences(
    path: &[PathStep],
    quote: (&str, &[Unit]),
    source: (&str, &[Unit]),
) -> Vec<Difference> {
    let mut out = Vec::new();
    for (run, same_value) in runs(path, quote.1, source.1) {
        if !same_value && let Some(words) = date_words(&run, quote.1, source.1) {
            out.extend(words.into_iter().map(|(q, s)| Difference {
                quote: quote.0[q].to_owned(),
                source: source.0[s].to_owned(),
                same_value: false,
            }));
            continue;
        }
        out.push(Difference {
            quote: run_text(quote, run.iter().filter_map(|&(q, _)| q)),
            source: run_text(source, run.iter().filter_map(|&(_, s)| s)),
            same_value,
        });
    }
    out
}

/// The source byte ranges of the differing runs of `path` that hold source words.
fn marks(path: &[PathStep], quote: &[Unit], source: &[Unit]) -> Vec<Range<usize>> {
    runs(path, quote, source)
        .into_iter()
        .flat_map(|(run, same_value)| match date_words(&run, quote, source) {
            Some(words) if !same_value => words.into_iter().map(|(_, s)| s).collect(),
            _ => marks_of(&run, source).into_iter().collect::<Vec<_>>(),
        })
        .collect()
}

/// The source bytes from the first to the last source word of `run`, if any.
fn marks_of(run: &[PathStep], source: &[Unit]) -> Option<Range<usize>> {
    let mut words = run.iter().filter_map(|&(_, s)| s);
    let first = words.next()?;
    let last = words.next_back().unwrap_or(first);
    Some(source[first].span.start..source[last].span.end)
}

/// The original text from the first to the last of the given words (empty if none).
fn run_text((text, words): (&str, &[Unit]), mut indices: impl Iterator<Item = usize>) -> String {
    let Some(first) = indices.next() else {
        return String::new();
    };
    let last = indices.last().unwrap_or(first);
    text[words[first].span.start..words[last].span.end].to_owned()
}

/// Largest quote-chunks × source-chunks table [`punctuation`] fills.
const MAX_CHUNK_CELLS: usize = 1_000_000;

/// How `quote` and `source`, whose words agree, differ in what surrounds their words:
/// each run of whitespace-separated chunks that differ once folded (case, spacing, quote
/// marks and dashes folded as for a normalized match), as a difference in their original
/// text (`Kabul,` for `Kabul`, `Afghan` for `“Afghan`), with the source bytes of each run.
pub fn punctuation(quote: &str, source: &str) -> (Vec<Difference>, Vec<Range<usize>>) {
    let chunks = |text: &str| {
        let folded = crate::normalize::fold(text);
        let mut out: Vec<(String, Range<usize>)> = Vec::new();
        let mut at = 0;
        for piece in folded.text.split_whitespace() {
            let start = at + folded.text[at..].find(piece).unwrap_or(0);
            at = start + piece.len();
            out.push((piece.to_string(), folded.original_range(start..at)));
        }
        out
    };
    let (q, s) = (chunks(quote), chunks(source));
    let (rows, cols) = (q.len(), s.len());
    if rows.saturating_mul(cols) > MAX_CHUNK_CELLS {
        return (Vec::new(), Vec::new());
    }
    // Longest common subsequence of chunks, from the end, then walked from the start.
    let width = cols + 1;
    let mut common = vec![0usize; (rows + 1) * width];
    for i in (0..rows).rev() {
        for j in (0..cols).rev() {
            common[i * width + j] = if q[i].0 == s[j].0 {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    // Runs of chunks off the common subsequence, as (quote chunks, source chunks).
    let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < rows || j < cols {
        if i < rows && j < cols && q[i].0 == s[j].0 {
            i += 1;
            j += 1;
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.0.end == i && run.1.end == j => {}
            _ => runs.push((i..i, j..j)),
        }
        if j < cols && (i == rows || common[i * width + j + 1] >= common[(i + 1) * width + j]) {
            j += 1;
        } else {
            i += 1;
        }
        let run = runs.last_mut().expect("a run was opened");
        (run.0.end, run.1.end) = (i, j);
    }
    // A run of as many chunks on each side pairs them one to one (the words agree).
    let runs: Vec<(Range<usize>, Range<usize>)> = runs
        .into_iter()
        .flat_map(|(qr, sr)| {
            if qr.len() == sr.len() {
                qr.zip(sr).map(|(i, j)| (i..i + 1, j..j + 1)).collect()
            } else {
                vec![(qr, sr)]
            }
        })
        .collect();
    let bytes = |chunks: &[(String, Range<usize>)], run: &Range<usize>| {
        (!run.is_empty()).then(|| chunks[run.start].1.start..chunks[run.end - 1].1.end)
    };
    let text = |text: &str, range: &Option<Range<usize>>| {
        range.clone().map_or(String::new(), |r| text[r].to_string())
    };
    let differences = runs
        .iter()
        .map(|(qr, sr)| Difference {
            quote: text(quote, &bytes(&q, qr)),
            source: text(source, &bytes(&s, sr)),
            same_value: false,
        })
        .collect();
    let marks = runs.iter().filter_map(|(_, sr)| bytes(&s, sr)).collect();
    (differences, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_names_the_chunks_that_differ() {
        let pairs = |quote: &str, source: &str| {
            let (d, marks) = punctuation(quote, source);
            for m in &marks {
                assert!(source.is_char_boundary(m.start) && source.is_char_boundary(m.end));
            }
            d.into_iter()
                .map(|d| (d.quote, d.source))
                .collect::<Vec<_>>()
        };
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            pairs("a true Afghan syndrome", "a true “Afghan syndrome"),
            [s("Afghan", "“Afghan")]
        );
        assert_eq!(
            pairs("in Kabul, during the year", "in Kabul during the year"),
            [s("Kabul,", "Kabul")]
        );
        assert_eq!(
            pairs("THE MURKY U.S. TALIBAN DEAL", "The murky U.S.-Taliban Deal"),
            [s("U.S. TALIBAN", "U.S.-Taliban")]
        );
        assert_eq!(pairs("“Same” — text", "\"same\" - Text"), []);
        assert_eq!(pairs("a, b", "a b."), [s("a,", "a"), s("b", "b.")]);
    }

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
    fn a_date_in_another_order_is_one_difference_of_the_same_value() {
        let source = "As a result, on July 8, 2025, the International Criminal Court acted.";
        let a = align("on 8 July 2025 the International Criminal Court", source).expect("aligned");
        assert_eq!(
            &source[a.span.clone()],
            "on July 8, 2025, the International Criminal Court"
        );
        let mut expected = diff("8 July 2025", "July 8, 2025");
        expected.same_value = true;
        assert_eq!(a.differences, [expected]);
        assert!(a.similarity < 1.0 && a.similarity > 0.9, "{}", a.similarity);
        let a = align("on 9 July 2025 the International Criminal Court", source).expect("aligned");
        assert_eq!(a.differences, [diff("9 July 2025", "July 8, 2025")]);
        let a =
            align("on July 9, 2025, the International Criminal Court", source).expect("aligned");
        assert_eq!(a.differences, [diff("9", "8")]);
        let marked: Vec<&str> = a.marks.iter().map(|m| &source[m.clone()]).collect();
        assert_eq!(marked, ["8"]);
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
