//! Reading a draft: its blocks (paragraphs, headings, list items, block quotes), the
//! quotations in them and its sentences, each with its byte span in the draft.

use crate::span::Span;
use std::ops::Range;

/// Fewest words a quotation has; shorter quoted text (a term, a scare quote) stays part
/// of its sentence.
pub const MIN_QUOTE_WORDS: usize = 4;
/// Lines longer than this mean one paragraph per line: every line break ends a block.
const LONG_LINE_CHARS: usize = 100;
/// Words before a period that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "vol", "vs", "etc", "e.g", "i.e", "cf", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "approx", "fig",
    "pp",
];

/// A quotation in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// The quoted words, without the marks, surrounding spaces or a trailing `,;:.`
    /// that belongs to the sentence around it.
    pub span: Span,
    /// The quotation with its marks (for a block quote, its lines from the first `>`).
    pub outer: Span,
    /// The text to check: the quoted words (a block quote's lines joined by spaces).
    pub words: String,
    /// True for a Markdown block quote (`> …`).
    pub block: bool,
}

/// A sentence of a draft (or a block quote, or a heading without a full stop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Its bytes in the draft, without surrounding whitespace.
    pub span: Span,
    /// Indexes into [`Draft::quotations`] of the quotations it holds.
    pub quotations: Vec<usize>,
}

/// Something odd in the draft that changed how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Draft byte it is about.
    pub at: usize,
    /// What happened, for people.
    pub message: String,
}

/// A draft, read into sentences and quotations.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Its quotations, in order.
    pub quotations: Vec<Quotation>,
    /// Unbalanced quotation marks and the like.
    pub warnings: Vec<Warning>,
}

/// A block of the draft: a paragraph, heading, list item or table row, or a block quote.
#[derive(Debug, Clone)]
struct Block {
    /// Bytes of its content, from its first to its last content byte.
    span: Span,
    /// For a block quote, the content of each line (after the `>` marks).
    lines: Vec<Span>,
    quote: bool,
}

/// Reads `text` into sentences and quotations.
pub fn parse(text: &str) -> Draft {
    let blocks = blocks(text);
    let mut draft = Draft::default();
    for (i, block) in blocks.iter().enumerate() {
        if block.quote {
            block_quote(text, block, &mut draft);
            continue;
        }
        let body = &text[block.span.range()];
        let next_first = blocks
            .get(i + 1)
            .filter(|b| !b.quote)
            .and_then(|b| text[b.span.range()].chars().next());
        let pairs = quote_pairs(body, next_first, block.span.start, &mut draft.warnings);
        let mut found = Vec::new();
        for pair in &pairs {
            if let Some(q) = quotation(text, pair, block.span.start) {
                found.push(draft.quotations.len());
                draft.quotations.push(q);
            }
        }
        for range in sentences(body, &pairs) {
            let span = Span::from(range).shift(block.span.start);
            let quotations = found
                .iter()
                .copied()
                .filter(|&q| span.contains(draft.quotations[q].outer))
                .collect();
            draft.sentences.push(Sentence { span, quotations });
        }
    }
    draft
}

/// A block quote becomes one sentence that is one quotation, when it has enough words.
fn block_quote(text: &str, block: &Block, draft: &mut Draft) {
    let trimmed = |l: &Span| {
        let s = &text[l.range()];
        let start = l.start + (s.len() - s.trim_start().len());
        Span::new(start, start + s.trim().len())
    };
    let mut lines = block.lines.iter().map(trimmed).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return;
    };
    let span = Span::new(first.start, lines.next_back().unwrap_or(first).end);
    if !text[span.range()].chars().any(char::is_alphanumeric) {
        return;
    }
    let words = block
        .lines
        .iter()
        .map(|l| text[l.range()].trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut quotations = Vec::new();
    if word_count(&words) >= MIN_QUOTE_WORDS {
        quotations.push(draft.quotations.len());
        draft.quotations.push(Quotation {
            span,
            outer: span,
            words,
            block: true,
        });
    }
    draft.sentences.push(Sentence { span, quotations });
}

