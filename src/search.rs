//! Running a query against the index: ranked passages with their spans and highlights.

use crate::anchor::resolve::{self, Anchor, Citation, Resolved};
use crate::columns::{PassageColumns, PassageRecord};
use crate::corpus::{self, Stamp};
use crate::decode::{self, OffsetMap};
use crate::index::{self, CiteIndex};
use crate::located::Located;
use crate::query::QueryOptions;
use crate::span::Span;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

mod by_source;
mod lookup;

pub use by_source::{SourceMatches, by_source};

/// Which page of results to return.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Hits to return at most.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank among all hits (offset included).
    pub rank: usize,
    /// BM25 score; never increases with rank.
    pub score: f32,
    /// Passage number within the source, from 0.
    pub passage: u64,
    /// The passage in its source: exactly the source's bytes in its span when it was
    /// indexed (decoded from its `encoding` when there is one).
    #[serde(flatten)]
    pub place: Located,
    /// For a source not in UTF-8 whose bytes still hold `text`: from offsets in `text` to
    /// bytes of the passage.
    #[serde(skip)]
    pub offsets: Option<OffsetMap>,
    /// Absolute byte spans of the matches inside the passage.
    pub highlights: Vec<Span>,
    /// The matches as offsets into `text`, for printing.
    #[serde(skip)]
    pub marks: Vec<Span>,
    /// True when the source changed or vanished since indexing, or its bytes in `span` are
    /// not `text`: the offsets may be untrue.
    pub stale: bool,
    /// For a stale hit, where its passage stands now: `moved` and `changed` carry the true
    /// current span and text; `orphaned` keeps the indexed offsets, which may be untrue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
}

/// The answer to a query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Number of matching passages in the whole index.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
}

impl SearchResults {
    /// True when any hit's source changed since it was indexed.
    pub fn has_stale(&self) -> bool {
        self.hits.iter().any(|h| h.stale)
    }
}

/// Runs `text` against the committed index.
pub fn search(
    cite: &CiteIndex,
    text: &str,
    options: QueryOptions,
    page: Page,
) -> Result<SearchResults> {
    let searcher = cite.searcher()?;
    let parsed = lookup::parse(cite, &searcher, text, options)?;

    let damaged = |e| index::damaged(&cite.dir, e);
    let (total, top) = if page.limit == 0 {
        let total = searcher.search(&parsed.query, &Count).map_err(damaged)?;
        (total, Vec::new())
    } else {
        // tantivy makes room for `limit + offset` hits up front: no more than the index holds.
        let docs = (searcher.num_docs() as usize).max(1);
        let top = TopDocs::with_limit(page.limit.min(docs))
            .and_offset(page.offset.min(docs))
            .order_by_score();
        let (top, total) = searcher
            .search(&parsed.query, &(top, Count))
            .map_err(damaged)?;
        (total, top)
    };

    let mut loader = HitLoader::new(cite, &searcher);
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, address)) in top.into_iter().enumerate() {
        let mut hit = loader.load(address)?;
        hit.rank = page.offset + i + 1;
        hit.score = score;
        hit.marks = parsed.matcher.highlights(&hit.place.text);
        let found = hit.marks.iter().copied();
        let start = hit.place.span.start;
        hit.highlights = match (hit.place.encoding, &hit.offsets) {
            (None, _) => found.map(|s| s.shift(start)).collect(),
            (Some(_), Some(map)) => found
                .map(|s| map.span(Span::new(map.floor(s.start), map.floor(s.end))))
                .map(|s| s.shift(start))
                .collect(),
            (Some(_), None) => Vec::new(),
        };
        hits.push(hit);
    }
    Ok(SearchResults {
        query: text.to_string(),
        total,
        hits,
    })
}

/// Reads passages into hits (rank, score and highlights left to the caller), remembering
/// what it learnt of each file.
struct HitLoader<'a> {
    cite: &'a CiteIndex,
    searcher: &'a Searcher,
    columns: PassageColumns<'a>,
    /// Each file's stamp now (None: unreadable).
    stamps: HashMap<String, Option<Stamp>>,
    /// Whether each file is unchanged since indexing.
    freshness: HashMap<String, bool>,
    /// Each changed file's current text, for re-anchoring.
    now: HashMap<String, Option<corpus::SourceText>>,
}

