//! Retrieval: the passages of the index that BM25 ranks highest for a claim's content words
//! (their synonyms and other spellings at a lower boost).

use super::words::{self, Keys};
use crate::analysis::Token;
use crate::columns::PassageColumns;
use crate::index::{self, CiteIndex};
use anyhow::Result;
use std::collections::HashSet;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

/// Boost of a synonym or other spelling against the claim's own word.
const ALTERNATIVE_BOOST: f32 = 0.5;
/// Distinct words put into the query, at most.
const MAX_QUERY_WORDS: usize = 48;

/// One indexed passage proposed as evidence.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Absolute path of its source file.
    pub source: String,
    /// First byte in the file.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its text as indexed.
    pub text: String,
    /// BM25 score.
    pub score: f32,
    /// The encoding its file was indexed with, when it is not UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// British spelling of American `-ize` forms, to find both.
fn british(exact: &str) -> Option<String> {
    for (from, to) in [
        ("ization", "isation"),
        ("ize", "ise"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("izing", "ising"),
    ] {
        if let Some(stem) = exact.strip_suffix(from)
            && stem.len() >= 4
        {
            return Some(format!("{stem}{to}"));
        }
    }
    None
}

/// The stems to search for the claim's tokens (content words, numbers and dates), with
/// their boosts.
pub fn terms(tokens: &[Token], searchable: &[bool], keys: &mut Keys) -> Vec<(String, f32)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (t, _) in tokens.iter().zip(searchable).filter(|(_, s)| **s) {
        if seen.insert(t.stem.clone()) {
            out.push((t.stem.clone(), 1.0));
        }
        let key = keys.key(t);
        let mut alternatives = keys.alternatives(&key);
        for spelled in [british(&t.exact), words::american(&t.exact)]
            .into_iter()
            .flatten()
        {
            alternatives.push(words::stem(&spelled));
        }
        for alt in alternatives {
            if seen.insert(alt.clone()) {
                out.push((alt, ALTERNATIVE_BOOST));
            }
        }
        if out.len() >= MAX_QUERY_WORDS {
            break;
        }
    }
    out.truncate(MAX_QUERY_WORDS);
    out
}

/// The best `limit` passages for `terms`, best first.
pub fn passages(
    cite: &CiteIndex,
    searcher: &Searcher,
    terms: &[(String, f32)],
    limit: usize,
) -> Result<Vec<Passage>> {
    let f = &cite.fields;
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .map(|(stem, boost)| {
            let term = TermQuery::new(
                Term::from_field_text(f.text, stem),
                IndexRecordOption::WithFreqs,
            );
            let query: Box<dyn Query> = if (*boost - 1.0).abs() < f32::EPSILON {
                Box::new(term)
            } else {
                Box::new(BoostQuery::new(Box::new(term), *boost))
            };
            (Occur::Should, query)
        })
        .collect();
    if clauses.is_empty() {
        return Ok(Vec::new());
    }
    let query = BooleanQuery::new(clauses);
    let damaged = |e| index::damaged(&cite.dir, e);
    let top = searcher
        .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())
        .map_err(damaged)?;
    let mut columns = PassageColumns::new(searcher, cite.fields);
    let mut out = Vec::with_capacity(top.len());
    for (score, address) in top {
        let record = columns
            .record(address)
            .ok_or_else(|| index::damaged(&cite.dir, "a passage's columns are missing"))?;
        let doc: TantivyDocument = searcher.doc(address).map_err(damaged)?;
        out.push(Passage {
            source: record.source,
            start: record.span.start,
            end: record.span.end,
            text: doc
                .get_first(f.text)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
            score,
            encoding: record.encoding,
        });
    }
    Ok(out)
}

/// Inverse document frequency of a stem in the passages of the index (BM25's).
pub fn idf(cite: &CiteIndex, searcher: &Searcher, stem: &str) -> f64 {
    let n = searcher.num_docs() as f64;
    let df = searcher
        .doc_freq(&Term::from_field_text(cite.fields.text, stem))
        .unwrap_or(0) as f64;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}
