//! `cite verify` folds a candidate file only when a normalized occurrence outside its exact
//! matches may stand in it: these cases go through both sides of that decision, on a real
//! hard-wrapped licence and on files edited after indexing.

mod common;

use common::{TempCorpus, assert_span, write_file};
use serde_json::Value;

fn matches(doc: &Value) -> &[Value] {
    doc["matches"].as_array().unwrap()
}

/// (file name, verdict, byte_start, text) of every match.
fn places(doc: &Value) -> Vec<(String, String, u64, String)> {
    matches(doc)
        .iter()
        .map(|m| {
            assert_span(m);
            let source = m["source"].as_str().unwrap();
            (
                source.rsplit('/').next().unwrap().to_string(),
                m["verdict"].as_str().unwrap().to_string(),
                m["byte_start"].as_u64().unwrap(),
                m["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The matches are exactly `quote` where it stands in `text` (file `name`), then its retyped
/// copy at `retyped`, normalized.
fn assert_exact_then_retyped(
    doc: &Value,
    name: &str,
    text: &str,
    quote: &str,
    retyped: std::ops::Range<usize>,
) {
    let exact = text.find(quote).unwrap() as u64;
    assert_eq!(
        places(doc),
        [
            (name.into(), "exact".into(), exact, quote.into()),
            (
                name.into(),
                "normalized".into(),
                retyped.start as u64,
                text[retyped].to_string()
            ),
        ]
    );
}

/// A quote across a line break in the middle of the longest paragraph of the committed GPL-3
/// (hard-wrapped): the last four words of one line and the first four of the next, with the
/// bytes they span in the licence.
fn wrapped_quote(licence: &str) -> (String, usize, usize) {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for para in licence.split("\n\n") {
        let lines = para.lines().count();
        if best.is_none_or(|(_, n)| lines > n) {
            best = Some((start, lines));
        }
        start += para.len() + 2;
    }
    let (para_start, lines) = best.unwrap();
    let para = &licence[para_start..];
    let mut line_starts = vec![0];
    line_starts.extend(para.match_indices('\n').map(|(i, _)| i + 1));
    let i = lines / 2;
    let (line, next) = (line_starts[i], line_starts[i + 1]);
    let words = |from: usize, to: usize| -> Vec<(usize, &str)> {
        para[from..to]
            .split_ascii_whitespace()
            .map(|w| (w.as_ptr() as usize - para.as_ptr() as usize, w))
            .collect()
    };
    let first = words(line, next - 1);
    let second = words(next, line_starts[i + 2] - 1);
    let (head, tail) = (&first[first.len() - 4..], &second[..4]);
    let quote: Vec<&str> = head.iter().chain(tail).map(|(_, w)| *w).collect();
    let (at, last) = (head[0].0, tail[3]);
    (
        quote.join(" "),
        para_start + at,
        para_start + last.0 + last.1.len(),
    )
}

#[test]
fn a_quote_across_a_hard_wrap_stands_normalized_beside_an_exact_copy() {
    let licence = std::fs::read_to_string("tests/corpus/licences/GPL-3.txt").unwrap();
    let (quote, start, end) = wrapped_quote(&licence);
    let flat = format!("Quoted from the licence: {quote} (end).\n");
    let corpus = TempCorpus::new(&[("GPL-3.txt", licence.as_str()), ("flat.txt", &flat)]);
    let (doc, code) = corpus.json(&["verify", &quote, "--json"]);
    assert_eq!((doc["verdict"].as_str(), code), (Some("exact"), 0), "{doc}");
    let found = places(&doc);
    let exact = flat.find(&quote).unwrap() as u64;
    assert_eq!(
        found[0],
        ("flat.txt".into(), "exact".into(), exact, quote.clone())
    );
    let wrapped = &licence[start..end];
    assert!(wrapped.contains('\n'), "{wrapped:?}");
    assert!(
        found.contains(&(
            "GPL-3.txt".into(),
            "normalized".into(),
            start as u64,
            wrapped.to_string()
        )),
        "{quote:?} across the wrap at {start}: {found:?}"
    );
}

#[test]
fn a_file_edited_after_indexing_is_searched_as_it_is_now() {
    let quote = "the committee had over-all charge of the election";
    let corpus = TempCorpus::new(&[
        (
            "a.txt",
            "Intro.\n\nWe hear the committee had over-all charge of the election in May.\n",
        ),
        (
            "b.txt",
            "The committee had charge of nothing; the election was over.\n",
        ),
    ]);
    let (doc, _) = corpus.json(&["verify", quote, "--json"]);
    assert_eq!(doc["verdict"], "exact", "{doc}");
    assert_eq!(places(&doc).len(), 1, "{doc}");

    // Moved, copied exactly once more and retyped once: every place is where it is now.
    let now = "A new first paragraph.\n\n\
        Then THE COMMITTEE had over-all  charge of the\nelection, they say.\n\n\
        Later: the committee had over-all charge of the election.\n";
    write_file(&corpus.docs.join("a.txt"), now);
    let (doc, _) = corpus.json(&["verify", quote, "--json"]);
    let retyped = now.find("THE COMMITTEE").unwrap();
    let retyped_end = now.find("election,").unwrap() + "election".len();
    assert_exact_then_retyped(&doc, "a.txt", now, quote, retyped..retyped_end);

    // Only the retyped copy is left: normalized, not exact.
    let now = "Then THE COMMITTEE had over-all charge of the election.\n";
    write_file(&corpus.docs.join("a.txt"), now);
    let (doc, code) = corpus.json(&["verify", quote, "--json"]);
    assert_eq!((doc["verdict"].as_str(), code), (Some("normalized"), 0));
    assert_eq!(places(&doc)[0].2, 5);
}

#[test]
fn percent_signs_and_per_cent_fold_alike_in_plain_ascii() {
    let text = "Turnout rose 6% in May.\n\nTurnout rose 6 per cent in June.\n\n\
        Turnout rose 6 percent in July.\n";
    let corpus = TempCorpus::new(&[("turnout.txt", text)]);
    let (doc, _) = corpus.json(&["verify", "Turnout rose 6 percent in", "--json"]);
    let verdicts: Vec<(String, u64)> = places(&doc)
        .into_iter()
        .map(|(_, verdict, start, _)| (verdict, start))
        .collect();
    let at = |s: &str| text.find(s).unwrap() as u64;
    assert_eq!(
        verdicts,
        [
            ("exact".into(), at("Turnout rose 6 percent")),
            ("normalized".into(), at("Turnout rose 6%")),
            ("normalized".into(), at("Turnout rose 6 per")),
        ]
    );
    let (doc, _) = corpus.json(&["verify", "rose 6% in June", "--json"]);
    assert_eq!(doc["verdict"], "normalized", "{doc}");
    assert_eq!(places(&doc)[0].3, "rose 6 per cent in June");
}

#[test]
fn in_a_large_ascii_file_the_regions_around_the_candidates_are_decided_one_by_one() {
    let filler: String = (0..20_000)
        .map(|i| format!("Paragraph {i} talks about weather, roads and markets.\n\n"))
        .collect();
    let quote = "the envoy said the ceasefire would hold until May";
    let near = format!(
        "Then {quote}.\n\nLater THE ENVOY said the ceasefire would\nhold until May, again.\n\n"
    );
    let text = format!("{filler}{near}{filler}Coda.\n");
    assert!(text.len() > 2 << 20 && text.is_ascii());
    let corpus = TempCorpus::new(&[("big.txt", &text)]);
    let (doc, _) = corpus.json(&["verify", quote, "--json"]);
    let retyped = text.find("THE ENVOY").unwrap();
    let retyped_end = text.find("May, again").unwrap() + 3;
    assert_exact_then_retyped(&doc, "big.txt", &text, quote, retyped..retyped_end);
}
