//! `cite index` through the real binary: which files, which passages, the summary,
//! updates, symlinks, and where the index lives (`--index`, `CITE_INDEX`, auto-build).

mod common;

use assert_cmd::Command;
use common::{TempCorpus, assert_span, cite, hits, json_in, write_file};
use serde_json::Value;
use std::path::Path;

/// Runs `cite index ARGS` on `index` and returns its summary (stdout).
fn index_summary(index: &Path, args: &[&std::ffi::OsStr]) -> String {
    let out = cite(index).arg("index").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The hits of `query` in `index`, up to 1000; each checked against the file's bytes.
fn checked_hits(index: &Path, query: &str) -> Vec<Value> {
    let (doc, _) = json_in(index, &["query", query, "--limit", "1000", "--json"]);
    for hit in hits(&doc) {
        assert_span(hit);
    }
    hits(&doc).to_vec()
}

/// The texts of the hits of `query` in `index`.
fn hit_texts(index: &Path, query: &str) -> Vec<String> {
    let mut texts: Vec<String> = checked_hits(index, query)
        .iter()
        .map(|h| h["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    texts
}

/// The exit code of `cite query QUERY --json` on `index`.
fn query_code(index: &Path, query: &str) -> i32 {
    json_in(index, &["query", query, "--json"]).1
}

/// The line of `summary` that mentions `word`.
fn summary_line<'a>(summary: &'a str, word: &str) -> &'a str {
    summary
        .lines()
        .find(|l| l.contains(word))
        .unwrap_or_else(|| panic!("no line mentions {word}: {summary}"))
}

#[test]
fn index_takes_text_files_in_nested_folders_and_counts_the_rest() {
    let corpus = TempCorpus::new::<&str, &str>(&[]);
    for (name, text) in [
        ("a.txt", "Alpha zebra.\n"),
        ("b.md", "# Beta\n\nBeta zebra in markdown.\n"),
        ("nested/deeper/c.TXT", "Gamma zebra, deep down.\n"),
        ("image.png", "okapi in a png\n"),
        ("notes.pdf", "okapi in a pdf\n"),
        ("nested/Makefile", "okapi without an extension\n"),
    ] {
        write_file(&corpus.docs.join(name), text);
    }
    let summary = index_summary(&corpus.index, &[corpus.docs.as_os_str()]);
    assert!(summary.contains("3 documents"), "{summary}");
    assert!(summary.contains("4 passages"), "{summary}");
    let skipped = summary_line(&summary, "skipped");
    assert!(
        skipped.contains('3') && skipped.contains(".txt/.md"),
        "{summary}"
    );

    let hits = checked_hits(&corpus.index, "zebra");
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().any(|h| {
        h["source"]
            .as_str()
            .unwrap()
            .ends_with("nested/deeper/c.TXT")
    }));
    assert_eq!(
        query_code(&corpus.index, "okapi"),
        1,
        "other files are not indexed"
    );
}

