//! `cite show` through the real binary: the way back from the offsets `query` and `verify`
//! print to the passage, its JSON contract, context, and clear errors.

mod common;

use common::{TempCorpus, assert_span, cite, json, root, seeds_index};
use serde_json::Value;

/// Runs `cite show ARGS --json` on the seeds; checks exit 0 and the offset invariant of
/// every passage, and that passages are consecutive.
fn show(args: &[&str]) -> Vec<Value> {
    let mut full = vec!["show"];
    full.extend_from_slice(args);
    full.push("--json");
    let (doc, code) = json(&full);
    assert_eq!(code, 0, "{args:?}: {doc}");
    let passages = doc["passages"].as_array().expect("passages").clone();
    assert!(!passages.is_empty());
    for p in &passages {
        assert_span(p);
        assert!(p["passage"].is_u64());
    }
    for pair in passages.windows(2) {
        assert_eq!(
            pair[0]["passage"].as_u64().unwrap() + 1,
            pair[1]["passage"].as_u64().unwrap()
        );
        assert!(pair[0]["byte_end"].as_u64() < pair[1]["byte_start"].as_u64());
    }
    passages
}

/// Runs `cite show ARGS` on the seeds and expects a one-line error (exit 2) holding `message`.
fn fails(args: &[&str], message: &str) {
    let out = cite(seeds_index()).arg("show").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("cite: error: "), "{stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn every_query_hit_shows_its_own_passage() {
    let (doc, _) = json(&["query", "Taliban Moscow", "--json", "--limit", "40"]);
    let hits = doc["hits"].as_array().unwrap();
    assert!(hits.len() >= 20);
    for hit in hits {
        let last_char = hit["text"].as_str().unwrap().chars().last().unwrap();
        for at in [
            hit["byte_start"].as_u64().unwrap(),
            hit["byte_end"].as_u64().unwrap() - last_char.len_utf8() as u64,
        ] {
            let location = format!("{}:{at}", hit["source"].as_str().unwrap());
            let passages = show(&[&location]);
            assert_eq!(passages.len(), 1);
            for key in [
                "source",
                "passage",
                "byte_start",
                "byte_end",
                "line",
                "column",
                "text",
            ] {
                assert_eq!(passages[0][key], hit[key], "{location}: {key}");
            }
        }
    }
}

#[test]
fn verify_matches_show_the_passages_around_them() {
    for quote in [
        "a true “Afghan syndrome,”",
        "THE MURKY U.S.-TALIBAN DOHA DEAL",
        "the United States maintained its refusal to recognise the group … US President Donald Trump halted",
        "The Taliban also hosted several UK delegations in Kabul during the year",
    ] {
        let (doc, _) = json(&["verify", quote, "--json"]);
        let matches = doc["matches"].as_array().unwrap();
        assert!(!matches.is_empty(), "{quote}");
        for m in matches {
            let (start, end) = (
                m["byte_start"].as_u64().unwrap(),
                m["byte_end"].as_u64().unwrap(),
            );
            let location = format!("{}:{start}-{end}", m["source"].as_str().unwrap());
            let passages = show(&[&location]);
            let first = &passages[0];
            let last = &passages[passages.len() - 1];
            assert!(first["byte_start"].as_u64().unwrap() <= start, "{location}");
            assert!(end <= last["byte_end"].as_u64().unwrap(), "{location}");
            let joined: String = passages
                .iter()
                .map(|p| p["text"].as_str().unwrap())
                .collect::<Vec<_>>()
                .join("\n\n");
            assert!(joined.contains(m["text"].as_str().unwrap()), "{location}");
        }
    }
}

#[test]
fn context_adds_passages_on_each_side() {
    let (doc, _) = json(&["verify", "a true “Afghan syndrome,”", "--json"]);
    let m = &doc["matches"][0];
    let location = format!("{}:{}", m["source"].as_str().unwrap(), m["byte_start"]);
    let alone = show(&[&location]);
    assert_eq!(alone.len(), 1);
    let n = alone[0]["passage"].as_u64().unwrap();
    let around = show(&[&location, "--context", "2"]);
    let numbers: Vec<u64> = around
        .iter()
        .map(|p| p["passage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (n - 2..=n + 2).collect::<Vec<_>>());
    let at_start = show(&["seeds/001_1ccf5c4f42c34ae7.txt:0", "-C", "1"]);
    let numbers: Vec<u64> = at_start
        .iter()
        .map(|p| p["passage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [0, 1], "context stops at the start of the file");
}

#[test]
fn sources_may_be_absolute_or_unclean_and_offsets_between_passages_show_the_next() {
    let name = "seeds/001_1ccf5c4f42c34ae7.txt";
    let text = std::fs::read_to_string(root().join(name)).unwrap();
    let absolute = format!("{}:905", root().join(name).display());
    let unclean = "./seeds/../seeds/001_1ccf5c4f42c34ae7.txt:905";
    let plain = show(&[&format!("{name}:905")]);
    assert_eq!(show(&[&absolute]), plain);
    assert_eq!(show(&[unclean]), plain);
    assert!(
        plain[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("The Taliban also hosted")
    );

    let blank = text.find("\n\n").unwrap() + 1;
    let next = show(&[&format!("{name}:{blank}")]);
    assert!(next[0]["byte_start"].as_u64().unwrap() as usize > blank);

    let two = show(&[&format!("{name}:900-910")]);
    assert_eq!(
        two.len(),
        2,
        "a range across a paragraph break shows both passages"
    );
}

#[test]
fn bad_locations_are_clear_errors() {
    let name = "seeds/000_7a3608f8faa100c4.txt";
    let text = std::fs::read_to_string(root().join(name)).unwrap();
    let len = text.len();
    let inside = text.find('’').unwrap() + 1;
    fails(&["Cargo.toml:1"], "unknown source Cargo.toml");
    fails(&["seeds/nope.txt:1"], "unknown source");
    fails(&[&format!("{name}:{len}")], "past the end");
    fails(&[&format!("{name}:{}", len + 100)], "past the end");
    fails(&[&format!("{name}:10-{}", len + 1)], "past the end");
    fails(&[&format!("{name}:{inside}")], "inside a character");
    fails(&[&format!("{name}:0-{inside}")], "inside a character");
    fails(&[name], "expected SOURCE:LINE:COLUMN, SOURCE:BYTE");
    fails(&[&format!("{name}:x")], "not a byte offset");
    fails(&[&format!("{name}:9-3")], "ends before it starts");
}

#[test]
fn terminal_output_locates_and_marks_the_range() {
    let out = cite(seeds_index())
        .args([
            "show",
            "seeds/001_1ccf5c4f42c34ae7.txt:905-976",
            "--color",
            "never",
        ])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("seeds/001_1ccf5c4f42c34ae7.txt:13:1  passage 7  bytes 905-1194\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "[[The Taliban also hosted several US delegations in Kabul during the year]]"
        ),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn a_changed_file_is_shown_as_it_is_now_with_a_warning() {
    let corpus = TempCorpus::new(&[("a.txt", "First.\n\nSecond paragraph.\n")]);
    let path = corpus.docs.join("a.txt");
    std::fs::write(&path, "First.\n\nA longer second paragraph.\n").unwrap();
    let out = cite(&corpus.index)
        .args(["show", &format!("{}:10", path.display()), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["passages"][0]["text"], "A longer second paragraph.");
    assert_span(&doc["passages"][0]);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("changed since it was indexed")
    );
}
