//! The values of a text that a claim can get wrong: numbers in their written forms, dates,
//! and names, each with its span and the words around it (its role).

use super::bounds::{self, Qualifier, Relation};
use crate::analysis::Token;
use crate::span::Span;
use serde::Serialize;

/// The kind of a value, or of a difference between claim and source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A count, amount, share or sum.
    Number,
    /// A day, month or year.
    Date,
    /// A capitalised name.
    Name,
    /// One side denies what the other says.
    Negation,
    /// More against less, rise against fall.
    Comparison,
    /// Anything else.
    Other,
}

/// What a value says.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// A number; `percent` for shares, `money` for sums of a currency.
    Number {
        /// The amount, scale words applied (`1.9 million` is 1,900,000).
        value: f64,
        /// Written with `%`, `percent` or `per cent`.
        percent: bool,
        /// Written with a currency sign or word.
        money: bool,
        /// The words before it that bound it (`more than`, `nearly`).
        qualifier: Qualifier,
        /// Its first token and first byte with those words (the number's own without).
        qualified: (usize, usize),
    },
    /// A date; any part may be missing.
    Date {
        /// The year.
        year: Option<i32>,
        /// The month, 1-12.
        month: Option<u8>,
        /// The day of the month.
        day: Option<u8>,
    },
    /// A name: its words, folded.
    Name(Vec<String>),
}

/// One value found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Its kind: number, date or name.
    pub kind: Kind,
    /// Its bytes in the text.
    pub span: Span,
    /// Indexes of its first and last tokens.
    pub tokens: (usize, usize),
    /// What it says.
    pub data: Data,
}

impl Value {
    /// True when `self` and `other` can say the same (dates: every part both give is
    /// equal; numbers: both sums or shares or neither, and their intervals not
    /// [`Relation::Apart`]).
    pub fn agrees(&self, other: &Value) -> bool {
        match (&self.data, &other.data) {
            (
                Data::Number {
                    percent: p,
                    money: m,
                    ..
                },
                Data::Number {
                    percent: q,
                    money: n,
                    ..
                },
            ) => p == q && m == n && self.relation(other) != Some(Relation::Apart),
            (Data::Date { .. }, Data::Date { .. }) => {
                self.date_parts_shared(other) > 0 && !self.date_differs(other)
            }
            (Data::Name(a), Data::Name(b)) => {
                within(a, b) || within(b, a) || acronym(a, b) || acronym(b, a)
            }
            _ => false,
        }
    }

    /// True when `other` says all that `self` says: it agrees, as a date it gives every
    /// part `self` gives (`2025` does not state `August 2025`), and as a number its interval
    /// lies inside `self`'s (`over 1,400` states `more than 1,000`).
    pub fn states(&self, other: &Value) -> bool {
        if !self.agrees(other) {
            return false;
        }
        match (&self.data, &other.data) {
            (Data::Number { .. }, Data::Number { .. }) => {
                self.relation(other) == Some(Relation::Inside)
            }
            (
                Data::Date {
                    year: y1,
                    month: m1,
                    day: d1,
                },
                Data::Date {
                    year: y2,
                    month: m2,
                    day: d2,
                },
            ) => {
                (y1.is_none() || y2.is_some())
                    && (m1.is_none() || m2.is_some())
                    && (d1.is_none() || d2.is_some())
            }
            _ => true,
        }
    }

