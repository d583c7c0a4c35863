//! Who does what to whom: a claim's predicate, and the names in the agent and object roles
//! around it, active (`X leads Y`), passive (`Y, led by X`; `Y was published`) and nominal
//! (`X's recognition of Y`, `recognition of Y from X`).

use super::aliases;
use super::stance::Analysed;
use super::values::{self, Data, Kind, Value};
use super::words;

/// Tokens from the predicate within which a name fills one of its roles.
const ROLE_REACH: usize = 8;
/// Tokens after the predicate within which `by` (or `from`) introduces its agent.
const BY_REACH: usize = 4;

/// Past forms that do not end in `-ed`.
const IRREGULAR_PAST: &[&str] = &[
    "said",
    "made",
    "led",
    "took",
    "taken",
    "gave",
    "given",
    "met",
    "held",
    "won",
    "lost",
    "sent",
    "left",
    "came",
    "went",
    "got",
    "told",
    "became",
    "began",
    "begun",
    "brought",
    "built",
    "bought",
    "kept",
    "paid",
    "put",
    "ran",
    "saw",
    "seen",
    "set",
    "sold",
    "spoke",
    "spoken",
    "stood",
    "wrote",
    "written",
    "broke",
    "broken",
    "chose",
    "chosen",
    "drove",
    "fell",
    "fought",
    "found",
    "grew",
    "grown",
    "heard",
    "hit",
    "knew",
    "known",
    "meant",
    "rose",
    "shut",
    "sought",
    "struck",
    "thought",
    "threw",
    "thrown",
    "withdrew",
    "withdrawn",
    "cut",
    "spent",
    "fled",
    "drew",
    "drawn",
    "ate",
    "felt",
    "forgave",
    "froze",
    "frozen",
    "hid",
    "let",
    "lent",
    "overtook",
    "quit",
    "rode",
    "sang",
    "sank",
    "slew",
    "slain",
    "stole",
    "swore",
    "sworn",
    "taught",
    "tore",
    "undertook",
    "woke",
    "wore",
    "bore",
    "born",
    "shot",
    "lit",
    "laid",
    "dealt",
    "sat",
    "bound",
];
/// Words after which a word is a verb: auxiliaries, modals and the infinitive's `to`.
const AUXILIARIES: &[&str] = &[
    "will", "would", "shall", "can", "could", "may", "might", "must", "should", "was", "were",
    "is", "are", "be", "been", "being", "has", "have", "had", "did", "does", "do", "to", "who",
    "which", "that",
];
/// Forms of `be` that make a following participle passive.
const BE: &[&str] = &["was", "were", "is", "are", "be", "been", "being", "am"];
/// Words that open a condition: what follows them in their sentence is not stated.
const CONDITIONS: &[&str] = &["if", "unless", "provided", "providing", "whether", "lest"];
/// Prepositions after which a bare participle is passive (`the treaty adopted on 20 December`).
const PASSIVE_PREPOSITIONS: &[&str] = &["on", "in", "at", "during", "since", "under", "for"];

/// Words before a name that take it out of the sentence's roles (`unlike China, Russia …`).
const ASIDE: &[&str] = &["unlike", "like", "besides", "except", "excluding"];

/// The names (indexes into the text's values) filling the agent and the object role of a
/// predicate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    /// Who does it: before an active predicate, after `by`.
    pub agent: Vec<usize>,
    /// What it is done to: after an active predicate, before a passive one.
    pub object: Vec<usize>,
    /// Whether the agent is only some name of the clause (of an infinitive: `X will
    /// expand the efforts of Y to recruit`): it may confirm, never conflict.
    pub loose: bool,
}

/// The index of the name value covering token `i`, if any.
fn name_at(a: &Analysed, i: usize) -> Option<usize> {
    a.values
        .iter()
        .position(|v| v.kind == Kind::Name && v.tokens.0 <= i && i <= v.tokens.1)
}

