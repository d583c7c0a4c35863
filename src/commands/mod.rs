//! One module per command (or family): run it, print its results, say whether anything
//! was found. What they share lives here: opening the index, reading input, selectors.

mod anchor;
mod audit;
mod batch;
mod check;
mod docs;
mod index;
mod query;
mod show;
mod verify;

use crate::anchor::selector;
use crate::cli::{Cli, Command};
use crate::index::{CiteIndex, DirState};
use crate::indexer;
use crate::located::Located;
use crate::manifest::Manifest;
use crate::skips;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default corpus, indexed when no path is given.
pub(crate) const DEFAULT_CORPUS: &str = "seeds";
/// The default index location, the only one built on first use.
const DEFAULT_INDEX: &str = "index";

/// How a successful command ended, as grep would say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found (exit 0).
    Found,
    /// Nothing was found (exit 1).
    NotFound,
    /// Stopped by Ctrl-C, keeping what was committed (exit 130).
    Interrupted,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Found => ExitCode::SUCCESS,
            Outcome::NotFound => ExitCode::from(1),
            Outcome::Interrupted => ExitCode::from(130),
        }
    }

    pub(crate) fn found_if(found: bool) -> Outcome {
        if found {
            Outcome::Found
        } else {
            Outcome::NotFound
        }
    }
}

/// Runs the command of `cli`.
pub fn run(cli: Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Index(args) => index::index(&cli.index, args),
        Command::Query(args) => query::query(&cli.index, args),
        Command::Sources(args) => index::sources(&cli.index, args),
        Command::Verify(args) => verify::verify(&cli.index, args),
        Command::Check(args) => check::check(&cli.index, args),
        Command::Show(args) => show::show(&cli.index, args),
        Command::Anchor(args) => anchor::anchor(&cli.index, args),
        Command::Completions(args) => docs::completions(args),
        Command::Man => docs::man(),
        Command::Audit(args) => audit::audit(&cli.index, args),
    }
}

/// Opens the index, building the default one from the default corpus on first use, and
/// rebuilding it (from the roots it recorded) when an older cite built it: the default
/// index is cite's own. Any other index is only opened.
pub(crate) fn open_or_build(dir: &Path) -> Result<CiteIndex> {
    if !CiteIndex::exists(dir) {
        if crate::index::has_committed(dir) {
            return Err(crate::index::damaged(dir, "meta.json is missing"));
        }
        if !is_default_index(dir)
            || crate::index::dir_state(dir)? == DirState::Foreign
            || !Path::new(DEFAULT_CORPUS).is_dir()
        {
            return Err(missing_index(dir));
        }
        crate::pipes::warn(format_args!(
            "no index at {}; building it from {DEFAULT_CORPUS}/ first",
            dir.display()
        ));
        build_default(dir, false)?;
        return CiteIndex::open(dir);
    }
    // The default index is rebuilt when another version of cite built it; asked only when
    // it does not open, so that a query opens it once.
    match CiteIndex::open(dir) {
        Err(_) if is_default_index(dir) && crate::index::outdated(dir) => {
            crate::pipes::warn(format_args!(
                "the index at {} was built by another version of cite; rebuilding it first",
                dir.display()
            ));
            build_default(dir, true)?;
            CiteIndex::open(dir)
        }
        opened => opened,
    }
}

/// Builds (or with `rebuild`, rebuilds from its recorded roots, else the default corpus)
/// the default index, saying what it skipped and what it holds.
fn build_default(dir: &Path, rebuild: bool) -> Result<()> {
    let recorded = crate::index::recorded_roots(dir);
    let roots = if recorded.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        Vec::new()
    };
    let from = if recorded.is_empty() {
        format!("{DEFAULT_CORPUS}/")
    } else {
        recorded
            .iter()
            .map(|r| crate::corpus::display_path(r))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let opts = indexer::Options {
        roots,
        rebuild,
        prune: false,
        follow_links: false,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        memory_mb: 128,
        wait: true,
        progress: std::io::stderr().is_terminal(),
        encoding: None,
    };
    let mut report = indexer::run(dir, &opts)?;
    skips::dedup(&mut report.skipped);
    skips::warn(dir, &report.skipped, false, &mut std::io::stderr());
    crate::pipes::warn(format_args!(
        "built {} from {from}: {} documents, {} passages",
        dir.display(),
        report.files,
        report.passages
    ));
    Ok(())
}

/// Opens the index for reading, never writing: an error when there is none.
pub(crate) fn open_existing(dir: &Path) -> Result<CiteIndex> {
    if !CiteIndex::exists(dir) {
        if crate::index::has_committed(dir) {
            return Err(crate::index::damaged(dir, "meta.json is missing"));
        }
        return Err(missing_index(dir));
    }
    CiteIndex::open(dir)
}

/// True when `dir` is the default index location (`index`, or `./index`).
fn is_default_index(dir: &Path) -> bool {
    dir.components()
        .filter(|c| *c != std::path::Component::CurDir)
        .eq(Path::new(DEFAULT_INDEX).components())
}

/// The error for a missing index, with the command that builds it.
fn missing_index(dir: &Path) -> anyhow::Error {
    let flag = if is_default_index(dir) {
        String::new()
    } else {
        format!("--index {} ", dir.display())
    };
    anyhow::anyhow!(
        "no index at {}; build it with `cite {flag}index PATH...`",
        dir.display()
    )
}

pub(crate) fn read_input(path: &Path) -> Result<String> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read stdin")?;
    } else {
        text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(text)
}

/// The command's argument, or all of stdin when it is `-` or not given.
pub(crate) fn argument_or_stdin(given: Option<&str>) -> Result<String> {
    match given {
        Some("-") | None => read_input(Path::new("-")),
        Some(given) => Ok(given.to_string()),
    }
}

/// The index's manifest, read the first time it is asked for (1.5 MB of JSON at 10,000
/// files: only selectors need it).
fn once<'a>(cell: &'a std::cell::OnceCell<Manifest>, cite: &CiteIndex) -> Result<&'a Manifest> {
    if let Some(manifest) = cell.get() {
        return Ok(manifest);
    }
    let manifest = cite.manifest()?;
    Ok(cell.get_or_init(|| manifest))
}

/// Gives each place its W3C selectors, reading each file once, decoded as `manifest` (the
/// index's) records.
pub(crate) fn add_selectors<'a>(
    manifest: &Manifest,
    places: impl IntoIterator<Item = &'a mut Located>,
) {
    let mut files = selector::Files::new(manifest);
    for place in places {
        place.selector = files.selectors(&place.source, place.span);
    }
}
