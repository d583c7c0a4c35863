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

/// Runs `cite verify QUOTE` for people on the seeds, without colour.
fn terminal(quote: &str) -> String {
    let out = cite(seeds_index())
        .args(["verify", quote, "--color", "never"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The first match's fragments as the source's text.
fn fragment_texts(m: &Value) -> Vec<String> {
    let source = std::fs::read_to_string(root().join(m["source"].as_str().unwrap())).unwrap();
    m["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let (s, e) = (
                f["byte_start"].as_u64().unwrap() as usize,
                f["byte_end"].as_u64().unwrap() as usize,
            );
            source[s..e].to_string()
        })
        .collect()
}

#[test]
fn pasted_quotes_stand_without_their_marks_and_say_what_was_trimmed() {
    let words = "The Taliban have denied the allegations";
    for (before, after) in [
        ("\"", ".\""),
        ("\"", "\"."),
        ("“", ".”"),
        ("“", "”."),
        ("“", ",”"),
        ("‘", ".’"),
        ("'", "'"),
        ("«", "»"),
        ("« ", " »."),
        ("„", "“"),
        ("»", "«"),
        ("", ","),
        ("", "…"),
        ("", "..."),
        ("… ", "."),
    ] {
        let quote = format!("{before}{words}{after}");
        let doc = verify(&quote);
        assert_eq!(verdict(&doc), "exact", "{quote}: {doc}");
        assert_eq!(texts(&doc), [words], "{quote}");
        assert_eq!(doc["trimmed"]["before"], before, "{quote}");
        assert_eq!(doc["trimmed"]["after"], after, "{quote}");
    }
    let out = terminal("“The Taliban have denied the allegations,”");
    assert!(out.contains("EXACT"), "{out}");
    assert!(
        out.contains(
            "trimmed: “ at the start and ,” at the end; the verdict is for the words between"
        ),
        "{out}"
    );

    for quote in ["a true “Afghan syndrome,”", "“Afghan syndrome,”"] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "exact", "{quote}: {doc}");
        assert_eq!(
            texts(&doc),
            [quote],
            "a quote that stands with its marks keeps them"
        );
        assert!(doc.get("trimmed").is_none(), "{doc}");
    }
    let doc = verify("“Russia fears that these groups could destabilize Central Asia.”");
    assert_eq!(verdict(&doc), "exact", "{doc}");
    assert_eq!(doc["trimmed"]["after"], ".”");
}

#[test]
fn a_quote_cut_inside_a_word_or_number_is_a_misquote_naming_the_whole_word() {
    let cases = [
        (
            "said it could no longer support 50",
            ("50", "500"),
            "said it could no longer support 500",
        ),
        (
            "a contribution of $736",
            ("736", "736.6"),
            "a contribution of $736.6",
        ),
        (
            "closed for over 1,40",
            ("1,40", "1,400"),
            "closed for over 1,400",
        ),
    ];
    for (quote, (said, source), text) in cases {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "misquote", "{quote}: {doc}");
        let m = &matches(&doc)[0];
        assert_eq!(m["text"], text, "{quote}");
        assert_eq!(m["mid_word"], true, "{quote}");
        assert_eq!(
            differences(m),
            [(said.to_string(), source.to_string())],
            "{quote}"
        );
    }
    let out = terminal("said it could no longer support 50");
    assert!(out.contains("only inside longer words"), "{out}");
    assert!(out.contains("support [[500]]"), "{out}");
    assert!(
        out.contains("the quote says “50” where the source says “500”"),
        "{out}"
    );

    for quote in ["accounting for 45 p", "accounting for 45 per"] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "misquote", "{quote}: {doc}");
        assert_eq!(texts(&doc)[0], "accounting for 45%", "{quote}");
    }

    let doc = verify("Kabulo");
    assert_eq!(verdict(&doc), "misquote", "{doc}");
    assert!(matches(&doc).iter().all(|m| m["mid_word"] == true));
    assert_eq!(texts(&doc)[0], "Kabulov");

    for (quote, stands_before) in [
        ("Islamabad", "Islamabad’s"),
        ("the U.S", "the U.S."),
        ("foreign trips in 2025", "foreign trips in 2025,"),
    ] {
        let doc = verify(quote);
        assert!(
            matches!(verdict(&doc), "exact" | "normalized"),
            "{quote}: {doc}"
        );
        let seeds_hold = occurrences_in_seeds(stands_before);
        assert!(!seeds_hold.is_empty(), "{stands_before}");
        for (source, at) in seeds_hold {
            assert!(
                matches(&doc)
                    .iter()
                    .any(|m| m["source"] == source.as_str() && m["byte_start"] == at),
                "{quote} stands before the edge of {stands_before} at {source}:{at}"
            );
        }
    }
}

/// Every place in the seeds where `word` stands as a whole word, any case (ASCII).
fn whole_words_in_seeds(word: &str) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let lower = text.to_ascii_lowercase();
        for (at, _) in lower.match_indices(word) {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            let inside = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            n += usize::from(!inside(before) && !inside(after));
        }
    }
    n
}

