//! `cite anchor` and stale query hits, on a seed copy edited the ways a newsroom edits.

mod common;

use common::{TempCorpus, assert_span, cite, hits, root};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const SEED: &str = "seeds/001_1ccf5c4f42c34ae7.txt";
const QUOTE: &str = "members of the Taliban cabinet made 99 foreign trips in 2025";
const SENTENCE: &str = "Taliban spokesperson Zabihullah Mujahid said members of the Taliban cabinet made 99 foreign trips in 2025, describing them as efforts to expand diplomatic, economic and trade relations. ";

/// A temporary copy of the seed, indexed.
fn corpus_with(text: &str) -> (TempCorpus, PathBuf) {
    let corpus = TempCorpus::new(&[("article.txt", text)]);
    let path = corpus.docs.join("article.txt");
    (corpus, path)
}

fn seed() -> String {
    std::fs::read_to_string(root().join(SEED)).unwrap()
}

/// The citation cite prints for `quote`: verify's first match, with selectors.
fn citation(corpus: &TempCorpus, quote: &str) -> Value {
    let (doc, code) = corpus.json(&["verify", quote, "--json", "--selectors"]);
    assert_eq!(code, 0, "{doc}");
    let m = doc["matches"][0].clone();
    assert_selectors(&m);
    m
}

/// Runs `cite anchor --json CITATION` and returns its answer and exit code.
fn anchor(corpus: &TempCorpus, citation: &Value) -> (Value, i32) {
    corpus.json(&["anchor", "--json", &citation.to_string()])
}

/// The offset invariant, and selectors that agree with the span.
fn assert_selectors(obj: &Value) {
    let (start, end) = assert_span(obj);
    let bytes = std::fs::read(root().join(obj["source"].as_str().unwrap())).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let sels = obj["selector"].as_array().expect("selector list");
    assert_eq!(sels.len(), 3);
    let quote = &sels[0];
    assert_eq!(quote["type"], "TextQuoteSelector");
    assert_eq!(quote["exact"].as_str(), Some(&text[start..end]));
    let (prefix, suffix) = (
        quote["prefix"].as_str().unwrap(),
        quote["suffix"].as_str().unwrap(),
    );
    assert!(text[..start].ends_with(prefix) && text[end..].starts_with(suffix));
    assert!(
        prefix.chars().count() >= 32 || prefix.len() == start,
        "{prefix:?}"
    );
    assert!(suffix.chars().count() >= 32 || end + suffix.len() == text.len());
    let whole = format!("{prefix}{}{suffix}", &text[start..end]);
    assert_eq!(text.matches(&whole).count(), 1, "context is not unique");
    let chars = text[..start].chars().count();
    assert_eq!(
        sels[1],
        json!({"type": "TextPositionSelector", "start": chars, "end": chars + text[start..end].chars().count()})
    );
    assert_eq!(
        sels[2],
        json!({"type": "DataPositionSelector", "start": start, "end": end})
    );
}

fn edit(path: &Path, f: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(&text)).unwrap();
}

fn start(v: &Value) -> usize {
    v["byte_start"].as_u64().unwrap() as usize
}

#[test]
fn unchanged_citation() {
    let (corpus, _) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("unchanged"), 0));
    assert_selectors(&a);
    assert_eq!(
        a["was"],
        json!({"byte_start": c["byte_start"], "byte_end": c["byte_end"]})
    );
}

#[test]
fn sentence_inserted_before_the_quote() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    let added = "A correction was appended on Tuesday. ";
    edit(&path, |t| {
        t.replacen(
            "Taliban spokesperson",
            &format!("{added}Taliban spokesperson"),
            1,
        )
    });
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("moved"), 0));
    assert_selectors(&a);
    assert_eq!(start(&a), start(&c) + added.len());
    assert_eq!(a["text"], QUOTE);
}

#[test]
fn paragraph_moved() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    edit(&path, |t| {
        let line = t.lines().find(|l| l.contains(QUOTE)).unwrap();
        let rest = t.replacen(&format!("{line}\n\n"), "", 1);
        format!("{rest}\n{line}\n")
    });
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("moved"), 0));
    assert_selectors(&a);
    assert!(start(&a) > start(&c));
}

#[test]
fn typo_fixed_inside_the_quote() {
    let (corpus, path) =
        corpus_with(&seed().replace("Taliban cabinet made", "Taliban cabniet made"));
    let typo = QUOTE.replace("cabinet", "cabniet");
    let c = citation(&corpus, &typo);
    edit(&path, |t| t.replace("cabniet", "cabinet"));
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("changed"), 1));
    assert_selectors(&a);
    assert_eq!(a["text"], QUOTE);
    assert_eq!(
        a["differences"],
        json!([{"quote": "cabniet", "source": "cabinet"}])
    );
}

