//! Measures re-anchoring: random citations over a real corpus, each followed by one random
//! edit of the kinds a newsroom makes, resolved with `cite::anchor::resolve`, and counted
//! as re-anchored right, wrongly or orphaned. Prints a Markdown table.
//!
//! `cargo run --release --example anchor_eval [DIR] [CITATIONS] [SEED]`
//! (default: /usr/share/common-licenses, 2000 citations, seed 1). Every regular file of DIR
//! is read as UTF-8 text; symbolic links are skipped.

use cite::anchor::resolve::{Anchor, Citation, Resolved, resolve};
use cite::anchor::selector::{Selector, selectors};
use cite::span::Span;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The edits, in the table's order.
const EDITS: [&str; 8] = [
    "sentence inserted before",
    "paragraph moved",
    "typo fixed inside",
    "number/name changed inside",
    "sentence deleted",
    "file re-wrapped",
    "quote duplicated elsewhere",
    "two words changed inside",
];

/// A small deterministic generator (xorshift64*), so runs can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What the edit should lead to.
enum Expected {
    /// The quote stands (moved or unchanged) at this span.
    Stands(Span),
    /// The quote changed; it now stands at this span.
    Changed(Span),
    /// The quote is gone: orphaned (or moved onto an exact copy, which is also right).
    Gone,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    copy: usize,
    wrong: usize,
    absorbed: usize,
    orphaned: usize,
    total: usize,
    time: Duration,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .map_or("/usr/share/common-licenses", String::as_str);
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut files: Vec<String> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_file()
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            files.push(text);
        }
    }
    assert!(!files.is_empty(), "no text files in {dir}");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut table: BTreeMap<(bool, usize), Tally> = BTreeMap::new();
    let mut wrong_changed = Vec::new();
    let mut done = 0;
    while done < n {
        let text = &files[rng.below(files.len())];
        let Some(span) = pick_quote(text, &mut rng) else {
            continue;
        };
        let kind = done % EDITS.len();
        let Some((edited, expected)) = apply(kind, text, span, &mut rng) else {
            continue;
        };
        done += 1;
        for with_context in [true, false] {
            let citation = cite(text, span, with_context);
            let started = Instant::now();
            let r = resolve(&edited, &citation);
            let took = started.elapsed();
            let tally = table.entry((with_context, kind)).or_default();
            tally.total += 1;
            tally.time += took;
            let judged = judge(&edited, &citation.exact, &r, &expected);
            if matches!(judged, Judged::Absorbed) {
                wrong_changed.push(citation.exact.clone());
            }
            match judged {
                Judged::Right => tally.right += 1,
                Judged::Copy => tally.copy += 1,
                Judged::Orphaned => tally.orphaned += 1,
                Judged::Absorbed => tally.absorbed += 1,
                Judged::Wrong => {
                    tally.wrong += 1;
                    if std::env::var_os("ANCHOR_EVAL_VERBOSE").is_some() {
                        let want = match &expected {
                            Expected::Stands(s) | Expected::Changed(s) => Some(*s),
                            Expected::Gone => None,
                        };
                        eprintln!(
                            "WRONG {} context={with_context}: {:?} want {want:?} got {:?} {:?} = {:?}",
                            EDITS[kind],
                            citation.exact,
                            r.anchor,
                            r.span,
                            r.span.map(|s| &edited[s.range()])
                        );
                    }
                }
            }
        }
    }
    println!(
        "{n} citations over {dir} ({} files), one random edit each, seed {seed}\n",
        files.len()
    );
    for with_context in [true, false] {
        println!(
            "{}\n",
            if with_context {
                "Citations with selectors (prefix/suffix context), as `--selectors` prints them:"
            } else {
                "Citations with only source, byte_start, byte_end and text:"
            }
        );
        println!(
            "| edit | citations | right | identical copy elsewhere | wrong place | changed text accepted | orphaned | µs per citation |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|");
        let mut all = Tally::default();
        for (kind, name) in EDITS.iter().enumerate() {
            let t = table
                .get(&(with_context, kind))
                .copied()
                .unwrap_or_default();
            all.right += t.right;
            all.copy += t.copy;
            all.absorbed += t.absorbed;
            all.wrong += t.wrong;
            all.orphaned += t.orphaned;
            all.total += t.total;
            all.time += t.time;
            row(name, t);
        }
        row("**all**", all);
        println!();
    }
    if !wrong_changed.is_empty() {
        println!("changed text accepted as the quote: {wrong_changed:?}");
    }
}

