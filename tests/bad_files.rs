//! Awkward source files through the real binary: not UTF-8, binary, empty, BOM, CRLF,
//! unreadable, symlink loops, huge lines and files; and hits from files that changed
//! since they were indexed. cite skips what it cannot index, says so, and never lies
//! about offsets.

mod common;

use common::{TempCorpus, assert_span, cite, hits, json_in, write_file};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Longest any `cite` run may take here before it counts as a hang.
const PATIENCE: Duration = Duration::from_secs(120);

/// What a `cite index` run printed, and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `cite index ARGS` on the corpus's index, within [`PATIENCE`].
fn index(corpus: &TempCorpus, args: &[&str]) -> Run {
    let out = cite(&corpus.index)
        .arg("index")
        .args(args)
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// The warning line of `run` about `file`.
fn warning<'a>(run: &'a Run, file: &Path) -> &'a str {
    let name = file.to_str().unwrap();
    run.stderr
        .lines()
        .find(|l| l.starts_with("cite: warning: ") && l.contains(name))
        .unwrap_or_else(|| panic!("no warning names {name}: {}", run.stderr))
}

/// The numbers in `text`.
fn numbers(text: &str) -> Vec<usize> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// How many files the summary of `run` counts as skipped for `reason` (e.g. "binary").
fn skipped(run: &Run, reason: &str) -> usize {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("skipped"))
        .unwrap_or_else(|| panic!("no skipped line: {}", run.stdout));
    line.split(", ")
        .find(|part| part.contains(reason))
        .and_then(|part| numbers(part).first().copied())
        .unwrap_or_else(|| panic!("no count of {reason}: {line}"))
}

/// The hits of `query` in the corpus (up to 1000), each checked against its file's bytes.
fn checked_hits(corpus: &TempCorpus, query: &str) -> Vec<Value> {
    let (doc, _) = corpus.json(&["query", query, "--limit", "1000", "--json"]);
    hits(&doc)
        .iter()
        .inspect(|h| _ = assert_span(h))
        .cloned()
        .collect()
}

/// The names of the files with hits of `query`, sorted, each once.
fn hit_files(corpus: &TempCorpus, query: &str) -> Vec<String> {
    let mut names: Vec<String> = checked_hits(corpus, query)
        .iter()
        .map(|h| file_name(h["source"].as_str().unwrap()))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into()
}

/// Sets the modification time of the file at `path`.
fn set_mtime(path: &Path, time: SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(time).unwrap();
}

#[test]
fn files_that_are_not_utf8_are_decoded_with_offsets_into_their_bytes() {
    let corpus = TempCorpus::new(&[
        ("good.txt", "Good zebra.\n"),
        ("was-good.txt", "Old zebra.\n"),
    ]);
    let docs = &corpus.docs;
    let late = ["é zebra\n".repeat(3000).as_bytes(), b"\xff zebra\n"].concat();
    // None: too little text for one guess; any legacy encoding will do.
    let legacy: [(&str, &[u8], Option<&str>); 5] = [
        ("latin1.txt", b"caf\xe9 zebra\n", Some("windows-1252")),
        ("late.md", &late, Some("UTF-8")),
        ("cut.txt", b"zebra caf\xc3", None),
        ("surrogate.txt", b"zebra \xed\xa0\x80\n", None),
        ("was-good.txt", b"Old zebra \x80\n", None),
    ];
    for (name, bytes, _) in legacy {
        std::fs::write(docs.join(name), bytes).unwrap();
    }

    let run = index(&corpus, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "", "nothing skipped");
    assert!(run.stdout.contains("1 updated"), "{}", run.stdout);
    assert!(run.stdout.contains("decoded 5 files"), "{}", run.stdout);
    let hits = checked_hits(&corpus, "zebra");
    for (name, _, encoding) in legacy {
        let hit = hits
            .iter()
            .find(|h| file_name(h["source"].as_str().unwrap()) == name)
            .unwrap_or_else(|| panic!("{name}: no hit"));
        let label = hit["encoding"].as_str();
        assert!(label.is_some(), "{name}: no encoding");
        assert!(encoding.is_none() || label == encoding, "{name}: {label:?}");
    }
    let latin1 = hits
        .iter()
        .find(|h| h["source"].as_str().unwrap().ends_with("latin1.txt"));
    assert_eq!(latin1.unwrap()["text"], "café zebra");
    let good = checked_hits(&corpus, "\"é zebra\"");
    assert!(
        good.iter()
            .all(|h| h["source"].as_str().unwrap().ends_with("late.md"))
            && !good.is_empty(),
        "damaged UTF-8 keeps its good text"
    );
}

