//! Properties of the library on generated input: passage splitting, folding with its map
//! back to the original bytes, and query parsing with its highlights.

use cite::index::{CiteIndex, Fields};
use cite::passages::{self, MAX_PASSAGE_BYTES};
use cite::query::{self, QueryOptions};
use cite::span::Span;
use proptest::prelude::*;
use std::sync::OnceLock;

/// Cases per property: enough to find edge cases, few enough to run in a second or two.
fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

/// Text made of pieces that stress passages and folding: words, sentence ends, runs of
/// whitespace of every kind, CRLF and lone CR, BOMs, multi-byte and combining characters,
/// and runs long enough to force cuts at spaces and inside words.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z]{1,12}",
        2 => Just(" ".to_string()),
        1 => prop::sample::select(vec![
            ". ", "! ", "? ", "… ", ".” ", "\n", "\r\n", "\n\n", "\r", "\t", "\u{a0}", "\u{3000}",
            "\u{feff}", "\u{2028}", "é", "e\u{301}", "—", " — ", "“", "’", "ß", "İ", "ﬁ", "🇦🇫",
            "\u{ad}", "\u{200b}", "Ǆ", "…",
        ])
        .prop_map(str::to_string),
        1 => ("[a-zé“”—]", 1..1500usize).prop_map(|(s, n)| s.repeat(n)),
        1 => ("[ \t\n]", 1..40usize).prop_map(|(s, n)| s.repeat(n)),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

/// True for characters that passages leave at their edges.
fn is_edge_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The fields of a cite index, to parse queries against (the index itself is not needed).
fn fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        CiteIndex::create(dir.path()).unwrap().fields
    })
}

/// Queries built from the grammar's pieces, well or badly formed.
fn query_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => "[a-zA-Z0-9éü’']{1,8}",
        3 => prop::sample::select(vec![
            " ", " ", "\"", "(", ")", "AND", "OR", "NOT", "+", "-", "*", "?", "~", "~2", "^", "^2",
            "^0.5", ":", "source:", "title:", "[", "]", "{", "}", " TO ", "IN", "/", "\\", "!",
            "&&", "||", "\t", "\n", "\u{1}", "🙂", "—", "…", "\u{feff}",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ];
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// Checks that `spans` are sorted, disjoint, non-empty, and on character boundaries of `text`.
fn assert_ordered_on_boundaries(text: &str, spans: &[Span]) -> Result<(), TestCaseError> {
    for span in spans {
        prop_assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    for pair in spans.windows(2) {
        prop_assert!(
            pair[0].end <= pair[1].start,
            "{:?} overlaps {:?}",
            pair[0],
            pair[1]
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn passages_are_short_ordered_trimmed_paragraphs_that_cover_the_text(text in text()) {
        let spans: Vec<Span> = passages::split(&text).collect();
        assert_ordered_on_boundaries(&text, &spans)?;
        let mut covered = vec![false; text.len()];
        for span in &spans {
            let passage = &text[span.range()];
            prop_assert!(passage.len() <= MAX_PASSAGE_BYTES, "{} bytes", passage.len());
            prop_assert!(!passage.starts_with(is_edge_space), "{passage:?}");
            prop_assert!(!passage.ends_with(is_edge_space), "{passage:?}");
            let blank_line = passage
                .split('\n')
                .skip(1)
                .any(|line| line.trim_matches(is_edge_space).is_empty());
            prop_assert!(!blank_line, "a passage crosses a blank line: {passage:?}");
            covered[span.range()].fill(true);
        }
        for (i, c) in text.char_indices() {
            prop_assert!(is_edge_space(c) || covered[i], "{c:?} at byte {i} is in no passage");
        }
    }

    #[test]
    fn folding_maps_every_range_back_to_character_boundaries(text in text()) {
        let folded = cite::normalize::fold(&text);
        let len = folded.text.len();
        let positions: Vec<usize> = (0..=len + 2).step_by(1 + len / 60).chain([len]).collect();
        for &start in &positions {
            for &end in positions.iter().filter(|&&end| end >= start) {
                let original = folded.original_range(start..end);
                prop_assert!(original.start <= original.end && original.end <= text.len(),
                    "{start}..{end} -> {original:?}");
                prop_assert!(text.is_char_boundary(original.start)
                    && text.is_char_boundary(original.end), "{start}..{end} -> {original:?}");
                prop_assert_eq!(start.min(len) < end.min(len), !original.is_empty(),
                    "{}..{} -> {:?}", start, end, original);
            }
        }
    }

    #[test]
    fn parsing_any_text_gives_a_query_or_an_error(
        text in prop_oneof![query_text(), any::<String>()],
        all in any::<bool>(),
        fuzzy in 0..=3u8,
        passage in text(),
    ) {
        let options = QueryOptions { all, fuzzy };
        if let Ok(parsed) = query::parse(&text, fields(), options, &|_: &str| Vec::new()) {
            let highlights = parsed.matcher.highlights(&passage);
            assert_ordered_on_boundaries(&passage, &highlights)?;
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow(depth in 0..400usize, not in any::<bool>()) {
        let open = if not { "(NOT " } else { "(" };
        let text = format!("Kabul {}Doha{}", open.repeat(depth), ")".repeat(depth));
        let parsed = query::parse(&text, fields(), QueryOptions::default(), &|_: &str| Vec::new());
        if depth > query::MAX_NESTING {
            prop_assert!(parsed.is_err());
        } else if !not {
            prop_assert!(parsed.is_ok());
        }
    }
}
