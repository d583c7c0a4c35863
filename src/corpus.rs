//! Finding the text files of a corpus and reading them safely.

use crate::decode::{self, OffsetMap};
use crate::passages;
use crate::span::Span;
use anyhow::{Context, Result, bail};
use encoding_rs::Encoding;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use walkdir::WalkDir;

/// File extensions that cite indexes (compared case-insensitively).
pub const EXTENSIONS: [&str; 2] = ["txt", "md"];

/// A file found under a root: its absolute path and what a stat says of it.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Absolute path; the file's identity in the index.
    pub path: PathBuf,
    /// Stat of the file when found.
    pub stamp: Stamp,
}

/// Size and modification time: what an unchanged file keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u64,
}

impl Stamp {
    /// The stamp of the file at `path` now.
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        Ok(Stamp::from_metadata(&std::fs::metadata(path)?))
    }

    fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp {
            size: meta.len(),
            mtime_ns,
        }
    }
}

/// Why a file was passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Not a `.txt` or `.md` file.
    Extension,
    /// A NUL byte near the start.
    Binary,
    /// Not valid UTF-8 (the byte offset of the first invalid sequence), when read as UTF-8
    /// in pieces: such a file is then decoded whole by [`read_text_with`].
    NotUtf8(usize),
    /// Could not be read or walked (vanished, permissions, symlink loop...).
    Unreadable(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Extension => write!(f, "not a .txt or .md file"),
            SkipReason::Binary => write!(f, "binary file (NUL byte)"),
            SkipReason::NotUtf8(at) => write!(f, "not valid UTF-8 (first invalid byte at {at})"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
        }
    }
}

/// A file or walk entry that was passed over, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The path passed over.
    pub path: PathBuf,
    /// Why.
    pub reason: SkipReason,
}

/// What a walk of the roots found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Indexable files, each once, sorted by path.
    pub files: Vec<FoundFile>,
    /// Entries passed over.
    pub skipped: Vec<Skipped>,
}

/// The absolute, canonical form of a root given on the command line.
pub fn canonical_root(root: &Path) -> Result<PathBuf> {
    match std::fs::canonicalize(root) {
        Ok(p) => Ok(p),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("{}: no such file or directory", root.display())
        }
        Err(e) => Err(e).with_context(|| format!("{}: cannot open", root.display())),
    }
}

/// Walks `roots` (canonical paths) for `.txt` and `.md` files; symlinks only when `follow_links`.
pub fn discover(roots: &[PathBuf], follow_links: bool) -> Discovery {
    let mut found = Discovery::default();
    for root in roots {
        // In name order, the walk yields the paths sorted: sorting them again is one
        // comparison a file.
        for entry in WalkDir::new(root)
            .follow_links(follow_links)
            .sort_by_file_name()
        {
            match entry {
                Err(e) => found.skipped.push(Skipped {
                    path: e.path().unwrap_or(root).to_path_buf(),
                    reason: SkipReason::Unreadable(walk_error(&e)),
                }),
                Ok(entry) => {
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let path = entry.path().to_path_buf();
                    if !has_text_extension(&path) {
                        found.skipped.push(Skipped {
                            path,
                            reason: SkipReason::Extension,
                        });
                        continue;
                    }
                    match entry.metadata() {
                        Ok(meta) => found.files.push(FoundFile {
                            path,
                            stamp: Stamp::from_metadata(&meta),
                        }),
                        Err(e) => found.skipped.push(Skipped {
                            path,
                            reason: SkipReason::Unreadable(walk_error(&e)),
                        }),
                    }
                }
            }
        }
    }
    found.files.sort_by(|a, b| a.path.cmp(&b.path));
    found.files.dedup_by(|a, b| a.path == b.path);
    found
}

