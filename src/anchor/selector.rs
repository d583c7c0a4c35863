//! W3C Web Annotation selectors for a span of a source: the quote with its context, its
//! position in code points and in bytes. One type, built in one place, for every command.

use crate::manifest::Manifest;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Least context on each side of the quote, in characters (Hypothesis stores 32).
pub const MIN_CONTEXT_CHARS: usize = 32;
/// How far a context edge may move to reach a word boundary, in characters.
const WORD_SNAP_CHARS: usize = 24;

/// One W3C selector (Web Annotation Data Model §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Selector {
    /// The quoted text with the text just before and after it.
    TextQuoteSelector(TextQuote),
    /// Half-open range in Unicode code points.
    TextPositionSelector(Position),
    /// Half-open range in bytes: cite's `byte_start`/`byte_end`.
    DataPositionSelector(Position),
}

/// The fields of a `TextQuoteSelector`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    /// Exactly the quoted text.
    pub exact: String,
    /// Text just before the quote (empty at the start of the file).
    #[serde(default)]
    pub prefix: String,
    /// Text just after the quote (empty at the end of the file).
    #[serde(default)]
    pub suffix: String,
}

/// The fields of a position selector: a half-open range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// First unit of the range.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
}

/// The three selectors of `span` in `text` (the whole file): the quote with enough context
/// to make it unique in the file (at least [`MIN_CONTEXT_CHARS`] on each side, cut at word
/// boundaries), its code-point range and its byte range.
pub fn selectors(text: &str, span: Span) -> Vec<Selector> {
    let (prefix, suffix) = context(text, span);
    let start = text[..span.start].chars().count();
    let end = start + text[span.range()].chars().count();
    vec![
        Selector::TextQuoteSelector(TextQuote {
            exact: text[span.range()].to_string(),
            prefix: text[prefix..span.start].to_string(),
            suffix: text[span.end..suffix].to_string(),
        }),
        Selector::TextPositionSelector(Position { start, end }),
        Selector::DataPositionSelector(Position {
            start: span.start,
            end: span.end,
        }),
    ]
}

/// The selectors of `span` (of the decoded text) in `file`: the text selectors count its
/// decoded text, `DataPositionSelector` its bytes.
pub fn selectors_of(file: &crate::corpus::SourceText, span: Span) -> Vec<Selector> {
    let mut all = selectors(&file.text, span);
    if let Some(Selector::DataPositionSelector(p)) = all.last_mut() {
        let bytes = file.original(span);
        *p = Position {
            start: bytes.start,
            end: bytes.end,
        };
    }
    all
}

/// Where the prefix starts and the suffix ends: the least context, growing by half each
/// step from [`MIN_CONTEXT_CHARS`], with which prefix + quote + suffix occurs once in `text`.
fn context(text: &str, span: Span) -> (usize, usize) {
    let mut chars = MIN_CONTEXT_CHARS;
    loop {
        let start = word_start(text, back(text, span.start, chars));
        let end = word_end(text, forward(text, span.end, chars));
        if (start == 0 && end == text.len()) || occurs_once(text, &text[start..end]) {
            return (start, end);
        }
        chars += chars / 2;
    }
}

/// True when `needle` occurs exactly once in `text` (occurrences may overlap).
fn occurs_once(text: &str, needle: &str) -> bool {
    let Some(first) = text.find(needle) else {
        return false;
    };
    let next = first + needle.chars().next().map_or(1, char::len_utf8);
    text.get(next..).is_none_or(|rest| !rest.contains(needle))
}

/// The byte `chars` characters before `at` (or 0).
fn back(text: &str, at: usize, chars: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map_or(0, |(i, _)| i)
}

/// The byte `chars` characters after `at` (or the end).
fn forward(text: &str, at: usize, chars: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| at + i)
}

/// `at` moved back to the start of the word it falls in, when that is near.
fn word_start(text: &str, at: usize) -> usize {
    snap(text, at, |i| {
        i - text[..i].chars().next_back().map_or(0, char::len_utf8)
    })
}

/// `at` moved forward to the end of the word it falls in, when that is near.
fn word_end(text: &str, at: usize) -> usize {
    snap(text, at, |i| {
        i + text[i..].chars().next().map_or(0, char::len_utf8)
    })
}

/// `at` stepped (by `step`, one character at a time) out of the word it falls in, when it
/// gets out within [`WORD_SNAP_CHARS`]; else `at`.
fn snap(text: &str, at: usize, step: impl Fn(usize) -> usize) -> usize {
    let inside = |i: usize| {
        text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
            && text[i..].chars().next().is_some_and(|c| !c.is_whitespace())
    };
    let mut i = at;
    for _ in 0..WORD_SNAP_CHARS {
        if !inside(i) {
            return i;
        }
        i = step(i);
    }
    if inside(i) { at } else { i }
}

/// Source texts read once each, for attaching selectors to many spans.
pub struct Files<'m> {
    texts: HashMap<String, Option<crate::corpus::SourceText>>,
    /// The encodings files were indexed with.
    manifest: &'m Manifest,
}

