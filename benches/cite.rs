//! End-to-end benchmarks of the real `cite` binary (`cargo bench`).
//!
//! For each corpus — generated ones of 1 MB, 10 MB and 115 MB cached under
//! `target/bench-corpus/`, or the folder named by `CITE_BENCH_CORPUS` — this
//! times whole processes: a full index (with the indexer's peak RSS and the
//! index size on disk), an incremental re-index after one file changed,
//! keyword, phrase and fuzzy queries, `rg` on the same phrase for comparison,
//! `verify` of a quote (against `rg -F` on it), `check` of a claim and `audit` of a
//! draft. With `tantivy` (tantivy-cli) on the PATH and
//! `../shared/corpora/tantivy-cli-index.sh` beside the project, the same paragraphs
//! are indexed by tantivy-cli as the anchor (`-t 2`, one English-stemmed positional
//! field; the JSON conversion is not timed). Ratios against both are printed in the
//! notes. Results are printed as a table and written to `target/bench-results.json`.
//! Nothing here asserts on timings.
//!
//! Environment:
//! - `CITE_BENCH_SIZES=1mb,10mb` runs only these generated corpora (any
//!   `<N>mb` or `<N>kb` works; default `1mb,10mb,115mb`);
//! - `CITE_BENCH_CORPUS=/some/dir` benches that folder instead (several, with
//!   `:` between them; with `CITE_BENCH_SIZES` set too, after those generated). Its files are modified for the incremental runs, then
//!   restored (content and modification time). Its queries are plain English
//!   (`government`, `"the White House"`, `goverment --fuzzy 1`) unless
//!   `CITE_BENCH_KEYWORD`, `CITE_BENCH_PHRASE` or `CITE_BENCH_FUZZY` say otherwise;
//! - `CITE_BENCH_TANTIVY_SCRIPT=path` names the tantivy-cli script, `TANTIVY` the
//!   tantivy-cli binary (default `tantivy`).
//!
//! Unix only: peak memory comes from `wait4`'s resource usage of each child.

#[path = "support/corpus.rs"]
mod corpus;

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read, Seek, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// The binary under test, built by Cargo for this bench.
const CITE: &str = env!("CARGO_BIN_EXE_cite");
/// Generated corpora run when `CITE_BENCH_SIZES` is unset.
const DEFAULT_SIZES: &str = "1mb,10mb,115mb";
/// Corpora at least this large get fewer full-index runs.
const BIG_CORPUS_BYTES: u64 = 50_000_000;
/// Runs of a full index on a small and on a big corpus.
const FULL_INDEX_RUNS: (usize, usize) = (7, 5);
/// Runs of an incremental re-index (one different file changed each time).
const REINDEX_RUNS: usize = 5;
/// Runs of each query, of verify and of check.
const QUERY_RUNS: usize = 21;
/// Words in the quote given to `verify`.
const QUOTE_WORDS: usize = 10;
/// Citations given to `anchor --batch`.
const ANCHOR_CITATIONS: usize = 10_000;
/// Runs of `anchor --batch`.
const ANCHOR_RUNS: usize = 3;
/// Runs of `audit` on a draft.
const AUDIT_RUNS: usize = 3;
/// Words in the draft given to `audit`.
const DRAFT_WORDS: usize = 2_000;

fn main() -> ExitCode {
    match run_benches() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("some commands failed; see the table above");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("bench error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every bench; `Ok(false)` if some `cite` command failed.
fn run_benches() -> io::Result<bool> {
    let target = target_dir();
    let corpora = corpora(&target)?;
    let mut report = Report::default();
    report.print_header();
    for corpus in &corpora {
        bench_corpus(corpus, &target, &mut report)?;
    }
    let json_path = target.join("bench-results.json");
    fs::write(&json_path, report.to_json(&corpora))?;
    eprintln!("results written to {}", json_path.display());
    Ok(!report.failed)
}

/// Cargo's target directory: the parent of `CARGO_TARGET_TMPDIR`.
fn target_dir() -> PathBuf {
    option_env!("CARGO_TARGET_TMPDIR")
        .and_then(|tmp| Path::new(tmp).parent().map(Path::to_path_buf))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// A folder of documents to bench.
struct Corpus {
    /// Short name used in the table (`10mb`, or the folder's name).
    name: String,
    /// The folder.
    dir: PathBuf,
    /// The `.txt` and `.md` files in it, sorted.
    files: Vec<PathBuf>,
    /// Their total size.
    bytes: u64,
    /// Queries of the generated corpora (seed words) or plain English.
    generated: bool,
}

/// The corpora selected by the environment, generated if needed.
fn corpora(target: &Path) -> io::Result<Vec<Corpus>> {
    let real = std::env::var_os("CITE_BENCH_CORPUS");
    // Generated corpora unless only real ones are asked for.
    let sizes = match (std::env::var("CITE_BENCH_SIZES"), &real) {
        (Ok(sizes), _) => sizes,
        (Err(_), Some(_)) => String::new(),
        (Err(_), None) => DEFAULT_SIZES.into(),
    };
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut corpora = Vec::new();
    for name in sizes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bytes = parse_size(name).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("CITE_BENCH_SIZES: {name:?} is not like 10mb or 500kb"),
            )
        })?;
        let dir = target.join("bench-corpus").join(name);
        let started = Instant::now();
        let stats = corpus::generate(&seeds, &dir, bytes)?;
        eprintln!(
            "corpus {name}: {} files, {} in {} (ready in {})",
            stats.files,
            fmt_bytes(stats.bytes),
            dir.display(),
            fmt_duration(started.elapsed()),
        );
        corpora.push(Corpus::scan(name.to_owned(), dir, true)?);
    }
    for dir in real.iter().flat_map(std::env::split_paths) {
        let dir = fs::canonicalize(dir)?;
        let name = dir
            .file_name()
            .map_or("corpus".into(), |n| n.to_string_lossy().into_owned());
        corpora.push(Corpus::scan(name, dir, false)?);
    }
    Ok(corpora)
}

