//! The stance of a piece of text towards a claim: how much of the claim's frame it covers,
//! and whether the values, polarity and comparisons it shares with the claim agree.

use super::agents::{fit_roles, name_conflict, proper_name};
use super::bounds::Qualifier;
use super::roles;
use super::values::{self, Data, Kind, Value};
use super::words::{self, Keys};
use crate::analysis::{self, Token};
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// Least share of the claim's frame a supporting text covers.
pub const SUPPORT_COVERAGE: f64 = 0.75;
/// Least share of the claim's frame two adjacent sentences together cover to support it.
pub const PAIR_SUPPORT_COVERAGE: f64 = 0.9;
/// Least share of the claim's other words (those not in conflict) a contradicting text covers.
pub const CONTRADICT_COVERAGE: f64 = 0.6;
/// Least share of the claim's frame a related text covers.
pub const RELATED_COVERAGE: f64 = 0.35;
/// Tokens from a date within which the claim's predicate makes it the claim's event's.
const DATE_REACH: usize = 10;
/// Tokens on each side of a value that make its role.
const ROLE_TOKENS: usize = 6;
/// Tokens after a hedge within which it makes words uncertain.
const HEDGE_REACH: usize = 3;
/// Tokens after a number that say what it counts.
const UNIT_TOKENS: usize = 3;
/// Content words after a negation that it denies, at most (the first, and the one after
/// it when the first is an adverb).
const NEGATION_SCOPE: usize = 2;
/// Tokens after a negation within which it denies content words.
const NEGATION_REACH: usize = 3;
/// Tokens from a matched claim word within which a comparison word counts.
const COMPARISON_REACH: usize = 4;

/// What a piece of text says about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// It says what the claim says.
    Supports,
    /// It addresses the same thing, but a value differs.
    Contradicts,
    /// On topic, but neither.
    Related,
}

/// A text broken into what check compares: tokens, their keys, values and polarity.
#[derive(Clone)]
pub struct Analysed {
    /// The text.
    pub text: String,
    /// The tokens (spans relative to the text).
    pub tokens: Vec<Token>,
    /// The comparison key of each token.
    pub keys: Vec<String>,
    /// Whether each token is a content word (not a function word, negation or number/date).
    pub content: Vec<bool>,
    /// Whether each token is part of a number or date, with the words bounding a number.
    pub in_value: Vec<bool>,
    /// Whether each token is denied by a negation before it.
    pub negated: Vec<bool>,
    /// Tokens that are negations.
    pub negations: Vec<bool>,
    /// Whether each token follows a hedge (`may`, `plans to`, `refusal to`) closely.
    pub hedged: Vec<bool>,
    /// Numbers, dates and names.
    pub values: Vec<Value>,
    /// Its first word when capitalised and not otherwise a value (`Trump stopped …`): a
    /// name when its document never writes it in lower case (see [`Analysed::with_opener`]).
    pub opener: Option<Value>,
}