impl<'a> HitLoader<'a> {
    fn new(cite: &'a CiteIndex, searcher: &'a Searcher) -> HitLoader<'a> {
        HitLoader {
            cite,
            searcher,
            columns: PassageColumns::new(searcher, cite.fields),
            stamps: HashMap::new(),
            freshness: HashMap::new(),
            now: HashMap::new(),
        }
    }

    /// The hit of the passage at `address`.
    fn load(&mut self, address: DocAddress) -> Result<Hit> {
        let record = self
            .columns
            .record(address)
            .ok_or_else(|| index::damaged(&self.cite.dir, "a passage's columns are missing"))?;
        match self.unchanged(&record) {
            Some(hit) => Ok(hit),
            None => self.stored(address, record),
        }
    }

    /// The hit of a UTF-8 passage whose file has its indexed stamp and whose bytes hash as
    /// its text did, from the index's columns and the file alone; None otherwise.
    fn unchanged(&mut self, record: &PassageRecord) -> Option<Hit> {
        if record.encoding.is_some() {
            return None;
        }
        let path = Path::new(&record.source);
        let stamp = *self
            .stamps
            .entry(record.source.clone())
            .or_insert_with(|| Stamp::of(path).ok());
        if !stamp.is_some_and(|stamp| record.stamp_is(stamp)) {
            return None;
        }
        let text = String::from_utf8(read_span(path, record.span)?).ok()?;
        if !record.text_is(&text) {
            return None;
        }
        Some(hit_of(record, text, None, false))
    }

    /// The hit of the passage at `address` from its stored document: for a file that
    /// changed since indexing (re-anchored), or that is not UTF-8.
    fn stored(&mut self, address: DocAddress, record: PassageRecord) -> Result<Hit> {
        let doc: TantivyDocument = self
            .searcher
            .doc(address)
            .map_err(|e| index::damaged(&self.cite.dir, e))?;
        let f = &self.cite.fields;
        let path = record.source.clone();
        let file_hash = doc
            .get_first(f.file_hash)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let text = doc
            .get_first(f.text)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let file_fresh = *self
            .freshness
            .entry(path.clone())
            .or_insert_with(|| is_fresh(Path::new(&path), &record, file_hash));
        let held = holds(Path::new(&path), record.span, &text, record.encoding);
        let stale = !file_fresh || held.is_none();
        let offsets = held.filter(|map| !map.is_identity());
        let mut hit = hit_of(&record, text, offsets, stale);
        if stale {
            reanchor(&mut hit, Path::new(&path), record.encoding, &mut self.now);
        }
        Ok(hit)
    }
}

/// The hit of the passage `record` whose text is `text` (rank, score and highlights left to
/// the caller).
fn hit_of(record: &PassageRecord, text: String, offsets: Option<OffsetMap>, stale: bool) -> Hit {
    Hit {
        rank: 0,
        score: 0.0,
        passage: record.passage,
        place: Located {
            source: corpus::display_path(Path::new(&record.source)),
            span: record.span,
            at: record.at,
            text,
            encoding: record.encoding.map(encoding_rs::Encoding::name),
            selector: None,
        },
        offsets,
        highlights: Vec::new(),
        marks: Vec::new(),
        stale,
        anchor: None,
    }
}

/// The bytes of the file at `path` in `span`.
fn read_span(path: &Path, span: Span) -> Option<Vec<u8>> {
    let mut bytes = vec![0; span.len()];
    let file = std::fs::File::open(path).ok()?;
    read_exact_at(&file, &mut bytes, span.start as u64).ok()?;
    Some(bytes)
}

/// Fills `buf` from `file` at `offset`: one system call where the platform has it.
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

/// Moves a stale hit to where its passage stands in the file now (`moved` or `changed`,
/// with the true span, text, line and column), or marks it `orphaned` with its indexed
/// offsets. The file is decoded as `decoding` (the encoding it was indexed with) when given;
/// `now` keeps each file's current text, read once.
fn reanchor(
    hit: &mut Hit,
    path: &Path,
    decoding: Option<&'static encoding_rs::Encoding>,
    now: &mut HashMap<String, Option<corpus::SourceText>>,
) {
    let source = now
        .entry(hit.place.source.clone())
        .or_insert_with(|| corpus::read_text_with(path, decoding).ok());
    let resolved = match source {
        Some(source) => resolve::resolve(
            &source.text,
            &Citation {
                exact: hit.place.text.clone(),
                span: source.decoded(hit.place.span.start).map(|start| {
                    let len = hit.place.text.len().min(source.text.len() - start);
                    Span::new(start, start + len)
                }),
                ..Citation::default()
            },
        ),
        None => Resolved::orphaned(),
    };
    hit.anchor = Some(resolved.anchor);
    if let (Some(source), Some(span)) = (source, resolved.span) {
        hit.place = Located::of(&hit.place.source, source, span);
        // The map of the passage as it is now, for its highlights.
        let place = &hit.place;
        hit.offsets = place.encoding.and_then(|_| {
            holds(path, place.span, &place.text, Some(source.encoding)).filter(|m| !m.is_identity())
        });
    }
}

/// True when the file at `path` still has the stamp `record` was indexed with, or else the
/// recorded content hash.
fn is_fresh(path: &Path, record: &PassageRecord, hash: u64) -> bool {
    match Stamp::of(path) {
        Ok(now) if record.stamp_is(now) => true,
        Ok(_) => std::fs::read(path).is_ok_and(|bytes| corpus::hash_bytes(&bytes) == hash),
        Err(_) => false,
    }
}

/// When the bytes of the file at `path` in `span` are exactly `text` (decoded from
/// `encoding` when given), the map from offsets in `text` to those bytes.
fn holds(
    path: &Path,
    span: Span,
    text: &str,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Option<OffsetMap> {
    if encoding.is_none() && span.len() != text.len() {
        return None;
    }
    let bytes = read_span(path, span)?;
    match encoding {
        None => (bytes == text.as_bytes()).then(OffsetMap::default),
        Some(encoding) => {
            let decoded = decode::decode_as(&bytes, encoding);
            (decoded.text == text).then_some(decoded.map)
        }
    }
}
