//! cite as a well-behaved command-line tool, through the real binary: closed pipes, typos
//! and parse errors, exit codes, shell completions and the man page.

mod common;

use common::{cite, hits, json, seeds_index};
use std::io::Read;
use std::process::{Command, Stdio};

/// Runs `cite ARGS` on the seeds index with stdout (and stderr, when `both`) into a pipe
/// whose reader reads `keep` bytes and closes it; returns how cite ended and its stderr.
fn closed_early(args: &[&str], keep: usize, both: bool) -> (std::process::ExitStatus, String) {
    closed_early_in(seeds_index(), args, keep, both)
}

/// [`closed_early`] on the index at `index`.
fn closed_early_in(
    index: &std::path::Path,
    args: &[&str],
    keep: usize,
    both: bool,
) -> (std::process::ExitStatus, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cite"));
    command
        .current_dir(common::root())
        .arg("--index")
        .arg(index)
        .args(args)
        .env_remove("CITE_INDEX")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    if both {
        // The same pipe for both, as `2>&1 | head -1`.
        let (reader, writer) = std::io::pipe().unwrap();
        command.stdout(writer.try_clone().unwrap()).stderr(writer);
        let mut child = command.spawn().unwrap();
        drop(command);
        let mut reader = reader;
        let mut buf = vec![0; keep];
        reader.read_exact(&mut buf).unwrap();
        drop(reader);
        let status = child.wait().unwrap();
        return (status, String::from_utf8_lossy(&buf).into_owned());
    }
    command.stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0; keep];
    stdout.read_exact(&mut buf).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap(), stderr)
}

/// True when `status` is a quiet end as ripgrep's: exit 0, never death by SIGPIPE (the
/// shell's 141) nor a panic.
fn quiet_end(status: std::process::ExitStatus) -> bool {
    status.code() == Some(0)
}

#[test]
fn a_closed_pipe_ends_cite_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let quotes = dir.path().join("quotes.txt");
    std::fs::write(&quotes, "the Taliban\n".repeat(400)).unwrap();
    let quotes = quotes.to_str().unwrap().to_string();
    let claims = dir.path().join("claims.txt");
    std::fs::write(
        &claims,
        "Russia recognised the Taliban in 2025\n".repeat(40),
    )
    .unwrap();
    let claims = claims.to_str().unwrap().to_string();
    let seed = "seeds/001_1ccf5c4f42c34ae7.txt";
    let text = std::fs::read_to_string(common::root().join(seed)).unwrap();
    let quote = "members of the Taliban cabinet made 99 foreign trips in 2025";
    let start = text.find(quote).unwrap();
    let line = serde_json::json!({"source": seed, "byte_start": start,
        "byte_end": start + quote.len(), "text": quote});
    let citations = dir.path().join("citations.ndjson");
    std::fs::write(&citations, format!("{line}\n").repeat(400)).unwrap();
    let citations = citations.to_str().unwrap().to_string();
    let draft = dir.path().join("draft.md");
    std::fs::write(
        &draft,
        format!("The spokesman said \"{quote}\".\n\n").repeat(20),
    )
    .unwrap();
    let draft = draft.to_str().unwrap().to_string();
    for args in [
        &["query", "Taliban", "--ndjson", "--limit", "100"][..],
        &["query", "the", "--limit", "100", "--color", "never"],
        &["query", "the", "--files"],
        &["query", "Taliban", "--json", "--limit", "100"],
        &["verify", "the Taliban"],
        &["verify", "the Taliban", "--json"],
        &["check", "Russia recognised the Taliban in 2025"],
        &["sources"],
        &["verify", "--batch", &quotes, "--json"],
        &["check", "--batch", &claims, "--json"],
        &["anchor", "--batch", &citations, "--json"],
        &["audit", &draft, "--format", "markdown"],
        &["audit", &draft],
        &["audit", &draft, "--json"],
        &["completions", "bash"],
        &["show", "seeds/001_1ccf5c4f42c34ae7.txt:13:1", "-C", "20"],
        &["man"],
        &["completions", "zsh"],
    ] {
        for _ in 0..3 {
            let (status, stderr) = closed_early(args, 1, false);
            assert!(quiet_end(status), "{args:?}: {status:?} {stderr}");
            assert!(stderr.is_empty(), "{args:?}: {stderr}");
        }
        let (status, _) = closed_early(args, 1, true);
        assert!(quiet_end(status), "{args:?} 2>&1: {status:?}");
    }
}

