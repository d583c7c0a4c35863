//! The quote as pasted: its words, ellipses and editorial brackets.

use crate::normalize;
use anyhow::{Result, bail};
use serde::Serialize;

/// Most source words a bracketed insertion such as `[the Taliban]` stands for.
pub const MAX_INSERTION_WORDS: usize = 8;
/// Ellipsis marks, longest first: they split a quote into fragments.
const ELLIPSES: [&str; 7] = ["[...]", "[…]", "(...)", "(…)", ". . .", "...", "…"];
/// Double quotation marks and guillemets of every style: trimmed at either edge.
const DOUBLE_MARKS: &[char] = &[
    '"', '“', '”', '„', '‟', '«', '»', '‹', '›', '「', '」', '『', '』', '〝', '〞', '＂',
];
/// Single quotation marks: trimmed only in pairs, since one may be an apostrophe ('Tis, students’).
const SINGLE_MARKS: &[char] = &['\'', '‘', '’', '‚', '‛'];
/// Sentence punctuation trimmed at the end of a quote.
const END_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?', '…', '—', '–'];
/// Punctuation trimmed at the start of a quote, besides marks and an ellipsis.
const START_PUNCTUATION: &[char] = &[',', ';', ':', '—', '–'];

/// What was trimmed off a pasted quote's edges: its enclosing quotation marks and edge
/// punctuation, exactly as pasted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trimmed {
    /// Trimmed off the start.
    pub before: String,
    /// Trimmed off the end.
    pub after: String,
}

/// A quote prepared for the search.
pub(super) struct Quote<'q> {
    /// As given, without surrounding whitespace.
    pub(super) raw: &'q str,
    /// Folded for normalized comparison.
    pub(super) folded: String,
    /// Number of words.
    pub(super) words: usize,
    /// Its fragments when it holds ellipses or bracketed insertions.
    pub(super) fragments: Option<Vec<Fragment>>,
}

