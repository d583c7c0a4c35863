//! `cite check`: trace a claim in one's own words to the sentences of the sources that
//! support or contradict it, with the values that differ.
//!
//! Retrieval ([`retrieve`]) proposes passages by BM25 over the claim's content words;
//! each passage is split into sentences ([`sentences`]); each sentence (or two or three
//! adjacent sentences) is judged ([`stance`]) by how much of the claim's frame it covers
//! and whether the numbers, dates and names ([`values`]), polarity and comparisons it
//! shares with the claim agree, a date written without its year taking the year its
//! document gives ([`context`]). Every judgement is made on the file's text as it is now.

pub mod agents;
pub mod aliases;
pub mod bounds;
pub mod context;
pub mod document;
pub mod retrieve;
pub mod roles;
pub mod sentences;
pub mod stance;
pub mod values;
pub mod windows;
pub mod words;

use crate::corpus;
use crate::decode::OffsetMap;
use crate::index::CiteIndex;
use crate::located::{Decoded, Located};
use crate::span::Span;
use anyhow::{Result, bail};
use serde::Serialize;
use stance::Claim;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use tantivy::Searcher;
use windows::{Judged, judge_passage};

pub use stance::Stance;
pub use values::Kind;
pub use words::Synonyms;

/// Longest claim accepted, in bytes: a claim is a sentence or two, not a document.
pub const MAX_CLAIM_BYTES: usize = 2_000;
/// Source files kept read between the claims of one checker, at most.
const CACHED_FILES: usize = 256;

/// How a check is run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether synonyms count as the claim's words.
    pub synonyms: Synonyms,
    /// Pieces of evidence listed (beyond the best of each supporting or contradicting source).
    pub max_evidence: usize,
    /// Passages retrieved and judged.
    pub candidates: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            synonyms: Synonyms::Curated,
            max_evidence: 10,
            candidates: 40,
        }
    }
}

/// What the sources say of a claim, all evidence taken together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Evidence supports it and none contradicts it.
    Supported,
    /// Evidence contradicts it and none supports it.
    Contradicted,
    /// Some evidence supports it and some contradicts it.
    Disputed,
    /// Nothing supports or contradicts it.
    Unsupported,
}

impl Verdict {
    /// The verdict as JSON spells it.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Disputed => "disputed",
            Verdict::Unsupported => "unsupported",
        }
    }
}

impl Stance {
    /// The stance as JSON spells it.
    pub fn name(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::Related => "related",
        }
    }
}

/// A value the claim and a source give differently, each as written.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    /// The claim's words.
    pub claim: String,
    /// The source's words.
    pub source: String,
    /// What kind of value differs.
    pub kind: Kind,
    /// The source's words for the terminal: a span of the evidence's `text` offset by the
    /// evidence's start (for UTF-8, the bytes in its file).
    #[serde(skip)]
    pub span: Span,
}

/// A sentence (or two or three adjacent ones) of a source that bears on the claim.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// The sentences in the source file as it is now.
    #[serde(flatten)]
    pub place: Located,
    /// How well it covers the claim (0..=1, more for agreeing values).
    pub score: f64,
    /// What it says of the claim.
    pub stance: Stance,
    /// Absolute byte spans of the claim's words and agreeing values in it.
    pub highlights: Vec<Span>,
    /// Values it gives differently from the claim (for `contradicts`).
    pub conflicts: Vec<Conflict>,
    /// `highlights` for the terminal: spans of `text` offset by `span.start` (for UTF-8,
    /// the same spans).
    #[serde(skip)]
    pub marks: Vec<Span>,
    /// The year of a date the evidence writes without one (`on July 3`), read from its
    /// document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred_year: Option<InferredYear>,
}

/// A year the evidence does not write, read from its document, and where.
#[derive(Debug, Clone, Serialize)]
pub struct InferredYear {
    /// The year.
    pub year: i32,
    /// The evidence's date it completes, as written.
    pub date: String,
    /// `dateline` (a full date in the document's first short lines) or `passage` (an
    /// earlier date of the same passage).
    pub from: &'static str,
    /// The date that gives the year, in the evidence's file.
    #[serde(flatten)]
    pub place: Located,
}

