//! Building and updating an index from the files under its roots.

use crate::corpus::{self, FoundFile, SkipReason, Skipped, SourceText};
use crate::index::{self, CiteIndex, DirState, Payload, Settings, WriteLock};
use crate::manifest::{FileRecord, Manifest, hash_hex};
use crate::passages;
use crate::span::LineTracker;
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
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
    /// Files in the index afterwards.
    pub files: usize,
    /// Passages in the index afterwards.
    pub passages: u64,
    /// Entries passed over.
    pub skipped: Vec<Skipped>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// What to do with one found file.
enum Task {
    /// Not in the index: add it.
    Add(FoundFile),
    /// In the index with another stamp: re-index if its hash changed.
    Check(FoundFile, String),
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
    let (cite, old) = open_for_update(dir, opts.rebuild)?;
    let previous = if opts.rebuild {
        Manifest::default()
    } else {
        old.clone()
    };

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
    let mut manifest = Manifest {
        roots,
        files: Default::default(),
    };

    let mut tasks = Vec::new();
    let mut found_paths = std::collections::HashSet::new();
    for file in found.files {
        found_paths.insert(file.path.clone());
        match previous.files.get(&file.path) {
            Some(rec) if rec.stamp() == file.stamp => {
                manifest.files.insert(file.path, rec.clone());
                report.unchanged += 1;
            }
            Some(rec) => tasks.push(Task::Check(file, rec.hash.clone())),
            None => tasks.push(Task::Add(file)),
        }
    }

    let memory = opts.memory_mb.max(15 * opts.threads) * 1024 * 1024;
    let mut writer: IndexWriter = cite
        .index
        .writer_with_num_threads(opts.threads, memory)
        .context("cannot start the index writer")?;
    if opts.rebuild {
        writer.delete_all_documents()?;
    }
    for path in previous.files.keys().filter(|p| !found_paths.contains(*p)) {
        writer.delete_term(source_term(&cite, path));
        report.removed += 1;
    }

    let outcomes = index_files(&cite, &writer, tasks, opts)?;
    for outcome in outcomes {
        match outcome {
            Outcome::Indexed {
                path,
                record,
                was_indexed,
            } => {
                report.passages_written += record.passages;
                if was_indexed {
                    report.updated += 1
                } else {
                    report.added += 1
                }
                manifest.files.insert(path, record);
            }
            Outcome::Unchanged { path, record } => {
                report.unchanged += 1;
                manifest.files.insert(path, record);
            }
            Outcome::Skipped {
                skipped,
                was_indexed,
            } => {
                if was_indexed {
                    report.removed += 1;
                }
                report.skipped.push(skipped);
            }
        }
    }

    if opts.rebuild || manifest != old {
        commit(&cite, &mut writer, &manifest)?;
    }
    writer
        .wait_merging_threads()
        .context("index merge failed")?;
    report.files = manifest.files.len();
    report.passages = manifest.files.values().map(|r| r.passages).sum();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Opens the index and its manifest for an update; creates it when missing, or when
/// unusable and `rebuild` is asked.
fn open_for_update(dir: &Path, rebuild: bool) -> Result<(CiteIndex, Manifest)> {
    if CiteIndex::exists(dir) {
        match CiteIndex::open(dir).and_then(|c| Ok((c.manifest()?, c))) {
            Ok((manifest, cite)) => return Ok((cite, manifest)),
            Err(e) if !rebuild => return Err(e),
            Err(_) => {}
        }
    }
    if index::dir_state(dir)? == DirState::Cite {
        index::clear(dir)?;
    }
    Ok((CiteIndex::create(dir)?, Manifest::default()))
}

/// Reads, splits and adds the files of `tasks` on `opts.threads` workers.
fn index_files(
    cite: &CiteIndex,
    writer: &IndexWriter,
    tasks: Vec<Task>,
    opts: &Options,
) -> Result<Vec<Outcome>> {
    let bar = progress_bar(opts.progress, tasks.len());
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::with_capacity(tasks.len()));
    let first_error = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..opts.threads.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(i) else { break };
                    match index_one(cite, writer, task) {
                        Ok(outcome) => outcomes.lock().unwrap().push(outcome),
                        Err(e) => {
                            first_error.lock().unwrap().get_or_insert(e);
                            next.store(tasks.len(), Ordering::Relaxed);
                            break;
                        }
                    }
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    if let Some(e) = first_error.into_inner().unwrap() {
        return Err(e);
    }
    Ok(outcomes.into_inner().unwrap())
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

/// Indexes one file, or says why it was left alone.
fn index_one(cite: &CiteIndex, writer: &IndexWriter, task: &Task) -> Result<Outcome> {
    let (file, old_hash) = match task {
        Task::Add(f) => (f, None),
        Task::Check(f, h) => (f, Some(h.as_str())),
    };
    let was_indexed = old_hash.is_some();
    let skip = |reason| Outcome::Skipped {
        skipped: Skipped {
            path: file.path.clone(),
            reason,
        },
        was_indexed,
    };
    let Some(path_str) = file.path.to_str() else {
        return Ok(skip(SkipReason::Unreadable(
            "path is not valid UTF-8".into(),
        )));
    };
    let source = match corpus::read_text(&file.path) {
        Ok(source) => source,
        Err(reason) => {
            if was_indexed {
                writer.delete_term(source_term(cite, &file.path));
            }
            return Ok(skip(reason));
        }
    };
    let hash = hash_hex(source.hash);
    let mut record = FileRecord {
        size: source.stamp.size,
        mtime_ns: source.stamp.mtime_ns,
        hash,
        passages: 0,
        indexed_at: now_secs(),
    };
    if old_hash == Some(record.hash.as_str()) {
        return Ok(Outcome::Unchanged {
            path: file.path.clone(),
            record,
        });
    }
    if was_indexed {
        writer.delete_term(source_term(cite, &file.path));
    }
    record.passages = add_passages(cite, writer, path_str, &source)?;
    Ok(Outcome::Indexed {
        path: file.path.clone(),
        record,
        was_indexed,
    })
}

/// Adds one document per passage of `source`; returns how many.
fn add_passages(
    cite: &CiteIndex,
    writer: &IndexWriter,
    path: &str,
    source: &SourceText,
) -> Result<u64> {
    let f = &cite.fields;
    let mut lines = LineTracker::new(&source.text);
    let mut count = 0;
    for span in passages::split(&source.text) {
        let at = lines.at(span.start);
        let text = &source.text[span.range()];
        let mut doc = TantivyDocument::default();
        doc.add_text(f.source, path);
        doc.add_u64(f.passage, count);
        doc.add_u64(f.byte_start, span.start as u64);
        doc.add_u64(f.byte_end, span.end as u64);
        doc.add_u64(f.line, at.line as u64);
        doc.add_u64(f.column, at.column as u64);
        doc.add_text(f.text, text);
        doc.add_text(f.exact, text);
        doc.add_u64(f.file_size, source.stamp.size);
        doc.add_u64(f.file_mtime, source.stamp.mtime_ns);
        doc.add_u64(f.file_hash, source.hash);
        writer
            .add_document(doc)
            .context("cannot add a passage to the index")?;
        count += 1;
    }
    Ok(count)
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