impl<'q> Quote<'q> {
    pub(super) fn new(quote: &'q str) -> Result<Quote<'q>> {
        let raw = quote.trim();
        if raw.is_empty() {
            bail!("the quote is empty");
        }
        let words = normalize::words(raw).len();
        if words == 0 {
            bail!("the quote has no words to look for (only punctuation or symbols)");
        }
        Ok(Quote {
            raw,
            folded: normalize::fold(raw).text,
            words,
            fragments: fragments(raw),
        })
    }

    /// The quote without its enclosing quotation marks and edge punctuation, and what was
    /// trimmed; None when there is nothing to trim.
    pub(super) fn trimmed(&self) -> Option<(Quote<'q>, Trimmed)> {
        let (start, end) = trim_edges(self.raw);
        if (start, end) == (0, self.raw.len()) {
            return None;
        }
        let core = Quote::new(&self.raw[start..end]).ok()?;
        let trimmed = Trimmed {
            before: self.raw[..start].to_string(),
            after: self.raw[end..].to_string(),
        };
        Some((core, trimmed))
    }
}

/// The byte range of `quote` left once enclosing quotation marks and edge punctuation are
/// trimmed: double marks and guillemets at either edge, single marks only when both edges
/// hold one, a leading ellipsis, comma, colon or dash, and trailing sentence punctuation
/// inside or outside the closing mark.
pub(super) fn trim_edges(quote: &str) -> (usize, usize) {
    let (start, opened) = lead(quote, true);
    let (end, closed) = trail(&quote[start..], opened);
    if opened && !closed {
        let start = lead(quote, false).0;
        return (start, start + trail(&quote[start..], false).0);
    }
    (start, start + end)
}

/// Bytes of `text`'s start that are whitespace, opening marks (single ones when `singles`)
/// or an ellipsis; and whether a single mark was among them.
fn lead(text: &str, singles: bool) -> (usize, bool) {
    let mut at = 0;
    let mut single = false;
    loop {
        let rest = &text[at..];
        if let Some(mark) = ["...", ". . .", "…"].iter().find(|m| rest.starts_with(**m)) {
            at += mark.len();
            continue;
        }
        match rest.chars().next() {
            Some(c)
                if c.is_whitespace()
                    || DOUBLE_MARKS.contains(&c)
                    || START_PUNCTUATION.contains(&c) =>
            {
                at += c.len_utf8()
            }
            Some(c) if singles && SINGLE_MARKS.contains(&c) => {
                single = true;
                at += c.len_utf8();
            }
            _ => return (at, single),
        }
    }
}

/// Bytes of `text` before its trailing whitespace, closing marks (single ones when
/// `singles`) and sentence punctuation; and whether a single mark was among them.
fn trail(text: &str, singles: bool) -> (usize, bool) {
    let mut end = text.len();
    let mut single = false;
    while let Some(c) = text[..end].chars().next_back() {
        if c.is_whitespace() || DOUBLE_MARKS.contains(&c) || END_PUNCTUATION.contains(&c) {
            end -= c.len_utf8();
        } else if singles && SINGLE_MARKS.contains(&c) {
            single = true;
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    (end, single)
}

/// A piece of a quote between ellipses: literal runs of text separated by bracketed insertions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fragment {
    /// Folded literal texts, in order; a bracketed insertion stands between consecutive ones.
    pub(super) texts: Vec<String>,
    /// Folded text of each bracketed insertion between consecutive literals, in order.
    pub(super) inserted: Vec<String>,
    /// Folded text of a bracketed insertion before the first literal.
    pub(super) lead: Option<String>,
    /// Folded text of a bracketed insertion after the last literal.
    pub(super) trail: Option<String>,
    /// Its literal texts as written, joined by spaces, to name its differences.
    pub(super) said: String,
}

/// A piece of a fragment while it is parsed.
pub(super) enum Piece {
    Text(String),
    Insertion(String),
}

/// The fragments of `quote`, or None when it holds no bracket and no ellipsis between words
/// (an ellipsis at an edge leaves nothing out of the quote itself).
pub(super) fn fragments(quote: &str) -> Option<Vec<Fragment>> {
    let parts = split_ellipses(quote);
    let last = parts.len() - 1;
    let mut edited = false;
    let mut out = Vec::new();
    for (k, part) in parts.into_iter().enumerate() {
        let trim_punct = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':');
        let mut part = part.trim();
        if k > 0 {
            part = part.trim_start_matches(trim_punct);
        }
        if k < last {
            part = part.trim_end_matches(trim_punct);
        }
        let (pieces, bracketed) = brackets(part);
        edited |= bracketed;
        if let Some(fragment) = Fragment::from_pieces(pieces) {
            out.push(fragment);
        }
    }
    (!out.is_empty() && (edited || out.len() > 1)).then_some(out)
}

/// `quote` split at its ellipsis marks.
fn split_ellipses(quote: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < quote.len() {
        if let Some(mark) = ELLIPSES.iter().find(|m| quote[i..].starts_with(*m)) {
            parts.push(&quote[start..i]);
            i += mark.len();
            i += quote[i..].len() - quote[i..].trim_start_matches('.').len();
            start = i;
        } else {
            i += quote[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(&quote[start..]);
    parts
}

/// The pieces of one fragment, and whether it held an editorial bracket.
///
/// `[T]he` (a bracket touching a word) is an alteration: its content is kept as text.
/// `[sic]` is dropped. Any other `[...]` is an insertion standing for a few source words.
fn brackets(part: &str) -> (Vec<Piece>, bool) {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut bracketed = false;
    let mut rest = part;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open..].find(']') else {
            break;
        };
        let close = open + len;
        let content = &rest[open + 1..close];
        let touches = rest[..open]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || rest[close + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        text.push_str(&rest[..open]);
        bracketed = true;
        if touches {
            text.push_str(content);
        } else if !content.trim().eq_ignore_ascii_case("sic") {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Insertion(content.to_string()));
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    pieces.push(Piece::Text(text));
    (pieces, bracketed)
}

impl Fragment {
    /// The fragment made of `pieces`; None when it holds no words outside insertions.
    pub(super) fn from_pieces(pieces: Vec<Piece>) -> Option<Fragment> {
        let mut fragment = Fragment {
            texts: Vec::new(),
            inserted: Vec::new(),
            lead: None,
            trail: None,
            said: String::new(),
        };
        let mut insertion: Option<String> = None;
        for piece in pieces {
            match piece {
                Piece::Text(text) if !normalize::words(&text).is_empty() => {
                    if fragment.texts.is_empty() {
                        fragment.lead = insertion.take();
                    } else {
                        fragment.inserted.push(insertion.take().unwrap_or_default());
                    }
                    fragment.texts.push(normalize::fold(&text).text);
                    if !fragment.said.is_empty() {
                        fragment.said.push(' ');
                    }
                    fragment.said.push_str(text.trim());
                }
                Piece::Text(_) => {}
                Piece::Insertion(content) => {
                    let folded = normalize::fold(&content).text;
                    insertion = Some(match insertion {
                        Some(before) => format!("{before} {folded}"),
                        None => folded,
                    });
                }
            }
        }
        fragment.trail = insertion;
        (!fragment.texts.is_empty()).then_some(fragment)
    }
}

/// Words that negate what they stand with.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "without",
    "cannot", "nope", "nay", "non",
];

/// True when a bracketed insertion cannot stand for the folded source words `replaced`
/// without changing what the quote says: it carries a negation that they do not carry or
/// drops one that they carry, or it carries a number they do not carry.
pub(super) fn changes_meaning(insertion: &str, replaced: &str) -> bool {
    let negated = |text: &str| tokens(text).any(|t| is_negation(&t));
    let numbers = |text: &str| -> Vec<String> {
        tokens(text)
            .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
            .collect()
    };
    let source_numbers = numbers(replaced);
    negated(insertion) != negated(replaced)
        || numbers(insertion)
            .iter()
            .any(|n| !source_numbers.contains(n))
}

/// The words of `text`, as written, that an ellipsis must not leave out: negations
/// (see [`changes_meaning`]) and numbers.
pub(super) fn meaning_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | ',' | '.')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                || (!w.is_empty() && is_negation(&w.replace('’', "'").to_lowercase()))
        })
        .collect()
}

