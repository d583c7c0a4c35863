//! JSON and NDJSON printers.

use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Writes `value` as one JSON document and a newline.
pub fn document<T: Serialize>(out: &mut impl Write, value: &T) -> Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Writes each item as one JSON object on its own line.
pub fn lines<'a, T: Serialize + 'a>(
    out: &mut impl Write,
    items: impl IntoIterator<Item = &'a T>,
) -> Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, item)?;
        writeln!(out)?;
    }
    Ok(())
}