fn walk_error(e: &walkdir::Error) -> String {
    if let Some(ancestor) = e.loop_ancestor() {
        return format!("symlink loop back to {}", ancestor.display());
    }
    e.io_error()
        .map_or_else(|| e.to_string(), std::io::Error::to_string)
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A source file's text as read, with the stamp and hash of exactly those bytes.
pub struct SourceText {
    /// The whole file, decoded (for UTF-8, its bytes).
    pub text: String,
    /// The encoding the file was decoded from.
    pub encoding: &'static Encoding,
    /// From offsets in `text` to byte offsets in the file.
    pub map: OffsetMap,
    /// Size of the file in bytes.
    pub bytes: usize,
    /// Size and modification time at read.
    pub stamp: Stamp,
    /// Content hash of the bytes.
    pub hash: u64,
}

impl SourceText {
    /// The WHATWG name of the encoding of a file that is not valid UTF-8 (`windows-1252`,
    /// `UTF-16LE`, or `UTF-8` for damaged UTF-8); None for valid UTF-8.
    pub fn encoding_label(&self) -> Option<&'static str> {
        (!self.map.is_identity()).then(|| self.encoding.name())
    }

    /// The file's bytes that the span `decoded` of `text` stands for.
    pub fn original(&self, decoded: Span) -> Span {
        self.map.span(decoded)
    }

    /// The offset in `text` of byte `original` of the file, or None when it falls inside a
    /// character.
    pub fn decoded(&self, original: usize) -> Option<usize> {
        self.map
            .decoded(original)
            .filter(|&at| at <= self.text.len() && self.text.is_char_boundary(at))
    }

    /// The file's passages, in order: each as a span of `text` and of the file's bytes.
    pub fn passages(&self) -> Vec<(Span, Span)> {
        passages::split(&self.text)
            .filter_map(|p| {
                let p = Span::new(self.map.floor(p.start), self.map.floor(p.end));
                (!p.is_empty()).then(|| (p, self.original(p)))
            })
            .collect()
    }
}

/// Bytes read at a time when streaming a file; a piece ends at a line break where possible.
pub const CHUNK_BYTES: usize = 8 * 1024 * 1024;

/// A text file read in pieces of about [`CHUNK_BYTES`], hashing as it goes, so that a
/// file of any size is indexed in bounded memory.
pub struct TextChunks {
    /// The file still to read; None when it was read whole before.
    file: Option<std::fs::File>,
    pending: Vec<u8>,
    offset: usize,
    hasher: xxhash_rust::xxh3::Xxh3,
    eof: bool,
}

impl TextChunks {
    /// Opens `path` for reading in pieces.
    pub fn open(path: &Path) -> Result<TextChunks, SkipReason> {
        let file = std::fs::File::open(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
        Ok(TextChunks {
            file: Some(file),
            pending: Vec::new(),
            offset: 0,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            eof: false,
        })
    }

    /// The pieces of `bytes`, a whole file read before.
    pub fn of_bytes(bytes: Vec<u8>) -> TextChunks {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&bytes);
        TextChunks {
            file: None,
            pending: bytes,
            offset: 0,
            hasher,
            eof: true,
        }
    }

    /// The next piece and its byte offset in the file; None at the end. A piece ends after
    /// a line break, else after a space, else at a character boundary.
    pub fn next_piece(&mut self) -> Option<Result<(usize, String), SkipReason>> {
        use std::io::Read;
        while !self.eof && self.pending.len() < CHUNK_BYTES {
            let Some(file) = &mut self.file else {
                self.eof = true;
                break;
            };
            let start = self.pending.len();
            let want = (CHUNK_BYTES - start) as u64;
            match file.take(want).read_to_end(&mut self.pending) {
                Ok(0) => self.eof = true,
                Ok(_) => self.hasher.update(&self.pending[start..]),
                Err(e) => return Some(Err(SkipReason::Unreadable(e.to_string()))),
            }
        }
        if self.pending.is_empty() {
            return None;
        }
        if self.offset == 0 && decode::looks_binary(&self.pending) {
            return Some(Err(SkipReason::Binary));
        }
        let cut = if self.eof {
            self.pending.len()
        } else {
            piece_end(&self.pending)
        };
        let rest = self.pending.split_off(cut);
        let piece = std::mem::replace(&mut self.pending, rest);
        let at = self.offset;
        self.offset += piece.len();
        Some(
            String::from_utf8(piece)
                .map(|text| (at, text))
                .map_err(|e| SkipReason::NotUtf8(at + e.utf8_error().valid_up_to())),
        )
    }

    /// Content hash of the whole file; call after the last piece.
    pub fn hash(&self) -> u64 {
        self.hasher.digest()
    }
}

/// Where to end a piece of `bytes`: after the last blank line (so that no paragraph is cut),
/// else after the last line break, else the last space, else before the last character.
fn piece_end(bytes: &[u8]) -> usize {
    let blank = |gap: &[u8]| {
        bytes
            .windows(gap.len())
            .rposition(|w| w == gap)
            .map(|i| i + gap.len())
    };
    if let Some(end) = blank(b"\n\n").max(blank(b"\n\r\n")) {
        return end;
    }
    if let Some(i) = bytes.iter().rposition(|&b| b == b'\n') {
        return i + 1;
    }
    if let Some(i) = bytes.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return i + 1;
    }
    let len = bytes.len();
    (len.saturating_sub(4)..len)
        .rev()
        .find(|&i| bytes[i] & 0xC0 != 0x80)
        .filter(|&i| i > 0)
        .unwrap_or(len)
}