#[test]
fn number_corrected_inside_the_quote_is_never_a_match() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    edit(&path, |t| t.replace("made 99 foreign", "made 120 foreign"));
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("changed"), 1));
    assert_selectors(&a);
    assert_eq!(a["text"], QUOTE.replace("99", "120"));
    assert_eq!(a["differences"], json!([{"quote": "99", "source": "120"}]));
    assert_eq!(start(&a), start(&c));
}

#[test]
fn quoted_sentence_deleted() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    edit(&path, |t| t.replacen(SENTENCE, "", 1));
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("orphaned"), 1));
    assert!(
        a.get("byte_start").is_none() && a.get("text").is_none(),
        "{a}"
    );
    assert_eq!(a["quote"], QUOTE);
}

/// `text` hard-wrapped at `width` columns, paragraph by paragraph.
fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut col = 0;
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 {
                if col + 1 + word.chars().count() > width {
                    out.push('\n');
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(word);
            col += word.chars().count();
        }
        out.push('\n');
    }
    out.pop();
    out
}

#[test]
fn file_rewrapped() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    edit(&path, |t| rewrap(t, 40));
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("moved"), 0));
    assert_selectors(&a);
    let text = a["text"].as_str().unwrap();
    assert!(text.contains('\n'), "{text:?}");
    assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), QUOTE);
}

#[test]
fn quote_duplicated_elsewhere_keeps_its_place() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    let echo = format!("Officials repeated that {QUOTE}, without details. ");
    edit(&path, |t| {
        t.replacen("Moscow recognised", &format!("{echo}Moscow recognised"), 1)
    });
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("moved"), 0));
    assert_selectors(&a);
    assert_eq!(
        start(&a),
        start(&c) + echo.len(),
        "the original place, not the echo"
    );
}

#[test]
fn orphaned_quote_found_in_another_source() {
    let text = seed();
    let corpus = TempCorpus::new(&[("a.txt", text.as_str()), ("b.txt", "Nothing here yet.\n")]);
    let c = citation(&corpus, QUOTE);
    let (a_path, b_path) = (corpus.docs.join("a.txt"), corpus.docs.join("b.txt"));
    edit(&a_path, |t| t.replacen(SENTENCE, "", 1));
    std::fs::write(&b_path, format!("Moved here: {SENTENCE}\n")).unwrap();
    common::index_quietly(&corpus.docs, &corpus.index);
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("orphaned"), 1));
    let elsewhere = a["elsewhere"].as_array().expect("elsewhere");
    assert!(
        elsewhere[0]["source"].as_str().unwrap().ends_with("b.txt"),
        "{a}"
    );
    assert_span(&elsewhere[0]);
}

#[test]
fn references_annotations_and_batches() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    let reference = format!("{}:{}-{}", path.display(), c["byte_start"], c["byte_end"]);
    let out = cite(&corpus.index)
        .args(["anchor", &reference, "--text", QUOTE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("UNCHANGED"));

    let (query, _) = corpus.json(&["query", "foreign trips", "--json", "--selectors"]);
    for hit in hits(&query) {
        assert_selectors(hit);
    }
    let annotation = json!({"type": "Annotation", "target": {
        "source": format!("file://{}", path.display()),
        "selector": [c["selector"][0], c["selector"][1]]}});
    edit(&path, |t| format!("Updated.\n{t}"));

    let (a, code) = anchor(&corpus, &annotation);
    assert_eq!((a["anchor"].as_str(), code), (Some("moved"), 0));
    assert_selectors(&a);

    let batch = format!("{}\n{}\n", query, c);
    let out = cite(&corpus.index)
        .args(["anchor", "--json", "--batch", "-"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let answers: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), hits(&query).len() + 1);
    for a in &answers {
        assert_eq!(a["anchor"], "moved");
        assert_selectors(a);
    }
}

