//! Typography-insensitive text folding that keeps a map back to the original bytes.
//!
//! Folding lowercases, strips accents from Latin letters, collapses whitespace,
//! unifies quote marks and dashes and spells out the ellipsis, so that a quote
//! pasted with different typography compares equal to its source.

use std::ops::Range;

/// Text folded for comparison, with a map from folded bytes back to the original.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// One entry per run of folded output: where the run starts in `text`, and
    /// the original bytes it stands for. Sorted and non-overlapping on both sides.
    units: Vec<Unit>,
}

/// A piece of folded output and the original bytes it came from.
#[derive(Debug, Clone)]
struct Unit {
    folded_start: usize,
    original: Range<usize>,
    /// True for a run of one-byte characters each folded to one byte: byte `i` of its
    /// output stands for byte `i` of `original` alone (most text is such runs).
    bytewise: bool,
}

impl Unit {
    /// The original bytes that folded byte `pos` of this unit stands for.
    fn original_of(&self, pos: usize) -> Range<usize> {
        if self.bytewise {
            let at = self.original.start + (pos - self.folded_start);
            at..at + 1
        } else {
            self.original.clone()
        }
    }
}

/// A run of whitespace and dashes that has not been written out yet.
struct Pending {
    original: Range<usize>,
    has_dash: bool,
}

/// Folds `original` for comparison.
///
/// Folding lowercases; strips diacritics from Latin letters (`é` → `e`,
/// `ø` → `o`, `æ` → `ae`, combining marks dropped); turns every run of
/// whitespace (including NBSP and a BOM) into one space and drops it at either
/// end; folds single quotes and apostrophes to `'` and double quotes and
/// guillemets to `"`; folds any run of dashes, together with the whitespace
/// around it, to a single `-`; turns `…` into `...`; and drops invisible
/// characters such as the soft hyphen and zero-width space.
///
/// Numbers written another way fold alike, their digits kept: a grouping comma is dropped
/// (`1,400` → `1400`), `%`, `per cent` and `percent` all fold to ` percent`, and a hyphen
/// between a number and a word to a space (`5-percent` → `5 percent`).
pub fn fold(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut units: Vec<Unit> = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut piece = String::new();

    for (start, c) in original.char_indices() {
        let end = start + c.len_utf8();
        let is_space = is_space(c);
        if is_space || is_dash(c) {
            let run = pending.get_or_insert(Pending {
                original: start..end,
                has_dash: false,
            });
            run.original.end = end;
            run.has_dash |= !is_space;
            continue;
        }

        piece.clear();
        if c == '%' {
            if pending.is_none() && !text.is_empty() && !text.ends_with(' ') {
                piece.push(' ');
            }
            piece.push_str("percent");
        } else if !(c == ',' && is_grouping_comma(original, start)) {
            fold_char(c, &mut piece);
        }
        if piece.is_empty() {
            match &mut pending {
                Some(run) => run.original.end = end,
                None => widen_last(&mut units, end),
            }
            continue;
        }

        if let Some(mut run) = pending.take() {
            let hyphen = &original[run.original.clone()];
            if text.ends_with(|d: char| d.is_ascii_digit())
                && c.is_alphabetic()
                && hyphen.chars().count() == 1
            {
                run.has_dash = false;
            }
            flush(run, &mut text, &mut units);
        }
        push_unit(
            &mut units,
            text.len(),
            start..end,
            end - start == 1 && piece.len() == 1,
        );
        text.push_str(&piece);
    }
    if let Some(run) = pending.filter(|run| run.has_dash) {
        flush(run, &mut text, &mut units);
    }
    join_per_cent(Folded { text, units })
}