fn row(name: &str, t: Tally) {
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} | {:.0} |",
        t.total,
        t.right,
        t.copy,
        t.wrong,
        t.absorbed,
        t.orphaned,
        micros(t)
    );
}

fn micros(t: Tally) -> f64 {
    t.time.as_secs_f64() * 1e6 / t.total.max(1) as f64
}

enum Judged {
    /// The expected verdict at the expected span.
    Right,
    /// `moved` onto another place that holds the quote verbatim (the file repeats it).
    Copy,
    /// Any other span, or `changed` where the quote stands.
    Wrong,
    /// `unchanged` or `moved` onto text that is not the quote: the failure that must not occur.
    Absorbed,
    /// `orphaned` although the quote (or a changed version) still stands.
    Orphaned,
}

/// Whether `r` is the right answer for the edit.
fn judge(edited: &str, exact: &str, r: &Resolved, expected: &Expected) -> Judged {
    let verbatim = |span: Span| {
        let now = &edited[span.range()];
        now == exact || collapse(now) == collapse(exact)
    };
    match (expected, r.anchor, r.span) {
        (Expected::Gone, Anchor::Orphaned, _) => Judged::Right,
        (_, Anchor::Orphaned, _) => Judged::Orphaned,
        (_, a, Some(got)) if a.holds() && !verbatim(got) => Judged::Absorbed,
        (Expected::Stands(want), a, Some(got)) if a.holds() && got == *want => Judged::Right,
        (Expected::Changed(want), Anchor::Changed, Some(got)) if got == *want => Judged::Right,
        (Expected::Gone, a, Some(_)) if a.holds() => Judged::Right,
        (_, a, Some(_)) if a.holds() => Judged::Copy,
        _ => Judged::Wrong,
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The citation cite prints for `span`: with its selectors' context, or without.
fn cite(text: &str, span: Span, with_context: bool) -> Citation {
    let Selector::TextQuoteSelector(q) = selectors(text, span).remove(0) else {
        unreachable!("the first selector is the quote")
    };
    Citation {
        exact: q.exact,
        span: Some(span),
        chars: None,
        prefix: with_context.then_some(q.prefix),
        suffix: with_context.then_some(q.suffix),
    }
}

/// Paragraphs of `text` (separated by blank lines), as spans.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices("\n\n") {
        if !text[start..at].trim().is_empty() {
            out.push(Span::new(start, at));
        }
        start = at + 2;
    }
    if !text[start..].trim().is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// A random quote of 5 to 25 words inside one paragraph, starting and ending on a word.
fn pick_quote(text: &str, rng: &mut Rng) -> Option<Span> {
    let paras: Vec<Span> = paragraphs(text)
        .into_iter()
        .filter(|p| text[p.range()].split_whitespace().count() >= 8)
        .collect();
    let para = *paras.get(rng.below(paras.len()))?;
    let words: Vec<Span> = word_spans(text, para);
    let len = 5 + rng.below(21).min(words.len().saturating_sub(5));
    let len = len.min(words.len());
    let first = rng.below(words.len() - len + 1);
    let span = Span::new(words[first].start, words[first + len - 1].end);
    Some(span)
}

/// Whitespace-separated tokens of `within`, trimmed of edge punctuation.
fn word_spans(text: &str, within: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let piece = &text[within.range()];
    let mut at = 0;
    for token in piece.split_whitespace() {
        let start = at + piece[at..].find(token).unwrap();
        at = start + token.len();
        let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric());
        if trimmed.is_empty() {
            continue;
        }
        let s = start + token.find(trimmed).unwrap();
        out.push(Span::new(
            within.start + s,
            within.start + s + trimmed.len(),
        ));
    }
    out
}

/// The start of the sentence holding byte `at`: after the last ". " or paragraph break.
fn sentence_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    [". ", ".\n", "\n\n"]
        .iter()
        .filter_map(|m| before.rfind(m).map(|i| i + m.len()))
        .max()
        .unwrap_or(0)
}

/// The end of the sentence holding byte `at`.
fn sentence_end(text: &str, at: usize) -> usize {
    let after = &text[at..];
    [". ", ".\n", "\n\n"]
        .iter()
        .filter_map(|m| after.find(m).map(|i| at + i + m.len()))
        .min()
        .unwrap_or(text.len())
}

