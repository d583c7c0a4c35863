//! `cite query` through the real binary: the JSON contract and its offsets, matching,
//! highlights, malformed queries and the table.

mod common;

use common::{TempCorpus, assert_span, cite, highlighted, hits, json, root, seeds_index};
use serde_json::Value;
use std::collections::BTreeSet;

/// The fields of a hit in issue 2's JSON contract.
const HIT_FIELDS: [&str; 11] = [
    "rank",
    "score",
    "source",
    "passage",
    "byte_start",
    "byte_end",
    "line",
    "column",
    "text",
    "highlights",
    "stale",
];

/// Varied queries on the seeds (the query, then options), each with hits.
const QUERIES: &[&[&str]] = &[
    &["Taliban"],
    &["KABUL"],
    &["Antonio Guterres"],
    &["Taliban's"],
    &["Taliban’s"],
    &["recognise"],
    &["\"humanitarian aid\""],
    &["\"Islamic Emirate\""],
    &["\"humanitarian crisis\"~2"],
    &["\"de facto\" authorities"],
    &["\"Islamic Emir\"*"],
    &["Moscow AND recognition"],
    &["Moscow OR Doha"],
    &["(Russia OR China) AND recognition"],
    &["+Pakistan border"],
    &["Taliban -Moscow"],
    &["Taliban NOT Moscow"],
    &["Taliban^2 Pakistan"],
    &["kabu*"],
    &["recogni*"],
    &["Haibatullah", "--fuzzy", "1"],
    &["Kabol", "--fuzzy", "1"],
    &["Hibatulah", "--fuzzy", "2"],
    &["Taliban source:002"],
    &["Taliban -source:002"],
    &["Moscow recognition", "--all"],
    &["women girls education", "--all", "--limit", "50"],
    &["Taliban", "--offset", "5", "--limit", "7"],
    &["humanitarian", "--limit", "100"],
];

/// Runs `cite query QUERY OPTIONS --json` on the seeds, and the same with `--ndjson`; checks
/// that both agree and keep the contract; returns the JSON document.
fn checked_query(args: &[&str]) -> Value {
    let (doc, code) = json(&[&["query"], args, &["--json"]].concat());
    let out = cite(seeds_index())
        .arg("query")
        .args(args)
        .arg("--ndjson")
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON hit per line"))
        .collect();
    assert_eq!(lines, hits(&doc), "{args:?}: --ndjson and --json differ");
    assert_eq!(out.status.code(), Some(code), "{args:?}: exit codes differ");
    assert_contract(args, &doc, code);
    doc
}

/// The value of `--name` in `args`, if given.
fn option(args: &[&str], name: &str) -> Option<usize> {
    let at = args.iter().position(|a| *a == name)?;
    Some(args[at + 1].parse().unwrap())
}

