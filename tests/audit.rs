//! `cite audit` through the binary: the draft fixture's verdicts and spans, every output
//! format, hostile text, exit codes and bad drafts.

mod common;

use common::{TempCorpus, assert_span, cite, json, root, seeds_index};
use serde_json::Value;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/draft.md";

/// Checks an item's span in the draft: the draft's bytes there are its text, and line and
/// column locate its first byte; and checks every match and piece of evidence in the sources.
fn assert_item(draft: &[u8], item: &Value) {
    let start = item["byte_start"].as_u64().unwrap() as usize;
    let end = item["byte_end"].as_u64().unwrap() as usize;
    assert!(start < end && end <= draft.len(), "bad span {start}..{end}");
    let text = std::str::from_utf8(&draft[start..end]).expect("span on character boundaries");
    assert_eq!(
        Some(text),
        item["text"].as_str(),
        "text differs from the draft's bytes"
    );
    let before = std::str::from_utf8(&draft[..start]).unwrap();
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    assert_eq!(item["line"].as_u64(), Some(line as u64), "line of {text:?}");
    assert_eq!(
        item["column"].as_u64(),
        Some(column as u64),
        "column of {text:?}"
    );
    for key in ["matches", "evidence"] {
        for m in item[key].as_array().into_iter().flatten() {
            assert_span(m);
        }
    }
}

/// `(kind, verdict, line, column, start of text)` of each item.
fn summary(doc: &Value) -> Vec<(String, String, u64, u64, String)> {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["verdict"].as_str().unwrap_or("-").to_string(),
                i["line"].as_u64().unwrap(),
                i["column"].as_u64().unwrap(),
                i["text"].as_str().unwrap().chars().take(24).collect(),
            )
        })
        .collect()
}

