//! The audit report as Markdown.

use crate::audit::AuditReport;
use anyhow::Result;
use std::io::Write;

/// Prints the report as Markdown.
pub fn report(_out: &mut impl Write, _report: &AuditReport) -> Result<()> {
    todo!()
}