/// `10mb` → 10,000,000 and `500kb` → 500,000 (decimal units).
fn parse_size(name: &str) -> Option<u64> {
    let lower = name.to_ascii_lowercase();
    let (number, unit) = if let Some(n) = lower.strip_suffix("mb") {
        (n, 1_000_000)
    } else {
        (lower.strip_suffix("kb")?, 1_000)
    };
    number
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .map(|n| n * unit)
}

impl Corpus {
    /// Lists the files cite would index in `dir`.
    fn scan(name: String, dir: PathBuf, generated: bool) -> io::Result<Corpus> {
        let mut files = Vec::new();
        collect_files(&dir, &mut files)?;
        files.retain(|path| {
            path.extension().is_some_and(|ext| {
                ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md")
            })
        });
        files.sort();
        if files.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no .txt or .md files in {}", dir.display()),
            ));
        }
        let mut bytes = 0;
        for file in &files {
            bytes += fs::metadata(file)?.len();
        }
        Ok(Corpus {
            name,
            dir,
            files,
            bytes,
            generated,
        })
    }

    /// The keyword, phrase and fuzzy word to query: seed words in generated corpora, plain
    /// English in real ones, or what the environment says.
    fn queries(&self) -> [String; 3] {
        let defaults = if self.generated {
            ["Taliban", "\"humanitarian aid\"", "Haibatullah"]
        } else {
            ["government", "\"the White House\"", "goverment"]
        };
        let vars = [
            "CITE_BENCH_KEYWORD",
            "CITE_BENCH_PHRASE",
            "CITE_BENCH_FUZZY",
        ];
        let mut out = defaults.map(String::from);
        for (value, var) in out.iter_mut().zip(vars) {
            if let Ok(set) = std::env::var(var) {
                *value = set;
            }
        }
        out
    }
}

/// Appends every regular file under `dir` (skipping dot-entries) to `out`.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// Total size of the files under `dir`, dot-files included.
fn dir_size(dir: &Path) -> io::Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            total += dir_size(&entry.path())?;
        } else if kind.is_file() {
            total += entry.metadata()?.len();
        }
    }
    Ok(total)
}

/// Runs all measurements on one corpus, adding rows to `report`.
fn bench_corpus(corpus: &Corpus, target: &Path, report: &mut Report) -> io::Result<()> {
    let index = target.join("tmp").join("bench-index").join(&corpus.name);
    if index.exists() {
        fs::remove_dir_all(&index)?;
    }
    fs::create_dir_all(index.parent().unwrap_or(target))?;
    let bench = Bench {
        corpus,
        index: &index,
    };
    report.push(load_row(&corpus.name, "load average, before"));
    if !bench.full_index(report)? {
        return Ok(()); // nothing to query without an index
    }
    bench.reindex(report)?;
    bench.queries(report)?;
    report.push(load_row(&corpus.name, "load average, after the queries"));
    bench.verify(report)?;
    bench.anchor(target, report)?;
    bench.check(report)?;
    bench.audit(report, target)?;
    report.push(load_row(&corpus.name, "load average, after"));
    Ok(())
}

/// A row noting the machine's load (`/proc/loadavg`: 1, 5 and 15 minutes): other work
/// slows the timings, the ratios measured in the same run much less.
fn load_row(corpus: &str, what: &str) -> Row {
    let mut row = Row::new(corpus, what);
    row.note = fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    row
}

/// One corpus and its index directory.
struct Bench<'a> {
    corpus: &'a Corpus,
    index: &'a Path,
}