#[test]
fn index_with_a_closed_stdout_commits_and_ends_quietly() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let (status, stderr) = closed_early_in(&index, &["index", "seeds"], 1, false);
        assert!(quiet_end(status), "{status:?} {stderr}");
        assert!(stderr.is_empty(), "{stderr}");
        let (doc, code) = common::json_in(&index, &["sources", "--json"]);
        assert_eq!(code, 0, "{doc}");
        assert_eq!(doc["sources"].as_array().map(Vec::len), Some(5), "{doc}");
    }
}

/// Runs `cite ARGS` on the seeds index: exit code and stderr.
fn fails(args: &[&str]) -> (i32, String) {
    let out = cite(seeds_index()).args(args).output().unwrap();
    assert!(out.stdout.is_empty(), "{args:?}: printed on error");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unknown_flag_is_an_error_that_suggests_the_nearest() {
    for args in [&["query", "--jsn", "Taliban"][..], &["query", "--jsn"]] {
        let (code, stderr) = fails(args);
        assert_eq!(code, 2, "{args:?}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(lines[0].starts_with("cite: error: "), "{stderr}");
        assert!(lines[0].contains("--jsn"), "{stderr}");
        assert!(stderr.contains("--json"), "a hint: {stderr}");
        assert!(lines.len() <= 3, "short: {stderr}");
    }
}

#[test]
fn every_parse_error_starts_with_cite_error_and_stays_short() {
    for args in [
        &["query"][..],
        &[],
        &["frobnicate"],
        &["query", "x", "--limit", "many"],
        &["query", "x", "--fuzzy", "5"],
        &["query", "x", "--color", "purple"],
        &["verify"],
        &["completions", "tcsh"],
        &["query", "x", "--files", "--count"],
    ] {
        let (code, stderr) = fails(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.starts_with("cite: error: "), "{args:?}: {stderr}");
        assert!(stderr.lines().count() <= 3, "{args:?}: {stderr}");
        assert!(!stderr.contains("For more information"), "{stderr}");
    }
}

#[test]
fn a_query_starting_with_a_dash_goes_after_double_dash() {
    let (doc, code) = json(&["query", "--json", "--", "-Russia sanctions"]);
    assert_eq!(code, 0);
    for hit in hits(&doc) {
        let text = hit["text"].as_str().unwrap();
        let mut words = text.split(|c: char| !c.is_alphanumeric());
        assert!(!words.any(|w| w == "Russia"), "{hit}");
    }
    let (code, stderr) = fails(&["query", "-Russia", "--json"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn help_and_version_exit_zero() {
    for args in [&["--help"][..], &["query", "--help"], &["--version"]] {
        let out = cite(seeds_index()).args(args).assert().success();
        assert!(!out.get_output().stdout.is_empty());
    }
}

#[test]
fn empty_queries_and_bare_operators_are_errors_in_plain_words() {
    for query in ["", "   ", "NOT", "AND", "OR NOT"] {
        let (code, stderr) = fails(&["query", "--json", "--", query]);
        assert_eq!(code, 2, "{query:?}");
        assert_eq!(stderr.lines().count(), 1, "{query:?}: {stderr}");
        assert!(stderr.starts_with("cite: error: "), "{stderr}");
    }
    let (_, stderr) = fails(&["query", ""]);
    assert!(stderr.contains("empty query"), "{stderr}");
}

#[test]
fn completions_and_man_page() {
    for (shell, needle) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef cite"),
        ("fish", "complete -c cite"),
        ("elvish", "cite"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = cite(seeds_index())
            .args(["completions", shell])
            .assert()
            .success();
        let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(script.contains(needle), "{shell}: {script}");
        assert!(
            script.contains("verify") && script.contains("fuzzy"),
            "{shell}"
        );
    }
    let out = cite(seeds_index()).arg("man").assert().success();
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH cite"),
        "{page}"
    );
    assert!(page.contains("query") && page.contains("verify"));
}