#[test]
fn the_fixture_gets_every_verdict_right_with_true_spans() {
    let (doc, code) = json(&["audit", FIXTURE, "--json"]);
    assert_eq!(code, 1, "the fixture holds misquotations");
    let draft = std::fs::read(root().join(FIXTURE)).unwrap();
    for item in doc["items"].as_array().unwrap() {
        assert_item(&draft, item);
    }
    let expected = [
        ("skipped", "-", 1, 3, "The Taliban’s lonely yea"),
        ("claim", "unsupported", 3, 1, "Taliban spokesperson Zab"),
        ("quotation", "exact", 3, 66, "Our embassies, consulate"),
        ("quotation", "exact", 5, 53, "several US delegations i"),
        (
            "quotation",
            "normalized",
            5,
            129,
            "the Taliban's most valua",
        ),
        ("quotation", "elided", 7, 21, "Russia fears that these "),
        ("quotation", "misquote", 9, 14, "The Taliban also hosted "),
        ("quotation", "misquote", 9, 97, "members of the Taliban c"),
        ("quotation", "misquote", 9, 184, "the decision did lead to"),
        ("quotation", "not_found", 9, 298, "The Taliban will hold fr"),
        ("quotation", "exact", 11, 3, "Moscow recognised the Ta"),
        ("claim", "supported", 13, 1, "Russia formally recognis"),
        ("claim", "contradicted", 14, 1, "Moscow recognised the Ta"),
        ("claim", "contradicted", 15, 1, "Taliban cabinet members "),
        ("claim", "disputed", 16, 1, "The Taliban administrati"),
        ("skipped", "-", 18, 1, "The story is far from ov"),
        ("skipped", "-", 18, 29, "Nobody can tell what com"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(k, v, l, c, t)| (k.into(), v.into(), l, c, t.into()))
        .collect();
    assert_eq!(summary(&doc), expected);

    let items = doc["items"].as_array().unwrap();
    let differences = |i: usize| items[i]["matches"][0]["differences"].clone();
    assert_eq!(differences(6)[0]["quote"], "UK");
    assert_eq!(differences(6)[0]["source"], "US");
    assert_eq!(differences(7)[0]["source"], "99");
    assert_eq!(differences(8)[0]["source"], "not");
    let conflicts = |i: usize| -> Vec<(String, String)> {
        common::conflicts(&items[i])
            .into_iter()
            .map(|(claim, source, _)| (claim, source))
            .collect()
    };
    assert!(conflicts(12).contains(&("August".into(), "July".into())));
    assert!(conflicts(13).contains(&("120".into(), "99".into())));
    assert!(conflicts(14).contains(&("40".into(), "29".into())));

    let s = &doc["summary"];
    assert_eq!(s["quotations"]["total"], 9);
    assert_eq!(s["quotations"]["stand"], 5);
    assert_eq!(s["quotations"]["misquote"], 3);
    assert_eq!(s["quotations"]["not_found"], 1);
    assert_eq!(s["claims"]["contradicted"], 2);
    assert_eq!(s["claims"]["disputed"], 1);
    assert_eq!(s["skipped"], 3);
    assert_eq!(s["problems"], 7);
    assert_eq!(doc["draft"], FIXTURE);
}

#[test]
fn ndjson_prints_the_same_items_one_per_line() {
    let (doc, _) = json(&["audit", FIXTURE, "--json"]);
    let out = cite(seeds_index())
        .args(["audit", FIXTURE, "--ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, doc["items"].as_array().unwrap());
}

#[test]
fn the_terminal_report_marks_verdicts_without_colour_and_sums_up() {
    let out = cite(seeds_index())
        .args(["audit", FIXTURE, "--color", "never"])
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no colour asked for");
    for line in [
        "✓ quotation exact",
        "✗ quotation misquote",
        "? quotation not found",
        "✗ claim contradicted",
        "! claim disputed",
        "✓ claim supported",
        "· skipped",
        "differs: “120” → “99”",
        "quotations: 9 checked: 5 stand (3 exact, 1 normalized, 1 elided), 3 misquoted, 1 not found",
        "claims: 5 checked: 1 supported, 2 contradicted, 1 disputed, 1 unsupported",
        "result: 7 problems to look at",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    let coloured = cite(seeds_index())
        .args(["audit", FIXTURE, "--color", "always"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(coloured.stdout)
            .unwrap()
            .contains("\x1b[1;31m✗")
    );
}

#[test]
fn markdown_has_the_problems_first_and_a_footnote_per_checked_item() {
    let out = cite(seeds_index())
        .args(["audit", FIXTURE, "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    let problems = md.find("## Problems").unwrap();
    let draft = md.find("## Draft").unwrap();
    assert!(problems < draft);
    let table = &md[problems..draft];
    assert_eq!(
        table.matches("| [^").count(),
        8,
        "7 problems and 1 unsupported:\n{table}"
    );
    assert!(table.contains("`seeds/001_1ccf5c4f42c34ae7.txt:17:46`"));
    let notes = md.lines().filter(|l| l.starts_with("[^")).count();
    assert_eq!(notes, 14, "one footnote per quotation and claim");
    assert!(md.contains("made 120 foreign trips in 2025.”[^"));
}

#[test]
fn exit_zero_when_everything_stands_even_with_unsupported_claims() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("ok.txt");
    std::fs::write(
        &draft,
        "Khaama Press reported on Tuesday that the Taliban also hosted “several US delegations in Kabul during the year.”\n\
         Purple elephants negotiated a trade deal over the Hindu Kush in 1802.\n",
    )
    .unwrap();
    let (doc, code) = json(&["audit", draft.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["quotations"]["exact"], 1);
    assert_eq!(doc["summary"]["claims"]["unsupported"], 2);
}

#[test]
fn reads_the_draft_from_stdin() {
    let out = cite(seeds_index())
        .args(["audit", "-", "--json"])
        .write_stdin("He said “several US delegations in Kabul during the year” again.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["draft"], "-");
    assert_eq!(doc["items"][0]["verdict"], "exact");
    assert_eq!(doc["items"][0]["byte_start"], 11);
}

/// A corpus and a draft full of markup that must stay text.
fn hostile() -> (TempCorpus, std::path::PathBuf) {
    let article = "The council met on Monday. <script>document.title=\"PWNED\"</script> The mayor said the budget would rise by 12 percent next year.\n\
        A reader wrote \"><img src=x onerror=\"document.title='PWNED'\"> in the comments of the paper.\n\
        See [the plan](javascript:document.title='PWNED') for the details of the budget.\n";
    let corpus = TempCorpus::new(&[("article.txt", article)]);
    let draft = corpus.dir.path().join("draft.md");
    std::fs::write(
        &draft,
        "The mayor said “the budget would rise by 12 percent next year” <script>document.title='PWNED'</script>.\n\n\
         A reader wrote “\"><img src=x onerror=\"document.title='PWNED'\"> in the comments” of the paper.\n\n\
         See [the plan](javascript:alert(1)) and “[the plan](javascript:document.title='PWNED') for the details”.\n",
    )
    .unwrap();
    (corpus, draft)
}

#[test]
fn html_is_one_self_contained_page_with_everything_escaped() {
    let (corpus, draft) = hostile();
    let out = cite(&corpus.index)
        .arg("audit")
        .arg(&draft)
        .args(["--format", "html"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for forbidden in ["<script", "<img", "<iframe", "<object", "<link", "url("] {
        assert!(!html.contains(forbidden), "{forbidden:?} in the page");
    }
    for (at, _) in html.match_indices("href=\"") {
        assert!(html[at + 6..].starts_with('#'), "a link out of the page");
    }
    assert!(html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror="));
    assert!(html.contains("default-src 'none'"));
    let (doc, _) = json_of(&corpus, &draft);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(html.matches("<span class=\"item ").count(), items.len());
    let checked = items.iter().filter(|i| !i["verdict"].is_null()).count();
    assert_eq!(html.matches("<li id=\"note-").count(), checked);
    let quotes: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "quotation")
        .map(|i| i["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(quotes, ["exact", "exact", "exact"]);
}

#[test]
fn markdown_keeps_markup_from_sources_and_drafts_as_text() {
    let (corpus, draft) = hostile();
    let out = cite(&corpus.index)
        .arg("audit")
        .arg(&draft)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    for (at, _) in md.match_indices("](javascript:") {
        assert_eq!(&md[at - 1..at], "\\", "a live javascript: link in {md}");
    }
    assert!(md.contains("[the plan]\\(javascript:alert(1))"));
    assert!(md.contains("&lt;script>"));
}

fn json_of(corpus: &TempCorpus, draft: &Path) -> (Value, i32) {
    corpus.json(&["audit", draft.to_str().unwrap(), "--json"])
}

#[test]
fn hard_wrapped_text_nobody_here_wrote() {
    // The MIT licence, hard-wrapped as published; the draft quotes across its line breaks.
    let licence = "Permission is hereby granted, free of charge, to any person obtaining a copy\n\
        of this software and associated documentation files (the \"Software\"), to deal\n\
        in the Software without restriction, including without limitation the rights\n\
        to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n\
        copies of the Software, and to permit persons to whom the Software is\n\
        furnished to do so, subject to the following conditions:\n";
    let corpus = TempCorpus::new(&[("MIT.txt", licence)]);
    let draft = corpus.dir.path().join("draft.txt");
    std::fs::write(
        &draft,
        "The licence grants rights \"to use, copy, modify, merge, publish, distribute,\n\
         sublicense, and/or sell copies of the Software\" to anyone, and 'without\n\
         restriction, including with limitation the rights' too.\n",
    )
    .unwrap();
    let (doc, code) = json_of(&corpus, &draft);
    assert_eq!(code, 1);
    let bytes = std::fs::read(&draft).unwrap();
    let items = doc["items"].as_array().unwrap();
    for item in items {
        assert_item(&bytes, item);
    }
    let quotes: Vec<(&str, &str)> = items
        .iter()
        .filter(|i| i["kind"] == "quotation")
        .map(|i| (i["verdict"].as_str().unwrap(), i["text"].as_str().unwrap()))
        .collect();
    assert_eq!(quotes.len(), 2, "{doc}");
    assert_eq!(quotes[0].0, "normalized");
    assert!(quotes[0].1.starts_with("to use") && quotes[0].1.ends_with("of the Software"));
    assert_eq!(quotes[1].0, "misquote");
    assert_eq!(
        items.iter().filter(|i| i["kind"] != "quotation").count(),
        0,
        "one sentence, holding quotations and nothing checkable besides"
    );
}

#[test]
fn bad_drafts_get_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.md", Vec::new(), "is empty"),
        ("blank.md", b"  \n\n\t\n".to_vec(), "is empty"),
        ("binary.md", b"PK\x03\x04\x00\x00binary".to_vec(), "binary"),
        (
            "latin1.txt",
            b"Le caf\xe9 \xab ouvert \xbb.".to_vec(),
            "not UTF-8",
        ),
        ("utf16.txt", b"\xff\xfeH\x00i\x00".to_vec(), "UTF-16"),
        ("dashes.md", "—————\n***\n".as_bytes().to_vec(), "no text"),
        (
            "huge.md",
            "A sentence about 12 things. ".repeat(200_000).into_bytes(),
            "MB",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = cite(seeds_index())
            .arg("audit")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.starts_with("cite: error: ")
                && stderr.contains(says)
                && stderr.lines().count() == 1,
            "{name}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{name}");
    }
    let out = cite(seeds_index())
        .args(["audit", "no/such/draft.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unbalanced_marks_are_warned_about_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    std::fs::write(
        &path,
        "He said “several US delegations in Kabul during the year and never closed it.\n\n\
         Moscow recognised the Taliban administration in July.\n",
    )
    .unwrap();
    let out = cite(seeds_index())
        .arg("audit")
        .arg(&path)
        .arg("--json")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("draft.md:1:9: quotation mark “ is never closed"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["claim", "claim"],
        "no quotation: the mark is never closed"
    );
    assert_eq!(doc["items"][1]["verdict"], "supported");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_bom_and_crlf_line_ends_keep_offsets_true() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    let text = "\u{feff}First line here.\r\nHe said “several US delegations in Kabul during the year”.\r\n";
    std::fs::write(&path, text).unwrap();
    let (doc, code) = json(&["audit", path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    for item in doc["items"].as_array().unwrap() {
        assert_item(text.as_bytes(), item);
    }
    assert_eq!(doc["items"][0]["text"], "First line here.");
    assert_eq!(doc["items"][1]["line"], 2);
}
