//! The batch loop of `verify`, `check` and `anchor`: one result per item, printed as it
//! comes (a JSON object per line, or terminal blocks apart), a `Failed` object and a
//! `cite: error:` line for an item that could not be answered, and the exit status.

use super::Outcome;
use crate::output;
use anyhow::{Result, bail};
use serde::Serialize;
use std::fmt;
use std::io::Write;

/// Which item of a batch a JSON object answers, printed first in it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum At {
    /// The 1-based line of the input (`input_line`).
    InputLine(usize),
    /// The 1-based citation of the input (`citation`).
    Citation(usize),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            At::InputLine(n) => write!(f, "line {n}"),
            At::Citation(n) => write!(f, "citation {n}"),
        }
    }
}

/// What a failed item was given, echoed in its `Failed` object.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Given<'a> {
    /// A quote to verify.
    Quote(&'a str),
    /// A claim to check.
    Claim(&'a str),
}

/// A result in a batch's JSON output, after where it came from.
#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(flatten)]
    at: Option<At>,
    #[serde(flatten)]
    body: &'a T,
}

/// An item that could not be answered, in a batch's JSON output.
#[derive(Serialize)]
struct Failed<'a> {
    #[serde(flatten)]
    at: At,
    #[serde(flatten)]
    given: Option<Given<'a>>,
    error: String,
}

/// The non-blank lines of `input` with their 1-based line numbers.
pub(super) fn lines(input: &str) -> impl Iterator<Item = (At, &str)> {
    input
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| (At::InputLine(n + 1), line))
}

/// A batch being printed to `out`: counts what was answered, what passed, what failed.
pub(super) struct Batch<'o, W: Write> {
    out: &'o mut W,
    json: bool,
    /// Items answered.
    pub(super) done: usize,
    /// Items answered that pass (stand, supported, hold).
    pub(super) passed: usize,
    /// Items that could not be answered.
    pub(super) failed: usize,
}

impl<'o, W: Write> Batch<'o, W> {
    /// An empty batch printing JSON (NDJSON) or terminal output to `out`.
    pub(super) fn new(out: &'o mut W, json: bool) -> Self {
        Batch {
            out,
            json,
            done: 0,
            passed: 0,
            failed: 0,
        }
    }

    /// Prints one answer: `body` as a JSON line (after `at`, when given), or with
    /// `terminal`, a blank line apart from the one before.
    pub(super) fn answer<T: Serialize>(
        &mut self,
        at: Option<At>,
        body: &T,
        passed: bool,
        terminal: impl FnOnce(&mut W) -> Result<()>,
    ) -> Result<()> {
        self.done += 1;
        self.passed += usize::from(passed);
        if self.json {
            output::json::document(self.out, &Line { at, body })
        } else {
            if self.done + self.failed > 1 {
                writeln!(self.out)?;
            }
            terminal(self.out)
        }
    }

    /// Reports an item that could not be answered: on stderr, and as a JSON `Failed` line.
    pub(super) fn failure(
        &mut self,
        at: At,
        given: Option<Given>,
        e: &anyhow::Error,
    ) -> Result<()> {
        self.failed += 1;
        crate::pipes::error(format_args!("{at}: {e:#}"));
        if self.json {
            let error = format!("{e:#}");
            output::json::document(self.out, &Failed { at, given, error })?;
        }
        Ok(())
    }

    /// The output, for a summary after the last answer.
    pub(super) fn out(&mut self) -> &mut W {
        self.out
    }

    /// Ends the batch: an error when any item failed (`N of M what could not be how`),
    /// else found when there were answers and every one passed.
    pub(super) fn finish(self, what: &str, how: &str) -> Result<Outcome> {
        self.out.flush()?;
        if self.failed > 0 {
            bail!(
                "{} of {} {what} could not be {how}",
                self.failed,
                self.done + self.failed
            );
        }
        Ok(Outcome::found_if(self.done > 0 && self.passed == self.done))
    }
}
