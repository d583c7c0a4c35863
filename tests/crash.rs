//! `cite index` interrupted or raced, through the real binary: killed at any moment,
//! stopped by Ctrl-C, run twice at once, read while it runs, and files vanishing under it;
//! and index directories that are damaged or not cite's. The last commit always stays
//! usable, the next run finishes the work, and cite touches no directory it did not make.

mod common;
#[path = "../benches/support/corpus.rs"]
mod corpus;

use common::{TempCorpus, assert_span, cite, hits, json_in, root, write_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// Longest any `cite` run may take here before it counts as a hang.
const PATIENCE: Duration = Duration::from_secs(120);

/// Generated text added to a corpus after its first index: enough for `cite index` to
/// take a second or two in a debug build.
const GENERATED_BYTES: u64 = 4_000_000;

/// Queries whose totals tell two indexes apart.
const QUERIES: [&str; 4] = [
    "Taliban",
    "\"humanitarian aid\"",
    "Kabul OR Doha",
    "recogni*",
];

/// What an index answers: its files and passages (per `cite sources`), and the totals of
/// [`QUERIES`].
#[derive(Debug, PartialEq, Eq)]
struct State {
    files: usize,
    passages: u64,
    totals: Vec<u64>,
}

/// The state of `index`, checking on the way that every command answers with JSON and that
/// the hits hold (the file of a stale hit may be gone, so only fresh hits are checked).
fn state(index: &Path) -> State {
    let (sources, code) = json_in(index, &["sources", "--json"]);
    assert!(code == 0 || code == 1, "sources: exit {code}");
    let sources = sources["sources"].as_array().unwrap();
    let totals = QUERIES
        .iter()
        .map(|q| {
            let (doc, code) = json_in(index, &["query", q, "--limit", "5", "--json"]);
            assert!(code == 0 || code == 1, "{q}: exit {code}");
            for hit in hits(&doc).iter().filter(|h| h["stale"] == false) {
                assert_span(hit);
            }
            doc["total"].as_u64().unwrap()
        })
        .collect();
    State {
        files: sources.len(),
        passages: sources
            .iter()
            .map(|s| s["passages"].as_u64().unwrap())
            .sum(),
        totals,
    }
}

/// A corpus of the seed articles, indexed (the last commit), to which [`GENERATED_BYTES`]
/// of new files were added since in `docs/gen`: `cite index` has work to do.
fn pending_corpus() -> TempCorpus {
    let seeds: Vec<(String, String)> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    let corpus = TempCorpus::new(&seeds);
    corpus::generate(
        &root().join("seeds"),
        &corpus.docs.join("gen"),
        GENERATED_BYTES,
    )
    .unwrap();
    corpus
}

/// The state of a pending corpus indexed in one uninterrupted run, computed once.
fn finished() -> &'static State {
    static FINISHED: OnceLock<State> = OnceLock::new();
    FINISHED.get_or_init(|| {
        let corpus = pending_corpus();
        assert_eq!(index_code(&corpus.index, &[]), Some(0));
        state(&corpus.index)
    })
}

/// Runs `cite index ARGS` on `index` to the end; its exit code.
fn index_code(index: &Path, args: &[&str]) -> Option<i32> {
    let out = cite(index)
        .arg("index")
        .args(args)
        .timeout(PATIENCE)
        .output()
        .unwrap();
    out.status.code()
}