impl Bench<'_> {
    /// `cite --index DIR <args>`.
    fn cite(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(CITE);
        cmd.arg("--index").arg(self.index).args(args);
        cmd
    }

    /// `cite index <corpus> --quiet`, plus `--rebuild` if `rebuild`.
    fn index_cmd(&self, rebuild: bool) -> Command {
        let mut cmd = self.cite(&["index"]);
        cmd.arg(&self.corpus.dir).arg("--quiet");
        if rebuild {
            cmd.arg("--rebuild");
        }
        cmd
    }

    /// Times full rebuilds, alternating with tantivy-cli's runs on the same paragraphs when
    /// it is at hand (so that both see the same machine: its speed drifts between runs);
    /// `Ok(false)` if indexing failed.
    fn full_index(&self, report: &mut Report) -> io::Result<bool> {
        let runs = if self.corpus.bytes >= BIG_CORPUS_BYTES {
            FULL_INDEX_RUNS.1
        } else {
            FULL_INDEX_RUNS.0
        };
        let anchor = self.tantivy_cli()?;
        let mut row = Row::new(&self.corpus.name, "index (full, --rebuild)");
        let mut anchor_row = Row::new(&self.corpus.name, TANTIVY_CLI_ROW);
        let mut anchor_peak_kib = 0;
        let mut peak_kib = 0;
        let (mut anon_kib, mut file_kib) = (0, 0);
        let mut cpu = Vec::with_capacity(runs);
        for _ in 0..runs {
            let out = run_sampled(&mut self.index_cmd(true))?;
            if !out.succeeded() {
                report.push(row.failed(&out));
                return Ok(false);
            }
            peak_kib = peak_kib.max(out.max_rss_kib);
            anon_kib = anon_kib.max(out.peak_anon_kib);
            file_kib = file_kib.max(out.peak_file_kib);
            cpu.push(out.cpu);
            row.times.push(out.wall);
            if let Ok(anchor) = &anchor
                && !anchor_row.failed
            {
                let out = run(&mut anchor.command("new index"))?;
                if out.code == Some(0) {
                    anchor_peak_kib = anchor_peak_kib.max(out.max_rss_kib);
                    anchor_row.times.push(out.wall);
                } else {
                    anchor_row = anchor_row.failed(&out);
                }
            }
        }
        let mb_s = self.corpus.bytes as f64 / 1e6 / row.median().as_secs_f64();
        let peak_mib = peak_kib as f64 / 1024.0;
        row.note = format!(
            "{mb_s:.1} MB/s, peak RSS {peak_mib:.1} MiB (sampled: RssAnon {:.0}, RssFile {:.0} MiB), CPU {}",
            anon_kib as f64 / 1024.0,
            file_kib as f64 / 1024.0,
            fmt_duration({
                cpu.sort();
                cpu[cpu.len() / 2]
            }),
        );
        row.values = vec![
            ("corpus_bytes", self.corpus.bytes as f64),
            ("throughput_mb_per_s", mb_s),
            ("peak_rss_mib", peak_mib),
        ];
        let cite_median = row.median();
        report.push(row);
        match anchor {
            Ok(anchor) => {
                if !anchor_row.failed {
                    anchor_row = anchor.finish(
                        anchor_row,
                        cite_median,
                        anchor_peak_kib,
                        self.corpus.bytes,
                    )?;
                }
                report.push(anchor_row);
            }
            Err(skipped) => report.push(skipped),
        }

        let index_bytes = dir_size(self.index)?;
        let ratio = index_bytes as f64 / self.corpus.bytes as f64;
        let mut row = Row::new(&self.corpus.name, "index size on disk");
        row.note = format!(
            "{} for {} of text ({:.2}x)",
            fmt_bytes(index_bytes),
            fmt_bytes(self.corpus.bytes),
            ratio
        );
        row.values = vec![
            ("index_bytes", index_bytes as f64),
            ("corpus_bytes", self.corpus.bytes as f64),
            ("ratio", ratio),
        ];
        report.push(row);
        Ok(true)
    }

    /// tantivy-cli, ready to index the same paragraphs (`-t 2`), the anchor of the full
    /// index: the conversion to JSON lines runs here, untimed. Err: the row saying why not.
    fn tantivy_cli(&self) -> io::Result<Result<Anchor, Row>> {
        let script = std::env::var_os("CITE_BENCH_TANTIVY_SCRIPT").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/tantivy-cli-index.sh"),
            PathBuf::from,
        );
        let tantivy = std::env::var_os("TANTIVY").unwrap_or_else(|| "tantivy".into());
        if !script.is_file() {
            let why = format!("no {}", script.display());
            return Ok(Err(Row::skipped(&self.corpus.name, TANTIVY_CLI_ROW, &why)));
        }
        if run(Command::new(&tantivy).arg("--help")).is_err() {
            let why = "tantivy not on PATH";
            return Ok(Err(Row::skipped(&self.corpus.name, TANTIVY_CLI_ROW, why)));
        }
        let anchor = Anchor {
            script,
            tantivy,
            corpus: self.corpus.dir.clone(),
            index: self.index.with_extension("tantivy-cli"),
        };
        let jsonl = run(&mut anchor.command("jsonl"))?;
        if jsonl.code != Some(0) {
            return Ok(Err(
                Row::new(&self.corpus.name, TANTIVY_CLI_ROW).failed(&jsonl)
            ));
        }
        Ok(Ok(anchor))
    }

    /// Times incremental re-indexing, appending a sentence to a different
    /// file before each run; the files are restored afterwards and the index
    /// brought back in line with them.
    fn reindex(&self, report: &mut Report) -> io::Result<()> {
        let mut row = Row::new(&self.corpus.name, "re-index, 1 file changed");
        {
            let mut edits = Edits::default();
            for i in 0..REINDEX_RUNS {
                let files = &self.corpus.files;
                edits.append(&files[i * files.len() / REINDEX_RUNS % files.len()], i)?;
                let out = run(&mut self.index_cmd(false))?;
                if !out.succeeded() {
                    report.push(row.failed(&out));
                    return Ok(());
                }
                row.times.push(out.wall);
            }
        } // restores the files
        report.push(row);
        let out = run(&mut self.index_cmd(false))?;
        if !out.succeeded() {
            report.push(Row::new(&self.corpus.name, "re-index after restore").failed(&out));
        }
        Ok(())
    }

    /// Times the queries, and `rg -i -F` on the phrase for comparison.
    fn queries(&self, report: &mut Report) -> io::Result<()> {
        let [keyword, phrase, fuzzy] = self.corpus.queries();
        let queries: [(String, Vec<&str>); 3] = [
            (
                format!("query keyword: {keyword}"),
                vec!["query", &keyword, "--json"],
            ),
            (
                format!("query phrase: {phrase}"),
                vec!["query", &phrase, "--json"],
            ),
            (
                format!("query fuzzy: {fuzzy} --fuzzy 1"),
                vec!["query", &fuzzy, "--fuzzy", "1", "--json"],
            ),
        ];
        let mut rows = Vec::new();
        for (what, args) in &queries {
            rows.push(self.repeat(what, QUERY_RUNS, || self.cite(args))?);
        }
        let median = |row: &Row| {
            if row.times.is_empty() {
                Duration::ZERO
            } else {
                row.median()
            }
        };
        let phrase_median = median(&rows[1]);
        for (i, mut row) in rows.into_iter().enumerate() {
            if i != 1 && row.note.is_empty() && phrase_median > Duration::ZERO {
                let ratio = median(&row).as_secs_f64() / phrase_median.as_secs_f64();
                row.note = format!("{ratio:.2}x the phrase query");
                row.values.push(("over_phrase", ratio));
            }
            report.push(row);
        }
        let needle = phrase.trim_matches('"');
        self.versus_rg(&["-i", "-F"], needle, phrase_median, "phrase query", report)
    }

    /// Times `rg FLAGS needle` over the corpus and notes cite's `median` (0 if it failed)
    /// as a fraction of it.
    fn versus_rg(
        &self,
        flags: &[&str],
        needle: &str,
        cite: Duration,
        what_cite: &str,
        report: &mut Report,
    ) -> io::Result<()> {
        let shown = if needle.len() > 24 {
            "(the same quote)".to_string()
        } else {
            format!("\"{needle}\"")
        };
        let what = format!("rg {} {shown}", flags.join(" "));
        if run(Command::new("rg").arg("--version")).is_err() {
            report.push(Row::skipped(&self.corpus.name, &what, "rg not on PATH"));
            return Ok(());
        }
        let mut row = self.repeat(&what, QUERY_RUNS, || {
            let mut cmd = Command::new("rg");
            cmd.args(flags).arg("--").arg(needle).arg(&self.corpus.dir);
            cmd
        })?;
        if cite > Duration::ZERO && !row.times.is_empty() {
            let ratio = cite.as_secs_f64() / row.median().as_secs_f64();
            row.note = format!("cite {what_cite} takes {ratio:.3}x rg's time");
            row.values.push(("cite_over_rg", ratio));
        }
        report.push(row);
        Ok(())
    }

    /// Times `verify` of a quote taken from one of the files.
    fn verify(&self, report: &mut Report) -> io::Result<()> {
        let what = "verify (10-word quote)";
        let Some(quote) = self.quote()? else {
            report.push(Row::skipped(&self.corpus.name, what, "no line to quote"));
            return Ok(());
        };
        let mut row = self.repeat(what, QUERY_RUNS, || {
            self.cite(&["verify", &quote, "--json"])
        })?;
        if row.note.is_empty() {
            row.note = format!("\u{201c}{quote}\u{201d}");
        }
        let median = if row.times.is_empty() {
            Duration::ZERO
        } else {
            row.median()
        };
        report.push(row);
        self.versus_rg(&["-F"], &quote, median, "verify", report)
    }

    /// Times `anchor --batch` of [`ANCHOR_CITATIONS`] citations with W3C selectors, ten
    /// words each, spread over the files; every other one names an out-of-date position.
    fn anchor(&self, target: &Path, report: &mut Report) -> io::Result<()> {
        let what = format!("anchor --batch ({ANCHOR_CITATIONS} citations)");
        let mut batch = String::new();
        let mut made = 0;
        'files: for round in 0.. {
            let before = made;
            for file in &self.corpus.files {
                let Ok(text) = fs::read_to_string(file) else {
                    continue;
                };
                let words: Vec<(usize, &str)> = text
                    .split_whitespace()
                    .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                    .collect();
                let first = (round * 37 + 11) % words.len().max(1);
                let Some(last) = words.get(first + QUOTE_WORDS - 1) else {
                    continue;
                };
                let span = cite::span::Span::new(words[first].0, last.0 + last.1.len());
                let mut selectors = cite::anchor::selector::selectors(&text, span);
                let shift = if made % 2 == 1 { 7 } else { 0 };
                selectors.retain(|s| {
                    !matches!(s, cite::anchor::selector::Selector::DataPositionSelector(_))
                });
                let citation = serde_json::json!({
                    "source": file,
                    "byte_start": span.start + shift,
                    "byte_end": span.end + shift,
                    "text": &text[span.range()],
                    "selector": selectors,
                });
                batch.push_str(&citation.to_string());
                batch.push('\n');
                made += 1;
                if made == ANCHOR_CITATIONS {
                    break 'files;
                }
            }
            if made == before {
                break;
            }
        }
        let path = target
            .join("tmp")
            .join(format!("bench-anchor-{}.ndjson", self.corpus.name));
        fs::write(&path, batch)?;
        let mut row = self.repeat(&what, ANCHOR_RUNS, || {
            let mut cmd = self.cite(&["anchor", "--json", "--batch"]);
            cmd.arg(&path);
            cmd
        })?;
        if row.note.is_empty() {
            row.note = format!("{made} citations, half at stale offsets");
        }
        report.push(row);
        Ok(())
    }

    /// Times `check` of a claim made of a file's words (the quote of `verify`).
    fn check(&self, report: &mut Report) -> io::Result<()> {
        let what = "check (10-word claim)";
        let Some(claim) = self.quote()? else {
            report.push(Row::skipped(
                &self.corpus.name,
                what,
                "no line to take a claim from",
            ));
            return Ok(());
        };
        let mut row = self.repeat(what, QUERY_RUNS, || self.cite(&["check", &claim, "--json"]))?;
        if row.note.is_empty() || row.note.starts_with("no hits") {
            row.note = format!("\u{201c}{claim}\u{201d}");
        }
        report.push(row);
        Ok(())
    }

    /// Times `audit` of a draft of about [`DRAFT_WORDS`] words made from the corpus, and
    /// notes how its time splits between quotations and claims (from `took_ms`).
    fn audit(&self, report: &mut Report, target: &Path) -> io::Result<()> {
        let what = "audit (2,000-word draft)";
        let (draft_text, quotes, claims) = self.draft();
        let draft = target
            .join("tmp")
            .join(format!("bench-draft-{}.md", self.corpus.name));
        fs::write(&draft, &draft_text)?;
        let draft = draft.to_string_lossy().into_owned();
        let probe = self.cite(&["audit", &draft, "--json"]).output()?;
        if probe.status.code() == Some(2) {
            let why = String::from_utf8_lossy(&probe.stderr);
            report.push(Row::skipped(&self.corpus.name, what, why.trim()));
            return Ok(());
        }
        let mut row = Row::new(&self.corpus.name, what);
        let mut cpu = Vec::new();
        for _ in 0..AUDIT_RUNS {
            let out = run(&mut self.cite(&["audit", &draft, "--json"]))?;
            if !out.succeeded() {
                report.push(row.failed(&out));
                return Ok(());
            }
            row.times.push(out.wall);
            cpu.push(out.cpu);
        }
        cpu.sort();
        let cpu = cpu[cpu.len() / 2].as_secs_f64();
        let took = |key: &str| {
            let doc = String::from_utf8_lossy(&probe.stdout);
            let at = doc.rfind(&format!("\"{key}\":"))? + key.len() + 3;
            doc[at..].split([',', '}']).next()?.parse::<f64>().ok()
        };
        if let (Some(q), Some(c)) = (took("quotations"), took("claims")) {
            row.note = format!(
                "CPU {cpu:.2} s; quotations ({quotes} written) {:.2} s over all threads, claims ({claims} written) {:.2} s",
                q / 1e3,
                c / 1e3
            );
            row.values = vec![("cpu_s", cpu), ("quotations_ms", q), ("claims_ms", c)];
        }
        report.push(row);
        Ok(())
    }

    /// A draft of about [`DRAFT_WORDS`] words from the corpus's sentences: quotations of
    /// them as they stand and with a word changed, the sentences themselves as claims
    /// (every fourth with a number changed), and plain sentences; with the number of
    /// quotations and of claims in it.
    fn draft(&self) -> (String, usize, usize) {
        let mut sentences = Vec::new();
        for file in self
            .corpus
            .files
            .iter()
            .step_by((self.corpus.files.len() / 40).max(1))
        {
            let Ok(text) = fs::read_to_string(file) else {
                continue;
            };
            for line in text
                .lines()
                .filter(|l| l.split_whitespace().count() >= 14)
                .take(3)
            {
                let words: Vec<String> =
                    line.split_whitespace().take(18).map(String::from).collect();
                sentences.push(words);
            }
        }
        let (mut draft, mut words, mut quotes, mut claims) = (String::new(), 0, 0, 0);
        for (n, s) in sentences.iter().cycle().enumerate() {
            if words >= DRAFT_WORDS || sentences.is_empty() {
                break;
            }
            let sentence = match n % 4 {
                0 => {
                    quotes += 1;
                    format!(
                        "The report said \u{201c}{}\u{201d} in so many words.",
                        s[2..14].join(" ")
                    )
                }
                1 => {
                    quotes += 1;
                    let mut w: Vec<String> = s[2..14].to_vec();
                    w[5] = "elephants".into();
                    format!(
                        "Another source wrote \u{201c}{}\u{201d} at the time.",
                        w.join(" ")
                    )
                }
                2 => {
                    claims += 1;
                    let text = s.join(" ");
                    let changed: String = text
                        .chars()
                        .map(|c| {
                            if c.is_ascii_digit() {
                                char::from(b'0' + (c as u8 - b'0' + 1) % 10)
                            } else {
                                c
                            }
                        })
                        .collect();
                    format!("{} {}.", if n % 8 == 2 { changed } else { text }, "in 2025")
                }
                _ => "This is worth keeping in mind as the story unfolds.".to_string(),
            };
            words += sentence.split_whitespace().count();
            draft.push_str(&sentence);
            draft.push_str(if n % 5 == 4 { "\n\n" } else { " " });
        }
        (draft, quotes, claims)
    }

    /// Ten words from the middle of the first line of at least 30 words.
    fn quote(&self) -> io::Result<Option<String>> {
        for file in &self.corpus.files {
            let Ok(text) = fs::read_to_string(file) else {
                continue;
            };
            for line in text.lines() {
                let words: Vec<&str> = line.split_whitespace().collect();
                if words.len() >= 3 * QUOTE_WORDS {
                    return Ok(Some(words[QUOTE_WORDS..2 * QUOTE_WORDS].join(" ")));
                }
            }
        }
        Ok(None)
    }

    /// Runs the command made by `make` `runs` times; stops at the first failure.
    fn repeat(&self, what: &str, runs: usize, make: impl Fn() -> Command) -> io::Result<Row> {
        let mut row = Row::new(&self.corpus.name, what);
        for _ in 0..runs {
            let out = run(&mut make())?;
            if !out.succeeded() {
                return Ok(row.failed(&out));
            }
            if out.code == Some(1) {
                row.note = "no hits (exit 1)".into();
            }
            row.times.push(out.wall);
        }
        Ok(row)
    }
}