/// Lowercase words of `text`: runs of letters, digits and apostrophes.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’')))
        .map(|w| w.trim_matches(|c| matches!(c, '\'' | '’')).to_lowercase())
        .filter(|w| !w.is_empty())
}

/// True for a negation word, or a contraction ending in n't (don't, won't, isn't).
fn is_negation(word: &str) -> bool {
    NEGATIONS.contains(&word) || word.ends_with("n't") || word.ends_with("n’t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(quote: &str) -> Vec<Vec<String>> {
        fragments(quote)
            .expect("fragments")
            .into_iter()
            .map(|f| f.texts)
            .collect()
    }

    #[test]
    fn meaning_words_are_negations_and_numbers_as_written() {
        assert_eq!(
            meaning_words("have not, for 1,400 days; they didn’t. Nothing in 2.5 weeks"),
            ["not", "1,400", "didn’t", "Nothing", "2.5"]
        );
        assert!(meaning_words("the U.S. notes a nonce").is_empty());
    }

    #[test]
    fn plain_quotes_have_no_fragments() {
        assert_eq!(fragments("a true “Afghan syndrome,”"), None);
        assert_eq!(fragments("no brackets here"), None);
    }

    #[test]
    fn ellipses_split_and_trim_punctuation_at_the_cut() {
        for quote in [
            "Russia fears that, ... within Russian territory",
            "Russia fears that… within Russian territory",
            "Russia fears that [...] within Russian territory",
            "Russia fears that (…) within Russian territory",
            "Russia fears that. . . . within Russian territory",
            "Russia fears that.... within Russian territory",
        ] {
            let expected = [["russia fears that"], ["within russian territory"]];
            assert_eq!(texts(quote), expected, "{quote}");
        }
        assert_eq!(fragments("... leading and trailing ..."), None);
    }

    #[test]
    fn brackets_insert_alter_or_drop() {
        let f =
            fragments("[the Taliban] seized control [of Kabul] in 2021 [sic] and [T]hey stayed")
                .expect("fragments");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].lead.as_deref(), Some("the taliban"));
        assert_eq!(f[0].texts, ["seized control", "in 2021 and they stayed"]);
        assert_eq!(f[0].trail, None);
        assert_eq!(fragments("[...]"), None);
    }

    #[test]
    fn insertions_that_negate_or_add_numbers_change_the_meaning() {
        for (insertion, replaced) in [
            ("never", "have"),
            ("not", "have"),
            ("didn't", "did"),
            ("without", "with"),
            ("have", "have not"),
            ("the 2022 deal", "the deal"),
            ("15", "twelve"),
            ("none of them", "all of them"),
        ] {
            assert!(
                changes_meaning(insertion, replaced),
                "[{insertion}] for {replaced}"
            );
        }
        for (insertion, replaced) in [
            ("the taliban", "they"),
            ("russia's", "its"),
            ("did not", "didn't"),
            ("in 2021", "that 2021"),
            ("the group", "the islamic emirate of afghanistan"),
            ("notably", "chiefly"),
            ("nonetheless", "still"),
        ] {
            assert!(
                !changes_meaning(insertion, replaced),
                "[{insertion}] for {replaced}"
            );
        }
    }

    #[test]
    fn inner_insertions_are_kept_in_order() {
        let f = &fragments("a [b] c [not] d [] e").unwrap()[0];
        assert_eq!(f.texts, ["a", "c", "d", "e"]);
        assert_eq!(f.inserted, ["b", "not", ""]);
    }

    fn trim(quote: &str) -> (&str, &str, &str) {
        let (start, end) = trim_edges(quote);
        (&quote[..start], &quote[start..end], &quote[end..])
    }

    #[test]
    fn enclosing_marks_and_edge_punctuation_are_trimmed() {
        let cases = [
            (
                "“The Taliban have denied the allegations.”",
                ("“", "The Taliban have denied the allegations", ".”"),
            ),
            (
                "\"The Taliban have denied the allegations\".",
                ("\"", "The Taliban have denied the allegations", "\"."),
            ),
            ("«Nous refusons»", ("«", "Nous refusons", "»")),
            ("„Wir lehnen ab“", ("„", "Wir lehnen ab", "“")),
            ("»Wir lehnen ab«", ("»", "Wir lehnen ab", "«")),
            ("‘We will not,’", ("‘", "We will not", ",’")),
            ("'We will not'", ("'", "We will not", "'")),
            ("the allegations,", ("", "the allegations", ",")),
            ("the allegations…", ("", "the allegations", "…")),
            ("… the allegations ...", ("… ", "the allegations", " ...")),
            ("'Tis the season", ("", "'Tis the season", "")),
            ("the students’", ("", "the students’", "")),
            ("“He said ‘no’”", ("“", "He said ‘no’", "”")),
            ("the U.S.", ("", "the U.S", ".")),
            ("plain words", ("", "plain words", "")),
            (", he said —", (", ", "he said", " —")),
            ("-5 degrees", ("", "-5 degrees", "")),
        ];
        for (quote, expected) in cases {
            assert_eq!(trim(quote), expected, "{quote}");
        }
    }

    #[test]
    fn trimming_reports_what_it_cut() {
        let quote = Quote::new("  “The allegations.”  ").unwrap();
        let (core, trimmed) = quote.trimmed().unwrap();
        assert_eq!(core.raw, "The allegations");
        assert_eq!(trimmed.before, "“");
        assert_eq!(trimmed.after, ".”");
        assert!(Quote::new("no marks").unwrap().trimmed().is_none());
    }

    proptest::proptest! {
        /// Trimming keeps a slice of the quote on char boundaries, never grows it, and
        /// leaves a quote that starts and ends with a word untouched.
        #[test]
        fn trimming_is_a_slice(quote in "\\PC{0,30}", word in "[a-z]{1,6}") {
            let (start, end) = trim_edges(&quote);
            proptest::prop_assert!(start <= end && end <= quote.len());
            proptest::prop_assert!(quote.is_char_boundary(start) && quote.is_char_boundary(end));
            let plain = format!("{word} {quote} {word}");
            proptest::prop_assert_eq!(trim_edges(&plain), (0, plain.len()));
        }
    }

    #[test]
    fn empty_and_wordless_quotes_are_errors() {
        for quote in ["", "  \n\t", "?!", "— … “”", "[...]"] {
            assert!(Quote::new(quote).is_err(), "{quote:?}");
        }
        assert!(Quote::new("ok \u{0}\u{7} 👍🏽").is_ok());
    }
}