/// True when token `i` reads as a verb: a past form, after an auxiliary (adverbs
/// skipped), or an `-s` form right after a name (`Akhundzada leads`).
pub fn verbal(a: &Analysed, i: usize) -> bool {
    let exact = a.tokens[i].exact.as_str();
    if !exact.chars().all(char::is_alphabetic) || name_at(a, i).is_some() {
        return false;
    }
    let mut k = i;
    while k > 0 && a.tokens[k - 1].exact.ends_with("ly") {
        k -= 1;
    }
    let after = |set: &[&str]| k > 0 && set.contains(&a.tokens[k - 1].exact.as_str());
    (exact.len() > 4 && exact.ends_with("ed"))
        || IRREGULAR_PAST.contains(&exact)
        || (after(AUXILIARIES) && !words::is_stopword(exact))
        || (exact.len() > 3 && exact.ends_with('s') && k > 0 && name_at(a, k - 1).is_some())
}

/// The claim's predicate: its first content word that reads as a verb (`China formally
/// recognised the Taliban` → `recognised`; `The GPL was published` → `published`).
pub fn predicate(a: &Analysed) -> Option<usize> {
    (0..a.tokens.len()).find(|&i| a.content[i] && verbal(a, i))
}

/// True for a past participle: `-ed`, `-en` or an irregular past form.
fn participle(exact: &str) -> bool {
    (exact.len() > 4 && (exact.ends_with("ed") || exact.ends_with("en")))
        || IRREGULAR_PAST.contains(&exact)
}

/// True when the text between tokens `a` and `b` (a < b) of `analysed` ends a clause.
pub fn boundary(analysed: &Analysed, a: usize, b: usize) -> bool {
    (a..b).any(|k| {
        analysed.text[analysed.tokens[k].span.end..analysed.tokens[k + 1].span.start]
            .contains(['.', ';', '?', '!'])
    })
}

/// The name at `index` and those coordinated with it (`Russia and China`, `X, Y and Z`).
fn coordinated(a: &Analysed, index: usize) -> Vec<usize> {
    let names: Vec<usize> = (0..a.values.len())
        .filter(|&k| a.values[k].kind == Kind::Name)
        .collect();
    let at = names.iter().position(|&k| k == index).unwrap_or(0);
    let joined = |x: &Value, y: &Value| {
        let between = &a.tokens[x.tokens.1 + 1..y.tokens.0];
        // `X and Y`, `X, Y`, `X and the Y`.
        between.len() <= 2
            && between
                .iter()
                .all(|t| matches!(t.exact.as_str(), "and" | "or" | "the"))
            && between.first().is_none_or(|t| t.exact != "the")
            && a.text[x.span.end..y.span.start]
                .chars()
                .all(|c| c.is_whitespace() || c == ',' || c.is_alphabetic())
    };
    let (mut lo, mut hi) = (at, at);
    while lo > 0 && joined(&a.values[names[lo - 1]], &a.values[names[lo]]) {
        lo -= 1;
    }
    while hi + 1 < names.len() && joined(&a.values[names[hi]], &a.values[names[hi + 1]]) {
        hi += 1;
    }
    names[lo..=hi].to_vec()
}

/// The nearest name before token `p` (within reach, same clause, not set aside), with
/// those coordinated with it.
fn before(a: &Analysed, p: usize) -> Vec<usize> {
    let from = p.saturating_sub(ROLE_REACH);
    (from..p)
        .rev()
        .take_while(|&i| !boundary(a, i, p))
        .find_map(|i| name_at(a, i).filter(|&k| !aside(a, k)))
        .map(|k| coordinated(a, k))
        .unwrap_or_default()
}