/// Files modified for the incremental runs; restored (content and mtime)
/// on drop, even if the bench bails out early.
#[derive(Default)]
struct Edits {
    originals: Vec<(PathBuf, Vec<u8>, SystemTime)>,
}

impl Edits {
    /// Appends a sentence to `path`, remembering how to restore it.
    fn append(&mut self, path: &Path, n: usize) -> io::Result<()> {
        if !self.originals.iter().any(|(p, ..)| p == path) {
            let mtime = fs::metadata(path)?.modified()?;
            self.originals
                .push((path.to_owned(), fs::read(path)?, mtime));
        }
        let mut file = fs::OpenOptions::new().append(true).open(path)?;
        write!(
            file,
            "\nThe benchmark appended sentence number {n} to this file to time re-indexing.\n"
        )
    }
}

impl Drop for Edits {
    fn drop(&mut self) {
        for (path, bytes, mtime) in &self.originals {
            let restored = fs::write(path, bytes)
                .and_then(|()| fs::File::options().write(true).open(path))
                .and_then(|file| file.set_modified(*mtime));
            if let Err(err) = restored {
                eprintln!("could not restore {}: {err}", path.display());
            }
        }
    }
}

/// Name of the tantivy-cli row.
const TANTIVY_CLI_ROW: &str = "tantivy-cli index -t 2 (anchor)";

