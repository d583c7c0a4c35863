//! `cite audit`: every quotation and every checkable claim of a draft, checked against
//! the sources, each item with its span in the draft and its evidence in the sources.

pub mod checking;
pub mod claims;
pub mod draft;

use crate::check::{self, Evidence};
use crate::index::CiteIndex;
use crate::span::{LineCol, LineTracker, Span};
use crate::verify::{self, QuoteMatch};
use anyhow::{Result, bail};
use claims::Reason;
use serde::Serialize;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// Why a sentence is skipped when it states nothing checkable.
pub const NOTHING_CHECKABLE: &str = "nothing to check: no number, date, or named actor with a verb";
/// Largest draft audited, in bytes: a long book chapter is a tenth of it.
pub const MAX_DRAFT_BYTES: usize = 4 << 20;

/// What an item of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Words in quotation marks, or a block quote, checked with `verify`.
    Quotation,
    /// A sentence stating a checkable fact, checked with `check`.
    Claim,
    /// A sentence with nothing checkable.
    Skipped,
}

/// The verdict on an item: verify's for a quotation, check's for a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Verdict {
    /// How faithfully a quotation stands.
    Quote(verify::Verdict),
    /// What the sources say of a claim.
    Claim(check::Verdict),
}

impl Verdict {
    /// The verdict as JSON spells it.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Quote(v) => v.name(),
            Verdict::Claim(v) => v.name(),
        }
    }

    /// True when the item needs a correction or a second look (a quotation that does
    /// not stand, a claim contradicted or disputed): these set exit code 1.
    pub fn is_problem(self) -> bool {
        match self {
            Verdict::Quote(v) => !v.stands(),
            Verdict::Claim(v) => {
                matches!(v, check::Verdict::Contradicted | check::Verdict::Disputed)
            }
        }
    }
}

/// One item of the report: a quotation, a claim or a skipped sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// The verdict; none for a skipped sentence.
    pub verdict: Option<Verdict>,
    /// Its bytes in the draft (a quotation's words without their marks).
    #[serde(flatten)]
    pub span: Span,
    /// Line and column of its first byte in the draft.
    #[serde(flatten)]
    pub at: LineCol,
    /// Exactly the draft's bytes in `span`.
    pub text: String,
    /// 1-based number of the draft sentence it belongs to.
    pub sentence: usize,
    /// For a claim, the text checked: the sentence without its quotations and Markdown
    /// markup (emphasis, link targets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// For a claim, what makes it checkable.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// For a quotation, verify's matches, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<QuoteMatch>>,
    /// For a claim, check's evidence, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<Evidence>>,
    /// For a skipped sentence, why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Draft byte after which a note about the item goes: after a quotation's closing
    /// mark, at a sentence's end.
    #[serde(skip)]
    pub anchor: usize,
}

/// Counts of the quotation verdicts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QuoteCounts {
    /// Quotations checked.
    pub total: usize,
    /// Those that stand: exact, normalized or elided.
    pub stand: usize,
    /// Byte for byte in a source.
    pub exact: usize,
    /// Once typography is folded.
    pub normalized: usize,
    /// Every fragment, in order.
    pub elided: usize,
    /// A source says nearly the same, differently.
    pub misquote: usize,
    /// Nothing close.
    pub not_found: usize,
}

/// Counts of the claim verdicts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClaimCounts {
    /// Claims checked.
    pub total: usize,
    /// Evidence supports it, none contradicts it.
    pub supported: usize,
    /// Evidence contradicts it, none supports it.
    pub contradicted: usize,
    /// Some evidence supports it, some contradicts it.
    pub disputed: usize,
    /// Nothing in the sources says either way.
    pub unsupported: usize,
}

/// The report's counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Sentences read in the draft.
    pub sentences: usize,
    /// Quotation verdicts.
    pub quotations: QuoteCounts,
    /// Claim verdicts.
    pub claims: ClaimCounts,
    /// Sentences with nothing checkable.
    pub skipped: usize,
    /// Items that set exit code 1: quotations that do not stand, claims contradicted or disputed.
    pub problems: usize,
}

/// Where the time went, in milliseconds (as Elasticsearch's `took`), for `cargo bench`
/// and curious users.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Timings {
    /// Reading the draft into sentences and quotations.
    pub parse: f64,
    /// Checking quotations, summed over the threads that share them.
    pub quotations: f64,
    /// Checking claims (in one thread, beside the quotations).
    pub claims: f64,
    /// The whole audit, start to end.
    pub total: f64,
}

