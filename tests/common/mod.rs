//! Helpers shared by the integration tests: running the real binary, and the offset invariant.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The project root: tests run from there, so sources print as `seeds/...`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cite binary, run from the project root with `--index dir`.
pub fn cite(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cite").expect("binary built");
    cmd.current_dir(root())
        .arg("--index")
        .arg(index)
        .env_remove("CITE_INDEX")
        .env_remove("NO_COLOR");
    cmd
}

/// An index of the seeds, built once per test binary and shared read-only (kept under
/// cargo's target/tmp, which `cargo clean` clears).
pub fn seeds_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("cite-seeds-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap()
            .keep();
        cite(&dir)
            .args(["index", "seeds", "--quiet"])
            .assert()
            .success();
        dir
    })
}

/// Runs `cite ARGS` on the seeds index and parses stdout as one JSON document.
pub fn json(args: &[&str]) -> (Value, i32) {
    json_in(seeds_index(), args)
}

/// Runs `cite ARGS` on `index` and parses stdout as one JSON document.
pub fn json_in(index: &Path, args: &[&str]) -> (Value, i32) {
    let out = cite(index).args(args).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not one JSON document ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, code)
}

/// Checks the offset invariant of one hit, match or passage object: the source's bytes
/// between `byte_start` and `byte_end` are exactly `text` (decoded from `encoding` when the
/// object names one), `line`/`column` locate `byte_start`, and every highlight or fragment
/// lies inside, on character boundaries. Paths are read relative to the project root.
/// Returns the object's span.
pub fn assert_span(obj: &Value) -> (usize, usize) {
    let source = obj["source"].as_str().expect("source");
    let path = root().join(source);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{source}: {e}"));
    let start = obj["byte_start"].as_u64().expect("byte_start") as usize;
    let end = obj["byte_end"].as_u64().expect("byte_end") as usize;
    assert!(
        start <= end && end <= bytes.len(),
        "{source}: bad span {start}..{end}"
    );
    let encoding = obj["encoding"].as_str().map(|label| {
        encoding_rs::Encoding::for_label(label.as_bytes())
            .unwrap_or_else(|| panic!("{source}: unknown encoding {label:?}"))
    });
    let decode = |range: std::ops::Range<usize>| -> String {
        match encoding {
            Some(e) => e.decode_without_bom_handling(&bytes[range]).0.into_owned(),
            None => std::str::from_utf8(&bytes[range.clone()])
                .unwrap_or_else(|_| panic!("{source}: {range:?} is not on character boundaries"))
                .to_string(),
        }
    };
    let text = decode(start..end);
    assert_eq!(
        Some(text.as_str()),
        obj["text"].as_str(),
        "{source}: text differs from bytes {start}..{end}"
    );
    let before = decode(0..start);
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    assert_eq!(
        obj["line"].as_u64(),
        Some(line as u64),
        "{source}:{start}: line"
    );
    assert_eq!(
        obj["column"].as_u64(),
        Some(column as u64),
        "{source}:{start}: column"
    );
    for key in ["highlights", "fragments"] {
        for inner in obj[key].as_array().into_iter().flatten() {
            let s = inner["byte_start"].as_u64().unwrap() as usize;
            let e = inner["byte_end"].as_u64().unwrap() as usize;
            assert!(
                start <= s && s <= e && e <= end,
                "{source}: {key} {s}..{e} outside {start}..{end}"
            );
            let pieces = [decode(start..s), decode(s..e), decode(e..end)].concat();
            assert_eq!(pieces, text, "{source}: {key} {s}..{e} splits a character");
        }
    }
    (start, end)
}

/// The texts of the highlights of a hit (decoded from its `encoding` when it names one).
pub fn highlighted(hit: &Value) -> Vec<String> {
    let source = std::fs::read(root().join(hit["source"].as_str().unwrap())).unwrap();
    let encoding = hit["encoding"]
        .as_str()
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (s, e) = (
                h["byte_start"].as_u64().unwrap() as usize,
                h["byte_end"].as_u64().unwrap() as usize,
            );
            match encoding {
                Some(enc) => enc
                    .decode_without_bom_handling(&source[s..e])
                    .0
                    .into_owned(),
                None => String::from_utf8(source[s..e].to_vec()).unwrap(),
            }
        })
        .collect()
}

/// The hits of a `--json` document.
pub fn hits(doc: &Value) -> &[Value] {
    doc["hits"].as_array().expect("hits")
}

/// Writes `text` to `path`, creating its parent folders.
pub fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A temporary folder of documents (`docs`) and its index (`index`), removed on drop.
pub struct TempCorpus {
    pub dir: tempfile::TempDir,
    pub docs: PathBuf,
    pub index: PathBuf,
}

impl TempCorpus {
    /// Writes `files` (path under `docs/`, contents) and indexes `docs/` with `cite index`.
    pub fn new<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> TempCorpus {
        let dir = tempfile::Builder::new()
            .prefix("cite-test-")
            .tempdir()
            .unwrap();
        let base = dir.path().canonicalize().unwrap();
        let (docs, index) = (base.join("docs"), base.join("index"));
        for (name, text) in files {
            write_file(&docs.join(name.as_ref()), text.as_ref());
        }
        std::fs::create_dir_all(&docs).unwrap();
        index_quietly(&docs, &index);
        TempCorpus { dir, docs, index }
    }

    /// Runs `cite ARGS` on this corpus's index and parses stdout as one JSON document.
    pub fn json(&self, args: &[&str]) -> (Value, i32) {
        json_in(&self.index, args)
    }
}

/// Indexes `docs` into `index` with `cite index --quiet`, which must succeed.
pub fn index_quietly(docs: &Path, index: &Path) {
    cite(index)
        .arg("index")
        .arg(docs)
        .arg("--quiet")
        .assert()
        .success();
}

/// Runs `cmd`: its exit code (-1 when killed), stdout and stderr.
pub fn outcome(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Stdout of `cite ARGS` on `index` with `COLUMNS=width`, which must succeed.
pub fn at_width(index: &Path, args: &[&str], width: usize) -> String {
    let out = cite(index)
        .args(args)
        .env("COLUMNS", width.to_string())
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The `(claim, source, kind)` of every conflict in the evidence of one `check` answer
/// (or one audit item).
pub fn conflicts(doc: &Value) -> Vec<(String, String, String)> {
    doc["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["conflicts"].as_array().unwrap().clone())
        .map(|c| {
            (
                c["claim"].as_str().unwrap().to_string(),
                c["source"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
