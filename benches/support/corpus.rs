//! Deterministic synthetic corpus generator for benchmarks and integration tests.
//!
//! An order-2 word Markov chain is trained on the sentences of a folder of
//! real UTF-8 seed articles (`*.txt`). It then emits English-like sentences,
//! grouped into paragraphs of 1–8 sentences and written as `doc_NNNNN.txt`
//! files (1,000 per subfolder `NNN/`). Because the chain reuses the seeds'
//! tokens verbatim, their typography (curly quotes, em dashes, accented
//! names) survives into the output.
//!
//! Everything is std-only and deterministic: the same seeds and target size
//! always produce byte-identical files. A marker file inside the output
//! directory records the parameters, so a second call with the same inputs
//! returns immediately without touching the files.
//!
//! Include it with `#[path = "../benches/support/corpus.rs"] mod corpus;`.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Name of the marker file written into the output directory.
const MARKER: &str = ".cite-corpus";
/// Bumped whenever the generator's output changes for the same inputs.
const FORMAT: &str = "cite-corpus v1";
/// Fixed PRNG seed: the output depends only on the seeds and the target size.
const RNG_SEED: u64 = 0x00C1_7E00_5EED_2025;
/// Files per subfolder.
const FILES_PER_DIR: usize = 1_000;
/// Mean of the per-file size target; paragraphs overshoot it slightly, so the
/// files average about 11.5 KB.
const MEAN_FILE_TARGET: f64 = 11_150.0;
/// Sentences longer than this many tokens are discarded and redrawn.
const MAX_SENTENCE_TOKENS: usize = 120;
/// Pseudo-token marking the start and the end of a sentence.
const BOUNDARY: u32 = u32::MAX;

/// What [`generate`] produced (or found already generated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusStats {
    /// Number of documents written.
    pub files: usize,
    /// Total size of the documents in bytes (the marker file excluded).
    pub bytes: u64,
}

/// Generates about `target_bytes` of text from the `*.txt` seed articles in
/// `seeds` into `out`, unless `out` already holds a corpus generated from the
/// same seeds and size, in which case its recorded stats are returned as is.
///
/// Files are `out/000/doc_00000.txt`, `out/000/doc_00001.txt`, …,
/// `out/001/doc_01000.txt`, …; the last file is cut short so that the total
/// just reaches `target_bytes` (at least one file is always written).
///
/// `out` is created if missing. A stale or unfinished corpus made by this
/// function is replaced; any other non-empty directory is refused with
/// [`io::ErrorKind::AlreadyExists`] rather than deleted.
pub fn generate(seeds: &Path, out: &Path, target_bytes: u64) -> io::Result<CorpusStats> {
    let texts = read_seeds(seeds)?;
    let params = format!(
        "{FORMAT}\nseeds={:016x}\ntarget_bytes={target_bytes}\n",
        digest(&texts)
    );
    let marker = out.join(MARKER);
    if let Some(stats) = read_marker(&marker, &params) {
        return Ok(stats);
    }
    let chain = Chain::train(texts.iter().map(|(_, text)| text.as_str()));
    if chain.successors[Chain::START as usize].is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("no complete sentences in the seeds in {}", seeds.display()),
        ));
    }
    prepare_out_dir(out)?;
    fs::write(&marker, format!("{params}incomplete\n"))?;
    let stats = write_corpus(&chain, out, target_bytes)?;
    fs::write(
        &marker,
        format!("{params}files={}\nbytes={}\n", stats.files, stats.bytes),
    )?;
    Ok(stats)
}

/// Reads the `*.txt` files of `dir`, sorted by file name.
fn read_seeds(dir: &Path) -> io::Result<Vec<(String, String)>> {
    let mut texts = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "txt") {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            texts.push((name.into_owned(), fs::read_to_string(&path)?));
        }
    }
    if texts.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no *.txt seed files in {}", dir.display()),
        ));
    }
    texts.sort();
    Ok(texts)
}

/// FNV-1a digest of the seed names and contents, recorded in the marker.
fn digest(texts: &[(String, String)]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for (name, text) in texts {
        for byte in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Returns the recorded stats if `marker` describes a finished corpus made
/// with exactly `params`.
fn read_marker(marker: &Path, params: &str) -> Option<CorpusStats> {
    let content = fs::read_to_string(marker).ok()?;
    let rest = content.strip_prefix(params)?;
    let mut files = None;
    let mut bytes = None;
    for line in rest.lines() {
        match line.split_once('=') {
            Some(("files", value)) => files = value.parse().ok(),
            Some(("bytes", value)) => bytes = value.parse().ok(),
            _ => {}
        }
    }
    Some(CorpusStats {
        files: files?,
        bytes: bytes?,
    })
}

/// Makes `out` an empty directory, deleting it first only if it is a corpus
/// this module generated.
fn prepare_out_dir(out: &Path) -> io::Result<()> {
    if out.join(MARKER).is_file() {
        fs::remove_dir_all(out)?;
    } else if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty and is not a generated corpus",
                out.display()
            ),
        ));
    }
    fs::create_dir_all(out)
}

