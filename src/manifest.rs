//! The record of what an index was built from: roots, and each file's stamp and hash.

use crate::corpus::Stamp;
use anyhow::{Context, Result};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What one indexed file looked like when it was indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u64,
    /// Content hash (xxh3-64), as 16 hex digits.
    pub hash: String,
    /// Number of passages indexed from it.
    pub passages: u64,
    /// When it was indexed, seconds since the Unix epoch.
    pub indexed_at: u64,
    /// WHATWG name of the encoding it was decoded from, for a file that is not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl FileRecord {
    /// The encoding recorded for a file that is not UTF-8.
    pub fn decoding(&self) -> Option<&'static encoding_rs::Encoding> {
        self.encoding
            .as_deref()
            .and_then(|name| encoding_rs::Encoding::for_label(name.as_bytes()))
    }

    /// The size and modification time recorded.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            size: self.size,
            mtime_ns: self.mtime_ns,
        }
    }
}

/// Formats a content hash the way the manifest and the index store it.
pub fn hash_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// Every root and file an index holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Roots given to `cite index`, canonical, kept until pruned.
    pub roots: Vec<PathBuf>,
    /// Indexed files by absolute path.
    #[serde(deserialize_with = "files_in_one_pass")]
    pub files: BTreeMap<PathBuf, FileRecord>,
}

/// Reads a manifest's files, written in order, into a map built in one pass: inserting
/// them one at a time compares paths component by component, a fifth of a re-index of
/// 10,000 files.
fn files_in_one_pass<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<PathBuf, FileRecord>, D::Error> {
    struct Files;
    impl<'de> Visitor<'de> for Files {
        type Value = BTreeMap<PathBuf, FileRecord>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of file paths to records")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut files = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some(entry) = map.next_entry::<PathBuf, FileRecord>()? {
                files.push(entry);
            }
            // Sorting what is already sorted takes one comparison a file.
            Ok(files.into_iter().collect())
        }
    }
    deserializer.deserialize_map(Files)
}

impl Manifest {
    /// The encoding the file at absolute `path` was indexed with, when it is not UTF-8
    /// (detected, or forced with `cite index --encoding`).
    pub fn decoding(&self, path: &Path) -> Option<&'static encoding_rs::Encoding> {
        self.files.get(path).and_then(FileRecord::decoding)
    }

    /// Reads a manifest file.
    pub fn load(path: &Path) -> Result<Manifest> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_slice(&bytes).with_context(|| format!("{} is damaged", path.display()))
    }

    /// Writes the manifest to `path` durably (temporary file, fsync, rename).
    pub fn save(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("tmp");
        let file = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut out, self)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    }
}