/// tantivy-cli indexing a corpus through `../shared/corpora/tantivy-cli-index.sh`.
struct Anchor {
    script: PathBuf,
    tantivy: std::ffi::OsString,
    corpus: PathBuf,
    /// Its index, beside cite's.
    index: PathBuf,
}

impl Anchor {
    /// The script running `steps` (`jsonl`, `new index`) with two indexing threads.
    fn command(&self, steps: &str) -> Command {
        let mut cmd = Command::new("bash");
        cmd.arg(&self.script)
            .arg(&self.corpus)
            .arg(&self.index)
            .env("STEPS", steps)
            .env("THREADS", "2")
            .env("QUIET", "1")
            .env("TANTIVY", &self.tantivy);
        cmd
    }

    /// `row` with its note (the ratio of `cite`'s median to its own) and values; removes
    /// its index and JSON lines.
    fn finish(
        self,
        mut row: Row,
        cite: Duration,
        peak_kib: u64,
        text_bytes: u64,
    ) -> io::Result<Row> {
        let ratio = cite.as_secs_f64() / row.median().as_secs_f64();
        let index_bytes = dir_size(&self.index)?;
        row.note = format!(
            "cite/tantivy-cli {ratio:.2}x (runs alternating with cite's), peak RSS {:.1} MiB, index {} ({:.2}x)",
            peak_kib as f64 / 1024.0,
            fmt_bytes(index_bytes),
            index_bytes as f64 / text_bytes as f64
        );
        row.values = vec![
            ("cite_over_tantivy_cli", ratio),
            ("peak_rss_mib", peak_kib as f64 / 1024.0),
            ("index_bytes", index_bytes as f64),
        ];
        let _ = fs::remove_dir_all(&self.index);
        let _ = fs::remove_file(self.index.with_extension("tantivy-cli.jsonl"));
        Ok(row)
    }
}