impl Analysed {
    /// Analyses `text`.
    pub fn new(text: &str, keys: &mut Keys) -> Analysed {
        let tokens = words::join_initials(text, analysis::tokens(text));
        let values = values::extract(text, &tokens);
        let mut in_value = vec![false; tokens.len()];
        for v in values.iter().filter(|v| v.kind != Kind::Name) {
            for flag in &mut in_value[v.first_token()..=v.tokens.1] {
                *flag = true;
            }
        }
        let negations: Vec<bool> = (0..tokens.len())
            .map(|i| words::is_negation(&tokens, i, text))
            .collect();
        let key_of = |keys: &mut Keys, t: &Token| match words::comparison(&t.exact) {
            Some(d) => d.to_string(),
            None => keys.key(t),
        };
        let token_keys: Vec<String> = tokens.iter().map(|t| key_of(keys, t)).collect();
        let content: Vec<bool> = (0..tokens.len())
            .map(|i| {
                let contraction = i > 0 && negations[i - 1] && tokens[i].exact == "t";
                let wordless = !tokens[i].exact.chars().any(char::is_alphabetic);
                !(in_value[i]
                    || negations[i]
                    || contraction
                    || wordless
                    || words::is_stopword(&tokens[i].exact)
                    || words::is_bound(&tokens, i, &in_value)
                    || words::is_copula(&tokens, i))
            })
            .collect();
        let mut negated = vec![false; tokens.len()];
        for i in (0..tokens.len()).filter(|&i| negations[i]) {
            let mut left = NEGATION_SCOPE;
            let mut j = i + 1;
            while j < tokens.len() && j <= i + NEGATION_REACH && left > 0 {
                if text[tokens[j - 1].span.end..tokens[j].span.start]
                    .contains([',', ';', ':', '—', '(', ')', '.'])
                {
                    break;
                }
                if content[j] {
                    negated[j] = true;
                    // `not formally recognised`: past an adverb, the verb is denied too.
                    left = if tokens[j].exact.ends_with("ly") {
                        left - 1
                    } else {
                        0
                    };
                }
                j += 1;
            }
        }
        let hedged = (0..tokens.len())
            .map(|j| {
                (j.saturating_sub(HEDGE_REACH)..j).any(|k| {
                    words::is_hedge(&tokens[k].exact)
                        && !text[tokens[k].span.end..tokens[j].span.start]
                            .contains([',', ';', ':', '.', '—'])
                })
            })
            .collect();
        let opener = tokens
            .first()
            .filter(|t| {
                text[t.span.range()].starts_with(char::is_uppercase)
                    && t.exact.chars().all(char::is_alphabetic)
                    && !words::is_stopword(&t.exact)
                    && !values::is_calendar_word(&t.exact)
                    && !values.iter().any(|v| v.tokens.0 == 0)
            })
            .map(|t| Value {
                kind: Kind::Name,
                span: t.span,
                tokens: (0, 0),
                data: values::Data::Name(vec![t.exact.clone()]),
            });
        Analysed {
            opener,
            text: text.to_string(),
            tokens,
            keys: token_keys,
            content,
            in_value,
            negated,
            negations,
            hedged,
            values,
        }
    }

    /// The analysis with its opening word taken as a name, when it has one and `document`
    /// never writes it in lower case, and (when `named`) writes it as a name inside a
    /// sentence (`Akhundzada leads …`); None when nothing changes.
    fn with_opener(&self, document: &Document, named: bool) -> Option<Analysed> {
        let name = self.opener.as_ref()?;
        let token = &self.tokens[name.tokens.0];
        if (document.common)(&token.exact) || (named && !(document.named)(&token.exact)) {
            return None;
        }
        let mut named = self.clone();
        named.values.insert(0, name.clone());
        Some(named)
    }

    /// The keys of the content words within [`ROLE_TOKENS`] of a value: what it is about.
    fn role(&self, value: &Value) -> HashSet<&str> {
        let (first, last) = (value.first_token(), value.tokens.1);
        let from = first.saturating_sub(ROLE_TOKENS);
        let to = (last + ROLE_TOKENS + 1).min(self.tokens.len());
        (from..to)
            .filter(|&i| (i < first || i > last) && self.content[i])
            .map(|i| self.keys[i].as_str())
            .collect()
    }

    /// The keys of the content words just after a number (within [`UNIT_TOKENS`]): what it
    /// counts (`99 foreign trips`, `20 million students`).
    /// In a range (`five to seven million families`) the unit follows the last number.
    fn unit(&self, value: &Value) -> HashSet<&str> {
        let mut last = value.tokens.1;
        while let Some(next) = self.values.iter().find(|v| {
            v.kind == Kind::Number
                && v.tokens.0 > last
                && v.tokens.0 <= last + 2
                && (last + 1..v.tokens.0)
                    .all(|i| matches!(self.tokens[i].exact.as_str(), "to" | "or" | "and"))
        }) {
            last = next.tokens.1;
        }
        let to = (last + UNIT_TOKENS + 1).min(self.tokens.len());
        // `20 percent more than`: a direction is not what is counted.
        (last + 1..to)
            .filter(|&i| self.content[i] && words::comparison(&self.tokens[i].exact).is_none())
            .map(|i| self.keys[i].as_str())
            .collect()
    }
}

