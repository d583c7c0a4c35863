//! `cite verify` through the real binary: every verdict on quotes from the seeds, the JSON
//! contract and its offsets, batches, odd input, and a stale index.

mod common;

use common::{TempCorpus, assert_span, cite, json, json_in, root, seeds_index, write_file};
use serde_json::Value;
use std::io::Write;
use std::time::{Duration, Instant};

/// The keys of a match in issue 3's JSON contract.
const MATCH_KEYS: [&str; 10] = [
    "source",
    "byte_start",
    "byte_end",
    "line",
    "column",
    "text",
    "verdict",
    "similarity",
    "differences",
    "fragments",
];

/// Runs `cite verify QUOTE --json` on the seeds; checks the document's shape, the exit code
/// against the verdict, and the offset invariant on every match.
fn verify(quote: &str) -> Value {
    let (doc, code) = json(&["verify", quote, "--json"]);
    check_report(&doc, code);
    doc
}

fn check_report(doc: &Value, code: i32) {
    let verdict = doc["verdict"].as_str().expect("verdict");
    let stands = matches!(verdict, "exact" | "normalized" | "elided");
    assert_eq!(code, if stands { 0 } else { 1 }, "exit code for {verdict}");
    assert!(doc["quote"].is_string());
    let matches = doc["matches"].as_array().expect("matches");
    assert_eq!(verdict == "not_found", matches.is_empty(), "{doc}");
    if let Some(first) = matches.first() {
        assert_eq!(
            first["verdict"], verdict,
            "the first match carries the verdict"
        );
    }
    for m in matches {
        for key in MATCH_KEYS {
            assert!(m.get(key).is_some(), "match without {key}: {m}");
        }
        let similarity = m["similarity"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&similarity), "{similarity}");
        assert_span(m);
    }
}

fn verdict(doc: &Value) -> &str {
    doc["verdict"].as_str().unwrap()
}

fn matches(doc: &Value) -> &[Value] {
    doc["matches"].as_array().unwrap()
}

fn texts(doc: &Value) -> Vec<&str> {
    matches(doc)
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect()
}

fn differences(m: &Value) -> Vec<(String, String)> {
    m["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let side = |k: &str| d[k].as_str().unwrap().to_string();
            (side("quote"), side("source"))
        })
        .collect()
}

/// Every (source, byte offset) where `needle` occurs in the seeds, found by a plain scan.
fn occurrences_in_seeds(needle: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = format!("seeds/{}", path.file_name().unwrap().to_string_lossy());
        found.extend(text.match_indices(needle).map(|(at, _)| (name.clone(), at)));
    }
    found
}

#[test]
fn the_outside_checks_quotes_get_their_verdicts() {
    let cases = [
        ("a true “Afghan syndrome,”", &["exact"][..]),
        (
            "The Taliban also hosted several US delegations in Kabul during the year",
            &["exact"],
        ),
        (
            "the Taliban's most valuable asset in dealings with both regional and Western governments",
            &["normalized"],
        ),
        ("THE MURKY U.S.-TALIBAN DOHA DEAL", &["normalized"]),
        (
            "Russia fears that these groups could destabilize Central Asia ... within Russian territory",
            &["elided"],
        ),
        (
            "The Taliban also hosted several UK delegations in Kabul during the year",
            &["misquote"],
        ),
        (
            "Purple elephants negotiated a trade deal over the Hindu Kush in 1802",
            &["not_found", "misquote"],
        ),
    ];
    for (quote, expected) in cases {
        let doc = verify(quote);
        assert!(expected.contains(&verdict(&doc)), "{quote}: {doc}");
    }
}

#[test]
fn exact_quotes_may_end_in_punctuation_but_not_inside_words() {
    let quote = "a true “Afghan syndrome,”";
    let doc = verify(quote);
    assert_eq!(verdict(&doc), "exact");
    assert_eq!(texts(&doc), [quote]);
    assert_eq!(matches(&doc)[0]["similarity"], 1.0);
    let doc = verify("rue “Afghan syndr");
    assert_eq!(verdict(&doc), "misquote", "{doc}");
    let m = &matches(&doc)[0];
    assert_eq!(m["text"], "true “Afghan syndrome");
    assert_eq!(m["mid_word"], true);
    assert_eq!(
        differences(m),
        [
            ("rue".to_string(), "true".to_string()),
            ("syndr".to_string(), "syndrome".to_string())
        ]
    );
}

