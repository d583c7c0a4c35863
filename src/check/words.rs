//! The words of a claim and of a sentence as check compares them: content words, their
//! comparison keys (stem, spelling, derivation and synonym folded), negation and
//! comparison cues, and the bound words of numbers.

use crate::analysis::{self, Token};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Function words: they carry no content of their own.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "else",
    "even",
    "ever",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "mine",
    "must",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "onto",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "ll",
    "ve",
    "re",
    "d",
    "m",
    "one's",
    "via",
    "whether",
    "within",
    "among",
    "amid",
    "since",
    "toward",
    "towards",
    "however",
    "although",
    "though",
    "thus",
    "hence",
    "according",
    "around",
    "like",
    "unlike",
    "many",
    "much",
    "most",
    "several",
    "every",
    "either",
    "another",
    "whose",
    "already",
    "still",
    "now",
    "de",
    "al",
    "el",
    "la",
    "le",
    "von",
    "van",
    "times",
    "made",
    "make",
    "makes",
    "get",
    "got",
];

/// Words that deny what follows them (after folding; `n't` is the token `t` after a verb).
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "without",
    "failed", "fail", "fails", "failing", "refused", "refuse", "refuses", "refusing",
];

/// Verbs whose contracted `n't` splits into the verb stub and `t`.
const NT_STUBS: &[&str] = &[
    "didn", "don", "doesn", "isn", "wasn", "weren", "aren", "hasn", "haven", "hadn", "won",
    "wouldn", "couldn", "shouldn", "can", "mustn", "ain",
];

/// Comparison and change words: in amount up (`+`) or down (`-`), in quality better (`>`)
/// or worse (`<`).
const COMPARISONS: &[(&str, char)] = &[
    ("more", '+'),
    ("greater", '+'),
    ("higher", '+'),
    ("larger", '+'),
    ("bigger", '+'),
    ("increase", '+'),
    ("increased", '+'),
    ("increases", '+'),
    ("increasing", '+'),
    ("rise", '+'),
    ("rises", '+'),
    ("rose", '+'),
    ("risen", '+'),
    ("rising", '+'),
    ("grow", '+'),
    ("grew", '+'),
    ("grown", '+'),
    ("grows", '+'),
    ("growing", '+'),
    ("raise", '+'),
    ("raised", '+'),
    ("raises", '+'),
    ("raising", '+'),
    ("boost", '+'),
    ("boosted", '+'),
    ("gain", '+'),
    ("gained", '+'),
    ("less", '-'),
    ("fewer", '-'),
    ("lower", '-'),
    ("lowered", '-'),
    ("smaller", '-'),
    ("decrease", '-'),
    ("decreased", '-'),
    ("decreases", '-'),
    ("decreasing", '-'),
    ("decline", '-'),
    ("declined", '-'),
    ("declines", '-'),
    ("declining", '-'),
    ("fall", '-'),
    ("falls", '-'),
    ("fell", '-'),
    ("fallen", '-'),
    ("falling", '-'),
    ("drop", '-'),
    ("dropped", '-'),
    ("drops", '-'),
    ("cut", '-'),
    ("cuts", '-'),
    ("cutting", '-'),
    ("reduce", '-'),
    ("reduced", '-'),
    ("reduces", '-'),
    ("reducing", '-'),
    ("shrink", '-'),
    ("shrank", '-'),
    ("improve", '>'),
    ("improved", '>'),
    ("improves", '>'),
    ("improving", '>'),
    ("strengthened", '>'),
    ("better", '>'),
    ("deteriorate", '<'),
    ("deteriorated", '<'),
    ("deteriorates", '<'),
    ("deteriorating", '<'),
    ("worsen", '<'),
    ("worsened", '<'),
    ("weakened", '<'),
    ("worse", '<'),
];

