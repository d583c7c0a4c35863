//! `cite verify` on elided quotes whose ellipses leave out a negation or a number: the
//! quote then says something else than the source and is a misquote naming the word.

mod common;

use common::{TempCorpus, assert_span, json};
use serde_json::Value;

/// The verdict of `doc`, after checking its exit code and the span of every match.
fn checked(doc: &Value, code: i32) -> String {
    let verdict = doc["verdict"].as_str().expect("verdict").to_string();
    let stands = matches!(verdict.as_str(), "exact" | "normalized" | "elided");
    assert_eq!(code, if stands { 0 } else { 1 }, "{doc}");
    for m in doc["matches"].as_array().expect("matches") {
        assert_span(m);
    }
    verdict
}

/// The `(quote, source)` sides of the first match's differences.
fn differences(doc: &Value) -> Vec<(String, String)> {
    doc["matches"][0]["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            (
                d["quote"].as_str().unwrap().to_string(),
                d["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_ellipsis_that_drops_a_negation_or_a_number_in_the_seeds_is_a_misquote() {
    for (quote, left_out) in [
        ("the Taliban have … gone unnoticed", "not"),
        ("the decision did ... lead to wider normalisation", "not"),
        (
            "secondary schools for girls, closed for … days, would reopen",
            "1,400",
        ),
    ] {
        let (doc, code) = json(&["verify", quote, "--json"]);
        assert_eq!(checked(&doc, code), "misquote", "{quote}: {doc}");
        assert_eq!(
            differences(&doc),
            [(String::new(), left_out.to_string())],
            "{quote}: {doc}"
        );
        let text = doc["matches"][0]["text"].as_str().unwrap();
        assert!(text.contains(left_out), "{quote}: {text}");
    }
}

#[test]
fn the_seeds_real_elisions_still_stand() {
    for quote in [
        "Russia fears that these groups could destabilize Central Asia ... within Russian territory",
        "The Taliban also hosted … US delegations in Kabul",
    ] {
        let (doc, code) = json(&["verify", quote, "--json"]);
        assert_eq!(checked(&doc, code), "elided", "{quote}: {doc}");
        assert_eq!(differences(&doc), [], "{quote}: {doc}");
    }
}

#[test]
fn the_terminal_names_the_left_out_negation() {
    let (code, stdout, _) = common::outcome(common::cite(common::seeds_index()).args([
        "verify",
        "the Taliban have … gone unnoticed",
        "--color",
        "never",
    ]));
    assert_eq!(code, 1);
    assert!(stdout.contains("MISQUOTE"), "{stdout}");
    assert!(
        stdout.contains("an ellipsis leaves out a negation or a number"),
        "{stdout}"
    );
    assert!(stdout.contains("the quote leaves out “not”"), "{stdout}");
}

/// The GPL-3 as Debian ships it, hard-wrapped, in a corpus of its own.
fn gpl() -> Option<TempCorpus> {
    let text = std::fs::read_to_string("/usr/share/common-licenses/GPL-3").ok()?;
    Some(TempCorpus::new(&[("GPL-3.txt", text)]))
}

#[test]
fn in_a_hard_wrapped_licence_only_the_kept_words_sentences_count() {
    let Some(corpus) = gpl() else {
        return;
    };
    let verify = |quote: &str| {
        let (doc, code) = corpus.json(&["verify", quote, "--json"]);
        (checked(&doc, code), differences(&doc))
    };
    // Within one sentence, across a line break: the dropped `not` inverts it.
    let (verdict, diffs) = verify(
        "States should … allow patents to restrict development and use of software on general-purpose computers",
    );
    assert_eq!(verdict, "misquote");
    assert_eq!(diffs, [(String::new(), "not".to_string())]);
    let (verdict, diffs) = verify("Everyone is permitted to copy … but changing it is … allowed");
    assert_eq!(verdict, "misquote");
    assert_eq!(diffs, [(String::new(), "not".to_string())]);
    // Whole sentences left out with their negations (`should not`, `cannot`): the words
    // kept still say what the source says.
    let (verdict, diffs) = verify(
        "every program is threatened constantly by software patents. … To prevent this, the GPL assures that patents",
    );
    assert_eq!(verdict, "elided", "{diffs:?}");
    assert!(diffs.is_empty());
}
