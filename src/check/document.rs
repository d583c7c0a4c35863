//! What judging a sentence may ask of its whole document: whether it holds a word, writes
//! it in lower case, or writes it as a name inside a sentence — each answer found by a
//! scan of the text for that word when first asked, and kept.

use crate::analysis;
use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

/// Letters a word may run on by and stay the same word (`licensor`, `licensors`).
const ENDINGS: usize = 3;

/// The answers about one document's words, found when first asked for.
#[derive(Default)]
pub struct Words {
    /// Its folded words.
    all: OnceCell<HashSet<String>>,
    /// Whether it writes a word in lower case, by word.
    lower: RefCell<HashMap<String, bool>>,
    /// Whether it writes a word capitalised inside a sentence, by word.
    named: RefCell<HashMap<String, bool>>,
}

impl Words {
    /// True when `text` holds the folded `word`.
    pub fn has(&self, text: &str, word: &str) -> bool {
        self.all
            .get_or_init(|| {
                analysis::tokens(text)
                    .into_iter()
                    .map(|t| t.exact)
                    .collect()
            })
            .contains(word)
    }

    /// True when `text` writes the folded `word` (or it with a short ending: `licensors`)
    /// in lower case.
    pub fn common(&self, text: &str, word: &str) -> bool {
        *self
            .lower
            .borrow_mut()
            .entry(word.to_string())
            .or_insert_with(|| occurrences(text, word).any(|_| true))
    }

    /// True when `text` writes the folded `word` capitalised where no sentence begins.
    pub fn named(&self, text: &str, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let capitalised: String = first.to_uppercase().chain(chars).collect();
        *self
            .named
            .borrow_mut()
            .entry(word.to_string())
            .or_insert_with(|| {
                occurrences(text, &capitalised).any(|at| {
                    let before = text[..at].trim_end_matches(['“', '"', '‘', '\'', '(', '[']);
                    let before = before.trim_end();
                    before
                        .chars()
                        .next_back()
                        .is_some_and(|c| !matches!(c, '.' | '!' | '?' | ':' | '…' | '”'))
                })
            })
    }
}

/// The byte offsets where `word` begins a word of `text` (running on by at most
/// [`ENDINGS`] letters).
fn occurrences<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let starts = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let rest = text[at + word.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .count();
            starts && rest <= ENDINGS
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_lower_case_and_as_names() {
        let text =
            "The Licensor grants it. Akhundzada leads; under Hibatullah Akhundzada the licensors …";
        let words = Words::default();
        assert!(words.common(text, "licensor"));
        assert!(!words.common(text, "akhundzada"));
        assert!(words.named(text, "akhundzada"));
        assert!(!words.named(text, "the"));
        assert!(words.has(text, "grants"));
        assert!(!words.has(text, "grant"));
    }
}
