//! The exact-form query of a word that is its own stem.
//!
//! The index marks a word's exact form only where it differs from the stem, so `run` as
//! written is the stem term `run` at a position where no marked form (`running`, `runs`)
//! stands. This query approximates that per passage: the stem term, in passages holding
//! none of the word's indexed inflections.

use crate::analysis::{self, EXACT_MARK};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery, TermSetQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// Longest ending the English stemmer takes off a word, in bytes, and the mark: longer
/// terms are no inflections (`nationalizations` is `nation` and ten letters).
const MAX_SUFFIX_BYTES: usize = 13;

/// Passages holding the word `stem` as written, none of its other forms.
#[derive(Debug, Clone)]
pub struct SelfStemQuery {
    field: Field,
    stem: String,
}

impl SelfStemQuery {
    /// The query for the word `stem` (an exact form equal to its own stem) in `field`.
    pub fn new(field: Field, stem: &str) -> SelfStemQuery {
        SelfStemQuery {
            field,
            stem: stem.to_string(),
        }
    }

    /// The marked exact forms in the index whose stem is this word.
    fn inflections(&self, searcher: &Searcher) -> tantivy::Result<Vec<Term>> {
        let mut found = Vec::new();
        let start = self.stem.as_bytes();
        let mut end = start.to_vec();
        end.push(0xff);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.field)?;
            let mut terms = inverted.terms().range().ge(start).lt(&end).into_stream()?;
            while terms.advance() {
                if terms.key().len() > start.len() + MAX_SUFFIX_BYTES {
                    continue;
                }
                let Some(exact) = std::str::from_utf8(terms.key())
                    .ok()
                    .and_then(|key| key.strip_suffix(EXACT_MARK))
                else {
                    continue;
                };
                if analysis::stem(exact) == self.stem {
                    found.push(Term::from_field_text(self.field, &analysis::marked(exact)));
                }
            }
        }
        found.sort();
        found.dedup();
        Ok(found)
    }
}

impl Query for SelfStemQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let term = TermQuery::new(
            Term::from_field_text(self.field, &self.stem),
            IndexRecordOption::WithFreqs,
        );
        let Some(searcher) = enable_scoring.searcher() else {
            return term.weight(enable_scoring);
        };
        let inflections = self.inflections(searcher)?;
        if inflections.is_empty() {
            return term.weight(enable_scoring);
        }
        BooleanQuery::new(vec![
            (Occur::Must, Box::new(term)),
            (Occur::MustNot, Box::new(TermSetQuery::new(inflections))),
        ])
        .weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, _visitor: &mut dyn FnMut(&'a Term, bool)) {}
}
