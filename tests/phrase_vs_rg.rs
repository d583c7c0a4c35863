//! A phrase query returns every passage that contains the phrase: cite against ripgrep
//! on a generated multi-megabyte corpus, where every paragraph is one line.

#[path = "../benches/support/corpus.rs"]
mod corpus;

mod common;

use common::{assert_span, highlighted, hits, index_quietly, json_in, root};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Size of the generated corpus.
const CORPUS_BYTES: u64 = 3_000_000;

/// Phrases to compare: common and rare, two and three words, an accented name.
const PHRASES: [&str; 8] = [
    "humanitarian aid",
    "de facto",
    "Islamic Emirate",
    "United Nations",
    "women and girls",
    "international community",
    "Hibatullah Akhundzada",
    "António Guterres",
];

/// Runs ripgrep with `args`, failing clearly when it is not installed.
fn rg(args: &[&OsStr]) -> Output {
    Command::new("rg").args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run ripgrep ({e}): this test compares cite with rg; install ripgrep \
             (`apt-get install ripgrep`, `brew install ripgrep` or `cargo install ripgrep`)"
        )
    })
}

/// (file, line) of every line ripgrep finds `phrase` on, as whole words, ignoring case.
fn rg_lines(phrase: &str, dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    let flags = [
        "--no-config",
        "--no-ignore",
        "-i",
        "-w",
        "-F",
        "-n",
        "-H",
        "--null",
    ];
    let more = ["--no-heading", "--color", "never", "-e", phrase];
    let args: Vec<&OsStr> = flags.iter().chain(&more).map(OsStr::new).collect();
    let out = rg(&[&args[..], &[dir.as_os_str()]].concat());
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "rg failed: {out:?}"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (path, rest) = l.split_once('\0').expect("rg --null output");
            let line = rest.split_once(':').expect("rg -n output").0;
            (PathBuf::from(path), line.parse().unwrap())
        })
        .collect()
}

#[test]
fn phrase_queries_find_every_line_ripgrep_finds() {
    rg(&["--version".as_ref()]);
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let docs = base.join("corpus");
    let stats = corpus::generate(&root().join("seeds"), &docs, CORPUS_BYTES).unwrap();
    assert!(
        stats.bytes >= CORPUS_BYTES && stats.files > 100,
        "{stats:?}"
    );
    let index = base.join("index");
    index_quietly(&docs, &index);

    for phrase in PHRASES {
        let expected = rg_lines(phrase, &docs);
        let query = format!("\"{phrase}\"");
        let (doc, _) = json_in(&index, &["query", &query, "--limit", "100000", "--json"]);
        let hits = hits(&doc);
        assert_eq!(doc["total"], hits.len(), "{phrase}: all hits listed");
        let mut found = BTreeSet::new();
        for hit in hits {
            assert_span(hit);
            let marked = highlighted(hit);
            assert!(
                !marked.is_empty(),
                "{phrase}: a hit without the phrase: {hit}"
            );
            for text in marked {
                let words = text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty());
                assert_eq!(
                    words.count(),
                    phrase.split(' ').count(),
                    "{phrase}: highlight {text:?}"
                );
            }
            let source = root().join(hit["source"].as_str().unwrap());
            found.insert((source, hit["line"].as_u64().unwrap()));
        }
        let missing: Vec<_> = expected.difference(&found).collect();
        assert!(
            missing.is_empty(),
            "{phrase}: cite misses lines rg finds: {missing:?}"
        );
        if phrase != "António Guterres" {
            assert!(
                expected.len() > 10,
                "{phrase}: too rare to test ({})",
                expected.len()
            );
        }
    }
}