/// Applies edit `kind` to `text` around the quote at `span`.
fn apply(kind: usize, text: &str, span: Span, rng: &mut Rng) -> Option<(String, Expected)> {
    let quote = &text[span.range()];
    match kind {
        0 => {
            let at = sentence_start(text, span.start);
            let added = "This sentence was added in a correction. ";
            let edited = format!("{}{added}{}", &text[..at], &text[at..]);
            Some((edited, Expected::Stands(span.shift(added.len()))))
        }
        1 => {
            let para = paragraphs(text).into_iter().find(|p| p.contains(span))?;
            let rest = format!("{}{}", &text[..para.start], &text[para.end..]);
            let moved = &text[para.range()];
            let edited = format!("{rest}\n\n{moved}");
            let new_start = rest.len() + 2 + (span.start - para.start);
            Some((
                edited,
                Expected::Stands(Span::new(new_start, new_start + span.len())),
            ))
        }
        2 | 3 => {
            let words = word_spans(text, span);
            let w = words[rng.below(words.len())];
            let word = &text[w.range()];
            let replacement = if kind == 2 {
                let chars: Vec<char> = word.chars().collect();
                if chars.len() < 4 {
                    return None;
                }
                let i = 1 + rng.below(chars.len() - 2);
                let mut swapped = chars.clone();
                swapped.swap(i - 1, i);
                if swapped == chars {
                    return None;
                }
                swapped.into_iter().collect::<String>()
            } else if word.chars().any(|c| c.is_ascii_digit()) {
                word.chars()
                    .map(|c| {
                        c.to_digit(10)
                            .map_or(c, |d| char::from_digit((d + 1) % 10, 10).unwrap())
                    })
                    .collect()
            } else {
                let others = word_spans(text, Span::new(0, text.len()));
                let other = &text[others[rng.below(others.len())].range()];
                if other.eq_ignore_ascii_case(word) {
                    return None;
                }
                other.to_string()
            };
            let edited = format!("{}{replacement}{}", &text[..w.start], &text[w.end..]);
            let end = span.end + replacement.len() - word.len();
            Some((edited, Expected::Changed(Span::new(span.start, end))))
        }
        4 => {
            let (start, end) = (
                sentence_start(text, span.start),
                sentence_end(text, span.end),
            );
            let edited = format!("{}{}", &text[..start], &text[end..]);
            Some((edited, Expected::Gone))
        }
        5 => {
            let mut edited = String::with_capacity(text.len());
            let width = 50 + rng.below(30);
            for (i, para) in text.split("\n\n").enumerate() {
                if i > 0 {
                    edited.push_str("\n\n");
                }
                let mut col = 0;
                for (j, c) in para.char_indices() {
                    let next_word = para[j + c.len_utf8()..]
                        .split_whitespace()
                        .next()
                        .map_or(0, str::len);
                    if c == ' ' || c == '\n' {
                        if col + 1 + next_word > width {
                            edited.push('\n');
                            col = 0;
                        } else {
                            edited.push(' ');
                            col += 1;
                        }
                    } else {
                        edited.push(c);
                        col += 1;
                    }
                }
            }
            (edited != text).then_some((edited, Expected::Stands(span)))
        }
        7 => {
            let words = word_spans(text, span);
            if words.len() < 2 {
                return None;
            }
            let i = rng.below(words.len());
            let j = (i + 1 + rng.below(words.len() - 1)) % words.len();
            let (first, second) = (words[i.min(j)], words[i.max(j)]);
            let others = word_spans(text, Span::new(0, text.len()));
            let mut pick = |w: Span| {
                let other = text[others[rng.below(others.len())].range()].to_string();
                (!other.eq_ignore_ascii_case(&text[w.range()])).then_some(other)
            };
            let (a, b) = (pick(first)?, pick(second)?);
            let edited = format!(
                "{}{a}{}{b}{}",
                &text[..first.start],
                &text[first.end..second.start],
                &text[second.end..]
            );
            let end = span.end + a.len() + b.len() - first.len() - second.len();
            Some((edited, Expected::Changed(Span::new(span.start, end))))
        }
        _ => {
            let echo = format!("As the text says elsewhere, {quote}.\n\n");
            let edited = format!("{echo}{text}");
            Some((edited, Expected::Stands(span.shift(echo.len()))))
        }
    }
}
