//! Building and updating an index from the files under its roots.

use crate::corpus::{self, FoundFile, SkipReason, Skipped, SourceText, Stamp, TextChunks};
use crate::index::{self, CiteIndex, DirState, Payload, Settings, WriteLock};
use crate::manifest::{FileRecord, Manifest, hash_hex};
use crate::passages;
use crate::span::{LineCol, LineTracker, Span};
use anyhow::{Context, Result, bail};
use encoding_rs::Encoding;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tantivy::indexer::{LogMergePolicy, UserOperation};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// How to run `cite index`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Roots given on the command line.
    pub roots: Vec<PathBuf>,
    /// Re-index every file.
    pub rebuild: bool,
    /// Forget roots not given this time.
    pub prune: bool,
    /// Follow symbolic links while walking.
    pub follow_links: bool,
    /// Worker threads for reading and indexing.
    pub threads: usize,
    /// Indexing heap budget, in megabytes.
    pub memory_mb: usize,
    /// Wait for another writer instead of failing.
    pub wait: bool,
    /// Draw a progress bar on stderr (when it is a terminal).
    pub progress: bool,
    /// Decode files that are not UTF-8 as this, instead of their recorded or detected encoding.
    pub encoding: Option<&'static Encoding>,
}

/// What a run of the indexer did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files re-indexed because their content changed.
    pub updated: usize,
    /// Files dropped from the index.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Passages written in this run.
    pub passages_written: u64,
    /// Files indexed in this run that were decoded from an encoding other than UTF-8.
    pub decoded: usize,
    /// Files in the index afterwards.
    pub files: usize,
    /// Passages in the index afterwards.
    pub passages: u64,
    /// Entries passed over.
    pub skipped: Vec<Skipped>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Stopped by Ctrl-C after committing the files done so far.
    pub interrupted: bool,
}

/// What to do with one found file.
enum Task {
    /// Not in the index: add it.
    Add(FoundFile),
    /// In the index with another stamp: re-index if its hash changed.
    Check(FoundFile, FileRecord),
}

/// The outcome of one task.
enum Outcome {
    Indexed {
        path: PathBuf,
        record: FileRecord,
        was_indexed: bool,
    },
    Unchanged {
        path: PathBuf,
        record: FileRecord,
    },
    Skipped {
        skipped: Skipped,
        was_indexed: bool,
    },
}

/// Brings the index in `dir` up to date with its roots, and commits.
pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    let started = Instant::now();
    if index::dir_state(dir)? == DirState::Foreign {
        bail!(
            "{} is not empty and is not a cite index; cite will not write there (choose another --index)",
            dir.display()
        );
    }
    let _lock = WriteLock::acquire(dir, opts.wait)?;
    let (cite, mut old) = open_for_update(dir, opts.rebuild)?;
    if opts.rebuild {
        // Only its roots matter: 20 MB for 100,000 files.
        old.files.clear();
    }
    let previous = &old;

    let mut roots: Vec<PathBuf> = opts
        .roots
        .iter()
        .map(|r| corpus::canonical_root(r))
        .collect::<Result<_>>()?;
    if !opts.prune {
        roots.extend(old.roots.iter().cloned());
    }
    roots.sort();
    roots.dedup();

    let found = corpus::discover(&roots, opts.follow_links);
    let mut report = Report {
        skipped: found.skipped,
        ..Report::default()
    };

    // Paths are looked up by hash and the manifest is built from the sorted files in one
    // pass: a B-tree compares paths component by component, slowly, and a re-index of
    // 10,000 files spent a third of its time doing so.
    let known: HashMap<&Path, &FileRecord> = previous
        .files
        .iter()
        .map(|(path, rec)| (path.as_path(), rec))
        .collect();
    let found_paths: HashSet<&Path> = found.files.iter().map(|f| f.path.as_path()).collect();
    let gone: Vec<PathBuf> = previous
        .files
        .keys()
        .filter(|p| !found_paths.contains(p.as_path()))
        .cloned()
        .collect();
    drop(found_paths);
    let mut tasks = Vec::new();
    let mut kept = Vec::with_capacity(found.files.len());
    for file in found.files {
        match known.get(file.path.as_path()) {
            Some(&rec) if rec.stamp() == file.stamp && keeps_encoding(rec, opts.encoding) => {
                kept.push((file.path, rec.clone()));
                report.unchanged += 1;
            }
            Some(&rec) => {
                kept.push((file.path.clone(), rec.clone()));
                tasks.push(Task::Check(file, rec.clone()));
            }
            None => tasks.push(Task::Add(file)),
        }
    }
    let mut manifest = Manifest {
        roots,
        files: kept.into_iter().collect(),
    };

    let (threads, memory) = writer_size(opts, &tasks);
    let mut writer: IndexWriter = cite
        .index
        .writer_with_num_threads(threads, memory)
        .context("cannot start the index writer")?;
    writer.set_merge_policy(Box::new(merge_policy()));
    if opts.rebuild {
        writer.delete_all_documents()?;
    }
    for path in &gone {
        writer.delete_term(source_term(&cite, path));
        report.removed += 1;
    }

    let bar = progress_bar(opts.progress, tasks.len());
    let chunks = chunks_by_size(tasks);
    let last = chunks.len().saturating_sub(1);
    for (i, chunk) in chunks.into_iter().enumerate() {
        for outcome in index_files(&cite, &writer, &chunk, opts, &bar)? {
            report.record(outcome, &mut manifest);
        }
        if interrupted() {
            bar.finish_and_clear();
            commit(&cite, &mut writer, &manifest)?;
            report.interrupted = true;
            return Ok(report.finish(&manifest, started));
        }
        if i < last && !opts.rebuild {
            commit(&cite, &mut writer, &manifest)?;
        }
    }
    bar.finish_and_clear();

    if opts.rebuild || manifest != old {
        commit(&cite, &mut writer, &manifest)?;
    }
    writer
        .wait_merging_threads()
        .context("index merge failed")?;
    Ok(report.finish(&manifest, started))
}

