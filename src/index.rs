//! The on-disk index: its directory, schema, settings, manifest and write lock.

use crate::analysis;
use crate::manifest::Manifest;
use crate::passages::MAX_PASSAGE_BYTES;
use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, Searcher};

/// File that marks a directory as a cite index.
const MARKER: &str = "cite-index.json";
/// Lock file held by the one process writing the index.
const LOCK: &str = ".cite.lock";
/// zstd level of the stored passages. On Brown ×20, level 1 costs 6% fewer instructions
/// to index than level 3 for an index 1.08× the text instead of 1.06×.
const ZSTD_LEVEL: i32 = 1;
/// Bytes of stored passages compressed together. Measured on Brown ×20 (120 MB): 16 KB
/// (tantivy's default) makes the index 1.09× the text, 32 KB 1.06×, 64 KB 1.04×; each
/// hit decompresses one block, so a 10-hit query costs 11, 13 and 17 M instructions.
const DOCSTORE_BLOCK_BYTES: usize = 32 * 1024;
/// Version of the index layout; a different one needs a rebuild.
pub const FORMAT: u32 = 6;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Absolute path of the source file (untokenized).
    pub source: Field,
    /// Passage number within its file, from 0.
    pub passage: Field,
    /// First byte of the passage in the file.
    pub byte_start: Field,
    /// One past the last byte of the passage.
    pub byte_end: Field,
    /// 1-based line of `byte_start`.
    pub line: Field,
    /// 1-based column (in characters) of `byte_start`.
    pub column: Field,
    /// Passage text, stored, indexed with stems and (marked) exact forms.
    pub text: Field,
    /// The field of the exact word forms: the same as `text`, whose exact-form terms are
    /// [`analysis::exact_key`]s.
    pub exact: Field,
    /// Content hash of the file when indexed.
    pub file_hash: Field,
    /// WHATWG name of the file's encoding, for a file that is not UTF-8.
    pub encoding: Field,
    /// The file's stamp and the passage's text, hashed to 32 bits each
    /// ([`crate::columns::check_value`]): a passage whose file has that stamp and whose bytes
    /// hash as its text needs no stored document.
    pub check: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text_options = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis::FORMS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let text = b.add_text_field("text", text_options);
        let fields = Fields {
            source: b.add_text_field("source", STRING | FAST),
            passage: b.add_u64_field("passage", FAST),
            byte_start: b.add_u64_field("byte_start", FAST),
            byte_end: b.add_u64_field("byte_end", FAST),
            line: b.add_u64_field("line", FAST),
            column: b.add_u64_field("column", FAST),
            text,
            exact: text,
            file_hash: b.add_u64_field("file_hash", STORED),
            encoding: b.add_text_field("encoding", FAST),
            check: b.add_u64_field("check", FAST),
        };
        (b.build(), fields)
    }

    /// The fields of an existing index's schema.
    fn of(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| anyhow!("the index has no `{name}` field"))
        };
        Ok(Fields {
            source: get("source")?,
            passage: get("passage")?,
            byte_start: get("byte_start")?,
            byte_end: get("byte_end")?,
            line: get("line")?,
            column: get("column")?,
            text: get("text")?,
            exact: get("text")?,
            file_hash: get("file_hash")?,
            encoding: get("encoding")?,
            check: get("check")?,
        })
    }
}

/// The settings an index was built with; an index is used only with the same ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Layout version.
    pub format: u32,
    /// Names the analyzers' behaviour.
    pub analyzers: String,
    /// Longest passage, in bytes.
    pub max_passage_bytes: usize,
}

impl Settings {
    /// The settings of this build of cite.
    pub fn current() -> Settings {
        Settings {
            format: FORMAT,
            analyzers: "simple+remove_long40+lower+ascii_fold+english_stem+exact_marked".into(),
            max_passage_bytes: MAX_PASSAGE_BYTES,
        }
    }
}