/// Every name before token `p` in its clause (not set aside): who may do what an
/// infinitive says (`X will expand the efforts of Y to recruit`).
fn clause_before(a: &Analysed, p: usize) -> Vec<usize> {
    let mut names: Vec<usize> = (0..p)
        .rev()
        .take_while(|&i| !boundary(a, i, p))
        .filter_map(|i| name_at(a, i).filter(|&k| !aside(a, k)))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The nearest name after token `p` and before `until` (within reach, same clause).
fn after(a: &Analysed, p: usize, until: usize) -> Vec<usize> {
    let to = (p + ROLE_REACH + 1).min(until).min(a.tokens.len());
    (p + 1..to)
        .take_while(|&i| !boundary(a, p, i))
        .find_map(|i| name_at(a, i).filter(|&k| !aside(a, k)))
        .map(|k| coordinated(a, k))
        .unwrap_or_default()
}

/// True when the name at `k` follows a word that sets it aside.
fn aside(a: &Analysed, k: usize) -> bool {
    let first = a.values[k].tokens.0;
    first > 0 && ASIDE.contains(&a.tokens[first - 1].exact.as_str())
}

/// True for a noun made of a verb (`recognition`, `agreement`): its agent may follow `from`.
fn nominal(exact: &str) -> bool {
    ["ion", "ment", "ance", "ence", "al"]
        .iter()
        .any(|s| exact.len() > s.len() + 3 && exact.ends_with(s))
}

/// The roles around the predicate at token `p` of `a`.
pub fn roles(a: &Analysed, p: usize) -> Roles {
    let text = a.text.as_str();
    let exact = a.tokens[p].exact.as_str();
    // `led by X`, `recognition of the Taliban by Russia`, `recognition from Russia`.
    let by = (p + 1..(p + 1 + BY_REACH).min(a.tokens.len()))
        .take_while(|&i| {
            !text[a.tokens[i - 1].span.end..a.tokens[i].span.start].contains([',', ';', '.'])
                || i == p + 1
        })
        .find(|&i| {
            let word = a.tokens[i].exact.as_str();
            (word == "by" || (word == "from" && nominal(exact)))
                && (i + 1..(i + 3).min(a.tokens.len()))
                    .find(|&k| a.tokens[k].exact != "the")
                    .and_then(|k| name_at(a, k))
                    .is_some()
        });
    let mut k = p;
    while k > 0 && a.tokens[k - 1].exact.ends_with("ly") {
        k -= 1;
    }
    // `was published`; `the treaty adopted on 20 December 1996`.
    let bare = (exact.ends_with("ed") || exact.ends_with("en"))
        && a.tokens
            .get(p + 1)
            .is_some_and(|t| PASSIVE_PREPOSITIONS.contains(&t.exact.as_str()));
    let passive =
        participle(exact) && (bare || (k > 0 && BE.contains(&a.tokens[k - 1].exact.as_str())));
    match by {
        Some(b) => {
            let agent = after(a, b, usize::MAX);
            let between = after(a, p, b);
            let object = if between.is_empty() {
                before(a, p)
            } else {
                between
            };
            Roles {
                agent,
                object,
                loose: false,
            }
        }
        None if passive => Roles {
            agent: Vec::new(),
            object: before(a, p),
            loose: false,
        },
        None => {
            let loose = k > 0 && a.tokens[k - 1].exact == "to";
            Roles {
                agent: if loose {
                    clause_before(a, p)
                } else {
                    before(a, p)
                },
                object: after(a, p, usize::MAX),
                loose,
            }
        }
    }
}

/// True when token `p` of `a` is inside a condition: after `if`, `unless`, `provided` in
/// its sentence.
pub fn conditional(a: &Analysed, p: usize) -> bool {
    (0..p)
        .rev()
        .take_while(|&k| !boundary(a, k, p))
        .any(|k| CONDITIONS.contains(&a.tokens[k].exact.as_str()))
}

/// How a text's names in one role stand to the claim's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// One of the text's names is one of the claim's.
    Same,
    /// Both give proper names (or peoples, `Russian`), and none of them agree.
    Different,
    /// One side names no one there (or only a common word).
    Open,
}

/// How the text's names `theirs` (of `window`) in a role stand to the claim's `ours` (of
/// `claim`). `proper` says whether a name is a proper name (not a capitalised common word).
pub fn fit(
    claim: &Analysed,
    ours: &[usize],
    window: &Analysed,
    theirs: &[usize],
    proper: &dyn Fn(&Analysed, &Value) -> bool,
) -> Fit {
    let same = ours.iter().any(|&c| {
        theirs
            .iter()
            .any(|&w| same_name(claim, &claim.values[c], window, &window.values[w]))
    });
    if same {
        return Fit::Same;
    }
    let named = |a: &Analysed, names: &[usize]| {
        names
            .iter()
            .any(|&k| proper(a, &a.values[k]) || demonym(a, &a.values[k]))
    };
    if named(claim, ours) && named(window, theirs) {
        Fit::Different
    } else {
        Fit::Open
    }
}