    /// How the number `other` (a source's) bears on the number `self` (a claim's), as
    /// intervals; None unless both are numbers.
    pub fn relation(&self, other: &Value) -> Option<Relation> {
        let (
            Data::Number {
                value: a,
                qualifier: p,
                ..
            },
            Data::Number {
                value: b,
                qualifier: q,
                ..
            },
        ) = (&self.data, &other.data)
        else {
            return None;
        };
        // Written forms of one number (`1.9 million`, `1,900,000`) differ by rounding only.
        let same = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0);
        let b = if same(*a, *b) { *a } else { *b };
        Some(bounds::relation((*p, *a), (*q, b)))
    }

    /// The bytes of the value as written, with the words that bound a number
    /// (`more than 1,000`).
    pub fn written(&self) -> Span {
        match self.data {
            Data::Number {
                qualified: (_, start),
                ..
            } => Span::new(start, self.span.end),
            _ => self.span,
        }
    }

    /// The index of its first token, with the words that bound a number.
    pub fn first_token(&self) -> usize {
        match self.data {
            Data::Number {
                qualified: (first, _),
                ..
            } => first,
            _ => self.tokens.0,
        }
    }

    /// True when both are dates that give a part (year, month, day) differently.
    pub fn date_differs(&self, other: &Value) -> bool {
        let (
            Data::Date {
                year: y1,
                month: m1,
                day: d1,
            },
            Data::Date {
                year: y2,
                month: m2,
                day: d2,
            },
        ) = (&self.data, &other.data)
        else {
            return false;
        };
        let differs =
            |a: Option<i64>, b: Option<i64>| matches!((a, b), (Some(a), Some(b)) if a != b);
        differs(y1.map(i64::from), y2.map(i64::from))
            || differs(m1.map(i64::from), m2.map(i64::from))
            || (m1 == m2 && differs(d1.map(i64::from), d2.map(i64::from)))
    }

    /// How many date parts both give.
    fn date_parts_shared(&self, other: &Value) -> usize {
        match (&self.data, &other.data) {
            (
                Data::Date {
                    year: y1,
                    month: m1,
                    day: d1,
                },
                Data::Date {
                    year: y2,
                    month: m2,
                    day: d2,
                },
            ) => {
                usize::from(y1.is_some() && y2.is_some())
                    + usize::from(m1.is_some() && m2.is_some())
                    + usize::from(d1.is_some() && d2.is_some() && m1 == m2)
            }
            _ => 0,
        }
    }

    /// True when a difference between `self` and `other` is meaningful: same kind; for
    /// numbers both shares or both not, both sums or both not, and of one order of
    /// magnitude (8 million jobs in a country and 1,200 in a company are not one count)
    /// unless only the scale word differs (`1.9 million`, `1.9 billion`); for dates at
    /// least one part in common.
    pub fn comparable(&self, other: &Value) -> bool {
        match (&self.data, &other.data) {
            (
                Data::Number {
                    percent: p,
                    money: m,
                    value: a,
                    ..
                },
                Data::Number {
                    percent: q,
                    money: n,
                    value: b,
                    ..
                },
            ) => p == q && m == n && (near(*a, *b) || same_digits(*a, *b)),
            (Data::Date { .. }, Data::Date { .. }) => self.date_parts_shared(other) > 0,
            (Data::Name(_), Data::Name(_)) => true,
            _ => false,
        }
    }
}

/// Ratio of two numbers beyond which they count different things.
const MAGNITUDES: f64 = 100.0;

/// True when `a` and `b` are within [`MAGNITUDES`] of each other.
fn near(a: f64, b: f64) -> bool {
    let (lo, hi) = (a.abs().min(b.abs()), a.abs().max(b.abs()));
    hi <= MAGNITUDES * lo.max(f64::MIN_POSITIVE) || hi < MAGNITUDES
}

/// True when `a` and `b` write the same significant digits (`1.9 million`, `1.9 billion`).
fn same_digits(a: f64, b: f64) -> bool {
    let digits = |x: f64| {
        let mut x = x.abs();
        if x == 0.0 {
            return 0;
        }
        while x >= 1000.0 {
            x /= 1000.0;
        }
        (x * 1000.0).round() as u64
    };
    digits(a) == digits(b)
}

/// Words of a name that say what someone is, not who.
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "general",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "king",
    "queen",
    "senator",
    "governor",
    "supreme",
    "leader",
    "mullah",
    "sheikh",
    "deputy",
    "foreign",
    "interior",
    "spokesperson",
    "spokesman",
    "chief",
    "s",
];

