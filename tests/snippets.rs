//! Properties of table snippets on generated passages: every line fits its width in
//! terminal columns, no word is cut but at a fragment's edge or when longer than a line,
//! and every match that is shown is marked.

use cite::output::snippet::{PLAIN_MARKS, Snippet};
use cite::span::Span;
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

/// A passage of words (ASCII, accented, CJK, emoji) and whitespace (line breaks too), and
/// which of its words are matches.
fn passage() -> impl Strategy<Value = (String, Vec<Span>)> {
    let word = prop_oneof![
        6 => "[a-zA-Z]{1,12}",
        1 => "[éüß]{1,4}",
        1 => "[联合国秘书长東京会議]{1,6}",
        1 => Just("😀".to_string()),
        1 => "[a-z]{20,40}",
    ];
    let space = prop::sample::select(vec![" ", " ", " ", "\n", "\r\n", "  ", "\t"]);
    prop::collection::vec((word, space, any::<bool>()), 1..300).prop_map(|words| {
        let mut text = String::new();
        let mut marks = Vec::new();
        for (word, space, marked) in words {
            if marked {
                marks.push(Span::new(text.len(), text.len() + word.len()));
            }
            text.push_str(&word);
            text.push_str(space);
        }
        (text, marks)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn snippets_fit_keep_words_and_mark_matches(
        (text, marks) in passage(),
        width in 12..120usize,
        lines in 1..6usize,
    ) {
        let snippet = Snippet::around(&text, &marks, width * lines);
        let rendered = snippet.render(width, false);
        for line in rendered.lines() {
            prop_assert!(line.width() <= width, "{} > {width}: {line:?}", line.width());
        }
        prop_assert!(!rendered.contains(['\r', '\t']));
        let source_words: Vec<&str> = text.split_whitespace().collect();
        let plain = rendered.replace(PLAIN_MARKS.0, " ").replace(PLAIN_MARKS.1, " ");
        for word in plain.split_whitespace() {
            let word = word.trim_matches('…');
            prop_assert!(
                word.is_empty() || source_words.iter().any(|w| w.contains(word)),
                "{word:?} is no part of a word of the passage"
            );
        }
        let marked: Vec<&str> = rendered
            .split(PLAIN_MARKS.0)
            .skip(1)
            .map(|piece| piece.split(PLAIN_MARKS.1).next().unwrap_or_default())
            .collect();
        for run in marked {
            for piece in run.split_whitespace() {
                prop_assert!(
                    marks.iter().any(|m| text[m.range()].contains(piece.trim_matches('…'))),
                    "{piece:?} is marked but no match"
                );
            }
        }
        if !marks.is_empty() {
            prop_assert!(rendered.contains(PLAIN_MARKS.0), "a snippet shows a match: {rendered}");
        }
    }
}
