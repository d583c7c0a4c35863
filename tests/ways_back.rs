//! From what cite printed back to the source, and what `cite index` says, through the real
//! binary: `show` of a table's `path:line:column`, `verify --batch` line numbers and
//! summary, skip warnings said once, quietly when asked, and roots cite cannot index.

mod common;

use common::{TempCorpus, assert_span, cite, hits, json, seeds_index, write_file};
use serde_json::Value;

#[test]
fn show_takes_the_location_the_table_prints() {
    let (doc, _) = json(&["query", "Guterres", "--json"]);
    for hit in hits(&doc) {
        let at = format!(
            "{}:{}:{}",
            hit["source"].as_str().unwrap(),
            hit["line"],
            hit["column"]
        );
        let (shown, code) = json(&["show", &at, "--json"]);
        assert_eq!(code, 0, "{at}");
        let passage = &shown["passages"][0];
        assert_span(passage);
        assert_eq!(passage["byte_start"], hit["byte_start"], "{at}");
        assert_eq!(passage["text"], hit["text"], "{at}");
    }
    let out = cite(seeds_index())
        .args([
            "show",
            "seeds/001_1ccf5c4f42c34ae7.txt:13:1",
            "--color",
            "never",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("US delegations in Kabul"), "{text}");
    for (bad, says) in [
        ("seeds/001_1ccf5c4f42c34ae7.txt:999:1", "no line 999"),
        ("seeds/001_1ccf5c4f42c34ae7.txt:13:5000", "no column 5000"),
        ("seeds/001_1ccf5c4f42c34ae7.txt:0:1", "count from 1"),
    ] {
        let out = cite(seeds_index()).args(["show", bad]).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.starts_with("cite: error: ") && stderr.contains(says),
            "{bad}: {stderr}"
        );
    }
}

#[test]
fn batch_lines_carry_their_input_line_and_the_table_ends_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("quotes.txt");
    write_file(
        &batch,
        "the Taliban\n\n\"the Taliban\"\nthe Taliban wrote poems about zebras on the moon\n",
    );
    let out = cite(seeds_index())
        .args(["verify", "--json", "--batch"])
        .arg(&batch)
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let numbers: Vec<u64> = lines
        .iter()
        .map(|l| l["input_line"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 3, 4], "blank line 2 skipped, numbering kept");
    assert!(lines.iter().all(|l| l["verdict"].is_string()));

    let out = cite(seeds_index())
        .args(["verify", "--color", "never", "--batch"])
        .arg(&batch)
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let summary = table.lines().last().unwrap();
    let stand = lines
        .iter()
        .filter(|l| {
            matches!(
                l["verdict"].as_str(),
                Some("exact" | "normalized" | "elided")
            )
        })
        .count();
    assert!(
        summary.starts_with(&format!("{stand} of 3 quote(s) stand: ")),
        "{summary}"
    );
    let mut per_verdict = std::collections::BTreeMap::new();
    for l in &lines {
        *per_verdict
            .entry(l["verdict"].as_str().unwrap())
            .or_insert(0) += 1;
    }
    for (verdict, n) in per_verdict {
        assert!(summary.contains(&format!("{n} {verdict}")), "{summary}");
    }
}

/// Runs `cite index ARGS` on the corpus: exit code, stdout, stderr.
fn index(corpus: &TempCorpus, args: &[&str]) -> (i32, String, String) {
    common::outcome(cite(&corpus.index).arg("index").args(args))
}

#[test]
fn skip_warnings_are_said_once_quietly_when_asked_and_not_double_counted() {
    let corpus = TempCorpus::new(&[("good.txt", "Kabul.\n")]);
    std::fs::write(corpus.docs.join("bad.txt"), b"caf\0 au lait\n").unwrap();
    std::fs::write(corpus.docs.join("nested-bin.md"), b"a\0b\n").unwrap();
    let docs = corpus.docs.to_str().unwrap();

    let (code, out, err) = index(&corpus, &["--quiet"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", ""),
        "-q prints nothing"
    );

    let named = |err: &str, name: &str| {
        err.lines()
            .any(|l| l.starts_with("cite: warning: skipped ") && l.contains(name))
    };
    let (_, _, err) = index(&corpus, &[]);
    assert!(
        named(&err, "bad.txt") && named(&err, "nested-bin.md"),
        "{err}"
    );
    let (_, out, err) = index(&corpus, &[]);
    assert!(
        !named(&err, "bad.txt") && !named(&err, "nested-bin.md"),
        "{err}"
    );
    assert!(
        err.contains("2 file(s) skipped as on the last run"),
        "{err}"
    );
    assert!(out.contains("skipped 2 files"), "still counted: {out}");

    std::fs::write(corpus.docs.join("bad2.txt"), b"\0\n").unwrap();
    let (_, _, err) = index(&corpus, &[]);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("skipped")).collect();
    assert!(
        warnings.iter().any(|w| w.contains("bad2.txt")),
        "a new problem is named: {err}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("bad.txt:")),
        "known problems are not named again: {err}"
    );
    assert!(
        err.contains("2 file(s) skipped as on the last run"),
        "{err}"
    );

    // Overlapping roots: each file is one file.
    let nested = corpus.docs.join("sub");
    std::fs::create_dir(&nested).unwrap();
    std::fs::write(nested.join("worse.txt"), b"x\0y\n").unwrap();
    let (_, out, _) = index(&corpus, &[docs, nested.to_str().unwrap(), "--rebuild"]);
    let skipped = out.lines().find(|l| l.starts_with("skipped")).unwrap();
    assert!(skipped.starts_with("skipped 4 files"), "{skipped}");
    assert!(skipped.contains("4 binary"), "{skipped}");
}

#[test]
fn a_root_cite_cannot_index_is_explained() {
    let corpus = TempCorpus::new(&[("good.txt", "Kabul.\n")]);
    let notes = corpus.dir.path().join("notes.rst");
    std::fs::write(&notes, "Kabul notes\n").unwrap();
    let (code, out, err) = index(&corpus, &[notes.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.starts_with("cite: error: ") && err.contains("notes.rst") && err.contains(".txt"),
        "{err}"
    );
    let (doc, _) = corpus.json(&["sources", "--json"]);
    assert!(
        !doc["roots"].to_string().contains("notes.rst"),
        "not kept as a root: {doc}"
    );
    let docs = corpus.docs.to_str().unwrap();
    let (code, _, err) = index(&corpus, &[docs, notes.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        err.contains("cite: warning: ") && err.contains("notes.rst"),
        "{err}"
    );
}
