//! Where each passage stands, read from the index's fast columns. The stored documents
//! hold only the text and the file's hash: reading one decompresses its whole block
//! (32 KB), which a hit whose file is unchanged no longer needs.

use crate::corpus::{Stamp, hash_bytes};
use crate::index::Fields;
use crate::span::{LineCol, Span};
use encoding_rs::Encoding;
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Field;
use tantivy::{DocAddress, Searcher, SegmentReader};

/// What the fast columns hold of one passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRecord {
    /// Absolute path of the source file, as indexed.
    pub source: String,
    /// Passage number within its file.
    pub passage: u64,
    /// The passage's bytes in the file.
    pub span: Span,
    /// Line and column of `span.start`.
    pub at: LineCol,
    /// The file's stamp and the passage's text, hashed ([`check_value`]).
    pub check: u64,
    /// The file's encoding, when it is not UTF-8.
    pub encoding: Option<&'static Encoding>,
}

/// The stamp of a file and the text of one of its passages, hashed to 32 bits each.
pub fn check_value(stamp: Stamp, text: &str) -> u64 {
    let mut bytes = [0; 16];
    bytes[..8].copy_from_slice(&stamp.size.to_le_bytes());
    bytes[8..].copy_from_slice(&stamp.mtime_ns.to_le_bytes());
    (hash_bytes(&bytes) << 32) | (hash_bytes(text.as_bytes()) & 0xffff_ffff)
}

impl PassageRecord {
    /// True when `stamp` is the stamp its file had when indexed (up to a 32-bit hash).
    pub fn stamp_is(&self, stamp: Stamp) -> bool {
        check_value(stamp, "") >> 32 == self.check >> 32
    }

    /// True when `text` is the passage's indexed text (up to a 32-bit hash).
    pub fn text_is(&self, text: &str) -> bool {
        check_value(Stamp::default(), text) & 0xffff_ffff == self.check & 0xffff_ffff
    }
}

/// The fast columns of each segment of a searcher, opened on first use.
pub struct PassageColumns<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    segments: Vec<Option<SegmentColumns>>,
}

/// One segment's columns.
struct SegmentColumns {
    source: StrColumn,
    encoding: Option<StrColumn>,
    numbers: [Column<u64>; 6],
}

impl<'a> PassageColumns<'a> {
    /// The columns of `searcher`'s segments, whose fields are `fields`.
    pub fn new(searcher: &'a Searcher, fields: Fields) -> PassageColumns<'a> {
        PassageColumns {
            searcher,
            fields,
            segments: Vec::new(),
        }
    }

    /// The record of the passage at `address`; None when the index lacks a column.
    pub fn record(&mut self, address: DocAddress) -> Option<PassageRecord> {
        let ord = address.segment_ord as usize;
        if self.segments.len() <= ord {
            self.segments.resize_with(ord + 1, || None);
        }
        if self.segments[ord].is_none() {
            let segment = self.searcher.segment_readers().get(ord)?;
            self.segments[ord] = Some(SegmentColumns::open(segment, &self.fields)?);
        }
        self.segments[ord].as_ref()?.record(address.doc_id)
    }
}

impl SegmentColumns {
    /// Opens the columns of `segment`; None when one is missing.
    fn open(segment: &SegmentReader, f: &Fields) -> Option<SegmentColumns> {
        let schema = segment.schema();
        let name = |field: Field| schema.get_field_name(field);
        let fast = segment.fast_fields();
        let number = |field: Field| fast.u64(name(field)).ok();
        Some(SegmentColumns {
            source: fast.str(name(f.source)).ok()??,
            encoding: fast.str(name(f.encoding)).ok()?,
            numbers: [
                number(f.passage)?,
                number(f.byte_start)?,
                number(f.byte_end)?,
                number(f.line)?,
                number(f.column)?,
                number(f.check)?,
            ],
        })
    }

