//! `cite anchor`: saved citations resolved against the sources as they are now.

use super::batch::{At, Batch};
use super::{Outcome, read_input};
use crate::anchor::{self, citation};
use crate::cli::AnchorArgs;
use crate::index::CiteIndex;
use crate::output::{self, TableStyle};
use anyhow::{Context, Result, bail};
use std::path::Path;

/// Runs `cite anchor`.
pub(super) fn anchor(dir: &Path, args: &AnchorArgs) -> Result<Outcome> {
    let citations = match (&args.batch, &args.citation) {
        (Some(batch), _) => citation::from_batch(&read_input(batch)?),
        (None, Some(given)) if given.trim_start().starts_with('{') => {
            if args.text.is_some() {
                bail!("--text goes with a PATH:START-END citation, not a JSON one");
            }
            let value: serde_json::Value =
                serde_json::from_str(given).context("the citation is not valid JSON")?;
            citation::from_json(&value)?.into_iter().map(Ok).collect()
        }
        (None, Some(given)) => {
            let Some(text) = &args.text else {
                bail!("a PATH:START-END citation needs the quoted text: --text TEXT");
            };
            vec![citation::from_reference(given, text)]
        }
        (None, None) => bail!("give a CITATION or --batch FILE"),
    };
    let cite = if CiteIndex::exists(dir) {
        Some(CiteIndex::open(dir)?)
    } else {
        None
    };
    let style = TableStyle::for_stdout(args.color);
    let out = &mut std::io::stdout().lock();
    let manifest = cite.as_ref().map(CiteIndex::manifest).transpose()?;
    let mut sources = anchor::Sources::new(manifest.unwrap_or_default());
    let mut batch = Batch::new(out, args.json);
    for (n, saved) in citations.iter().enumerate() {
        let result = saved
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e:#}"))
            .and_then(|saved| anchor::anchor(saved, &mut sources, cite.as_ref()));
        match result {
            Ok(anchored) => batch.answer(None, &anchored, anchored.anchor.holds(), |out| {
                output::anchor::anchored(out, &anchored, style)
            })?,
            Err(e) if citations.len() == 1 && args.batch.is_none() => return Err(e),
            Err(e) => batch.failure(At::Citation(n + 1), None, &e)?,
        }
    }
    batch.finish("citation(s)", "resolved")
}