/// `d` in milliseconds, to a tenth.
fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

/// The answer to `cite audit`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    /// The draft's path as given (`-` for stdin).
    pub draft: String,
    /// Counts of verdicts.
    pub summary: Summary,
    /// Items in the order of the draft.
    pub items: Vec<Item>,
    /// The draft's text, for the printers.
    #[serde(skip)]
    pub text: String,
    /// The draft's sentences and where each begins, for the printers.
    #[serde(skip)]
    pub sentences: Vec<(Span, LineCol)>,
    /// Odd things met while reading the draft, with their place.
    #[serde(skip)]
    pub warnings: Vec<(LineCol, String)>,
    /// Candidate source files that could not be read.
    #[serde(skip)]
    pub unreadable: Vec<String>,
    /// Where the time went, in milliseconds.
    #[serde(rename = "took_ms")]
    pub timings: Timings,
}

impl AuditReport {
    /// True when every quotation stands and no claim is contradicted or disputed.
    pub fn passes(&self) -> bool {
        self.summary.problems == 0
    }
}

/// Audits `text`, the draft named `name`, against the index.
///
/// Errors for a draft that is too large or holds no sentence.
pub fn audit(cite: &CiteIndex, name: &str, text: String) -> Result<AuditReport> {
    if text.len() > MAX_DRAFT_BYTES {
        bail!(
            "{name} is {:.1} MB; cite audit reads drafts up to {} MB: split it into chapters",
            text.len() as f64 / 1e6,
            MAX_DRAFT_BYTES >> 20
        );
    }
    let started = Instant::now();
    let begun = started;
    let draft = draft::parse(&text);
    if draft.sentences.is_empty() {
        bail!("{name} holds no text to audit");
    }
    let names: HashSet<String> = draft
        .sentences
        .iter()
        .flat_map(|s| claims::names_in(&text[s.span.range()]))
        .collect();
    let mut items = Vec::new();
    let mut quoted: Vec<(usize, &str)> = Vec::new();
    let mut tracker = LineTracker::new(&text);
    let mut sentences = Vec::new();
    for (n, sentence) in draft.sentences.iter().enumerate() {
        let at = tracker.at(sentence.span.start);
        sentences.push((sentence.span, at));
        let outside = outside_quotations(&text, sentence, &draft.quotations);
        let mut reasons = claims::reasons(&outside, &names);
        if !sentence.quotations.is_empty() && reasons.iter().all(|r| r.kind == "actor") {
            // Who said the quotation is its attribution, not a fact of its own.
            reasons.clear();
        }
        let base = Item {
            kind: Kind::Skipped,
            verdict: None,
            span: sentence.span,
            at,
            text: text[sentence.span.range()].to_string(),
            sentence: n + 1,
            claim: None,
            reasons: Vec::new(),
            matches: None,
            evidence: None,
            reason: None,
            anchor: sentence.span.end,
        };
        if !reasons.is_empty() {
            items.push(Item {
                kind: Kind::Claim,
                claim: Some(outside),
                reasons,
                ..base.clone()
            });
        } else if sentence.quotations.is_empty() {
            items.push(Item {
                reason: Some(NOTHING_CHECKABLE.to_string()),
                ..base.clone()
            });
        }
        for &q in &sentence.quotations {
            let quotation = &draft.quotations[q];
            quoted.push((items.len(), &quotation.words));
            items.push(Item {
                kind: Kind::Quotation,
                span: quotation.span,
                at: tracker.at(quotation.span.start),
                text: text[quotation.span.range()].to_string(),
                anchor: quotation.outer.end,
                ..base.clone()
            });
        }
    }
    let parse = started.elapsed();

    let mut unique: Vec<&str> = quoted.iter().map(|&(_, w)| w).collect();
    unique.sort_unstable();
    unique.dedup();
    let claim_items: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].kind == Kind::Claim)
        .collect();
    let claim_texts: Vec<&str> = claim_items
        .iter()
        .map(|&i| items[i].claim.as_deref().unwrap_or_default())
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let checked = checking::run(cite, &unique, &claim_texts, threads)?;
    drop(claim_texts);

    let mut unreadable = Vec::new();
    for report in &checked.quotes {
        unreadable.extend(report.unreadable.iter().cloned());
    }
    for &(i, words) in &quoted {
        let report = &checked.quotes[unique.binary_search(&words).expect("verified")];
        let item = &mut items[i];
        item.verdict = Some(Verdict::Quote(report.verdict));
        item.matches = Some(report.matches.clone());
    }
    for (&i, result) in claim_items.iter().zip(checked.claims) {
        let item = &mut items[i];
        match result {
            Ok(report) => {
                unreadable.extend(report.unreadable.iter().cloned());
                item.verdict = Some(Verdict::Claim(report.verdict));
                item.evidence = Some(report.evidence);
            }
            Err(why) => {
                item.kind = Kind::Skipped;
                item.reason = Some(format!("not checked: {why}"));
            }
        }
    }
    let (quotations, claims) = (checked.quote_time, checked.claim_time);

    unreadable.sort();
    unreadable.dedup();
    let mut tracker = LineTracker::new(&text);
    let warnings = draft
        .warnings
        .iter()
        .map(|w| (tracker.at(w.at), w.message.clone()))
        .collect();
    Ok(AuditReport {
        draft: name.to_string(),
        summary: summarize(&items, draft.sentences.len()),
        sentences,
        items,
        text,
        warnings,
        unreadable,
        timings: Timings {
            parse: millis(parse),
            quotations: millis(quotations),
            claims: millis(claims),
            total: millis(begun.elapsed()),
        },
    })
}

