//! Expanding `word*` and fuzzy words into the indexed words they match, closest first.

use tantivy::schema::Field;

/// Most indexed words one prefix or fuzzy word expands to: the closest and most frequent.
pub const MAX_EXPANSIONS: usize = 64;

/// An indexed word a query word expands to.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// The indexed word.
    pub term: String,
    /// How close it is to the query word, in (0, 1]: the boost of its matches.
    pub closeness: f32,
}

/// What the query builder asks of the index.
pub trait Lexicon {
    /// Indexed source keys whose path contains `pattern`.
    fn sources_matching(&self, pattern: &str) -> Vec<String>;
    /// Indexed words of `field` that start with `prefix`, with their document frequencies.
    fn with_prefix(&self, _field: Field, _prefix: &str) -> Vec<(String, u64)> {
        Vec::new()
    }
    /// Indexed words of `field` within `edits` edits of `word`, with their document frequencies.
    fn within_edits(&self, _field: Field, _word: &str, _edits: u8) -> Vec<(String, u64)> {
        Vec::new()
    }
}

/// A function from a path pattern to source keys is a lexicon without words.
impl<F: Fn(&str) -> Vec<String>> Lexicon for F {
    fn sources_matching(&self, pattern: &str) -> Vec<String> {
        self(pattern)
    }
}

/// The prefix's expansions: the shortest (closest) words first, then the most frequent.
pub fn prefix_expansions(prefix: &str, words: Vec<(String, u64)>) -> Vec<Expansion> {
    let len = prefix.chars().count().max(1) as f32;
    best(words, |term| {
        let extra = term.chars().count() as f32 - len;
        len / (len + extra.max(0.0))
    })
}

/// The fuzzy word's expansions: fewest edits first, then the most frequent; each boosted as
/// Lucene does, by 1 - edits / length.
pub fn fuzzy_expansions(word: &str, max: u8, words: Vec<(String, u64)>) -> Vec<Expansion> {
    best(words, |term| {
        let edits = (0..=max)
            .find(|&d| super::within_edits(term, word, d))
            .unwrap_or(max);
        let shorter = word.chars().count().min(term.chars().count()).max(1) as f32;
        (1.0 - f32::from(edits) / shorter).max(0.1)
    })
}

/// The [`MAX_EXPANSIONS`] words of highest closeness, ties to the more frequent.
fn best(words: Vec<(String, u64)>, closeness: impl Fn(&str) -> f32) -> Vec<Expansion> {
    let mut scored: Vec<(Expansion, u64)> = words
        .into_iter()
        .map(|(term, freq)| {
            let closeness = closeness(&term);
            (Expansion { term, closeness }, freq)
        })
        .collect();
    scored.sort_by(|(a, fa), (b, fb)| {
        b.closeness
            .total_cmp(&a.closeness)
            .then(fb.cmp(fa))
            .then_with(|| a.term.cmp(&b.term))
    });
    scored.truncate(MAX_EXPANSIONS);
    scored.into_iter().map(|(e, _)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[(&str, u64)]) -> Vec<(String, u64)> {
        words.iter().map(|(w, f)| (w.to_string(), *f)).collect()
    }

    #[test]
    fn prefixes_rank_the_shortest_words_first() {
        let got = prefix_expansions("kabu", terms(&[("kabulov", 9), ("kabul", 2)]));
        assert_eq!(got[0].term, "kabul");
        assert!(got[0].closeness > got[1].closeness);
    }

    #[test]
    fn fuzzy_words_rank_the_exact_form_first() {
        let got = fuzzy_expansions(
            "kabul",
            2,
            terms(&[("kabol", 50), ("kabul", 1), ("kaboal", 70)]),
        );
        let order: Vec<&str> = got.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(order, ["kabul", "kabol", "kaboal"]);
        assert_eq!(got[0].closeness, 1.0);
    }

    #[test]
    fn expansions_are_capped() {
        let many: Vec<(String, u64)> = (0..500).map(|i| (format!("kabu{i}"), i)).collect();
        assert_eq!(prefix_expansions("kabu", many).len(), MAX_EXPANSIONS);
    }
}
