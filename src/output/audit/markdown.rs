//! The audit report as Markdown: the summary, a table of the problems, the draft with a
//! footnote on each checked item, and the footnotes citing their sources.

use super::{Cited, cited, label, notes, problems, summary_lines};
use crate::audit::{AuditReport, Item};
use crate::output::quote::clip;
use anyhow::Result;
use std::io::Write;

/// Characters of source text quoted in a table cell or a footnote.
const QUOTED_CHARS: usize = 300;
/// Evidence cited in a footnote at most.
const NOTE_EVIDENCE: usize = 3;

/// Prints the report as Markdown (CommonMark with footnotes, as GitHub renders it).
pub fn report(out: &mut impl Write, report: &AuditReport) -> Result<()> {
    let notes = notes(report);
    writeln!(out, "# Fact-check report: {}\n", inline(&report.draft))?;
    for line in summary_lines(&report.summary) {
        writeln!(out, "- {}", inline(&line))?;
    }
    let problems = problems(&notes);
    writeln!(out, "\n## Problems\n")?;
    if problems.is_empty() {
        writeln!(
            out,
            "None: every quotation stands and every claim checked is supported."
        )?;
    } else {
        writeln!(
            out,
            "| note | draft | item | verdict | best evidence | the source says |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for (n, item) in &problems {
            let (place, says) = match super::best_evidence(item) {
                Some(c) => (format!("`{}`", place(&c)), says(&c)),
                None => ("none".to_string(), String::new()),
            };
            writeln!(
                out,
                "| [^{n}] | {}:{} | {} | {} | {place} | {says} |",
                item.at.line,
                item.at.column,
                inline(&clip(&item.text, 120)),
                label(item),
            )?;
        }
    }

    writeln!(out, "\n## Draft\n")?;
    let mut marks: Vec<(usize, usize)> = notes.iter().map(|(n, i)| (i.anchor, *n)).collect();
    marks.sort();
    let text = &report.text;
    let mut from = 0;
    for (at, n) in marks {
        out.write_all(body(&text[from..at]).as_bytes())?;
        write!(out, "[^{n}]")?;
        from = at;
    }
    writeln!(out, "{}\n", body(&text[from..]).trim_end())?;

    for (n, item) in &notes {
        writeln!(out, "[^{n}]: {}", note(item))?;
    }
    Ok(())
}

/// One footnote: the verdict, the place in the draft and the cited evidence.
fn note(item: &Item) -> String {
    let mut s = format!("**{}** ({}:{})", label(item), item.at.line, item.at.column);
    let evidence = cited(item);
    if evidence.is_empty() {
        s.push_str(": nothing in the indexed sources.");
    }
    for c in evidence.iter().take(NOTE_EVIDENCE) {
        s.push_str(&format!(" — `{}` {}", place(c), says(c)));
    }
    if evidence.len() > NOTE_EVIDENCE {
        s.push_str(&format!(" — and {} more", evidence.len() - NOTE_EVIDENCE));
    }
    s
}

/// `source:line:column`, for a code span (backticks taken out).
fn place(c: &Cited) -> String {
    let at = c.place.at;
    format!("{}:{}:{}", c.place.source, at.line, at.column).replace('`', "'")
}

/// The evidence's text, quoted, and its differences.
fn says(c: &Cited) -> String {
    let mut s = format!(
        "({}) “{}”",
        c.label,
        inline(&clip(&c.place.text, QUOTED_CHARS))
    );
    if !c.differences.is_empty() {
        let diffs: Vec<String> = c
            .differences
            .iter()
            .map(|(draft, source)| format!("“{}” → “{}”", inline(draft), inline(source)))
            .collect();
        s.push_str(&format!(", differs: {}", diffs.join("; ")));
    }
    s
}

/// `text` as inline Markdown that renders as exactly this text: on one line, with every
/// character that Markdown or HTML would interpret escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The draft's own Markdown, kept as written except what could run or inject markup in a
/// renderer: raw HTML (`<` escaped), entity references, and `javascript:`, `vbscript:`
/// and `data:` link targets (their `(` escaped so they stay text).
fn body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let lower = text.to_ascii_lowercase();
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '(' if text[..i].ends_with(']')
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| lower[i + 1..].trim_start().starts_with(s)) =>
            {
                out.push_str("\\(")
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_markup() {
        assert_eq!(
            inline("<script>a|b</script> [x](javascript:y) *z*"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\[x\\](javascript:y) \\*z\\*"
        );
    }

    #[test]
    fn body_keeps_markdown_but_not_html_or_script_links() {
        assert_eq!(
            body("**bold** [ok](https://a.b) [bad](JavaScript:alert(1)) <img src=x>"),
            "**bold** [ok](https://a.b) [bad]\\(JavaScript:alert(1)) &lt;img src=x>"
        );
    }
}