/// What a finished child process did.
struct Outcome {
    /// Exit code, `None` if killed by a signal.
    code: Option<i32>,
    /// Standard error, lossily decoded.
    stderr: String,
    /// Wall time from spawn to exit.
    wall: Duration,
    /// The child's peak resident set size in KiB.
    max_rss_kib: u64,
    /// Its highest anonymous resident memory sampled, in KiB.
    peak_anon_kib: u64,
    /// Its highest file-backed resident memory sampled (mapped files), in KiB.
    peak_file_kib: u64,
    /// The child's CPU time, user and system: on a loaded machine, a steadier measure than wall time.
    cpu: Duration,
}

impl Outcome {
    /// Exit 0 (hits) or 1 (no hits).
    fn succeeded(&self) -> bool {
        matches!(self.code, Some(0 | 1))
    }
}

/// Runs `cmd` to completion and reports the wall time and, via `wait4`, the peak RSS of
/// that very child. As hyperfine does, its standard output goes to `/dev/null` (and its
/// standard error to a file, read once it ends): draining pipes took a thread that woke
/// with each write, and a query of 3.5 ms measured 4.5 ms through them (the harness
/// alone, 7 alternating rounds of 21; `rg` 147 against 158 ms).
fn run(cmd: &mut Command) -> io::Result<Outcome> {
    run_with(cmd, false)
}