impl Report {
    /// Counts one file's outcome and records it in `manifest`.
    fn record(&mut self, outcome: Outcome, manifest: &mut Manifest) {
        match outcome {
            Outcome::Indexed {
                path,
                record,
                was_indexed,
            } => {
                self.passages_written += record.passages;
                self.decoded += usize::from(record.encoding.is_some());
                if was_indexed {
                    self.updated += 1
                } else {
                    self.added += 1
                }
                manifest.files.insert(path, record);
            }
            Outcome::Unchanged { path, record } => {
                self.unchanged += 1;
                manifest.files.insert(path, record);
            }
            Outcome::Skipped {
                skipped,
                was_indexed,
            } => {
                if was_indexed {
                    self.removed += 1;
                    manifest.files.remove(&skipped.path);
                }
                self.skipped.push(skipped);
            }
        }
    }

    /// The report with the index totals of `manifest` and the elapsed time.
    fn finish(mut self, manifest: &Manifest, started: Instant) -> Report {
        self.files = manifest.files.len();
        self.passages = manifest.files.values().map(|r| r.passages).sum();
        self.elapsed = started.elapsed();
        self
    }
}

/// Below this many bytes to index, one indexing thread with the smallest memory budget:
/// each thread writes a segment of its own (six files, each registered with an fsync), and
/// sets up hash tables sized by its budget.
const SMALL_RUN_BYTES: u64 = 4 * 1024 * 1024;
/// The least memory tantivy accepts per indexing thread.
const MIN_THREAD_MEMORY_MB: usize = 15;

/// Indexing threads and memory budget (bytes) for `tasks`: as `opts` says, but one thread
/// and the least memory for a few small files.
fn writer_size(opts: &Options, tasks: &[Task]) -> (usize, usize) {
    let bytes: u64 = tasks
        .iter()
        .map(|task| match task {
            Task::Add(f) | Task::Check(f, _) => f.stamp.size,
        })
        .sum();
    let threads = if bytes < SMALL_RUN_BYTES {
        1
    } else {
        opts.threads.max(1)
    };
    let memory_mb = if bytes < SMALL_RUN_BYTES {
        MIN_THREAD_MEMORY_MB
    } else {
        opts.memory_mb.max(MIN_THREAD_MEMORY_MB * threads)
    };
    (threads, memory_mb * 1024 * 1024)
}

/// Segments of more passages than this are never merged. Merging maps the segments it
/// reads, whose pages count in the process's memory: on 1.2 GB of text, merges took the
/// peak RSS to 715 MB (462 MB of it mapped files) and cost throughput per byte. A full
/// index writes segments of 100,000 passages or more (64 MB of indexing memory a thread),
/// so only the small segments of incremental runs are merged, eight at a time.
const MAX_PASSAGES_MERGED: usize = 50_000;

/// The merge policy: tantivy's own, but merging only small segments.
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_PASSAGES_MERGED);
    policy
}

/// Bytes of files indexed between two commits, so that a killed run keeps its progress.
const COMMIT_EVERY_BYTES: u64 = 64 * 1024 * 1024;

