//! The index's answers to the query builder: sources by path, words by prefix or edits.

use crate::corpus;
use crate::index::CiteIndex;
use crate::query::{self, Lexicon, ParsedQuery, QueryOptions};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::Searcher;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;

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
                    *found.entry(term.to_string()).or_insert(0) +=
                        u64::from(terms.value().doc_freq);
                }
            }
        }
        found.into_iter().collect()
    }

    fn within_edits(&self, field: Field, word: &str, edits: u8) -> Vec<(String, u64)> {
        let query = FuzzyTermQuery::new(tantivy::Term::from_field_text(field, word), edits, true);
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let (Ok(inverted), Ok(automaton)) = (segment.inverted_index(field), query.automaton())
            else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().search(automaton).into_stream() else {
                continue;
            };
            while terms.advance() {
                if let Ok(term) = std::str::from_utf8(terms.key()) {
                    *found.entry(term.to_string()).or_insert(0) +=
                        u64::from(terms.value().doc_freq);
                }
            }
        }
        found.into_iter().collect()
    }
}