/// As [`run`], and samples the child's anonymous and file-backed memory while it runs.
/// Only full indexing asks for it: the sampling thread reads `/proc` as the child
/// starts, competing for a core (and its memory map) with a query of a few milliseconds.
fn run_sampled(cmd: &mut Command) -> io::Result<Outcome> {
    run_with(cmd, true)
}

/// Runs `cmd`; samples its memory when `sample` is true.
fn run_with(cmd: &mut Command, sample: bool) -> io::Result<Outcome> {
    let mut stderr = tempfile::tempfile()?;
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr.try_clone()?)
        .spawn()?;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = sample.then(|| {
        let (pid, done) = (child.id(), done.clone());
        std::thread::spawn(move || sample_rss(pid, &done))
    });
    let (status, usage) = wait4(child.id())?;
    let wall = started.elapsed();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (peak_anon_kib, peak_file_kib) = match sampler {
        Some(sampler) => sampler.join().expect("sampler panicked"),
        None => (0, 0),
    };
    let mut text = Vec::new();
    stderr.seek(io::SeekFrom::Start(0))?;
    stderr.read_to_end(&mut text)?;
    Ok(Outcome {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stderr: String::from_utf8_lossy(&text).into_owned(),
        wall,
        max_rss_kib: max_rss_kib(&usage),
        peak_anon_kib,
        peak_file_kib,
        cpu: cpu_time(&usage),
    })
}

/// The highest RssAnon and RssFile (KiB) of process `pid` in `/proc/PID/status`, read every
/// 50 ms until `done`: mapped index files count in the RSS `wait4` reports, anonymous
/// memory is what the process holds.
fn sample_rss(pid: u32, done: &std::sync::atomic::AtomicBool) -> (u64, u64) {
    let (mut anon, mut file) = (0, 0);
    while !done.load(std::sync::atomic::Ordering::Relaxed) {
        let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
            break;
        };
        let kib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        anon = anon.max(kib("RssAnon:"));
        file = file.max(kib("RssFile:"));
        std::thread::sleep(Duration::from_millis(50));
    }
    (anon, file)
}

/// User plus system CPU time from `usage`.
fn cpu_time(usage: &libc::rusage) -> Duration {
    let of = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    of(usage.ru_utime) + of(usage.ru_stime)
}

/// Peak RSS in KiB from `usage` (macOS reports bytes, Linux KiB).
fn max_rss_kib(usage: &libc::rusage) -> u64 {
    let raw = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    if cfg!(target_os = "macos") {
        raw / 1024
    } else {
        raw
    }
}

