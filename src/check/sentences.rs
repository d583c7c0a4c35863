//! Splitting a passage into sentences, by byte spans; a line break counts as a space.

use crate::span::Span;

/// Words that end with a period without ending a sentence (lowercased, no period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "apr",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "vol",
    "pp", "cf", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
];

/// Characters that may close a sentence after its final punctuation.
const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

/// The sentences of `text`, as spans relative to it, without surrounding whitespace.
///
/// A sentence ends at `.`, `!`, `?` or `…` (and any closing quotes or brackets) followed by
/// whitespace and a capital letter, digit or opening quote; a period after an abbreviation
/// or a single letter (`U.S.`, `J. Smith`) does not end one.
pub fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') || (c == '.' && abbreviation(&text[..at])) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…') {
            j += 1;
        }
        while j < chars.len() && CLOSERS.contains(&chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let starts_next = k > j
            && chars.get(k).is_some_and(|&(_, n)| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(n, '“' | '"' | '‘' | '(' | '[' | '¿' | '¡')
            });
        if starts_next {
            push_trimmed(&mut out, text, start, end);
            start = chars[k].0;
            i = k;
        } else {
            i = j.max(i + 1);
        }
    }
    push_trimmed(&mut out, text, start, text.len());
    out
}

/// Bytes looked at on each side of a passage for the rest of a sentence it cuts.
const REACH: usize = 600;

/// The span `span` of `text` widened to whole sentences where the index cut a line inside
/// one (`… in the U.N.` | `General Assembly, …`): the sentences of its line, within
/// [`REACH`] bytes, that overlap it. A span starting or ending at a line break stays.
pub fn widen(text: &str, span: Span) -> Span {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let lo = line_start.max(floor(span.start.saturating_sub(REACH)));
    let hi = line_end.min(floor((span.end + REACH).min(text.len())));
    let region = &text[lo..hi];
    let overlapping: Vec<Span> = split(region)
        .into_iter()
        .map(|s| s.shift(lo))
        .filter(|s| s.start < span.end && span.start < s.end)
        .collect();
    match (overlapping.first(), overlapping.last()) {
        (Some(first), Some(last)) => Span::new(first.start.min(span.start), last.end.max(span.end)),
        _ => span,
    }
}

/// True when `before` (the text before a period) ends with an abbreviation or an initial.
pub(super) fn abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.trim_start_matches('.').to_lowercase();
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return true;
    }
    ABBREVIATIONS.contains(&word.as_str()) || (word.contains('.') && word.len() <= 6)
}

fn push_trimmed(out: &mut Vec<Span>, text: &str, start: usize, end: usize) {
    let piece = &text[start..end];
    let head = piece.len() - piece.trim_start().len();
    let tail = piece.trim_end().len();
    if head < tail {
        out.push(Span::new(start + head, start + tail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn splits_at_sentence_ends_with_closing_quotes() {
        let text = "He said: “in contact with 40 countries.” However, the site lists 29. Done!";
        assert_eq!(
            texts(text),
            [
                "He said: “in contact with 40 countries.”",
                "However, the site lists 29.",
                "Done!"
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_sentences() {
        let text = "The U.S. Senate met Dr. Jones and J. Smith at 3.5 p.m. on Monday. Next.";
        assert_eq!(
            texts(text),
            [
                "The U.S. Senate met Dr. Jones and J. Smith at 3.5 p.m. on Monday.",
                "Next."
            ]
        );
    }

    #[test]
    fn line_breaks_count_as_spaces() {
        let text = "A hard-wrapped\nsentence ends here.\nAnother one\nfollows.";
        assert_eq!(
            texts(text),
            [
                "A hard-wrapped\nsentence ends here.",
                "Another one\nfollows."
            ]
        );
    }

    #[test]
    fn a_passage_cut_inside_a_sentence_widens_to_it() {
        let text =
            "Before. On July 7, in the U.N. General Assembly, they voted. After.\nNext line.";
        let cut = text.find("General").unwrap();
        let end = text.find(" After").unwrap();
        let wide = widen(text, Span::new(cut, end));
        assert_eq!(
            &text[wide.range()],
            "On July 7, in the U.N. General Assembly, they voted."
        );
        let first = widen(text, Span::new(0, cut - 1));
        assert_eq!(
            &text[first.range()],
            "Before. On July 7, in the U.N. General Assembly, they voted."
        );
        // Whole lines stay as they are.
        let line = text.find("Next").unwrap();
        assert_eq!(
            widen(text, Span::new(line, text.len())),
            Span::new(line, text.len())
        );
    }

    proptest! {
        #[test]
        fn sentences_are_ordered_trimmed_and_cover_every_word(text in "[a-zA-Z .!?…”\n]{0,80}") {
            let spans = split(&text);
            let mut half = text.len() / 2;
            while !text.is_char_boundary(half) {
                half -= 1;
            }
            let w = widen(&text, Span::new(0, half));
            prop_assert!(w.start == 0 && w.end >= half && w.end <= text.len());
            prop_assert!(text.is_char_boundary(w.end));
            for pair in spans.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            let words: usize = spans.iter().map(|s| text[s.range()].split_whitespace().count()).sum();
            prop_assert!(words >= text.split_whitespace().count());
            for s in &spans {
                let piece = &text[s.range()];
                prop_assert!(!piece.is_empty() && piece.trim() == piece);
            }
        }
    }
}
