//! What judging a sentence may ask of its whole document: which words it holds, which it
//! writes in lower case, and which it writes as names — each read once, when first asked.

use super::values::{self, Data};
use crate::analysis;
use std::cell::OnceCell;
use std::collections::HashSet;

/// The words of one document, read from its text when first asked for.
#[derive(Default)]
pub struct Words {
    /// Its folded words, and the stems of those it writes in lower case.
    tokens: OnceCell<(HashSet<String>, HashSet<String>)>,
    /// The folded words of its names.
    names: OnceCell<HashSet<String>>,
}

impl Words {
    /// True when `text` holds the folded `word`.
    pub fn has(&self, text: &str, word: &str) -> bool {
        self.tokens(text).0.contains(word)
    }

    /// True when `text` writes a word of this stem in lower case.
    pub fn common(&self, text: &str, stem: &str) -> bool {
        self.tokens(text).1.contains(stem)
    }

    /// True when `text` writes the folded `word` in a name inside a sentence.
    pub fn named(&self, text: &str, word: &str) -> bool {
        self.names
            .get_or_init(|| {
                let mut names = HashSet::new();
                for v in values::extract(text, &analysis::tokens(text)) {
                    if let Data::Name(words) = v.data {
                        names.extend(words);
                    }
                }
                names
            })
            .contains(word)
    }

    fn tokens(&self, text: &str) -> &(HashSet<String>, HashSet<String>) {
        self.tokens.get_or_init(|| {
            let mut all = HashSet::new();
            let mut lower = HashSet::new();
            for t in analysis::tokens(text) {
                if text[t.span.range()].starts_with(char::is_lowercase) {
                    lower.insert(t.stem.clone());
                }
                all.insert(t.exact);
            }
            (all, lower)
        })
    }
}
