//! Splitting a document into passages: paragraphs, with long ones cut at sentence ends.

use crate::span::Span;

/// Paragraphs longer than this many bytes are split into passages of at most this size.
pub const MAX_PASSAGE_BYTES: usize = 1000;

/// True for characters left outside a passage at its edges.
fn is_edge_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The passages of `text`, in order: every non-blank paragraph (text between line breaks),
/// split at sentence ends into pieces of at most [`MAX_PASSAGE_BYTES`] when longer.
/// Whitespace at the edges of a passage is left outside its span.
pub fn split(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut line_start = 0;
    text.split_inclusive('\n').flat_map(move |line| {
        let start = line_start;
        line_start += line.len();
        trimmed(text, Span::new(start, start + line.len()))
            .map(|para| Pieces { text, rest: para })
            .into_iter()
            .flatten()
    })
}

/// `span` without edge whitespace; None when nothing is left.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.range()];
    let head = s.len() - s.trim_start_matches(is_edge_space).len();
    let tail = s.trim_end_matches(is_edge_space).len();
    (head < tail).then(|| Span::new(span.start + head, span.start + tail))
}

/// The pieces of one paragraph, each at most [`MAX_PASSAGE_BYTES`] long.
struct Pieces<'a> {
    text: &'a str,
    rest: Span,
}

impl Iterator for Pieces<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        if self.rest.is_empty() {
            return None;
        }
        if self.rest.len() <= MAX_PASSAGE_BYTES {
            let piece = self.rest;
            self.rest = Span::new(piece.end, piece.end);
            return Some(piece);
        }
        let cut = self.rest.start + cut_point(&self.text[self.rest.range()]);
        let piece = trimmed(self.text, Span::new(self.rest.start, cut))
            .unwrap_or(Span::new(self.rest.start, cut));
        self.rest = trimmed(self.text, Span::new(cut, self.rest.end))
            .unwrap_or(Span::new(self.rest.end, self.rest.end));
        Some(piece)
    }
}

/// Where to cut a paragraph longer than [`MAX_PASSAGE_BYTES`]: after the last sentence end
/// within the limit, else at the last space, else at the last character boundary.
fn cut_point(para: &str) -> usize {
    let mut limit = MAX_PASSAGE_BYTES;
    while !para.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &para[..limit];
    let after_last_sentence = window
        .char_indices()
        .rev()
        .find(|&(i, c)| c.is_whitespace() && i > 0 && ends_sentence(&window[..i]))
        .map(|(i, _)| i);
    let last_space = window
        .char_indices()
        .rev()
        .find(|&(i, c)| c.is_whitespace() && i > 0)
        .map(|(i, _)| i);
    after_last_sentence.or(last_space).unwrap_or(if limit > 0 {
        limit
    } else {
        para.chars().next().map_or(para.len(), char::len_utf8)
    })
}

/// True when `before` ends a sentence: `.`, `!`, `?` or `…`, then any closing quotes or brackets.
fn ends_sentence(before: &str) -> bool {
    let core = before.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    core.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn paragraphs_are_lines_without_edge_whitespace() {
        let text = "\u{feff}First para.\r\n\r\n  Second “para”.  \n\nThird\n";
        assert_eq!(texts(text), ["First para.", "Second “para”.", "Third"]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_passages() {
        assert!(texts("").is_empty());
        assert!(texts(" \n\r\n\t\n").is_empty());
    }

    #[test]
    fn long_paragraphs_split_at_sentence_ends() {
        let sentence = "The Taliban’s envoy met officials in Moscow — again. ";
        let para = sentence.repeat(60);
        let text = format!("Intro\n{para}\nOutro");
        let pieces = texts(&text);
        assert!(pieces.len() > 3);
        for piece in &pieces[1..pieces.len() - 1] {
            assert!(piece.len() <= MAX_PASSAGE_BYTES, "{}", piece.len());
            assert!(piece.ends_with("again."), "{piece:?}");
            assert!(piece.starts_with("The"), "{piece:?}");
        }
    }

    #[test]
    fn sentence_free_text_splits_at_spaces_then_characters() {
        let words = "é".repeat(30) + " ";
        let text = words.repeat(100);
        for piece in texts(&text) {
            assert!(piece.len() <= MAX_PASSAGE_BYTES);
            assert!(!piece.starts_with(' ') && !piece.ends_with(' '));
        }
        let word = "ü".repeat(3000);
        let pieces = texts(&word);
        assert_eq!(pieces.concat(), word);
        assert!(pieces.iter().all(|p| p.len() <= MAX_PASSAGE_BYTES));
    }

    #[test]
    fn spans_are_in_order_and_cover_all_non_space_text() {
        let text = "a. b! c?\n\n".repeat(5) + &"word. ".repeat(500);
        let spans: Vec<Span> = split(&text).collect();
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        let covered: usize = spans
            .iter()
            .map(|s| text[s.range()].split_whitespace().count())
            .sum();
        assert_eq!(covered, text.split_whitespace().count());
    }
}