/// Groups of words that say the same thing in news and reports, the first word naming the
/// group. Kept small and general: words of reporting, of stopping and helping, of travel, of
/// states and their governments. A word belongs to one group at most.
const SYNONYMS: &[&[&str]] = &[
    &[
        "stop",
        "halt",
        "suspend",
        "end",
        "freeze",
        "cease",
        "terminate",
        "discontinue",
        "scrap",
    ],
    &["aid", "assistance", "help", "funding", "relief"],
    &["trip", "travel", "visit", "journey", "tour"],
    &["abroad", "foreign", "overseas"],
    &[
        "say",
        "said",
        "announce",
        "declare",
        "tell",
        "told",
        "claim",
        "report",
        "note",
        "add",
        "assert",
        "stress",
        "remark",
        "acknowledge",
        "insist",
        "describe",
    ],
    &["country", "nation"],
    &["government", "administration", "regime", "authorities"],
    &["relation", "ties", "tie"],
    &["formal", "formally", "official", "officially"],
    &[
        "start", "begin", "began", "begun", "launch", "commence", "initiate",
    ],
    &["kill", "slay", "slain"],
    &["job", "employment"],
    &["big", "large", "huge", "major"],
    &["small", "little", "minor"],
    &["buy", "purchase", "acquire"],
    &["leave", "depart", "quit", "exit"],
    &["ban", "prohibit", "bar", "barred", "forbid", "outlaw"],
    &["allow", "permit", "let", "enable"],
    &[
        "criticize",
        "condemn",
        "denounce",
        "criticism",
        "condemnation",
    ],
    &["seize", "capture"],
    &["military", "army", "troops", "forces", "soldiers"],
    &["money", "funds", "cash"],
    &["law", "legislation", "bill"],
    &["war", "conflict", "fighting"],
    &["company", "firm", "business", "corporation"],
    &["college", "university"],
    &["create", "generate"],
    &["hire", "employ", "recruit"],
    &["cheap", "inexpensive", "affordable"],
    &["remain", "stay"],
    &["accuse", "allege", "accusation", "allegation"],
    &["deny", "reject", "dismiss", "denial"],
    &["expand", "extend", "widen", "broaden", "enlarge"],
    &["office", "power"],
];