    /// The record of document `doc`.
    fn record(&self, doc: u32) -> Option<PassageRecord> {
        let [passage, start, end, line, column, check] =
            self.numbers.each_ref().map(|c| c.first(doc));
        let mut source = String::new();
        self.source
            .ord_to_str(self.source.ords().first(doc)?, &mut source)
            .ok()?;
        let encoding = match &self.encoding {
            Some(column) => match column.ords().first(doc) {
                Some(ord) => {
                    let mut name = String::new();
                    column.ord_to_str(ord, &mut name).ok()?;
                    Some(Encoding::for_label(name.as_bytes())?)
                }
                None => None,
            },
            None => None,
        };
        Some(PassageRecord {
            source,
            passage: passage?,
            span: Span::new(start? as usize, end? as usize),
            at: LineCol {
                line: line? as usize,
                column: column? as usize,
            },
            check: check?,
            encoding,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(stamp: Stamp, text: &str) -> PassageRecord {
        PassageRecord {
            source: "/a.txt".to_string(),
            passage: 0,
            span: Span::new(0, text.len()),
            at: LineCol { line: 1, column: 1 },
            check: check_value(stamp, text),
            encoding: None,
        }
    }

    #[test]
    fn the_check_tells_the_indexed_stamp_and_text_from_others() {
        let stamp = Stamp {
            size: 17,
            mtime_ns: 1_700_000_000_123_456_789,
        };
        let r = record(stamp, "Alpha zebra one.");
        assert!(r.stamp_is(stamp) && r.text_is("Alpha zebra one."));
        assert!(!r.text_is("Alpha zebra ONE."));
        assert!(!r.stamp_is(Stamp {
            mtime_ns: stamp.mtime_ns + 1,
            ..stamp
        }));
        assert!(!r.stamp_is(Stamp { size: 18, ..stamp }));
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use crate::index::CiteIndex;
    use std::path::Path;
    use tantivy::TantivyDocument;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::AllQuery;
    use tantivy::schema::Value;

    #[test]
    fn every_passage_reads_the_source_and_span_it_was_stored_with() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        let index = dir.path().join("index");
        let options = crate::indexer::Options {
            roots: vec![docs.clone()],
            rebuild: false,
            prune: false,
            follow_links: false,
            threads: 2,
            memory_mb: 64,
            wait: false,
            progress: false,
            encoding: None,
        };
        let write = |name: &str, passages: usize| {
            let path = docs.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text: String = (0..passages)
                .map(|p| format!("Passage {p} of {name}.\n\n"))
                .collect();
            std::fs::write(path, text).unwrap();
        };
        // Names out of order, files of one to five passages, written in two runs (two
        // segments), the second changing a file of the first (deleted passages).
        for (i, name) in ["m.txt", "a.txt", "z/b.txt"].iter().enumerate() {
            write(name, i + 1);
        }
        crate::indexer::run(&index, &options).unwrap();
        write("a.txt", 4);
        write("c d.txt", 4);
        write("é.txt", 5);
        crate::indexer::run(&index, &options).unwrap();

        let cite = CiteIndex::open(&index).unwrap();
        let searcher = cite.searcher().unwrap();
        assert!(searcher.segment_readers().len() > 1);
        let mut columns = PassageColumns::new(&searcher, cite.fields);
        let all = searcher.search(&AllQuery, &DocSetCollector).unwrap();
        assert_eq!(all.len(), 1 + 3 + 4 + 4 + 5);
        for address in all {
            let doc: TantivyDocument = searcher.doc(address).unwrap();
            let record = columns.record(address).unwrap();
            let name = Path::new(&record.source).strip_prefix(&docs).unwrap();
            let text = doc
                .get_first(cite.fields.text)
                .and_then(|v| v.as_str())
                .unwrap();
            assert!(
                text.ends_with(&format!(" of {}.", name.display())),
                "{text}"
            );
            let file = std::fs::read_to_string(&record.source).unwrap();
            assert_eq!(&file[record.span.range()], text);
            assert!(record.text_is(text));
        }
    }
}
