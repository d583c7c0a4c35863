//! `cite anchor`: saved citations resolved against the sources as they are now, and the
//! W3C selectors every command's JSON spans carry.

pub mod citation;
pub mod resolve;
pub mod selector;

use crate::align::Difference;
use crate::corpus::{self, SkipReason, SourceText};
use crate::index::CiteIndex;
use crate::located::Located;
use crate::manifest::Manifest;
use crate::span::Span;
use crate::verify::{self, QuoteMatch};
use anyhow::{Result, bail};
use citation::Saved;
use resolve::{Anchor, Resolved};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Other places an orphaned quote is reported at, at most.
const MAX_ELSEWHERE: usize = 5;
/// Bytes of source text kept in memory across citations before the cache is emptied.
const CACHE_BYTES: usize = 64 << 20;

/// Where one saved citation stands now.
#[derive(Debug, Clone, Serialize)]
pub struct Anchored {
    /// The verdict.
    pub anchor: Anchor,
    /// Where the quote stands in the file now; for `orphaned`, only the file.
    #[serde(flatten)]
    pub place: Place,
    /// The quoted text the citation carried.
    pub quote: String,
    /// The bytes the citation named, when it named any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<Span>,
    /// For `changed`: the differing words, the citation's as `quote`, today's as `source`.
    pub differences: Vec<Difference>,
    /// 0..=1: 1 - word edits / words for `changed`, 1 when the quote stands, 0 when orphaned.
    pub similarity: f64,
    /// For `orphaned`: other indexed sources where the quote stands now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<QuoteMatch>,
}

/// Where a saved citation's quote stands now.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Place {
    /// Its span in the file now, with the W3C selectors of that span.
    Found(Located),
    /// Nowhere in the file (or the file is gone): only the file's path.
    Missing {
        /// Path of the source file, relative to the working directory when under it.
        source: String,
    },
}

impl Place {
    /// Path of the source file, as cite prints it.
    pub fn source(&self) -> &str {
        match self {
            Place::Found(place) => &place.source,
            Place::Missing { source } => source,
        }
    }
}

/// Source files read for anchoring, kept while they fit in [`CACHE_BYTES`].
#[derive(Default)]
pub struct Sources {
    texts: HashMap<PathBuf, Option<Rc<SourceText>>>,
    bytes: usize,
    /// The encodings files were indexed with.
    manifest: Manifest,
}

impl Sources {
    /// Sources read as they were indexed: a file that is not UTF-8 is decoded with the
    /// encoding `manifest` records for it (forced with `cite index --encoding`, or detected).
    pub fn new(manifest: Manifest) -> Sources {
        Sources {
            manifest,
            ..Sources::default()
        }
    }

    /// The file at `path` now; None when it is gone; an error when it cannot be read.
    fn text(&mut self, path: &Path) -> Result<Option<Rc<SourceText>>> {
        if let Some(text) = self.texts.get(path) {
            return Ok(text.clone());
        }
        let text = match corpus::read_text_with(path, self.manifest.decoding(path)) {
            Ok(source) => Some(Rc::new(source)),
            Err(SkipReason::Unreadable(_)) if !path.exists() => None,
            Err(why) => bail!("cannot read {}: {why}", corpus::display_path(path)),
        };
        let size = text.as_ref().map_or(0, |t| t.text.len());
        if self.bytes + size > CACHE_BYTES {
            self.texts.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.texts.insert(path.to_path_buf(), text.clone());
        Ok(text)
    }
}

/// Resolves `saved` against its file as it is now; for an orphaned quote, `cite` (when
/// there is an index) tells where else it stands.
pub fn anchor(saved: &Saved, sources: &mut Sources, cite: Option<&CiteIndex>) -> Result<Anchored> {
    let path = std::path::absolute(&saved.source)?;
    let display = corpus::display_path(&path);
    let citation = &saved.citation;
    let file = sources.text(&path)?;
    let resolved = match &file {
        Some(file) => resolve::resolve(&file.text, &in_text(file, citation)),
        None => Resolved::orphaned(),
    };
    let mut anchored = Anchored {
        anchor: resolved.anchor,
        place: Place::Missing {
            source: display.clone(),
        },
        quote: citation.exact.clone(),
        was: citation.span,
        differences: resolved.differences,
        similarity: resolved.similarity,
        elsewhere: Vec::new(),
    };
    if let (Some(file), Some(span)) = (&file, resolved.span) {
        anchored.place = Place::Found(Located::of(&display, file, span).with_selectors(file));
    }
    if resolved.anchor == Anchor::Orphaned
        && let Some(cite) = cite
        && let Ok(report) = verify::verify(cite, &citation.exact)
    {
        anchored.elsewhere = report
            .matches
            .into_iter()
            .filter(|m| m.verdict.stands() && m.place.source != display)
            .take(MAX_ELSEWHERE)
            .collect();
    }
    Ok(anchored)
}

/// `citation` with the bytes it names (of `file`) turned into offsets in the decoded text;
/// bytes that fall inside a character or past the end name no place.
fn in_text(file: &SourceText, citation: &resolve::Citation) -> resolve::Citation {
    let span = citation.span.and_then(|s| {
        let start = file.decoded(s.start)?;
        Some(Span::new(start, file.decoded(s.end)?.max(start)))
    });
    resolve::Citation {
        span,
        ..citation.clone()
    }
}
