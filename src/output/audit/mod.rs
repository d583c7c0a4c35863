//! `cite audit` for people and editors: the terminal report, Markdown and HTML, over one
//! [`AuditReport`].

pub mod html;
pub mod markdown;
pub mod terminal;

use crate::audit::{AuditReport, Item, Kind, Summary, Verdict};
use crate::located::Located;
use crate::span::{LineCol, Span};
use crate::{check, verify};

/// Evidence of an item as every printer shows it: a source span and what it says.
pub struct Cited<'a> {
    /// Where it is in its source, and what it says.
    pub place: &'a Located,
    /// The match's verdict or the evidence's stance.
    pub label: &'static str,
    /// Differing words: (the draft's, the source's).
    pub differences: Vec<(&'a str, &'a str)>,
    /// Source bytes the draft does not say the same way (absolute in the source).
    pub marks: Vec<Span>,
}

impl Cited<'_> {
    /// `marks` as offsets into the place's text, those that lie inside it, in order.
    pub fn relative_marks(&self) -> Vec<Span> {
        let mut marks: Vec<Span> = self
            .marks
            .iter()
            .filter_map(|&m| self.place.relative(m))
            .collect();
        marks.sort();
        marks
    }
}

/// The evidence of `item` worth showing, best first.
pub fn cited(item: &Item) -> Vec<Cited<'_>> {
    item.matches
        .iter()
        .flatten()
        .map(|m| Cited {
            place: &m.place,
            label: m.verdict.name(),
            differences: m
                .differences
                .iter()
                .map(|d| (d.quote.as_str(), d.source.as_str()))
                .collect(),
            marks: m.marks.clone(),
        })
        .chain(claim_evidence(item).map(|e| {
            Cited {
                place: &e.place,
                label: e.stance.name(),
                differences: e
                    .conflicts
                    .iter()
                    .map(|c| (c.claim.as_str(), c.source.as_str()))
                    .collect(),
                marks: e.conflicts.iter().map(|c| c.span).collect(),
            }
        }))
        .collect()
}

/// A claim's evidence that supports or contradicts it, or, when there is none, the
/// evidence that is only related.
fn claim_evidence(item: &Item) -> impl Iterator<Item = &check::Evidence> {
    let all = item.evidence.as_deref().unwrap_or_default();
    let decisive = all.iter().any(|e| e.stance != check::Stance::Related);
    all.iter()
        .filter(move |e| !decisive || e.stance != check::Stance::Related)
}

/// How a verdict looks: a symbol that reads without colour, and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Stands or supported.
    Good,
    /// Misquoted or contradicted.
    Bad,
    /// Disputed: sources disagree.
    Mixed,
    /// Not found or unsupported: nothing in the sources.
    Unknown,
    /// Not checked.
    Skipped,
}

impl Tone {
    /// The tone of an item.
    pub fn of(item: &Item) -> Tone {
        match item.verdict {
            None => Tone::Skipped,
            Some(Verdict::Quote(v)) => match v {
                verify::Verdict::Exact | verify::Verdict::Normalized | verify::Verdict::Elided => {
                    Tone::Good
                }
                verify::Verdict::Misquote => Tone::Bad,
                verify::Verdict::NotFound => Tone::Unknown,
            },
            Some(Verdict::Claim(v)) => match v {
                check::Verdict::Supported => Tone::Good,
                check::Verdict::Contradicted => Tone::Bad,
                check::Verdict::Disputed => Tone::Mixed,
                check::Verdict::Unsupported => Tone::Unknown,
            },
        }
    }

    /// A symbol that survives without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Tone::Good => "✓",
            Tone::Bad => "✗",
            Tone::Mixed => "!",
            Tone::Unknown => "?",
            Tone::Skipped => "·",
        }
    }

    /// Its name, as a CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Bad => "bad",
            Tone::Mixed => "mixed",
            Tone::Unknown => "unknown",
            Tone::Skipped => "skipped",
        }
    }
}

/// The item's kind and verdict in words: `quotation misquote`, `claim supported`, `skipped`.
pub fn label(item: &Item) -> String {
    match (item.kind, item.verdict) {
        (Kind::Skipped, _) | (_, None) => "skipped".to_string(),
        (Kind::Quotation, Some(v)) => format!("quotation {}", v.name().replace('_', " ")),
        (Kind::Claim, Some(v)) => format!("claim {}", v.name()),
    }
}

/// The summary in lines of words.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    let q = &s.quotations;
    let mut stand = Vec::new();
    for (n, what) in [
        (q.exact, "exact"),
        (q.normalized, "normalized"),
        (q.elided, "elided"),
    ] {
        if n > 0 {
            stand.push(format!("{n} {what}"));
        }
    }
    let detail = if stand.is_empty() {
        String::new()
    } else {
        format!(" ({})", stand.join(", "))
    };
    vec![
        format!(
            "quotations: {} checked: {} stand{detail}, {} misquoted, {} not found",
            q.total, q.stand, q.misquote, q.not_found
        ),
        format!(
            "claims: {} checked: {} supported, {} contradicted, {} disputed, {} unsupported",
            s.claims.total,
            s.claims.supported,
            s.claims.contradicted,
            s.claims.disputed,
            s.claims.unsupported
        ),
        format!(
            "sentences: {} read, {} with nothing to check (skipped)",
            s.sentences, s.skipped
        ),
        match s.problems {
            0 => "result: no problems found".to_string(),
            1 => "result: 1 problem to look at".to_string(),
            n => format!("result: {n} problems to look at"),
        },
    ]
}

/// The items of each sentence, in the draft's order.
pub fn by_sentence(report: &AuditReport) -> Vec<(Span, LineCol, Vec<&Item>)> {
    let mut out: Vec<(Span, LineCol, Vec<&Item>)> = report
        .sentences
        .iter()
        .map(|&(s, at)| (s, at, Vec::new()))
        .collect();
    for item in &report.items {
        if let Some((_, _, items)) = out.get_mut(item.sentence - 1) {
            items.push(item);
        }
    }
    out
}

/// The checked items (quotations and claims), numbered from 1 as notes.
pub fn notes(report: &AuditReport) -> Vec<(usize, &Item)> {
    report
        .items
        .iter()
        .filter(|i| i.verdict.is_some())
        .enumerate()
        .map(|(n, i)| (n + 1, i))
        .collect()
}

/// The notes an editor must look at: everything checked that does not stand or is not
/// supported, the problems (which set exit code 1) first.
pub fn problems<'a>(notes: &[(usize, &'a Item)]) -> Vec<(usize, &'a Item)> {
    let mut out: Vec<(usize, &Item)> = notes
        .iter()
        .copied()
        .filter(|(_, i)| !matches!(Tone::of(i), Tone::Good | Tone::Skipped))
        .collect();
    out.sort_by_key(|(n, i)| (!i.verdict.is_some_and(Verdict::is_problem), *n));
    out
}

/// What the best evidence of an item says, in a line: the source place and its text.
pub fn best_evidence(item: &Item) -> Option<Cited<'_>> {
    cited(item).into_iter().next()
}
