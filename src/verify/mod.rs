//! `cite verify`: does a quote stand in the sources, where exactly, and how faithfully.
//!
//! The index only proposes candidate files; every verdict is decided on the file's text
//! as it is now, so a stale index can miss a quote but never vouch for a false one.

mod candidates;
mod elision;
mod faithful;
mod misquote;
mod quote;
mod source;

use crate::align::Difference;
use crate::corpus;
use crate::index::CiteIndex;
use crate::span::{LineCol, Span};
use anyhow::Result;
use candidates::Candidates;
use quote::Quote;
use serde::Serialize;
use source::Doc;
use std::collections::BTreeMap;
use std::path::Path;

pub use misquote::{MAX_ALIGN_WORDS, MIN_SIMILARITY};
pub use quote::MAX_INSERTION_WORDS;

/// Matches reported, at most.
pub(crate) const MAX_MATCHES: usize = 1_000;

/// How faithfully a quote stands in a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A byte-identical substring of a source file.
    Exact,
    /// Identical once case, whitespace, quote marks and dashes are folded.
    Normalized,
    /// Every fragment between ellipses found in order, each exact or normalized.
    Elided,
    /// No faithful match, but a source span says nearly the same.
    Misquote,
    /// Nothing close.
    NotFound,
}

impl Verdict {
    /// True when the quote stands: exact, normalized or elided.
    pub fn stands(self) -> bool {
        matches!(self, Verdict::Exact | Verdict::Normalized | Verdict::Elided)
    }

    /// The verdict as the JSON output spells it.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Exact => "exact",
            Verdict::Normalized => "normalized",
            Verdict::Elided => "elided",
            Verdict::Misquote => "misquote",
            Verdict::NotFound => "not_found",
        }
    }
}

/// One source span that a quote stands for.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteMatch {
    /// Path of the source file, relative to the working directory when under it.
    pub source: String,
    /// Bytes of the span in the source file as it is now.
    #[serde(flatten)]
    pub span: Span,
    /// Line and column of the span's first byte.
    #[serde(flatten)]
    pub at: LineCol,
    /// Exactly the file's bytes in `span`.
    pub text: String,
    /// How faithfully the quote stands here.
    pub verdict: Verdict,
    /// 0..=1: 1 for exact and normalized; for elided, the share of the span's words the
    /// quote's own text covers (not left out, not replaced by an insertion); for a
    /// misquote, 1 - word edits / words.
    pub similarity: f64,
    /// Word-level differences, for a misquote.
    pub differences: Vec<Difference>,
    /// Each fragment's span, for an elided quote.
    pub fragments: Vec<Span>,
    /// Source bytes that the quote does not say the same way: changed or left-out words.
    #[serde(skip)]
    pub marks: Vec<Span>,
    /// Source text just before the span, for people.
    #[serde(skip)]
    pub before: String,
    /// Source text just after the span, for people.
    #[serde(skip)]
    pub after: String,
}

/// The answer to `cite verify`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The quote, without surrounding whitespace.
    pub quote: String,
    /// The best verdict of any match (`not_found` when there is none).
    pub verdict: Verdict,
    /// Matches, best first.
    pub matches: Vec<QuoteMatch>,
    /// Candidate files that could not be read now.
    #[serde(skip)]
    pub unreadable: Vec<String>,
    /// True when some candidates or matches were left out to stay within bounds.
    #[serde(skip)]
    pub truncated: bool,
}

/// Checks `quote` against the indexed sources.
///
/// Errors for a quote that is empty or has no words (only punctuation or symbols).
pub fn verify(cite: &CiteIndex, quote: &str) -> Result<Report> {
    let quote = Quote::new(quote)?;
    let reader = cite.reader()?;
    let searcher = reader.searcher();
    let candidates = Candidates::find(cite, &searcher, &quote)?;
    let mut hints: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (path, start) in &candidates.hints {
        hints.entry(path).or_default().push(*start);
    }
    let mut unreadable = Vec::new();
    let docs: Vec<Doc> = candidates
        .files
        .iter()
        .filter_map(|path| match corpus::read_text(Path::new(path)) {
            Ok(source) => {
                let hints = hints.get(path.as_str()).map_or(&[][..], Vec::as_slice);
                Some(Doc::new(path, source.text, hints, quote.raw.len()))
            }
            Err(why) => {
                unreadable.push(format!("{}: {why}", corpus::display_path(Path::new(path))));
                None
            }
        })
        .collect();

    let mut matches: Vec<QuoteMatch> = docs
        .iter()
        .flat_map(|d| faithful::faithful(d, &quote))
        .collect();
    if matches.is_empty()
        && let Some(fragments) = &quote.fragments
    {
        matches = docs
            .iter()
            .flat_map(|d| elision::elided(d, fragments))
            .collect();
    }
    if matches.is_empty() {
        matches = misquote::misquotes(&docs, &candidates.hints, &quote);
    }
    matches.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(b.similarity.total_cmp(&a.similarity))
            .then_with(|| (&a.source, a.span.start).cmp(&(&b.source, b.span.start)))
    });
    let truncated = candidates.truncated || matches.len() > MAX_MATCHES;
    matches.truncate(MAX_MATCHES);
    Ok(Report {
        quote: quote.raw.to_string(),
        verdict: matches.first().map_or(Verdict::NotFound, |m| m.verdict),
        matches,
        unreadable,
        truncated,
    })
}