/// One word of a claim's frame: its key and how much it weighs.
#[derive(Debug, Clone)]
pub struct FrameWord {
    /// The comparison key.
    pub key: String,
    /// Its weight (inverse document frequency, less for reporting words).
    pub weight: f64,
}

/// A claim prepared for judging texts.
pub struct Claim {
    /// The claim's text.
    pub text: String,
    /// Its analysis.
    pub analysed: Analysed,
    /// Its distinct content words.
    pub frame: Vec<FrameWord>,
}

impl Claim {
    /// The claim `text`, its content words weighted by `weight` (of a token's index stem).
    pub fn new(text: &str, keys: &mut Keys, weight: impl Fn(&Token) -> f64) -> Claim {
        let analysed = Analysed::new(text, keys);
        let mut frame: Vec<FrameWord> = Vec::new();
        for (i, token) in analysed.tokens.iter().enumerate() {
            if !analysed.content[i] || frame.iter().any(|f| f.key == analysed.keys[i]) {
                continue;
            }
            let key = analysed.keys[i].clone();
            let mut w = weight(token);
            if key == words::REPORTING_GROUP {
                w *= words::REPORTING_WEIGHT;
            }
            frame.push(FrameWord { key, weight: w });
        }
        Claim {
            text: text.to_string(),
            analysed,
            frame,
        }
    }

    /// The frame's keys.
    pub fn keys(&self) -> HashSet<&str> {
        self.frame.iter().map(|f| f.key.as_str()).collect()
    }
}

/// One difference between a claim and a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The kind of value that differs.
    pub kind: Kind,
    /// The claim's bytes (in the claim).
    pub claim: Span,
    /// The text's bytes (in the text).
    pub source: Span,
}

/// How a text bears on a claim.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// Its stance; None when it does not bear on the claim.
    pub stance: Option<Stance>,
    /// Share of the claim's frame it covers (weighted), 0..=1.
    pub coverage: f64,
    /// Claim values it states the same.
    pub agreed: usize,
    /// Bytes (in the text) of the claim's words and agreeing values.
    pub highlights: Vec<Span>,
    /// Values that differ, for a contradiction.
    pub differences: Vec<Difference>,
}

impl Judgement {
    /// A score to rank evidence by: coverage, then agreeing values.
    pub fn score(&self) -> f64 {
        self.coverage + 0.05 * self.agreed as f64
    }
}

/// What judging a text may ask of its whole document.
pub struct Document<'a> {
    /// Whether it holds a (folded) word anywhere.
    pub has: &'a dyn Fn(&str) -> bool,
    /// Whether it writes a (folded) word in lower case somewhere, or the word with a short
    /// ending: a capitalised word it also writes so (`License`, `Licensor`) is a heading or
    /// a term, not a rival name.
    pub common: &'a dyn Fn(&str) -> bool,
    /// Whether it writes a (folded) word capitalised inside a sentence, as a name.
    pub named: &'a dyn Fn(&str) -> bool,
}