/// True when every word of the name `a` that is not a title is in `b` (`Putin` in
/// `Vladimir Putin`, `President Obama` in `Barack Obama`; not `United States` in `United
/// Kingdom`).
pub fn within(a: &[String], b: &[String]) -> bool {
    let mut words = a
        .iter()
        .filter(|w| !TITLES.contains(&w.as_str()))
        .peekable();
    words.peek().is_some() && words.all(|w| b.contains(w))
}

/// True when the name `short` is one word spelling the initials of `long`'s words
/// (`ICC`, `International Criminal Court`).
fn acronym(short: &[String], long: &[String]) -> bool {
    let [word] = short else {
        return false;
    };
    long.len() > 1
        && word.chars().count() == long.len()
        && word.chars().zip(long).all(|(c, w)| w.starts_with(c))
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
/// The days of the week, Monday first.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];
const SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("m", 1e6),
    ("k", 1e3),
];
const CURRENCY_WORDS: &[&str] = &[
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "usd", "eur", "afghanis", "rubles",
    "yuan",
];
/// Words before a bare four-digit number that make it a year.
const YEAR_CUES: &[&str] = &[
    "in", "since", "by", "of", "until", "till", "from", "to", "through", "between", "and",
    "before", "after", "during", "early", "mid", "late", "year", "around", "circa", "the", "end",
    "spring", "summer", "autumn", "fall", "winter", "fiscal", "than",
];

/// The month number of a folded word.
pub fn month(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .position(|m| *m == word)
        .or_else(|| {
            MONTH_ABBREVIATIONS
                .iter()
                .position(|m| *m == word && word != "may" && word != "mar")
        })
        .map(|i| i as u8 + 1)
}

/// True for a month or weekday name (never a name of a person or place).
pub fn is_calendar_word(word: &str) -> bool {
    month(word).is_some() || WEEKDAYS.contains(&word)
}

/// The numbers, dates and names of `text`, whose tokens are `tokens`, in order.
pub fn extract(text: &str, tokens: &[Token]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut used = vec![false; tokens.len()];
    dates(text, tokens, &mut used, &mut out);
    numbers(text, tokens, &mut used, &mut out);
    names(text, tokens, &mut used, &mut out);
    out.sort_by_key(|v| v.span.start);
    out
}

/// The integer a token writes in digits, when it is all digits (no separators).
fn digits(token: &Token) -> Option<u64> {
    (token.exact.len() <= 15 && token.exact.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.exact.parse().ok())
        .flatten()
}

/// True when the byte `at` of `text` lies in a web address or path written as one run
/// of non-space characters (`http://…/LICENSE-2.0`, `www.gnu.org/licenses/gpl-3.0`).
fn in_address(text: &str, at: usize) -> bool {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    let run = &text[start..end];
    run.contains("://") || run.starts_with("www.") || run.contains(".org/") || run.contains(".com/")
}

/// The text between tokens `a` and `b`.
fn gap<'t>(text: &'t str, tokens: &[Token], a: usize, b: usize) -> &'t str {
    &text[tokens[a].span.end..tokens[b].span.start]
}

