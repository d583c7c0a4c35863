//! Printers: tables for people, JSON for scripts, over the result types of each command.

pub mod anchor;
pub mod ansi;
pub mod audit;
pub mod claim;
pub mod differences;
pub mod json;
pub mod listing;
pub mod quote;
pub mod snippet;
pub mod table;
pub mod width;

use std::io::IsTerminal;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// When to colour the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// How a table looks: its width and whether it is coloured.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    /// Columns available.
    pub width: usize,
    /// Use ANSI colours.
    pub color: bool,
}

impl TableStyle {
    /// The style for stdout under `color`.
    pub fn for_stdout(color: ColorChoice) -> TableStyle {
        TableStyle {
            width: terminal_width(),
            color: color.enabled(),
        }
    }
}

/// Width of the terminal on stdout, else `$COLUMNS`, else 100.
fn terminal_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| w.0 as usize)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
        .max(40)
}

/// Where a place is, as every printer writes it: `source:line:column  bytes START-END`.
pub fn place(p: &crate::located::Located) -> String {
    format!(
        "{}:{}:{}  bytes {}-{}",
        p.source, p.at.line, p.at.column, p.span.start, p.span.end
    )
}
