//! A misquote that differs from its source only in punctuation names what differs, through
//! `verify`, its terminal output and `anchor`.

mod common;

use common::{TempCorpus, assert_span, cite, json, outcome, seeds_index};
use serde_json::Value;

/// The `(quote, source)` sides of the differences of `m`.
fn sides(m: &Value) -> Vec<(String, String)> {
    m["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            let side = |k: &str| d[k].as_str().unwrap().to_string();
            (side("quote"), side("source"))
        })
        .collect()
}

fn pair(quote: &str, source: &str) -> (String, String) {
    (quote.to_string(), source.to_string())
}

#[test]
fn verify_names_the_punctuation_a_misquote_changes_in_the_seeds() {
    for (quote, expected) in [
        // The source's own quotation marks left out of the quoted words.
        ("a true Afghan syndrome", pair("Afghan", "“Afghan")),
        (
            "The Taliban also hosted several US delegations in Kabul, during the year",
            pair("Kabul,", "Kabul"),
        ),
        (
            "THE MURKY U.S. TALIBAN DOHA DEAL",
            pair("U.S. TALIBAN", "U.S.-Taliban"),
        ),
    ] {
        let (doc, code) = json(&["verify", quote, "--json"]);
        assert_eq!(code, 1, "{doc}");
        assert_eq!(doc["verdict"], "misquote", "{quote}: {doc}");
        let m = &doc["matches"][0];
        assert_span(m);
        assert_eq!(sides(m), [expected], "{quote}: {doc}");
    }
}

#[test]
fn the_terminal_prints_the_punctuation_difference() {
    let (code, stdout, _) = outcome(cite(seeds_index()).args([
        "verify",
        "The Taliban also hosted several US delegations in Kabul, during the year",
        "--color",
        "never",
    ]));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("the quote says “Kabul,” where the source says “Kabul”"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the same words, punctuated otherwise"),
        "{stdout}"
    );
}

#[test]
fn anchor_names_a_punctuation_change() {
    let citation = r#"{"source": "seeds/001_1ccf5c4f42c34ae7.txt", "byte_start": 905, "byte_end": 976,
        "text": "The Taliban also hosted several US delegations in Kabul, during the year"}"#;
    let (doc, code) = json(&["anchor", citation, "--json"]);
    assert_eq!(code, 1);
    assert_eq!(doc["anchor"], "changed", "{doc}");
    assert_eq!(sides(&doc), [pair("Kabul,", "Kabul")], "{doc}");
}

#[test]
fn in_a_hard_wrapped_licence_across_a_line_break() {
    let Ok(text) = std::fs::read_to_string("/usr/share/common-licenses/GPL-3") else {
        return;
    };
    let corpus = TempCorpus::new(&[("GPL-3.txt", text)]);
    let (doc, code) = corpus.json(&[
        "verify",
        "States should not allow patents to restrict development and use of software; on general-purpose computers",
        "--json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(doc["verdict"], "misquote", "{doc}");
    let m = &doc["matches"][0];
    assert_span(m);
    assert_eq!(sides(m), [pair("software;", "software")], "{doc}");
}