#[test]
fn bad_citations_are_errors() {
    let (corpus, path) = corpus_with(&seed());
    let reference = format!("{}:10-20", path.display());
    let folder = json!({"source": corpus.docs, "text": "a quote"}).to_string();
    let url = json!({"source": "https://example.com/a", "text": "a quote"}).to_string();
    for args in [
        vec!["anchor", reference.as_str()],
        vec!["anchor", "{not json"],
        vec!["anchor", r#"{"source": "x.txt"}"#],
        vec!["anchor", &folder],
        vec!["anchor", &url],
    ] {
        let out = cite(&corpus.index).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("cite: error: ") && err.lines().count() == 1,
            "{err}"
        );
    }
    let good = json!({"source": path, "text": "Afghanistan", "byte_start": 0, "byte_end": 11});
    let out = cite(&corpus.index)
        .args(["anchor", "--json", "--batch", "-"])
        .write_stdin(format!("{good}\n{{\"source\": 1}}\n{good}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "every citation answered, the bad one with its error"
    );
    assert_eq!(lines[1]["citation"], 2);
    assert_eq!(lines[2]["anchor"], "unchanged");
}

#[test]
fn stale_query_hits_are_reanchored() {
    let (corpus, path) = corpus_with(&seed());
    let (before, _) = corpus.json(&["query", "\"foreign trips\"", "--json"]);
    let indexed = hits(&before)[0].clone();
    edit(&path, |t| {
        format!("Editor's note: this article was updated.\n\n{t}")
    });
    let (after, code) = corpus.json(&["query", "\"foreign trips\"", "--json", "--selectors"]);
    assert_eq!(code, 0);
    let hit = &hits(&after)[0];
    assert_eq!(
        (hit["stale"].as_bool(), hit["anchor"].as_str()),
        (Some(true), Some("moved"))
    );
    assert_selectors(hit);
    assert_eq!(hit["text"], indexed["text"]);
    assert!(start(hit) > start(&indexed));
    for h in common::highlighted(hit) {
        assert_eq!(h.to_lowercase(), "foreign trips");
    }

    edit(&path, |t| {
        t.replacen("made 99 foreign", "made 120 foreign", 1)
    });
    let (changed, _) = corpus.json(&["query", "\"foreign trips\"", "--ndjson"]);
    assert_eq!(changed["anchor"], "changed");
    assert_span(&changed);

    edit(&path, |t| {
        let line = t.lines().find(|l| l.contains("foreign trips")).unwrap();
        t.replacen(line, "", 1)
    });
    let (orphaned, _) = corpus.json(&["query", "\"foreign trips\"", "--json", "--selectors"]);
    let hit = &hits(&orphaned)[0];
    assert_eq!(
        (hit["stale"].as_bool(), hit["anchor"].as_str()),
        (Some(true), Some("orphaned"))
    );
    assert_eq!(
        (start(hit), &hit["text"]),
        (start(&indexed), &indexed["text"])
    );
    assert!(hit.get("selector").is_none());
}

#[test]
fn fresh_hits_carry_no_anchor_and_selectors_only_when_asked() {
    let (doc, _) = common::json(&["query", "Taliban", "--json"]);
    for hit in hits(&doc) {
        assert!(hit.get("anchor").is_none() && hit.get("selector").is_none());
    }
    let (doc, _) = common::json(&[
        "show",
        &format!("{SEED}:100"),
        "--json",
        "--selectors",
        "-C",
        "1",
    ]);
    for p in doc["passages"].as_array().unwrap() {
        assert_selectors(p);
    }
}

#[test]
fn a_vanished_file_orphans_its_citations() {
    let (corpus, path) = corpus_with(&seed());
    let c = citation(&corpus, QUOTE);
    std::fs::remove_file(&path).unwrap();
    let (a, code) = anchor(&corpus, &c);
    assert_eq!((a["anchor"].as_str(), code), (Some("orphaned"), 1));
    let (doc, code) = corpus.json(&["query", "\"foreign trips\"", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(hits(&doc)[0]["anchor"], "orphaned");
}

#[test]
fn check_evidence_carries_selectors_and_anchors_as_a_batch() {
    let (corpus, path) = corpus_with(&seed());
    let claim = "Taliban cabinet members made 99 foreign trips in 2025";
    let (plain, _) = corpus.json(&["check", claim, "--json"]);
    assert!(plain["evidence"][0].get("selector").is_none());
    let (doc, code) = corpus.json(&["check", claim, "--json", "--selectors"]);
    assert_eq!(code, 0, "{doc}");
    let evidence = doc["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        assert_selectors(e);
    }
    edit(&path, |t| {
        format!("Updated: a correction was added.\n\n{t}")
    });
    let out = cite(&corpus.index)
        .args(["anchor", "--json", "--batch", "-"])
        .write_stdin(doc.to_string())
        .output()
        .unwrap();
    let answers: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        answers.len(),
        evidence.len(),
        "one answer per piece of evidence"
    );
    for (a, e) in answers.iter().zip(evidence) {
        assert_eq!(a["anchor"], "moved");
        assert_eq!(a["text"], e["text"]);
        assert_eq!(a["was"]["byte_start"], e["byte_start"]);
        assert_span(a);
    }
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_query_table_says_how_a_stale_hit_was_reanchored() {
    let (corpus, path) = corpus_with(&seed());
    let table = |corpus: &TempCorpus| {
        let out = cite(&corpus.index)
            .args(["query", "\"foreign trips\"", "--color", "never"])
            .env("COLUMNS", "200")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!table(&corpus).contains("stale"));
    edit(&path, |t| {
        format!("Editor's note: this article was updated.\n\n{t}")
    });
    assert!(
        table(&corpus).contains("(stale, moved)"),
        "{}",
        table(&corpus)
    );
    edit(&path, |t| {
        t.replacen("made 99 foreign", "made 120 foreign", 1)
    });
    assert!(
        table(&corpus).contains("(stale, changed)"),
        "{}",
        table(&corpus)
    );
    edit(&path, |t| {
        let line = t.lines().find(|l| l.contains("foreign trips")).unwrap();
        t.replacen(line, "", 1)
    });
    assert!(
        table(&corpus).contains("(stale, orphaned)"),
        "{}",
        table(&corpus)
    );
}