/// Splits `tasks` into runs of about [`COMMIT_EVERY_BYTES`] of file content.
fn chunks_by_size(tasks: Vec<Task>) -> Vec<Vec<Task>> {
    let mut chunks = vec![Vec::new()];
    let mut bytes = 0;
    for task in tasks {
        let size = match &task {
            Task::Add(f) | Task::Check(f, _) => f.stamp.size,
        };
        if bytes > 0 && bytes + size > COMMIT_EVERY_BYTES {
            chunks.push(Vec::new());
            bytes = 0;
        }
        bytes += size;
        chunks.last_mut().expect("one chunk at least").push(task);
    }
    chunks
}

/// Set by Ctrl-C: workers finish their current file and the run commits what it did.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C stop indexing cleanly; a second Ctrl-C exits at once.
pub fn handle_interrupts() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Opens the index and its manifest for an update; creates it when missing, or when
/// unusable and `rebuild` is asked (keeping the roots it recorded).
fn open_for_update(dir: &Path, rebuild: bool) -> Result<(CiteIndex, Manifest)> {
    if CiteIndex::exists(dir) {
        let opened = CiteIndex::open(dir).and_then(|cite| {
            cite.check()?;
            Ok((cite.manifest()?, cite))
        });
        match opened {
            Ok((manifest, cite)) => return Ok((cite, manifest)),
            Err(e) if !rebuild => return Err(e),
            Err(_) => {}
        }
    } else if !rebuild && index::has_committed(dir) {
        return Err(index::damaged(dir, "meta.json is missing"));
    }
    let roots = index::recorded_roots(dir);
    if index::dir_state(dir)? == DirState::Cite {
        index::clear(dir)?;
    }
    let manifest = Manifest {
        roots,
        files: Default::default(),
    };
    Ok((CiteIndex::create(dir)?, manifest))
}

/// True when `forced` (an `--encoding`) leaves the file recorded as `rec` as it was indexed.
fn keeps_encoding(rec: &FileRecord, forced: Option<&'static Encoding>) -> bool {
    match (forced, &rec.encoding) {
        (Some(forced), Some(recorded)) => forced.name() == recorded,
        _ => true,
    }
}

/// Reads, splits and adds the files of `tasks` on `opts.threads` workers.
fn index_files(
    cite: &CiteIndex,
    writer: &IndexWriter,
    tasks: &[Task],
    opts: &Options,
    bar: &ProgressBar,
) -> Result<Vec<Outcome>> {
    let threads = opts.threads;
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::with_capacity(tasks.len()));
    let first_error = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                while !interrupted() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(i) else { break };
                    match index_one(cite, writer, task, opts.encoding) {
                        Ok(outcome) => outcomes.lock().expect("no panics").push(outcome),
                        Err(e) => {
                            first_error.lock().expect("no panics").get_or_insert(e);
                            next.store(tasks.len(), Ordering::Relaxed);
                            break;
                        }
                    }
                    bar.inc(1);
                }
            });
        }
    });
    if let Some(e) = first_error.into_inner().expect("no panics") {
        return Err(e);
    }
    Ok(outcomes.into_inner().expect("no panics"))
}

