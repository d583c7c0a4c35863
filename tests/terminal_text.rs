//! The terminal prints a hard-wrapped source's text as a reader reads it: a line break and
//! the next line's indentation are one space, while the JSON keeps the exact bytes.

mod common;

use common::{TempCorpus, assert_span, at_width};

/// The Apache licence as Debian ships it: hard-wrapped, each definition indented six spaces.
fn apache() -> Option<TempCorpus> {
    let text = std::fs::read_to_string("/usr/share/common-licenses/Apache-2.0").ok()?;
    Some(TempCorpus::new(&[("Apache-2.0.txt", text)]))
}

const QUOTE: &str = "\"License\" shall mean the terms and conditions for use, reproduction, and distribution as defined by Sections 1 through 9 of this document";

#[test]
fn verify_prints_a_wrapped_and_indented_quote_with_single_spaces() {
    let Some(corpus) = apache() else {
        return;
    };
    let (doc, code) = corpus.json(&["verify", QUOTE, "--json"]);
    assert_eq!(code, 0, "{doc}");
    let m = &doc["matches"][0];
    assert_span(m);
    let text = m["text"].as_str().unwrap();
    assert!(text.contains("reproduction,\n      and"), "{text:?}");
    for width in [80, 200] {
        let out = at_width(&corpus.index, &["verify", QUOTE, "--color", "never"], width);
        let quoted: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("  > ")).collect();
        assert!(!quoted.is_empty(), "{out}");
        for line in &quoted {
            assert!(
                !line.contains("  "),
                "a run of spaces at {width} columns: {line:?}"
            );
            assert_eq!(line.trim(), *line, "{line:?}");
        }
        let joined = quoted.join(" ");
        assert!(
            joined.contains("reproduction, and distribution"),
            "{joined}"
        );
    }
}

#[test]
fn show_prints_the_passage_with_single_spaces_too() {
    let Some(corpus) = apache() else {
        return;
    };
    let (doc, _) = corpus.json(&["verify", QUOTE, "--json"]);
    let m = &doc["matches"][0];
    let location = format!(
        "{}:{}-{}",
        m["source"].as_str().unwrap(),
        m["byte_start"],
        m["byte_end"]
    );
    let out = at_width(&corpus.index, &["show", &location, "--color", "never"], 100);
    assert!(out.contains("reproduction, and distribution"), "{out}");
    assert!(!out.contains("reproduction,  "), "{out}");
}

#[test]
fn check_prints_wrapped_evidence_with_single_spaces() {
    let Some(corpus) = apache() else {
        return;
    };
    let claim = "License means the terms and conditions for use, reproduction, and distribution defined by Sections 1 through 9";
    let out = at_width(&corpus.index, &["check", claim, "--color", "never"], 100);
    let quoted: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("  > ")).collect();
    assert!(!quoted.is_empty(), "{out}");
    assert!(quoted.iter().all(|l| !l.contains("  ")), "{out}");
    assert!(
        quoted.join(" ").contains("reproduction, and distribution"),
        "{out}"
    );
}