#[test]
fn a_common_word_counts_only_whole_words() {
    let doc = verify("the");
    assert_eq!(verdict(&doc), "exact");
    assert_eq!(doc["complete"], true);
    assert_eq!(doc["found"], matches(&doc).len());
    assert_eq!(matches(&doc).len(), whole_words_in_seeds("the"));
    for m in matches(&doc) {
        assert_eq!(m["text"].as_str().unwrap().to_lowercase(), "the");
    }
}

#[test]
fn numbers_written_another_way_are_normalized_and_changed_digits_misquoted() {
    for (quote, source) in [
        ("closed for over 1400 days", "closed for over 1,400 days"),
        (
            "accounting for 45 percent of total funding",
            "accounting for 45% of total funding",
        ),
        (
            "accounting for 45 per cent of total funding",
            "accounting for 45% of total funding",
        ),
        (
            "UN reports that 80% of young Afghan women",
            "UN reports that 80 percent of young Afghan women",
        ),
        (
            "UN reports that 80-percent of young Afghan women",
            "UN reports that 80 percent of young Afghan women",
        ),
    ] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "normalized", "{quote}: {doc}");
        assert_eq!(texts(&doc), [source], "{quote}");
    }
    for (quote, change) in [
        ("closed for over 1,500 days", ("1,500", "1,400")),
        ("closed for over 1500 days", ("1500", "1,400")),
        ("accounting for 46 percent of total funding", ("46", "45")),
    ] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "misquote", "{quote}: {doc}");
        let m = &matches(&doc)[0];
        assert_eq!(
            differences(m),
            [(change.0.to_string(), change.1.to_string())],
            "{quote}"
        );
    }
}

#[test]
fn a_date_in_another_order_is_a_misquote_with_one_same_value_difference() {
    let doc = verify("on 8 July 2025, the International Criminal Court");
    assert_eq!(verdict(&doc), "misquote", "{doc}");
    let m = &matches(&doc)[0];
    assert_eq!(
        m["text"],
        "on July 8, 2025, the International Criminal Court"
    );
    let diffs = m["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{m}");
    assert_eq!(diffs[0]["quote"], "8 July 2025");
    assert_eq!(diffs[0]["source"], "July 8, 2025");
    assert_eq!(diffs[0]["same_value"], true);
    let out = terminal("on 8 July 2025, the International Criminal Court");
    assert!(
        out.contains("(the same value, written another way)"),
        "{out}"
    );
    assert!(
        out.contains("MISQUOTE: the words differ, but the source states the same value"),
        "{out}"
    );

    let doc = verify("on July 9, 2025, the International Criminal Court");
    assert_eq!(verdict(&doc), "misquote");
    let m = &matches(&doc)[0];
    assert_eq!(differences(m), [("9".to_string(), "8".to_string())]);
    assert!(m["differences"][0].get("same_value").is_none());
}

