//! Every command that prints spans of a windows-1252 or UTF-16LE file prints offsets into
//! the file's bytes, names the encoding, and gives the decoding of exactly those bytes:
//! verify, check, audit, anchor, query's stale hits, and their W3C selectors.

mod common;

use common::{TempCorpus, assert_span, cite, highlighted, hits, outcome};
use serde_json::Value;
use std::path::{Path, PathBuf};

const CP1252: &str = "seed-windows-1252.txt";
const UTF16: &str = "gpl-utf16le.txt";

/// A corpus of the two legacy fixtures, indexed.
fn corpus() -> TempCorpus {
    let corpus = TempCorpus::new::<&str, &str>(&[]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encodings");
    for name in [CP1252, UTF16] {
        std::fs::copy(fixtures.join(name), corpus.docs.join(name)).unwrap();
    }
    common::index_quietly(&corpus.docs, &corpus.index);
    corpus
}

fn path(corpus: &TempCorpus, name: &str) -> PathBuf {
    corpus.docs.join(name)
}

/// Checks `obj`'s span (with [`assert_span`]), that it names `encoding`, and, when it has
/// selectors, that they count the decoded text's code points and the file's bytes.
fn assert_legacy(obj: &Value, encoding: &str) {
    assert_span(obj);
    assert_eq!(obj["encoding"], encoding, "{obj}");
    let Some(selectors) = obj["selector"].as_array() else {
        return;
    };
    let bytes = std::fs::read(obj["source"].as_str().unwrap()).unwrap();
    let label = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap();
    let decode = |r: std::ops::Range<usize>| label.decode_without_bom_handling(&bytes[r]).0;
    let (start, end) = (
        obj["byte_start"].as_u64().unwrap() as usize,
        obj["byte_end"].as_u64().unwrap() as usize,
    );
    let chars = decode(0..start).chars().count();
    let quote = &selectors[0];
    assert_eq!(quote["exact"], obj["text"]);
    assert!(decode(0..start).ends_with(quote["prefix"].as_str().unwrap()));
    assert!(decode(end..bytes.len()).starts_with(quote["suffix"].as_str().unwrap()));
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    assert_eq!(selectors[1]["start"], chars, "{obj}");
    assert_eq!(
        selectors[1]["end"],
        chars + obj["text"].as_str().unwrap().chars().count()
    );
    assert_eq!(selectors[2]["type"], "DataPositionSelector");
    assert_eq!(selectors[2]["start"], start);
    assert_eq!(selectors[2]["end"], end);
}

fn encoding_for(source: &str) -> &'static str {
    if source.ends_with(CP1252) {
        "windows-1252"
    } else {
        "UTF-16LE"
    }
}

fn verify(corpus: &TempCorpus, quote: &str) -> Value {
    let (doc, code) = corpus.json(&["verify", quote, "--json", "--selectors"]);
    assert!(code < 2, "{doc}");
    doc
}