#[test]
fn files_with_a_nul_in_the_first_8_kb_are_skipped_as_binary() {
    let corpus = TempCorpus::new(&[("text.txt", "Plain zebra.\n")]);
    let docs = &corpus.docs;
    let nul_at = |at: usize| "zebra ".repeat(at / 6) + "\0 zebra\n";
    write_file(&docs.join("nul.txt"), "zebra\0okapi\n");
    write_file(&docs.join("nul-at-8000.md"), &nul_at(8000));
    std::fs::write(
        docs.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR zebra",
    )
    .unwrap();
    write_file(
        &docs.join("nul-after-8k.txt"),
        &(nul_at(9000) + "Late zebra.\n"),
    );

    let run = index(&corpus, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for name in ["nul.txt", "nul-at-8000.md", "image.txt"] {
        assert!(warning(&run, &docs.join(name)).contains("binary"), "{name}");
    }
    assert_eq!(skipped(&run, "binary"), 3, "{}", run.stdout);
    assert_eq!(
        hit_files(&corpus, "zebra"),
        ["nul-after-8k.txt", "text.txt"]
    );
    let late = checked_hits(&corpus, "late");
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["text"], "Late zebra.");
}

#[test]
fn empty_bom_and_crlf_files_index_with_offsets_that_count_every_byte() {
    let corpus = TempCorpus::new::<&str, &str>(&[]);
    let files = [
        ("empty.txt", ""),
        ("bom-only.txt", "\u{feff}"),
        ("blank-crlf.txt", "\r\n \r\n\t\r\n"),
        (
            "bom.txt",
            "\u{feff}Zebra first line.\r\nSecond zebra line.\r\n\r\n   Third zebra, indented.   \r\n",
        ),
        (
            "crlf.md",
            "# Zebra title\r\n\r\nA zebra paragraph\r\nwith a break.\r\n\r\n\r\nLast zebra",
        ),
        ("old-mac.txt", "zebra one.\rzebra two.\r"),
    ];
    for (name, text) in files {
        write_file(&corpus.docs.join(name), text);
    }
    let run = index(&corpus, &[]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stderr, "", "nothing to warn about");
    assert!(run.stdout.contains("6 documents"), "{}", run.stdout);

    let hits = checked_hits(&corpus, "zebra");
    let mut texts: Vec<&str> = hits.iter().map(|h| h["text"].as_str().unwrap()).collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            "# Zebra title",
            "A zebra paragraph\r\nwith a break.",
            "Last zebra",
            "Second zebra line.",
            "Third zebra, indented.",
            "Zebra first line.",
            "zebra one.\rzebra two.",
        ]
    );
    let first = hits
        .iter()
        .find(|h| h["text"] == "Zebra first line.")
        .unwrap();
    assert_eq!(first["byte_start"], 3, "the BOM counts: {first}");

    let (sources, _) = corpus.json(&["sources", "--json"]);
    let passages = |name: &str| {
        sources["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is not indexed: {sources}"))["passages"]
            .clone()
    };
    for name in ["empty.txt", "bom-only.txt", "blank-crlf.txt"] {
        assert_eq!(passages(name), 0, "{name}");
    }
    assert_eq!(passages("bom.txt"), 3);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_skipped_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = TempCorpus::new(&[
        ("ok.txt", "Readable zebra.\n"),
        ("later.txt", "Later zebra.\n"),
    ]);
    let (secret, locked) = (corpus.docs.join("secret.txt"), corpus.docs.join("locked"));
    write_file(&secret, "Secret zebra.\n");
    write_file(&locked.join("inner.txt"), "Inner zebra.\n");
    let later = corpus.docs.join("later.txt");
    write_file(&later, "Later zebra, edited.\n");
    let set_mode = |mode| {
        for path in [&secret, &locked, &later] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    set_mode(0o000);
    if std::fs::read(&secret).is_ok() {
        set_mode(0o755);
        eprintln!(
            "note: chmod 000 does not stop this user (root?) reading: unreadable files not tested"
        );
        return;
    }
    let run = index(&corpus, &[]);
    let strict = index(&corpus, &["--strict"]);
    set_mode(0o755);

    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for path in [&secret, &locked, &later] {
        assert!(warning(&run, path).contains("unreadable"), "{}", run.stderr);
    }
    assert!(
        run.stdout.contains("1 removed"),
        "later.txt was indexed: {}",
        run.stdout
    );
    assert_eq!(skipped(&run, "unreadable"), 3, "{}", run.stdout);
    assert_eq!(hit_files(&corpus, "zebra"), ["ok.txt"]);
    assert_eq!(strict.code, Some(2), "{}", strict.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_warn_and_do_not_hang_when_links_are_followed() {
    use std::os::unix::fs::symlink;
    let corpus = TempCorpus::new(&[("real.txt", "Real zebra.\n")]);
    let docs = &corpus.docs;
    std::fs::create_dir(docs.join("loop")).unwrap();
    symlink("..", docs.join("loop/up")).unwrap();
    symlink("self.txt", docs.join("self.txt")).unwrap();
    symlink("ping.txt", docs.join("pong.txt")).unwrap();
    symlink("pong.txt", docs.join("ping.txt")).unwrap();

    let plain = index(&corpus, &[]);
    assert_eq!(plain.code, Some(0));
    assert_eq!(plain.stderr, "", "links are not followed without --follow");

    let followed = index(&corpus, &["--follow"]);
    assert_eq!(followed.code, Some(0), "{}", followed.stderr);
    assert!(warning(&followed, &docs.join("loop/up")).contains("loop"));
    for name in ["self.txt", "ping.txt", "pong.txt"] {
        warning(&followed, &docs.join(name));
    }
    assert_eq!(
        checked_hits(&corpus, "zebra").len(),
        1,
        "real.txt, indexed once"
    );
    assert_eq!(index(&corpus, &["--follow", "--strict"]).code, Some(2));
}

#[test]
fn strict_fails_on_problem_files_but_not_on_other_extensions() {
    let corpus = TempCorpus::new(&[("a.txt", "Zebra.\n"), ("notes.pdf", "Zebra.\n")]);
    let run = index(&corpus, &["--strict"]);
    assert_eq!(run.code, Some(0), "a .pdf is not a problem: {}", run.stderr);

    write_file(&corpus.docs.join("bin.md"), "\0");
    let run = index(&corpus, &["--strict"]);
    assert_eq!(run.code, Some(2));
    warning(&run, &corpus.docs.join("bin.md"));
    let error = run.stderr.lines().last().unwrap();
    assert!(
        error.starts_with("cite: error: ") && error.contains("--strict"),
        "{error}"
    );
    assert_eq!(
        index(&corpus, &[]).code,
        Some(0),
        "without --strict, a warning only"
    );
}

/// Seed text as one line (line breaks made spaces), repeated to at least `bytes`.
fn one_line_of(bytes: usize) -> String {
    let seeds: String = std::fs::read_dir(common::root().join("seeds"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let line = seeds.replace(['\n', '\r'], " ");
    line.repeat(bytes / line.len() + 1)
}

/// Checks every passage of the file at `path` in `index` against its bytes: each is at most
/// 1000 bytes, trimmed, at its true line and column, and together they cover the text.
fn assert_every_passage_holds(index: &Path, path: &Path) {
    let (doc, _) = json_in(index, &["query", "*", "--limit", "100000", "--json"]);
    let mut spans: Vec<(usize, usize, &Value)> = hits(&doc)
        .iter()
        .map(|h| {
            let span = |key: &str| h[key].as_u64().unwrap() as usize;
            (span("byte_start"), span("byte_end"), h)
        })
        .collect();
    spans.sort_by_key(|&(start, ..)| start);
    let text = std::fs::read_to_string(path).unwrap();
    // Line and column of byte `covered`, the end of the passages checked so far.
    let (mut line, mut column, mut covered) = (1, 1, 0);
    for (start, end, hit) in spans {
        let gap = &text[covered..start];
        assert!(
            gap.trim().is_empty(),
            "text at {covered}..{start} is in no passage"
        );
        for c in gap.chars() {
            (line, column) = if c == '\n' {
                (line + 1, 1)
            } else {
                (line, column + 1)
            };
        }
        let passage = &text[start..end];
        assert_eq!(hit["text"], passage, "{start}..{end}");
        assert!(
            passage.len() <= 1000,
            "{start}..{end}: {} bytes",
            passage.len()
        );
        assert!(
            passage.trim() == passage && !passage.contains('\n'),
            "{start}..{end}"
        );
        assert_eq!(
            (&hit["line"], &hit["column"]),
            (&line.into(), &column.into()),
            "{start}"
        );
        column += passage.chars().count();
        covered = end;
    }
    assert!(
        text[covered..].trim().is_empty(),
        "the end is in no passage"
    );
}

#[test]
fn a_12_mb_file_with_a_9_mb_line_indexes_in_bounded_passages_with_true_offsets() {
    let corpus = TempCorpus::new::<&str, &str>(&[]);
    let lines =
        std::fs::read_to_string(common::root().join("seeds/001_1ccf5c4f42c34ae7.txt")).unwrap();
    let big = corpus.docs.join("big.txt");
    let text = [
        lines.repeat(2_000_000 / lines.len()),
        one_line_of(9_000_000),
        "\n".into(),
        lines.repeat(1_000_000 / lines.len()),
    ]
    .concat();
    std::fs::write(&big, text).unwrap();
    let run = index(&corpus, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_every_passage_holds(&corpus.index, &big);
}

#[test]
fn hits_from_files_changed_or_removed_since_indexing_are_stale() {
    let corpus = TempCorpus::new(&[
        ("same-size.txt", "Alpha zebra one.\n"),
        ("changed-elsewhere.txt", "Beta zebra two.\nOther line.\n"),
        ("grown.txt", "Gamma zebra three.\n"),
        ("removed.txt", "Delta zebra four.\n"),
        ("touched.txt", "Epsilon zebra five.\n"),
        ("untouched.txt", "Zeta zebra six.\n"),
    ]);
    let path = |name: &str| corpus.docs.join(name);
    let indexed_at = std::fs::metadata(path("same-size.txt"))
        .unwrap()
        .modified()
        .unwrap();
    write_file(&path("same-size.txt"), "Alpha zebra ONE.\n");
    set_mtime(&path("same-size.txt"), indexed_at);
    write_file(
        &path("changed-elsewhere.txt"),
        "Beta zebra two.\nOther LINE.\n",
    );
    write_file(&path("grown.txt"), "Gamma zebra three, and more.\n");
    std::fs::remove_file(path("removed.txt")).unwrap();
    set_mtime(
        &path("touched.txt"),
        SystemTime::now() + Duration::from_secs(3600),
    );
    let stale = [
        "changed-elsewhere.txt",
        "grown.txt",
        "removed.txt",
        "same-size.txt",
    ];

    let out = cite(&corpus.index)
        .args(["query", "zebra", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut marked: Vec<String> = hits(&doc)
        .iter()
        .filter(|h| h["stale"] == true)
        .map(|h| file_name(h["source"].as_str().unwrap()))
        .collect();
    marked.sort();
    assert_eq!(marked, stale);
    for hit in hits(&doc).iter().filter(|h| h["stale"] == false) {
        assert_span(hit);
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("stale") && stderr.contains("cite index"),
        "{stderr}"
    );

    let table = cite(&corpus.index)
        .args(["query", "zebra", "--color", "never"])
        .env("COLUMNS", "400")
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    for name in ["touched.txt", "untouched.txt"].iter().chain(&stale) {
        let row = table.lines().find(|l| l.contains(name)).unwrap();
        assert_eq!(row.contains("(stale"), stale.contains(name), "{row}");
    }

    let run = index(&corpus, &[]);
    assert!(
        run.stdout.contains("2 updated, 1 removed"),
        "{}",
        run.stdout
    );
    let (doc, _) = corpus.json(&["query", "zebra", "--json"]);
    for hit in hits(&doc).iter().filter(|h| h["stale"] == true) {
        // Same size and modification time: `cite index` trusts the stamp (only --rebuild
        // re-reads it), so this hit stays stale, and says so.
        assert!(
            hit["source"].as_str().unwrap().ends_with("same-size.txt"),
            "{hit}"
        );
    }
}
