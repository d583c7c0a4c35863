//! Every line cite writes on stderr starts with `cite: error:` or `cite: warning:`, notes
//! that explain an answer included, through the real binary.

mod common;

use assert_cmd::Command;
use common::{cite, outcome, root, seeds_index};

/// Asserts that `stderr` is not empty and every line of it carries one of the two prefixes.
fn prefixed(what: &str, stderr: &str) {
    assert!(!stderr.is_empty(), "{what}: nothing on stderr");
    for line in stderr.lines() {
        assert!(
            line.starts_with("cite: warning: ") || line.starts_with("cite: error: "),
            "{what}: {line:?}"
        );
    }
}

#[test]
fn notes_about_an_answer_are_warnings() {
    for (args, code, says) in [
        (
            &["query", "zzxqvnonexistentterm"][..],
            1,
            "no passages match",
        ),
        (
            &["query", "Taliban", "--offset", "5000"],
            1,
            "past the last",
        ),
        (
            &[
                "verify",
                "Taliban stayed diplomatically isolated ... Back to top button",
            ],
            0,
            "distant passages",
        ),
        (&["show", "seeds/nope.txt:1"], 2, "nope.txt"),
    ] {
        let (got, _, stderr) = outcome(cite(seeds_index()).args(args));
        assert_eq!(got, code, "{args:?}: {stderr}");
        prefixed(&format!("{args:?}"), &stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

/// A temporary folder holding a copy of the seeds in `seeds/`, as a fresh checkout has.
fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn building_the_default_index_on_first_use_is_said_as_a_warning() {
    let dir = seeds_copy();
    let (code, stdout, stderr) = outcome(
        Command::cargo_bin("cite")
            .unwrap()
            .current_dir(dir.path())
            .env_remove("CITE_INDEX")
            .args(["query", "Taliban", "--json"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"hits\""), "{stdout}");
    prefixed("first use", &stderr);
    assert!(stderr.contains("building it from seeds/"), "{stderr}");
    assert!(stderr.contains("5 documents"), "{stderr}");
}

/// Marks the index in `dir` as built by an older cite (index format 2).
fn age(dir: &std::path::Path) {
    let meta = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let format = format!(r#"\"format\":{}"#, cite::index::FORMAT);
    assert!(text.contains(&format), "{text}");
    std::fs::write(&meta, text.replace(&format, r#"\"format\":2"#)).unwrap();
}

#[test]
fn an_older_cites_default_index_is_rebuilt_and_any_other_is_an_error() {
    let dir = seeds_copy();
    let query = |args: &[&str]| {
        outcome(
            Command::cargo_bin("cite")
                .unwrap()
                .current_dir(dir.path())
                .env_remove("CITE_INDEX")
                .args(args),
        )
    };
    let (code, _, stderr) = query(&["query", "Taliban", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    // The default index is cite's own: rebuilt from the roots it recorded.
    age(&dir.path().join("index"));
    let (code, stdout, stderr) = query(&["query", "Taliban", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"hits\""), "{stdout}");
    prefixed("rebuilt", &stderr);
    assert!(
        stderr.contains("built by another version of cite; rebuilding it"),
        "{stderr}"
    );
    assert!(stderr.contains("5 documents"), "{stderr}");
    let (code, _, stderr) = query(&["query", "Taliban", "--json"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // Another index may be large and is the user's: an error that says what to run.
    let (code, _, stderr) = query(&["--index", "other", "index", "seeds", "--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    age(&dir.path().join("other"));
    let (code, stdout, stderr) = query(&["--index", "other", "query", "Taliban", "--json"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("cite index --rebuild"), "{stderr}");
}