impl Evidence {
    /// The evidence at `span` (of the decoded text) of `file`, the source at absolute path
    /// `path`, with its spans turned into the file's bytes.
    fn new(path: &str, file: &File, judged: &Judged, claim: &str) -> Evidence {
        let (span, judgement) = (judged.span, &judged.judgement);
        let map = &file.map;
        let decoded = Decoded {
            text: &file.text,
            map,
            encoding: file.encoding,
        };
        let shift = |s: Span| s.shift(span.start);
        let highlights: Vec<Span> = judgement.highlights.iter().map(|&s| shift(s)).collect();
        Evidence {
            place: decoded.locate(&corpus::display_path(Path::new(path)), span, None),
            score: (judgement.score() * 1000.0).round() / 1000.0,
            stance: judgement.stance.unwrap_or(Stance::Related),
            marks: highlights.iter().map(|&s| decoded.mark(span, s)).collect(),
            highlights: highlights.iter().map(|&s| map.printed(s).1).collect(),
            conflicts: judgement
                .differences
                .iter()
                .map(|d| Conflict {
                    claim: claim[d.claim.range()].to_string(),
                    source: file.text[shift(d.source).range()].to_string(),
                    kind: d.kind,
                    span: decoded.mark(span, shift(d.source)),
                })
                .collect(),
            inferred_year: judged.years.first().map(|(date, year)| InferredYear {
                year: year.year,
                date: file.text[date.range()].to_string(),
                from: year.origin.name(),
                place: decoded.locate(&corpus::display_path(Path::new(path)), year.from, None),
            }),
        }
    }
}

/// The documents that support the claim and those that contradict it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sources {
    /// Sources with supporting evidence.
    pub supports: Vec<String>,
    /// Sources with contradicting evidence.
    pub contradicts: Vec<String>,
}

/// The answer to `cite check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The claim, without surrounding whitespace.
    pub claim: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Corroboration: each source that supports it, each that contradicts it.
    pub sources: Sources,
    /// Evidence, best first.
    pub evidence: Vec<Evidence>,
    /// Candidate files that could not be read now.
    #[serde(skip)]
    pub unreadable: Vec<String>,
    /// Candidate passages left out because their file changed since indexing.
    #[serde(skip)]
    pub stale: usize,
}

/// A source file as read for one check, and its words.
struct File {
    /// The decoded text.
    text: String,
    /// From offsets in `text` to the file's bytes.
    map: OffsetMap,
    /// WHATWG name of the file's encoding when it is not UTF-8.
    encoding: Option<&'static str>,
    words: document::Words,
    calendar: OnceCell<context::Calendar>,
}

/// Checks claims against one opened index, reusing its searcher between claims.
pub struct Checker<'a> {
    cite: &'a CiteIndex,
    searcher: Searcher,
    files: HashMap<String, Option<Rc<File>>>,
}

