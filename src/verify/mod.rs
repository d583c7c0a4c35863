//! `cite verify`: does a quote stand in the sources, where exactly, and how faithfully.
//!
//! The index only proposes candidate files; every verdict is decided on the file's text
//! as it is now, so a stale index can miss a quote but never vouch for a false one.

use crate::align::{self, Difference};
use crate::analysis::{self, Token};
use crate::corpus;
use crate::index::CiteIndex;
use crate::normalize::{self, Folded};
use crate::passages::{self, MAX_PASSAGE_BYTES};
use crate::span::{self, LineCol, Span};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

/// Lowest similarity reported as a misquote. At 0.6 a 10-word quote may differ from the
/// source in up to four words (a changed number, name or negation costs one or two), while
/// an unrelated sentence, which shares only a few function words, scores well below it.
pub const MIN_SIMILARITY: f64 = 0.6;
/// Most source words a bracketed insertion such as `[the Taliban]` stands for.
pub const MAX_INSERTION_WORDS: usize = 8;
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
/// Longest quote, in words, that is aligned to find a misquote.
pub const MAX_ALIGN_WORDS: usize = 1_000;
/// Passage windows aligned against the quote, at most.
const MAX_WINDOWS: usize = 40;
/// Misquote spans reported, at most.
const MAX_MISQUOTES: usize = 10;
/// Matches reported, at most.
const MAX_MATCHES: usize = 1_000;
/// Occurrences of an elided quote's first fragment tried in one file, at most.
const MAX_ELISION_STARTS: usize = 10_000;
/// Files up to this size are searched whole; in larger ones, regions around candidate passages.
const WHOLE_FILE_BYTES: usize = 1 << 20;
/// Bytes on each side of a candidate passage searched in a large file (at least twice the quote).
const WINDOW_MARGIN: usize = 8 << 10;
/// How far a region's edge moves to reach a line break.
const SNAP_BYTES: usize = 16 << 10;
/// Bytes of context kept on each side of a match, for people.
const CONTEXT_BYTES: usize = 400;
/// Ellipsis marks, longest first: they split a quote into fragments.
const ELLIPSES: [&str; 7] = ["[...]", "[…]", "(...)", "(…)", ". . .", "...", "…"];

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

    let mut matches: Vec<QuoteMatch> = docs.iter().flat_map(|d| faithful(d, &quote)).collect();
    if matches.is_empty()
        && let Some(fragments) = &quote.fragments
    {
        matches = docs.iter().flat_map(|d| elided(d, fragments)).collect();
    }
    if matches.is_empty() {
        matches = misquotes(&docs, &candidates.hints, &quote);
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

/// A quote prepared for the search.
struct Quote<'q> {
    /// As given, without surrounding whitespace.
    raw: &'q str,
    /// Folded for normalized comparison.
    folded: String,
    /// Number of words.
    words: usize,
    /// Its fragments when it holds ellipses or bracketed insertions.
    fragments: Option<Vec<Fragment>>,
}

impl<'q> Quote<'q> {
    fn new(quote: &'q str) -> Result<Quote<'q>> {
        let raw = quote.trim();
        if raw.is_empty() {
            bail!("the quote is empty");
        }
        let words = normalize::words(raw).len();
        if words == 0 {
            bail!("the quote has no words to look for (only punctuation or symbols)");
        }
        Ok(Quote {
            raw,
            folded: normalize::fold(raw).text,
            words,
            fragments: fragments(raw),
        })
    }
}

/// A piece of a quote between ellipses: literal runs of text separated by bracketed insertions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fragment {
    /// Folded literal texts, in order; a bracketed insertion stands between consecutive ones.
    texts: Vec<String>,
    /// Folded text of a bracketed insertion before the first literal.
    lead: Option<String>,
    /// Folded text of a bracketed insertion after the last literal.
    trail: Option<String>,
}

/// A piece of a fragment while it is parsed.
enum Piece {
    Text(String),
    Insertion(String),
}

