//! `cite verify` and bracketed insertions: an insertion stands for one to eight source words
//! and says the same; one that adds words, negates, drops a negation or brings a number of its
//! own makes a misquote naming it. On the seeds and on hard-wrapped licences.

mod common;

use common::{TempCorpus, assert_span, json};
use serde_json::{Value, json};

/// Checks the offset invariant of every match and fragment, and the exit code of the verdict.
fn checked(doc: &Value, code: i32) -> &str {
    let verdict = doc["verdict"].as_str().unwrap();
    let stands = matches!(verdict, "exact" | "normalized" | "elided");
    assert_eq!(code, if stands { 0 } else { 1 }, "{doc}");
    for m in doc["matches"].as_array().unwrap() {
        assert_span(m);
    }
    verdict
}

fn differences(doc: &Value) -> &Value {
    &doc["matches"][0]["differences"]
}

#[test]
fn added_or_negating_insertions_are_misquotes_on_the_seeds() {
    let cases = [
        (
            "The Taliban have [not] denied the allegations",
            json!([{"quote": "not", "source": ""}]),
        ),
        (
            "The Taliban [never] denied the allegations",
            json!([{"quote": "never", "source": "have"}]),
        ),
    ];
    for (quote, expected) in cases {
        let (doc, code) = json(&["verify", quote, "--json"]);
        assert_eq!(checked(&doc, code), "misquote", "{quote}: {doc}");
        let named: Vec<Value> = differences(&doc)
            .as_array()
            .unwrap()
            .iter()
            .map(|d| json!({"quote": d["quote"], "source": d["source"]}))
            .collect();
        assert_eq!(Value::from(named), expected, "{quote}");
    }
}

#[test]
fn editorial_insertions_stay_elided_on_the_seeds() {
    for quote in [
        "[They] have denied the allegations",
        "The Taliban [have] denied the allegations",
        "[T]he Taliban have denied the allegations [sic]",
    ] {
        let (doc, code) = json(&["verify", quote, "--json"]);
        let verdict = checked(&doc, code);
        assert!(
            matches!(verdict, "elided" | "exact" | "normalized"),
            "{quote}: {doc}"
        );
        assert_eq!(differences(&doc), &json!([]), "{quote}");
    }
}

#[test]
fn insertions_across_hard_wrapped_lines() {
    let Ok(text) = std::fs::read_to_string("/usr/share/common-licenses/GPL-3") else {
        eprintln!("skipped: no /usr/share/common-licenses/GPL-3");
        return;
    };
    let mut files = vec![("GPL-3.txt".to_string(), text)];
    for name in ["Apache-2.0", "MIT", "BSD"] {
        if let Ok(t) = std::fs::read_to_string(format!("/usr/share/common-licenses/{name}")) {
            files.push((format!("{name}.txt"), t));
        }
    }
    let corpus = TempCorpus::new(&files);
    let stands = [
        "distributed in the hope that [the program] will be useful, but WITHOUT ANY WARRANTY",
        "[The program] will be useful, but WITHOUT ANY WARRANTY",
    ];
    for quote in stands {
        let (doc, code) = corpus.json(&["verify", quote, "--json"]);
        assert_eq!(checked(&doc, code), "elided", "{quote}: {doc}");
        assert!(
            !doc["matches"][0]["fragments"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
    let misquotes = [
        (
            "the hope that it will [not] be useful, but WITHOUT ANY WARRANTY",
            "not",
        ),
        (
            "it will be useful, but [with] any warranty; without even the implied warranty",
            "with",
        ),
    ];
    for (quote, word) in misquotes {
        let (doc, code) = corpus.json(&["verify", quote, "--json"]);
        assert_eq!(checked(&doc, code), "misquote", "{quote}: {doc}");
        let named = differences(&doc).as_array().unwrap();
        assert!(named.iter().any(|d| d["quote"] == word), "{quote}: {doc}");
    }
}