/// True when the name `x` of `a` and the name `y` of `b` name the same: the words of one
/// in the other, an acronym (`ICC`), a demonym's country before a word for its government
/// (`the Russian government`, `Russia`; `Russian hackers` are not Russia) or a capital's
/// (`Moscow`, `Russia`).
pub fn same_name(a: &Analysed, x: &Value, b: &Analysed, y: &Value) -> bool {
    // A people's name stands for its country only before a word for its government.
    let keys = |a: &Analysed, v: &Value| -> Vec<String> {
        let government = a
            .keys
            .get(v.tokens.1 + 1)
            .is_some_and(|k| k == words::GOVERNMENT_GROUP);
        (v.tokens.0..=v.tokens.1)
            .map(|i| match government {
                true => a.keys[i].clone(),
                false => a.tokens[i].stem.clone(),
            })
            .collect()
    };
    let (ours, theirs) = (keys(a, x), keys(b, y));
    let country = |v: &Value, keys: &[String]| match &v.data {
        Data::Name(words) => aliases::country(words).or_else(|| aliases::country(keys)),
        _ => None,
    };
    x.agrees(y)
        || values::within(&ours, &theirs)
        || values::within(&theirs, &ours)
        || country(x, &ours).is_some_and(|c| country(y, &theirs) == Some(c))
}

/// True when a name is a people or a country's adjective (`American`, `Russian`).
pub fn demonym(a: &Analysed, v: &Value) -> bool {
    matches!(v.data, Data::Name(_))
        && (v.tokens.0..=v.tokens.1).any(|i| words::demonym(&a.tokens[i].exact))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::words::{Keys, Synonyms};

    /// The predicate of `claim`, and the names in its agent and object roles.
    fn read(claim: &str) -> (String, Vec<String>, Vec<String>) {
        let a = Analysed::new(claim, &mut Keys::new(Synonyms::Curated));
        let p = predicate(&a).expect("a predicate");
        let r = roles(&a, p);
        let names = |ks: &[usize]| -> Vec<String> {
            ks.iter()
                .map(|&k| claim[a.values[k].span.range()].to_string())
                .collect()
        };
        (a.tokens[p].exact.clone(), names(&r.agent), names(&r.object))
    }

    #[test]
    fn active_passive_and_nominal_roles() {
        let (p, agent, object) = read("so Hibatullah Akhundzada leads the Haqqani network");
        assert_eq!(
            (p.as_str(), agent, object),
            (
                "leads",
                vec!["Hibatullah Akhundzada".to_string()],
                vec!["Haqqani".to_string()]
            )
        );
        let (_, agent, object) =
            read("the Haqqani network, led by Interior Minister Sirajuddin Haqqani, grew");
        assert_eq!(agent, ["Interior Minister Sirajuddin Haqqani"]);
        assert_eq!(object, ["Haqqani"]);
        let (_, agent, object) = read("the GPL was published on 29 June 2007");
        assert_eq!((agent.len(), object), (0, vec!["GPL".to_string()]));
        let (_, agent, object) = read("the WIPO treaty adopted on 20 December 1996");
        assert_eq!((agent.len(), object), (0, vec!["WIPO".to_string()]));
        let (_, agent, object) = read("so Russia and China recognised the Taliban");
        assert_eq!(agent, ["Russia", "China"]);
        assert_eq!(object, ["Taliban"]);
    }

    #[test]
    fn set_aside_names_and_conditions() {
        let (_, agent, _) = read("then Russia, unlike China, recognised the Taliban");
        assert_eq!(agent, ["Russia"]);
        let text = "You may not convey it unless that patent license was granted before 2007.";
        let a = Analysed::new(text, &mut Keys::new(Synonyms::Curated));
        let granted = a.tokens.iter().position(|t| t.exact == "granted").unwrap();
        let convey = a.tokens.iter().position(|t| t.exact == "convey").unwrap();
        assert!(conditional(&a, granted));
        assert!(!conditional(&a, convey));
    }
}