/// Reaps child `pid`, returning its wait status and resource usage.
fn wait4(pid: u32) -> io::Result<(libc::c_int, libc::rusage)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status = 0;
    // SAFETY: `rusage` is plain old data, for which all zeroes is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals; `pid` is our
        // own child, which std has not reaped (we never call `wait` on it).
        if unsafe { libc::wait4(pid, &mut status, 0, &mut usage) } == pid {
            return Ok((status, usage));
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

/// One line of the results table.
struct Row {
    corpus: String,
    what: String,
    /// Wall times of the runs; empty for skipped, failed or size-only rows.
    times: Vec<Duration>,
    /// Free-form remark: throughput, ratio, why skipped or failed.
    note: String,
    /// Extra numbers for the JSON output.
    values: Vec<(&'static str, f64)>,
    /// Whether a command failed (exit 2 or a signal).
    failed: bool,
}

impl Row {
    fn new(corpus: &str, what: &str) -> Row {
        Row {
            corpus: corpus.into(),
            what: what.into(),
            times: Vec::new(),
            note: String::new(),
            values: Vec::new(),
            failed: false,
        }
    }

    fn skipped(corpus: &str, what: &str, why: &str) -> Row {
        let mut row = Row::new(corpus, what);
        row.note = format!("skipped ({why})");
        row
    }

    /// This row marked failed by `out`, with the first line of its stderr.
    fn failed(mut self, out: &Outcome) -> Row {
        let code = out.code.map_or("a signal".into(), |c| format!("exit {c}"));
        let first = out.stderr.lines().find(|l| !l.trim().is_empty());
        self.note = format!("FAILED ({code}): {}", first.unwrap_or("no message"));
        self.times.clear();
        self.failed = true;
        self
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut times = self.times.clone();
        times.sort();
        times
    }

    /// Median of the runs (the lower middle for an even count).
    fn median(&self) -> Duration {
        let sorted = self.sorted();
        sorted[(sorted.len() - 1) / 2]
    }
}

/// All rows so far; printed as they come, written as JSON at the end.
#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    failed: bool,
}

impl Report {
    fn print_header(&self) {
        println!(
            "{:<8} {:<36} {:>10} {:>10} {:>10} {:>4}  notes",
            "corpus", "measurement", "median", "min", "max", "runs"
        );
    }

    /// Prints `row` and keeps it.
    fn push(&mut self, row: Row) {
        let cols = if row.times.is_empty() {
            ["-".to_owned(), "-".to_owned(), "-".to_owned()]
        } else {
            let sorted = row.sorted();
            [row.median(), sorted[0], sorted[sorted.len() - 1]].map(fmt_duration)
        };
        println!(
            "{:<8} {:<36} {:>10} {:>10} {:>10} {:>4}  {}",
            row.corpus,
            row.what,
            cols[0],
            cols[1],
            cols[2],
            row.times.len(),
            row.note
        );
        let _ = io::stdout().flush();
        self.failed |= row.failed;
        self.rows.push(row);
    }

    /// The whole report as a JSON document.
    fn to_json(&self, corpora: &[Corpus]) -> String {
        let mut out = String::from("{\n");
        let _ = writeln!(
            out,
            "  \"cite\": {},\n  \"cpus\": {},\n  \"unix_time\": {},\n  \"corpora\": [",
            json_str(&cite_version()),
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        );
        for (i, corpus) in corpora.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {{\"name\": {}, \"dir\": {}, \"files\": {}, \"bytes\": {}}}{}",
                json_str(&corpus.name),
                json_str(&corpus.dir.to_string_lossy()),
                corpus.files.len(),
                corpus.bytes,
                if i + 1 < corpora.len() { "," } else { "" }
            );
        }
        out.push_str("  ],\n  \"results\": [\n");
        for (i, row) in self.rows.iter().enumerate() {
            let _ = write!(
                out,
                "    {{\"corpus\": {}, \"what\": {}, \"runs\": {}",
                json_str(&row.corpus),
                json_str(&row.what),
                row.times.len()
            );
            if !row.times.is_empty() {
                let sorted = row.sorted();
                let ms = |d: Duration| d.as_secs_f64() * 1e3;
                let _ = write!(
                    out,
                    ", \"median_ms\": {:.3}, \"min_ms\": {:.3}, \"max_ms\": {:.3}",
                    ms(row.median()),
                    ms(sorted[0]),
                    ms(sorted[sorted.len() - 1])
                );
            }
            for (key, value) in &row.values {
                let _ = write!(out, ", {}: {value:.3}", json_str(key));
            }
            let _ = writeln!(
                out,
                ", \"failed\": {}, \"note\": {}}}{}",
                row.failed,
                json_str(&row.note),
                if i + 1 < self.rows.len() { "," } else { "" }
            );
        }
        out.push_str("  ]\n}\n");
        out
    }
}

/// `cite --version`'s output, or `"unknown"`.
fn cite_version() -> String {
    Command::new(CITE)
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|version| !version.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// `s` as a JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `850 µs`, `12.3 ms`, `1.23 s`.
fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 1e-3 {
        format!("{:.0} µs", secs * 1e6)
    } else if secs < 1.0 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{secs:.2} s")
    }
}

/// Decimal megabytes, `12.3 MB`.
fn fmt_bytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