/// Writes documents into `out` until `target_bytes` is reached.
fn write_corpus(chain: &Chain, out: &Path, target_bytes: u64) -> io::Result<CorpusStats> {
    let mut rng = SplitMix64(RNG_SEED);
    let mut stats = CorpusStats { files: 0, bytes: 0 };
    let mut doc = String::with_capacity(32 * 1024);
    while stats.files == 0 || stats.bytes < target_bytes {
        let remaining = target_bytes.saturating_sub(stats.bytes);
        let file_target = (MEAN_FILE_TARGET * (0.3 + 1.4 * rng.unit())) as u64;
        doc.clear();
        chain.document(&mut rng, file_target.min(remaining), &mut doc);
        let path = doc_path(out, stats.files);
        if stats.files.is_multiple_of(FILES_PER_DIR) {
            fs::create_dir_all(path.parent().unwrap_or(out))?;
        }
        fs::write(&path, doc.as_bytes())?;
        stats.files += 1;
        stats.bytes += doc.len() as u64;
    }
    Ok(stats)
}

/// `out/NNN/doc_NNNNN.txt` for document number `index`.
fn doc_path(out: &Path, index: usize) -> PathBuf {
    out.join(format!("{:03}", index / FILES_PER_DIR))
        .join(format!("doc_{index:05}.txt"))
}

/// Order-2 word Markov chain over whitespace-separated tokens.
struct Chain {
    /// Token texts, indexed by token id.
    words: Vec<String>,
    /// For each state, its successors: `(token id or BOUNDARY, next state)`.
    /// A token appears once per occurrence in the seeds, so drawing uniformly
    /// from the list follows the observed frequencies.
    successors: Vec<Vec<(u32, u32)>>,
}

impl Chain {
    /// State id of the sentence start `(BOUNDARY, BOUNDARY)`.
    const START: u32 = 0;

    /// Trains the chain on every sentence found in `texts`.
    fn train<'a>(texts: impl Iterator<Item = &'a str>) -> Self {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut states: HashMap<(u32, u32), u32> = HashMap::from([((BOUNDARY, BOUNDARY), 0)]);
        let mut keys = vec![(BOUNDARY, BOUNDARY)];
        let mut followers: Vec<Vec<u32>> = vec![Vec::new()];
        for sentence in texts.flat_map(sentences) {
            let mut state = Self::START;
            for token in sentence.into_iter().map(Some).chain([None]) {
                let id = token.map_or(BOUNDARY, |token| {
                    *ids.entry(token).or_insert_with(|| {
                        words.push(token.to_owned());
                        (words.len() - 1) as u32
                    })
                });
                followers[state as usize].push(id);
                if id == BOUNDARY {
                    break;
                }
                let key = (keys[state as usize].1, id);
                state = *states.entry(key).or_insert_with(|| {
                    keys.push(key);
                    followers.push(Vec::new());
                    (keys.len() - 1) as u32
                });
            }
        }
        let successors = keys
            .iter()
            .zip(&followers)
            .map(|(&(_, last), next)| {
                next.iter()
                    .map(|&id| (id, states.get(&(last, id)).copied().unwrap_or(BOUNDARY)))
                    .collect()
            })
            .collect();
        Chain { words, successors }
    }

    /// Appends paragraphs to `doc` until it holds at least `target` bytes.
    fn document(&self, rng: &mut SplitMix64, target: u64, doc: &mut String) {
        loop {
            self.paragraph(rng, doc);
            if doc.len() as u64 >= target {
                doc.push('\n');
                return;
            }
            // Mostly blank-line separated paragraphs, sometimes single breaks.
            doc.push_str(if rng.below(4) == 0 { "\n" } else { "\n\n" });
        }
    }

    /// Appends one paragraph of 1–8 sentences: mostly one to three, but 8 %
    /// of paragraphs have six to eight (typically well over 1,000 bytes).
    fn paragraph(&self, rng: &mut SplitMix64, doc: &mut String) {
        let count = match rng.below(100) {
            0..8 => 6 + rng.below(3),
            8..50 => 1,
            50..82 => 2,
            _ => 3,
        };
        for i in 0..count {
            if i > 0 {
                doc.push(' ');
            }
            self.sentence(rng, doc);
        }
    }

    /// Appends one sentence, redrawing any that runs away in a loop.
    fn sentence(&self, rng: &mut SplitMix64, doc: &mut String) {
        let start = doc.len();
        'draw: loop {
            doc.truncate(start);
            let mut state = Self::START;
            for n in 0..MAX_SENTENCE_TOKENS {
                let options = &self.successors[state as usize];
                let (id, next) = options[rng.below(options.len())];
                if id == BOUNDARY {
                    break 'draw;
                }
                if n > 0 {
                    doc.push(' ');
                }
                doc.push_str(&self.words[id as usize]);
                state = next;
            }
        }
    }
}

/// Splits `text` into sentences (lists of tokens). Only lines of eight words
/// or more are used (this skips headlines, bylines and page furniture), and
/// only complete sentences, ending in `.`, `?` or `!` (possibly followed by
/// closing quotes or brackets), are kept.
fn sentences(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.len() < 8 {
            continue;
        }
        let mut current = Vec::new();
        for (i, &token) in tokens.iter().enumerate() {
            current.push(token);
            let next = tokens.get(i + 1);
            if ends_sentence(token) && next.is_none_or(|next| starts_sentence(next)) {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    out
}

/// Whether `token` ends with terminal punctuation.
fn ends_sentence(token: &str) -> bool {
    let trimmed = token.trim_end_matches(['”', '’', '"', '\'', ')', ']']);
    trimmed.ends_with(['.', '?', '!']) && trimmed.chars().count() > 2
}

/// Whether `token` looks like the start of a sentence.
fn starts_sentence(token: &str) -> bool {
    let trimmed = token.trim_start_matches(['“', '‘', '"', '\'', '(', '[']);
    trimmed
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The splitmix64 generator: tiny, fast and good enough for text.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