/// Judges a text (analysed as `window`) of `document` against `claim`.
pub fn judge(claim: &Claim, window: &Analysed, document: &Document) -> Judgement {
    let common = document.common;
    let named_claim = claim.analysed.with_opener(document, true);
    let ca = named_claim.as_ref().unwrap_or(&claim.analysed);
    let named_window = window.with_opener(document, true);
    let window = named_window.as_ref().unwrap_or(window);
    let total: f64 = claim.frame.iter().map(|f| f.weight).sum();
    let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, key) in window.keys.iter().enumerate() {
        if window.content[i] {
            at.entry(key.as_str()).or_default().push(i);
        }
    }
    let coverage_without = |skip: &HashSet<&str>| {
        let total: f64 = claim
            .frame
            .iter()
            .filter(|f| !skip.contains(f.key.as_str()))
            .map(|f| f.weight)
            .sum();
        let covered: f64 = claim
            .frame
            .iter()
            .filter(|f| !skip.contains(f.key.as_str()) && at.contains_key(f.key.as_str()))
            .map(|f| f.weight)
            .sum();
        if total > 0.0 { covered / total } else { 0.0 }
    };
    let coverage = if total > 0.0 {
        coverage_without(&HashSet::new())
    } else {
        0.0
    };
    let mut highlights: Vec<Span> = claim
        .frame
        .iter()
        .filter_map(|f| at.get(f.key.as_str()))
        .flatten()
        .map(|&i| window.tokens[i].span)
        .collect();

    let mut differences = Vec::new();
    let mut conflict_keys: HashSet<&str> = HashSet::new();
    let mut agreed = 0;
    let mut unaddressed = 0;
    // Claim numbers that a text's number overlaps without stating (`over 1,400` for `more
    // than 1,500`): they keep it from supporting.
    let mut partial = 0;
    let predicate = roles::predicate(ca);
    // A date of the text is the claim's event's only with the claim's predicate (or its
    // synonym) near it, in its clause: `in December 2023 became` is not `recognised in 2025`.
    let of_event = |v: &Value| match predicate {
        Some(p) if v.kind == Kind::Date => at.get(ca.keys[p].as_str()).is_some_and(|places| {
            places.iter().any(|&j| {
                let (a, b) = if j < v.tokens.0 {
                    (j, v.tokens.0)
                } else {
                    (v.tokens.1, j)
                };
                b - a <= DATE_REACH && !roles::boundary(window, a, b)
            })
        }),
        _ => true,
    };
    for cv in &ca.values {
        let same_kind: Vec<&Value> = window.values.iter().filter(|v| v.kind == cv.kind).collect();
        let unit = ca.unit(cv);
        let same_unit = |v: &Value| {
            let theirs = window.unit(v);
            cv.kind != Kind::Number
                || unit.is_empty()
                || theirs.is_empty()
                || !unit.is_disjoint(&theirs)
        };
        // A bound (`fewer than 40`) holds for many numbers: only one of the same thing
        // states it.
        let bounded = matches!(
            cv.data,
            Data::Number { qualifier, .. } if qualifier != Qualifier::Exact
        );
        if let Some(v) = same_kind
            .iter()
            .find(|v| cv.states(v) && (!bounded || same_unit(v)))
        {
            agreed += usize::from(cv.kind != Kind::Name);
            highlights.push(v.written());
            continue;
        }
        if cv.kind == Kind::Name {
            continue;
        }
        // `in 2025` neither states nor denies `in August 2025`.
        if same_kind.iter().any(|v| cv.agrees(v)) {
            unaddressed += 1;
            let overlapping = |v: &&&Value| cv.agrees(v) && cv.comparable(v);
            if cv.kind == Kind::Number && same_kind.iter().any(|v| overlapping(&v)) {
                partial += 1;
            }
            continue;
        }
        let role = ca.role(cv);
        // A date is often further from its verb than a number from its noun: with the frame
        // covered, one shared word places it.
        let need = if cv.kind == Kind::Date && coverage >= SUPPORT_COVERAGE {
            1
        } else {
            role.len().min(2)
        };
        let best = same_kind
            .iter()
            .filter(|v| cv.comparable(v) && !cv.agrees(v) && same_unit(v) && of_event(v))
            .map(|v| (v, role.intersection(&window.role(v)).count()))
            .filter(|&(_, shared)| shared >= need && shared > 0)
            .max_by_key(|&(_, shared)| shared);
        match best {
            Some((v, _)) => differences.push(Difference {
                kind: cv.kind,
                claim: cv.written(),
                source: v.written(),
            }),
            None => unaddressed += 1,
        }
    }
    // A text that gives none of most of the claim's values is about something else.
    if unaddressed > agreed + differences.len() {
        differences.clear();
    }
    let measured = ca.values.iter().any(|v| v.kind != Kind::Name);
    let specifics_agree = (!measured || agreed > 0) && partial == 0;
    let proper = |a: &Analysed, v: &Value| proper_name(a, v, common);
    let fitted = predicate.map(|p| fit_roles(ca, p, window, &at, &proper));
    // A text that names another of the claim's name's kind (`GNU General Public License`
    // for `GNU Free Documentation License`), in a document that never names the claim's,
    // gives its values of something else.
    let unnamed = ca.values.iter().any(|cv| {
        let Data::Name(ours) = &cv.data else {
            return false;
        };
        let kin = |v: &Value| match &v.data {
            Data::Name(theirs) => {
                theirs.iter().any(|w| ours.contains(w)) && !roles::same_name(ca, cv, window, v)
            }
            _ => false,
        };
        proper(ca, cv)
            && !roles::demonym(ca, cv)
            && window.values.iter().any(kin)
            && !window
                .values
                .iter()
                .any(|v| roles::same_name(ca, cv, window, v))
            && !ours.iter().all(|w| (document.has)(w))
    });
    // Another doer or another object of the claim's predicate: another event, whose
    // values are its own.
    // An opening word that the document does not name elsewhere (`China` in an article
    // on Moscow; `Moscow recognised …` said once) still tells another doer.
    let loose_claim = named_claim
        .is_none()
        .then(|| claim.analysed.with_opener(document, false))
        .flatten();
    let loose_window = named_window
        .is_none()
        .then(|| window.with_opener(document, false))
        .flatten();
    let other_event = fitted.as_ref().is_some_and(|f| f.other_event)
        || ((loose_claim.is_some() || loose_window.is_some())
            && predicate.is_some_and(|p| {
                let a = loose_claim.as_ref().unwrap_or(ca);
                let w = loose_window.as_ref().unwrap_or(window);
                fit_roles(a, p, w, &at, &proper).other_event
            }));
    if unnamed || other_event {
        differences.clear();
    }
    if let Some(conflict) = fitted.as_ref().and_then(|f| f.conflict) {
        name_conflict(
            ca,
            window,
            document,
            conflict,
            &coverage_without,
            &mut differences,
            &mut conflict_keys,
        );
    }
    // Polarity and direction flip a text that would otherwise support the claim.
    if coverage >= SUPPORT_COVERAGE && specifics_agree {
        negation_conflicts(claim, window, &at, &mut differences, &mut conflict_keys);
    }
    let directions: HashSet<&str> = claim
        .frame
        .iter()
        .map(|f| f.key.as_str())
        .filter(|k| polar_key(ca, k))
        .collect();
    if coverage_without(&directions) >= SUPPORT_COVERAGE && specifics_agree {
        comparison_conflicts(claim, window, &at, &mut differences, &mut conflict_keys);
    }

    let frame_share = coverage_without(&conflict_keys);
    let others: Vec<&FrameWord> = claim
        .frame
        .iter()
        .filter(|f| !conflict_keys.contains(f.key.as_str()))
        .collect();
    let others_covered = others
        .iter()
        .filter(|f| at.contains_key(f.key.as_str()))
        .count();
    // Most of the other words by weight and by count: rare words alone are not a frame.
    let same_frame = frame_share >= CONTRADICT_COVERAGE
        && others_covered as f64 > CONTRADICT_COVERAGE * others.len() as f64;
    // The text hedges a claim word the claim states plainly: it may, plans to, refuses to.
    let hedged = claim.frame.iter().any(|f| {
        f.key != words::REPORTING_GROUP
            && at.get(f.key.as_str()).is_some_and(|places| {
                places.iter().all(|&j| window.hedged[j])
                    && (0..ca.tokens.len()).any(|i| ca.keys[i] == f.key && !ca.hedged[i])
            })
    });
    // The text states the claim's predicate only as a condition (`unless … that patent
    // license was granted`), which the claim states plainly.
    let conditional = predicate.is_some_and(|p| {
        !roles::conditional(ca, p)
            && at
                .get(ca.keys[p].as_str())
                .is_some_and(|places| places.iter().all(|&j| roles::conditional(window, j)))
    });
    // Every name of the claim stands in the text, and in the roles of the claim's
    // predicate there, no other.
    let names_there = || {
        ca.values.iter().filter(|v| v.kind == Kind::Name).all(|cv| {
            window
                .values
                .iter()
                .any(|v| roles::same_name(ca, cv, window, v))
        }) && fitted.as_ref().is_none_or(|f| f.compatible)
    };
    // Every content word of the claim is in the text (reporting words aside).
    let all_covered = claim
        .frame
        .iter()
        .all(|f| f.key == words::REPORTING_GROUP || at.contains_key(f.key.as_str()));
    let stance = if !differences.is_empty() && same_frame {
        Some(Stance::Contradicts)
    } else if differences.is_empty()
        && coverage >= SUPPORT_COVERAGE
        && all_covered
        && specifics_agree
        && !hedged
        && !conditional
        && !swapped(ca, window)
        && names_there()
    {
        Some(Stance::Supports)
    } else if coverage >= RELATED_COVERAGE {
        Some(Stance::Related)
    } else {
        None
    };
    if stance != Some(Stance::Contradicts) {
        differences.clear();
    }
    Judgement {
        stance,
        coverage,
        agreed,
        highlights: crate::span::merge(highlights),
        differences,
    }
}