/// Number of words (runs holding a letter or digit) in `text`.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || is_dash(c))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―')
}

/// The draft's blocks. Blank lines, headings, list items, rules, block quotes and code
/// fences end a block; so does every line break when the draft has one paragraph per
/// line, and, in hard-wrapped text, a line break the wrapping did not force.
fn blocks(text: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    for raw in text[at..].split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        lines.push(Span::new(at, at + content.len()));
        at += raw.len();
    }
    let width = lines
        .iter()
        .map(|l| text[l.range()].chars().count())
        .max()
        .unwrap_or(0);
    let one_per_line = width > LONG_LINE_CHARS;

    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None;
    let mut previous_chars = 0;
    let mut in_code: Option<&str> = None;
    let close = |open: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(b) = open.take() {
            blocks.push(b);
        }
    };
    // YAML front matter (`---` first, up to the next `---`) is metadata, not text.
    let mut front_matter = lines
        .first()
        .is_some_and(|l| text[l.range()].trim_end() == "---");
    for (n, line) in lines.iter().enumerate() {
        let s = &text[line.range()];
        let trimmed = s.trim_start();
        let indent = s.len() - trimmed.len();
        if front_matter {
            front_matter = n == 0 || s.trim_end() != "---";
            continue;
        }
        if let Some(fence) = in_code {
            if trimmed.starts_with(fence) {
                in_code = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            close(&mut open, &mut blocks);
            in_code = Some(&trimmed[..3]);
            continue;
        }
        // Table rows are data, not sentences; rules and blank lines end a block.
        if trimmed.is_empty() || is_rule(trimmed) || trimmed.starts_with('|') {
            close(&mut open, &mut blocks);
            continue;
        }
        if indent <= 3 && trimmed.starts_with('>') {
            let mut content = trimmed;
            while let Some(rest) = content.strip_prefix('>') {
                content = rest
                    .strip_prefix(' ')
                    .unwrap_or(rest)
                    .trim_start_matches('>');
            }
            let start = line.end - content.len();
            let span = Span::new(start, line.end);
            match &mut open {
                Some(b) if b.quote => {
                    if !content.trim().is_empty() {
                        b.span.end = span.end;
                    }
                    b.lines.push(span);
                }
                _ => {
                    close(&mut open, &mut blocks);
                    open = Some(Block {
                        span,
                        lines: vec![span],
                        quote: true,
                    });
                }
            }
            continue;
        }
        let (content, own_block) = match marker(trimmed) {
            Some(rest) => (rest, true),
            None => (trimmed, false),
        };
        let start = line.end - content.len();
        let content = content.trim_end();
        let span = Span::new(start, start + content.len());
        let chars = s.chars().count();
        let first_word = content
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        let soft_wrap =
            !one_per_line && !own_block && 4 * (previous_chars + 1 + first_word) > 3 * width;
        let heading = trimmed.starts_with('#');
        match &mut open {
            Some(b) if !b.quote && soft_wrap && !own_block => b.span.end = span.end,
            _ => {
                close(&mut open, &mut blocks);
                if !span.is_empty() {
                    open = Some(Block {
                        span,
                        lines: Vec::new(),
                        quote: false,
                    });
                }
            }
        }
        previous_chars = if heading { 0 } else { chars };
        if heading {
            close(&mut open, &mut blocks);
        }
    }
    close(&mut open, &mut blocks);
    blocks
}

/// A thematic break or a setext underline: `---`, `***`, `___`, `===`.
fn is_rule(line: &str) -> bool {
    let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.len() >= 3
        && ['-', '*', '_', '=']
            .iter()
            .any(|&m| squeezed.chars().all(|c| c == m))
}

/// The content after a heading's `#`s or a list item's marker, if the line starts a block.
fn marker(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        return Some(line[hashes..].trim_end().trim_end_matches('#').trim());
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest.trim_start());
        }
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim_start());
        }
    }
    None
}