fn dates(text: &str, tokens: &[Token], used: &mut [bool], out: &mut Vec<Value>) {
    let day_of = |i: usize| {
        digits(&tokens[i])
            .filter(|d| (1..=31).contains(d))
            .map(|d| d as u8)
    };
    let year_of = |i: usize, cue: bool| {
        let t = &tokens[i];
        let after = &text[t.span.end..];
        let plain = t.exact.len() == 4 && !after.starts_with(['%', ',', '.'].as_slice())
            || after.starts_with(", ")
            || after.starts_with(". ")
            || after == "."
            || after.starts_with(".\n")
            || after.starts_with(",\n");
        digits(t)
            .filter(|y| (1000..=2100).contains(y) && t.exact.len() == 4 && plain && cue)
            .map(|y| y as i32)
    };
    let mut i = 0;
    while i < tokens.len() {
        if used[i] {
            i += 1;
            continue;
        }
        if let Some(m) = month(&tokens[i].exact) {
            let capital = text[tokens[i].span.range()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if !capital {
                i += 1;
                continue;
            }
            let (mut first, mut last) = (i, i);
            let mut day = None;
            if i > 0
                && !used[i - 1]
                && gap(text, tokens, i - 1, i).trim().is_empty()
                && let Some(d) = day_of(i - 1)
            {
                day = Some(d);
                first = i - 1;
            }
            let mut year = None;
            let mut j = i + 1;
            if day.is_none()
                && j < tokens.len()
                && gap(text, tokens, i, j).trim().is_empty()
                && let Some(d) = day_of(j)
                && tokens[j].exact.len() <= 2
            {
                day = Some(d);
                last = j;
                j += 1;
            }
            if j < tokens.len()
                && matches!(gap(text, tokens, last, j).trim(), "" | "," | "of")
                && let Some(y) = year_of(j, true)
            {
                year = Some(y);
                last = j;
            }
            if !MONTHS.contains(&tokens[i].exact.as_str()) && day.is_none() && year.is_none() {
                i += 1;
                continue;
            }
            push(
                out,
                used,
                tokens,
                first,
                last,
                Kind::Date,
                Data::Date {
                    year,
                    month: Some(m),
                    day,
                },
            );
            i = last + 1;
            continue;
        }
        let cue = i > 0
            && (YEAR_CUES.contains(&tokens[i - 1].exact.as_str())
                || gap(text, tokens, i - 1, i).trim() == "-" && tokens[i - 1].exact == "mid")
            || i == 0;
        if let Some(y) = year_of(i, cue) {
            push(
                out,
                used,
                tokens,
                i,
                i,
                Kind::Date,
                Data::Date {
                    year: Some(y),
                    month: None,
                    day: None,
                },
            );
        }
        i += 1;
    }
}

fn push(
    out: &mut Vec<Value>,
    used: &mut [bool],
    tokens: &[Token],
    first: usize,
    last: usize,
    kind: Kind,
    data: Data,
) {
    for u in &mut used[first..=last] {
        *u = true;
    }
    out.push(Value {
        kind,
        span: Span::new(tokens[first].span.start, tokens[last].span.end),
        tokens: (first, last),
        data,
    });
}

fn numbers(text: &str, tokens: &[Token], used: &mut [bool], out: &mut Vec<Value>) {
    let scale = |w: &str| SCALES.iter().find(|(s, _)| *s == w).map(|&(_, v)| v);
    let unit = |w: &str| UNITS.iter().find(|(s, _)| *s == w).map(|&(_, v)| v);
    let mut i = 0;
    while i < tokens.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let t = &tokens[i];
        let before = &text[..t.span.start];
        let (first, mut last, mut value) = if let Some(n) = digits(t) {
            // Part of a name (`G-20`), a ratio or date (`9/11`), a code: not a number.
            let glued = before.ends_with(|c: char| c.is_alphabetic() || c == '/')
                || before.ends_with('-')
                    && before[..before.len() - 1].ends_with(char::is_alphabetic)
                || text[t.span.end..].starts_with('/')
                || in_address(text, t.span.start);
            if glued {
                // The rest of the code goes with it (`LICENSE-2.0`: not a `0`).
                i += 1;
                while i < tokens.len() && matches!(gap(text, tokens, i - 1, i), "." | "," | "-") {
                    i += 1;
                }
                continue;
            }
            let mut last = i;
            let mut value = n as f64;
            // Thousands separators: `1,400`, `2,000,000`.
            while last + 1 < tokens.len()
                && gap(text, tokens, last, last + 1) == ","
                && tokens[last + 1].exact.len() == 3
                && digits(&tokens[last + 1]).is_some()
            {
                last += 1;
                value = value * 1000.0 + digits(&tokens[last]).unwrap_or(0) as f64;
            }
            // Decimals: `1.9`, `2.42`.
            if last + 1 < tokens.len()
                && gap(text, tokens, last, last + 1) == "."
                && let Some(d) = digits(&tokens[last + 1])
            {
                last += 1;
                value += d as f64 / 10f64.powi(tokens[last].exact.len() as i32);
            }
            (i, last, value)
        } else if let Some(u) = unit(&t.exact).or_else(|| {
            scale(&t.exact).filter(|_| t.exact.len() > 2 && i > 0 && tokens[i - 1].exact == "a")
        }) {
            let mut last = i;
            let mut value = scale(&t.exact).unwrap_or(u);
            // `twenty-one`, `ninety nine`.
            if (20.0..100.0).contains(&value)
                && last + 1 < tokens.len()
                && let Some(v) = unit(&tokens[last + 1].exact).filter(|v| *v < 10.0)
                && matches!(gap(text, tokens, last, last + 1), "-" | " ")
            {
                last += 1;
                value += v;
            }
            // `one` is a number before a scale word or a noun, not in `the one from`.
            if t.exact == "one"
                && !(last + 1 < tokens.len() && scale(&tokens[last + 1].exact).is_some())
                && tokens
                    .get(i + 1)
                    .is_none_or(|next| super::words::is_stopword(&next.exact))
            {
                i += 1;
                continue;
            }
            (i, last, value)
        } else {
            i += 1;
            continue;
        };
        // Scale words: `1.9 million`, `five hundred thousand`, `$2.42bn`.
        while last + 1 < tokens.len()
            && matches!(gap(text, tokens, last, last + 1), " " | "")
            && let Some(s) = scale(&tokens[last + 1].exact)
            && (tokens[last + 1].exact.len() > 2 || gap(text, tokens, last, last + 1).is_empty())
        {
            last += 1;
            value *= s;
        }
        let mut end = tokens[last].span.end;
        let after = &text[end..];
        let mut percent = false;
        if after.starts_with('%') {
            percent = true;
            end += 1;
        } else if last + 1 < tokens.len() && tokens[last + 1].exact == "percent" {
            percent = true;
            last += 1;
            end = tokens[last].span.end;
        } else if last + 2 < tokens.len()
            && tokens[last + 1].exact == "per"
            && tokens[last + 2].exact == "cent"
        {
            percent = true;
            last += 2;
            end = tokens[last].span.end;
        }
        let mut start = tokens[first].span.start;
        let mut money = false;
        if let Some(sign) = text[..start].chars().next_back()
            && matches!(sign, '$' | '€' | '£' | '¥')
        {
            money = true;
            start -= sign.len_utf8();
        }
        if last + 1 < tokens.len() && CURRENCY_WORDS.contains(&tokens[last + 1].exact.as_str()) {
            money = true;
        }
        let (qualifier, qualified) = bounded(text, tokens, first, start);
        for u in &mut used[qualified.0..=last] {
            *u = true;
        }
        out.push(Value {
            kind: Kind::Number,
            span: Span::new(start, end),
            tokens: (first, last),
            data: Data::Number {
                value,
                percent,
                money,
                qualifier,
                qualified,
            },
        });
        i = last + 1;
    }
}

