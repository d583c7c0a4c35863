//! Files in legacy encodings: decoded, indexed, and cited with offsets into their own bytes.
//! The fixtures are real text: seed paragraphs hard-wrapped and encoded as windows-1252, and
//! a GPL paragraph with a seed paragraph as UTF-16LE with a byte-order mark and CRLF.

mod common;

use common::{TempCorpus, assert_span, cite, highlighted, hits};
use serde_json::Value;
use std::path::Path;

const FIXTURES: [&str; 2] = ["seed-windows-1252.txt", "gpl-utf16le.txt"];

/// A corpus of the fixtures, a UTF-8 file and a binary one, indexed with `args`.
fn corpus(args: &[&str]) -> (TempCorpus, String) {
    let corpus = TempCorpus::new(&[("utf8.txt", "António Guterres spoke in plain UTF-8.\n")]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encodings");
    for name in FIXTURES {
        std::fs::copy(fixtures.join(name), corpus.docs.join(name)).unwrap();
    }
    std::fs::write(
        corpus.docs.join("binary.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff",
    )
    .unwrap();
    let out = cite(&corpus.index)
        .arg("index")
        .arg(&corpus.docs)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("binary.txt") && stderr.lines().count() == 1,
        "{stderr}"
    );
    (corpus, String::from_utf8(out.stdout).unwrap())
}

fn encoding_of<'a>(doc: &'a Value, name: &str) -> Vec<&'a Value> {
    hits(doc)
        .iter()
        .filter(|h| h["source"].as_str().unwrap().ends_with(name))
        .collect()
}

#[test]
fn legacy_files_are_indexed_with_offsets_into_their_bytes() {
    let (corpus, summary) = corpus(&[]);
    assert!(summary.contains("decoded 2 files"), "{summary}");
    assert!(summary.contains("index holds 3 documents"), "{summary}");

    let (doc, code) = corpus.json(&["query", "António", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(hits(&doc).len(), 3, "{doc}");
    for hit in hits(&doc) {
        assert_span(hit);
        assert_eq!(highlighted(hit), ["António"], "{hit}");
    }
    let cp1252 = encoding_of(&doc, "seed-windows-1252.txt");
    assert_eq!(cp1252[0]["encoding"], "windows-1252");
    assert!(cp1252[0]["text"].as_str().unwrap().contains("population’s"));
    assert_eq!(
        encoding_of(&doc, "gpl-utf16le.txt")[0]["encoding"],
        "UTF-16LE"
    );
    assert!(encoding_of(&doc, "utf8.txt")[0].get("encoding").is_none());

    let (doc, _) = corpus.json(&[
        "query",
        "\"further worsened the disastrous economic\"",
        "--json",
    ]);
    assert_eq!(
        hits(&doc).len(),
        2,
        "a phrase over a soft line break, in both encodings"
    );
    for hit in hits(&doc) {
        assert_span(hit);
        assert_eq!(highlighted(hit).len(), 1);
    }

    let out = cite(&corpus.index)
        .args(["query", "\"disastrous economic\""])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(table.matches("disastrous economic").count(), 2, "{table}");
    assert!(
        !table.contains("inAfghanistan"),
        "a CRLF line break prints as a space: {table}"
    );

    let (doc, _) = corpus.json(&["query", "copyleft", "--json"]);
    let hit = &hits(&doc)[0];
    assert_span(hit);
    let at = hit["highlights"][0]["byte_start"].as_u64().unwrap();
    let location = format!("{}:{at}", hit["source"].as_str().unwrap());
    let (shown, code) = corpus.json(&["show", &location, "--json"]);
    assert_eq!(code, 0, "{shown}");
    let passage = &shown["passages"][0];
    assert_span(passage);
    assert_eq!(passage["encoding"], "UTF-16LE");
    assert_eq!(passage["text"], hit["text"]);
    let inside = format!("{}:{}", hit["source"].as_str().unwrap(), at + 1);
    let out = cite(&corpus.index)
        .args(["show", &inside])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside a character"));
}

#[test]
fn the_manifest_keeps_each_files_encoding_and_encoding_forces_one() {
    let (corpus, _) = corpus(&["--encoding", "iso-8859-15"]);
    let manifest = std::fs::read_dir(&corpus.index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("manifest-")
        })
        .unwrap();
    let manifest: Value = serde_json::from_slice(&std::fs::read(manifest).unwrap()).unwrap();
    let encodings: Vec<(String, Value)> = manifest["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, rec)| {
            (
                path.rsplit('/').next().unwrap().to_string(),
                rec["encoding"].clone(),
            )
        })
        .collect();
    assert!(encodings.contains(&("seed-windows-1252.txt".into(), "ISO-8859-15".into())));
    assert!(encodings.contains(&("gpl-utf16le.txt".into(), "UTF-16LE".into())));
    assert!(encodings.contains(&("utf8.txt".into(), Value::Null)));

    // ISO-8859-15 has no curly quotes: the byte 0x92 is a C1 control there.
    let (doc, _) = corpus.json(&["query", "Guterres", "--json"]);
    let forced = encoding_of(&doc, "seed-windows-1252.txt")[0];
    assert_span(forced);
    assert_eq!(forced["encoding"], "ISO-8859-15");
    assert!(
        forced["text"]
            .as_str()
            .unwrap()
            .contains("population\u{92}s")
    );

    // An edit re-indexes the file with its recorded encoding; `--encoding` changes it.
    let path = corpus.docs.join("seed-windows-1252.txt");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(b"\nA caf\xe9 line added later.\n");
    std::fs::write(&path, bytes).unwrap();
    common::index_quietly(&corpus.docs, &corpus.index);
    let (doc, _) = corpus.json(&["query", "added", "--json"]);
    assert_eq!(hits(&doc)[0]["encoding"], "ISO-8859-15");
    assert_span(&hits(&doc)[0]);
    cite(&corpus.index)
        .arg("index")
        .arg(&corpus.docs)
        .args(["--quiet", "--encoding", "windows-1252"])
        .assert()
        .success();
    let (doc, _) = corpus.json(&["query", "added", "--json"]);
    assert_eq!(hits(&doc)[0]["encoding"], "windows-1252");
    assert_span(&hits(&doc)[0]);
}

#[test]
fn unknown_encodings_are_an_error_and_strict_fails_on_binary_files() {
    let corpus = TempCorpus::new(&[("a.txt", "text")]);
    let out = cite(&corpus.index)
        .arg("index")
        .arg(&corpus.docs)
        .args(["--encoding", "klingon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown encoding"));

    std::fs::write(corpus.docs.join("b.txt"), b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap();
    std::fs::write(corpus.docs.join("c.txt"), b"na\xefve caf\xe9").unwrap();
    let out = cite(&corpus.index)
        .arg("index")
        .arg(&corpus.docs)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b.txt: binary file"), "{stderr}");
    assert!(!stderr.contains("c.txt"), "{stderr}");
}
