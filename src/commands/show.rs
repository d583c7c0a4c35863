//! `cite show`: the passage at a `PATH:BYTE` location, with its context.

use super::{Outcome, add_selectors, open_or_build};
use crate::cli::ShowArgs;
use crate::output::{self, TableStyle};
use crate::show;
use anyhow::Result;
use std::path::Path;

/// Runs `cite show`.
pub(super) fn show(dir: &Path, args: &ShowArgs) -> Result<Outcome> {
    let cite = open_or_build(dir)?;
    let location: show::Location = args.location.parse()?;
    let mut shown = show::show(&cite, &location, args.context)?;
    if args.selectors {
        add_selectors(
            &cite.manifest()?,
            shown.passages.iter_mut().map(|p| &mut p.place),
        );
    }
    if shown.changed {
        crate::pipes::warn(format_args!(
            "{} changed since it was indexed: offsets printed before may point elsewhere; run `cite index`",
            location.source.display()
        ));
    }
    let out = &mut std::io::stdout().lock();
    if args.json {
        output::json::document(out, &shown)?;
    } else {
        output::quote::show(out, &shown, TableStyle::for_stdout(args.color))?;
    }
    Ok(Outcome::Found)
}