/// The qualifier of the number whose first token is `first` and first byte `start`: the
/// words just before it (`more than`, `over`, `nearly`; `more than a billion`), with its
/// first token and byte; the number itself when there are none.
fn bounded(
    text: &str,
    tokens: &[Token],
    first: usize,
    start: usize,
) -> (Qualifier, (usize, usize)) {
    let adjoining = |k: usize, end: usize| {
        text[tokens[k].span.end..end]
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '$' | '€' | '£' | '¥'))
    };
    let mut k = first;
    let mut end = start;
    // `more than a billion dollars`: the article belongs to the number.
    if k > 0 && matches!(tokens[k - 1].exact.as_str(), "a" | "an") && adjoining(k - 1, end) {
        k -= 1;
        end = tokens[k].span.start;
    }
    let mut before: Vec<&str> = Vec::new();
    let mut j = k;
    while j > 0
        && before.len() < 3
        && adjoining(j - 1, if j == k { end } else { tokens[j].span.start })
    {
        j -= 1;
        before.insert(0, tokens[j].exact.as_str());
    }
    match bounds::qualifier(&before) {
        Some((q, n)) => {
            let from = k - n;
            (q, (from, tokens[from].span.start))
        }
        None => (Qualifier::Exact, (first, start)),
    }
}

