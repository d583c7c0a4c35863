//! The audit report as one self-contained HTML page: no script, no external asset, a
//! Content-Security-Policy that forbids both, and every text from the draft or the
//! sources escaped.

use super::{Cited, Tone, cited, label, notes, problems, summary_lines};
use crate::audit::{AuditReport, Item, Kind};
use crate::output::quote::clip;
use anyhow::Result;
use std::io::Write;

/// Evidence cited in a note at most.
const NOTE_EVIDENCE: usize = 3;
/// Characters of the best evidence shown on hover.
const HOVER_CHARS: usize = 300;

const STYLE: &str = "\
body{font:16px/1.55 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\
.summary{background:#f5f5f5;padding:.6rem 1rem .6rem 2rem;border-radius:6px}\
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
.draft{white-space:pre-wrap;border:1px solid #ddd;border-radius:6px;padding:1rem;background:#fff}\
.item{border-radius:3px;padding:0 .1rem}\
.quotation{font-weight:600}\
.good{background:#d9f2d9}.bad{background:#f8d0d0}.mixed{background:#f0d8f5}.unknown{background:#fbeec0}\
.claim.good,.claim.bad,.claim.mixed,.claim.unknown{background:none;border-bottom:3px solid}\
.claim.good{border-color:#5cb85c}.claim.bad{border-color:#d9534f}.claim.mixed{border-color:#a855c7}.claim.unknown{border-color:#e0b030}\
.skipped{color:#666}\
sup a{text-decoration:none;font-size:.75rem}\
ol.notes li{margin:.5rem 0;padding:.3rem .5rem;border-left:4px solid #ccc}\
ol.notes li:target{outline:2px solid #336;background:#eef}\
li.good{border-color:#5cb85c}li.bad{border-color:#d9534f}li.mixed{border-color:#a855c7}li.unknown{border-color:#e0b030}\
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:2px solid #bbb;white-space:pre-wrap}\
del{background:#f8d0d0;text-decoration:none;font-weight:600}\
code{font-size:.85rem}.sym{font-weight:700}";

/// Prints the report as one HTML page.
pub fn report(out: &mut impl Write, report: &AuditReport) -> Result<()> {
    let notes = notes(report);
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(&format!(
        "<title>Fact-check report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.draft)
    ));
    page.push_str(&format!(
        "<h1>Fact-check report: <code>{}</code></h1>\n<ul class=\"summary\">\n",
        escape(&report.draft)
    ));
    for line in summary_lines(&report.summary) {
        page.push_str(&format!("<li>{}</li>\n", escape(&line)));
    }
    page.push_str("</ul>\n<h2 id=\"problems\">Problems</h2>\n");
    let problems = problems(&notes);
    if problems.is_empty() {
        page.push_str(
            "<p>None: every quotation stands and every claim checked is supported.</p>\n",
        );
    } else {
        page.push_str("<table>\n<tr><th>note</th><th>draft</th><th>item</th><th>verdict</th><th>best evidence</th></tr>\n");
        for (n, item) in &problems {
            let tone = Tone::of(item);
            let evidence = super::best_evidence(item).map_or("none".to_string(), |c| cite(&c));
            page.push_str(&format!(
                "<tr class=\"{}\"><td><a href=\"#note-{n}\">{n}</a></td><td>{}:{}</td><td>{}</td><td><span class=\"sym\">{}</span> {}</td><td>{evidence}</td></tr>\n",
                tone.class(),
                item.at.line,
                item.at.column,
                escape(&clip(&item.text, 160)),
                tone.symbol(),
                escape(&label(item)),
            ));
        }
        page.push_str("</table>\n");
    }
    page.push_str("<h2 id=\"draft\">Draft</h2>\n<div class=\"draft\">");
    draft(&mut page, report, &notes);
    page.push_str("</div>\n<h2 id=\"notes\">Evidence</h2>\n<ol class=\"notes\">\n");
    for (n, item) in &notes {
        note(&mut page, *n, item);
    }
    page.push_str("</ol>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())?;
    Ok(())
}

/// The draft's text with each item in a coloured span (its best evidence on hover) and a
/// link to its note after it.
fn draft(page: &mut String, report: &AuditReport, notes: &[(usize, &Item)]) {
    // (position, rank, tie-break, html): closes, then note links, then opens.
    let mut events: Vec<(usize, u8, usize, String)> = Vec::new();
    let number = |item: &Item| {
        notes
            .iter()
            .find(|(_, i)| std::ptr::eq(*i, item))
            .map(|(n, _)| *n)
    };
    for (k, item) in report.items.iter().enumerate() {
        let tone = Tone::of(item);
        let kind = match item.kind {
            Kind::Quotation => "quotation",
            Kind::Claim => "claim",
            Kind::Skipped => "sentence",
        };
        let n = number(item);
        let id = n.map_or(String::new(), |n| format!(" id=\"item-{n}\""));
        let title = match super::best_evidence(item) {
            Some(c) => format!(
                "{} — {}:{}:{}: {}",
                label(item),
                c.place.source,
                c.place.at.line,
                c.place.at.column,
                clip(&c.place.text, HOVER_CHARS)
            ),
            None => label(item),
        };
        events.push((
            item.span.start,
            2,
            usize::MAX - item.span.end,
            format!(
                "<span class=\"item {kind} {}\"{id} title=\"{}\">",
                tone.class(),
                escape(&title)
            ),
        ));
        events.push((
            item.span.end,
            0,
            usize::MAX - item.span.start,
            "</span>".to_string(),
        ));
        if let Some(n) = n {
            events.push((
                item.anchor,
                1,
                k,
                format!("<sup><a href=\"#note-{n}\">[{n}]</a></sup>"),
            ));
        }
    }
    events.sort_by_key(|a| (a.0, a.1, a.2));
    let text = &report.text;
    let mut from = 0;
    for (at, _, _, html) in events {
        page.push_str(&escape(&text[from..at]));
        page.push_str(&html);
        from = at;
    }
    page.push_str(&escape(text[from..].trim_end()));
}

/// One note: the verdict, the place in the draft, and the evidence with its source span.
fn note(page: &mut String, n: usize, item: &Item) {
    let tone = Tone::of(item);
    page.push_str(&format!(
        "<li id=\"note-{n}\" class=\"{}\"><span class=\"sym\">{}</span> <strong>{}</strong> <a href=\"#item-{n}\">draft {}:{}</a>",
        tone.class(),
        tone.symbol(),
        escape(&label(item)),
        item.at.line,
        item.at.column
    ));
    if let Some(claim) = item.claim.as_deref().filter(|_| item.kind == Kind::Claim) {
        page.push_str(&format!(" — checked: “{}”", escape(claim)));
    }
    let evidence = cited(item);
    if evidence.is_empty() {
        page.push_str(" — nothing in the indexed sources");
    }
    for c in evidence.iter().take(NOTE_EVIDENCE) {
        page.push_str(&format!("<div>{}</div>", cite(c)));
        page.push_str(&format!("<blockquote>{}</blockquote>", marked(c)));
        if !c.differences.is_empty() {
            let diffs: Vec<String> = c
                .differences
                .iter()
                .map(|(d, s)| format!("“{}” → “{}”", escape(d), escape(s)))
                .collect();
            page.push_str(&format!("<div>differs: {}</div>", diffs.join("; ")));
        }
    }
    if evidence.len() > NOTE_EVIDENCE {
        page.push_str(&format!(
            "<div>… and {} more (--json lists them all)</div>",
            evidence.len() - NOTE_EVIDENCE
        ));
    }
    page.push_str("</li>\n");
}

/// `source:line:column`, the byte span and the label, escaped.
fn cite(c: &Cited) -> String {
    format!(
        "<code>{}:{}:{}</code> bytes {}–{} ({})",
        escape(&c.place.source),
        c.place.at.line,
        c.place.at.column,
        c.place.span.start,
        c.place.span.end,
        c.label
    )
}

/// The evidence's text, escaped, its words the draft does not say the same way in `<del>`.
fn marked(c: &Cited) -> String {
    let text = &c.place.text;
    let mut s = String::new();
    let mut from = 0;
    for m in c.relative_marks() {
        if m.start < from {
            continue;
        }
        s.push_str(&escape(&text[from..m.start]));
        s.push_str(&format!("<del>{}</del>", escape(&text[m.range()])));
        from = m.end;
    }
    s.push_str(&escape(&text[from..]));
    s
}

/// `text` escaped for HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape("\"><img src=x onerror='alert(1)'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;"
        );
    }
}