fn progress_bar(enabled: bool, len: usize) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} indexing {pos}/{len} files [{bar:30}] {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// Indexes one file, or says why it was left alone; a file that is not UTF-8 is decoded as
/// `forced`, else as recorded, else as detected.
fn index_one(
    cite: &CiteIndex,
    writer: &IndexWriter,
    task: &Task,
    forced: Option<&'static Encoding>,
) -> Result<Outcome> {
    let (file, old) = match task {
        Task::Add(f) => (f, None),
        Task::Check(f, old) => (f, Some(old)),
    };
    let was_indexed = old.is_some();
    let skip = |reason| {
        if was_indexed {
            writer.delete_term(source_term(cite, &file.path));
        }
        Outcome::Skipped {
            skipped: Skipped {
                path: file.path.clone(),
                reason,
            },
            was_indexed,
        }
    };
    let Some(path_str) = file.path.to_str() else {
        return Ok(skip(SkipReason::Unreadable(
            "path is not valid UTF-8".into(),
        )));
    };
    let stamp = match Stamp::of(&file.path) {
        Ok(stamp) => stamp,
        Err(e) => return Ok(skip(SkipReason::Unreadable(e.to_string()))),
    };
    let record = |hash, passages, encoding: Option<&str>| FileRecord {
        size: stamp.size,
        mtime_ns: stamp.mtime_ns,
        hash: hash_hex(hash),
        passages,
        indexed_at: now_secs(),
        encoding: encoding.map(str::to_string),
    };
    let (hash, whole) = match read_for_hash(&file.path, stamp) {
        Ok(read) => read,
        Err(e) => return Ok(skip(SkipReason::Unreadable(e.to_string()))),
    };
    if let Some(old) = old.filter(|old| old.hash == hash_hex(hash) && keeps_encoding(old, forced)) {
        return Ok(Outcome::Unchanged {
            path: file.path.clone(),
            record: record(hash, old.passages, old.encoding.as_deref()),
        });
    }
    if was_indexed {
        writer.delete_term(source_term(cite, &file.path));
    }
    let forced = forced.or_else(|| old.and_then(FileRecord::decoding));
    let file_ref = FileRef {
        path: &file.path,
        path_str,
        stamp,
        hash,
    };
    match add_passages(cite, writer, &file_ref, whole, forced)? {
        Ok((passages, encoding)) => Ok(Outcome::Indexed {
            path: file.path.clone(),
            record: record(hash, passages, encoding),
            was_indexed,
        }),
        Err(reason) => {
            writer.delete_term(source_term(cite, &file.path));
            Ok(Outcome::Skipped {
                skipped: Skipped {
                    path: file.path.clone(),
                    reason,
                },
                was_indexed,
            })
        }
    }
}

/// The content hash of the file at `path`, whose stamp was `stamp`, and its pieces when it
/// is at most one piece long ([`corpus::CHUNK_BYTES`]), so that it is read and hashed only
/// once; a longer file is read again, in pieces, to be indexed.
fn read_for_hash(path: &Path, stamp: Stamp) -> std::io::Result<(u64, Option<TextChunks>)> {
    if stamp.size > corpus::CHUNK_BYTES as u64 {
        return Ok((corpus::hash_file(path)?, None));
    }
    let chunks = TextChunks::of_bytes(std::fs::read(path)?);
    Ok((chunks.hash(), Some(chunks)))
}

/// The file being indexed: its path (as the index keys it) and what was read of it.
struct FileRef<'a> {
    path: &'a Path,
    path_str: &'a str,
    stamp: Stamp,
    hash: u64,
}

/// One passage document.
struct PassageDoc<'a> {
    number: u64,
    span: Span,
    at: LineCol,
    text: &'a str,
    encoding: Option<&'a str>,
}

/// Passages sent to the indexing threads at once. One document at a time, each send woke
/// an indexing thread: on Brown ×20 the channel and the kernel's scheduling took about 5%
/// of the CPU. tantivy's channel holds 10,000 batches, which the reading threads keep
/// full, so this bounds the documents waiting in memory: peak RSS at 1.2 GB of text was
/// 216 MiB one at a time, 258 MiB two at a time, 275 MiB four at a time.
const BATCH_DOCS: usize = 2;

/// Passage documents of one file waiting to be sent to the index writer together.
#[derive(Default)]
struct Batch {
    ops: Vec<UserOperation<TantivyDocument>>,
}

impl Batch {
    /// Adds `doc`, sending the batch when it is full.
    fn push(&mut self, writer: &IndexWriter, doc: TantivyDocument) -> Result<()> {
        self.ops.push(UserOperation::Add(doc));
        if self.ops.len() >= BATCH_DOCS {
            self.send(writer)?;
        }
        Ok(())
    }

    /// Sends the documents held to the index writer.
    fn send(&mut self, writer: &IndexWriter) -> Result<()> {
        if !self.ops.is_empty() {
            writer
                .run(self.ops.drain(..))
                .context("cannot add a passage to the index")?;
        }
        Ok(())
    }
}

impl FileRef<'_> {
    /// Adds `passage` of this file to `batch`.
    fn add(
        &self,
        cite: &CiteIndex,
        writer: &IndexWriter,
        batch: &mut Batch,
        passage: PassageDoc,
    ) -> Result<()> {
        let f = &cite.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.source, self.path_str);
        doc.add_u64(f.passage, passage.number);
        doc.add_u64(f.byte_start, passage.span.start as u64);
        doc.add_u64(f.byte_end, passage.span.end as u64);
        doc.add_u64(f.line, passage.at.line as u64);
        doc.add_u64(f.column, passage.at.column as u64);
        doc.add_text(f.text, passage.text);
        doc.add_u64(f.file_hash, self.hash);
        doc.add_u64(
            f.check,
            crate::columns::check_value(self.stamp, passage.text),
        );
        if let Some(encoding) = passage.encoding {
            doc.add_text(f.encoding, encoding);
        }
        batch.push(writer, doc)
    }
}