/// True when two numbers of the claim stand in the text in the other order, near each
/// other: their roles are swapped (`2 in favour, 116 against` for `116 in favour, 2 against`).
fn swapped(ca: &Analysed, window: &Analysed) -> bool {
    let numbers: Vec<&Value> = ca
        .values
        .iter()
        .filter(|v| v.kind == Kind::Number)
        .collect();
    let place = |cv: &Value| {
        window
            .values
            .iter()
            .filter(|v| v.kind == Kind::Number && cv.states(v))
            .map(|v| v.tokens.0)
            .collect::<Vec<usize>>()
    };
    numbers.iter().enumerate().any(|(k, a)| {
        numbers[k + 1..].iter().any(|b| {
            !a.agrees(b)
                && place(a).iter().all(|&pa| {
                    place(b)
                        .iter()
                        .any(|&pb| pb < pa && pa - pb <= 2 * ROLE_TOKENS)
                })
                && !place(a).is_empty()
        })
    })
}

/// A claim word denied on one side only.
fn negation_conflicts<'c>(
    claim: &'c Claim,
    window: &Analysed,
    at: &HashMap<&str, Vec<usize>>,
    differences: &mut Vec<Difference>,
    conflict_keys: &mut HashSet<&'c str>,
) {
    let ca = &claim.analysed;
    let named = |i: usize| {
        ca.values
            .iter()
            .any(|v| v.kind == Kind::Name && v.tokens.0 <= i && i <= v.tokens.1)
    };
    for (i, key) in ca.keys.iter().enumerate() {
        if !ca.content[i] || conflict_keys.contains(key.as_str()) || named(i) {
            continue;
        }
        let Some(places) = at.get(key.as_str()) else {
            continue;
        };
        let denied = ca.negated[i];
        if places.iter().any(|&j| window.negated[j] == denied) {
            continue;
        }
        let source = denial_span(window, places[0]);
        let claim_side = denial_span(ca, i);
        let repeated = differences.iter().any(|d| {
            d.kind == Kind::Negation
                && (d.source.start == source.start || d.claim.start == claim_side.start)
        });
        if !repeated {
            differences.push(Difference {
                kind: Kind::Negation,
                claim: claim_side,
                source,
            });
        }
        conflict_keys.insert(key.as_str());
    }
}