#[test]
fn exact_lists_every_occurrence_in_every_source() {
    for quote in [
        "Taliban spokesperson Zabihullah Mujahid",
        "the Doha Agreement",
        "Kabulov",
    ] {
        let expected = occurrences_in_seeds(quote);
        assert!(!expected.is_empty(), "{quote}");
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "exact");
        let exact: Vec<(String, usize)> = matches(&doc)
            .iter()
            .filter(|m| m["verdict"] == "exact")
            .map(|m| {
                let source = m["source"].as_str().unwrap().to_string();
                (source, m["byte_start"].as_u64().unwrap() as usize)
            })
            .collect();
        assert_eq!(exact, expected, "{quote}");
    }
    let sources: std::collections::BTreeSet<String> =
        occurrences_in_seeds("Taliban spokesperson Zabihullah Mujahid")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
    assert!(sources.len() >= 2, "the quote stands in several articles");
}

#[test]
fn exact_matches_come_first_then_normalized_ones() {
    let quote = "the Taliban’s";
    let doc = verify(quote);
    assert_eq!(verdict(&doc), "exact");
    let verdicts: Vec<&str> = matches(&doc)
        .iter()
        .map(|m| m["verdict"].as_str().unwrap())
        .collect();
    let first_normalized = verdicts
        .iter()
        .position(|v| *v == "normalized")
        .expect("capitalised occurrences are normalized matches");
    assert!(
        verdicts[first_normalized..]
            .iter()
            .all(|v| *v == "normalized")
    );
    for m in matches(&doc) {
        let text = m["text"].as_str().unwrap();
        assert_eq!(m["verdict"] == "exact", text == quote, "{text}");
        assert_eq!(text.to_lowercase().replace('\'', "’"), quote.to_lowercase());
    }
    let seeds: usize = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let lower = text.to_lowercase().replace('\'', "’");
            lower.matches("the taliban’s").count()
        })
        .sum();
    assert_eq!(
        matches(&doc).len(),
        seeds,
        "every occurrence, in every case"
    );
}

#[test]
fn retyped_typography_case_and_line_breaks_are_normalized() {
    let cases = [
        ("a true \"Afghan syndrome,\"", "a true “Afghan syndrome,”"),
        ("A TRUE “AFGHAN SYNDROME,”", "a true “Afghan syndrome,”"),
        (
            "the Taliban's most valuable asset",
            "the Taliban’s most valuable asset",
        ),
        (
            "the murky U.S. – Taliban Doha deal",
            "The murky U.S.-Taliban Doha Deal",
        ),
        (
            "the murky U.S.--Taliban Doha deal",
            "The murky U.S.-Taliban Doha Deal",
        ),
        (
            "The Taliban also hosted\nseveral US   delegations",
            "The Taliban also hosted several US delegations",
        ),
        (
            "refusal to recognise the group. After returning to office",
            "refusal to recognise the group.\n\nAfter returning to office",
        ),
    ];
    for (quote, source) in cases {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "normalized", "{quote}: {doc}");
        assert_eq!(texts(&doc), [source], "{quote}");
    }
}

#[test]
fn elided_quotes_report_the_whole_span_and_each_fragment() {
    for quote in [
        "Russia fears that these groups could destabilize Central Asia ... within Russian territory",
        "Russia fears that these groups could destabilize Central Asia … within Russian territory",
        "Russia fears that these groups could destabilize Central Asia [...] within Russian territory",
        "russia fears that these groups could destabilize Central Asia, [...] within Russian territory.",
        "“Russia fears that these groups could destabilize Central Asia … within Russian territory”",
    ] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "elided", "{quote}: {doc}");
        let m = &matches(&doc)[0];
        assert_eq!(
            m["text"].as_str().unwrap(),
            format!(
                "Russia fears that these groups could destabilize Central Asia or launch attacks within Russian territory{}",
                if quote.ends_with('.') { "." } else { "" }
            )
        );
        let source = std::fs::read_to_string(root().join(m["source"].as_str().unwrap())).unwrap();
        let fragments: Vec<&str> = m["fragments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                &source[f["byte_start"].as_u64().unwrap() as usize
                    ..f["byte_end"].as_u64().unwrap() as usize]
            })
            .collect();
        assert_eq!(
            fragments[0],
            "Russia fears that these groups could destabilize Central Asia"
        );
        assert_eq!(
            fragments[1].trim_end_matches('.'),
            "within Russian territory"
        );
        let similarity = m["similarity"].as_f64().unwrap();
        assert!(similarity > 0.7 && similarity < 1.0, "{similarity}");
    }
}