#[test]
fn verify_prints_file_bytes_for_every_verdict() {
    let corpus = corpus();
    for (quote, verdict, files) in [
        ("albeit at chargé d’affaires level", "exact", 1),
        ("ALBEIT at  chargé d'affaires level", "normalized", 1),
        (
            "Secretary-General António Guterres noted that the decrease",
            "exact",
            2,
        ),
        (
            "Secretary-General António Guterres noted that the rise in foreign funding",
            "misquote",
            2,
        ),
        (
            "Taliban-appointed diplomats … albeit at chargé d’affaires level",
            "elided",
            1,
        ),
        (
            "other kinds of works … the humanitarian ecosystem",
            "elided",
            1,
        ),
    ] {
        let doc = verify(&corpus, quote);
        assert_eq!(doc["verdict"], verdict, "{quote}: {doc}");
        let matches = doc["matches"].as_array().unwrap();
        assert_eq!(matches.len(), files, "{quote}: {doc}");
        for m in matches {
            assert_legacy(m, encoding_for(m["source"].as_str().unwrap()));
        }
    }
    let doc = verify(
        &corpus,
        "Secretary-General António Guterres noted that the rise in foreign funding",
    );
    for m in doc["matches"].as_array().unwrap() {
        assert_eq!(m["differences"][0]["source"], "decrease", "{m}");
    }
    let doc = verify(&corpus, "other kinds of works … the humanitarian ecosystem");
    let fragments = doc["matches"][0]["fragments"].as_array().unwrap();
    let bytes = std::fs::read(path(&corpus, UTF16)).unwrap();
    let texts: Vec<String> = fragments
        .iter()
        .map(|f| {
            let r = f["byte_start"].as_u64().unwrap() as usize
                ..f["byte_end"].as_u64().unwrap() as usize;
            encoding_rs::UTF_16LE
                .decode_without_bom_handling(&bytes[r])
                .0
                .into_owned()
        })
        .collect();
    assert_eq!(
        texts,
        ["other kinds of works", "the humanitarian ecosystem"]
    );
}

#[test]
fn the_terminal_marks_a_misquotes_words_in_legacy_files() {
    let corpus = corpus();
    let (code, stdout, _) = outcome(
        cite(&corpus.index)
            .args(["verify", "albeit at chargé d’affaires grade"])
            .env("COLUMNS", "200"),
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("> albeit at chargé d’affaires [[level]]"),
        "{stdout}"
    );
}

#[test]
fn check_and_audit_evidence_is_in_file_bytes() {
    let corpus = corpus();
    let claim = "António Guterres said foreign funding for humanitarian aid increased";
    let (doc, code) = corpus.json(&["check", claim, "--json"]);
    assert!(code < 2, "{doc}");
    let evidence = doc["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 2, "{doc}");
    for e in evidence {
        assert_legacy(e, encoding_for(e["source"].as_str().unwrap()));
        assert_eq!(e["stance"], "contradicts", "{e}");
        let words = highlighted(e);
        assert!(words.iter().any(|w| w.contains("Guterres")), "{words:?}");
    }
    let (_, stdout, _) = outcome(
        cite(&corpus.index)
            .args(["check", claim])
            .env("COLUMNS", "200"),
    );
    assert_eq!(stdout.matches("the [[decrease]] in").count(), 2, "{stdout}");

    let draft = corpus.dir.path().join("draft.md");
    std::fs::write(
        &draft,
        format!("Diplomats serve “albeit at chargé d’affaires level”.\n\n{claim}.\n"),
    )
    .unwrap();
    let (doc, _) = corpus.json(&["audit", draft.to_str().unwrap(), "--json"]);
    let items = doc["items"].as_array().unwrap();
    let mut spans = 0;
    for item in items {
        for key in ["matches", "evidence"] {
            for m in item[key].as_array().into_iter().flatten() {
                assert_legacy(m, encoding_for(m["source"].as_str().unwrap()));
                spans += 1;
            }
        }
    }
    assert!(spans >= 3, "{doc}");

    std::fs::write(
        &draft,
        format!("Diplomats serve “albeit at chargé d’affaires grade”.\n\n{claim}.\n"),
    )
    .unwrap();
    for format in ["terminal", "html"] {
        let (_, stdout, _) = outcome(
            cite(&corpus.index)
                .args(["audit", draft.to_str().unwrap(), "--format", format])
                .env("COLUMNS", "200"),
        );
        let marked = |word: &str| match format {
            "html" => format!("<del>{word}</del>"),
            _ => format!("[[{word}]]"),
        };
        assert_eq!(stdout.matches(&marked("level")).count(), 1, "{stdout}");
        assert_eq!(stdout.matches(&marked("decrease")).count(), 2, "{stdout}");
    }
}

/// Rewrites the fixture `name` in its encoding (UTF-16 keeping its byte-order mark), with
/// `edit` applied to its text.
fn edit(corpus: &TempCorpus, name: &str, edit: impl Fn(&str) -> String) {
    let file = path(corpus, name);
    let bytes = std::fs::read(&file).unwrap();
    let new = if name == CP1252 {
        let text = encoding_rs::WINDOWS_1252.decode(&bytes).0;
        encoding_rs::WINDOWS_1252
            .encode(&edit(&text))
            .0
            .into_owned()
    } else {
        let text = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes).0;
        let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
        format!("\u{feff}{}", edit(text))
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect()
    };
    std::fs::write(file, new).unwrap();
}