/// Adds one document per passage of `file`, read in pieces as UTF-8 (from `whole`, its
/// pieces when it was read before, else from the file), or whole and decoded
/// (as `forced`, else as detected) when it is not UTF-8; returns the passage count and the
/// encoding of a file that is not UTF-8, or why the file cannot be indexed (its documents
/// added so far must then be deleted).
fn add_passages(
    cite: &CiteIndex,
    writer: &IndexWriter,
    file: &FileRef,
    whole: Option<TextChunks>,
    forced: Option<&'static Encoding>,
) -> Result<Result<(u64, Option<&'static str>), SkipReason>> {
    let mut chunks = match whole {
        Some(chunks) => chunks,
        None => match TextChunks::open(file.path) {
            Ok(chunks) => chunks,
            Err(reason) => return Ok(Err(reason)),
        },
    };
    let mut count = 0;
    let mut at = LineCol { line: 1, column: 1 };
    let mut batch = Batch::default();
    while let Some(piece) = chunks.next_piece() {
        let (base, text) = match piece {
            Ok(piece) => piece,
            Err(SkipReason::NotUtf8(_)) => {
                // The passages not sent yet are dropped: the file is read again, decoded.
                drop(batch);
                writer.delete_term(source_term(cite, file.path));
                return add_decoded(cite, writer, file, forced);
            }
            Err(reason) => return Ok(Err(reason)),
        };
        let mut lines = LineTracker::starting_at(&text, at);
        for span in passages::split(&text) {
            let passage = PassageDoc {
                number: count,
                span: span.shift(base),
                at: lines.at(span.start),
                text: &text[span.range()],
                encoding: None,
            };
            file.add(cite, writer, &mut batch, passage)?;
            count += 1;
        }
        at = lines.at(text.len());
    }
    if chunks.hash() != file.hash || Stamp::of(file.path).ok() != Some(file.stamp) {
        return Ok(Err(changed_while_read()));
    }
    batch.send(writer)?;
    Ok(Ok((count, None)))
}

/// Adds the passages of a file that is not UTF-8, read whole and decoded.
fn add_decoded(
    cite: &CiteIndex,
    writer: &IndexWriter,
    file: &FileRef,
    forced: Option<&'static Encoding>,
) -> Result<Result<(u64, Option<&'static str>), SkipReason>> {
    let source: SourceText = match corpus::read_text_with(file.path, forced) {
        Ok(source) => source,
        Err(reason) => return Ok(Err(reason)),
    };
    if source.hash != file.hash {
        return Ok(Err(changed_while_read()));
    }
    let encoding = source.encoding_label();
    let mut lines = LineTracker::new(&source.text);
    let mut count = 0;
    let mut batch = Batch::default();
    for (decoded, original) in source.passages() {
        let passage = PassageDoc {
            number: count,
            span: original,
            at: lines.at(decoded.start),
            text: &source.text[decoded.range()],
            encoding,
        };
        file.add(cite, writer, &mut batch, passage)?;
        count += 1;
    }
    batch.send(writer)?;
    Ok(Ok((count, encoding)))
}

fn changed_while_read() -> SkipReason {
    SkipReason::Unreadable("changed while being read; run `cite index` again".into())
}

fn source_term(cite: &CiteIndex, path: &Path) -> Term {
    Term::from_field_text(cite.fields.source, &path.to_string_lossy())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Commits the writer's work with `manifest`, atomically: before the commit lands,
/// readers keep seeing the previous commit and its manifest.
fn commit(cite: &CiteIndex, writer: &mut IndexWriter, manifest: &Manifest) -> Result<()> {
    let mut prepared = writer
        .prepare_commit()
        .context("cannot prepare the index commit")?;
    let name = format!("manifest-{}.json", prepared.opstamp());
    manifest.save(&cite.dir.join(&name))?;
    let payload = Payload {
        settings: Settings::current(),
        manifest: name.clone(),
        roots: manifest.roots.clone(),
    };
    prepared.set_payload(&serde_json::to_string(&payload)?);
    prepared.commit().context("cannot commit the index")?;
    for entry in std::fs::read_dir(&cite.dir)? {
        let entry_name = entry?.file_name();
        let entry_name = entry_name.to_string_lossy();
        if entry_name.starts_with("manifest-") && entry_name != name {
            let _ = std::fs::remove_file(cite.dir.join(entry_name.as_ref()));
        }
    }
    Ok(())
}
