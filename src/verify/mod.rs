//! `cite verify`: does a quote stand in the sources, where exactly, and how faithfully.
//!
//! The index only proposes candidate files; every verdict is decided on the file's text
//! as it is now, so a stale index can miss a quote but never vouch for a false one.

mod boundary;
mod candidates;
mod elision;
mod faithful;
mod misquote;
mod prefilter;
mod quote;
mod source;

use crate::align::Difference;
use crate::corpus;
use crate::index::CiteIndex;
use crate::located::Located;
use crate::span::Span;
use anyhow::Result;
use candidates::Candidates;
use quote::Quote;
pub use quote::Trimmed;
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
    /// The span of the source file as it is now that the quote stands for.
    #[serde(flatten)]
    pub place: Located,
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
    /// For an elided quote: passage breaks crossed between its fragments, in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_passages: Option<usize>,
    /// For an elided quote: source bytes left out between its fragments, in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_bytes: Option<usize>,
    /// True when every fragment stands but in another order than the quote's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
    /// True when the quote stands here only inside longer words: it starts or ends mid-word.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mid_word: bool,
    /// What the quote does not say the same way (changed or left-out words): spans of `text`
    /// offset by `span.start` (for UTF-8, the file's bytes).
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
    /// The enclosing quotation marks and edge punctuation trimmed off the quote before the
    /// verdict, when it did not stand as pasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trimmed: Option<Trimmed>,
    /// The best verdict of any match (`not_found` when there is none).
    pub verdict: Verdict,
    /// False when the search stopped at a cap: there may be more places than `found`.
    pub complete: bool,
    /// Places found, `matches` listing at most [`MAX_MATCHES`] of them.
    pub found: usize,
    /// Caveats a reader must weigh with the verdict (fragments joined from distant passages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Matches, best first.
    pub matches: Vec<QuoteMatch>,
    /// Candidate files that could not be read now.
    #[serde(skip)]
    pub unreadable: Vec<String>,
    /// True when every candidate was searched to the end, so that `found` is exact.
    #[serde(skip)]
    pub searched_all: bool,
}

/// Checks `quote` against the indexed sources.
///
/// Errors for a quote that is empty or has no words (only punctuation or symbols).
pub fn verify(cite: &CiteIndex, quote: &str) -> Result<Report> {
    let raw = quote;
    let quote = Quote::new(quote)?;
    let core = quote.trimmed();
    let searcher = cite.searcher()?;
    let candidates = Candidates::find(cite, &searcher, core.as_ref().map_or(&quote, |c| &c.0))?;
    let mut hints: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (path, start) in &candidates.hints {
        hints.entry(path).or_default().push(*start);
    }
    // From the passages' own records: loading the manifest took longer than the search.
    let decoding = |path: &str| candidates.encodings.get(path).copied();
    let mut unreadable = Vec::new();
    let docs: Vec<Doc> = candidates
        .files
        .iter()
        .filter_map(
            |path| match corpus::read_text_with(Path::new(path), decoding(path)) {
                Ok(source) => {
                    let hints = hints.get(path.as_str()).map_or(&[][..], Vec::as_slice);
                    Some(Doc::new(path, source, hints, quote.raw.len()))
                }
                Err(why) => {
                    unreadable.push(format!("{}: {why}", corpus::display_path(Path::new(path))));
                    None
                }
            },
        )
        .collect();

    let as_pasted = stands_in(&docs, &quote);
    let (quote, trimmed, found) = match core {
        Some((core, trimmed)) if as_pasted.matches.is_empty() => {
            let found = stands_in(&docs, &core);
            (core, Some(trimmed), found)
        }
        _ => (quote, None, as_pasted),
    };
    let mut matches = found.matches;
    if matches.is_empty()
        && let Some(fragments) = &quote.fragments
    {
        matches = docs
            .iter()
            .flat_map(|d| elision::reordered(d, fragments))
            .collect();
    }
    if matches.is_empty() {
        matches = misquote::misquotes(&docs, &candidates.hints, &quote, found.cut);
    }
    let mut matches: Vec<QuoteMatch> = matches
        .into_iter()
        .map(
            |m| match docs.iter().find(|d| d.display == m.place.source) {
                Some(doc) => doc.printed(m),
                None => m,
            },
        )
        .collect();
    matches.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(b.similarity.total_cmp(&a.similarity))
            .then_with(|| {
                let (a, b) = (&a.place, &b.place);
                (&a.source, a.span.start).cmp(&(&b.source, b.span.start))
            })
    });
    let count = matches.len();
    let searched_all = !candidates.truncated && !found.truncated;
    matches.truncate(MAX_MATCHES);
    let warnings = matches
        .first()
        .filter(|m| m.gap_passages.is_some_and(|g| g > 1))
        .map(|m| {
            format!(
                "the quote joins distant passages of {}: its fragments lie {} passage breaks and {} bytes apart",
                m.place.source,
                m.gap_passages.unwrap_or(0),
                m.gap_bytes.unwrap_or(0)
            )
        })
        .into_iter()
        .collect();
    Ok(Report {
        quote: raw.trim().to_string(),
        trimmed,
        verdict: matches.first().map_or(Verdict::NotFound, |m| m.verdict),
        complete: searched_all && count <= MAX_MATCHES,
        searched_all,
        found: count,
        warnings,
        matches,
        unreadable,
    })
}

impl Report {
    /// Lines for stderr: what the search left out, and the caveats of the verdict.
    pub fn notices(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .unreadable
            .iter()
            .map(|file| format!("cannot check {file}"))
            .collect();
        if !self.searched_all {
            out.push(format!(
                "the search stopped at a limit: at least {} place(s) found, {} listed; there may be more",
                self.found,
                self.matches.len()
            ));
        } else if !self.complete {
            out.push(format!(
                "{} places found; only the first {} are listed",
                self.found,
                self.matches.len()
            ));
        }
        out.extend(self.warnings.iter().cloned());
        out
    }
}

/// Where `quote` stands in every file: its faithful matches, else its elided ones; and the
/// occurrences that cut source words, for misquotes.
fn stands_in(docs: &[Doc], quote: &Quote) -> faithful::Faithful {
    let mut all = faithful::Faithful {
        matches: Vec::new(),
        cut: Vec::new(),
        truncated: false,
    };
    for doc in docs {
        let found = faithful::faithful(doc, quote);
        all.matches.extend(found.matches);
        all.cut.extend(found.cut);
        all.truncated |= found.truncated;
    }
    if all.matches.is_empty()
        && let Some(fragments) = &quote.fragments
    {
        all.matches = docs
            .iter()
            .flat_map(|d| elision::elided(d, fragments))
            .collect();
    }
    all
}
