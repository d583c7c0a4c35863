//! Splitting a document into passages: paragraphs, with long ones cut at sentence ends.

use crate::span::Span;

/// Paragraphs longer than this many bytes are split into passages of at most this size.
pub const MAX_PASSAGE_BYTES: usize = 1000;

/// True for characters left outside a passage at its edges.
fn is_edge_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The passages of `text`, in order: every paragraph (see [`paragraphs`]), split at
/// sentence ends into pieces of at most [`MAX_PASSAGE_BYTES`] when longer. Whitespace at
/// the edges of a passage is left outside its span; line breaks inside it are kept.
pub fn split(text: &str) -> impl Iterator<Item = Span> + '_ {
    paragraphs(text)
        .into_iter()
        .flat_map(move |para| Pieces { text, rest: para })
}

/// Widest wrap width, in columns, that marks a file as hard-wrapped.
const MAX_WRAP_COLUMNS: usize = 150;

/// The paragraphs of `text` as a reader sees them, without edge whitespace. A blank line
/// always ends a paragraph. In a hard-wrapped file (see [`wrap_width`]) a single line break
/// is soft — the paragraph goes on — unless [`hard_break`] says the line ends a paragraph;
/// elsewhere every line is a paragraph.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let lines = lines(text);
    let wrap = wrap_width(&lines);
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    for (i, line) in lines.iter().enumerate() {
        let Some(content) = line.content else {
            out.extend(current.take());
            continue;
        };
        let para = current.get_or_insert(content);
        para.end = content.end;
        let soft = match (wrap, lines.get(i + 1)) {
            (Some(width), Some(next)) if next.content.is_some() => !hard_break(line, next, width),
            _ => false,
        };
        if !soft {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// What the paragraph rules need to know of one line.
#[derive(Debug)]
struct Line {
    /// The line without edge whitespace; None for a blank line.
    content: Option<Span>,
    /// Columns of leading whitespace (a tab counts to the next multiple of 8).
    indent: usize,
    /// Columns up to the end of the content.
    width: usize,
    /// Columns of the first word.
    first_word: usize,
    /// Where the text after a list marker starts, for a line that opens a list item.
    item_indent: Option<usize>,
    /// Starts with a lowercase letter.
    lowercase: bool,
    /// A heading (`#`…), a code fence, a table row, or a rule (no letter or digit at all).
    heading: bool,
    /// Ends with a sentence end.
    sentence_end: bool,
}

/// The lines of `text`, each with its layout.
fn lines(text: &str) -> Vec<Line> {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(|raw| {
            let at = start;
            start += raw.len();
            let Some(content) = trimmed(text, Span::new(at, at + raw.len())) else {
                return Line {
                    content: None,
                    indent: 0,
                    width: 0,
                    first_word: 0,
                    item_indent: None,
                    lowercase: false,
                    heading: false,
                    sentence_end: false,
                };
            };
            let body = &text[content.range()];
            let indent = columns(0, &text[at..content.start]);
            let first_word = body
                .split_whitespace()
                .next()
                .map_or(0, |w| w.chars().count());
            Line {
                content: Some(content),
                indent,
                width: indent + columns(indent, body),
                first_word,
                item_indent: list_marker(body)
                    .map(|marker| indent + columns(indent, &body[..marker])),
                lowercase: body.chars().next().is_some_and(char::is_lowercase),
                heading: is_heading(body),
                sentence_end: ends_sentence(body),
            }
        })
        .collect()
}

/// True for a Markdown heading (`# `, `##`), a code fence (```` ``` ````, `~~~`), a table
/// row (`|`), or a rule (a line without letters or digits).
fn is_heading(body: &str) -> bool {
    body.starts_with("# ")
        || body.starts_with("##")
        || body.starts_with("```")
        || body.starts_with("~~~")
        || body.starts_with('|')
        || !body.chars().any(char::is_alphanumeric)
}

/// The columns `s` takes from column `from`; a tab goes to the next multiple of 8.
fn columns(from: usize, s: &str) -> usize {
    s.chars().fold(
        from,
        |col, c| if c == '\t' { col / 8 * 8 + 8 } else { col + 1 },
    ) - from
}

/// For a line that opens a list item (`- `, `* `, `+ `, `• `, `1. `, `a) `, `(iv) `), the
/// byte length of its marker and the spaces after it.
fn list_marker(body: &str) -> Option<usize> {
    let marker = if body.starts_with(['-', '*', '+', '•', '–', '—', '·']) {
        body.chars().next().map_or(0, char::len_utf8)
    } else {
        let open = usize::from(body.starts_with('('));
        let label = body[open..]
            .find(|c: char| !c.is_alphanumeric())
            .filter(|&n| n > 0 && n <= 4)?;
        let label_text = &body[open..open + label];
        let numeric = label_text.chars().all(|c| c.is_ascii_digit());
        let roman = label_text.chars().all(|c| "ivxlcIVXLC".contains(c));
        if !(numeric || roman || label_text.chars().count() == 1) {
            return None;
        }
        let close = body[open + label..].chars().next()?;
        if !matches!(close, '.' | ')') || (open == 1 && close != ')') {
            return None;
        }
        open + label + 1
    };
    let rest = &body[marker..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (spaces > 0 && spaces < rest.len()).then_some(marker + spaces)
}

/// The common width of a hard-wrapped file, or None when its single line breaks are hard.
/// Hard-wrapped: the lines that go on to another line mostly end near the width that nine
/// lines in ten stay within, and mostly inside a sentence; and that width is at most
/// [`MAX_WRAP_COLUMNS`].
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| l.content.is_some())
        .map(|l| l.width)
        .collect();
    let inner: Vec<&Line> = lines
        .windows(2)
        .filter(|pair| pair[0].content.is_some() && pair[1].content.is_some())
        .map(|pair| &pair[0])
        .collect();
    if inner.is_empty() {
        return None;
    }
    widths.sort_unstable();
    let width = widths[(widths.len() * 9).div_ceil(10).saturating_sub(1)];
    let near = inner.iter().filter(|l| l.width * 4 >= width * 3).count();
    let mid_sentence = inner.iter().filter(|l| !l.sentence_end).count();
    let wrapped = near * 2 >= inner.len() && mid_sentence * 2 >= inner.len();
    (width <= MAX_WRAP_COLUMNS && wrapped).then_some(width)
}

/// True when, in a file wrapped at `width` columns, the line break after `line` ends a
/// paragraph although `next` is not blank: either is a heading (see [`is_heading`]), `next`
/// opens a list item or is indented further (save under a list item's text), or `line` is
/// short — `next`'s first word would have fitted on it — and `next` does not go on in
/// lowercase.
fn hard_break(line: &Line, next: &Line, width: usize) -> bool {
    if line.heading || next.heading || next.item_indent.is_some() {
        return true;
    }
    if next.indent > line.indent && line.item_indent != Some(next.indent) {
        return true;
    }
    let short = (line.width + 1 + next.first_word) * 8 <= width * 7;
    short && !next.lowercase
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
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).map(|s| &text[s.range()]).collect()
    }

    /// The passages as they were when every line was a paragraph.
    fn line_passages(text: &str) -> Vec<Span> {
        let mut start = 0;
        text.split_inclusive('\n')
            .filter_map(|line| {
                let at = start;
                start += line.len();
                trimmed(text, Span::new(at, at + line.len()))
            })
            .flat_map(|para| Pieces { text, rest: para })
            .collect()
    }

    #[test]
    fn seeds_keep_one_passage_per_line() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(split(&text).collect::<Vec<_>>(), line_passages(&text));
            seen += 1;
        }
        assert!(seen >= 5);
    }

    #[test]
    fn wrapped_lines_join_into_paragraphs() {
        let text = "  This program is free software; you can redistribute it and/or\n  \
                    modify it under the terms of the GNU General Public License as\n  \
                    published by the Free Software Foundation.\n\n  Second paragraph of\n  \
                    the text goes on here, wrapped at the same width as the rest.\n";
        let pieces = texts(text);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert!(pieces[0].starts_with("This program") && pieces[0].ends_with("Foundation."));
        assert!(pieces[0].contains("Free Software Foundation"));
        assert!(pieces[1].contains("of\n  the text"));
    }

    #[test]
    fn headings_lists_indents_and_short_lines_break_hard() {
        let text = "# Terms and conditions of the licence\n\
                    The licensee may copy and distribute the work in any medium, as\n\
                    long as every copy carries this notice and the following terms:\n\
                    - the notice stays on every copy of the work, whatever its form,\n  \
                    including the copies made for backup;\n\
                    1. no fee is charged.\n\
                    Short line.\n\
                    Another paragraph starts here and runs on to the common width of\n\
                    the file, then ends.\n      \
                    An indented block follows the paragraph without a blank line at\n      \
                    all, and it is wrapped at the same width as all the other lines.\n";
        let pieces = texts(text);
        assert_eq!(pieces[0], "# Terms and conditions of the licence");
        assert!(pieces[1].ends_with("following terms:"), "{pieces:?}");
        assert!(pieces[2].starts_with("- the notice") && pieces[2].ends_with("backup;"));
        assert!(pieces[3].starts_with("1. no fee"));
        assert_eq!(pieces[4], "Short line.");
        assert!(pieces[5].ends_with("then ends."), "{pieces:?}");
        assert!(pieces[6].starts_with("An indented block"));
        assert_eq!(pieces.len(), 7);
    }

    #[test]
    fn code_fences_and_table_rows_break_hard_but_inline_code_does_not() {
        let text = "The tool reads its options from the command line, and the option\n\
                    `--follow` makes it follow symbolic links while it walks the tree;\n\
                    ```sh\n\
                    cite index ~/archive --follow and some more words to fill the line\n\
                    ```\n\
                    | a table row that is long enough to reach the width of the text |\n\
                    | another table row that is long enough to reach the same width |\n";
        let pieces = texts(text);
        assert!(pieces[0].contains("option\n`--follow`"), "{pieces:?}");
        assert_eq!(pieces.len(), 6, "{pieces:?}");
    }

    #[test]
    fn unwrapped_files_keep_one_paragraph_per_line() {
        let long = "A paragraph typed on one line by an editor that never wraps, ".repeat(4);
        let text = format!("{long}\n{long}\nA short one.\n{long}\n");
        assert_eq!(texts(&text).len(), 4);
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

    /// Text of words, spaces, line breaks, list markers and headings.
    fn layout_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-zé]{1,9}",
            1 => "[A-Z][a-z]{0,6}[.!?]",
            1 => "[a-z]{200,1100}",
            3 => Just(" ".to_string()),
            2 => Just("\n".to_string()),
            1 => Just("\r\n".to_string()),
            1 => Just("\n\n".to_string()),
            1 => Just("\n  - ".to_string()),
            1 => Just("\n# ".to_string()),
            1 => Just("\t".to_string()),
            1 => Just("\u{feff}".to_string()),
        ];
        proptest::collection::vec(piece, 0..200).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn passages_cover_the_text_in_order_within_the_limit(text in layout_text()) {
            let spans: Vec<Span> = split(&text).collect();
            let mut covered = vec![false; text.len()];
            let mut end = 0;
            for span in &spans {
                prop_assert!(end <= span.start && span.start < span.end && span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(span.len() <= MAX_PASSAGE_BYTES, "{} bytes", span.len());
                let passage = &text[span.range()];
                prop_assert_eq!(passage.trim_matches(is_edge_space), passage);
                prop_assert!(!passage.contains("\n\n") && !passage.contains("\n\r\n"));
                covered[span.range()].iter_mut().for_each(|c| *c = true);
                end = span.end;
            }
            for (i, c) in text.char_indices() {
                prop_assert!(is_edge_space(c) || covered[i], "byte {} ({:?}) left out", i, c);
            }
        }
    }
}
