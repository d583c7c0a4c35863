//! Hard-wrapped text: phrases and quotes that run over a line break are found. cite is
//! compared with ripgrep's engine (as a library, multi-line, `\s+` between the words,
//! ignoring case) on the Debian licences and on the seeds wrapped at 72 columns; and the
//! seeds themselves (one paragraph per line) keep one passage per line.

mod common;

use common::{TempCorpus, assert_span, hits, root};
use grep_matcher::Matcher;
use grep_regex::{RegexMatcher, RegexMatcherBuilder};
use grep_searcher::{Searcher, SearcherBuilder, Sink, SinkMatch};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Where Debian keeps the licences, hard-wrapped at about 72 columns.
const LICENCES: &str = "/usr/share/common-licenses";

/// An occurrence: the file and its bytes.
type Occurrence = (PathBuf, usize, usize);

/// Collects the exact matches inside the lines a multi-line search reports.
struct Occurrences<'a> {
    matcher: &'a RegexMatcher,
    path: &'a Path,
    found: &'a mut Vec<Occurrence>,
}

impl Sink for Occurrences<'_> {
    type Error = std::io::Error;

    fn matched(&mut self, _: &Searcher, m: &SinkMatch<'_>) -> Result<bool, Self::Error> {
        let base = m.absolute_byte_offset() as usize;
        self.matcher
            .find_iter(m.bytes(), |at| {
                self.found
                    .push((self.path.to_path_buf(), base + at.start(), base + at.end()));
                true
            })
            .map_err(std::io::Error::other)?;
        Ok(true)
    }
}

/// Every occurrence of `phrase`'s words, separated by any whitespace, in the files of `dir`.
fn oracle(phrase: &str, dir: &Path) -> Vec<Occurrence> {
    let words: Vec<String> = phrase.split_whitespace().map(regex_escape).collect();
    let matcher = RegexMatcherBuilder::new()
        .case_insensitive(true)
        .multi_line(true)
        .build(&words.join(r"\s+"))
        .unwrap();
    let mut searcher = SearcherBuilder::new().multi_line(true).build();
    let mut found = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in &paths {
        let sink = Occurrences {
            matcher: &matcher,
            path,
            found: &mut found,
        };
        searcher.search_path(&matcher, path, sink).unwrap();
    }
    found
}

fn regex_escape(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// The file and span of a hit or match object.
fn place(obj: &Value) -> Occurrence {
    (
        root().join(obj["source"].as_str().unwrap()),
        obj["byte_start"].as_u64().unwrap() as usize,
        obj["byte_end"].as_u64().unwrap() as usize,
    )
}

fn inside(occurrence: &Occurrence, spans: &[Occurrence]) -> bool {
    let (path, start, end) = occurrence;
    spans
        .iter()
        .any(|(p, s, e)| p == path && s <= start && end <= e)
}

/// Checks that every occurrence of `phrase` lies in a highlight of the phrase query's hits
/// and in a match of `verify`; returns how many cross a line break.
fn check_phrase(corpus: &TempCorpus, phrase: &str) -> usize {
    let expected = oracle(phrase, &corpus.docs);
    assert!(!expected.is_empty(), "{phrase}: not in the corpus");
    let query = format!("\"{phrase}\"");
    let (doc, code) = corpus.json(&["query", &query, "--json", "--limit", "100000"]);
    assert_eq!(code, 0);
    let hits = hits(&doc);
    assert_eq!(doc["total"], hits.len(), "{phrase}: all hits listed");
    let mut highlights = Vec::new();
    for hit in hits {
        assert_span(hit);
        let (path, _, _) = place(hit);
        for h in hit["highlights"].as_array().unwrap() {
            let (_, s, e) = place(&serde_json::json!({
                "source": hit["source"], "byte_start": h["byte_start"], "byte_end": h["byte_end"]
            }));
            highlights.push((path.clone(), s, e));
        }
    }
    let (report, _) = corpus.json(&["verify", phrase, "--json"]);
    let matches: Vec<Occurrence> = report["matches"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|m| {
            assert_span(m);
        })
        .map(place)
        .collect();
    let mut crossing = 0;
    for occurrence in &expected {
        let (path, s, e) = occurrence;
        assert!(
            inside(occurrence, &highlights),
            "{phrase}: query misses {}:{s}-{e}",
            path.display()
        );
        assert!(
            inside(occurrence, &matches),
            "{phrase}: verify misses {}:{s}-{e}",
            path.display()
        );
        let bytes = std::fs::read(path).unwrap();
        crossing += usize::from(bytes[*s..*e].contains(&b'\n'));
    }
    crossing
}

/// The licences copied into a corpus as `.txt` files; None on a system without them.
fn licences() -> Option<TempCorpus> {
    let entries = std::fs::read_dir(LICENCES).ok()?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            let name = path.file_name().unwrap().to_string_lossy();
            files.push((format!("{name}.txt"), text));
        }
    }
    (!files.is_empty()).then(|| TempCorpus::new(&files))
}

#[test]
fn phrases_over_line_breaks_in_the_licences_are_found() {
    let Some(corpus) = licences() else {
        eprintln!("{LICENCES} is missing: skipped");
        return;
    };
    let crossing = check_phrase(&corpus, "Free Software Foundation");
    check_phrase(
        &corpus,
        "without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE",
    );
    assert!(crossing > 0, "no occurrence crosses a line break");
}

/// `text`'s paragraphs (one per line) wrapped greedily at `width` columns, a blank line
/// between them.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut column = 0;
        for word in para.split_whitespace() {
            let len = word.chars().count();
            if column > 0 && column + 1 + len > width {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
        }
        out.push_str("\n\n");
    }
    out
}

#[test]
fn phrases_over_line_breaks_in_wrapped_seeds_are_found() {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        files.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            wrap(&text, 72),
        ));
    }
    let corpus = TempCorpus::new(&files);
    let mut crossing = 0;
    for phrase in [
        "humanitarian aid",
        "Islamic Emirate",
        "United Nations",
        "the Taliban",
    ] {
        crossing += check_phrase(&corpus, phrase);
    }
    assert!(crossing > 0, "no occurrence crosses a line break");
}

#[test]
fn the_seeds_keep_one_passage_per_line() {
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let location = format!("seeds/{}:0", path.file_name().unwrap().to_string_lossy());
        let (doc, code) = common::json(&["show", &location, "--context", "100000", "--json"]);
        assert_eq!(code, 0, "{doc}");
        let passages: Vec<&str> = doc["passages"]
            .as_array()
            .unwrap()
            .iter()
            .inspect(|p| {
                assert_span(p);
            })
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        let lines: Vec<&str> = text
            .lines()
            .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
            .filter(|l| !l.is_empty())
            .collect();
        let mut next = passages.iter();
        for line in lines {
            let mut joined = String::new();
            for passage in next.by_ref() {
                assert!(!passage.contains('\n'), "{passage:?}");
                joined.push_str(passage);
                if joined.len() >= line.len() {
                    break;
                }
                joined.push(' ');
            }
            assert_eq!(
                joined.split_whitespace().collect::<Vec<_>>(),
                line.split_whitespace().collect::<Vec<_>>()
            );
        }
        assert!(next.next().is_none());
    }
}