#[test]
fn elided_fragments_may_sit_in_adjacent_passages_but_must_be_in_order() {
    let doc = verify(
        "the United States maintained its refusal to recognise the group … US President Donald Trump halted American financial assistance",
    );
    assert_eq!(verdict(&doc), "elided", "{doc}");
    assert!(
        texts(&doc)[0].contains("\n\n"),
        "the span crosses the paragraph break"
    );

    let reversed =
        verify("within Russian territory ... Russia fears that these groups could destabilize");
    assert_ne!(verdict(&reversed), "elided", "{reversed}");
}

#[test]
fn bracketed_insertions_stand_for_a_few_source_words() {
    let doc = verify("The Taliban seized political control of [Afghanistan] on August 15, 2021");
    assert_eq!(verdict(&doc), "elided", "{doc}");
    assert_eq!(
        texts(&doc),
        ["The Taliban seized political control of the country on August 15, 2021"]
    );
    let doc = verify("[T]he Taliban seized political control of the country");
    assert_eq!(verdict(&doc), "elided", "{doc}");
    assert_eq!(matches(&doc)[0]["similarity"], 1.0);
    let too_long =
        verify("The Taliban seized political control [of it] known as the Doha Agreement");
    assert_ne!(verdict(&too_long), "elided", "{too_long}");
}

#[test]
fn misquotes_report_the_changed_words() {
    let cases = [
        (
            "The Taliban also hosted several UK delegations in Kabul during the year",
            ("UK", "US"),
            "The Taliban also hosted several US delegations in Kabul during the year",
        ),
        (
            "the Taliban administration has diplomatic relations with 41 countries",
            ("41", "40"),
            "the Taliban administration has diplomatic relations with 40 countries",
        ),
        (
            "Russian President Dmitry Medvedev said in October",
            ("Dmitry Medvedev", "Vladimir Putin"),
            "Russian President Vladimir Putin said in October",
        ),
        (
            "relations between Washington and the Taliban did improve",
            ("", "not"),
            "relations between Washington and the Taliban did not improve",
        ),
        (
            "the decision did lead to wider normalisation of ties",
            ("", "not"),
            "the decision did not lead to wider normalisation of ties",
        ),
        (
            "Moscow recognised the Taliban administration in August",
            ("August", "July"),
            "Moscow recognised the Taliban administration in July",
        ),
    ];
    for (quote, (said, source), text) in cases {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "misquote", "{quote}: {doc}");
        let m = &matches(&doc)[0];
        assert_eq!(m["text"], text, "{quote}");
        assert_eq!(
            differences(m),
            [(said.to_string(), source.to_string())],
            "{quote}"
        );
        let similarity = m["similarity"].as_f64().unwrap();
        assert!((0.6..1.0).contains(&similarity), "{quote}: {similarity}");
    }
}

#[test]
fn unrelated_text_is_not_found() {
    for quote in [
        "Purple elephants negotiated a trade deal over the Hindu Kush in 1802",
        "zzxq qqzx",
        "Taliban\u{7} \u{1b}[31m 👍🏽 emoji",
    ] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "not_found", "{quote}: {doc}");
    }
}

