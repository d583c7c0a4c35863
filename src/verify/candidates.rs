//! What the index proposes for a quote: candidate files and passages to look at.

use super::quote::Quote;
use crate::analysis::{self, Token};
use crate::columns::PassageColumns;
use crate::index::CiteIndex;
use anyhow::{Context, Result};
use encoding_rs::Encoding;
use std::collections::{HashMap, HashSet};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

/// Words of a quote (from its start, and from its end) used as phrases to find candidates.
const PHRASE_WORDS: usize = 12;
/// Passages holding the quote's phrases that are looked at, at most.
const MAX_PHRASE_HITS: usize = 2_000;
/// Candidate files read, at most.
const MAX_SOURCES: usize = 500;
/// Best passages of an any-word query added as candidates, for misquotes.
const NEAR_HITS: usize = 20;
/// Distinct words of a quote put into the any-word query, at most.
const MAX_QUERY_WORDS: usize = 64;

/// The files worth reading for a quote, and passages to align it against.
pub(super) struct Candidates {
    /// Absolute paths of candidate files.
    pub(super) files: Vec<String>,
    /// (absolute path, passage start) of passages likely to hold the quote, best first.
    pub(super) hints: Vec<(String, usize)>,
    /// True when some candidates were left out.
    pub(super) truncated: bool,
    /// The encoding of each candidate file that is not UTF-8, as it was indexed.
    pub(super) encodings: HashMap<String, &'static Encoding>,
}

impl Candidates {
    /// Files with a passage holding the quote's (longest fragment's) words as a phrase,
    /// plus the best passages of a query for any of its words.
    ///
    /// The any-word query, the costlier of the two, and the reading of its passages run on a
    /// thread of their own meanwhile.
    pub(super) fn find(cite: &CiteIndex, searcher: &Searcher, quote: &Quote) -> Result<Candidates> {
        let tokens = analysis::tokens(quote.raw);
        let ((phrase, mut truncated), near) = std::thread::scope(|scope| -> Result<_> {
            let near = scope.spawn(|| near_passages(cite, searcher, &tokens));
            let (phrase, truncated) = phrase_passages(searcher, cite.fields.exact, quote, &tokens)?;
            let mut columns = PassageColumns::new(searcher, cite.fields);
            let phrase: Vec<Passage> = phrase
                .into_iter()
                .map(|address| passage_of(&mut columns, address))
                .collect::<Result<_>>()?;
            let near = near
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok(((phrase, truncated), near?))
        })?;
        let mut encodings = HashMap::new();
        let mut hints = Vec::new();
        for (path, start, encoding) in near.into_iter().chain(phrase) {
            if let Some(encoding) = encoding {
                encodings.insert(path.clone(), encoding);
            }
            hints.push((path, start));
        }

        let mut seen = HashSet::new();
        let mut files = Vec::new();
        for (path, _) in &hints {
            if seen.insert(path) {
                if files.len() == MAX_SOURCES {
                    truncated = true;
                    break;
                }
                files.push(path.clone());
            }
        }
        files.sort();
        Ok(Candidates {
            files,
            hints,
            truncated,
            encodings,
        })
    }
}

/// An indexed passage: its source path, first byte and (for a file that is not UTF-8)
/// encoding.
type Passage = (String, usize, Option<&'static Encoding>);

/// The passages holding the quote's words as a phrase in `field` (or cut at its edges, when
/// none does), best first; and whether there were more than are looked at.
fn phrase_passages(
    searcher: &Searcher,
    field: Field,
    quote: &Quote,
    tokens: &[Token],
) -> Result<(Vec<DocAddress>, bool)> {
    let queries = phrase_query(field, quote)
        .into_iter()
        .chain(mid_word_query(field, tokens));
    for query in queries {
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(MAX_PHRASE_HITS).order_by_score(),
        )?;
        if !top.is_empty() {
            let truncated = top.len() == MAX_PHRASE_HITS;
            return Ok((
                top.into_iter().map(|(_, address)| address).collect(),
                truncated,
            ));
        }
    }
    Ok((Vec::new(), false))
}

/// The best passages of a query for any of the quote's words, best first.
fn near_passages(cite: &CiteIndex, searcher: &Searcher, tokens: &[Token]) -> Result<Vec<Passage>> {
    let near = near_query(cite.fields.text, tokens);
    let top = searcher.search(&near, &TopDocs::with_limit(NEAR_HITS).order_by_score())?;
    let mut columns = PassageColumns::new(searcher, cite.fields);
    top.into_iter()
        .map(|(_, address)| passage_of(&mut columns, address))
        .collect()
}

