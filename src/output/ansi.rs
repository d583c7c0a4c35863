//! The terminal styles every printer uses, and the marks that stand in for colour.

/// Bold red: matches, changed or left-out words, conflicting values, bad audit items.
pub const BOLD_RED: &str = "\x1b[1;31m";
/// Bold: the claim's words in evidence.
pub const BOLD: &str = "\x1b[1m";
/// Bold green: a verdict that stands.
pub const GREEN: &str = "\x1b[1;32m";
/// Bold yellow: a verdict that does not stand, or is unknown.
pub const YELLOW: &str = "\x1b[1;33m";
/// Bold magenta: a mixed verdict.
pub const MAGENTA: &str = "\x1b[1;35m";
/// Dim: context and skipped items.
pub const DIM: &str = "\x1b[2m";
/// Back to plain text.
pub const RESET: &str = "\x1b[0m";
/// Marks around marked text when there is no colour.
pub const PLAIN_MARKS: (&str, &str) = ("[[", "]]");