#[test]
fn distant_fragments_are_elided_with_the_gap_and_a_warning() {
    let quote = "Taliban stayed diplomatically isolated ... Back to top button";
    let out = cite(seeds_index())
        .args(["verify", quote, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    check_report(&doc, 0);
    assert_eq!(verdict(&doc), "elided");
    let m = &matches(&doc)[0];
    let fragments = m["fragments"].as_array().unwrap();
    let gap =
        fragments[1]["byte_start"].as_u64().unwrap() - fragments[0]["byte_end"].as_u64().unwrap();
    assert_eq!(m["gap_bytes"], gap);
    assert!(m["gap_passages"].as_u64().unwrap() > 10, "{m}");
    assert!(
        doc["warnings"][0]
            .as_str()
            .unwrap()
            .contains("distant passages")
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cite: warning: the quote joins distant passages"),
        "{stderr}"
    );
    assert!(terminal(quote).contains("the quote joins distant passages"));

    let near = verify(
        "the United States maintained its refusal to recognise the group … US President Donald Trump halted American financial assistance",
    );
    assert_eq!(matches(&near)[0]["gap_passages"], 1);
    assert!(near.get("warnings").is_none(), "{near}");
}

#[test]
fn fragments_out_of_order_are_a_reordered_misquote() {
    let quote = "within Russian territory ... Russia fears that these groups could destabilize";
    let doc = verify(quote);
    assert_eq!(verdict(&doc), "misquote", "{doc}");
    let m = &matches(&doc)[0];
    assert_eq!(m["reordered"], true);
    assert_eq!(
        fragment_texts(m),
        [
            "within Russian territory",
            "Russia fears that these groups could destabilize"
        ]
    );
    assert!(terminal(quote).contains("but in another order"));
}

#[test]
fn a_misquote_inside_one_fragment_names_only_that_change() {
    for quote in [
        "…several UK delegations in Kabul ... American detainees",
        "The Taliban also hosted several UK delegations … the release of a small number of American detainees",
    ] {
        let doc = verify(quote);
        assert_eq!(verdict(&doc), "misquote", "{quote}: {doc}");
        let m = &matches(&doc)[0];
        assert_eq!(
            differences(m),
            [("UK".to_string(), "US".to_string())],
            "{quote}"
        );
        let texts = fragment_texts(m);
        assert!(texts[0].contains("several US delegations"), "{texts:?}");
        assert!(
            texts.last().unwrap().ends_with("American detainees"),
            "{texts:?}"
        );
    }
}

#[test]
fn a_search_stopped_at_its_cap_says_so() {
    let text = "alpha beta. ".repeat(1_500);
    let corpus = TempCorpus::new(&[("many.txt", text.as_str())]);
    let out = cite(&corpus.index)
        .args(["verify", "alpha beta", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["complete"], false, "{doc}");
    assert!(doc["found"].as_u64().unwrap() > matches(&doc).len() as u64);
    assert_eq!(matches(&doc).len(), 1_000);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cite: warning: the search stopped at a limit"),
        "{stderr}"
    );
}

#[test]
fn terminal_output_prints_soft_line_breaks_as_spaces() {
    let corpus = TempCorpus::new(&[(
        "wrapped.txt",
        "The committee met on Monday and agreed\nto publish the report in full.\n\nA second paragraph.\n",
    )]);
    let out = cite(&corpus.index)
        .args(["verify", "agreed to publish the report", "--color", "never"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("NORMALIZED"), "{out}");
    assert!(out.contains("  > agreed to publish the report\n"), "{out}");
    let (doc, _) = json_in(
        &corpus.index,
        &["verify", "agreed to publish the report", "--json"],
    );
    assert_eq!(texts(&doc), ["agreed\nto publish the report"]);
}

/// True when byte `at` of `text` lies inside a word or a number, by the README's rule,
/// written here independently of the code under test.
fn inside_word(text: &str, at: usize) -> bool {
    let before: Vec<char> = text[..at].chars().rev().take(2).collect();
    let after: Vec<char> = text[at..].chars().take(2).collect();
    let (Some(&a), Some(&b)) = (before.first(), after.first()) else {
        return false;
    };
    let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit());
    let apostrophe = |c: char| c == '\'' || c == '’';
    let possessive =
        after.get(1) == Some(&'s') && !text[at..].chars().nth(2).is_some_and(char::is_alphanumeric);
    (a.is_alphanumeric() && b.is_alphanumeric())
        || (a.is_ascii_digit() && matches!(b, '.' | ',') && digit(after.get(1)))
        || (matches!(a, '.' | ',') && digit(before.get(1)) && b.is_ascii_digit())
        || (a.is_alphabetic()
            && apostrophe(b)
            && after.get(1).is_some_and(|c| c.is_alphabetic())
            && !possessive)
        || (apostrophe(a) && before.get(1).is_some_and(|c| c.is_alphabetic()) && b.is_alphabetic())
}

#[test]
fn sampled_quotes_are_exact_exactly_when_they_end_on_word_boundaries() {
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = format!("seeds/{}", path.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(path).unwrap())
        })
        .collect();
    seeds.sort();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut checked, mut whole, mut cut) = (0, 0, 0);
    while checked < 30 {
        let (_, text) = &seeds[next(seeds.len())];
        let floor = |mut at: usize| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let mut start = floor(next(text.len()));
        let mut end = floor((start + 15 + next(50)).min(text.len()));
        if next(2) == 0 {
            start = text[start..end].find(' ').map_or(start, |i| start + i + 1);
            end = text[start..end].rfind(' ').map_or(end, |i| start + i);
        }
        let quote = &text[start..end];
        if quote.contains('\n') || quote.trim() != quote || quote.chars().count() < 10 {
            continue;
        }
        checked += 1;
        let whole_somewhere = seeds.iter().any(|(_, t)| {
            t.match_indices(quote)
                .any(|(at, _)| !inside_word(t, at) && !inside_word(t, at + quote.len()))
        });
        let doc = verify(quote);
        let v = verdict(&doc);
        whole += usize::from(whole_somewhere);
        cut += usize::from(!whole_somewhere);
        if whole_somewhere {
            assert_eq!(v, "exact", "{quote:?}: {doc}");
        } else {
            assert!(
                !matches!(v, "exact" | "normalized"),
                "{quote:?} cuts a word: {doc}"
            );
        }
        for m in matches(&doc).iter().filter(|m| m["verdict"] == "exact") {
            let source = &seeds
                .iter()
                .find(|(n, _)| m["source"] == n.as_str())
                .unwrap()
                .1;
            let (s, e) = (
                m["byte_start"].as_u64().unwrap() as usize,
                m["byte_end"].as_u64().unwrap() as usize,
            );
            assert!(!inside_word(source, s) && !inside_word(source, e), "{m}");
        }
    }
    assert!(whole >= 5 && cut >= 5, "{whole} whole, {cut} cut");
}
