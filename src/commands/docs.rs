//! `cite completions` and `cite man`: the command line described for shells and `man`.

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use anyhow::Result;
use std::io::Write;

/// Runs `cite completions`.
pub(super) fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut command = <Cli as clap::CommandFactory>::command();
    // Generated into memory first: clap_complete panics when a write fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "cite", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(Outcome::Found)
}

/// Runs `cite man`.
pub(super) fn man() -> Result<Outcome> {
    let command = <Cli as clap::CommandFactory>::command();
    clap_mangen::Man::new(command).render(&mut std::io::stdout().lock())?;
    Ok(Outcome::Found)
}