/// What each commit records beside tantivy's own metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    /// Settings the index was built with.
    pub settings: Settings,
    /// File name (in the index directory) of the manifest of this commit.
    pub manifest: String,
    /// The manifest's roots again, so that a damaged manifest does not lose them.
    #[serde(default)]
    pub roots: Vec<PathBuf>,
}

/// What a directory named as an index holds.
#[derive(Debug, PartialEq, Eq)]
pub enum DirState {
    /// Nothing there, or only dotfiles such as `.gitignore`.
    Empty,
    /// A cite index (it may never have been committed).
    Cite,
    /// Something else: cite leaves it alone.
    Foreign,
}

/// Classifies the directory `dir`.
pub fn dir_state(dir: &Path) -> Result<DirState> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DirState::Empty),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(DirState::Foreign),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot read index directory {}", dir.display()));
        }
    };
    if dir.join(MARKER).is_file() {
        return Ok(DirState::Cite);
    }
    for entry in entries {
        let name = entry?.file_name();
        if !name.to_string_lossy().starts_with('.') {
            return Ok(DirState::Foreign);
        }
    }
    Ok(DirState::Empty)
}

/// An open cite index.
pub struct CiteIndex {
    /// Its directory.
    pub dir: PathBuf,
    /// The tantivy index.
    pub index: Index,
    /// Its fields.
    pub fields: Fields,
    /// The searcher of the last commit, opened on first use.
    searcher: std::sync::OnceLock<Searcher>,
}

impl CiteIndex {
    /// Opens the committed index in `dir` for reading and writing.
    pub fn open(dir: &Path) -> Result<CiteIndex> {
        if dir_state(dir)? == DirState::Foreign {
            bail!(
                "{} is not a cite index (choose another --index)",
                dir.display()
            );
        }
        let rebuild = || {
            format!(
                "the index at {} is unusable; run `cite index --rebuild`",
                dir.display()
            )
        };
        let index = Index::open_in_dir(dir).with_context(rebuild)?;
        analysis::register(&index);
        let fields = Fields::of(&index.schema()).with_context(rebuild)?;
        let cite = CiteIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            searcher: std::sync::OnceLock::new(),
        };
        let payload = cite.payload().with_context(rebuild)?;
        if let Some(payload) = payload
            && payload.settings != Settings::current()
        {
            bail!(
                "the index at {} was built by another version of cite or with other settings; run `cite index --rebuild`",
                dir.display()
            );
        }
        Ok(cite)
    }

    /// Creates a new, empty index in `dir`, which must be empty or a cite index.
    pub fn create(dir: &Path) -> Result<CiteIndex> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create index directory {}", dir.display()))?;
        std::fs::write(
            dir.join(MARKER),
            serde_json::to_string(&Settings::current())?,
        )?;
        let (schema, fields) = Fields::schema();
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(ZSTD_LEVEL),
            }),
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(dir)
            .with_context(|| format!("cannot create an index in {}", dir.display()))?;
        analysis::register(&index);
        Ok(CiteIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            searcher: std::sync::OnceLock::new(),
        })
    }

    /// True when `dir` holds a committed tantivy index.
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// The payload of the last commit; None before the first.
    pub fn payload(&self) -> Result<Option<Payload>> {
        let metas = self.index.load_metas()?;
        metas
            .payload
            .map(|p| serde_json::from_str(&p).context("the index metadata is damaged"))
            .transpose()
    }

    /// The manifest of the last commit (empty before the first).
    pub fn manifest(&self) -> Result<Manifest> {
        match self.payload()? {
            Some(p) => {
                Manifest::load(&self.dir.join(p.manifest)).map_err(|e| damaged(&self.dir, e))
            }
            None => Ok(Manifest::default()),
        }
    }

    /// Fails when a file of a segment of the last commit is missing or truncated (tantivy
    /// would find out only when a query needs it).
    pub fn check(&self) -> Result<()> {
        for segment in self.reader()?.searcher().segment_readers() {
            segment
                .inverted_index(self.fields.text)
                .map_err(|e| damaged(&self.dir, e))?;
        }
        Ok(())
    }

    /// The searcher of the last commit as it was when first asked for, shared by every
    /// search of this process. Its segments stay mapped until the process exits: the
    /// kernel drops them at exit in a fraction of what unmapping them one by one costs
    /// (measured on Brown ×20: 13% of a phrase query went to `munmap` and destructors).
    pub fn searcher(&self) -> Result<Searcher> {
        if let Some(searcher) = self.searcher.get() {
            return Ok(searcher.clone());
        }
        let searcher = self.reader()?.searcher();
        std::mem::forget(searcher.clone());
        Ok(self.searcher.get_or_init(|| searcher).clone())
    }

    /// A reader of the last commit.
    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged(&self.dir, e))
    }
}

