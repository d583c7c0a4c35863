//! Whether the doers and objects a text gives the claim's predicate are the claim's: roles
//! fitted place by place, name conflicts between proper names in the same role, and what
//! makes a capitalised word a proper name.

use super::roles::{self, Fit};
use super::stance::{Analysed, Difference, Document};
use super::values::{Kind, Value};
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// Least share of a name conflict's other words: a different name is a strong claim.
const NAME_CONFLICT_COVERAGE: f64 = 0.8;

/// The claim's agent against another proper name in the agent's role (`conflict`, as
/// bytes of each side) where the object is the same: a name difference when the text
/// covers nearly all the claim's other words, and the claim's agent is not a name its
/// document may give otherwise.
pub fn name_conflict<'c>(
    ca: &'c Analysed,
    window: &Analysed,
    document: &Document,
    (claim_side, source): (Span, Span),
    coverage_without: &dyn Fn(&HashSet<&str>) -> f64,
    differences: &mut Vec<Difference>,
    conflict_keys: &mut HashSet<&'c str>,
) {
    let agents: Vec<&Value> = ca
        .values
        .iter()
        .filter(|v| {
            v.kind == Kind::Name && claim_side.start <= v.span.start && v.span.end <= claim_side.end
        })
        .collect();
    let keys: HashSet<&str> = agents
        .iter()
        .flat_map(|v| (v.tokens.0..=v.tokens.1).map(|i| ca.keys[i].as_str()))
        .collect();
    // A document that names the claim's agent elsewhere may call it by another name
    // (`Moscow` for `Russia`); not when it names both here, apart (a people, `American`,
    // is not its country named apart).
    let named_apart = agents.iter().any(|cv| {
        window
            .values
            .iter()
            .any(|v| !roles::demonym(window, v) && roles::same_name(ca, cv, window, v))
    });
    let elsewhere = keys_words(ca, claim_side).iter().any(|w| (document.has)(w));
    // One word on each side (`Moscow`, `Russia`) is as often a place standing for its
    // government as a rival: a full name on one side at least (`Sirajuddin Haqqani`).
    let full_name = keys_words(ca, claim_side).len() > 1 || keys_words(window, source).len() > 1;
    if coverage_without(&keys) >= NAME_CONFLICT_COVERAGE
        && (named_apart || (!elsewhere && full_name))
    {
        differences.push(Difference {
            kind: Kind::Name,
            claim: claim_side,
            source,
        });
        conflict_keys.extend(keys);
    }
}

/// How a text's roles around the claim's predicate stand to the claim's.
pub struct Fitted {
    /// At some place of the predicate, no role names someone else, and one names the
    /// claim's own (or the claim names no one in them).
    pub compatible: bool,
    /// At no such place, but at one the agent is another proper name and the object is
    /// the claim's: the claim's agent and the text's, as bytes.
    pub conflict: Option<(Span, Span)>,
    /// At every place of the predicate a role names someone other than the claim.
    pub other_event: bool,
}

/// The claim's roles around its predicate `p` against the text's at each place of the
/// predicate's key: a different agent with the same object is a name conflict; a
/// different object is another event. Only proper names (and peoples) fill roles.
pub fn fit_roles(
    ca: &Analysed,
    p: usize,
    window: &Analysed,
    at: &HashMap<&str, Vec<usize>>,
    proper: &dyn Fn(&Analysed, &Value) -> bool,
) -> Fitted {
    let keep = |a: &Analysed, names: Vec<usize>| -> Vec<usize> {
        names
            .into_iter()
            .filter(|&k| proper(a, &a.values[k]) || roles::demonym(a, &a.values[k]))
            .collect()
    };
    let all = roles::roles(ca, p);
    let ours = roles::Roles {
        agent: keep(ca, all.agent),
        object: keep(ca, all.object),
        loose: all.loose,
    };
    let mut out = Fitted {
        compatible: true,
        conflict: None,
        other_event: false,
    };
    let Some(places) = at.get(ca.keys[p].as_str()) else {
        return out;
    };
    out.compatible = false;
    out.other_event = true;
    let named = !(ours.agent.is_empty() && ours.object.is_empty());
    let span = |a: &Analysed, names: &[usize]| {
        let start = names.iter().map(|&k| a.values[k].span.start).min();
        let end = names.iter().map(|&k| a.values[k].span.end).max();
        Span::new(start.unwrap_or(0), end.unwrap_or(0))
    };
    for &j in places {
        let all = roles::roles(window, j);
        let theirs = roles::Roles {
            agent: keep(window, all.agent),
            object: keep(window, all.object),
            loose: all.loose,
        };
        let agent = roles::fit(ca, &ours.agent, window, &theirs.agent, proper);
        let object = roles::fit(ca, &ours.object, window, &theirs.object, proper);
        if agent != Fit::Different && object != Fit::Different {
            out.other_event = false;
        }
        if agent != Fit::Different
            && object != Fit::Different
            && (!named || agent == Fit::Same || object == Fit::Same)
        {
            out.compatible = true;
        }
        // A people (`Russian`) or a clause's names may tell another event, never a rival.
        let person =
            |a: &Analysed, names: &[usize]| names.iter().all(|&k| !roles::demonym(a, &a.values[k]));
        let firm = !ours.loose
            && !theirs.loose
            && person(ca, &ours.agent)
            && person(window, &theirs.agent);
        if agent == Fit::Different && object == Fit::Same && firm && out.conflict.is_none() {
            out.conflict = Some((span(ca, &ours.agent), span(window, &theirs.agent)));
        }
    }
    if out.compatible {
        out.conflict = None;
    }
    out
}

/// The folded words of `a` within `span`.
pub fn keys_words(a: &Analysed, span: Span) -> Vec<&str> {
    a.tokens
        .iter()
        .filter(|t| span.start <= t.span.start && t.span.end <= span.end)
        .map(|t| t.exact.as_str())
        .collect()
}

/// True when the name `v` of `a` is a proper name: one of its words is an acronym, or a
/// word its document never writes in lower case (`common`).
pub fn proper_name(a: &Analysed, v: &Value, common: &dyn Fn(&str) -> bool) -> bool {
    (v.tokens.0..=v.tokens.1).any(|i| {
        let written = &a.text[a.tokens[i].span.range()];
        let acronym = written.chars().filter(|c| c.is_alphabetic()).count() > 1
            && written
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic());
        acronym || !common(&a.tokens[i].exact)
    })
}