/// The span of a word with the negation that denies it, if any (`did not improve`).
fn denial_span(a: &Analysed, i: usize) -> Span {
    let end = a.tokens[i].span.end;
    if !a.negated[i] {
        return a.tokens[i].span;
    }
    let cue = (0..i).rev().find(|&k| a.negations[k]).unwrap_or(i);
    let first = if a.tokens[cue].exact == "t" && cue > 0 {
        cue - 1
    } else {
        cue
    };
    let start = if first > 0
        && matches!(
            a.tokens[first - 1].exact.as_str(),
            "did"
                | "does"
                | "do"
                | "has"
                | "have"
                | "had"
                | "was"
                | "were"
                | "is"
                | "are"
                | "will"
                | "would"
        ) {
        a.tokens[first - 1].span.start
    } else {
        a.tokens[first].span.start
    };
    Span::new(start, end)
}

/// A comparison, change or outcome in the claim that the text states the other way
/// (`more`/`less`, `resumed`/`halted`, `increased`/`ceased`, `won`/`lost`).
fn comparison_conflicts<'c>(
    claim: &'c Claim,
    window: &Analysed,
    at: &HashMap<&str, Vec<usize>>,
    differences: &mut Vec<Difference>,
    conflict_keys: &mut HashSet<&'c str>,
) {
    let ca = &claim.analysed;
    let anchors: Vec<usize> = claim
        .frame
        .iter()
        .filter(|f| !polar_key(ca, &f.key))
        .filter_map(|f| at.get(f.key.as_str()))
        .flatten()
        .copied()
        .collect();
    for (i, key) in ca.keys.iter().enumerate() {
        // `more than 1,000` is a bound of its number, compared as an interval.
        if ca.in_value[i] {
            continue;
        }
        let Some(opposite) = words::pole(&ca.tokens[i].exact).and_then(opposite) else {
            continue;
        };
        if at.contains_key(key.as_str()) {
            continue;
        }
        let near = |j: usize| anchors.iter().any(|&a| a.abs_diff(j) <= COMPARISON_REACH);
        let found = (0..window.tokens.len()).find(|&j| {
            words::pole(&window.tokens[j].exact) == Some(opposite)
                && !window.negated[j]
                && !window.in_value[j]
                && near(j)
        });
        if let Some(j) = found {
            differences.push(Difference {
                kind: Kind::Comparison,
                claim: ca.tokens[i].span,
                source: window.tokens[j].span,
            });
            conflict_keys.insert(key.as_str());
        }
    }
}

