//! Which sentences of a draft state a checkable fact: a number, a date, or a named actor
//! with a verb of action or statement.

use crate::analysis;
use crate::check::values;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;

/// Why a sentence is checkable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// `number`, `date` or `actor`.
    pub kind: &'static str,
    /// The words that make it so (for an actor: the name and its verb).
    pub text: String,
}

/// A word of a sentence: its text, where it starts and whether it begins the sentence.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    first: bool,
}

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "i",
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "we",
    "they",
    "you",
    "his",
    "her",
    "our",
    "their",
    "my",
    "your",
    "in",
    "on",
    "at",
    "of",
    "for",
    "by",
    "with",
    "from",
    "to",
    "as",
    "and",
    "but",
    "or",
    "nor",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "because",
    "however",
    "despite",
    "yes",
    "no",
    "not",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "all",
    "another",
    "one",
    "someone",
    "somebody",
    "nobody",
    "everyone",
    "everybody",
    "many",
    "some",
    "most",
    "few",
    "several",
    "both",
    "each",
    "every",
    "critics",
    "officials",
    "analysts",
    "experts",
    "observers",
    "reports",
    "sources",
    "people",
    "others",
    "then",
    "now",
    "later",
    "also",
    "still",
    "only",
    "even",
    "meanwhile",
    "today",
];
/// Verbs of action or statement, base forms; regular past forms (`-ed`) are found by shape.
const VERBS: &[&str] = &[
    "say",
    "tell",
    "state",
    "announce",
    "report",
    "claim",
    "declare",
    "deny",
    "confirm",
    "acknowledge",
    "admit",
    "warn",
    "insist",
    "argue",
    "accuse",
    "add",
    "note",
    "write",
    "tweet",
    "describe",
    "call",
    "urge",
    "promise",
    "pledge",
    "threaten",
    "hail",
    "praise",
    "condemn",
    "criticise",
    "criticize",
    "reject",
    "recognise",
    "recognize",
    "sign",
    "approve",
    "pass",
    "vote",
    "halt",
    "end",
    "ban",
    "impose",
    "lift",
    "host",
    "visit",
    "meet",
    "send",
    "seize",
    "take",
    "capture",
    "arrest",
    "kill",
    "attack",
    "launch",
    "open",
    "close",
    "release",
    "appoint",
    "elect",
    "win",
    "lose",
    "resign",
    "fire",
    "expel",
    "withdraw",
    "invade",
    "agree",
    "order",
    "issue",
    "grant",
    "refuse",
    "block",
    "suspend",
    "resume",
    "establish",
    "form",
    "found",
    "create",
    "build",
    "buy",
    "sell",
    "pay",
    "raise",
    "cut",
    "increase",
    "reduce",
    "double",
    "fall",
    "rise",
    "become",
    "lead",
    "begin",
    "hold",
    "make",
    "give",
    "leave",
    "bring",
    "fight",
    "strike",
    "speak",
    "choose",
    "freeze",
    "break",
    "fund",
    "provide",
    "deliver",
    "deploy",
    "join",
    "sue",
    "charge",
    "convict",
    "detain",
    "free",
    "return",
    "control",
    "rule",
    "plan",
    "stop",
    "sanction",
    "fail",
];
/// Irregular past forms of the verbs above.
const IRREGULAR_PAST: &[&str] = &[
    "said",
    "told",
    "wrote",
    "written",
    "met",
    "sent",
    "took",
    "taken",
    "won",
    "lost",
    "withdrew",
    "withdrawn",
    "built",
    "bought",
    "sold",
    "paid",
    "cut",
    "fell",
    "fallen",
    "rose",
    "risen",
    "became",
    "led",
    "began",
    "begun",
    "held",
    "made",
    "gave",
    "given",
    "left",
    "brought",
    "fought",
    "struck",
    "spoke",
    "spoken",
    "chose",
    "froze",
    "broke",
];

/// The reasons `text` (a sentence with its quotations left out) is checkable; empty when
/// it states nothing checkable. `names` holds the words the draft capitalises inside its
/// sentences, so that a name that begins a sentence is known as one.
pub fn reasons(text: &str, names: &HashSet<String>) -> Vec<Reason> {
    let words = words(text);
    let mut out: Vec<Reason> = Vec::new();
    let mut push = |kind: &'static str, text: String| {
        if !out.iter().any(|r| r.kind == kind && r.text == text) {
            out.push(Reason { kind, text });
        }
    };
    // The numbers and dates that `check` compares, found the way it finds them.
    let found = values::extract(text, &analysis::tokens(text));
    for value in &found {
        let written = &text[value.span.range()];
        let kind = match value.kind {
            // `one` is nearly always `a`, not a count.
            values::Kind::Number if written.eq_ignore_ascii_case("one") => continue,
            values::Kind::Number => "number",
            // `may` and `march` in lower case are verbs.
            values::Kind::Date
                if written
                    .chars()
                    .any(|c| c.is_uppercase() || c.is_ascii_digit()) =>
            {
                "date"
            }
            _ => continue,
        };
        push(kind, written.to_string());
    }
    for w in &words {
        let inside = |v: &values::Value| v.span.start <= w.start && w.start < v.span.end;
        if w.text.starts_with(char::is_uppercase)
            && values::is_calendar_word(&w.text.to_lowercase())
            && !found.iter().any(inside)
        {
            push("date", w.text.to_string());
        }
    }
    if let Some((actor, verb)) = actor_and_verb(&words, names) {
        push("actor", format!("{actor} … {verb}"));
    }
    out
}