#[test]
fn quiet_index_prints_nothing() {
    let corpus = TempCorpus::new(&[("a.txt", "Alpha.\n")]);
    cite(&corpus.index)
        .args(["index", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn passages_are_lines_without_their_edge_whitespace() {
    let corpus = TempCorpus::new(&[(
        "paras.txt",
        "\u{feff}First zebra line.\nSecond zebra line.\n\n  \t Third zebra, indented.  \n\n\n  \nLast zebra",
    )]);
    let hits = checked_hits(&corpus.index, "zebra");
    let mut found: Vec<(u64, u64, &str)> = hits
        .iter()
        .map(|h| {
            (
                h["line"].as_u64().unwrap(),
                h["column"].as_u64().unwrap(),
                h["text"].as_str().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (1, 2, "First zebra line."),
            (2, 1, "Second zebra line."),
            (4, 5, "Third zebra, indented."),
            (8, 1, "Last zebra"),
        ]
    );
    let mut numbers: Vec<u64> = hits
        .iter()
        .map(|h| h["passage"].as_u64().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(numbers, [0, 1, 2, 3]);
}

/// A paragraph of `count` sentences, each with `zebra` and multi-byte characters.
fn long_paragraph(count: usize) -> String {
    (0..count)
        .map(|i| format!("Sentence {i} sees a zebra near Créteil — “quoted” and done."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn long_paragraphs_split_at_sentence_ends_into_passages_of_at_most_1000_bytes() {
    let para = long_paragraph(60);
    assert!(para.len() > 3000);
    let words = "zebra ".repeat(400);
    let text = format!(
        "Intro.\r\n\r\n{para}\r\n{}\r\nShort zebra.\r\n",
        words.trim_end()
    );
    let corpus = TempCorpus::new(&[("crlf.txt", &text)]);
    let mut hits = checked_hits(&corpus.index, "zebra");
    hits.sort_by_key(|h| h["byte_start"].as_u64());
    let texts: Vec<&str> = hits.iter().map(|h| h["text"].as_str().unwrap()).collect();

    for t in &texts {
        assert!(t.len() <= 1000, "{} bytes: {t:?}", t.len());
        let edges = [t.chars().next(), t.chars().last()];
        assert!(
            edges.iter().all(|c| c.is_some_and(|c| !c.is_whitespace())),
            "{t:?}"
        );
    }
    let in_para: Vec<&&str> = texts.iter().filter(|t| t.starts_with("Sentence")).collect();
    assert!(in_para.len() >= 4, "{} pieces", in_para.len());
    assert!(
        in_para.iter().all(|t| t.ends_with("done.")),
        "cut at sentence ends"
    );
    let count = |s: &str| s.matches("zebra").count();
    let found: usize = texts.iter().map(|t| count(t)).sum();
    assert_eq!(
        found,
        count(&text),
        "every word of the file is in one passage"
    );
    assert!(
        hits.iter().any(|h| h["column"].as_u64() > Some(1)),
        "pieces start mid-line"
    );
    assert!(
        hits.iter()
            .all(|h| h["line"] == 3 || h["line"] == 4 || h["line"] == 5)
    );
}

#[test]
fn reindexing_reports_unchanged_updated_and_removed_files() {
    let corpus = TempCorpus::new(&[("a.txt", "Alpha zebra.\n"), ("b.txt", "Beta okapi.\n")]);
    let again = index_summary(&corpus.index, &[]);
    assert!(
        again.contains("0 added") && again.contains("2 unchanged"),
        "{again}"
    );
    assert!(again.contains("2 documents"), "{again}");

    write_file(
        &corpus.docs.join("a.txt"),
        "A new first line.\n\nAlpha giraffe, longer now.\n",
    );
    let updated = index_summary(&corpus.index, &[]);
    assert!(
        updated.contains("1 updated") && updated.contains("1 unchanged"),
        "{updated}"
    );
    assert_eq!(
        query_code(&corpus.index, "zebra"),
        1,
        "the old text is gone"
    );
    assert_eq!(
        hit_texts(&corpus.index, "giraffe"),
        ["Alpha giraffe, longer now."]
    );

    std::fs::remove_file(corpus.docs.join("b.txt")).unwrap();
    let removed = index_summary(&corpus.index, &[]);
    assert!(
        removed.contains("1 removed") && removed.contains("1 documents"),
        "{removed}"
    );
    assert_eq!(query_code(&corpus.index, "okapi"), 1);
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_only_when_asked() {
    use std::os::unix::fs::symlink;
    let corpus = TempCorpus::new::<&str, &str>(&[]);
    let base = corpus.docs.parent().unwrap();
    write_file(&corpus.docs.join("real.txt"), "Real zebra.\n");
    write_file(&base.join("outside/linked.txt"), "Linked okapi.\n");
    write_file(&base.join("outside-dir/inner.md"), "Inner giraffe.\n");
    symlink(
        base.join("outside/linked.txt"),
        corpus.docs.join("link.txt"),
    )
    .unwrap();
    symlink(base.join("outside-dir"), corpus.docs.join("linkdir")).unwrap();

    let plain = index_summary(&corpus.index, &[corpus.docs.as_os_str()]);
    assert!(plain.contains("1 documents"), "{plain}");
    assert_eq!(query_code(&corpus.index, "okapi"), 1);
    assert_eq!(query_code(&corpus.index, "giraffe"), 1);

    for flag in ["--follow", "-L"] {
        let index = base.join(format!("index{flag}"));
        let followed = index_summary(&index, &[flag.as_ref(), corpus.docs.as_os_str()]);
        assert!(followed.contains("3 documents"), "{flag}: {followed}");
        assert_eq!(hit_texts(&index, "okapi"), ["Linked okapi."], "{flag}");
        assert_eq!(hit_texts(&index, "giraffe"), ["Inner giraffe."], "{flag}");
    }
}

/// The cite binary run in `cwd`, without `CITE_INDEX` or `NO_COLOR` from the environment.
fn cite_in(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cite").unwrap();
    cmd.current_dir(cwd)
        .env_remove("CITE_INDEX")
        .env_remove("NO_COLOR");
    cmd
}

/// Copies the project's `seeds/` folder into `dir`.
fn copy_seeds(dir: &Path) {
    let seeds = common::root().join("seeds");
    std::fs::create_dir(dir.join("seeds")).unwrap();
    for entry in std::fs::read_dir(seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("seeds").join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn query_builds_the_missing_default_index_from_seeds_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path());
    let index = dir.path().join("index");
    let query = ["query", "Guterres", "--json"];

    let first = cite_in(dir.path()).args(query).assert().success();
    let stderr = String::from_utf8_lossy(&first.get_output().stderr).to_string();
    assert!(
        stderr.contains("seeds") && stderr.contains("no index at index"),
        "{stderr}"
    );
    assert!(index.is_dir());
    let doc: Value = serde_json::from_slice(&first.get_output().stdout).unwrap();
    let hit = &hits(&doc)[0];
    let source = hit["source"].as_str().unwrap();
    assert!(
        source.starts_with("seeds/"),
        "sources are relative to the working directory"
    );
    let bytes = std::fs::read(dir.path().join(source)).unwrap();
    let (start, end) = (
        hit["byte_start"].as_u64().unwrap(),
        hit["byte_end"].as_u64().unwrap(),
    );
    assert_eq!(
        &bytes[start as usize..end as usize],
        hit["text"].as_str().unwrap().as_bytes()
    );

    let second = cite_in(dir.path()).args(query).assert().success();
    assert!(
        second.get_output().stderr.is_empty(),
        "the index exists now"
    );
    assert_eq!(second.get_output().stdout, first.get_output().stdout);
}

#[test]
fn query_without_index_or_seeds_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = cite_in(dir.path())
        .args(["--index", "nowhere", "query", "Kabul"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.starts_with("cite: error:") && stderr.contains("cite --index nowhere index PATH"),
        "{stderr}"
    );
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_mistyped_index_is_an_error_even_beside_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path());
    for args in [
        &[
            "--index",
            "/tmp/mistyped-cite-index",
            "verify",
            "the Taliban",
        ][..],
        &["--index", "indx", "query", "Kabul"],
        &["--index", "indx", "show", "seeds/a.txt:1:1"],
        &["sources"],
        &["--index", "indx", "sources", "--json"],
    ] {
        let out = cite_in(dir.path()).args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.starts_with("cite: error: no index at ") && stderr.lines().count() == 1,
            "{args:?}: {stderr}"
        );
        assert!(out.get_output().stdout.is_empty(), "{args:?}");
    }
    assert!(!Path::new("/tmp/mistyped-cite-index").exists());
    assert!(!dir.path().join("indx").exists());
    assert!(!dir.path().join("index").exists(), "sources never writes");
}

#[test]
fn cite_index_variable_names_the_index_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir.path().join("docs/a.txt"), "Alpha zebra.\n");
    cite_in(dir.path())
        .env("CITE_INDEX", "from-env")
        .args(["index", "docs", "--quiet"])
        .assert()
        .success();
    assert!(dir.path().join("from-env").is_dir());
    let found = cite_in(dir.path())
        .env("CITE_INDEX", "from-env")
        .args(["query", "zebra", "--json"])
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&found.get_output().stdout).unwrap();
    assert_eq!(hits(&doc)[0]["source"], "docs/a.txt");
    cite_in(dir.path())
        .env("CITE_INDEX", "missing")
        .args(["--index", "from-env", "query", "zebra"])
        .assert()
        .success();
    cite_in(dir.path())
        .env("CITE_INDEX", "missing")
        .args(["query", "zebra"])
        .assert()
        .code(2);
}

#[test]
fn each_passage_is_indexed_once() {
    // Indexed twice, a passage's first word would follow its last one.
    let corpus = TempCorpus::new(&[("a.txt", "Alpha beta gamma.\n")]);
    let (doc, code) = corpus.json(&["query", "\"gamma alpha\"~1", "--json"]);
    assert_eq!((code, doc["total"].as_u64()), (1, Some(0)), "{doc}");
    let (_, code) = corpus.json(&["query", "\"alpha beta gamma\"", "--json"]);
    assert_eq!(code, 0);
}