/// The error for an index that cannot be used as it is: it names the directory and the fix.
pub fn damaged(dir: &Path, cause: impl std::fmt::Display) -> anyhow::Error {
    let cause = cause.to_string();
    let cause: String = cause.chars().take(160).collect();
    anyhow!(
        "the index at {} is damaged or incomplete; run `cite index --rebuild` (cause: {})",
        dir.display(),
        cause.replace('\n', " ")
    )
}

/// True when `dir` is a cite index that committed before (it has a manifest), so a
/// missing `meta.json` means damage rather than a first run that did not finish.
pub fn has_committed(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("manifest-"))
    })
}

/// The roots a cite index in `dir` was built from, even when it is damaged: from its last
/// commit, else from the newest manifest left in the directory; empty when there are none.
pub fn recorded_roots(dir: &Path) -> Vec<PathBuf> {
    if !matches!(dir_state(dir), Ok(DirState::Cite)) {
        return Vec::new();
    }
    let committed = Index::open_in_dir(dir)
        .ok()
        .and_then(|index| index.load_metas().ok()?.payload)
        .and_then(|payload| serde_json::from_str::<Payload>(&payload).ok())
        .map(|payload| payload.roots)
        .filter(|roots| !roots.is_empty());
    committed.unwrap_or_else(|| newest_manifest(dir).map(|m| m.roots).unwrap_or_default())
}

/// True when `dir` holds a committed cite index built with other settings than this
/// version's (another index format, other analyzers).
pub fn outdated(dir: &Path) -> bool {
    matches!(dir_state(dir), Ok(DirState::Cite))
        && Index::open_in_dir(dir)
            .ok()
            .and_then(|index| index.load_metas().ok()?.payload)
            .and_then(|payload| serde_json::from_str::<Payload>(&payload).ok())
            .is_some_and(|payload| payload.settings != Settings::current())
}

/// The readable manifest of the highest commit in `dir`, if any.
fn newest_manifest(dir: &Path) -> Option<Manifest> {
    let mut manifests: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stamp = name
                .strip_prefix("manifest-")?
                .strip_suffix(".json")?
                .parse()
                .ok()?;
            Some((stamp, e.path()))
        })
        .collect();
    manifests.sort();
    manifests
        .iter()
        .rev()
        .find_map(|(_, path)| Manifest::load(path).ok())
}

/// Removes everything in a cite index directory but its lock and dotfiles, to rebuild it.
pub fn clear(dir: &Path) -> Result<()> {
    if dir_state(dir)? != DirState::Cite {
        bail!(
            "{} is not a cite index; cite will not delete it",
            dir.display()
        );
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == LOCK || name == MARKER {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        }
        .with_context(|| format!("cannot remove {}", path.display()))?;
    }
    Ok(())
}

/// Exclusive right to write an index, held until dropped.
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock of `dir`, waiting for another writer when `wait`, else failing at once.
    pub fn acquire(dir: &Path, wait: bool) -> Result<WriteLock> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create index directory {}", dir.display()))?;
        let path = dir.join(LOCK);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open lock file {}", path.display()))?;
        if wait {
            file.lock()?;
        } else if file.try_lock().is_err() {
            bail!(
                "another `cite index` is writing {} (wait for it, or pass --wait)",
                dir.display()
            );
        }
        Ok(WriteLock { _file: file })
    }
}