/// True when `key` is the key of a word of the claim with a pole.
fn polar_key(ca: &Analysed, key: &str) -> bool {
    (0..ca.tokens.len()).any(|i| ca.keys[i] == key && words::pole(&ca.tokens[i].exact).is_some())
}

/// The opposite pole, None for other keys.
fn opposite(pole: char) -> Option<char> {
    match pole {
        '+' => Some('-'),
        '-' => Some('+'),
        '>' => Some('<'),
        '<' => Some('>'),
        'w' => Some('l'),
        'l' => Some('w'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::words::Synonyms;

    fn stance(claim: &str, text: &str) -> (Option<Stance>, Vec<String>) {
        let mut keys = Keys::new(Synonyms::Curated);
        let claim = Claim::new(claim, &mut keys, |_| 1.0);
        let window = Analysed::new(text, &mut keys);
        // The text is its own document.
        let tokens = analysis::tokens(text);
        let has = |w: &str| tokens.iter().any(|t| t.exact == w);
        let common = |w: &str| {
            tokens
                .iter()
                .any(|t| t.exact == w && text[t.span.range()].starts_with(char::is_lowercase))
        };
        let j = judge(
            &claim,
            &window,
            &Document {
                has: &has,
                common: &common,
                named: &has,
            },
        );
        let conflicts = j
            .differences
            .iter()
            .map(|d| {
                format!(
                    "{}/{}",
                    &claim.text[d.claim.range()],
                    &text[d.source.range()]
                )
            })
            .collect();
        (j.stance, conflicts)
    }

    #[test]
    fn paraphrases_support_and_changed_values_contradict() {
        let source = "Officials said members of the cabinet made 99 foreign trips in 2025.";
        assert_eq!(
            stance("Cabinet members travelled abroad 99 times in 2025", source).0,
            Some(Stance::Supports)
        );
        assert_eq!(
            stance("Cabinet members made 120 foreign trips in 2025", source),
            (Some(Stance::Contradicts), vec!["120/99".to_string()])
        );
        assert_eq!(
            stance("Cabinet members made 99 foreign trips in 2024", source),
            (Some(Stance::Contradicts), vec!["2024/2025".to_string()])
        );
    }

    #[test]
    fn values_of_other_things_do_not_contradict() {
        // `4-year-old` counts years, not States.
        let source = "Congress was asked to help States make pre-K available to every 4-year-old.";
        assert_ne!(
            stance("Thirty States made pre-K available", source).0,
            Some(Stance::Contradicts)
        );
        // In a range the unit follows the last number: `five` counts families.
        let source =
            "Seven million families would total some five to seven million families camping.";
        assert_ne!(
            stance(
                "Seven million families would total 30 million Americans",
                source
            )
            .0,
            Some(Stance::Contradicts)
        );
        // The year of the withdrawal is not the year of the halt.
        let source = "Trump halted financial assistance, and demanded equipment left behind after the 2021 withdrawal.";
        assert_ne!(
            stance("Trump halted financial assistance in 2025", source).0,
            Some(Stance::Contradicts)
        );
    }

    #[test]
    fn a_countrys_government_is_the_country_its_people_are_not() {
        assert_eq!(
            stance(
                "In July Russia recognised the group",
                "In July the Russian government recognised the group."
            )
            .0,
            Some(Stance::Supports)
        );
        assert_ne!(
            stance(
                "In July Russia attacked the group",
                "In July Russian hackers attacked the group."
            )
            .0,
            Some(Stance::Supports)
        );
    }

    #[test]
    fn roles_tell_the_doer_from_the_object() {
        let source = "Reports pointed to divisions between the leadership of Hibatullah Akhundzada and the Haqqani network, led by Interior Minister Sirajuddin Haqqani.";
        assert_eq!(
            stance("Hibatullah Akhundzada leads the Haqqani network", source),
            (
                Some(Stance::Contradicts),
                vec!["Hibatullah Akhundzada/Interior Minister Sirajuddin Haqqani".to_string()]
            )
        );
        assert_eq!(
            stance("Sirajuddin Haqqani leads the Haqqani network", source).0,
            Some(Stance::Supports)
        );
        // Another doer of the same thing is another event: its date is its own.
        let source = "Officials said Moscow recognised the Taliban administration in July.";
        assert_eq!(
            stance(
                "Officials said Beijing recognised the Taliban in December",
                source
            ),
            (Some(Stance::Related), vec![])
        );
        assert_eq!(
            stance(
                "Officials said Moscow recognised the Taliban in July",
                source
            )
            .0,
            Some(Stance::Supports)
        );
    }

    #[test]
    fn bounds_agree_inside_and_contradict_apart() {
        let source =
            "They said secondary schools for girls, closed for over 1,400 days, would reopen.";
        let claim = |c: &str| stance(c, source);
        assert_eq!(
            claim("Secondary schools for girls were closed for more than 1,000 days").0,
            Some(Stance::Supports)
        );
        assert_eq!(
            claim("Secondary schools for girls were closed for fewer than 1,000 days"),
            (
                Some(Stance::Contradicts),
                vec!["fewer than 1,000/over 1,400".to_string()]
            )
        );
        assert_eq!(
            claim("Secondary schools for girls were closed for more than 1,450 days"),
            (Some(Stance::Related), vec![])
        );
    }

    #[test]
    fn dates_of_other_events_and_capitalised_terms_do_not_contradict() {
        let source = "Others follow, including China, which in December 2023 became the first country to accredit a Taliban ambassador.";
        assert_ne!(
            stance("China formally recognised the Taliban in 2025", source).0,
            Some(Stance::Contradicts)
        );
        let source = "Only the Licensor may publish new versions of this License, and the Title page names them.";
        assert_ne!(
            stance("The GPL may publish new versions of this License", source).0,
            Some(Stance::Contradicts)
        );
    }

    #[test]
    fn hedged_texts_do_not_support_and_denials_contradict() {
        assert_eq!(
            stance(
                "Other countries recognized the group",
                "Other countries are in no rush to recognize the group."
            )
            .0,
            Some(Stance::Related)
        );
        assert_eq!(
            stance(
                "Relations between the two improved",
                "Relations between the two did not improve."
            ),
            (
                Some(Stance::Contradicts),
                vec!["improved/did not improve".to_string()]
            )
        );
        assert_eq!(
            stance("Prices rose sharply", "Prices fell sharply."),
            (Some(Stance::Contradicts), vec!["rose/fell".to_string()])
        );
    }
}