/// The sentence's text with its quotations (marks included) left out.
fn outside_quotations(
    text: &str,
    sentence: &draft::Sentence,
    quotes: &[draft::Quotation],
) -> String {
    let mut out = String::new();
    let mut from = sentence.span.start;
    for &q in &sentence.quotations {
        let outer = quotes[q].outer;
        out.push_str(&text[from..outer.start]);
        out.push('…');
        from = outer.end;
    }
    out.push_str(&text[from..sentence.span.end]);
    let out = plain(&out);
    let squeezed: Vec<&str> = out.split_whitespace().collect();
    let joined = squeezed.join(" ");
    let trimmed = joined.trim_matches(|c: char| c == '…' || c.is_whitespace());
    if trimmed.chars().any(char::is_alphanumeric) {
        trimmed.to_string()
    } else {
        String::new()
    }
}

/// `text` without Markdown's inline markup: a link's target (`[words](url)` is `words`),
/// autolinks (`<https://…>`), emphasis and code marks.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let skip = match c {
            ']' if after.starts_with('(') => after.find(')').map(|end| end + 2),
            '<' if after.starts_with("http") => after.find('>').map(|end| end + 2),
            '[' | '*' | '`' => Some(1),
            _ => None,
        };
        match skip {
            Some(n) => rest = &rest[n..],
            None => {
                out.push(c);
                rest = after;
            }
        }
    }
    out
}

fn summarize(items: &[Item], sentences: usize) -> Summary {
    let mut s = Summary {
        sentences,
        ..Summary::default()
    };
    for item in items {
        match (item.kind, item.verdict) {
            (Kind::Skipped, _) => s.skipped += 1,
            (Kind::Quotation, Some(Verdict::Quote(v))) => {
                let q = &mut s.quotations;
                q.total += 1;
                q.stand += usize::from(v.stands());
                match v {
                    verify::Verdict::Exact => q.exact += 1,
                    verify::Verdict::Normalized => q.normalized += 1,
                    verify::Verdict::Elided => q.elided += 1,
                    verify::Verdict::Misquote => q.misquote += 1,
                    verify::Verdict::NotFound => q.not_found += 1,
                }
            }
            (Kind::Claim, Some(Verdict::Claim(v))) => {
                let c = &mut s.claims;
                c.total += 1;
                match v {
                    check::Verdict::Supported => c.supported += 1,
                    check::Verdict::Contradicted => c.contradicted += 1,
                    check::Verdict::Disputed => c.disputed += 1,
                    check::Verdict::Unsupported => c.unsupported += 1,
                }
            }
            _ => {}
        }
        s.problems += usize::from(item.verdict.is_some_and(Verdict::is_problem));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drops_inline_markup() {
        assert_eq!(
            plain(
                "**Moscow** said, per [Khaama](https://a.b/c?d=1) and <https://x.y>, `99` trips."
            ),
            "Moscow said, per Khaama and , 99 trips."
        );
    }

    #[test]
    fn a_quotation_leaves_its_sentence_with_an_ellipsis() {
        let text = "Khaama reported on Tuesday that “one two three four”.";
        let draft = draft::parse(text);
        let outside = outside_quotations(text, &draft.sentences[0], &draft.quotations);
        assert_eq!(outside, "Khaama reported on Tuesday that ….");
    }
}