impl<'m> Files<'m> {
    /// Files read as they were indexed: a file that is not UTF-8 is decoded with the encoding
    /// `manifest` records for it (the one `cite index --encoding` forced, or detected).
    pub fn new(manifest: &'m Manifest) -> Files<'m> {
        Files {
            texts: HashMap::new(),
            manifest,
        }
    }

    /// The selectors of `span` (the file's bytes) in the file `source` (a path as cite
    /// prints it) as it is now: for a file that is not UTF-8, the text selectors count its
    /// decoded text and `DataPositionSelector` its bytes. None when the file cannot be read
    /// or `span` does not fit it.
    pub fn selectors(&mut self, source: &str, span: Span) -> Option<Vec<Selector>> {
        let manifest = self.manifest;
        let file = self
            .texts
            .entry(source.to_string())
            .or_insert_with(|| {
                let path = std::path::absolute(source).ok()?;
                crate::corpus::read_text_with(&path, manifest.decoding(&path)).ok()
            })
            .as_ref()?;
        if span.end > file.bytes {
            return None;
        }
        let decoded = Span::new(file.decoded(span.start)?, file.decoded(span.end)?);
        Some(selectors_of(file, decoded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(text: &str, span: Span) -> TextQuote {
        match selectors(text, span).remove(0) {
            Selector::TextQuoteSelector(q) => q,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn positions_count_code_points_and_bytes() {
        let text = "“Café” au lait, s’il vous plaît.";
        let start = text.find("au").unwrap();
        let span = Span::new(start, start + "au lait".len());
        let all = selectors(text, span);
        assert_eq!(
            all[1],
            Selector::TextPositionSelector(Position { start: 7, end: 14 })
        );
        assert_eq!(
            all[2],
            Selector::DataPositionSelector(Position {
                start: span.start,
                end: span.end
            })
        );
    }

    #[test]
    fn context_is_cut_at_words_and_at_least_32_characters() {
        let text = "one two three four five six seven eight nine ten QUOTE eleven twelve thirteen fourteen fifteen sixteen";
        let at = text.find("QUOTE").unwrap();
        let q = quote(text, Span::new(at, at + 5));
        assert!(q.prefix.chars().count() >= 32, "{:?}", q.prefix);
        assert!(q.suffix.chars().count() >= 32, "{:?}", q.suffix);
        assert!(text[..at].ends_with(&q.prefix));
        assert!(text[at + 5..].starts_with(&q.suffix));
        let before = &text[..at - q.prefix.len()];
        assert!(before.is_empty() || before.ends_with(' '), "{:?}", q.prefix);
        let after = &text[at + 5 + q.suffix.len()..];
        assert!(after.is_empty() || after.starts_with(' '), "{:?}", q.suffix);
    }

    #[test]
    fn context_grows_until_the_quote_is_unique() {
        let block = "the same boilerplate sentence is repeated here again and again. ";
        let text = format!("start {block}{block}QUOTE {block}{block}end");
        let at = text.find("QUOTE").unwrap();
        let q = quote(&text, Span::new(at, at + 5));
        let whole = format!("{}{}{}", q.prefix, q.exact, q.suffix);
        assert_eq!(text.matches(&whole).count(), 1);
        assert!(q.prefix.len() + q.suffix.len() < text.len());
        let dup = format!("{block}{block}{block}");
        let at = block.len();
        let q = quote(&dup, Span::new(at, at + 8));
        let whole = format!("{}{}{}", q.prefix, q.exact, q.suffix);
        assert_eq!(dup.matches(&whole).count(), 1, "{whole:?}");
    }

    #[test]
    fn context_stops_at_the_file_edges() {
        let text = "short quote here";
        let q = quote(text, Span::new(6, 11));
        assert_eq!(q.prefix, "short ");
        assert_eq!(q.suffix, " here");
    }

    proptest::proptest! {
        #[test]
        fn context_makes_any_span_unique(
            text in "(ab|ba| |\n|é|x){0,120}", a in 0usize..200, b in 0usize..200
        ) {
            let fit = |i: usize| (0..=i.min(text.len())).rev().find(|&j| text.is_char_boundary(j)).unwrap();
            let (start, end) = (fit(a.min(b)), fit(a.max(b)));
            let q = quote(&text, Span::new(start, end));
            proptest::prop_assert!(text[..start].ends_with(&q.prefix));
            proptest::prop_assert!(text[end..].starts_with(&q.suffix));
            proptest::prop_assert!(q.prefix.chars().count() >= MIN_CONTEXT_CHARS || q.prefix.len() == start);
            proptest::prop_assert!(q.suffix.chars().count() >= MIN_CONTEXT_CHARS || end + q.suffix.len() == text.len());
            let whole = format!("{}{}{}", q.prefix, q.exact, q.suffix);
            let first = text.find(&whole).unwrap();
            proptest::prop_assert_eq!(first, start - q.prefix.len());
            let next = first + text[first..].chars().next().map_or(1, char::len_utf8);
            proptest::prop_assert!(whole.is_empty() || !text.get(next..).unwrap_or("").contains(&whole));
        }
    }

    #[test]
    fn serializes_in_w3c_shapes() {
        let all = selectors("ab cd", Span::new(3, 5));
        let json = serde_json::to_string(&all).unwrap();
        assert_eq!(
            json,
            r#"[{"type":"TextQuoteSelector","exact":"cd","prefix":"ab ","suffix":""},{"type":"TextPositionSelector","start":3,"end":5},{"type":"DataPositionSelector","start":3,"end":5}]"#
        );
        let back: Vec<Selector> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, all);
    }
}
