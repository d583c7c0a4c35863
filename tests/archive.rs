//! Archive-scale indexing through the binary: roots, pruning, rebuilds, `cite sources`,
//! and results that do not depend on the thread count.

mod common;

use common::{TempCorpus, cite, json_in, write_file};
use serde_json::Value;
use std::path::Path;

/// Runs `cite index ARGS` on `index` and returns its summary (stdout).
fn index(index: &Path, args: &[&Path]) -> String {
    let out = cite(index).arg("index").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The sources listed by `cite sources --json`, as (file name, status).
fn sources(index: &Path) -> Vec<(String, String)> {
    let (doc, code) = json_in(index, &["sources", "--json"]);
    assert_eq!(code, 0);
    doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = s["source"].as_str().unwrap();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, s["status"].as_str().unwrap().to_string())
        })
        .collect()
}

fn names(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn roots_are_kept_until_pruned_and_files_are_indexed_once() {
    let corpus = TempCorpus::new(&[
        ("a/one.txt", "Kabul talks.\n"),
        ("b/two.txt", "Doha talks.\n"),
    ]);
    let (a, b) = (corpus.docs.join("a"), corpus.docs.join("b"));
    let fresh = corpus.dir.path().join("fresh");
    index(&fresh, &[&a]);
    let summary = index(&fresh, &[&b, &corpus.docs]);
    assert!(summary.contains("1 added"), "{summary}");
    assert!(summary.contains("index holds 2 documents"), "{summary}");

    let summary = index(&fresh, &[]);
    assert!(summary.contains("2 unchanged"), "roots kept: {summary}");
    assert_eq!(names(&sources(&fresh)), ["one.txt", "two.txt"]);

    let out = cite(&fresh)
        .args(["index", "--prune"])
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(summary.contains("1 removed"), "{summary}");
    assert_eq!(names(&sources(&fresh)), ["two.txt"]);
    let (doc, code) = json_in(&fresh, &["query", "Kabul", "--json"]);
    assert_eq!(
        (code, doc["total"].as_u64()),
        (1, Some(0)),
        "pruned files are gone"
    );
}

#[test]
fn a_touched_file_with_the_same_content_is_not_reindexed() {
    let corpus = TempCorpus::new(&[("one.txt", "Kabul talks.\n"), ("two.txt", "Doha talks.\n")]);
    let one = corpus.docs.join("one.txt");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&one)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_eq!(
        sources(&corpus.index)[0],
        ("one.txt".into(), "changed".into())
    );
    let summary = index(&corpus.index, &[]);
    assert!(
        summary.contains("0 updated") && summary.contains("2 unchanged"),
        "{summary}"
    );
    assert_eq!(
        sources(&corpus.index)[0],
        ("one.txt".into(), "unchanged".into())
    );
    let (doc, _) = corpus.json(&["query", "Kabul", "--json"]);
    assert_eq!(doc["hits"][0]["stale"], Value::Bool(false));
}

#[test]
fn sources_report_changed_and_missing_files() {
    let corpus = TempCorpus::new(&[
        ("one.txt", "Kabul.\n"),
        ("two.txt", "Doha.\n"),
        ("three.md", "Moscow.\n"),
    ]);
    write_file(&corpus.docs.join("one.txt"), "Kabul, again and longer.\n");
    std::fs::remove_file(corpus.docs.join("two.txt")).unwrap();
    let listed = sources(&corpus.index);
    let status = |name: &str| {
        listed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_str())
    };
    assert_eq!(status("one.txt"), Some("changed"));
    assert_eq!(status("two.txt"), Some("missing"));
    assert_eq!(status("three.md"), Some("unchanged"));

    let (doc, _) = json_in(&corpus.index, &["sources", "--json"]);
    let three = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"].as_str().unwrap().ends_with("three.md"))
        .unwrap();
    assert_eq!(three["size"], 8);
    assert_eq!(three["passages"], 1);
    assert!(three["indexed_at"].as_str().unwrap().ends_with('Z'));

    let table = cite(&corpus.index).arg("sources").output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("missing") && table.contains("three.md"),
        "{table}"
    );
}

#[test]
fn rebuild_reindexes_every_file_of_the_known_roots() {
    let corpus = TempCorpus::new(&[("one.txt", "Kabul.\n"), ("two.txt", "Doha.\n")]);
    let summary = index(&corpus.index, &[Path::new("--rebuild")]);
    assert!(
        summary.contains("2 added") && summary.contains("index holds 2 documents"),
        "{summary}"
    );
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("d{}/f{i}.txt", i % 4),
                format!("Passage {i} on Kabul and Doha.\n\nTalks number {i}.\n"),
            )
        })
        .collect();
    let corpus = TempCorpus::new(&files);
    let answers = |threads: &str| {
        let dir = corpus.dir.path().join(format!("index-{threads}"));
        let out = cite(&dir)
            .args(["index", "--threads", threads, "--memory", "32", "--quiet"])
            .arg(&corpus.docs)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let (doc, _) = json_in(&dir, &["query", "Kabul talks", "--json", "--limit", "100"]);
        let mut hits: Vec<(String, u64)> = doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["source"].as_str().unwrap().to_string(),
                    h["byte_start"].as_u64().unwrap(),
                )
            })
            .collect();
        hits.sort();
        (doc["total"].as_u64(), hits)
    };
    let one = answers("1");
    assert_eq!(one.0, Some(80));
    assert_eq!(one, answers("3"));
}