/// The passages that may hold the quote: those with its words (its longest fragment's, for an
/// elided quote) as a phrase, ranked up when they also hold its other fragments.
fn phrase_query(field: Field, quote: &Quote) -> Option<BooleanQuery> {
    let tokens = |text: &str| analysis::tokens(text);
    let Some(fragments) = &quote.fragments else {
        let phrases = phrase_queries(field, stable(&tokens(quote.raw)));
        return (!phrases.is_empty())
            .then(|| BooleanQuery::new(phrases.into_iter().map(|q| (Occur::Should, q)).collect()));
    };
    let mut texts: Vec<Vec<Token>> = fragments
        .iter()
        .flat_map(|f| &f.texts)
        .map(|t| tokens(t))
        .filter(|t| !t.is_empty())
        .collect();
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let (longest, others) = texts.split_first()?;
    let required: Vec<(Occur, Box<dyn Query>)> = phrase_queries(field, stable(longest))
        .into_iter()
        .map(|q| (Occur::Should, q))
        .collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(required)))];
    clauses.extend(
        others
            .iter()
            .flat_map(|t| phrase_queries(field, t))
            .map(|q| (Occur::Should, q)),
    );
    Some(BooleanQuery::new(clauses))
}

/// The longest run of `tokens` without a number or a word of percent, which the source may
/// write another way (`1,400`, `10%`, `per cent`); all of `tokens` when no run has two words.
fn stable(tokens: &[Token]) -> &[Token] {
    let volatile = |t: &Token| {
        t.exact.chars().any(|c| c.is_ascii_digit())
            || matches!(t.exact.as_str(), "percent" | "per" | "cent")
    };
    tokens
        .split(volatile)
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= 2)
        .unwrap_or(tokens)
}

/// Phrase queries on the exact forms for the head and tail of `tokens`.
///
/// A quote may start or end inside a word, so with four words or more the first and last
/// are left out; the verdict is decided on the text anyway.
fn phrase_queries(field: Field, tokens: &[Token]) -> Vec<Box<dyn Query>> {
    let core = if tokens.len() >= 4 {
        &tokens[1..tokens.len() - 1]
    } else {
        tokens
    };
    let head = &core[..core.len().min(PHRASE_WORDS)];
    let tail = &core[core.len().saturating_sub(PHRASE_WORDS)..];
    let mut out = Vec::new();
    for part in [head, tail] {
        let query: Box<dyn Query> = match part {
            [] => continue,
            [word] => Box::new(TermQuery::new(
                Term::from_field_text(field, &word.exact_key()),
                IndexRecordOption::Basic,
            )),
            _ => Box::new(PhraseQuery::new_with_offset(
                part.iter()
                    .map(|t| {
                        (
                            t.position - part[0].position,
                            Term::from_field_text(field, &t.exact_key()),
                        )
                    })
                    .collect(),
            )),
        };
        out.push(query);
        if head.len() == core.len() {
            break;
        }
    }
    out
}

/// For a quote whose words stand in no passage as a phrase: passages where they may stand
/// cut at the quote's edges, its last word a prefix and its first word (of one or two) left
/// out, or a lone word anywhere inside a longer one. Only for quotes of a few words.
fn mid_word_query(field: Field, tokens: &[Token]) -> Option<BooleanQuery> {
    // A phrase prefix's last word is the prefix of indexed terms.
    let term = |i: usize, t: &Token| {
        let text = if i + 1 == tokens.len() - 1 {
            t.exact.clone()
        } else {
            t.exact_key()
        };
        Term::from_field_text(field, &text)
    };
    let query: Box<dyn Query> = match tokens {
        [] => return None,
        [word] => Box::new(
            RegexQuery::from_pattern(&format!(".*{}.*", regex_literal(&word.exact)), field).ok()?,
        ),
        [_, last] => Box::new(
            RegexQuery::from_pattern(&format!("{}.*", regex_literal(&last.exact)), field).ok()?,
        ),
        [_, rest @ ..] if rest.len() <= PHRASE_WORDS => {
            Box::new(PhrasePrefixQuery::new_with_offset(
                rest.iter()
                    .enumerate()
                    .map(|(i, t)| (t.position - rest[0].position, term(i, t)))
                    .collect(),
            ))
        }
        _ => return None,
    };
    Some(BooleanQuery::new(vec![(Occur::Should, query)]))
}

/// `word` with the characters that mean something in a regex escaped.
fn regex_literal(word: &str) -> String {
    word.chars()
        .flat_map(|c| {
            let escape = !c.is_alphanumeric();
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// A query for any of the (first distinct) words of `tokens`, on the stemmed field.
fn near_query(field: Field, tokens: &[Token]) -> BooleanQuery {
    let mut seen = HashSet::new();
    let clauses: Vec<(Occur, Box<dyn Query>)> = tokens
        .iter()
        .filter(|t| seen.insert(t.stem.clone()))
        .take(MAX_QUERY_WORDS)
        .map(|t| {
            let term = Term::from_field_text(field, &t.stem);
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    BooleanQuery::new(clauses)
}

/// The source path, first byte and (for a file that is not UTF-8) encoding of an indexed
/// passage, from the index's columns.
fn passage_of(columns: &mut PassageColumns, address: DocAddress) -> Result<Passage> {
    let record = columns
        .record(address)
        .context("cannot read a passage from the index")?;
    Ok((record.source, record.span.start, record.encoding))
}