#[test]
fn empty_and_wordless_quotes_are_clear_errors() {
    for quote in ["", "   \n\t", "?!", "“ — … ”", "[...]"] {
        let out = cite(seeds_index())
            .args(["verify", quote, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{quote:?}");
        assert!(out.stdout.is_empty(), "{quote:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("cite: error: the quote"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn huge_quotes_answer_in_bounded_time() {
    let whole = std::fs::read_to_string(root().join("seeds/000_7a3608f8faa100c4.txt")).unwrap();
    let unrelated = "elephant parade ".repeat(7_000);
    assert!(unrelated.len() > 100_000);
    let cases = [(whole.as_str(), "exact"), (unrelated.as_str(), "not_found")];
    for (quote, expected) in cases {
        let started = Instant::now();
        let out = cite(seeds_index())
            .args(["verify", "-", "--json"])
            .write_stdin(quote)
            .output()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(20));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        check_report(&doc, out.status.code().unwrap());
        assert_eq!(verdict(&doc), expected);
    }
}

#[test]
fn stdin_quotes_and_batches() {
    let out = cite(seeds_index())
        .args(["verify", "-", "--json"])
        .write_stdin("THE MURKY U.S.-TALIBAN DOHA DEAL\n")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict(&doc), "normalized");
    assert_eq!(doc["quote"], "THE MURKY U.S.-TALIBAN DOHA DEAL");

    let lines = [
        "a true “Afghan syndrome,”",
        "THE MURKY U.S.-TALIBAN DOHA DEAL",
        "The Taliban also hosted several UK delegations in Kabul during the year",
    ];
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("quotes.txt");
    write_file(
        &batch,
        &format!("{}\n\n{}\n{}\n", lines[0], lines[1], lines[2]),
    );
    let out = cite(seeds_index())
        .args(["verify", "--json", "--batch"])
        .arg(&batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one quote does not stand");
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let quotes: Vec<&str> = docs.iter().map(|d| d["quote"].as_str().unwrap()).collect();
    assert_eq!(quotes, lines);
    let verdicts: Vec<&str> = docs.iter().map(verdict).collect();
    assert_eq!(verdicts, ["exact", "normalized", "misquote"]);
    for doc in &docs {
        for m in matches(doc) {
            assert_span(m);
        }
    }

    let out = cite(seeds_index())
        .args(["verify", "--batch", "-", "--json"])
        .write_stdin(format!("{}\n{}\n", lines[0], lines[1]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "every quote stands");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);

    let out = cite(seeds_index())
        .args(["verify", "--batch", "-", "--json"])
        .write_stdin(format!("{}\n?!\n", lines[0]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a quote could not be checked");
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["quote"], "?!");
    assert!(docs[1]["error"].as_str().unwrap().contains("no words"));
    assert!(String::from_utf8(out.stderr).unwrap().contains("line 2"));
}

#[test]
fn terminal_output_names_the_verdict_and_marks_the_differences() {
    let run = |quote: &str, color: &str| {
        let out = cite(seeds_index())
            .args(["verify", quote, "--color", color])
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        (String::from_utf8(out.stdout).unwrap(), out.status.code())
    };
    let (plain, code) = run(
        "The Taliban also hosted several UK delegations in Kabul during the year",
        "never",
    );
    assert_eq!(code, Some(1));
    assert!(plain.contains("MISQUOTE"), "{plain}");
    assert!(
        plain.contains("seeds/001_1ccf5c4f42c34ae7.txt:13:1"),
        "{plain}"
    );
    assert!(
        plain.contains("several [[US]] delegations"),
        "the differing word is marked: {plain}"
    );
    assert!(plain.contains("the quote says “UK” where the source says “US”"));
    assert!(
        plain.contains("serious problems remained."),
        "context before: {plain}"
    );
    assert!(
        plain.contains("visits that resulted"),
        "context after: {plain}"
    );
    assert!(!plain.contains('\x1b'));

    let (coloured, _) = run(
        "The Taliban also hosted several UK delegations in Kabul during the year",
        "always",
    );
    assert!(coloured.contains("\x1b[1;31mUS\x1b[0m"), "{coloured:?}");

    let (exact, code) = run("a true “Afghan syndrome,”", "never");
    assert_eq!(code, Some(0));
    assert!(exact.contains("EXACT"), "{exact}");
    assert!(exact.contains("> a true “Afghan syndrome,”"), "{exact}");

    let (elided, _) = run(
        "Russia fears that these groups could destabilize Central Asia ... within Russian territory",
        "never",
    );
    assert!(elided.contains("ELIDED"), "{elided}");
    assert!(elided.contains("[[or launch attacks]]"), "{elided}");

    let (missing, code) = run("Purple elephants negotiated a trade deal", "never");
    assert_eq!(code, Some(1));
    assert!(missing.contains("NOT FOUND"), "{missing}");
}

#[test]
fn a_stale_index_never_yields_a_false_exact() {
    let corpus = TempCorpus::new(&[
        (
            "a.txt",
            "Intro line.\n\nThe envoy met officials in Doha on 3 March and left.\n",
        ),
        ("b.txt", "Nothing about envoys here.\n"),
    ]);
    let quote = "The envoy met officials in Doha on 3 March";
    let (doc, code) = corpus.json(&["verify", quote, "--json"]);
    assert_eq!((verdict(&doc), code), ("exact", 0));

    let path = corpus.docs.join("a.txt");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    file.write_all(
        "A new first paragraph shifts every offset.\n\nIntro line.\n\nThe envoy met officials in Doha on 4 March and left.\n"
            .as_bytes(),
    )
    .unwrap();
    drop(file);
    let (doc, code) = corpus.json(&["verify", quote, "--json"]);
    assert_eq!((verdict(&doc), code), ("misquote", 1), "{doc}");
    let m = &matches(&doc)[0];
    assert_span(m);
    assert_eq!(m["text"], "The envoy met officials in Doha on 4 March");
    assert_eq!(differences(m), [("3".to_string(), "4".to_string())]);

    let moved = "Intro line.\n\nThe envoy met officials in Doha on 4 March";
    let (doc, _) = corpus.json(&["verify", moved, "--json"]);
    assert_eq!(verdict(&doc), "exact", "{doc}");
    let m = &matches(&doc)[0];
    assert_span(m);
    assert_eq!(
        m["byte_start"], 44,
        "offsets are into the file as it is now"
    );
}

#[test]
fn quotes_in_several_files_list_each() {
    let corpus = TempCorpus::new(&[
        ("one.txt", "He said the talks had “stalled — again.”\n"),
        (
            "two.md",
            "Reports: The talks had \"stalled -- again.\" Later, the talks had “stalled — again.”\n",
        ),
        ("three.txt", "Unrelated text.\n"),
    ]);
    let (doc, code) = json_in(
        &corpus.index,
        &["verify", "the talks had “stalled — again.”", "--json"],
    );
    assert_eq!((verdict(&doc), code), ("exact", 0));
    let found: Vec<(String, &str, &str)> = matches(&doc)
        .iter()
        .map(|m| {
            assert_span(m);
            let source = m["source"].as_str().unwrap();
            let name = source.rsplit('/').next().unwrap().to_string();
            (
                name,
                m["verdict"].as_str().unwrap(),
                m["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "one.txt".to_string(),
                "exact",
                "the talks had “stalled — again.”"
            ),
            (
                "two.md".to_string(),
                "exact",
                "the talks had “stalled — again.”"
            ),
            (
                "two.md".to_string(),
                "normalized",
                "The talks had \"stalled -- again.\""
            ),
        ]
    );
}

#[test]
fn large_files_are_searched_around_the_candidate_passages() {
    let filler: String = (0..20_000)
        .map(|i| {
            format!("Paragraph {i} talks about weather, roads and “markets” — nothing else.\n\n")
        })
        .collect();
    let target = "The envoy said the ceasefire “would hold” until 12 May — and then left.\n\n";
    let text = format!("{filler}{target}{filler}Envoy coda: the ceasefire would hold.\n");
    assert!(text.len() > 2 << 20);
    let corpus = TempCorpus::new(&[("big.txt", &text)]);
    let cases = [
        (
            "the ceasefire “would hold” until 12 May",
            "exact",
            "the ceasefire “would hold” until 12 May",
        ),
        (
            "THE CEASEFIRE \"WOULD HOLD\" UNTIL 12 MAY - AND",
            "normalized",
            "the ceasefire “would hold” until 12 May — and",
        ),
        (
            "The envoy said ... until 12 May",
            "elided",
            "The envoy said the ceasefire “would hold” until 12 May",
        ),
        (
            "The envoy said the ceasefire would hold until 21 May",
            "misquote",
            "The envoy said the ceasefire “would hold” until 12 May",
        ),
    ];
    for (quote, expected, text) in cases {
        let (doc, _) = corpus.json(&["verify", quote, "--json"]);
        assert_eq!(verdict(&doc), expected, "{quote}: {doc}");
        let m = &matches(&doc)[0];
        assert_eq!(m["text"], text, "{quote}");
        assert_span(m);
        assert_eq!(m["line"], 40_001, "{quote}");
    }
}
