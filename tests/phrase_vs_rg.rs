//! A phrase query returns every passage that contains the phrase: cite against ripgrep's
//! engine (the grep-regex and grep-searcher crates, so no `rg` binary is needed) on a
//! generated multi-megabyte corpus, where every paragraph is one line.

#[path = "../benches/support/corpus.rs"]
mod corpus;

mod common;

use common::{assert_span, highlighted, hits, index_quietly, json_in, root};
use grep_regex::RegexMatcherBuilder;
use grep_searcher::SearcherBuilder;
use grep_searcher::sinks::UTF8;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

/// (file, line) of every line ripgrep's engine finds `phrase` on, as whole words, ignoring
/// case (as `rg -i -w -F -n`).
fn rg_lines(phrase: &str, dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    let matcher = RegexMatcherBuilder::new()
        .case_insensitive(true)
        .word(true)
        .fixed_strings(true)
        .build(phrase)
        .unwrap();
    let mut searcher = SearcherBuilder::new().line_number(true).build();
    let mut lines = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let sink = UTF8(|line, _| {
            lines.insert((path.clone(), line));
            Ok(true)
        });
        searcher.search_path(&matcher, &path, sink).unwrap();
    }
    lines
}

#[test]
fn phrase_queries_find_every_line_ripgrep_finds() {
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