/// A pair of quotation marks in a block: byte ranges relative to the block.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pair {
    /// From the opening mark to the end of the closing mark (or of the block).
    outer: Range<usize>,
    /// Between the marks.
    inner: Range<usize>,
}

/// The closing marks of an opening quotation mark.
fn closers(open: char) -> &'static [char] {
    match open {
        '“' => &['”'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '»' => &['«'],
        '‹' => &['›'],
        '"' => &['"'],
        '‘' => &['’'],
        '‚' => &['‘', '’'],
        '\'' => &['\''],
        '「' => &['」'],
        '『' => &['』'],
        _ => &[],
    }
}

/// Marks that may stand for an apostrophe: a pair of them is a quotation only when the
/// closing one is not inside a word.
fn is_single(c: char) -> bool {
    matches!(c, '‘' | '’' | '\'' | '‚')
}

/// Marks that open a quotation only where a word could start (they close one too).
fn needs_context(c: char) -> bool {
    matches!(c, '"' | '\'' | '‘' | '»')
}

/// Characters after which a context-dependent mark opens a quotation.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || "([{<—–-/:;,“‘«‹„‚\"'".contains(c),
    }
}

/// The outermost quotation-mark pairs of `body`, in order. A mark that is never closed
/// ends its quotation at the block's end when the next block opens with the same mark
/// (a quotation running over paragraphs); otherwise it is reported and ignored.
fn quote_pairs(
    body: &str,
    next_first: Option<char>,
    base: usize,
    warnings: &mut Vec<Warning>,
) -> Vec<Pair> {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(body.len(), |&(o, _)| o);
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let ends = closers(c);
        let before = i.checked_sub(1).and_then(at);
        let after = at(i + 1);
        let opens = !ends.is_empty()
            && after.is_some_and(|a| !a.is_whitespace() || matches!(c, '«' | '„' | '“'))
            && (!needs_context(c) || opens_after(before))
            && (!is_single(c) || after.is_some_and(char::is_alphabetic));
        if !opens {
            i += 1;
            continue;
        }
        let close = (i + 1..chars.len()).find(|&j| {
            let d = chars[j].1;
            if !ends.contains(&d) {
                return false;
            }
            let prev = at(j - 1);
            let next = at(j + 1);
            match d {
                '"' | '\'' | '’' if needs_context(c) || is_single(c) => {
                    prev.is_some_and(|p| !p.is_whitespace())
                        && !next.is_some_and(char::is_alphanumeric)
                }
                _ => true,
            }
        });
        match close {
            Some(j) => {
                pairs.push(Pair {
                    outer: offset(i)..offset(j + 1),
                    inner: offset(i + 1)..offset(j),
                });
                i = j + 1;
            }
            None if is_single(c) => i += 1,
            None if i == 0 && next_first == Some(c) => {
                pairs.push(Pair {
                    outer: 0..body.len(),
                    inner: offset(1)..body.len(),
                });
                break;
            }
            None => {
                warnings.push(Warning {
                    at: base + offset(i),
                    message: format!(
                        "quotation mark {c} is never closed in its paragraph; the text after it is read as the draft's own"
                    ),
                });
                i += 1;
            }
        }
    }
    pairs
}

/// The quotation of a pair, when it holds enough words.
fn quotation(text: &str, pair: &Pair, base: usize) -> Option<Quotation> {
    let inner = &text[base + pair.inner.start..base + pair.inner.end];
    let lead = inner.len() - inner.trim_start().len();
    let mut words = inner.trim();
    // A `,`, `;`, `:` or full stop put inside the marks belongs to the sentence around it.
    for mark in [',', ';', ':', '.'] {
        if let Some(rest) = words.strip_suffix(mark)
            && !rest.ends_with('.')
        {
            words = rest.trim_end();
            break;
        }
    }
    if word_count(words) < MIN_QUOTE_WORDS {
        return None;
    }
    let start = base + pair.inner.start + lead;
    Some(Quotation {
        span: Span::new(start, start + words.len()),
        outer: Span::new(base + pair.outer.start, base + pair.outer.end),
        words: words.to_string(),
        block: false,
    })
}