/// Irregular past forms and participles, with the verb they are a form of.
const IRREGULAR: &[(&str, &str)] = &[
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("took", "take"),
    ("taken", "take"),
    ("gave", "give"),
    ("given", "give"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("broke", "break"),
    ("broken", "break"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("wrote", "write"),
    ("written", "write"),
    ("went", "go"),
    ("gone", "go"),
    ("saw", "see"),
    ("seen", "see"),
    ("came", "come"),
    ("became", "become"),
    ("knew", "know"),
    ("known", "know"),
    ("ran", "run"),
    ("won", "win"),
    ("lost", "lose"),
    ("sold", "sell"),
    ("bought", "buy"),
    ("brought", "bring"),
    ("thought", "think"),
    ("told", "tell"),
    ("said", "say"),
    ("met", "meet"),
    ("left", "leave"),
    ("kept", "keep"),
    ("held", "hold"),
    ("paid", "pay"),
    ("sent", "send"),
    ("spent", "spend"),
    ("built", "build"),
    ("led", "lead"),
    ("struck", "strike"),
    ("fought", "fight"),
    ("sought", "seek"),
    ("taught", "teach"),
    ("caught", "catch"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("stood", "stand"),
    ("began", "begin"),
    ("begun", "begin"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("fled", "flee"),
    ("shut", "shut"),
    ("slain", "slay"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("undertook", "undertake"),
    ("undertaken", "undertake"),
];

/// Reporting words count for less in a claim's frame: they rarely decide what it says.
pub const REPORTING_GROUP: &str = "say";
/// The synonym group of words for a state's government.
pub const GOVERNMENT_GROUP: &str = "government";
/// Weight of a reporting word in a claim's frame.
pub const REPORTING_WEIGHT: f64 = 0.3;

/// Whether synonyms are folded together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synonyms {
    /// Words compare by stem (and spelling) only.
    Off,
    /// Words of one group of [`SYNONYMS`] compare equal.
    Curated,
}

/// True for a function word.
pub fn is_stopword(exact: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(exact)
}

/// True when the token at `i` of `tokens` denies: `not`, `never`, `n't`, `failed`…
pub fn is_negation(tokens: &[Token], i: usize, text: &str) -> bool {
    let t = &tokens[i];
    if NEGATIONS.contains(&t.exact.as_str()) {
        return !(t.exact == "not" && tokens.get(i + 1).is_some_and(|n| n.exact == "only"));
    }
    t.exact == "t"
        && i > 0
        && NT_STUBS.contains(&tokens[i - 1].exact.as_str())
        && tokens[i - 1].span.end < t.span.start
        && matches!(&text[tokens[i - 1].span.end..t.span.start], "'" | "’")
}

/// Words that make what follows them uncertain, intended or refused rather than done.
const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "would",
    "should",
    "expected",
    "expects",
    "likely",
    "unlikely",
    "plan",
    "plans",
    "planned",
    "planning",
    "hope",
    "hopes",
    "hoped",
    "want",
    "wants",
    "wanted",
    "propose",
    "proposes",
    "proposed",
    "proposal",
    "seek",
    "seeks",
    "seeking",
    "sought",
    "attempt",
    "attempts",
    "attempted",
    "attempting",
    "try",
    "tries",
    "tried",
    "trying",
    "rush",
    "consider",
    "considers",
    "considering",
    "if",
    "whether",
    "refusal",
    "reluctant",
    "unwilling",
    "possible",
    "possibly",
    "potential",
    "allegedly",
    "reportedly",
    "call",
    "calls",
    "called",
    "urge",
    "urged",
    "urges",
    "demand",
    "demands",
    "demanded",
];

/// Words that bound or round the number after them (`more than 200`, `nearly 100`,
/// `at least 2`): part of the number, not content words of their own.
const BOUNDS: &[&str] = &[
    "more",
    "less",
    "fewer",
    "greater",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "least",
];

/// True when the token at `i` bounds or rounds the number that follows it (`more than`,
/// `nearly`); `number` says whether a token is part of a number or date.
pub fn is_bound(tokens: &[Token], i: usize, number: &[bool]) -> bool {
    if !BOUNDS.contains(&tokens[i].exact.as_str()) {
        return false;
    }
    let next = if tokens.get(i + 1).is_some_and(|t| t.exact == "than") {
        i + 2
    } else {
        i + 1
    };
    number.get(next).copied().unwrap_or(false)
}

/// Verbs that, before a participle, say only that a state goes on (`remain closed`, `stayed
/// frozen`): like `are` or `have been`, not content of their own.
const COPULAS: &[&str] = &[
    "remain",
    "remains",
    "remained",
    "remaining",
    "stay",
    "stays",
    "stayed",
    "staying",
];

/// True when the token at `i` is a [`COPULAS`] verb before a participle (`-ed`, or an
/// irregular one such as `frozen`, `shut`).
pub fn is_copula(tokens: &[Token], i: usize) -> bool {
    COPULAS.contains(&tokens[i].exact.as_str())
        && tokens.get(i + 1).is_some_and(|next| {
            let w = next.exact.as_str();
            (w.len() > 4 && w.ends_with("ed")) || IRREGULAR.iter().any(|(form, _)| *form == w)
        })
}

/// True for a word that hedges what follows (`may`, `plans to`, `refusal to`, `if`).
pub fn is_hedge(exact: &str) -> bool {
    HEDGES.contains(&exact)
}

/// The direction (`+`, `-`, `>`, `<`) of a comparison or change word.
pub fn comparison(exact: &str) -> Option<char> {
    COMPARISONS
        .iter()
        .find(|(w, _)| *w == exact)
        .map(|&(_, d)| d)
}

/// Verbs of starting and stopping, winning and losing, approving and rejecting: `+`/`-`
/// for keeping something going or growing or stopping it, `w`/`l` for outcomes.
const POLES: &[(&str, char)] = &[
    ("resume", '+'),
    ("resumed", '+'),
    ("resumes", '+'),
    ("restore", '+'),
    ("restored", '+'),
    ("restart", '+'),
    ("restarted", '+'),
    ("reopen", '+'),
    ("reopened", '+'),
    ("open", '+'),
    ("opened", '+'),
    ("expand", '+'),
    ("expanded", '+'),
    ("stop", '-'),
    ("stopped", '-'),
    ("halt", '-'),
    ("halted", '-'),
    ("cease", '-'),
    ("ceased", '-'),
    ("suspend", '-'),
    ("suspended", '-'),
    ("freeze", '-'),
    ("froze", '-'),
    ("frozen", '-'),
    ("end", '-'),
    ("ended", '-'),
    ("terminate", '-'),
    ("terminated", '-'),
    ("discontinued", '-'),
    ("scrapped", '-'),
    ("close", '-'),
    ("closed", '-'),
    ("banned", '-'),
    ("win", 'w'),
    ("won", 'w'),
    ("wins", 'w'),
    ("approve", 'w'),
    ("approved", 'w'),
    ("accepted", 'w'),
    ("passed", 'w'),
    ("adopted", 'w'),
    ("lose", 'l'),
    ("lost", 'l'),
    ("loses", 'l'),
    ("reject", 'l'),
    ("rejected", 'l'),
    ("failed", 'l'),
    ("defeated", 'l'),
    ("vetoed", 'l'),
];

/// The pole of a word (`+`, `-` of [`comparison`] and of starting/stopping verbs; `w`/`l`
/// for outcomes), None for other words.
pub fn pole(exact: &str) -> Option<char> {
    let exact = exact.to_lowercase();
    comparison(&exact).or_else(|| POLES.iter().find(|(w, _)| *w == exact).map(|&(_, d)| d))
}

/// American spelling of British `-ise`/`-isation`/`-yse` forms (`recognised` → `recognized`).
pub fn american(exact: &str) -> Option<String> {
    for (from, to) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("our", "or"),
        ("ours", "ors"),
    ] {
        if let Some(stem) = exact.strip_suffix(from)
            && stem.len() >= 4
            && !matches!(stem, "prom" | "prec" | "conc" | "wise" | "adv")
        {
            return Some(format!("{stem}{to}"));
        }
    }
    None
}

/// The stem of one word, as the index stems it.
pub fn stem(word: &str) -> String {
    analysis::tokens(word)
        .into_iter()
        .next()
        .map(|t| t.stem)
        .unwrap_or_default()
}

/// Least length of what a derivational suffix leaves (`decis` → `deci`; `coalit` keeps its
/// `it`, as `coal` would be another word).
const ROOT_LEAST: usize = 4;
/// Least length of what `-it` of an `-ition` stem leaves (`recognit` → `recogn`).
const ITION_ROOT_LEAST: usize = 5;

/// Stems the derivational rules would join to an unrelated word, found by measuring them
/// on the vocabulary of the Brown corpus, the seeds, three addresses and the licences
/// (README, "Derivation"): only those of common words (`statement` is not `state`,
/// `status` not `statue`).
const NOT_DERIVED: &[&str] = &[
    "statement",
    "basement",
    "comment",
    "candid",
    "status",
    "circus",
    "circuit",
    "pleas",
    "inherit",
    "exploit",
    "supplement",
    "compliment",
    "regiment",
    "pigment",
    "figment",
];

/// The derivational root of a stem, where the index's stemmer leaves a verb and its noun
/// apart: `-ment` (`agreement` → `agre`, as `agreed`), `-ition` (`recognit` → `recogn`, as
/// `recognised`), `-sion` against `-de` (`decis` and `decid` → `deci`, `inclus` and
/// `includ` → `inclu`). A function of the stem alone, so words whose stems were equal stay
/// equal; only stems that differ by such a suffix come together.
pub fn root(stem: &str) -> String {
    if !stem.is_ascii() || NOT_DERIVED.contains(&stem) {
        return stem.to_string();
    }
    if let Some(rest) = stem.strip_suffix("ment")
        && rest.len() >= 3
    {
        return self::stem(rest);
    }
    if let Some(rest) = stem.strip_suffix("it")
        && rest.len() >= ITION_ROOT_LEAST
    {
        return rest.to_string();
    }
    let b = stem.as_bytes();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if b.len() > ROOT_LEAST && matches!(b[b.len() - 1], b's' | b'd') && vowel(b[b.len() - 2]) {
        return stem[..stem.len() - 1].to_string();
    }
    stem.to_string()
}

/// The tokens of `text` with initials written with full stops joined into one word
/// (`U.N.` → `un`, `U.K.` → `uk`), as they are written without them.
pub fn join_initials(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let initial =
        |t: &Token| t.exact.chars().count() == 1 && t.exact.chars().all(char::is_alphabetic);
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut run = 0;
    for t in tokens {
        let joined = run > 0
            && initial(&t)
            && out
                .last()
                .is_some_and(|p| &text[p.span.end..t.span.start] == ".");
        if joined {
            let last = out.last_mut().expect("a run has a token");
            last.exact.push_str(&t.exact);
            last.span = crate::span::Span::new(last.span.start, t.span.end);
            last.stem = last.exact.clone();
            run += 1;
        } else {
            run = usize::from(initial(&t) && text[t.span.end..].starts_with('.'));
            out.push(t);
        }
    }
    out
}

/// True when a folded word reads as a people's or a country's adjective, keyed as its
/// country (`russian` → `russia`, `american` → `america`).
pub fn demonym(word: &str) -> bool {
    word.len() > 5 && (word.ends_with("ian") || word.ends_with("can"))
}

/// Keys under which words compare: spelling, demonyms and (optionally) synonyms folded.
pub struct Keys {
    synonyms: Synonyms,
    cache: HashMap<String, String>,
}

impl Keys {
    /// Keys folding synonyms as `synonyms` says.
    pub fn new(synonyms: Synonyms) -> Keys {
        Keys {
            synonyms,
            cache: HashMap::new(),
        }
    }

    /// The comparison key of a token: its stem, American spelling and demonyms folded
    /// (`Russian` → `russia`), then the name of its synonym group when it has one.
    pub fn key(&mut self, token: &Token) -> String {
        if let Some(key) = self.cache.get(&token.exact) {
            return key.clone();
        }
        let irregular = IRREGULAR.iter().find(|(form, _)| *form == token.exact);
        let mut base = match (irregular, american(&token.exact)) {
            (Some((_, verb)), _) => stem(verb),
            (None, Some(spelled)) => stem(&spelled),
            (None, None) => token.stem.clone(),
        };
        if demonym(&token.exact) {
            base = token.exact[..token.exact.len() - 1].to_string();
        }
        let base = root(&base);
        let key = match self.synonyms {
            Synonyms::Curated => synonym_groups()
                .get(&base)
                .map_or(base, |g| (*g).to_string()),
            Synonyms::Off => base,
        };
        self.cache.insert(token.exact.clone(), key.clone());
        key
    }

    /// The stems of the other words of `key`'s synonym group (to search for them too).
    pub fn alternatives(&self, key: &str) -> Vec<String> {
        if self.synonyms == Synonyms::Off {
            return Vec::new();
        }
        group_stems()
            .get(key)
            .map(|stems| stems.iter().filter(|s| *s != key).cloned().collect())
            .unwrap_or_default()
    }
}

/// The first word of each synonym group → the stems of its words.
fn group_stems() -> &'static HashMap<&'static str, Vec<String>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<String>>> = OnceLock::new();
    MAP.get_or_init(|| {
        SYNONYMS
            .iter()
            .map(|g| (g[0], g.iter().map(|w| stem(w)).collect()))
            .collect()
    })
}

/// Stem (American spelling) → the first word of its synonym group.
fn synonym_groups() -> &'static HashMap<String, &'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for group in SYNONYMS {
            for word in *group {
                map.entry(root(&stem(word))).or_insert(group[0]);
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(keys: &mut Keys, word: &str) -> String {
        keys.key(&analysis::tokens(word)[0])
    }

    #[test]
    fn spelling_demonyms_and_synonyms_fold() {
        let mut keys = Keys::new(Synonyms::Curated);
        assert_eq!(key(&mut keys, "recognised"), key(&mut keys, "recognized"));
        assert_eq!(key(&mut keys, "recognition"), key(&mut keys, "recognize"));
        assert_eq!(key(&mut keys, "Russian"), key(&mut keys, "Russia"));
        assert_eq!(key(&mut keys, "halted"), key(&mut keys, "stopped"));
        assert_eq!(key(&mut keys, "assistance"), key(&mut keys, "aid"));
        assert_ne!(key(&mut keys, "trips"), key(&mut keys, "countries"));
        assert_eq!(key(&mut keys, "frozen"), key(&mut keys, "freezes"));
        let mut plain = Keys::new(Synonyms::Off);
        assert_ne!(key(&mut plain, "halted"), key(&mut plain, "stopped"));
    }

    #[test]
    fn verbs_and_their_nouns_share_a_root() {
        let mut keys = Keys::new(Synonyms::Off);
        for (a, b) in [
            ("agreed", "agreement"),
            ("recognised", "recognition"),
            ("decided", "decision"),
            ("includes", "inclusion"),
            ("invade", "invasion"),
            ("formally", "formal"),
            ("announced", "announcement"),
            ("elected", "election"),
            ("pursue", "pursuit"),
        ] {
            assert_eq!(key(&mut keys, a), key(&mut keys, b), "{a} / {b}");
        }
        for (a, b) in [
            ("state", "statement"),
            ("status", "statue"),
            ("coalition", "coal"),
            ("candy", "candidate"),
        ] {
            assert_ne!(key(&mut keys, a), key(&mut keys, b), "{a} / {b}");
        }
    }

    #[test]
    fn initials_with_full_stops_are_one_word() {
        let text = "the U.N. General Assembly and J. Smith in the U.S.";
        let words: Vec<String> = join_initials(text, analysis::tokens(text))
            .into_iter()
            .map(|t| format!("{}@{}", t.exact, &text[t.span.range()]))
            .collect();
        assert_eq!(
            words,
            [
                "the@the",
                "un@U.N",
                "general@General",
                "assembly@Assembly",
                "and@and",
                "j@J",
                "smith@Smith",
                "in@in",
                "the@the",
                "us@U.S"
            ]
        );
    }

    #[test]
    fn remain_before_a_participle_is_a_copula() {
        let tokens = analysis::tokens("they remain closed and remained in Kabul but stay frozen");
        let copulas: Vec<&str> = (0..tokens.len())
            .filter(|&i| is_copula(&tokens, i))
            .map(|i| tokens[i].exact.as_str())
            .collect();
        assert_eq!(copulas, ["remain", "stay"]);
    }

    #[test]
    fn bounds_belong_to_their_number() {
        let tokens = analysis::tokens("more than 200 and nearly 5 but more people");
        let number: Vec<bool> = tokens
            .iter()
            .map(|t| t.exact.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let bounds: Vec<&str> = (0..tokens.len())
            .filter(|&i| is_bound(&tokens, i, &number))
            .map(|i| tokens[i].exact.as_str())
            .collect();
        assert_eq!(bounds, ["more", "nearly"]);
    }

    #[test]
    fn negations_include_contractions_but_not_not_only() {
        let text = "It didn’t improve, not only that, never";
        let tokens = analysis::tokens(text);
        let negated: Vec<&str> = (0..tokens.len())
            .filter(|&i| is_negation(&tokens, i, text))
            .map(|i| tokens[i].exact.as_str())
            .collect();
        assert_eq!(negated, ["t", "never"]);
    }
}
