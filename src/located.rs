//! A located span of a source file: the fields every command's JSON gives for one place
//! (`source`, `byte_start`/`byte_end`, `line`/`column`, `text`, `encoding`, `selector`),
//! one type flattened into each result type and read by every printer.

use crate::anchor::selector::{self, Selector};
use crate::corpus::SourceText;
use crate::decode::OffsetMap;
use crate::span::{LineCol, Span};
use serde::Serialize;

/// A span of a source file with where it starts and exactly what it holds: the file's
/// bytes in `span` are `text` (decoded from `encoding` when there is one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    /// Path of the source file, relative to the working directory when under it.
    pub source: String,
    /// Bytes of the span in the source file.
    #[serde(flatten)]
    pub span: Span,
    /// Line and column of the span's first byte.
    #[serde(flatten)]
    pub at: LineCol,
    /// Exactly the file's bytes in `span` (decoded from `encoding` when there is one).
    pub text: String,
    /// WHATWG name of the file's encoding when it is not UTF-8: `text` is then the
    /// decoding of the bytes in `span`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// W3C selectors of the span, with `--selectors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<Vec<Selector>>,
}

/// A file's whole decoded text with its map to the file's bytes: what a [`Located`] is cut from.
#[derive(Clone, Copy)]
pub struct Decoded<'a> {
    /// The whole file, decoded (for UTF-8, its bytes).
    pub text: &'a str,
    /// From offsets in `text` to byte offsets in the file.
    pub map: &'a OffsetMap,
    /// WHATWG name of the file's encoding when it is not UTF-8.
    pub encoding: Option<&'static str>,
}

impl<'a> From<&'a SourceText> for Decoded<'a> {
    fn from(file: &'a SourceText) -> Self {
        Decoded {
            text: &file.text,
            map: &file.map,
            encoding: file.encoding_label(),
        }
    }
}

impl Decoded<'_> {
    /// The span `decoded` of the text as printed: its ends floored to offsets that have a
    /// byte offset, `span` the file's bytes they stand for, `text` exactly their decoding.
    /// `at` is the line and column of its start when the caller already knows it.
    pub fn locate(&self, source: &str, decoded: Span, at: Option<LineCol>) -> Located {
        let (text, bytes) = self.map.printed(decoded);
        Located {
            source: source.to_string(),
            span: bytes,
            at: at.unwrap_or_else(|| LineCol::of(self.text, text.start)),
            text: self.text[text.range()].to_string(),
            encoding: self.encoding,
            selector: None,
        }
    }

    /// A span of the decoded text inside the printed span of `decoded`, as the printers'
    /// marks take it: offsets in the printed text, counted from the printed bytes' start.
    pub fn mark(&self, decoded: Span, inside: Span) -> Span {
        self.map.mark(self.map.printed(decoded), inside)
    }
}

impl Located {
    /// The span `decoded` (of the decoded text) of `file`, the source printed as `source`.
    pub fn of(source: &str, file: &SourceText, decoded: Span) -> Located {
        Decoded::from(file).locate(source, decoded, None)
    }

    /// This place with its W3C selectors in `file`, the source it was cut from.
    pub fn with_selectors(mut self, file: &SourceText) -> Located {
        self.selector = file
            .decoded(self.span.start)
            .zip(file.decoded(self.span.end))
            .map(|(start, end)| selector::selectors_of(file, Span::new(start, end)));
        self
    }

    /// A mark (a span of `text` offset by `span.start`) as offsets into `text`; None when it
    /// does not lie inside `text` on character boundaries.
    pub fn relative(&self, mark: Span) -> Option<Span> {
        let start = mark.start.checked_sub(self.span.start)?;
        let end = mark.end.checked_sub(self.span.start)?;
        (start <= end
            && end <= self.text.len()
            && self.text.is_char_boundary(start)
            && self.text.is_char_boundary(end))
        .then(|| Span::new(start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8(text: &str) -> SourceText {
        SourceText {
            text: text.to_string(),
            encoding: encoding_rs::UTF_8,
            map: OffsetMap::default(),
            bytes: text.len(),
            stamp: crate::corpus::Stamp {
                size: text.len() as u64,
                mtime_ns: 0,
            },
            hash: 0,
        }
    }

    #[test]
    fn a_place_holds_exactly_its_bytes() {
        let file = utf8("one\n“two” three");
        let start = file.text.find("two").unwrap();
        let place = Located::of("a.txt", &file, Span::new(start, start + 3));
        assert_eq!(place.text, "two");
        assert_eq!(&file.text[place.span.range()], "two");
        assert_eq!(place.at, LineCol { line: 2, column: 2 });
        assert_eq!(place.encoding, None);
        assert_eq!(
            place.relative(Span::new(start, start + 2)),
            Some(Span::new(0, 2))
        );
        assert_eq!(place.relative(Span::new(start, start + 4)), None);
        assert_eq!(place.relative(Span::new(0, 1)), None);
    }

    #[test]
    fn serializes_flat_in_the_contract_order() {
        let file = utf8("ab cd");
        let place = Located::of("a.txt", &file, Span::new(3, 5));
        assert_eq!(
            serde_json::to_string(&place).unwrap(),
            r#"{"source":"a.txt","byte_start":3,"byte_end":5,"line":1,"column":4,"text":"cd"}"#
        );
        let with = place.with_selectors(&file);
        assert_eq!(with.selector.as_ref().map(Vec::len), Some(3));
    }
}
