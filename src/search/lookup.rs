//! The index's answers to the query builder: sources by path, words by prefix or edits.

use crate::analysis::EXACT_MARK;
use crate::corpus;
use crate::index::CiteIndex;
use crate::query::{self, Lexicon, ParsedQuery, QueryOptions};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

/// Parses `text` against what `searcher` sees of the index.
pub(crate) fn parse(
    cite: &CiteIndex,
    searcher: &Searcher,
    text: &str,
    options: QueryOptions,
) -> Result<ParsedQuery> {
    query::parse(text, &cite.fields, options, &Lookup { cite, searcher })
}

/// The lexicon of one searcher's view of the index.
struct Lookup<'a> {
    cite: &'a CiteIndex,
    searcher: &'a Searcher,
}

impl Lexicon for Lookup<'_> {
    /// Indexed source keys whose displayed or absolute path contains `pattern`, case-insensitively.
    fn sources_matching(&self, pattern: &str) -> Vec<String> {
        let pattern = pattern.to_lowercase();
        let mut out = Vec::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.cite.fields.source) else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().stream() else {
                continue;
            };
            while terms.advance() {
                let Ok(key) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let display = corpus::display_path(Path::new(key));
                if key.to_lowercase().contains(&pattern)
                    || display.to_lowercase().contains(&pattern)
                {
                    out.push(key.to_string());
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Indexed words (exact forms, and stems) that start with `prefix`.
    fn with_prefix(&self, field: Field, prefix: &str) -> Vec<(String, u64)> {
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
                continue;
            };
            while terms.advance() && terms.key().starts_with(prefix.as_bytes()) {
                if let Ok(term) = std::str::from_utf8(terms.key()) {
                    *found.entry(unmarked(term).to_string()).or_insert(0) +=
                        u64::from(terms.value().doc_freq);
                }
            }
        }
        found.into_iter().collect()
    }

    /// Indexed words (exact forms, and stems) within `edits` edits of `word`, found with
    /// their marks in one walk of each segment's terms.
    fn within_edits(&self, field: Field, word: &str, edits: u8) -> Vec<(String, u64)> {
        let Ok(automaton) = FuzzyTermQuery::new(Term::from_field_text(field, word), edits, true)
            .automaton()
            .map(MarkOptional)
        else {
            return Vec::new();
        };
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().search(&automaton).into_stream() else {
                continue;
            };
            while terms.advance() {
                let Ok(term) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let term = unmarked(term);
                if query::within_edits(term, word, edits) {
                    *found.entry(term.to_string()).or_insert(0) +=
                        u64::from(terms.value().doc_freq);
                }
            }
        }
        found.into_iter().collect()
    }
}

/// An automaton that also accepts each of its words followed by [`EXACT_MARK`]: one walk
/// of a term dictionary finds the stems and the marked exact forms within some edits of a
/// word (two Levenshtein walks, with and without the mark, took 17% of a fuzzy query).
struct MarkOptional<A>(A);

/// Where [`MarkOptional`] stands: in a word, just after the mark of a word it accepts, or
/// nowhere.
#[derive(Clone)]
enum MarkState<S> {
    Word(S),
    Marked,
    Dead,
}

impl<A: Automaton> Automaton for MarkOptional<A> {
    type State = MarkState<A::State>;

    fn start(&self) -> Self::State {
        MarkState::Word(self.0.start())
    }

    fn is_match(&self, state: &Self::State) -> bool {
        match state {
            MarkState::Word(s) => self.0.is_match(s),
            MarkState::Marked => true,
            MarkState::Dead => false,
        }
    }

    fn can_match(&self, state: &Self::State) -> bool {
        match state {
            MarkState::Word(s) => self.0.can_match(s),
            MarkState::Marked => true,
            MarkState::Dead => false,
        }
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        match state {
            MarkState::Word(s) if u32::from(byte) == u32::from(EXACT_MARK) => {
                if self.0.is_match(s) {
                    MarkState::Marked
                } else {
                    MarkState::Dead
                }
            }
            MarkState::Word(s) => MarkState::Word(self.0.accept(s, byte)),
            MarkState::Marked | MarkState::Dead => MarkState::Dead,
        }
    }
}

/// An indexed term as the word it stands for: a marked exact form without its mark.
fn unmarked(term: &str) -> &str {
    term.strip_suffix(EXACT_MARK).unwrap_or(term)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(automaton: &impl Automaton, term: &str) -> bool {
        let mut state = automaton.start();
        for byte in term.bytes() {
            if !automaton.can_match(&state) {
                return false;
            }
            state = automaton.accept(&state, byte);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn words_within_edits_are_found_with_and_without_their_mark() {
        let term = Term::from_field_text(Field::from_field_id(0), "goverment");
        let automaton = MarkOptional(FuzzyTermQuery::new(term, 1, true).automaton().unwrap());
        let marked = |word: &str| format!("{word}{EXACT_MARK}");
        for (term, expected) in [
            ("goverment".to_string(), true),
            ("government".to_string(), true),
            (marked("government"), true),
            (marked("goverment"), true),
            ("govern".to_string(), false),
            (marked("govern"), false),
            (format!("{}s", marked("government")), false),
            (format!("{EXACT_MARK}goverment"), false),
        ] {
            assert_eq!(accepts(&automaton, &term), expected, "{term:?}");
        }
    }
}
