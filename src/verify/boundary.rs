//! Word boundaries: where a match may start or end without cutting a source word or number.
//!
//! A position is cut when the text on both sides belongs to one word: letters or digits on
//! both sides (`support 50|0`), a decimal or grouping mark between digits (`$736|.6`,
//! `1,|400`), or an apostrophe inside a word (`don|’t`, `O’|Brien`). A possessive `’s`, a
//! final full stop (`U.S|.`) and punctuation before a space (`2025|,`) are not cuts.

use std::ops::Range;

/// True when `c` is part of a word: a letter, a digit or a combining mark.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

/// Combining marks, which continue the word of the letter they follow.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Apostrophes, straight or typographic.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// True when byte `pos` of `text` (a char boundary) lies inside a word or a number.
pub(super) fn is_cut(text: &str, pos: usize) -> bool {
    let mut back = text[..pos].chars().rev();
    let mut ahead = text[pos..].chars();
    let (Some(a), Some(b)) = (back.next(), ahead.next()) else {
        return false;
    };
    let (a2, b2) = (back.next(), ahead.next());
    let word = |c: Option<char>| c.is_some_and(is_word);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let mark = |c: char| matches!(c, '.' | ',');
    if is_word(a) && is_word(b) {
        return true;
    }
    if (digit(Some(a)) && mark(b) && digit(b2)) || (mark(a) && digit(a2) && digit(Some(b))) {
        return true;
    }
    if letter(Some(a)) && is_apostrophe(b) && letter(b2) {
        let possessive = matches!(b2, Some('s' | 'S')) && !word(ahead.next());
        return !possessive;
    }
    is_apostrophe(a) && letter(a2) && letter(Some(b))
}

/// The previous char boundary of `text` before `pos`.
fn previous(text: &str, pos: usize) -> usize {
    text[..pos].char_indices().next_back().map_or(0, |(i, _)| i)
}

/// The next char boundary of `text` after `pos`.
fn next(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .next()
        .map_or(text.len(), |c| pos + c.len_utf8())
}

/// The whole word of `text` at byte `pos`: the word `pos` cuts, else the word ending or
/// starting there; `pos..pos` when `pos` touches no word.
pub(super) fn word_around(text: &str, pos: usize) -> Range<usize> {
    let cut = is_cut(text, pos);
    let before = text[..pos].chars().next_back().is_some_and(is_word);
    let after = text[pos..].chars().next().is_some_and(is_word);
    let mut start = pos;
    if cut || before {
        start = previous(text, pos);
        while start > 0 && is_cut(text, start) {
            start = previous(text, start);
        }
    }
    let mut end = pos;
    if cut || after {
        end = next(text, pos);
        while end < text.len() && is_cut(text, end) {
            end = next(text, end);
        }
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether the position marked `|` in `marked` is cut.
    fn cut(marked: &str) -> bool {
        let pos = marked.find('|').unwrap();
        let text = marked.replacen('|', "", 1);
        is_cut(&text, pos)
    }

    #[test]
    fn the_issue_cases() {
        for marked in [
            "support 50|0",
            "$736|.6 million",
            "$736.|6 million",
            "1,|400",
            "1|,400",
            "the|ir",
            "don|’t",
            "O’|Brien",
            "Anto\u{301}|nio",
        ] {
            assert!(cut(marked), "{marked} is cut");
        }
        for marked in [
            "Taliban|’s forces",
            "students|’ rights",
            "U.S|. officials",
            "in 2025|, the",
            "2025.| Then",
            "|start",
            "end|",
            "U.S.|-Taliban",
            "“Afghan syndrome,|”",
            "the |their",
            "5|%",
        ] {
            assert!(!cut(marked), "{marked} is not cut");
        }
    }

    #[test]
    fn whole_words_around_a_cut() {
        let text = "no longer support 500 and $736.6 million, the Taliban’s men";
        let at = |s: &str| text.find(s).unwrap();
        let word = |pos: usize| &text[word_around(text, pos)];
        assert_eq!(word(at("500") + 2), "500");
        assert_eq!(word(at("736") + 3), "736.6");
        assert_eq!(word(at("Taliban") + 7), "Taliban");
        assert_eq!(word(at("500")), "500");
        assert_eq!(word(at("500") + 3), "500");
        assert_eq!(word(at(", the")), "million");
        assert_eq!(word(at(", the") + 1), "");
    }

    proptest! {
        /// Between two words separated by a space there is never a cut, and inside a run of
        /// letters or digits there always is.
        #[test]
        fn spaces_separate_and_runs_join(a in "[a-zA-Z0-9]{1,8}", b in "[a-zA-Z0-9]{1,8}") {
            let text = format!("{a} {b}");
            prop_assert!(!is_cut(&text, a.len()));
            prop_assert!(!is_cut(&text, a.len() + 1));
            let joined = format!("{a}{b}");
            prop_assert!(is_cut(&joined, a.len()));
            let w = word_around(&joined, a.len());
            prop_assert_eq!(w, 0..joined.len());
        }

        /// `is_cut` never panics and `word_around` stays on char boundaries around `pos`.
        #[test]
        fn any_text_any_position(text in "\\PC{0,20}", at in 0usize..40) {
            let pos = text.char_indices().map(|(i, _)| i).chain([text.len()]).nth(at % (text.chars().count() + 1)).unwrap();
            let _ = is_cut(&text, pos);
            let w = word_around(&text, pos);
            prop_assert!(w.start <= pos && pos <= w.end);
            prop_assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
        }
    }
}