/// The sentences of a block, as trimmed byte ranges relative to it. Quotation marks
/// protect their content: a sentence ends inside none, but may end with one.
fn sentences(body: &str, pairs: &[Pair]) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let inside = |pos: usize| {
        pairs
            .iter()
            .any(|p| p.outer.start < pos && pos < p.outer.end)
    };
    let mut iter = body.char_indices().peekable();
    while let Some((pos, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '…') || inside(pos) {
            continue;
        }
        let mut end = pos + c.len_utf8();
        while let Some(&(p, d)) = iter.peek() {
            if matches!(
                d,
                '.' | '!' | '?' | '…' | ')' | ']' | '”' | '’' | '"' | '\'' | '»'
            ) {
                end = p + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        if c == '.' && end == pos + 1 && abbreviation(&body[..pos], &body[end..]) {
            continue;
        }
        if starts_sentence(&body[end..]) {
            cuts.push(end);
        }
    }
    for p in pairs {
        let inner = body[p.inner.clone()].trim_end();
        if inner.ends_with(['.', '!', '?', '…']) && starts_sentence(&body[p.outer.end..]) {
            cuts.push(p.outer.end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain([body.len()]) {
        if cut <= from {
            continue;
        }
        let piece = &body[from..cut];
        let start = from + (piece.len() - piece.trim_start().len());
        let end = from + piece.trim_end().len();
        if body[start..end].chars().any(char::is_alphanumeric) {
            out.push(start..end);
        }
        from = cut;
    }
    out
}

/// True when `rest` (what follows a full stop) begins a new sentence: whitespace, then a
/// capital, a digit, an opening mark or bracket.
fn starts_sentence(rest: &str) -> bool {
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return rest.is_empty();
    }
    match trimmed.chars().next() {
        None => true,
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || "“‘«„‚\"'([*_#—–-".contains(c),
    }
}

/// True when the word before a full stop is an abbreviation or an initial (`No.` only
/// before a number).
fn abbreviation(before: &str, after: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || "(“\"‘'".contains(c))
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let lower = word.to_lowercase();
    if lower == "no" || lower == "nos" {
        return after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, draft: &Draft) -> (Vec<&'a str>, Vec<&'a str>) {
        (
            draft
                .sentences
                .iter()
                .map(|s| &text[s.span.range()])
                .collect(),
            draft
                .quotations
                .iter()
                .map(|q| &text[q.span.range()])
                .collect(),
        )
    }

    #[test]
    fn quotations_of_every_style() {
        let text = "He said “one two three four.” She said \"five six seven eight\", then «neuf dix onze douze» and „eins zwei drei vier“ and ‘a b c d’.";
        let draft = parse(text);
        let (_, quotes) = texts(text, &draft);
        assert_eq!(
            quotes,
            [
                "one two three four",
                "five six seven eight",
                "neuf dix onze douze",
                "eins zwei drei vier",
                "a b c d"
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        let text =
            "The Taliban’s rule and the countries’ envoys don’t ‘quite agree on this’ today.";
        let draft = parse(text);
        let (_, quotes) = texts(text, &draft);
        assert_eq!(quotes, ["quite agree on this"]);
        let text = "It's the '90s and rock 'n' roll isn't dead, is it?";
        assert!(parse(text).quotations.is_empty());
    }

    #[test]
    fn short_quotes_stay_in_their_sentence() {
        let text = "The West “withdraws,” but the Emirate gains.";
        let draft = parse(text);
        assert!(draft.quotations.is_empty());
        assert_eq!(draft.sentences.len(), 1);
    }

    #[test]
    fn sentences_do_not_end_inside_quotations_or_after_abbreviations() {
        let text = "Mr. Mujahid claimed: “We talk to 40 countries. They have embassies.” However, the U.S. Department said no. Dr. Smith agreed!";
        let draft = parse(text);
        let (sentences, quotes) = texts(text, &draft);
        assert_eq!(
            sentences,
            [
                "Mr. Mujahid claimed: “We talk to 40 countries. They have embassies.”",
                "However, the U.S. Department said no.",
                "Dr. Smith agreed!"
            ]
        );
        assert_eq!(quotes, ["We talk to 40 countries. They have embassies"]);
        assert_eq!(draft.sentences[0].quotations, [0]);
    }

    #[test]
    fn block_quotes_are_one_quotation() {
        let text = "Intro line.\n\n> The Taliban also hosted several\n> US delegations in Kabul.\n\nAfter.";
        let draft = parse(text);
        let (sentences, quotes) = texts(text, &draft);
        assert_eq!(
            quotes,
            ["The Taliban also hosted several\n> US delegations in Kabul."]
        );
        assert_eq!(
            draft.quotations[0].words,
            "The Taliban also hosted several US delegations in Kabul."
        );
        assert_eq!(sentences.len(), 3);
    }

    #[test]
    fn hard_wrapped_paragraphs_join_and_headings_stay_apart() {
        let text = "# A heading here\nThis paragraph is wrapped at a fixed width so that its lines\nrun on and on until the sentence ends. Another one\nfollows it here.\n\nShort line.\nNext line.\n";
        let draft = parse(text);
        let (sentences, _) = texts(text, &draft);
        assert_eq!(
            sentences,
            [
                "A heading here",
                "This paragraph is wrapped at a fixed width so that its lines\nrun on and on until the sentence ends.",
                "Another one\nfollows it here.",
                "Short line.",
                "Next line."
            ]
        );
    }

    #[test]
    fn unbalanced_marks_are_reported_and_ignored() {
        let text = "He said “this is never closed at all.\n\nThe next paragraph.";
        let draft = parse(text);
        assert!(draft.quotations.is_empty());
        assert_eq!(draft.warnings.len(), 1);
        assert_eq!(draft.warnings[0].at, text.find('“').unwrap());
    }

    #[test]
    fn a_quotation_running_over_paragraphs() {
        let text =
            "“We will not stop talking to them, ever\n\n“and we never said otherwise,” he said.";
        let draft = parse(text);
        let (_, quotes) = texts(text, &draft);
        assert_eq!(
            quotes,
            [
                "We will not stop talking to them, ever",
                "and we never said otherwise"
            ]
        );
        assert!(draft.warnings.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn spans_hold_for_any_text(text in "([a-zA-Z0-9 .,!?;:'\"“”‘’«»„‚‹›…—>#*\n\r\t-]|\u{feff}|é|\u{00a0}){0,300}") {
            let draft = parse(&text);
            let mut previous_end = 0;
            for s in &draft.sentences {
                proptest::prop_assert!(previous_end <= s.span.start && s.span.start < s.span.end);
                proptest::prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
                let body = &text[s.span.range()];
                proptest::prop_assert_eq!(body.trim(), body);
                for &q in &s.quotations {
                    proptest::prop_assert!(s.span.contains(draft.quotations[q].outer));
                }
                previous_end = s.span.end;
            }
            for q in &draft.quotations {
                proptest::prop_assert!(q.outer.contains(q.span) && !q.span.is_empty());
                proptest::prop_assert!(word_count(&q.words) >= MIN_QUOTE_WORDS);
                if !q.block {
                    proptest::prop_assert_eq!(&text[q.span.range()], q.words.as_str());
                }
            }
            for w in &draft.warnings {
                proptest::prop_assert!(text.is_char_boundary(w.at));
            }
        }
    }

    #[test]
    fn code_fences_rules_tables_and_front_matter_are_not_text() {
        let text = "---\ntitle: A draft\n---\nBefore.\n\n```\n“not a quote at all here”\n```\n---\n| 2021 | a b c d |\n|---|---|\nAfter.";
        let draft = parse(text);
        let (sentences, quotes) = texts(text, &draft);
        assert!(quotes.is_empty());
        assert_eq!(sentences, ["Before.", "After."]);
    }
}
