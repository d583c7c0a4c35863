//! The index's answers to the query builder: sources by path, words by prefix or edits.

use crate::analysis::{self, EXACT_MARK};
use crate::corpus;
use crate::index::CiteIndex;
use crate::query::{self, Lexicon, ParsedQuery, QueryOptions};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

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

    /// Indexed words (exact forms, and stems) within `edits` edits of `word`: the marked
    /// exact forms are searched with the mark added to `word`.
    fn within_edits(&self, field: Field, word: &str, edits: u8) -> Vec<(String, u64)> {
        let queries = [word.to_string(), analysis::marked(word)]
            .map(|form| FuzzyTermQuery::new(Term::from_field_text(field, &form), edits, true));
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            // Both searches may see a term: count it once per segment.
            let mut keys = BTreeMap::new();
            for query in &queries {
                let Ok(automaton) = query.automaton() else {
                    continue;
                };
                let Ok(mut terms) = inverted.terms().search(automaton).into_stream() else {
                    continue;
                };
                while terms.advance() {
                    keys.insert(terms.key().to_vec(), terms.value().doc_freq);
                }
            }
            for (key, freq) in keys {
                let Ok(term) = std::str::from_utf8(&key) else {
                    continue;
                };
                let term = unmarked(term);
                if query::within_edits(term, word, edits) {
                    *found.entry(term.to_string()).or_insert(0) += u64::from(freq);
                }
            }
        }
        found.into_iter().collect()
    }
}

/// An indexed term as the word it stands for: a marked exact form without its mark.
fn unmarked(term: &str) -> &str {
    term.strip_suffix(EXACT_MARK).unwrap_or(term)
}