fn names(text: &str, tokens: &[Token], used: &mut [bool], out: &mut Vec<Value>) {
    let capital = |i: usize| {
        let word = &text[tokens[i].span.range()];
        word.chars().next().is_some_and(char::is_uppercase)
            && !word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) | (word.len() <= 5)
    };
    let starts_sentence = |i: usize| {
        let before = text[..tokens[i].span.start]
            .trim_end_matches(['“', '"', '‘', '\'', '(', '['])
            .trim_end();
        // `Mr. Smith`, `Gen. Haqqani`: a title's period does not end a sentence.
        if let Some(title) = before.strip_suffix('.')
            && super::sentences::abbreviation(title)
        {
            return false;
        }
        // `one country—Russia—has`: a dash set close is inside the sentence.
        let close_dash = text[..tokens[i].span.start].ends_with('—');
        before
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '…' | '—' | '”'))
            && !close_dash
    };
    let mut i = 0;
    while i < tokens.len() {
        let name_word = |k: usize| {
            !used[k]
                && capital(k)
                && !super::words::is_stopword(&tokens[k].exact)
                && !is_calendar_word(&tokens[k].exact)
                && tokens[k].exact.chars().any(char::is_alphabetic)
        };
        if !name_word(i) {
            i += 1;
            continue;
        }
        let mut last = i;
        while last + 1 < tokens.len()
            && name_word(last + 1)
            && matches!(gap(text, tokens, last, last + 1), " " | "-")
        {
            last += 1;
        }
        if starts_sentence(i) && last == i {
            i += 1;
            continue;
        }
        let words = tokens[i..=last].iter().map(|t| t.exact.clone()).collect();
        push(out, used, tokens, i, last, Kind::Name, Data::Name(words));
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    fn values(text: &str) -> Vec<(String, Data)> {
        let tokens = analysis::tokens(text);
        extract(text, &tokens)
            .into_iter()
            .map(|v| (text[v.span.range()].to_string(), v.data))
            .collect()
    }

    fn number(text: &str) -> (String, f64, bool, bool) {
        let tokens = analysis::tokens(text);
        extract(text, &tokens)
            .into_iter()
            .find_map(|v| match v.data {
                Data::Number {
                    value,
                    percent,
                    money,
                    ..
                } => Some((text[v.span.range()].to_string(), value, percent, money)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no number in {text:?}"))
    }

    #[test]
    fn numbers_in_their_written_forms() {
        // Text, the number as written, its value, percent, currency.
        let cases: [(&str, &str, f64, bool, bool); 10] = [
            ("about 1,400 people", "1,400", 1400.0, false, false),
            (
                "some 1.9 million refugees",
                "1.9 million",
                1.9e6,
                false,
                false,
            ),
            ("rose 45% in a year", "45%", 45.0, true, false),
            ("rose 45 percent", "45 percent", 45.0, true, false),
            ("rose 45 per cent", "45 per cent", 45.0, true, false),
            ("a $2.42 billion fund", "$2.42 billion", 2.42e9, false, true),
            ("five trips", "five", 5.0, false, false),
            ("ninety-nine trips", "ninety-nine", 99.0, false, false),
            ("a thousand people", "thousand", 1000.0, false, false),
            ("two million Americans", "two million", 2e6, false, false),
        ];
        for (text, written, value, percent, currency) in cases {
            assert_eq!(
                number(text),
                (written.to_string(), value, percent, currency),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_in_their_written_forms() {
        let date = |y: Option<i32>, m: Option<u8>, d: Option<u8>| Data::Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(
            values("on July 8, 2025, they")[0],
            ("July 8, 2025".into(), date(Some(2025), Some(7), Some(8)))
        );
        assert_eq!(
            values("on 8 July 2025 they")[0],
            ("8 July 2025".into(), date(Some(2025), Some(7), Some(8)))
        );
        assert_eq!(
            values("the move in August")[0],
            ("August".into(), date(None, Some(8), None))
        );
        assert_eq!(
            values("made trips in 2025.")[0],
            ("2025".into(), date(Some(2025), None, None))
        );
        assert_eq!(
            values("since mid-2025 it")[0],
            ("2025".into(), date(Some(2025), None, None))
        );
    }

    #[test]
    fn numbers_in_addresses_and_codes_are_not_values() {
        for text in [
            "See http://www.apache.org/licenses/LICENSE-2.0 for details.",
            "Read www.gnu.org/licenses/gpl-3.0.html today.",
            "It is LICENSE-2.0 here.",
        ] {
            let numbers: Vec<String> = values(text)
                .into_iter()
                .filter(|(_, d)| matches!(d, Data::Number { .. }))
                .map(|(w, _)| w)
                .collect();
            assert!(numbers.is_empty(), "{text}: {numbers:?}");
        }
        assert_eq!(values("Version 2.0 of 2004").len(), 2);
    }

    #[test]
    fn names_numbers_and_codes_are_told_apart() {
        let found = values("Taliban spokesperson Zabihullah Mujahid met the G-20 on 9/11 in May.");
        let shown: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(shown, ["Zabihullah Mujahid", "G", "May"]);
        assert!(values("You may go.").is_empty());
        assert!(values("the one from the last decade").is_empty());
        assert_eq!(number("one year ago"), ("one".into(), 1.0, false, false));
    }

    proptest::proptest! {
        #[test]
        fn values_lie_inside_the_text_on_character_boundaries(
            text in "[a-zA-Z0-9 ,.$%€/\\-é’“”]{0,60}"
        ) {
            let tokens = analysis::tokens(&text);
            for v in extract(&text, &tokens) {
                proptest::prop_assert!(v.span.end <= text.len() && v.span.start < v.span.end);
                proptest::prop_assert!(text.get(v.span.range()).is_some());
            }
        }
    }

    #[test]
    fn numbers_carry_the_words_that_bound_them() {
        let v = |text: &str| {
            let tokens = analysis::tokens(text);
            let v = extract(text, &tokens).remove(0);
            let Data::Number { qualifier, .. } = v.data else {
                panic!("no number in {text:?}")
            };
            (text[v.written().range()].to_string(), qualifier)
        };
        for (text, written, qualifier) in [
            ("closed for over 1,400 days", "over 1,400", Qualifier::Above),
            (
                "spent more than a billion dollars",
                "more than a billion",
                Qualifier::Above,
            ),
            (
                "invest almost $100 billion",
                "almost $100 billion",
                Qualifier::Nearly,
            ),
            ("no more than 5 days", "no more than 5", Qualifier::AtMost),
            ("for 3 years", "3", Qualifier::Exact),
        ] {
            assert_eq!(v(text), (written.to_string(), qualifier), "{text}");
        }
        let n = |text: &str| {
            let tokens = analysis::tokens(text);
            extract(text, &tokens).remove(0)
        };
        assert!(n("more than 1,000").states(&n("over 1,400")));
        assert!(!n("1,000").agrees(&n("over 1,400")));
        assert!(n("more than 1,450").agrees(&n("over 1,400")));
        assert!(!n("more than 1,450").states(&n("over 1,400")));
        assert!(n("1.9 million").states(&n("1,900,000")));
    }

    #[test]
    fn dates_compare_by_the_parts_both_give() {
        let v = |text: &str| {
            let tokens = analysis::tokens(text);
            extract(text, &tokens).remove(0)
        };
        assert!(v("in July 2025").agrees(&v("on July 3")));
        assert!(v("in August").date_differs(&v("in July")));
        assert!(!v("in 2025").comparable(&v("in July")));
        assert!(v("in 2021").date_differs(&v("in 2020")));
        assert!(!v("8 million jobs").comparable(&v("1,200 jobs")));
        assert!(v("1.9 million people").comparable(&v("1.9 billion people")));
        assert!(v("99 trips").comparable(&v("120 trips")));
        assert!(v("5 years").comparable(&v("2 years")));
    }
}