/// Starts `cite index ARGS` on `index` in the background.
fn spawn_index(index: &Path, args: &[&str]) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("cite"))
        .current_dir(root())
        .env_remove("CITE_INDEX")
        .arg("--index")
        .arg(index)
        .arg("index")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `child` has read a quarter of [`GENERATED_BYTES`] (`rchar` in
/// `/proc/PID/io`, all its threads): it is indexing the generated files, so its lock is
/// taken and its Ctrl-C handler set, and most of them are still to read. (A file it holds
/// open was too brief a sign to poll for: each file is read whole at once.)
#[cfg(target_os = "linux")]
fn wait_until_reading(child: &mut Child) {
    let io = PathBuf::from(format!("/proc/{}/io", child.id()));
    let read = || {
        let text = std::fs::read_to_string(&io).ok()?;
        text.lines()
            .find_map(|line| line.strip_prefix("rchar:"))
            .and_then(|n| n.trim().parse::<u64>().ok())
    };
    for _ in 0..PATIENCE.as_millis() / 2 {
        if read().is_some_and(|bytes| bytes >= GENERATED_BYTES / 4) {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "cite index ended first"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("cite index never read the generated files");
}

/// The exit code of a finished child, and its stderr.
#[cfg(target_os = "linux")]
fn finish(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn killing_index_at_any_moment_keeps_the_last_commit_and_the_next_run_finishes() {
    for delay in [50, 300, 800] {
        let corpus = pending_corpus();
        let before = state(&corpus.index);
        let mut child = spawn_index(&corpus.index, &[]);
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap();
        child.wait().unwrap();

        let after_kill = state(&corpus.index);
        assert!(
            after_kill == before || after_kill == *finished(),
            "killed after {delay} ms: {after_kill:?} is neither the last commit nor the end"
        );
        assert_eq!(index_code(&corpus.index, &[]), Some(0), "after {delay} ms");
        assert_eq!(state(&corpus.index), *finished(), "after {delay} ms");
    }
}

#[test]
fn killing_the_first_index_leaves_a_directory_the_next_run_can_use() {
    let corpus = pending_corpus();
    let fresh = corpus.dir.path().join("fresh-index");
    let docs = corpus.docs.to_str().unwrap();
    let mut child = spawn_index(&fresh, &[docs]);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(index_code(&fresh, &[docs]), Some(0));
    assert_eq!(state(&fresh), *finished());
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_commits_the_files_done_exits_130_and_the_next_run_finishes() {
    let corpus = pending_corpus();
    let before = state(&corpus.index);
    let mut child = spawn_index(&corpus.index, &[]);
    wait_until_reading(&mut child);
    // SAFETY: kill(2) on the id of a child we have not reaped.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let (code, stderr) = finish(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");

    let interrupted = state(&corpus.index);
    assert!(
        before.files < interrupted.files && interrupted.files < finished().files,
        "the files done, and only them, are committed: {interrupted:?}"
    );
    assert_eq!(index_code(&corpus.index, &[]), Some(0));
    assert_eq!(state(&corpus.index), *finished());
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_writer_fails_at_once_or_waits_and_readers_see_the_last_commit() {
    let corpus = pending_corpus();
    let before = state(&corpus.index);
    let mut first = spawn_index(&corpus.index, &[]);
    wait_until_reading(&mut first);

    let second = cite(&corpus.index)
        .arg("index")
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    let stderr = String::from_utf8(second.stderr).unwrap();
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let index = corpus.index.to_str().unwrap();
    assert!(
        stderr.contains(index) && stderr.contains("--wait"),
        "{stderr}"
    );

    let during = state(&corpus.index);
    if first.try_wait().unwrap().is_none() {
        assert_eq!(during, before, "readers see the last commit");
    }
    let waiter = cite(&corpus.index)
        .args(["index", "--wait"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(waiter.status.code(), Some(0));
    let summary = String::from_utf8(waiter.stdout).unwrap();
    assert!(
        summary.contains(" 0 added"),
        "it waited for the first: {summary}"
    );
    assert_eq!(finish(first).0, Some(0));
    assert_eq!(state(&corpus.index), *finished());
}

#[cfg(target_os = "linux")]
#[test]
fn files_vanishing_mid_run_are_skipped_and_the_next_run_drops_them() {
    let corpus = pending_corpus();
    let generated = corpus.docs.join("gen");
    let mut child = spawn_index(&corpus.index, &[]);
    wait_until_reading(&mut child);
    let mut vanished = 0;
    for (i, file) in walkdir::WalkDir::new(&generated)
        .sort_by_file_name()
        .into_iter()
        .enumerate()
    {
        let file = file.unwrap();
        if i % 2 == 0 && file.file_type().is_file() {
            std::fs::remove_file(file.path()).unwrap();
            vanished += 1;
        }
    }
    let (code, stderr) = finish(child);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("cite: warning: skipped "), "{stderr}");
    for line in stderr.lines() {
        assert!(line.starts_with("cite: warning: skipped "), "{line}");
    }

    assert_eq!(index_code(&corpus.index, &[]), Some(0));
    let on_disk = walkdir::WalkDir::new(&corpus.docs)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    let now = state(&corpus.index);
    assert_eq!(now.files, on_disk);
    assert_eq!(now.files, finished().files - vanished);
}

/// Copies the files of the flat directory `from` into a new directory `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The largest file of `dir` whose name starts with `prefix` and ends with `suffix`.
fn largest(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(suffix)
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap_or_else(|| panic!("no {suffix} file in {}", dir.display()))
}

/// A way to damage an index directory, and its name.
type Damage = (&'static str, fn(&Path));

/// Ways to damage an index directory.
fn damages() -> Vec<Damage> {
    vec![
        ("truncated .store", |d| truncate(&largest(d, "", ".store"))),
        ("truncated .term", |d| truncate(&largest(d, "", ".term"))),
        ("truncated .idx", |d| truncate(&largest(d, "", ".idx"))),
        ("missing .pos", |d| {
            std::fs::remove_file(largest(d, "", ".pos")).unwrap()
        }),
        ("missing .fast", |d| {
            std::fs::remove_file(largest(d, "", ".fast")).unwrap()
        }),
        ("missing meta.json", |d| {
            std::fs::remove_file(d.join("meta.json")).unwrap()
        }),
        ("garbage meta.json", |d| {
            write_file(&d.join("meta.json"), "{\"garbage")
        }),
        ("empty meta.json", |d| write_file(&d.join("meta.json"), "")),
        ("other settings", |d| {
            let meta = std::fs::read_to_string(d.join("meta.json")).unwrap();
            let format = format!("\\\"format\\\":{}", cite::index::FORMAT);
            let other = meta.replace(&format, "\\\"format\\\":0");
            assert_ne!(meta, other, "no format in the payload");
            write_file(&d.join("meta.json"), &other);
        }),
        ("missing manifest", |d| {
            std::fs::remove_file(largest(d, "manifest-", ".json")).unwrap()
        }),
        ("garbage manifest", |d| {
            write_file(&largest(d, "manifest-", ".json"), "[1, 2")
        }),
    ]
}

fn truncate(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_len(len / 2).unwrap();
}

/// A corpus that is not the seeds (so that an index rebuilt from the seeds shows), indexed.
fn small_corpus() -> TempCorpus {
    TempCorpus::new(&[
        (
            "a.txt",
            "Alpha zebra in Kabul.\n\nA second zebra paragraph.\n",
        ),
        ("b/c.md", "# Okapi\n\nGamma zebra and an okapi.\n"),
    ])
}

/// The sorted texts of the hits of `zebra OR okapi` in `index`, each checked.
fn answers(index: &Path) -> Vec<String> {
    let (doc, code) = json_in(index, &["query", "zebra OR okapi", "--json"]);
    assert_eq!(code, 0, "{}: no zebra", index.display());
    let mut texts: Vec<String> = hits(&doc)
        .iter()
        .map(|h| {
            assert_span(h);
            h["text"].as_str().unwrap().to_string()
        })
        .collect();
    texts.sort();
    texts
}

/// Runs `cite ARGS` on `index`: its exit code and stderr.
fn run(index: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = cite(index).args(args).timeout(PATIENCE).output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_damaged_index_is_an_error_that_names_it_and_the_fix_and_rebuild_repairs_it() {
    let corpus = small_corpus();
    let expected = answers(&corpus.index);
    let docs = corpus.docs.to_str().unwrap();
    for (damage, apply) in damages() {
        let index = corpus.dir.path().join(damage.replace(' ', "-"));
        copy_dir(&corpus.index, &index);
        apply(&index);
        let name = index.to_str().unwrap();
        let manifest_only = damage.ends_with("manifest");
        for args in [&["index"][..], &["index", docs], &["query", "zebra"]] {
            if manifest_only && args[0] == "query" {
                assert_eq!(answers(&index), expected, "{damage}: passages are intact");
                continue;
            }
            let (code, stderr) = run(&index, args);
            assert_eq!(code, Some(2), "{damage}: {args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{damage}: {args:?}: {stderr}");
            assert!(
                stderr.contains(name) && stderr.contains("cite index --rebuild"),
                "{damage}: {args:?}: {stderr}"
            );
        }
        assert_eq!(
            run(&index, &["index", "--rebuild", docs]).0,
            Some(0),
            "{damage}"
        );
        assert_eq!(answers(&index), expected, "{damage}: rebuilt");
    }
}

#[test]
fn rebuild_without_paths_keeps_the_roots_of_a_damaged_index() {
    let corpus = small_corpus();
    let expected = answers(&corpus.index);
    for (damage, apply) in damages() {
        if damage == "missing manifest" {
            continue; // the roots were recorded there and nowhere else
        }
        let index = corpus.dir.path().join(damage.replace(' ', "-"));
        copy_dir(&corpus.index, &index);
        apply(&index);
        let (code, stderr) = run(&index, &["index", "--rebuild"]);
        assert_eq!(code, Some(0), "{damage}: {stderr}");
        assert_eq!(
            answers(&index),
            expected,
            "{damage}: rebuilt from the same roots"
        );
    }
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn cite_never_writes_into_a_directory_it_did_not_make() {
    let corpus = small_corpus();
    let docs = corpus.docs.to_str().unwrap();
    let base = corpus.dir.path();
    let foreign = base.join("foreign");
    write_file(&foreign.join("notes.txt"), "my notes\n");
    write_file(&foreign.join("meta.json"), "{\"mine\": true}\n");
    write_file(&foreign.join("sub/data.bin"), "\0\u{1}");
    let a_file = base.join("a-file");
    write_file(&a_file, "not a directory\n");
    let before = (snapshot(&foreign), std::fs::read(&a_file).unwrap());
    for dir in [&foreign, &a_file] {
        for args in [
            &["index", docs][..],
            &["index", "--rebuild", docs],
            &["query", "zebra"],
        ] {
            let (code, stderr) = run(dir, args);
            assert_eq!(code, Some(2), "{dir:?} {args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(stderr.contains(dir.to_str().unwrap()), "{stderr}");
            assert!(
                !stderr.contains("--rebuild"),
                "rebuild would refuse too: {stderr}"
            );
        }
    }
    assert_eq!(
        (snapshot(&foreign), std::fs::read(&a_file).unwrap()),
        before
    );

    let expected = answers(&corpus.index);
    let empty = base.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let ignored = base.join("ignored");
    write_file(&ignored.join(".gitignore"), "*\n");
    for dir in [&empty, &ignored, &base.join("new/nested")] {
        assert_eq!(run(dir, &["index", docs]).0, Some(0), "{dir:?}");
        assert_eq!(answers(dir), expected);
    }
    assert_eq!(
        std::fs::read_to_string(ignored.join(".gitignore")).unwrap(),
        "*\n"
    );
}