/// Records that folded output starting at `folded_start` stands for `original`, extending
/// the last unit when both are bytewise and adjacent.
fn push_unit(units: &mut Vec<Unit>, folded_start: usize, original: Range<usize>, bytewise: bool) {
    if let Some(last) = units.last_mut()
        && bytewise
        && last.bytewise
        && last.original.end == original.start
        && last.folded_start + last.original.len() == folded_start
    {
        last.original.end = original.end;
        return;
    }
    units.push(Unit {
        folded_start,
        original,
        bytewise,
    });
}

/// Widens the last unit to the original byte `end`, over characters that fold to nothing;
/// a bytewise run first gives up its last byte, which alone is widened.
fn widen_last(units: &mut Vec<Unit>, end: usize) {
    let Some(last) = units.last_mut() else {
        return;
    };
    if last.bytewise && last.original.len() > 1 {
        last.original.end -= 1;
        let (folded_start, start) = (last.folded_start + last.original.len(), last.original.end);
        units.push(Unit {
            folded_start,
            original: start..end,
            bytewise: false,
        });
        return;
    }
    last.bytewise = false;
    last.original.end = end;
}

/// True when the comma at byte `at` of `text` groups digits: a digit before it, exactly
/// three after it, then no further digit.
fn is_grouping_comma(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text
        .as_bytes()
        .get(at + 1..at + 5)
        .unwrap_or(&text.as_bytes()[at + 1..]);
    before.is_some_and(|c| c.is_ascii_digit())
        && after.len() >= 3
        && after[..3].iter().all(u8::is_ascii_digit)
        && !after.get(3).is_some_and(u8::is_ascii_digit)
}

/// `folded` with every word pair `per cent` written `percent`.
fn join_per_cent(folded: Folded) -> Folded {
    const PER_CENT: &str = "per cent";
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let spaces: Vec<usize> = folded
        .text
        .match_indices(PER_CENT)
        .filter(|&(at, _)| {
            !word(folded.text[..at].chars().next_back())
                && !word(folded.text[at + PER_CENT.len()..].chars().next())
        })
        .map(|(at, _)| at + 3)
        .collect();
    if spaces.is_empty() {
        return folded;
    }
    let mut text = String::with_capacity(folded.text.len());
    let mut units = Vec::with_capacity(folded.units.len());
    let mut removed = 0;
    let mut last = 0;
    for &space in &spaces {
        text.push_str(&folded.text[last..space]);
        last = space + 1;
    }
    text.push_str(&folded.text[last..]);
    for unit in folded.units {
        if spaces.binary_search(&unit.folded_start).is_ok() {
            removed += 1;
            continue;
        }
        units.push(Unit {
            folded_start: unit.folded_start - removed,
            ..unit
        });
    }
    Folded { text, units }
}

/// Writes out a whitespace/dash run: `-` if it holds a dash, otherwise a space
/// unless it is leading whitespace.
fn flush(run: Pending, text: &mut String, units: &mut Vec<Unit>) {
    let folded = if run.has_dash {
        '-'
    } else if text.is_empty() {
        return;
    } else {
        ' '
    };
    units.push(Unit {
        folded_start: text.len(),
        original: run.original,
        bytewise: false,
    });
    text.push(folded);
}

impl Folded {
    /// The byte range in the original text that the folded byte range `range` stands for.
    ///
    /// A range that starts or ends inside a folded run (e.g. the `-` from ` — `,
    /// or one of the dots from `…`) widens to the whole run. An empty range maps
    /// to an empty range. Out-of-bounds ranges are clamped to the text.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let start = range.start.min(self.text.len());
        let end = range.end.clamp(start, self.text.len());
        if start == end {
            let at = match self.unit_at(start) {
                Some(unit) if start < self.text.len() => unit.original_of(start).start,
                Some(unit) => unit.original.end,
                None => 0,
            };
            return at..at;
        }
        match (self.unit_at(start), self.unit_at(end - 1)) {
            (Some(first), Some(last)) => {
                first.original_of(start).start..last.original_of(end - 1).end
            }
            _ => 0..0,
        }
    }

    /// The unit whose folded output contains byte `pos` (the last unit for `pos == text.len()`).
    fn unit_at(&self, pos: usize) -> Option<&Unit> {
        let index = self.units.partition_point(|unit| unit.folded_start <= pos);
        self.units.get(index.checked_sub(1)?)
    }
}

