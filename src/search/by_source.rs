//! Matching passages counted per source file, as `rg -l` and `rg -c` list them.

use super::lookup;
use crate::corpus;
use crate::index::{self, CiteIndex};
use crate::query::QueryOptions;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED};

/// One source with passages that match, and how well its best one does.
#[derive(Debug, Clone, Serialize)]
pub struct SourceMatches {
    /// Path of the source file, relative to the working directory when under it.
    pub source: String,
    /// Matching passages in this source.
    pub passages: usize,
    /// BM25 score of its best passage.
    pub score: f32,
}

/// Every source with a passage matching `text`, best first (ties by path).
pub fn by_source(
    cite: &CiteIndex,
    text: &str,
    options: QueryOptions,
) -> Result<Vec<SourceMatches>> {
    let searcher = cite.searcher()?;
    let parsed = lookup::parse(cite, &searcher, text, options)?;
    let counts = searcher
        .search(
            &parsed.query,
            &PerSource {
                field: cite.fields.source,
            },
        )
        .map_err(|e| index::damaged(&cite.dir, e))?;
    let mut out: Vec<SourceMatches> = counts
        .into_iter()
        .map(|(key, (passages, score))| SourceMatches {
            source: corpus::display_path(Path::new(&key)),
            passages,
            score,
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.source.cmp(&b.source))
    });
    Ok(out)
}

/// Per source key: matching passages and best score.
type Counts = HashMap<String, (usize, Score)>;

/// Collects matching passages per value of the `source` field.
struct PerSource {
    field: Field,
}

struct SegmentPerSource {
    /// Source key number of each document of the segment.
    source_of: Vec<u32>,
    keys: Vec<String>,
    counts: HashMap<u32, (usize, Score)>,
}

impl Collector for PerSource {
    type Fruit = Counts;
    type Child = SegmentPerSource;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let inverted = segment.inverted_index(self.field)?;
        let mut source_of = vec![u32::MAX; segment.max_doc() as usize];
        let mut keys = Vec::new();
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let n = keys.len() as u32;
            keys.push(String::from_utf8_lossy(terms.key()).into_owned());
            let mut postings =
                inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                source_of[doc as usize] = n;
                doc = postings.advance();
            }
        }
        Ok(SegmentPerSource {
            source_of,
            keys,
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::new();
        for fruit in fruits {
            for (key, (n, score)) in fruit {
                let entry = all.entry(key).or_insert((0, Score::MIN));
                entry.0 += n;
                entry.1 = entry.1.max(score);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentPerSource {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(&n) = self.source_of.get(doc as usize) else {
            return;
        };
        let entry = self.counts.entry(n).or_insert((0, Score::MIN));
        entry.0 += 1;
        entry.1 = entry.1.max(score);
    }

    fn harvest(self) -> Counts {
        self.counts
            .into_iter()
            .filter_map(|(n, c)| Some((self.keys.get(n as usize)?.clone(), c)))
            .collect()
    }
}
