//! `cite query` as rg users expect it, through the real binary: `--files`, `--count`, pages
//! past the end, `--limit 0`, and query syntax people type (curly quotes, filters in
//! groups, `word~N`, fuzzy phrases, ranked prefix and fuzzy expansions).

mod common;

use common::{TempCorpus, assert_span, cite, highlighted, hits, json, seeds_index};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Runs `cite query ARGS` on the seeds: exit code, stdout, stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    common::outcome(cite(seeds_index()).arg("query").args(args))
}

/// Every hit of `query` (with `args`) on the seeds, offsets checked.
fn all_hits(query: &str, args: &[&str]) -> Vec<Value> {
    let (doc, _) = json(&[&["query", query, "--json", "--limit", "10000"], args].concat());
    let hits = hits(&doc).to_vec();
    assert_eq!(doc["total"], hits.len());
    for hit in &hits {
        assert_span(hit);
    }
    hits
}

/// Matching passages per source, counted from the hits.
fn per_source(hits: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for hit in hits {
        *counts
            .entry(hit["source"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    counts
}

#[test]
fn files_lists_each_matching_source_once_best_first() {
    let hits = all_hits("Guterres", &[]);
    let (code, out, _) = run(&["Guterres", "--files"]);
    assert_eq!(code, 0);
    let listed: Vec<&str> = out.lines().collect();
    let expected: BTreeSet<String> = per_source(&hits).into_keys().collect();
    assert_eq!(
        listed
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        expected
    );
    assert_eq!(listed.len(), expected.len(), "each once");
    assert_eq!(
        listed[0],
        hits[0]["source"].as_str().unwrap(),
        "the source of the best passage first"
    );

    let (doc, code) = json(&["query", "Taliban", "--files", "--json"]);
    assert_eq!(code, 0);
    let sources = doc["sources"].as_array().unwrap();
    let scores: Vec<f64> = sources
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let counted = per_source(&all_hits("Taliban", &[]));
    for s in sources {
        assert_eq!(
            s["passages"].as_u64().unwrap() as usize,
            counted[s["source"].as_str().unwrap()]
        );
    }
    assert_eq!(
        doc["total"].as_u64().unwrap() as usize,
        counted.values().sum::<usize>()
    );
}

#[test]
fn count_prints_passages_per_source_and_the_total() {
    let counted = per_source(&all_hits("\"humanitarian aid\" OR Doha", &[]));
    let (code, out, _) = run(&["\"humanitarian aid\" OR Doha", "--count"]);
    assert_eq!(code, 0);
    let mut lines: Vec<&str> = out.lines().collect();
    let total = lines.pop().unwrap();
    let printed: BTreeMap<String, usize> = lines
        .iter()
        .map(|l| {
            let (path, n) = l.rsplit_once(':').unwrap();
            (path.to_string(), n.parse().unwrap())
        })
        .collect();
    assert_eq!(printed, counted);
    let sum: usize = counted.values().sum();
    assert_eq!(
        total,
        format!("{sum} matching passages in {} sources", counted.len())
    );
    let (code, out, stderr) = run(&["zzyzxnothing", "--count"]);
    assert_eq!((code, out.as_str()), (1, ""), "{stderr}");
}

#[test]
fn pages_past_the_end_say_so_and_limit_zero_counts() {
    let total = all_hits("Taliban", &[]).len();
    let past = total.to_string();
    let (code, out, stderr) = run(&["Taliban", "--offset", &past, "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        stderr.contains("past the last") && stderr.contains(&past),
        "{stderr}"
    );

    let (code, out, _) = run(&["Taliban", "--limit", "0"]);
    assert_eq!(
        (code, out.trim()),
        (0, format!("{total} matching passages").as_str())
    );
    let (code, _, _) = run(&["zzyzxnothing", "--limit", "0"]);
    assert_eq!(code, 1);

    let offset = (total - 2).to_string();
    let (code, out, _) = run(&["Taliban", "--offset", &offset, "--color", "never"]);
    assert_eq!(code, 0);
    let footer = out.lines().last().unwrap();
    assert_eq!(
        footer,
        format!("{}–{total} of {total} matching passages", total - 1)
    );
}

#[test]
fn identical_passages_of_one_file_are_one_table_row() {
    let headline = "Kabul talks resume under a new envoy";
    let text = format!(
        "{headline}\n\nThe envoy arrived on Monday.\n\n{headline}\n\nTalks went on in Kabul.\n"
    );
    let corpus = TempCorpus::new(&[("article.txt", text.as_str()), ("other.txt", headline)]);
    let (doc, _) = corpus.json(&["query", "envoy Kabul talks", "--json"]);
    assert_eq!(doc["total"], 5, "JSON keeps every passage");
    assert_eq!(hits(&doc).len(), 5);
    let out = cite(&corpus.index)
        .args(["query", "envoy Kabul talks", "--color", "never"])
        .env("COLUMNS", "120")
        .assert()
        .success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows = table.matches("[[envoy]]").count();
    assert_eq!(
        rows, 3,
        "the repeated headline of article.txt is one row: {table}"
    );
    // Equal scores: either copy may rank first; the row names the other.
    let (first, other) = (
        table.contains("article.txt:1:1"),
        table.contains("also 5:1"),
    );
    let (last, other_first) = (
        table.contains("article.txt:5:1"),
        table.contains("also 1:1"),
    );
    assert!((first && other) || (last && other_first), "{table}");
    assert!(table.contains("1 identical passage folded"), "{table}");
    let out = cite(&corpus.index)
        .args(["query", "envoy Kabul talks", "--count"])
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("article.txt:4\n"),
        "--count keeps every passage: {out}"
    );
}

#[test]
fn curly_quotes_make_phrases_too() {
    let straight = all_hits("\"humanitarian aid\"", &[]);
    let curly = all_hits("“humanitarian aid”", &[]);
    assert_eq!(straight, curly);
    assert!(all_hits("humanitarian aid", &[]).len() > straight.len());
}

#[test]
fn filters_inside_a_group_restrict_the_group() {
    let hits = all_hits("Taliban (source:002 OR source:001)", &[]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let source = hit["source"].as_str().unwrap();
        assert!(
            source.contains("/002_") || source.contains("/001_"),
            "{source}"
        );
        assert!(
            highlighted(hit).iter().any(|w| w == "Taliban"),
            "every hit has the word: {hit}"
        );
    }
    let in_two: usize = ["002", "001"]
        .iter()
        .map(|s| all_hits(&format!("Taliban source:{s}"), &[]).len())
        .sum();
    assert_eq!(hits.len(), in_two);
    // A filter restricts only its own group.
    let mixed = all_hits("(Taliban source:002) OR Guterres", &[]);
    let sources: BTreeSet<&str> = mixed
        .iter()
        .map(|h| h["source"].as_str().unwrap())
        .collect();
    assert!(sources.len() > 1, "{sources:?}");
}

#[test]
fn word_tilde_n_is_fuzzy_and_fuzzy_reaches_into_phrases() {
    let exact = all_hits("Haibatullah", &[]);
    let tilde = all_hits("Haibatullah~1", &[]);
    assert_eq!(tilde, all_hits("Haibatullah", &["--fuzzy", "1"]));
    assert!(tilde.len() > exact.len());
    let (code, _, stderr) = run(&["Mujahid~3", "--json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--fuzzy") || stderr.contains("~2"),
        "{stderr}"
    );

    let misspelt = all_hits("\"Hibatulah Akhundzada\"", &["--fuzzy", "1"]);
    assert!(!misspelt.is_empty());
    assert!(all_hits("\"Hibatulah Akhundzada\"", &[]).is_empty());
    for hit in &misspelt {
        let marked = highlighted(hit);
        assert!(
            marked
                .iter()
                .any(|m| m.ends_with("Akhundzada") && m.split(' ').count() == 2),
            "{marked:?}"
        );
    }
}

#[test]
fn prefix_and_fuzzy_matches_are_ranked_exact_forms_first() {
    let prefixed = all_hits("Kabul*", &[]);
    let scores: Vec<f64> = prefixed
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    let distinct: BTreeSet<u64> = scores.iter().map(|s| (s * 1000.0) as u64).collect();
    assert!(distinct.len() > 3, "ranked, not all equal: {scores:?}");

    let fuzzy = all_hits("Haibatullah", &["--fuzzy", "1"]);
    let exact_form = |h: &Value| highlighted(h).iter().any(|w| w == "Haibatullah");
    let first_other = fuzzy.iter().position(|h| !exact_form(h)).unwrap();
    assert!(
        fuzzy[first_other..].iter().all(|h| !exact_form(h)),
        "passages with the exact form rank first"
    );
}