/// A word of a text: its folded form and its byte range in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The folded word, as it appears in `fold(original).text`.
    pub folded: String,
    /// The word's bytes in the original text.
    pub span: Range<usize>,
}

/// The words of `original`, folded.
///
/// A word is a run of letters and digits of the folded text. An apostrophe or
/// period between two letters/digits stays inside the word (`taliban's`,
/// `u.s`, `3.5`; a trailing period is not part of it), as does a comma between
/// two digits (`1,000`). Dashes split words, so `U.S.-Taliban` is two words.
pub fn words(original: &str) -> Vec<Word> {
    let folded = fold(original);
    let chars: Vec<(usize, char)> = folded.text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let is_word_char = |i: usize| match (i.checked_sub(1).and_then(at), at(i), at(i + 1)) {
        (_, Some(c), _) if c.is_alphanumeric() => true,
        (Some(before), Some('\'' | '.'), Some(after)) => {
            before.is_alphanumeric() && after.is_alphanumeric()
        }
        (Some(before), Some(','), Some(after)) => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    };

    let mut result = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(i) {
            i += 1;
            continue;
        }
        let first = i;
        while is_word_char(i) {
            i += 1;
        }
        let start = chars[first].0;
        let end = chars.get(i).map_or(folded.text.len(), |&(at, _)| at);
        result.push(Word {
            folded: folded.text[start..end].to_owned(),
            span: folded.original_range(start..end),
        });
    }
    result
}

/// Whitespace of any kind, including the BOM.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Hyphens, dashes and the minus sign.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
    )
}

/// Appends the folded form of a non-space, non-dash character to `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        _ if c.is_ascii() && c != '`' => out.push(c.to_ascii_lowercase()),
        '\''
        | '`'
        | '\u{B4}'
        | '\u{2018}'..='\u{201B}'
        | '\u{2032}'
        | '\u{2039}'
        | '\u{203A}'
        | '\u{2BC}' => {
            out.push('\'');
        }
        '"' | '\u{AB}' | '\u{BB}' | '\u{201C}'..='\u{201F}' | '\u{2033}' => out.push('"'),
        '…' => out.push_str("..."),
        '\u{AD}' | '\u{200B}' | '\u{2060}' => {}
        _ => {
            for lower in c.to_lowercase() {
                match strip_accent(lower) {
                    Some(base) => out.push_str(base),
                    None if is_combining_mark(lower) => {}
                    None => out.push(lower),
                }
            }
        }
    }
}

/// Combining diacritical marks, dropped so that decomposed accents fold away.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}'
    )
}