fn anchor(corpus: &TempCorpus, saved: &Value) -> Value {
    let (doc, _) = corpus.json(&["anchor", &saved.to_string(), "--json"]);
    doc
}

#[test]
fn anchor_resolves_legacy_citations_unchanged_moved_and_changed() {
    let corpus = corpus();
    let saved = verify(&corpus, "albeit at chargé d’affaires level")["matches"][0].clone();
    let saved16 = verify(&corpus, "other kinds of works")["matches"][0].clone();
    for s in [&saved, &saved16] {
        let now = anchor(&corpus, s);
        assert_eq!(now["anchor"], "unchanged", "{now}");
        assert_legacy(&now, encoding_for(s["source"].as_str().unwrap()));
    }
    let reference = format!(
        "{}:{}-{}",
        saved16["source"].as_str().unwrap(),
        saved16["byte_start"],
        saved16["byte_end"]
    );
    let (now, code) = corpus.json(&[
        "anchor",
        &reference,
        "--text",
        "other kinds of works",
        "--json",
    ]);
    assert_eq!(
        (code, &now["anchor"]),
        (0, &Value::from("unchanged")),
        "{now}"
    );

    edit(&corpus, CP1252, |t| format!("Préface « inséré ».\n\n{t}"));
    edit(&corpus, UTF16, |t| {
        t.replacen("other kinds of works", "other sorts of works", 1)
    });
    let now = anchor(&corpus, &saved);
    assert_eq!(now["anchor"], "moved", "{now}");
    assert_legacy(&now, "windows-1252");
    assert_eq!(
        now["byte_start"].as_u64().unwrap(),
        saved["byte_start"].as_u64().unwrap() + "Préface « inséré ».\n\n".chars().count() as u64
    );
    assert_eq!(now["was"]["byte_start"], saved["byte_start"]);

    let saved16 = verify(
        &corpus,
        "free, copyleft license for software and other sorts of works",
    )["matches"][0]
        .clone();
    edit(&corpus, UTF16, |t| {
        t.replacen(
            "copyleft license for\r\nsoftware and other sorts",
            "copyleft licence for\r\nsoftware and other sorts",
            1,
        )
    });
    let now = anchor(&corpus, &saved16);
    assert_eq!(now["anchor"], "changed", "{now}");
    assert_legacy(&now, "UTF-16LE");
    assert_eq!(now["differences"][0]["source"], "licence", "{now}");
}

#[test]
fn stale_query_hits_of_legacy_files_keep_true_spans_and_highlights() {
    let corpus = corpus();
    edit(&corpus, CP1252, |t| format!("Préface « inséré ».\n\n{t}"));
    edit(&corpus, UTF16, |t| format!("Préface ajoutée.\r\n\r\n{t}"));
    for word in ["António", "copyleft"] {
        let (doc, code) = corpus.json(&["query", word, "--json", "--selectors"]);
        assert_eq!(code, 0, "{doc}");
        assert!(!hits(&doc).is_empty(), "{doc}");
        for hit in hits(&doc) {
            assert_eq!(hit["stale"], true, "{hit}");
            assert_eq!(hit["anchor"], "moved", "{hit}");
            assert_legacy(hit, encoding_for(hit["source"].as_str().unwrap()));
            assert_eq!(highlighted(hit), [word], "{hit}");
        }
    }
}