impl<'a> Checker<'a> {
    /// A checker over the last commit of `cite`.
    pub fn new(cite: &'a CiteIndex) -> Result<Checker<'a>> {
        let searcher = cite.searcher()?;
        Ok(Checker {
            cite,
            searcher,
            files: HashMap::new(),
        })
    }

    /// Checks `claim`.
    ///
    /// Errors for a claim that is empty, too long, or has no content words.
    pub fn check(&mut self, claim: &str, options: &Options) -> Result<CheckReport> {
        let text = claim.trim();
        if text.is_empty() {
            bail!("the claim is empty");
        }
        if text.len() > MAX_CLAIM_BYTES {
            bail!(
                "the claim is {} bytes long (at most {MAX_CLAIM_BYTES}): check one claim at a time, or one per line with --batch",
                text.len()
            );
        }
        let mut keys = words::Keys::new(options.synonyms);
        let (cite, searcher) = (self.cite, &self.searcher);
        let claim = Claim::new(text, &mut keys, |t| retrieve::idf(cite, searcher, &t.stem));
        if claim.frame.is_empty() {
            bail!(
                "the claim has no content words to look for (only stopwords, numbers or punctuation)"
            );
        }
        let ca = &claim.analysed;
        let searchable: Vec<bool> = (0..ca.tokens.len())
            .map(|i| {
                ca.content[i]
                    || ca
                        .values
                        .iter()
                        .any(|v| v.kind != Kind::Name && v.tokens.0 <= i && i <= v.tokens.1)
            })
            .collect();
        let terms = retrieve::terms(&ca.tokens, &searchable, &mut keys);
        let passages = retrieve::passages(cite, searcher, &terms, options.candidates)?;

        let mut unreadable = Vec::new();
        let mut stale = 0;
        let mut found: Vec<(f32, Evidence)> = Vec::new();
        for passage in &passages {
            let decoding = passage.encoding;
            let Some(file) = read(&mut self.files, &passage.source, decoding, &mut unreadable)
            else {
                continue;
            };
            let start = file.map.decoded(passage.start).unwrap_or(usize::MAX);
            let end = file.map.decoded(passage.end).unwrap_or(usize::MAX);
            if file.text.get(start..end) != Some(passage.text.as_str()) {
                stale += 1;
                continue;
            }
            // The index cuts long lines at a full stop, `U.N.` too: judge whole sentences.
            let wide = sentences::widen(&file.text, Span::new(start, end));
            let start = wide.start;
            let has = |word: &str| file.words.has(&file.text, word);
            let common = |word: &str| file.words.common(&file.text, word);
            let named = |word: &str| file.words.named(&file.text, word);
            let document = stance::Document {
                has: &has,
                common: &common,
                named: &named,
            };
            let year_of = |at: usize, month, day, weekday| {
                let calendar = file
                    .calendar
                    .get_or_init(|| context::Calendar::new(&file.text));
                calendar.year_of(start, start + at, month, day, weekday)
            };
            for mut judged in judge_passage(
                &claim,
                &file.text[wide.range()],
                &mut keys,
                &document,
                &year_of,
            ) {
                judged.span = judged.span.shift(start);
                for (date, _) in &mut judged.years {
                    *date = date.shift(start);
                }
                let evidence = Evidence::new(&passage.source, &file, &judged, text);
                found.push((passage.score, evidence));
            }
        }
        unreadable.sort();
        unreadable.dedup();
        Ok(report(text, found, options, unreadable, stale))
    }
}

/// The source at `path` (decoded as `decoding` when given), read once per checker; None (noted in `unreadable`) when it
/// cannot be read.
fn read(
    files: &mut HashMap<String, Option<Rc<File>>>,
    path: &str,
    decoding: Option<&'static encoding_rs::Encoding>,
    unreadable: &mut Vec<String>,
) -> Option<Rc<File>> {
    if files.len() >= CACHED_FILES && !files.contains_key(path) {
        files.clear();
    }
    let entry = files.entry(path.to_string()).or_insert_with(|| {
        corpus::read_text_with(Path::new(path), decoding)
            .ok()
            .map(|source| {
                Rc::new(File {
                    encoding: source.encoding_label(),
                    text: source.text,
                    map: source.map,
                    words: document::Words::default(),
                    calendar: OnceCell::new(),
                })
            })
    });
    if entry.is_none() {
        unreadable.push(corpus::display_path(Path::new(path)));
    }
    entry.clone()
}

/// Checks `claim` against `cite` (opening a searcher for this one claim; use a [`Checker`]
/// for many).
pub fn check(cite: &CiteIndex, claim: &str, options: &Options) -> Result<CheckReport> {
    Checker::new(cite)?.check(claim, options)
}

/// Orders evidence (decisive first, then by score), drops overlaps, keeps the best of each
/// supporting or contradicting source and up to `max_evidence` in all, and decides.
fn report(
    claim: &str,
    mut found: Vec<(f32, Evidence)>,
    options: &Options,
    unreadable: Vec<String>,
    stale: usize,
) -> CheckReport {
    let rank = |e: &Evidence| u8::from(e.stance == Stance::Related);
    found.sort_by(|(a_bm25, a), (b_bm25, b)| {
        rank(a)
            .cmp(&rank(b))
            .then(b.score.total_cmp(&a.score))
            .then(b_bm25.total_cmp(a_bm25))
            .then_with(|| {
                let (a, b) = (&a.place, &b.place);
                (&a.source, a.span.start).cmp(&(&b.source, b.span.start))
            })
    });
    let mut kept: Vec<Evidence> = Vec::new();
    for (_, e) in found {
        let overlaps = kept.iter().any(|k| {
            let (k, e) = (&k.place, &e.place);
            k.source == e.source && k.span.start < e.span.end && e.span.start < k.span.end
        });
        if !overlaps {
            kept.push(e);
        }
    }
    let mut sources = Sources::default();
    let mut evidence = Vec::new();
    for (i, e) in kept.iter().enumerate() {
        let list = match e.stance {
            Stance::Supports => &mut sources.supports,
            Stance::Contradicts => &mut sources.contradicts,
            Stance::Related => &mut Vec::new(),
        };
        let first_of_source = e.stance != Stance::Related && !list.contains(&e.place.source);
        if first_of_source {
            list.push(e.place.source.clone());
        }
        if first_of_source || evidence.len() < options.max_evidence {
            evidence.push(i);
        }
    }
    sources.supports.sort();
    sources.contradicts.sort();
    let verdict = match (sources.supports.is_empty(), sources.contradicts.is_empty()) {
        (false, true) => Verdict::Supported,
        (true, false) => Verdict::Contradicted,
        (false, false) => Verdict::Disputed,
        (true, true) => Verdict::Unsupported,
    };
    let evidence = evidence.into_iter().map(|i| kept[i].clone()).collect();
    CheckReport {
        claim: claim.to_string(),
        verdict,
        sources,
        evidence,
        unreadable,
        stale,
    }
}