/// The unaccented form of an accented lowercase Latin letter.
fn strip_accent(c: char) -> Option<&'static str> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "The so-called “Afghan syndrome,” he wrote.",
        "António Guterres, Secretary-General",
        "Anto\u{301}nio   Guterres",
        "U.S. — Taliban talks -- and U.S.--Taliban deals",
        "İstanbul and ẞ and straße",
        "line one\r\n\r\nline two\ttab\u{a0}nbsp",
        "\u{feff}BOM first… then “quotes” and ‘single’ quotes",
        "emoji 👍🏽 and 👨‍👩‍👧 family — done",
        "soft\u{ad}hyphen and zero\u{200b}width, œuvre Æsir",
        "  leading and trailing  \n",
        " — dash first and last — ",
        "control \u{0}\u{7} chars",
    ];

    fn folded(text: &str) -> String {
        fold(text).text
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(folded("António GUTERRES"), "antonio guterres");
        assert_eq!(folded("Anto\u{301}nio"), "antonio");
        assert_eq!(folded("İstanbul"), "istanbul");
        assert_eq!(folded("ß ẞ"), "ß ß");
        assert_eq!(folded("Łódź Ørsted Œuvre"), "lodz orsted oeuvre");
    }

    #[test]
    fn folds_whitespace() {
        assert_eq!(folded(" a \t\r\n b\u{a0}\u{2003}c\u{feff} "), "a b c");
        assert_eq!(folded("\u{feff}Hello"), "hello");
        assert_eq!(folded("a \u{ad} b"), "a b");
        assert_eq!(folded(" \n\t "), "");
    }

    #[test]
    fn folds_quotes_and_ellipsis() {
        assert_eq!(folded("“Afghan syndrome,”"), "\"afghan syndrome,\"");
        assert_eq!(folded("«a» „b‟ ″c″"), "\"a\" \"b\" \"c\"");
        assert_eq!(
            folded("Taliban’s ‘x’ ‚y‛ `z´ 5′"),
            "taliban's 'x' 'y' 'z' 5'"
        );
        assert_eq!(folded("wait… what"), "wait... what");
    }

    #[test]
    fn folds_dashes_with_surrounding_space() {
        for text in [
            "U.S.-Taliban",
            "U.S. – Taliban",
            "U.S.--Taliban",
            "U.S. — Taliban",
            "U.S.\u{2011}Taliban",
            "U.S. − Taliban",
        ] {
            assert_eq!(folded(text), "u.s.-taliban", "{text:?}");
        }
        assert_eq!(folded(" — a — "), "-a-");
    }

    #[test]
    fn empty_and_punctuation_only() {
        let empty = fold("");
        assert_eq!(empty.text, "");
        assert_eq!(empty.original_range(0..0), 0..0);
        assert_eq!(empty.original_range(3..7), 0..0);
        assert_eq!(folded("?!.,;:"), "?!.,;:");
        assert!(words("?! — … “”").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn original_range_returns_char_boundaries() {
        for original in SAMPLES {
            let f = fold(original);
            let len = f.text.len();
            for a in 0..=len + 1 {
                for b in 0..=len + 1 {
                    let range = f.original_range(a..b);
                    assert!(range.start <= range.end && range.end <= original.len());
                    assert!(original.is_char_boundary(range.start));
                    assert!(original.is_char_boundary(range.end));
                }
            }
        }
    }

    /// Every folded slice between unit boundaries (each byte of a bytewise run is one), not
    /// starting or ending with a space, folds back from the original bytes it maps to.
    fn assert_round_trip(original: &str) {
        let f = fold(original);
        let mut bounds: Vec<usize> = f
            .units
            .iter()
            .flat_map(|u| {
                let len = if u.bytewise { u.original.len() } else { 1 };
                u.folded_start..u.folded_start + len
            })
            .collect();
        bounds.push(f.text.len());
        for (i, &a) in bounds.iter().enumerate() {
            for &b in &bounds[i + 1..] {
                let slice = &f.text[a..b];
                if slice.starts_with(' ') || slice.ends_with(' ') {
                    continue;
                }
                let range = f.original_range(a..b);
                assert_eq!(folded(&original[range]), slice, "{original:?} {a}..{b}");
            }
        }
    }

    #[test]
    fn substrings_round_trip() {
        for original in SAMPLES {
            assert_round_trip(original);
        }
    }

    proptest::proptest! {
        /// Round trips hold in text of ASCII runs broken by characters that fold to nothing,
        /// to other lengths or to several bytes (the unit kinds side by side).
        #[test]
        fn mixed_text_round_trips(parts in proptest::collection::vec(proptest::prop_oneof![
            "[a-cA-C0-9.]{1,5}",
            "[ \n\t]{1,3}",
            "[-%'\"`]",
            proptest::strategy::Strategy::prop_map(proptest::sample::select(vec!["\u{ad}", "é", "e\u{301}", "…", " — ", "’", "\u{200b}", "æ", "İ", "\u{feff}"]), str::to_string),
        ], 0..30)) {
            assert_round_trip(&parts.concat());
        }
    }

    #[test]
    fn maps_quote_match_to_original_bytes() {
        let original = "He said “no” — twice";
        let f = fold(original);
        let quote = folded("\"no\" - twice");
        let start = f.text.find(&quote).expect("quote found");
        let range = f.original_range(start..start + quote.len());
        assert_eq!(&original[range], "“no” — twice");
    }

    #[test]
    fn widens_ranges_inside_runs() {
        let original = "U.S. — Taliban… end";
        let f = fold(original);
        let dash = f.text.find('-').expect("dash");
        assert_eq!(&original[f.original_range(dash..dash + 1)], " — ");
        let dots = f.text.find("...").expect("dots");
        assert_eq!(&original[f.original_range(dots + 1..dots + 2)], "…");
    }

    #[test]
    fn handles_large_and_odd_input() {
        let big = "Ünïcode “text” — with\u{0} emoji 👍🏽…\r\n".repeat(3_000);
        assert!(big.len() > 100_000);
        let f = fold(&big);
        assert_eq!(f.original_range(0..f.text.len()), 0..big.len() - 2);
        assert_eq!(words(&big).len(), 4 * 3_000);
    }

    #[test]
    fn numbers_written_another_way_fold_alike() {
        for (a, b) in [
            ("1400 days", "1,400 days"),
            ("10 percent", "10%"),
            ("10 percent", "10 %"),
            ("10 percent", "10 per cent"),
            ("5-percent rise", "5 percent rise"),
            ("100000 people", "100,000 people"),
            ("1234567", "1,234,567"),
        ] {
            assert_eq!(folded(a), folded(b), "{a} / {b}");
        }
        for (a, b) in [
            ("1400", "1,500"),
            ("1,2", "12"),
            ("1,4000", "14000"),
            ("COVID-19", "COVID 19"),
            ("2-3 days", "2 3 days"),
            ("supper cent", "super cent"),
        ] {
            assert_ne!(folded(a), folded(b), "{a} / {b}");
        }
        assert_eq!(folded("per centum"), "per centum");
        let original = "by 10 per cent, or 1,400";
        let f = fold(original);
        let at = f.text.find("10 percent").unwrap();
        assert_eq!(&original[f.original_range(at..at + 10)], "10 per cent");
        let at = f.text.find("1400").unwrap();
        assert_eq!(&original[f.original_range(at..at + 4)], "1,400");
        let odd = "45%, 5-percent per cent 1,400,000 %x ,123 9,999";
        let f = fold(odd);
        for a in 0..=f.text.len() {
            for b in a..=f.text.len() {
                let range = f.original_range(a..b);
                assert!(odd.is_char_boundary(range.start) && odd.is_char_boundary(range.end));
            }
        }
    }

    #[test]
    fn splits_words() {
        let original = "U.S.-Taliban talks: the Taliban’s 1,000 “Afghan” fighters, 3.5 km.";
        let found: Vec<(String, &str)> = words(original)
            .into_iter()
            .map(|w| (w.folded, &original[w.span]))
            .collect();
        let expected = [
            ("u.s", "U.S"),
            ("taliban", "Taliban"),
            ("talks", "talks"),
            ("the", "the"),
            ("taliban's", "Taliban’s"),
            ("1000", "1,000"),
            ("afghan", "Afghan"),
            ("fighters", "fighters"),
            ("3.5", "3.5"),
            ("km", "km"),
        ];
        let expected: Vec<(String, &str)> =
            expected.iter().map(|&(f, o)| (f.to_owned(), o)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn word_spans_cover_accents() {
        let original = "Anto\u{301}nio İstanbul";
        let spans: Vec<&str> = words(original)
            .into_iter()
            .map(|w| &original[w.span])
            .collect();
        assert_eq!(spans, ["Anto\u{301}nio", "İstanbul"]);
    }
}