/// The words of `text` that are capitalised but do not begin a sentence: the draft's names.
pub fn names_in(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text)
        .into_iter()
        .filter(|w| !w.first && is_capitalised(w.text))
        .map(|w| w.text.to_string())
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    for range in word_ranges(text) {
        out.push(Word {
            start: range.start,
            text: &text[range],
            first: out.is_empty(),
        });
    }
    out
}

/// Runs of letters and digits, keeping `'`, `’`, `.`, `,` and `-` between two of them.
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let joins = matches!(c, '\'' | '’' | '.' | ',' | '-')
            && start.is_some()
            && chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
            && (c != ',' || chars.get(i + 1).is_some_and(|&(_, n)| n.is_ascii_digit()));
        if c.is_alphanumeric() || joins {
            start.get_or_insert(pos);
        } else if let Some(s) = start.take() {
            out.push(s..pos);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && !NOT_NAMES.contains(&word.to_lowercase().as_str())
}

/// The first named actor (a run of capitalised words) followed later by a verb of action
/// or statement.
fn actor_and_verb(words: &[Word], names: &HashSet<String>) -> Option<(String, String)> {
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let name = is_capitalised(w.text)
            && (!w.first
                || names.contains(w.text)
                || words
                    .get(i + 1)
                    .is_some_and(|n| is_capitalised(n.text) || is_verb(n.text)));
        if !name {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while words.get(end).is_some_and(|n| is_capitalised(n.text)) {
            end += 1;
        }
        if let Some(verb) = words[end..].iter().find(|v| is_verb(v.text)) {
            let actor = words[i..end]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            return Some((actor, verb.text.to_string()));
        }
        i = end;
    }
    None
}

/// A verb of action or statement: one of [`VERBS`] in any simple form, or a regular
/// past form (a lowercase word of five letters or more ending in `ed`).
fn is_verb(word: &str) -> bool {
    if !word.chars().all(|c| c.is_lowercase()) {
        return false;
    }
    if IRREGULAR_PAST.contains(&word) || (word.len() >= 5 && word.ends_with("ed")) {
        return true;
    }
    VERBS.iter().any(|&base| {
        word == base
            || word
                .strip_prefix(base)
                .is_some_and(|rest| rest == "s" || rest == "es")
            || (base.ends_with('y') && word.strip_prefix(&base[..base.len() - 1]) == Some("ies"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        let names: HashSet<String> = names_in(text).collect();
        reasons(text, &names).iter().map(|r| r.kind).collect()
    }

    #[test]
    fn numbers_dates_and_actors() {
        assert_eq!(
            kinds("Members of the cabinet made 99 foreign trips in 2025."),
            ["number", "date"]
        );
        assert_eq!(
            kinds("Moscow recognised the Taliban administration in July."),
            ["date", "actor"]
        );
        assert_eq!(kinds("Putin said the country was stable."), ["actor"]);
        assert_eq!(kinds("Then Putin said the country was stable."), ["actor"]);
        assert!(kinds("Reports indicate that services remain poor.").is_empty());
        assert_eq!(kinds("The diplomats met three times."), ["number"]);
        assert_eq!(kinds("They may march on the capital."), Vec::<&str>::new());
        assert_eq!(kinds("It happened in May."), ["date"]);
        assert_eq!(kinds("It happened on Tuesday."), ["date"]);
        assert!(kinds("One analyst called it generous.").is_empty());
    }

    #[test]
    fn nothing_checkable() {
        assert!(kinds("This is a sentence with nothing to check.").is_empty());
        assert!(kinds("The situation remains difficult for everyone.").is_empty());
        assert!(kinds("But beyond optics, it is unlikely to unlock anything.").is_empty());
    }

    #[test]
    fn a_name_beginning_a_sentence_is_known_from_elsewhere() {
        let names: HashSet<String> = ["Moscow".to_string()].into();
        let r = reasons("Moscow hosted the talks.", &names);
        assert_eq!(r[0].text, "Moscow … hosted");
    }
}