/// The fragments of `quote`, or None when it holds no ellipsis and no bracket.
fn fragments(quote: &str) -> Option<Vec<Fragment>> {
    let parts = split_ellipses(quote);
    let last = parts.len() - 1;
    let mut edited = last > 0;
    let mut out = Vec::new();
    for (k, part) in parts.into_iter().enumerate() {
        let trim_punct = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':');
        let mut part = part.trim();
        if k > 0 {
            part = part.trim_start_matches(trim_punct);
        }
        if k < last {
            part = part.trim_end_matches(trim_punct);
        }
        let (pieces, bracketed) = brackets(part);
        edited |= bracketed;
        if let Some(fragment) = Fragment::from_pieces(pieces) {
            out.push(fragment);
        }
    }
    (edited && !out.is_empty()).then_some(out)
}

/// `quote` split at its ellipsis marks.
fn split_ellipses(quote: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < quote.len() {
        if let Some(mark) = ELLIPSES.iter().find(|m| quote[i..].starts_with(*m)) {
            parts.push(&quote[start..i]);
            i += mark.len();
            i += quote[i..].len() - quote[i..].trim_start_matches('.').len();
            start = i;
        } else {
            i += quote[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(&quote[start..]);
    parts
}

/// The pieces of one fragment, and whether it held an editorial bracket.
///
/// `[T]he` (a bracket touching a word) is an alteration: its content is kept as text.
/// `[sic]` is dropped. Any other `[...]` is an insertion standing for a few source words.
fn brackets(part: &str) -> (Vec<Piece>, bool) {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut bracketed = false;
    let mut rest = part;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open..].find(']') else {
            break;
        };
        let close = open + len;
        let content = &rest[open + 1..close];
        let touches = rest[..open]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || rest[close + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        text.push_str(&rest[..open]);
        bracketed = true;
        if touches {
            text.push_str(content);
        } else if !content.trim().eq_ignore_ascii_case("sic") {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Insertion(content.to_string()));
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    pieces.push(Piece::Text(text));
    (pieces, bracketed)
}

impl Fragment {
    /// The fragment made of `pieces`; None when it holds no words outside insertions.
    fn from_pieces(pieces: Vec<Piece>) -> Option<Fragment> {
        let mut fragment = Fragment {
            texts: Vec::new(),
            lead: None,
            trail: None,
        };
        let mut insertion: Option<String> = None;
        for piece in pieces {
            match piece {
                Piece::Text(text) if !normalize::words(&text).is_empty() => {
                    if fragment.texts.is_empty() {
                        fragment.lead = insertion.take();
                    }
                    insertion = None;
                    fragment.texts.push(normalize::fold(&text).text);
                }
                Piece::Text(_) => {}
                Piece::Insertion(content) => {
                    let folded = normalize::fold(&content).text;
                    insertion = Some(match insertion {
                        Some(before) => format!("{before} {folded}"),
                        None => folded,
                    });
                }
            }
        }
        fragment.trail = insertion;
        (!fragment.texts.is_empty()).then_some(fragment)
    }
}

/// The files worth reading for a quote, and passages to align it against.
struct Candidates {
    /// Absolute paths of candidate files.
    files: Vec<String>,
    /// (absolute path, passage start) of passages likely to hold the quote, best first.
    hints: Vec<(String, usize)>,
    /// True when some candidates were left out.
    truncated: bool,
}

impl Candidates {
    /// Files with a passage holding the quote's (longest fragment's) words as a phrase,
    /// plus the best passages of a query for any of its words.
    fn find(cite: &CiteIndex, searcher: &Searcher, quote: &Quote) -> Result<Candidates> {
        let f = &cite.fields;
        let query = phrase_query(f.exact, quote);
        let mut hints = Vec::new();
        let mut truncated = false;
        if let Some(query) = query {
            let top = searcher.search(
                &query,
                &TopDocs::with_limit(MAX_PHRASE_HITS).order_by_score(),
            )?;
            truncated |= top.len() == MAX_PHRASE_HITS;
            for (_, address) in top {
                hints.push(passage_of(cite, searcher, address)?);
            }
        }
        let near = near_query(f.text, &analysis::tokens(quote.raw));
        let top = searcher.search(&near, &TopDocs::with_limit(NEAR_HITS).order_by_score())?;
        let mut near_hints = Vec::with_capacity(top.len());
        for (_, address) in top {
            near_hints.push(passage_of(cite, searcher, address)?);
        }
        near_hints.append(&mut hints);

        let mut seen = HashSet::new();
        let mut files = Vec::new();
        for (path, _) in &near_hints {
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
            hints: near_hints,
            truncated,
        })
    }
}

/// The passages that may hold the quote: those with its words (its longest fragment's, for an
/// elided quote) as a phrase, ranked up when they also hold its other fragments.
fn phrase_query(field: Field, quote: &Quote) -> Option<BooleanQuery> {
    let tokens = |text: &str| analysis::tokens(text);
    let Some(fragments) = &quote.fragments else {
        let phrases = phrase_queries(field, &tokens(quote.raw));
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
    let required: Vec<(Occur, Box<dyn Query>)> = phrase_queries(field, longest)
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

/// Phrase queries on the exact-form field for the head and tail of `tokens`.
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
                Term::from_field_text(field, &word.exact),
                IndexRecordOption::Basic,
            )),
            _ => Box::new(PhraseQuery::new_with_offset(
                part.iter()
                    .map(|t| {
                        (
                            t.position - part[0].position,
                            Term::from_field_text(field, &t.exact),
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

/// The source path and first byte of an indexed passage.
fn passage_of(
    cite: &CiteIndex,
    searcher: &Searcher,
    address: tantivy::DocAddress,
) -> Result<(String, usize)> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .context("cannot read a passage from the index")?;
    let f = &cite.fields;
    let source = doc
        .get_first(f.source)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let start = doc
        .get_first(f.byte_start)
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    Ok((source, start as usize))
}

/// A candidate file as it is now. Small files are searched whole; in larger ones only
/// regions around the passages the index proposed are folded, split and aligned.
struct Doc {
    /// Absolute path.
    path: String,
    /// Path as printed.
    display: String,
    /// The file as it is now.
    text: String,
    /// Where to look beyond exact matches: sorted, disjoint byte ranges.
    regions: Vec<Region>,
}

/// A part of a file, folded and split into passages on demand.
struct Region {
    span: Span,
    folded: OnceCell<Folded>,
    passages: OnceCell<Vec<Span>>,
}

impl Doc {
    /// The file at `path` with text `text`; `hints` are the starts of its proposed passages.
    fn new(path: &str, text: String, hints: &[usize], quote_bytes: usize) -> Doc {
        let regions = if text.len() <= WHOLE_FILE_BYTES {
            vec![Region::new(Span::new(0, text.len()))]
        } else {
            windows(&text, hints, quote_bytes)
                .into_iter()
                .map(Region::new)
                .collect()
        };
        Doc {
            path: path.to_string(),
            display: corpus::display_path(Path::new(path)),
            text,
            regions,
        }
    }

    /// The region holding byte `offset`, if any.
    fn region_at(&self, offset: usize) -> Option<&Region> {
        let i = self.regions.partition_point(|r| r.span.start <= offset);
        self.regions
            .get(i.checked_sub(1)?)
            .filter(|r| offset < r.span.end.max(r.span.start + 1))
    }

    /// A match of `span` in this file, with context; its line and column are set by `locate`.
    fn matched(&self, span: Span, verdict: Verdict, similarity: f64) -> QuoteMatch {
        let before_start = char_floor(&self.text, span.start.saturating_sub(CONTEXT_BYTES));
        let after_end = char_floor(&self.text, (span.end + CONTEXT_BYTES).min(self.text.len()));
        QuoteMatch {
            source: self.display.clone(),
            span,
            at: LineCol { line: 1, column: 1 },
            text: self.text[span.range()].to_string(),
            verdict,
            similarity,
            differences: Vec::new(),
            fragments: Vec::new(),
            marks: Vec::new(),
            before: self.text[before_start..span.start].to_string(),
            after: self.text[span.end..after_end].to_string(),
        }
    }

    /// Sets the line and column of each of this file's `matches`, in one pass over the text.
    fn locate(&self, mut matches: Vec<QuoteMatch>) -> Vec<QuoteMatch> {
        matches.sort_by_key(|m| m.span.start);
        let mut cursor = Cursor {
            bytes: self.text.as_bytes(),
            offset: 0,
            at: LineCol { line: 1, column: 1 },
        };
        for m in &mut matches {
            m.at = cursor.advance(m.span.start);
        }
        matches
    }
}

impl Region {
    fn new(span: Span) -> Region {
        Region {
            span,
            folded: OnceCell::new(),
            passages: OnceCell::new(),
        }
    }

    fn folded(&self, text: &str) -> &Folded {
        self.folded
            .get_or_init(|| normalize::fold(&text[self.span.range()]))
    }

    /// The region's passages, as spans of the file.
    fn passages(&self, text: &str) -> &[Span] {
        self.passages.get_or_init(|| {
            passages::split(&text[self.span.range()])
                .map(|p| p.shift(self.span.start))
                .collect()
        })
    }

    /// Index of the passage holding file byte `offset`, or of the last one before it.
    fn passage_at(&self, text: &str, offset: usize) -> usize {
        self.passages(text)
            .partition_point(|p| p.start <= offset)
            .saturating_sub(1)
    }

    /// The file bytes that the folded range `range` of this region stands for.
    fn original(&self, text: &str, range: Range<usize>) -> Span {
        Span::from(self.folded(text).original_range(range)).shift(self.span.start)
    }
}

/// Line and column of increasing offsets, in one pass.
struct Cursor<'a> {
    bytes: &'a [u8],
    offset: usize,
    at: LineCol,
}

impl Cursor<'_> {
    /// The line and column of `offset`, which must not be before the previous one.
    fn advance(&mut self, offset: usize) -> LineCol {
        for &b in &self.bytes[self.offset..offset] {
            if b == b'\n' {
                self.at.line += 1;
                self.at.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.at.column += 1;
            }
        }
        self.offset = offset;
        self.at
    }
}

/// Disjoint regions of `text` around the byte offsets `hints`, wide enough for the quote,
/// their edges moved to a nearby line break.
fn windows(text: &str, hints: &[usize], quote_bytes: usize) -> Vec<Span> {
    let margin = WINDOW_MARGIN.max(2 * quote_bytes);
    let spans: Vec<Span> = hints
        .iter()
        .map(|&hint| {
            let hint = hint.min(text.len());
            let start = snap_back(text, hint.saturating_sub(margin));
            let end = snap_forward(text, (hint + MAX_PASSAGE_BYTES + margin).min(text.len()));
            Span::new(start, end.max(start))
        })
        .collect();
    span::merge(spans)
}

/// The start of the line holding `at` when it begins at most [`SNAP_BYTES`] before, else `at`.
fn snap_back(text: &str, at: usize) -> usize {
    let at = char_floor(text, at);
    let low = at.saturating_sub(SNAP_BYTES);
    text.as_bytes()[low..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(at, |i| low + i + 1)
}

/// The end of the line holding `at` when it ends at most [`SNAP_BYTES`] after, else `at`.
fn snap_forward(text: &str, at: usize) -> usize {
    let at = char_floor(text, at);
    let high = (at + SNAP_BYTES).min(text.len());
    text.as_bytes()[at..high]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(at, |i| at + i)
}

/// The largest char boundary of `text` at or before `at`.
fn char_floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Every exact occurrence of the quote in `doc`, then every normalized one elsewhere.
fn faithful(doc: &Doc, quote: &Quote) -> Vec<QuoteMatch> {
    let exact: Vec<Span> = doc
        .text
        .match_indices(quote.raw)
        .take(MAX_MATCHES + 1)
        .map(|(at, m)| Span::new(at, at + m.len()))
        .collect();
    let mut normalized = Vec::new();
    for region in &doc.regions {
        let folded = region.folded(&doc.text);
        normalized.extend(
            folded
                .text
                .match_indices(quote.folded.as_str())
                .take(MAX_MATCHES + 1)
                .map(|(at, m)| region.original(&doc.text, at..at + m.len()))
                .filter(|s| !exact.iter().any(|e| e.start < s.end && s.start < e.end)),
        );
    }
    let matches = exact
        .into_iter()
        .map(|s| doc.matched(s, Verdict::Exact, 1.0))
        .chain(
            normalized
                .into_iter()
                .map(|s| doc.matched(s, Verdict::Normalized, 1.0)),
        )
        .collect();
    doc.locate(matches)
}

/// One fragment found in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// Folded bytes of the fragment, bracketed insertions at its edges included.
    range: Range<usize>,
    /// Where its first literal text starts.
    anchor: usize,
    /// Folded bytes that its inner bracketed insertions stand for.
    insertions: Vec<Range<usize>>,
}

/// Every elided occurrence of `fragments` in `doc`.
fn elided(doc: &Doc, fragments: &[Fragment]) -> Vec<QuoteMatch> {
    let matches = doc
        .regions
        .iter()
        .flat_map(|region| elided_in(doc, region, fragments))
        .collect();
    doc.locate(matches)
}

/// Every elided occurrence of `fragments` in one region: each fragment at word boundaries, in
/// order, each in the passage of the previous fragment's end or the next one. Overlapping
/// occurrences keep the tightest.
fn elided_in(doc: &Doc, region: &Region, fragments: &[Fragment]) -> Vec<QuoteMatch> {
    let text = &doc.text;
    let folded = region.folded(text);
    let passage_of =
        |pos: usize| region.passage_at(text, region.original(text, pos..pos + 1).start);
    let mut chains: Vec<Vec<Found>> = Vec::new();
    let mut from = 0;
    let mut tries = 0;
    'starts: while let Some(first) = find_fragment(&folded.text, &fragments[0], from) {
        tries += 1;
        if tries > MAX_ELISION_STARTS || chains.len() > MAX_MATCHES {
            break;
        }
        from = first.anchor
            + folded.text[first.anchor..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        let mut chain = vec![first];
        for fragment in &fragments[1..] {
            let previous_end = chain.last().map_or(0, |f| f.range.end);
            let Some(next) = find_fragment(&folded.text, fragment, previous_end) else {
                break 'starts;
            };
            if passage_of(next.range.start) > passage_of(previous_end.saturating_sub(1)) + 1 {
                continue 'starts;
            }
            chain.push(next);
        }
        chains.push(chain);
    }
    let outer = |c: &[Found]| c[0].range.start..c[c.len() - 1].range.end;
    let tight: Vec<&Vec<Found>> = chains
        .iter()
        .filter(|c| {
            let span = outer(c);
            !chains.iter().any(|o| {
                let inner = outer(o);
                inner != span && span.start <= inner.start && inner.end <= span.end
            })
        })
        .collect();
    tight
        .into_iter()
        .map(|chain| {
            let span = region.original(text, outer(chain));
            let mut m = doc.matched(span, Verdict::Elided, 1.0);
            m.fragments = chain
                .iter()
                .map(|f| region.original(text, f.range.clone()))
                .collect();
            let mut gaps: Vec<Range<usize>> = chain
                .windows(2)
                .map(|w| w[0].range.end..w[1].range.start)
                .collect();
            gaps.extend(chain.iter().flat_map(|f| f.insertions.iter().cloned()));
            m.marks = gaps
                .into_iter()
                .filter_map(|g| trimmed_original(text, region, g))
                .collect();
            m.marks.sort();
            let words = |s: &Span| normalize::words(&text[s.range()]).len();
            let left_out: usize = m.marks.iter().map(words).sum();
            m.similarity = 1.0 - left_out as f64 / words(&span).max(1) as f64;
            m
        })
        .collect()
}

/// The file bytes of the region's folded range `range`, without edge whitespace; None when blank.
fn trimmed_original(text: &str, region: &Region, range: Range<usize>) -> Option<Span> {
    let folded = &region.folded(text).text[range.clone()];
    let lead = folded.len() - folded.trim_start().len();
    let trail = folded.len() - folded.trim_end().len();
    if lead + trail >= folded.len() {
        return None;
    }
    let original = region.original(text, range.start + lead..range.end - trail);
    (!text[original.range()].trim().is_empty()).then_some(original)
}

/// The first occurrence of `fragment` in folded text `hay` that starts at or after `from`.
fn find_fragment(hay: &str, fragment: &Fragment, from: usize) -> Option<Found> {
    let (first, rest) = fragment.texts.split_first()?;
    let mut at = from;
    while let Some(anchor) = find_words(hay, first, at) {
        at = anchor + hay[anchor..].chars().next().map_or(1, char::len_utf8);
        let start = anchor;
        let mut end = start + first.len();
        let mut insertions = Vec::new();
        let mut complete = true;
        for text in rest {
            match find_words(hay, text, end) {
                Some(next) if word_count(&hay[end..next]) <= MAX_INSERTION_WORDS => {
                    insertions.push(end..next);
                    end = next + text.len();
                }
                _ => {
                    complete = false;
                    break;
                }
            }
        }
        if !complete {
            continue;
        }
        let start = fragment
            .lead
            .as_deref()
            .and_then(|lead| {
                let before = hay[..start].trim_end();
                let begins = before.len().checked_sub(lead.len())?;
                (begins >= from && before.ends_with(lead) && at_boundary(hay, begins, lead))
                    .then_some(begins)
            })
            .unwrap_or(start);
        let end = fragment
            .trail
            .as_deref()
            .and_then(|trail| {
                let after = &hay[end..];
                let begins = end + after.len() - after.trim_start().len();
                (hay[begins..].starts_with(trail) && at_boundary(hay, begins, trail))
                    .then_some(begins + trail.len())
            })
            .unwrap_or(end);
        return Some(Found {
            range: start..end,
            anchor,
            insertions,
        });
    }
    None
}

/// The first occurrence of `needle` in `hay` at or after `from` that does not start or end
/// inside a word.
fn find_words(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while at <= hay.len() {
        let found = at + hay.get(at..)?.find(needle)?;
        if at_boundary(hay, found, needle) {
            return Some(found);
        }
        at = found + hay[found..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// True when `needle`, found at `at` in `hay`, neither starts nor ends inside a word.
fn at_boundary(hay: &str, at: usize, needle: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts_ok = !alnum(needle.chars().next()) || !alnum(hay[..at].chars().next_back());
    let end = at + needle.len();
    let ends_ok = !alnum(needle.chars().next_back()) || !alnum(hay[end..].chars().next());
    starts_ok && ends_ok
}

/// Number of words (runs of letters and digits) in `text`.
fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// The closest source spans to a quote with no faithful match: the quote aligned word by word
/// against windows of passages around the candidate passages, kept at [`MIN_SIMILARITY`] or more.
fn misquotes(docs: &[Doc], hints: &[(String, usize)], quote: &Quote) -> Vec<QuoteMatch> {
    if quote.words > MAX_ALIGN_WORDS {
        return Vec::new();
    }
    let by_path: BTreeMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let wanted = quote.words + quote.words / 2 + 10;
    let mut windows: Vec<(usize, Span)> = Vec::new();
    for (path, start) in hints {
        let Some(&i) = by_path.get(path.as_str()) else {
            continue;
        };
        let doc = &docs[i];
        let Some(region) = doc.region_at((*start).min(doc.text.len().saturating_sub(1))) else {
            continue;
        };
        let passages = region.passages(&doc.text);
        if passages.is_empty() {
            continue;
        }
        let at = region.passage_at(&doc.text, *start);
        let first = at.saturating_sub(1);
        let mut last = (at + 1).min(passages.len() - 1);
        while last + 1 < passages.len()
            && doc.text[passages[first].start..passages[last].end]
                .split_whitespace()
                .count()
                < wanted
        {
            last += 1;
        }
        let window = (i, Span::new(passages[first].start, passages[last].end));
        if !windows.contains(&window) {
            windows.push(window);
        }
        if windows.len() == MAX_WINDOWS {
            break;
        }
    }
    let mut found: Vec<QuoteMatch> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let mut in_doc = Vec::new();
        for window in windows.iter().filter(|w| w.0 == i).map(|w| w.1) {
            let Some(a) = align::align(quote.raw, &doc.text[window.range()]) else {
                continue;
            };
            if a.similarity < MIN_SIMILARITY {
                continue;
            }
            let mut m = doc.matched(
                Span::from(a.span).shift(window.start),
                Verdict::Misquote,
                a.similarity,
            );
            m.differences = a.differences;
            m.marks = a
                .marks
                .into_iter()
                .map(|r| Span::from(r).shift(window.start))
                .collect();
            in_doc.push(m);
        }
        found.extend(doc.locate(in_doc));
    }
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    let mut kept: Vec<QuoteMatch> = Vec::new();
    for m in found {
        let overlaps = kept.iter().any(|k| {
            k.source == m.source && k.span.start < m.span.end && m.span.start < k.span.end
        });
        if !overlaps {
            kept.push(m);
        }
    }
    kept.truncate(MAX_MISQUOTES);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(quote: &str) -> Vec<Vec<String>> {
        fragments(quote)
            .expect("fragments")
            .into_iter()
            .map(|f| f.texts)
            .collect()
    }

    #[test]
    fn plain_quotes_have_no_fragments() {
        assert_eq!(fragments("a true “Afghan syndrome,”"), None);
        assert_eq!(fragments("no brackets here"), None);
    }

    #[test]
    fn ellipses_split_and_trim_punctuation_at_the_cut() {
        for quote in [
            "Russia fears that, ... within Russian territory",
            "Russia fears that… within Russian territory",
            "Russia fears that [...] within Russian territory",
            "Russia fears that (…) within Russian territory",
            "Russia fears that. . . . within Russian territory",
            "Russia fears that.... within Russian territory",
        ] {
            let expected = [["russia fears that"], ["within russian territory"]];
            assert_eq!(texts(quote), expected, "{quote}");
        }
        assert_eq!(
            texts("... leading and trailing ..."),
            [["leading and trailing"]]
        );
    }

    #[test]
    fn brackets_insert_alter_or_drop() {
        let f =
            fragments("[the Taliban] seized control [of Kabul] in 2021 [sic] and [T]hey stayed")
                .expect("fragments");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].lead.as_deref(), Some("the taliban"));
        assert_eq!(f[0].texts, ["seized control", "in 2021 and they stayed"]);
        assert_eq!(f[0].trail, None);
        assert_eq!(fragments("[...]"), None);
    }

    #[test]
    fn fragments_are_found_at_word_boundaries() {
        let fragment = Fragment::from_pieces(vec![Piece::Text("in".into())]).unwrap();
        let hay = "within reach, then in time";
        let found = find_fragment(hay, &fragment, 0).expect("found");
        assert_eq!(&hay[found.range.clone()], "in");
        assert_eq!(found.range.start, hay.find(" in ").unwrap() + 1);
    }

    #[test]
    fn insertions_stand_for_a_few_words() {
        let f = &fragments("the deal [with the group] was signed").unwrap()[0];
        let hay = "the deal struck in doha with the taliban was signed";
        let found = find_fragment(hay, f, 0).expect("found");
        assert_eq!(found.range, 0..hay.len());
        assert_eq!(
            &hay[found.insertions[0].clone()],
            " struck in doha with the taliban "
        );
        let far = format!(
            "the deal {} was signed",
            "word ".repeat(MAX_INSERTION_WORDS + 1)
        );
        assert_eq!(find_fragment(&far, f, 0), None);
    }

    #[test]
    fn edge_insertions_extend_only_over_the_same_words() {
        let f = &fragments("[the Taliban] seized control").unwrap()[0];
        let hay = "then the taliban seized control";
        assert_eq!(find_fragment(hay, f, 0).unwrap().range, 5..hay.len());
        let hay = "then they seized control";
        assert_eq!(find_fragment(hay, f, 0).unwrap().range, 10..hay.len());
        let hay = "the taliban seized control";
        assert_eq!(find_fragment(hay, f, 1).unwrap().range, 12..hay.len());
    }

    #[test]
    fn windows_merge_and_end_at_line_breaks() {
        let line = "x".repeat(99) + "\n";
        let text = line.repeat(1_000);
        let spans = windows(&text, &[50_000, 50_100, 90_000], 10);
        assert_eq!(spans.len(), 2, "{spans:?}");
        for span in &spans {
            assert!(span.start == 0 || text.as_bytes()[span.start - 1] == b'\n');
            assert!(span.end == text.len() || text.as_bytes()[span.end] == b'\n');
        }
        assert!(spans[0].start <= 50_000 - WINDOW_MARGIN && spans[0].end >= 50_100);
        let long_line = "é".repeat(100_000);
        for span in windows(&long_line, &[100_001], 10) {
            assert!(long_line.is_char_boundary(span.start) && long_line.is_char_boundary(span.end));
        }
    }

    #[test]
    fn cursor_agrees_with_line_col() {
        let text = "a\n“é” b\r\n\nz 👍🏽 y";
        let mut cursor = Cursor {
            bytes: text.as_bytes(),
            offset: 0,
            at: LineCol { line: 1, column: 1 },
        };
        for (i, _) in text.char_indices() {
            assert_eq!(cursor.advance(i), LineCol::of(text, i), "{i}");
        }
    }

    #[test]
    fn empty_and_wordless_quotes_are_errors() {
        for quote in ["", "  \n\t", "?!", "— … “”", "[...]"] {
            assert!(Quote::new(quote).is_err(), "{quote:?}");
        }
        assert!(Quote::new("ok \u{0}\u{7} 👍🏽").is_ok());
    }
}
