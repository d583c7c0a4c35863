//! A file indexed with `cite index --encoding NAME` is read with that encoding wherever cite
//! reads it again: W3C selectors, `cite anchor`, and the re-anchoring of stale query hits.
//! The fixture is windows-1252; forced as ISO-8859-15, its byte 0x92 is the C1 control
//! U+0092, not a curly apostrophe, which tells the two decodings apart.

mod common;

use common::{TempCorpus, assert_span, hits};
use serde_json::Value;
use std::path::Path;

const FIXTURE: &str = "seed-windows-1252.txt";
const FORCED: &str = "ISO-8859-15";

fn corpus() -> TempCorpus {
    let corpus = TempCorpus::new::<&str, &str>(&[]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encodings");
    std::fs::copy(fixtures.join(FIXTURE), corpus.docs.join(FIXTURE)).unwrap();
    common::cite(&corpus.index)
        .arg("index")
        .arg(&corpus.docs)
        .args(["--quiet", "--encoding", FORCED])
        .assert()
        .success();
    corpus
}

/// Checks the span of `obj` in the forced encoding, and that its selectors count the text as
/// decoded with it: `exact` is `text`, code points before it, and its bytes.
fn assert_forced(obj: &Value) {
    assert_span(obj);
    assert_eq!(obj["encoding"], FORCED, "{obj}");
    let text = obj["text"].as_str().unwrap();
    let bytes = std::fs::read(obj["source"].as_str().unwrap()).unwrap();
    let decode = |r: std::ops::Range<usize>| {
        encoding_rs::ISO_8859_15
            .decode_without_bom_handling(&bytes[r])
            .0
            .into_owned()
    };
    let (start, end) = (
        obj["byte_start"].as_u64().unwrap() as usize,
        obj["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(decode(start..end), text);
    let selectors = obj["selector"].as_array().expect("selectors");
    assert_eq!(selectors[0]["exact"], text, "{obj}");
    assert!(decode(0..start).ends_with(selectors[0]["prefix"].as_str().unwrap()));
    let chars = decode(0..start).chars().count();
    assert_eq!(selectors[1]["start"], chars, "{obj}");
    assert_eq!(selectors[1]["end"], chars + text.chars().count());
    assert_eq!(selectors[2]["start"], start);
    assert_eq!(selectors[2]["end"], end);
}

#[test]
fn selectors_of_every_command_follow_the_forced_encoding() {
    let corpus = corpus();
    let (doc, code) = corpus.json(&["query", "population", "--json", "--selectors"]);
    assert_eq!(code, 0, "{doc}");
    let hit = &hits(&doc)[0];
    assert!(
        hit["text"].as_str().unwrap().contains("population\u{92}s"),
        "{hit}"
    );
    assert_forced(hit);

    let (doc, _) = corpus.json(&["verify", "population\u{92}s", "--json", "--selectors"]);
    assert_eq!(doc["verdict"], "exact", "{doc}");
    assert_forced(&doc["matches"][0]);

    let location = format!("{}:{}", hit["source"].as_str().unwrap(), hit["byte_start"]);
    let (doc, code) = corpus.json(&["show", &location, "--json", "--selectors"]);
    assert_eq!(code, 0, "{doc}");
    assert_forced(&doc["passages"][0]);
}

#[test]
fn anchor_reads_the_file_with_the_forced_encoding() {
    let corpus = corpus();
    let (doc, _) = corpus.json(&["query", "population", "--json", "--selectors"]);
    let saved = hits(&doc)[0].to_string();
    let (anchored, code) = corpus.json(&["anchor", &saved, "--json"]);
    assert_eq!(code, 0, "{anchored}");
    assert_eq!(anchored["anchor"], "unchanged", "{anchored}");
    assert_forced(&anchored);
}

#[test]
fn a_stale_hit_is_re_anchored_in_the_forced_encoding() {
    let corpus = corpus();
    let path = corpus.docs.join(FIXTURE);
    let mut bytes = b"A line added at the top, caf\xe9.\n\n".to_vec();
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let (doc, code) = corpus.json(&["query", "population", "--json", "--selectors"]);
    assert_eq!(code, 0, "{doc}");
    let hit = &hits(&doc)[0];
    assert_eq!(hit["stale"], true, "{hit}");
    assert_eq!(hit["anchor"], "moved", "{hit}");
    assert_forced(hit);
}
