//! Warnings about skipped files: each file is warned about once, and counted on later runs
//! while it stays as it was.

use crate::corpus::{self, SkipReason, Skipped, Stamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// File (in the index directory) of the files warned about, with their stamps.
const WARNED: &str = "skipped.json";

/// What the warnings of one run said.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Warned {
    /// Files skipped for a problem (not for their extension) this run.
    pub problems: usize,
    /// Of those, the files warned about on an earlier run and unchanged since.
    pub again: usize,
}

/// A file warned about, as it was then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    reason: String,
    size: u64,
    mtime_ns: u64,
}

/// Sorts `skipped` and drops repeats (a file under two overlapping roots is one file).
pub fn dedup(skipped: &mut Vec<Skipped>) {
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
}

/// Warns on `err` of each file skipped for a problem, but those warned about before in the
/// index at `dir` and unchanged since; prints nothing when `quiet`. Remembers what it said.
pub fn warn(dir: &Path, skipped: &[Skipped], quiet: bool, err: &mut impl Write) -> Warned {
    let before = load(dir);
    let mut now = BTreeMap::new();
    let mut warned = Warned::default();
    for s in skipped.iter().filter(|s| s.reason != SkipReason::Extension) {
        warned.problems += 1;
        let stamp = Stamp::of(&s.path).unwrap_or(Stamp {
            size: 0,
            mtime_ns: 0,
        });
        let record = Record {
            reason: s.reason.to_string(),
            size: stamp.size,
            mtime_ns: stamp.mtime_ns,
        };
        if before.get(&s.path) == Some(&record) {
            warned.again += 1;
        } else if quiet {
            // Not said, so not remembered as said.
            continue;
        } else {
            let _ = writeln!(
                err,
                "cite: warning: skipped {}: {}",
                corpus::display_path(&s.path),
                s.reason
            );
        }
        now.insert(s.path.clone(), record);
    }
    if warned.again > 0 && !quiet {
        let _ = writeln!(
            err,
            "cite: warning: {} file(s) skipped as on the last run, unchanged since (`cite index --rebuild` names them again)",
            warned.again
        );
    }
    if now != before
        && let Ok(json) = serde_json::to_vec(&now)
    {
        let _ = std::fs::write(dir.join(WARNED), json);
    }
    warned
}

fn load(dir: &Path) -> BTreeMap<PathBuf, Record> {
    std::fs::read(dir.join(WARNED))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// The roots among `roots` that are files cite does not index (not `.txt`/`.md`), with why.
pub fn unindexable_roots(roots: &[PathBuf]) -> Vec<String> {
    roots
        .iter()
        .filter(|r| r.is_file())
        .filter(|r| {
            !r.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| corpus::EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
        })
        .map(|r| {
            format!(
                "{} is not indexed: cite indexes only .txt and .md files",
                r.display()
            )
        })
        .collect()
}