/// Content hash of the file at `path`, read in pieces.
pub fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hasher.digest()),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Content hash of a file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Reads `path` as text, decoded as [`decode::decode`] says, or says why it cannot be indexed.
pub fn read_text(path: &Path) -> Result<SourceText, SkipReason> {
    read_text_with(path, None)
}

/// Reads `path` as text; a file that is not UTF-8 (nor UTF-16 with a byte-order mark) is
/// decoded as `forced` when given (the encoding it was indexed with), else as detected.
pub fn read_text_with(
    path: &Path,
    forced: Option<&'static Encoding>,
) -> Result<SourceText, SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let stamp = Stamp::of(path).map_err(unreadable)?;
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let hash = hash_bytes(&bytes);
    let size = bytes.len();
    let decoded = decode::decode(bytes, forced).ok_or(SkipReason::Binary)?;
    Ok(SourceText {
        text: decoded.text,
        encoding: decoded.encoding,
        map: decoded.map,
        bytes: size,
        stamp,
        hash,
    })
}

/// How to print `path`: relative to the working directory when under it, else as is.
pub fn display_path(path: &Path) -> String {
    // cite never changes its working directory: asked once, not once a hit.
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok())
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_text_rejects_binary_and_decodes_legacy_text() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("a.txt");
        std::fs::write(&bin, b"abc\0def").unwrap();
        assert_eq!(read_text(&bin).err(), Some(SkipReason::Binary));
        let latin = dir.path().join("b.txt");
        std::fs::write(&latin, b"caf\xe9 cr\xe8me br\xfbl\xe9e").unwrap();
        let source = read_text(&latin).unwrap();
        assert_eq!(source.text, "café crème brûlée");
        assert_eq!(source.encoding_label(), Some("windows-1252"));
        let creme = source.text.find("crème").unwrap();
        assert_eq!(
            source.original(Span::new(creme, creme + "crème".len())),
            Span::new(5, 10)
        );
        let ok = dir.path().join("c.txt");
        std::fs::write(&ok, "\u{feff}héllo\r\n").unwrap();
        assert_eq!(read_text(&ok).unwrap().text, "\u{feff}héllo\r\n");
    }

    #[test]
    fn pieces_end_at_line_breaks_spaces_or_characters() {
        assert_eq!(piece_end(b"ab\ncd ef"), 3);
        assert_eq!(piece_end(b"a\n\nb\nc"), 3);
        assert_eq!(piece_end(b"abc def"), 4);
        assert_eq!(piece_end("abcé".as_bytes()), 3);
        assert_eq!(piece_end(b"abcd"), 3);
        assert_eq!(piece_end(b"a"), 1);
    }

    #[test]
    fn chunks_cover_the_file_and_hash_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let line = "Kabul — “Émir” said.\n".repeat(CHUNK_BYTES / 10);
        std::fs::write(&path, &line).unwrap();
        let mut chunks = TextChunks::open(&path).unwrap();
        let mut joined = String::new();
        while let Some(piece) = chunks.next_piece() {
            let (at, text) = piece.unwrap();
            assert_eq!(at, joined.len());
            joined.push_str(&text);
        }
        assert_eq!(joined, line);
        assert_eq!(chunks.hash(), hash_bytes(line.as_bytes()));
    }

    #[test]
    fn a_file_read_whole_gives_the_pieces_and_hash_of_one_read_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let pieces = |chunks: &mut TextChunks| {
            let mut out = Vec::new();
            while let Some(piece) = chunks.next_piece() {
                let failed = piece.is_err();
                out.push(piece);
                if failed {
                    break;
                }
            }
            (out, chunks.hash())
        };
        let cases: [&[u8]; 5] = [
            "\u{feff}Kabul — “Émir” said.\r\n\r\nNext.".as_bytes(),
            b"",
            b"ok \xff\xfe not UTF-8",
            b"\0\0binary",
            b"one line, no break",
        ];
        for bytes in cases {
            let path = dir.path().join("f.txt");
            std::fs::write(&path, bytes).unwrap();
            let read = pieces(&mut TextChunks::open(&path).unwrap());
            let whole = pieces(&mut TextChunks::of_bytes(bytes.to_vec()));
            assert_eq!(read, whole, "{bytes:?}");
            assert_eq!(whole.1, hash_bytes(bytes));
        }
    }

    #[test]
    fn discover_takes_text_files_once_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in ["a.txt", "sub/b.MD", "c.pdf"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let found = discover(&[root.clone(), root.join("sub")], false);
        let names: Vec<_> = found
            .files
            .iter()
            .map(|f| f.path.strip_prefix(&root).unwrap().to_owned())
            .collect();
        assert_eq!(names, [PathBuf::from("a.txt"), PathBuf::from("sub/b.MD")]);
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.skipped[0].reason, SkipReason::Extension);
    }
}