/// Checks a `--json` document for `args`: query echoed, total, ranks, scores, spans, highlights.
fn assert_contract(args: &[&str], doc: &Value, code: i32) {
    assert_eq!(doc["query"], args[0]);
    let hits = hits(doc);
    let total = doc["total"].as_u64().expect("total") as usize;
    assert!(
        total >= hits.len(),
        "{args:?}: total {total} < {} hits",
        hits.len()
    );
    assert!(hits.len() <= option(args, "--limit").unwrap_or(10));
    assert_eq!(
        code,
        if hits.is_empty() { 1 } else { 0 },
        "{args:?}: exit code"
    );
    let offset = option(args, "--offset").unwrap_or(0);
    let mut previous = f64::INFINITY;
    for (i, hit) in hits.iter().enumerate() {
        for field in HIT_FIELDS {
            assert!(
                hit.get(field).is_some(),
                "{args:?}: hit without {field}: {hit}"
            );
        }
        assert_eq!(hit["rank"], offset + i + 1, "{args:?}: ranks");
        let score = hit["score"].as_f64().expect("score");
        assert!(
            score <= previous,
            "{args:?}: score {score} after {previous}"
        );
        previous = score;
        assert_eq!(hit["stale"], false, "{args:?}: the seeds did not change");
        assert_span(hit);
        let spans: Vec<(u64, u64)> = hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["byte_start"].as_u64().unwrap(),
                    h["byte_end"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(
            spans.iter().all(|(s, e)| s < e),
            "{args:?}: empty highlight"
        );
        assert!(
            spans.windows(2).all(|w| w[0].1 < w[1].0),
            "{args:?}: highlights not sorted and disjoint: {spans:?}"
        );
    }
}

/// (source, byte_start) of each hit, in rank order.
fn keys(doc: &Value) -> Vec<(String, u64)> {
    hits(doc)
        .iter()
        .map(|h| {
            (
                h["source"].as_str().unwrap().to_string(),
                h["byte_start"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The hits of `query` on the seeds (up to 1000), as a set of (source, byte_start).
fn key_set(query: &str, options: &[&str]) -> BTreeSet<(String, u64)> {
    let doc = checked_query(&[&[query, "--limit", "1000"], options].concat());
    keys(&doc).into_iter().collect()
}

/// Every highlighted text of every hit.
fn all_highlighted(doc: &Value) -> BTreeSet<String> {
    hits(doc).iter().flat_map(highlighted).collect()
}

/// The line numbers of the hits, in rank order.
fn lines(doc: &Value) -> Vec<u64> {
    hits(doc)
        .iter()
        .map(|h| h["line"].as_u64().unwrap())
        .collect()
}

/// The hit on `line`.
fn hit_on_line(doc: &Value, line: u64) -> &Value {
    hits(doc)
        .iter()
        .find(|h| h["line"] == line)
        .expect("a hit on that line")
}

#[test]
fn every_hit_of_many_queries_keeps_the_contract_in_json_and_ndjson() {
    for args in QUERIES {
        let doc = checked_query(args);
        assert!(
            !hits(&doc).is_empty(),
            "{args:?} finds nothing in the seeds"
        );
        for hit in hits(&doc) {
            assert!(
                !highlighted(hit).is_empty(),
                "{args:?}: hit without highlights: {hit}"
            );
        }
    }
}

#[test]
fn offset_pages_through_the_same_ranking() {
    let all = checked_query(&["Taliban", "--limit", "30"]);
    let page = checked_query(&["Taliban", "--offset", "10", "--limit", "10"]);
    assert_eq!(keys(&page), keys(&all)[10..20]);
    assert_eq!(page["total"], all["total"]);
    assert_eq!(hits(&page)[0]["rank"], 11);
}

#[test]
fn exit_codes_say_found_not_found_or_error() {
    let found = checked_query(&["Kabul"]);
    assert!(!hits(&found).is_empty());

    let none = checked_query(&["zqxjvbwk"]);
    assert_eq!(none["total"], 0);
    assert!(hits(&none).is_empty());
    let table = cite(seeds_index())
        .args(["query", "zqxjvbwk"])
        .assert()
        .code(1);
    assert!(table.get_output().stdout.is_empty());
    let stderr = String::from_utf8_lossy(&table.get_output().stderr).to_string();
    assert!(stderr.contains("no passages match"), "{stderr}");

    let (counted, code) = json(&["query", "Kabul", "--limit", "0", "--json"]);
    assert_eq!(code, 0, "--limit 0 counts matches without listing them");
    assert!(hits(&counted).is_empty());
    assert_eq!(counted["total"], found["total"]);

    cite(seeds_index())
        .args(["query", "(Kabul", "--json"])
        .assert()
        .code(2);
}

#[test]
fn matching_ignores_case() {
    let lower = key_set("kabul", &[]);
    assert!(!lower.is_empty());
    assert_eq!(key_set("KABUL", &[]), lower);
    assert_eq!(key_set("KaBuL", &[]), lower);
}

#[test]
fn names_match_with_or_without_accents() {
    let plain = checked_query(&["Antonio Guterres", "--all"]);
    assert_eq!(hits(&plain).len(), 1, "one passage names António Guterres");
    assert_eq!(highlighted(&hits(&plain)[0]), ["António", "Guterres"]);
    let accented = checked_query(&["António Guterres", "--all"]);
    assert_eq!(keys(&accented), keys(&plain));
    assert_eq!(highlighted(&hits(&accented)[0]), ["António", "Guterres"]);
}

#[test]
fn straight_and_curly_apostrophes_match_alike() {
    let straight = checked_query(&["Taliban's", "--limit", "1000"]);
    let curly = checked_query(&["Taliban’s", "--limit", "1000"]);
    assert_eq!(keys(&straight), keys(&curly));
    assert_eq!(straight["total"], curly["total"]);
    let marked = all_highlighted(&straight);
    // The seeds use both: 003 has "Taliban's", the others "Taliban’s".
    assert!(
        marked.contains("Taliban's") && marked.contains("Taliban’s"),
        "{marked:?}"
    );
}

#[test]
fn words_match_their_stemmed_forms() {
    let doc = checked_query(&["recognise", "--limit", "100"]);
    let marked = all_highlighted(&doc);
    assert!(marked.contains("recognised"), "{marked:?}");
    assert!(marked.contains("recognise"), "{marked:?}");
    let back = all_highlighted(&checked_query(&["recognised", "--limit", "100"]));
    assert!(back.contains("recognise"), "{back:?}");
}

#[test]
fn exact_form_ranks_above_stemmed_form() {
    let corpus = TempCorpus::new(&[(
        "talks.txt",
        "The envoy negotiates a truce in Doha today.\n\
         Unrelated filler about the weather in Herat.\n\
         The envoy negotiated a truce in Doha today.\n",
    )]);
    for (word, line) in [("negotiated", 3), ("negotiates", 1)] {
        let (doc, code) = corpus.json(&["query", word, "--json"]);
        assert_eq!(code, 0);
        assert_eq!(
            lines(&doc),
            [line, 4 - line],
            "{word}: exact form first, then the stem"
        );
        let hits = hits(&doc);
        assert!(
            hits[0]["score"].as_f64() > hits[1]["score"].as_f64(),
            "{word}: same score"
        );
        assert_eq!(highlighted(&hits[0]), [word]);
    }
}

#[test]
fn a_word_that_is_its_own_stem_ranks_above_its_inflections() {
    let corpus = TempCorpus::new(&[(
        "runs.txt",
        "The mayor is running the city hall.\n\
         Unrelated filler about the weather in Herat.\n\
         The mayor will run the old city hall again.\n",
    )]);
    for (word, line) in [("run", 3), ("running", 1)] {
        let (doc, code) = corpus.json(&["query", word, "--json"]);
        assert_eq!(code, 0);
        assert_eq!(lines(&doc), [line, 4 - line], "{word}: exact form first");
        let hits = hits(&doc);
        assert!(
            hits[0]["score"].as_f64() > hits[1]["score"].as_f64(),
            "{word}: same score"
        );
    }
}

/// A corpus for phrase tests, one case per line.
fn phrase_corpus() -> TempCorpus {
    TempCorpus::new(&[(
        "aid.txt",
        "Humanitarian aid arrived in Herat.\n\
         The aid was not humanitarian at all.\n\
         Humanitarian and emergency aid arrived.\n\
         Aid flows. Humanitarian aid arrived; humanitarian workers asked for aid.\n",
    )])
}

#[test]
fn quoted_phrases_match_words_in_order() {
    let corpus = phrase_corpus();
    let (doc, code) = corpus.json(&["query", "\"humanitarian aid\"", "--json"]);
    assert_eq!(code, 0);
    let mut found = lines(&doc);
    found.sort();
    assert_eq!(found, [1, 4]);
    let (reversed, code) = corpus.json(&["query", "\"aid humanitarian\"", "--json"]);
    assert_eq!((code, lines(&reversed)), (1, vec![]));
}

#[test]
fn phrase_slop_allows_that_many_extra_words() {
    let corpus = phrase_corpus();
    let (one, _) = corpus.json(&["query", "\"humanitarian aid\"~1", "--json"]);
    assert!(!lines(&one).contains(&3), "two words between need ~2");
    let (two, _) = corpus.json(&["query", "\"humanitarian aid\"~2", "--json"]);
    assert_eq!(
        highlighted(hit_on_line(&two, 3)),
        ["Humanitarian and emergency aid"]
    );
}

#[test]
fn sloppy_phrase_hits_are_highlighted() {
    let corpus = phrase_corpus();
    let (doc, _) = corpus.json(&["query", "\"aid humanitarian\"~2", "--json"]);
    for hit in hits(&doc) {
        assert!(
            !highlighted(hit).is_empty(),
            "a hit of a sloppy phrase has no highlight: {:?}",
            hit["text"]
        );
    }
}

#[test]
fn phrase_highlights_cover_occurrences_not_stray_words() {
    let corpus = phrase_corpus();
    let (doc, _) = corpus.json(&["query", "\"humanitarian aid\"", "--json"]);
    assert_eq!(highlighted(hit_on_line(&doc, 4)), ["Humanitarian aid"]);
    assert_eq!(highlighted(hit_on_line(&doc, 1)), ["Humanitarian aid"]);
    let seeds = checked_query(&["\"humanitarian aid\"", "--limit", "100"]);
    for text in all_highlighted(&seeds) {
        assert_eq!(text.to_lowercase(), "humanitarian aid");
    }
}

#[test]
fn fuzzy_finds_both_spellings_and_highlights_them() {
    let exact = checked_query(&["Haibatullah", "--limit", "100"]);
    assert_eq!(
        all_highlighted(&exact),
        BTreeSet::from(["Haibatullah".to_string()])
    );
    let fuzzy = checked_query(&["Haibatullah", "--fuzzy", "1", "--limit", "100"]);
    assert_eq!(
        all_highlighted(&fuzzy),
        BTreeSet::from(["Haibatullah".to_string(), "Hibatullah".to_string()])
    );
    assert!(hits(&fuzzy).len() > hits(&exact).len());
}

#[test]
fn prefixes_match_and_highlight_whole_words() {
    let doc = checked_query(&["kabu*", "--limit", "100"]);
    assert_eq!(
        all_highlighted(&doc),
        BTreeSet::from(["Kabul".to_string(), "Kabulov".to_string()])
    );
    let whole = key_set("Kabul", &[]);
    let prefixed: BTreeSet<_> = keys(&doc).into_iter().collect();
    assert!(prefixed.is_superset(&whole) && prefixed.len() > whole.len());
}

#[test]
fn excluded_words_remove_passages() {
    let with_minus = checked_query(&["Taliban -Moscow", "--limit", "1000"]);
    for hit in hits(&with_minus) {
        let text = hit["text"].as_str().unwrap().to_lowercase();
        assert!(!text.contains("moscow"), "{text}");
        assert!(
            highlighted(hit)
                .iter()
                .all(|h| h.to_lowercase() != "moscow")
        );
    }
    let with_not = key_set("Taliban NOT Moscow", &[]);
    assert_eq!(
        keys(&with_minus).into_iter().collect::<BTreeSet<_>>(),
        with_not
    );
    let both = key_set("+Taliban +Moscow", &[]);
    assert!(!both.is_empty());
    assert_eq!(with_not.len() + both.len(), key_set("Taliban", &[]).len());
}

#[test]
fn all_requires_every_word() {
    let any = key_set("Moscow recognition", &[]);
    let all = checked_query(&["Moscow recognition", "--all", "--limit", "1000"]);
    assert!(!hits(&all).is_empty() && hits(&all).len() < any.len());
    for hit in hits(&all) {
        let marked: BTreeSet<String> = highlighted(hit).iter().map(|h| h.to_lowercase()).collect();
        assert!(
            marked.contains("moscow") && marked.contains("recognition"),
            "{marked:?}"
        );
    }
}

#[test]
fn source_filter_keeps_or_excludes_files() {
    let everywhere = key_set("Taliban", &[]);
    let only = key_set("Taliban source:002", &[]);
    let without = key_set("Taliban -source:002", &[]);
    assert!(!only.is_empty() && !without.is_empty());
    assert!(
        only.iter().all(|(source, _)| source.contains("002")),
        "{only:?}"
    );
    assert!(
        without.iter().all(|(source, _)| !source.contains("002")),
        "{without:?}"
    );
    let in_002: BTreeSet<_> = everywhere
        .iter()
        .filter(|(s, _)| s.contains("002"))
        .cloned()
        .collect();
    assert_eq!(only, in_002);
    assert_eq!(without, &everywhere - &in_002);
    cite(seeds_index())
        .args(["query", "Taliban source:nosuchfile", "--json"])
        .assert()
        .code(1);
}

#[test]
fn malformed_queries_fail_with_a_one_line_error() {
    let queries = [
        "(unbalanced",
        "\"open",
        "title:x",
        "ka*ul",
        "[a TO b]",
        "AND",
        "NOT",
        "OR",
        "Kabul AND",
        "AND Kabul",
        "Kabul)",
        "source:",
        "/kab.l/",
        "IN [a b]",
    ];
    for query in queries {
        for format in [None, Some("--json"), Some("--ndjson")] {
            let out = cite(seeds_index())
                .args(["query", query])
                .args(format)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{query:?} {format:?}: exit code; {stderr}"
            );
            assert!(out.stdout.is_empty(), "{query:?}: printed {:?}", out.stdout);
            assert!(!stderr.contains("panicked"), "{query:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{query:?}: {stderr}");
            assert!(stderr.starts_with("cite: error: "), "{query:?}: {stderr}");
        }
    }
}

/// The table `cite query ARGS` prints on the seeds with `COLUMNS=width`.
fn table(args: &[&str], width: usize) -> String {
    common::at_width(seeds_index(), &[&["query"], args].concat(), width)
}

/// `text` without its ANSI SGR sequences.
fn strip_ansi(text: &str) -> String {
    let mut pieces = text.split('\x1b');
    let first = pieces.next().unwrap_or_default().to_string();
    pieces.fold(first, |out, piece| {
        out + piece.split_once('m').expect("an SGR sequence").1
    })
}

/// The runs of text that ANSI codes other than a reset colour.
fn coloured(text: &str) -> Vec<String> {
    text.split('\x1b')
        .skip(1)
        .filter_map(|piece| piece.split_once('m'))
        .filter(|(code, _)| !matches!(*code, "[0" | "["))
        .map(|(_, run)| run.to_string())
        .collect()
}

#[test]
fn piped_or_uncoloured_tables_have_no_escape_codes() {
    for args in [
        &["Guterres"][..],
        &["Guterres", "--color", "never"],
        &["Guterres", "--color", "auto"],
    ] {
        let out = table(args, 80);
        assert!(!out.contains('\x1b'), "{args:?}: {out:?}");
        assert!(
            out.contains("Guterres") && out.contains(".txt:27:1"),
            "{out}"
        );
    }
}

#[test]
fn coloured_tables_wrap_the_matches_in_ansi_codes() {
    let out = table(&["kabu*", "--color", "always", "--limit", "20"], 100);
    let runs = coloured(&out);
    assert!(!runs.is_empty(), "{out:?}");
    assert!(
        runs.iter().all(|r| r == "Kabul" || r == "Kabulov"),
        "{runs:?}"
    );
    let plain = table(&["kabu*", "--color", "never", "--limit", "20"], 100);
    assert!(!plain.contains('\x1b'));
    let mut marked: Vec<String> = plain
        .split("[[")
        .skip(1)
        .map(|piece| piece.split_once("]]").expect("closed mark").0.to_string())
        .collect();
    let mut runs = runs.clone();
    marked.sort();
    runs.sort();
    assert_eq!(marked, runs, "without colour the same matches are marked");
}

#[test]
fn table_lines_fit_the_width() {
    for width in [60, 80, 120, 200] {
        for color in ["never", "always"] {
            let out = strip_ansi(&table(
                &["Taliban", "--color", color, "--limit", "12"],
                width,
            ));
            for line in out.lines() {
                assert!(line.chars().count() <= width, "COLUMNS={width}: {line:?}");
            }
            if width <= 80 {
                assert!(out.contains('…'), "long passages are shortened: {out}");
            }
        }
    }
}

#[test]
fn table_lines_fit_narrow_widths() {
    for width in [40, 50] {
        let out = table(&["Taliban", "--color", "never", "--limit", "12"], width);
        for line in out.lines() {
            assert!(line.chars().count() <= width, "COLUMNS={width}: {line:?}");
        }
    }
}

/// Runs `cite query ARGS` on the seeds with stdout on a pseudo-terminal (util-linux `script`).
fn on_terminal(args: &[&str], no_color: Option<&str>) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let index = seeds_index().to_str().unwrap();
    let command: Vec<String> = [env!("CARGO_BIN_EXE_cite"), "--index", index, "query"]
        .iter()
        .chain(args)
        .map(|a| quote(a))
        .collect();
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command.join(" "), "/dev/null"])
        .current_dir(root())
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("CITE_INDEX");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let out = script
        .output()
        .expect("util-linux `script` runs cite on a pseudo-terminal; install it");
    assert!(
        out.status.success(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn auto_colour_follows_the_terminal_and_no_color() {
    let coloured_runs = coloured(&on_terminal(&["Guterres"], None));
    assert_eq!(coloured_runs, ["Guterres"], "a terminal gets colours");
    assert_eq!(
        coloured(&on_terminal(&["Guterres"], Some(""))),
        ["Guterres"],
        "empty NO_COLOR"
    );
    let plain = on_terminal(&["Guterres", "--color", "auto"], Some("1"));
    assert!(
        plain.contains("Guterres") && !plain.contains('\x1b'),
        "{plain:?}"
    );
    let forced = on_terminal(&["Guterres", "--color", "always"], Some("1"));
    assert_eq!(
        coloured(&forced),
        ["Guterres"],
        "--color always beats NO_COLOR"
    );
}

#[test]
fn quoted_operators_are_words() {
    let doc = checked_query(&["\"AND\"", "--limit", "3"]);
    assert!(
        all_highlighted(&doc)
            .iter()
            .all(|w| w.to_lowercase() == "and")
    );
    assert!(!hits(&doc).is_empty());
}

#[test]
fn fuzzy_and_prefix_words_expand_to_words_as_written_not_to_stems() {
    // `hous`, the stem of both words, is one edit from `hou`; `house` is two, `housing` four.
    let corpus = TempCorpus::new(&[(
        "homes.txt",
        "The housing market cooled in Herat.\n\
         Unrelated filler about the weather in Kabul.\n\
         A house by the river was sold.\n",
    )]);
    let (doc, code) = corpus.json(&["query", "hou~1", "--json"]);
    assert_eq!((code, doc["total"].as_u64()), (1, Some(0)), "{doc}");
    let (doc, code) = corpus.json(&["query", "hou~2", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(lines(&doc), [3], "{doc}");
    let (doc, code) = corpus.json(&["query", "hous*", "--json"]);
    assert_eq!(code, 0);
    let mut found = lines(&doc);
    found.sort();
    assert_eq!(found, [1, 3], "{doc}");
}
