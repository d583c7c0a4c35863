//! `cite verify` on real text nobody here wrote: the licences every Debian system ships in
//! `/usr/share/common-licenses`, copied as `.txt`. Expected counts come from scanning the
//! copies, never from numbers written down here. Quotes stay within one line of the files.

mod common;

use common::{TempCorpus, assert_span, cite};
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// The licences, copied once per test binary (symlinks followed) and indexed.
fn licences() -> Option<&'static TempCorpus> {
    static CORPUS: OnceLock<Option<TempCorpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let dir = Path::new("/usr/share/common-licenses");
            let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
                .ok()?
                .filter_map(|e| {
                    let path = e.ok()?.path();
                    let text = std::fs::read_to_string(&path).ok()?;
                    Some((format!("{}.txt", path.file_name()?.to_str()?), text))
                })
                .collect();
            files.sort();
            (!files.is_empty()).then(|| TempCorpus::new(&files))
        })
        .as_ref()
}

/// The licence copies' texts.
fn texts(corpus: &TempCorpus) -> Vec<String> {
    std::fs::read_dir(&corpus.docs)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect()
}

/// `text` lowercased with every run of whitespace one space: how a normalized match sees it.
fn flat(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Occurrences of `needle` in the copies, ignoring case and line breaks.
fn count(corpus: &TempCorpus, needle: &str) -> usize {
    let needle = flat(needle);
    texts(corpus)
        .iter()
        .map(|t| flat(t).matches(&needle).count())
        .sum()
}

/// `cite verify QUOTE --json` on the licences: the document, after checking the offset
/// invariant of every match and fragment.
fn verify(corpus: &TempCorpus, quote: &str) -> Value {
    let (doc, code) = corpus.json(&["verify", quote, "--json"]);
    let stands = matches!(
        doc["verdict"].as_str(),
        Some("exact" | "normalized" | "elided")
    );
    assert_eq!(code, if stands { 0 } else { 1 }, "{quote}: {doc}");
    for m in doc["matches"].as_array().unwrap() {
        assert_span(m);
    }
    doc
}

fn all(doc: &Value) -> &[Value] {
    doc["matches"].as_array().unwrap()
}

macro_rules! corpus_or_skip {
    () => {
        match licences() {
            Some(c) => c,
            None => {
                eprintln!("no /usr/share/common-licenses here: skipped");
                return;
            }
        }
    };
}

#[test]
fn a_pasted_licence_line_stands_without_its_marks_everywhere_it_stands() {
    let corpus = corpus_or_skip!();
    let words = "Everyone is permitted to copy and distribute verbatim copies";
    let expected = count(corpus, words);
    assert!(expected >= 2);
    let doc = verify(corpus, &format!("“{words}.”"));
    assert_eq!(doc["verdict"], "exact", "{doc}");
    assert_eq!(doc["trimmed"]["before"], "“");
    assert_eq!(doc["trimmed"]["after"], ".”");
    assert_eq!(all(&doc).len(), expected);
    assert!(all(&doc).iter().all(|m| m["text"] == words));
}

#[test]
fn a_cut_licence_word_or_number_is_a_misquote() {
    let corpus = corpus_or_skip!();
    let doc = verify(corpus, "IMPLIED WARRANTY OF MERCHANTABILIT");
    assert_eq!(doc["verdict"], "misquote", "{doc}");
    for m in all(&doc) {
        assert_eq!(m["mid_word"], true);
        let d = &m["differences"][0];
        assert_eq!(d["quote"], "MERCHANTABILIT");
        assert_eq!(d["source"], "MERCHANTABILITY");
    }
    assert_eq!(
        all(&doc).len(),
        count(corpus, "IMPLIED WARRANTY OF MERCHANTABILITY")
    );

    let doc = verify(corpus, "Version 1.3, 3 November 200");
    assert_eq!(doc["verdict"], "misquote", "{doc}");
    let m = &all(&doc)[0];
    assert_eq!(m["text"], "Version 1.3, 3 November 2008");
    assert_eq!(m["differences"][0]["quote"], "200");
    assert_eq!(m["differences"][0]["source"], "2008");
}

#[test]
fn every_match_of_a_common_word_is_a_whole_word() {
    let corpus = corpus_or_skip!();
    let out = cite(&corpus.index)
        .args(["verify", "the", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = doc["found"].as_u64().unwrap() as usize;
    let listed = all(&doc).len();
    if doc["complete"] == true {
        assert_eq!(found, listed);
    } else {
        assert!(found > listed);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("stopped at a limit") || stderr.contains("only the first"),
            "{stderr}"
        );
    }
    for m in all(&doc) {
        let source = std::fs::read_to_string(m["source"].as_str().unwrap()).unwrap();
        let (s, e) = (
            m["byte_start"].as_u64().unwrap() as usize,
            m["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(source[s..e].to_lowercase(), "the");
        let inside = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        assert!(!inside(source[..s].chars().next_back()), "{m}");
        assert!(!inside(source[e..].chars().next()), "{m}");
    }
}

#[test]
fn licence_numbers_and_dates_written_another_way() {
    let corpus = corpus_or_skip!();
    let doc = verify(corpus, "ownership of fifty percent (50 percent) or more");
    assert_eq!(doc["verdict"], "normalized", "{doc}");
    assert_eq!(
        all(&doc)[0]["text"],
        "ownership of fifty percent (50%) or more"
    );

    let doc = verify(corpus, "Version 3, June 29, 2007");
    assert_eq!(doc["verdict"], "misquote", "{doc}");
    assert!(!all(&doc).is_empty());
    for m in all(&doc) {
        let diffs = m["differences"].as_array().unwrap();
        assert_eq!(diffs.len(), 1, "{m}");
        assert_eq!(diffs[0]["quote"], "June 29, 2007");
        assert_eq!(diffs[0]["source"], "29 June 2007");
        assert_eq!(diffs[0]["same_value"], true);
    }
    assert_eq!(all(&doc).len(), count(corpus, "Version 3, 29 June 2007"));
}

#[test]
fn licence_fragments_far_apart_out_of_order_or_changed() {
    let corpus = corpus_or_skip!();
    let first = "Everyone is permitted to copy and distribute verbatim copies";
    let last = "may consider it more useful to permit linking proprietary applications with";
    let doc = verify(corpus, &format!("{first} ... {last}"));
    assert_eq!(doc["verdict"], "elided", "{doc}");
    let (first_flat, last_flat) = (flat(first), flat(last));
    let holding = texts(corpus)
        .iter()
        .map(|t| flat(t))
        .filter(|t| {
            t.find(&first_flat)
                .is_some_and(|a| t[a..].contains(&last_flat))
        })
        .count();
    assert_eq!(all(&doc).len(), holding);
    for m in all(&doc) {
        // Paragraphs of a hard-wrapped licence, not lines: GPL-2 skips some 60 of them.
        assert!(m["gap_passages"].as_u64().unwrap() > 50, "{m}");
        let f = m["fragments"].as_array().unwrap();
        let gap = f[1]["byte_start"].as_u64().unwrap() - f[0]["byte_end"].as_u64().unwrap();
        assert_eq!(m["gap_bytes"], gap);
    }
    assert!(
        doc["warnings"][0]
            .as_str()
            .unwrap()
            .contains("distant passages")
    );

    let doc = verify(corpus, &format!("{last} ... {first}"));
    assert_eq!(doc["verdict"], "misquote", "{doc}");
    assert_eq!(all(&doc)[0]["reordered"], true);

    let doc = verify(
        corpus,
        "Everyone is permitted to copy and distribute modified copies … but changing it is not allowed",
    );
    assert_eq!(doc["verdict"], "misquote", "{doc}");
    let m = &all(&doc)[0];
    let diffs = m["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{m}");
    assert_eq!(diffs[0]["quote"], "modified");
    assert_eq!(diffs[0]["source"], "verbatim");
}
