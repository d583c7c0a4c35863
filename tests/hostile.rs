//! Hostile input to `cite query` through the real binary: whatever the query, cite answers
//! with hits whose offsets hold, or fails with one line on stderr (exit 2); it never
//! panics, aborts or hangs.

mod common;

use common::{assert_span, cite, hits, seeds_index};
use serde_json::Value;
use std::process::Output;
use std::time::Duration;

/// Longest a hostile query may take in a debug build before it counts as a hang.
const PATIENCE: Duration = Duration::from_secs(15);

/// Runs `cite query ARGS --json -- QUERY` on the seeds index, within [`PATIENCE`].
fn query(query: &str, args: &[&str]) -> Output {
    cite(seeds_index())
        .arg("query")
        .args(args)
        .arg("--json")
        .arg("--")
        .arg(query)
        .timeout(PATIENCE)
        .output()
        .unwrap()
}

/// Checks that `out` is either an answer (exit 0 or 1, one JSON document whose hits hold)
/// or a one-line error (exit 2, nothing on stdout); returns the document of an answer.
fn assert_answer_or_one_line_error(what: &str, out: &Output) -> Option<Value> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let short: String = what.chars().take(60).collect();
    assert!(!stderr.contains("panicked"), "{short:?}: {stderr}");
    match out.status.code() {
        Some(0 | 1) => {
            let doc: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{short:?}: not JSON ({e})"));
            for hit in hits(&doc) {
                assert_span(hit);
            }
            Some(doc)
        }
        Some(2) => {
            assert!(out.stdout.is_empty(), "{short:?}: printed on error");
            assert_eq!(stderr.lines().count(), 1, "{short:?}: {stderr}");
            assert!(stderr.starts_with("cite: error: "), "{short:?}: {stderr}");
            None
        }
        code => panic!("{short:?}: exit {code:?} (killed, aborted or timed out): {stderr}"),
    }
}

/// `count` distinct made-up words, deterministic.
fn made_up_words(count: usize) -> Vec<String> {
    let mut state: u64 = 0x5eed;
    (0..count)
        .map(|_| {
            (0..8)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    char::from(b'a' + (state >> 59) as u8 % 26)
                })
                .collect()
        })
        .collect()
}

/// The words of the seed articles, in order, repeated until there are `count`.
fn seed_words(count: usize) -> Vec<String> {
    let text =
        std::fs::read_to_string(common::root().join("seeds/000_7a3608f8faa100c4.txt")).unwrap();
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.iter().cycle().take(count).cloned().collect()
}

#[test]
fn malformed_and_odd_queries_answer_or_fail_in_one_line() {
    let nested = |depth: usize| format!("{}Kabul{}", "(".repeat(depth), ")".repeat(depth));
    let queries = [
        "\"unbalanced",
        "unbalanced\"",
        "\"\"\"",
        "(Kabul OR (Doha",
        "Kabul))",
        ")(",
        "()",
        "AND",
        "OR OR",
        "NOT",
        "NOT NOT NOT",
        "Kabul AND AND Doha",
        "+",
        "-",
        "+-Kabul",
        "--Kabul",
        "~",
        "^",
        "Kabul^",
        "Kabul^-1",
        "Kabul^0",
        "Kabul^99999999999999999999999",
        "\"Kabul Doha\"~",
        "\"Kabul Doha\"~99999999999",
        "*",
        "**",
        "*Kabul",
        "Ka?ul",
        ":",
        "source:",
        "source:\"\"",
        "-source:seeds",
        "title:Kabul",
        "Kabul:Doha:Moscow",
        "*:*",
        "[Kabul TO Doha]",
        "{Kabul TO Doha}",
        "[* TO *]",
        "[Kabul TO",
        "Kabul IN [a b",
        "/Kab.l/",
        "\\",
        "\\\"",
        "\u{1}\u{7}\u{1b}[31m\u{7f}",
        "Kabul\tDoha\nMoscow\r\n",
        "🙂 Taliban 🇦🇫 👨‍👩‍👧",
        "\u{feff}Taliban\u{200b}",
        "Ταλιμπάν كابل 喀布尔",
        "é\u{301}\u{301}\u{301}",
        &"-".repeat(10_000),
        &"\"".repeat(10_001),
        &nested(30),
        &nested(50),
        &nested(5_000),
        &format!("{}Kabul", "NOT ".repeat(5_000)),
        &format!("Doha {}Kabul", "(NOT ".repeat(5_000)),
        &"(".repeat(10_000),
        &")".repeat(10_000),
    ];
    for q in queries {
        for args in [&[][..], &["--all"], &["--fuzzy", "2"]] {
            assert_answer_or_one_line_error(q, &query(q, args));
        }
    }
}

#[test]
fn extreme_limits_and_offsets_answer_or_fail_in_one_line() {
    let huge = u64::MAX.to_string();
    let limits = [
        ["--limit", "0"],
        ["--limit", "100000000"],
        ["--limit", &huge],
        ["--offset", "99999999999999"],
        ["--offset", &huge],
    ];
    for args in limits {
        let out = query("Taliban", &args);
        if let Some(doc) = assert_answer_or_one_line_error(&args.join(" "), &out) {
            assert_eq!(doc["total"], 83, "{args:?}: the total counts every match");
        }
    }
}

#[test]
fn ten_thousand_terms_answer_in_time() {
    let made_up = made_up_words(10_000);
    let known = seed_words(10_000);
    for words in [&made_up, &known] {
        let plain = words.join(" ");
        let prefixes = words.join("* ") + "*";
        // 5,000 `source:` filters: 10,000 would pass the kernel's limit on one argument.
        let sources = words[..5_000].iter().map(|w| format!("source:{w}"));
        for (q, args) in [
            (&plain, &[][..]),
            (&plain, &["--all"]),
            (&plain, &["--fuzzy", "2"]),
            (&prefixes, &[]),
            (&sources.collect::<Vec<_>>().join(" "), &[]),
            (&format!("\"{plain}\""), &[]),
            (&format!("\"{plain}\"~10000"), &[]),
        ] {
            assert_answer_or_one_line_error(&format!("{q} {args:?}"), &query(q, args));
        }
    }
    let out = query(&known.join(" "), &[]);
    let doc = assert_answer_or_one_line_error("10,000 seed words", &out)
        .expect("plain words are a fine query, however many");
    assert!(doc["total"].as_u64().unwrap() > 0);
}

#[test]
fn a_hundred_kilobytes_of_pasted_text_answers_in_time() {
    let pasted: String =
        std::fs::read_to_string(common::root().join("seeds/002_7e03a3b1feca6aff.txt"))
            .unwrap()
            .chars()
            .cycle()
            .scan(0, |len, c| {
                *len += c.len_utf8();
                (*len <= 100_000).then_some(c)
            })
            .collect();
    let words = seed_words(20_000).join(" ");
    let words = &words[..words[..100_000].rfind(' ').unwrap()];
    for (q, args) in [
        (pasted.as_str(), &[][..]),
        (&pasted, &["--fuzzy", "1"]),
        (words, &[]),
        (words, &["--all"]),
        (words, &["--fuzzy", "1"]),
        (&format!("\"{words}\""), &[]),
    ] {
        let what = format!("{} KB {args:?}", q.len() / 1000);
        assert_answer_or_one_line_error(&what, &query(q, args));
    }
}

#[cfg(unix)]
#[test]
fn a_query_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = cite(seeds_index())
        .arg("query")
        .arg(std::ffi::OsStr::from_bytes(b"Kab\xffl"))
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
