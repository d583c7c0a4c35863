//! The audit report as HTML.

use crate::audit::AuditReport;
use anyhow::Result;
use std::io::Write;

/// Prints the report as HTML.
pub fn report(_out: &mut impl Write, _report: &AuditReport) -> Result<()> {
    todo!()
}
