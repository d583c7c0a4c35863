//! Turning a user's query into a tantivy query and a matcher for highlights.

use crate::analysis;
use crate::index::Fields;
use crate::span::{self, Span};
use anyhow::{Result, anyhow, bail};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    RegexPhraseQuery, TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::IndexRecordOption;

mod exact;
mod expand;

pub use expand::{Expansion, Lexicon};

/// Score multiplier for matches of a word's exact form over its stem.
const EXACT_BOOST: f32 = 1.5;
/// Largest edit distance `--fuzzy` accepts.
pub const MAX_FUZZY: u8 = 2;
/// Most prefix, fuzzy and `source:` terms in one query: each expands to many terms, and
/// thousands of them take seconds and gigabytes.
pub const MAX_EXPANDING_TERMS: usize = 256;
/// Deepest nesting of parentheses and `NOT`s: the grammar parses them recursively, and
/// much deeper queries overflow the stack.
pub const MAX_NESTING: usize = 32;

/// How to read a query.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryOptions {
    /// Every word without an operator is required (AND), instead of optional (OR).
    pub all: bool,
    /// Words match others within this many edits.
    pub fuzzy: u8,
}

/// A parsed query: what to search, and what to highlight.
pub struct ParsedQuery {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// The words and phrases that highlight a match.
    pub matcher: Matcher,
}

/// Parses `text`; `lexicon` answers what the index holds (sources by path, terms by prefix
/// or edit distance) for `source:`, `word*` and fuzzy words.
pub fn parse(
    text: &str,
    fields: &Fields,
    options: QueryOptions,
    lexicon: &dyn Lexicon,
) -> Result<ParsedQuery> {
    if options.fuzzy > MAX_FUZZY {
        bail!("--fuzzy takes 0, 1 or 2 edits");
    }
    if text.trim().is_empty() {
        bail!("empty query: give words or \"phrases\" to search for");
    }
    let text = &straight_quotes(text);
    if text
        .split_whitespace()
        .all(|t| matches!(t, "NOT" | "AND" | "OR" | "-" | "+"))
    {
        bail!(
            "malformed query: `NOT`, `AND` and `OR` need words to work on (`Taliban NOT Kabul`); quote them to search for the words"
        );
    }
    if nesting(text) > MAX_NESTING {
        bail!("malformed query: parentheses and `NOT`s nest more than {MAX_NESTING} deep");
    }
    let (ast, errors) = query_grammar::parse_query_lenient(text);
    if let Some(e) = errors.first() {
        bail!("malformed query: {}", pointed(text, e.pos, &e.message));
    }
    let mut builder = Builder {
        fields,
        options,
        lexicon,
        patterns: Vec::new(),
        expanding: 0,
    };
    let query = builder.build(&ast, false)?;
    Ok(ParsedQuery {
        query,
        matcher: Matcher {
            patterns: builder.patterns,
        },
    })
}

/// `text` with curly double quotes (`“…”`, `„…“`) made straight, so that they delimit phrases.
fn straight_quotes(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}', '\u{201e}', '\u{201f}'], "\"")
}

/// How deeply `text` nests parentheses and chains of `NOT`, counted generously (parentheses
/// inside quotes count too).
fn nesting(text: &str) -> usize {
    let (mut parens, mut nots, mut deepest) = (0usize, 0usize, 0usize);
    for token in text.split_whitespace() {
        let opened = token.matches('(').count();
        nots = if token.trim_matches(['(', ')']) == "NOT" {
            nots + 1
        } else {
            0
        };
        deepest = deepest.max(parens + opened + nots);
        parens = (parens + opened).saturating_sub(token.matches(')').count());
    }
    deepest
}

/// `message` with the character position of byte `pos` and the text around it.
fn pointed(text: &str, pos: usize, message: &str) -> String {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let column = text[..pos].chars().count() + 1;
    let near: String = text[pos..].chars().take(20).collect();
    if near.is_empty() {
        format!("{message} at the end of the query (character {column})")
    } else {
        format!("{message} at character {column}, near `{near}`")
    }
}

struct Builder<'a> {
    fields: &'a Fields,
    options: QueryOptions,
    lexicon: &'a dyn Lexicon,
    patterns: Vec<Pattern>,
    /// Prefix, fuzzy and `source:` terms so far.
    expanding: usize,
}

impl Builder<'_> {
    /// The query for `ast`; `negated` when under a NOT, whose words are not highlighted.
    fn build(&mut self, ast: &UserInputAst, negated: bool) -> Result<Box<dyn Query>> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let default = if self.options.all {
                    Occur::Must
                } else {
                    Occur::Should
                };
                // `source:` filters restrict the group they stand in: any of them (OR), with
                // `+source:` each required and `-source:` excluding.
                let mut filters = Vec::new();
                let mut required = Vec::new();
                let mut subqueries = Vec::with_capacity(clauses.len() + 1);
                for (occur, sub) in clauses {
                    let query = self.build(sub, negated || *occur == Some(Occur::MustNot))?;
                    match occur {
                        None | Some(Occur::Should) if is_source_filter(sub) => {
                            filters.push((Occur::Should, query))
                        }
                        Some(Occur::Must) if is_source_filter(sub) => {
                            required.push((Occur::Must, query))
                        }
                        _ => subqueries.push((occur.unwrap_or(default), query)),
                    }
                }
                if subqueries.iter().all(|(o, _)| *o == Occur::MustNot) {
                    subqueries.push((Occur::Must, Box::new(AllQuery)));
                }
                if filters.is_empty() && required.is_empty() {
                    return Ok(Box::new(BooleanQuery::new(subqueries)));
                }
                if !filters.is_empty() {
                    required.push((Occur::Must, Box::new(BooleanQuery::new(filters))));
                }
                required.push((Occur::Must, Box::new(BooleanQuery::new(subqueries))));
                Ok(Box::new(BooleanQuery::new(required)))
            }
            UserInputAst::Boost(sub, boost) => Ok(Box::new(BoostQuery::new(
                self.build(sub, negated)?,
                boost.0 as f32,
            ))),
            UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                UserInputLeaf::Literal(literal) => self.literal(literal, negated),
                UserInputLeaf::All => Ok(Box::new(AllQuery)),
                UserInputLeaf::Range { .. } => bail!("ranges are not supported in cite queries"),
                UserInputLeaf::Set { .. } => {
                    bail!("`IN [...]` sets are not supported in cite queries")
                }
                UserInputLeaf::Regex { .. } => {
                    bail!("regular expressions are not supported; use `word*` for a prefix")
                }
                UserInputLeaf::Exists { .. } => bail!("`field:*` is not supported in cite queries"),
            },
        }
    }

    fn literal(&mut self, literal: &UserInputLiteral, negated: bool) -> Result<Box<dyn Query>> {
        match literal.field_name.as_deref() {
            // The lenient grammar reads an `AND`/`OR` with a side missing as a word.
            None if literal.delimiter == Delimiter::None
                && matches!(literal.phrase.as_str(), "AND" | "OR") =>
            {
                bail!(
                    "malformed query: `{}` needs a word on each side (quote it to search for the word)",
                    literal.phrase
                )
            }
            None => {}
            Some("source") => {
                self.count_expanding()?;
                return Ok(self.source_filter(&literal.phrase));
            }
            Some(other) => bail!("unknown field `{other}:` (the only field is `source:`)"),
        }
        let (phrase, prefix) = wildcard(literal)?;
        let (phrase, word_edits) = word_fuzziness(phrase, literal);
        let words: Vec<Word> = analysis::tokens(phrase)
            .into_iter()
            .map(|t| Word {
                position: t.position,
                exact: t.exact,
                stem: t.stem,
            })
            .collect();
        // `word~N`, as Lucene users type it, is the word within N edits.
        let (fuzzy, slop) = match (
            literal.delimiter,
            word_edits.unwrap_or(literal.slop),
            words.len(),
        ) {
            (Delimiter::None, 0, _) => (self.options.fuzzy, 0),
            (Delimiter::None, edits, 1) if edits <= u32::from(MAX_FUZZY) => (edits as u8, 0),
            (Delimiter::None, edits, 1) => bail!(
                "`{phrase}~{edits}`: a word takes at most ~{MAX_FUZZY} edits (or --fuzzy {MAX_FUZZY})"
            ),
            (Delimiter::None, edits, _) => bail!(
                "`{phrase}~{edits}`: ~N after a word is fuzziness and `{phrase}` is several words; quote them for a phrase within N moves (`\"{phrase}\"~{edits}`) or use --fuzzy"
            ),
            (_, slop, _) => (self.options.fuzzy, slop),
        };
        if prefix || fuzzy > 0 {
            self.count_expanding()?;
        }
        let query = match words.as_slice() {
            [] => return Ok(Box::new(EmptyQuery)),
            [word] => self.word_query(word, prefix, fuzzy)?,
            _ => self.phrase_query(&words, slop, prefix, fuzzy)?,
        };
        if !negated {
            self.patterns.push(match words.len() {
                1 => Pattern::Word {
                    word: words.into_iter().next().ok_or_else(|| anyhow!("no word"))?,
                    prefix,
                    fuzzy,
                },
                _ => Pattern::Phrase {
                    words,
                    slop,
                    prefix,
                    fuzzy,
                },
            });
        }
        Ok(query)
    }

    /// Counts one term that expands to many, failing past [`MAX_EXPANDING_TERMS`].
    fn count_expanding(&mut self) -> Result<()> {
        self.expanding += 1;
        if self.expanding > MAX_EXPANDING_TERMS {
            bail!(
                "the query has more than {MAX_EXPANDING_TERMS} prefix, fuzzy or `source:` terms; use fewer (or drop --fuzzy)"
            );
        }
        Ok(())
    }

    /// A word's stem and exact form (ranked first), and with `prefix` or `fuzzy` the indexed
    /// words it expands to, each scored by BM25 and boosted by how close it is.
    fn word_query(&self, word: &Word, prefix: bool, fuzzy: u8) -> Result<Box<dyn Query>> {
        if prefix {
            let found = self.lexicon.with_prefix(self.fields.exact, &word.exact);
            let expansions = expand::prefix_expansions(&word.exact, found);
            return Ok(self.expanded(&word.exact, expansions, Forms::Indexed));
        }
        let stem = Term::from_field_text(self.fields.text, &word.stem);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (
                Occur::Should,
                Box::new(TermQuery::new(stem, IndexRecordOption::WithFreqs)),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    self.written(&word.exact, Forms::Written),
                    EXACT_BOOST,
                )),
            ),
        ];
        if fuzzy > 0 {
            let found = self
                .lexicon
                .within_edits(self.fields.exact, &word.exact, fuzzy);
            let mut expansions = expand::fuzzy_expansions(&word.exact, fuzzy, found);
            expansions.retain(|e| e.term != word.exact);
            clauses.push((
                Occur::Should,
                self.expanded(&word.exact, expansions, Forms::Written),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// One BM25 term query per expansion of `word` (but `word` itself), boosted by closeness.
    fn expanded(&self, word: &str, expansions: Vec<Expansion>, forms: Forms) -> Box<dyn Query> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = expansions
            .into_iter()
            .map(|e| {
                let boost = if e.term == word {
                    EXACT_BOOST
                } else {
                    e.closeness
                };
                let query: Box<dyn Query> =
                    Box::new(BoostQuery::new(self.written(&e.term, forms), boost));
                (Occur::Should, query)
            })
            .collect();
        if clauses.is_empty() {
            return Box::new(EmptyQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Passages holding the exact form `exact`: its marked term, or for a word that is its
    /// own stem, the stem term, where none of its inflections stands if `forms` says so.
    fn written(&self, exact: &str, forms: Forms) -> Box<dyn Query> {
        let stem = analysis::stem(exact);
        if stem == exact {
            return match forms {
                Forms::Written => Box::new(exact::SelfStemQuery::new(self.fields.exact, &stem)),
                Forms::Indexed => Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.exact, &stem),
                    IndexRecordOption::WithFreqs,
                )),
            };
        }
        let term = Term::from_field_text(self.fields.exact, &analysis::marked(exact));
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    }

    fn phrase_query(
        &self,
        words: &[Word],
        slop: u32,
        prefix: bool,
        fuzzy: u8,
    ) -> Result<Box<dyn Query>> {
        if fuzzy > 0 && !prefix {
            return self.fuzzy_phrase_query(words, slop, fuzzy);
        }
        let terms = |field, stemmed: bool| -> Vec<(usize, Term)> {
            words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    // A phrase prefix's last word is the prefix of indexed terms.
                    let text = match (stemmed, prefix && i + 1 == words.len()) {
                        (true, _) => w.stem.clone(),
                        (false, true) => w.exact.clone(),
                        (false, false) => w.key(),
                    };
                    (w.position, Term::from_field_text(field, &text))
                })
                .collect()
        };
        if prefix {
            return Ok(Box::new(PhrasePrefixQuery::new_with_offset(terms(
                self.fields.exact,
                false,
            ))));
        }
        // The exact forms stand where their stems do: the exact phrase only ranks passages
        // that hold the stemmed one.
        Ok(Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(PhraseQuery::new_with_offset_and_slop(
                    terms(self.fields.text, true),
                    slop,
                )),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new_with_offset_and_slop(
                        terms(self.fields.exact, false),
                        slop,
                    )),
                    EXACT_BOOST,
                )),
            ),
        ])))
    }

    /// A phrase whose every word may be any indexed word within `fuzzy` edits of it.
    fn fuzzy_phrase_query(&self, words: &[Word], slop: u32, fuzzy: u8) -> Result<Box<dyn Query>> {
        let mut regexes = Vec::with_capacity(words.len());
        for word in words {
            let found = self
                .lexicon
                .within_edits(self.fields.exact, &word.exact, fuzzy);
            let mut forms: Vec<String> = expand::fuzzy_expansions(&word.exact, fuzzy, found)
                .into_iter()
                .map(|e| regex_escape(&analysis::exact_key(&e.term, &analysis::stem(&e.term))))
                .collect();
            if forms.is_empty() {
                return Ok(Box::new(EmptyQuery));
            }
            forms.sort();
            regexes.push((word.position, format!("({})", forms.join("|"))));
        }
        Ok(Box::new(RegexPhraseQuery::new_with_offset_and_slop(
            self.fields.exact,
            regexes,
            slop,
        )))
    }

    fn source_filter(&self, pattern: &str) -> Box<dyn Query> {
        let terms = self
            .lexicon
            .sources_matching(pattern)
            .into_iter()
            .map(|s| Term::from_field_text(self.fields.source, &s));
        Box::new(TermSetQuery::new(terms))
    }
}

/// True for a `source:` literal, or a group of nothing but `source:` filters: it restricts
/// the group it stands in instead of adding passages to it.
fn is_source_filter(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => matches!(leaf.as_ref(),
            UserInputLeaf::Literal(l) if l.field_name.as_deref() == Some("source")),
        UserInputAst::Clause(clauses) => {
            !clauses.is_empty()
                && clauses
                    .iter()
                    .all(|(occur, sub)| *occur != Some(Occur::MustNot) && is_source_filter(sub))
        }
        UserInputAst::Boost(..) => false,
    }
}

/// The literal's text and whether it is a prefix: `"a b"*`, or an unquoted word ending in `*`
/// (which the grammar leaves inside the word).
fn wildcard(literal: &UserInputLiteral) -> Result<(&str, bool)> {
    let phrase = literal.phrase.as_str();
    if literal.delimiter != Delimiter::None {
        return Ok((phrase, literal.prefix));
    }
    let stem = phrase.strip_suffix('*').unwrap_or(phrase);
    if stem.contains(['*', '?']) {
        bail!("`{phrase}`: wildcards are supported only at the end of a word (`word*`)");
    }
    Ok((stem, literal.prefix || stem.len() < phrase.len()))
}

/// An unquoted `word~N` split into the word and its N edits (the grammar leaves them in
/// the word).
fn word_fuzziness<'a>(phrase: &'a str, literal: &UserInputLiteral) -> (&'a str, Option<u32>) {
    if literal.delimiter != Delimiter::None {
        return (phrase, None);
    }
    match phrase.rsplit_once('~') {
        Some((word, n)) if !word.is_empty() && !n.is_empty() => match n.parse() {
            Ok(edits) => (word, Some(edits)),
            Err(_) => (phrase, None),
        },
        _ => (phrase, None),
    }
}

/// Escapes the regex metacharacters of `text`.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == analysis::EXACT_MARK {
            out.push_str("\\x01");
            continue;
        }
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which passages an unmarked term (a word that is its own stem, or a bare stem) stands for.
#[derive(Debug, Clone, Copy)]
enum Forms {
    /// Those holding it as written: a bare stem (`hous`) must not bring in its inflections,
    /// which may be far from a fuzzy word (`hou~1` is not `housing`).
    Written,
    /// Those holding any word of that stem: for a prefix, whose inflections mostly start
    /// with the prefix too, and much cheaper (`a*` expands to 64 short words).
    Indexed,
}

/// A query word in the forms the analyzers give it.
#[derive(Debug, Clone)]
struct Word {
    position: usize,
    exact: String,
    stem: String,
}

impl Word {
    /// The indexed term text of the exact form.
    fn key(&self) -> String {
        analysis::exact_key(&self.exact, &self.stem)
    }

    /// True when `token` is this word: same stem or same exact form.
    fn is(&self, token: &analysis::Token) -> bool {
        token.stem == self.stem || token.exact == self.exact
    }
}

/// Something a query looks for, to highlight.
#[derive(Debug, Clone)]
enum Pattern {
    Word {
        word: Word,
        prefix: bool,
        fuzzy: u8,
    },
    Phrase {
        words: Vec<Word>,
        slop: u32,
        prefix: bool,
        fuzzy: u8,
    },
}

/// Finds the byte spans of a query's words and phrases in a passage.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Spans (relative to `text`) of every match, sorted, overlaps merged.
    pub fn highlights(&self, text: &str) -> Vec<Span> {
        let tokens = analysis::tokens(text);
        let mut spans = Vec::new();
        for pattern in &self.patterns {
            match pattern {
                Pattern::Word {
                    word,
                    prefix,
                    fuzzy,
                } => spans.extend(
                    tokens
                        .iter()
                        .filter(|t| {
                            word.is(t)
                                || (*prefix && t.exact.starts_with(&word.exact))
                                || (*fuzzy > 0 && within_edits(&t.exact, &word.exact, *fuzzy))
                        })
                        .map(|t| t.span),
                ),
                Pattern::Phrase {
                    words,
                    slop,
                    prefix,
                    fuzzy,
                } => {
                    for start in 0..tokens.len() {
                        if let Some((first, last)) =
                            phrase_at(&tokens, start, words, *slop, *prefix, *fuzzy)
                        {
                            spans.push(Span::new(tokens[first].span.start, tokens[last].span.end));
                        }
                    }
                }
            }
        }
        span::merge(spans)
    }
}

/// The first and last token of an occurrence of `words` whose first word is token `start`,
/// if any. As in tantivy, each word's position less its place in the phrase must equal the
/// previous word's, give or take a budget of `slop` moves in all (a swap costs 2).
fn phrase_at(
    tokens: &[analysis::Token],
    start: usize,
    words: &[Word],
    slop: u32,
    prefix: bool,
    fuzzy: u8,
) -> Option<(usize, usize)> {
    let last = words.len() - 1;
    let matches = |k: usize, t: &analysis::Token| {
        words[k].is(t)
            || (prefix && k == last && t.exact.starts_with(&words[k].exact))
            || (fuzzy > 0 && !prefix && within_edits(&t.exact, &words[k].exact, fuzzy))
    };
    if !matches(0, &tokens[start]) {
        return None;
    }
    let aligned =
        |k: usize, token: &analysis::Token| token.position as isize - words[k].position as isize;
    let mut budget = slop as usize;
    let mut previous = aligned(0, &tokens[start]);
    let (mut first, mut end) = (start, start);
    for k in 1..words.len() {
        let (j, cost) = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| matches(k, t))
            .map(|(j, t)| (j, aligned(k, t).abs_diff(previous)))
            .filter(|&(_, cost)| cost <= budget)
            .min_by_key(|&(_, cost)| cost)?;
        budget -= cost;
        previous = aligned(k, &tokens[j]);
        first = first.min(j);
        end = end.max(j);
    }
    Some((first, end))
}

/// True when `a` and `b` are within `max` edits (insert, delete, substitute, transpose).
pub(crate) fn within_edits(a: &str, b: &str, max: u8) -> bool {
    let max = usize::from(max);
    if a.is_ascii() && b.is_ascii() {
        return edits_within(a.as_bytes(), b.as_bytes(), max);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edits_within(&a, &b, max)
}

/// True when the optimal string alignment distance of `a` and `b` is at most `max`: the
/// highlighter asks it of every word of every hit, so it allocates once, and only for words
/// whose lengths are close enough.
fn edits_within<T: PartialEq>(a: &[T], b: &[T], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    if a == b {
        return true;
    }
    // Rows i - 2, i - 1 and i of the distance table, side by side.
    let width = b.len() + 1;
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[width..2 * width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (before, rest) = rows.split_at_mut(width);
        let (previous, current) = rest.split_at_mut(width);
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        rows.rotate_left(width);
    }
    rows[width + b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(q: &str, fuzzy: u8) -> Matcher {
        let (schema_fields, _) = test_fields();
        parse(
            q,
            &schema_fields,
            QueryOptions { all: false, fuzzy },
            &|_: &str| Vec::new(),
        )
        .unwrap()
        .matcher
    }

    fn test_fields() -> (Fields, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let cite = crate::index::CiteIndex::create(dir.path()).unwrap();
        (cite.fields, dir)
    }

    fn marked(q: &str, fuzzy: u8, text: &str) -> Vec<String> {
        matcher(q, fuzzy)
            .highlights(text)
            .into_iter()
            .map(|s| text[s.range()].to_string())
            .collect()
    }

    #[test]
    fn phrases_highlight_occurrences_not_stray_words() {
        let text = "Aid flows. Humanitarian aid — humanitarian   AID again; aid.";
        assert_eq!(
            marked("\"humanitarian aid\"", 0, text),
            ["Humanitarian aid", "humanitarian   AID"]
        );
    }

    #[test]
    fn words_match_stems_accents_and_apostrophes() {
        let text = "António Guterres recognised the Taliban’s envoy";
        assert_eq!(
            marked("antonio recognise", 0, text),
            ["António", "recognised"]
        );
        assert_eq!(marked("Taliban's", 0, text), ["Taliban’s"]);
    }

    #[test]
    fn fuzzy_and_prefix_words_highlight_what_matched() {
        let text = "Hibatullah and Haibatullah met Kabulov in Kabul";
        assert_eq!(
            marked("Haibatullah", 1, text),
            ["Hibatullah", "Haibatullah"]
        );
        assert_eq!(marked("kabu*", 0, text), ["Kabulov", "Kabul"]);
    }

    #[test]
    fn negated_words_are_not_highlighted() {
        assert_eq!(
            marked("sanctions -Russia", 0, "Russia sanctions"),
            ["sanctions"]
        );
    }

    #[test]
    fn sloppy_phrases_allow_gaps() {
        let text = "aid for humanitarian needs; humanitarian and emergency aid";
        assert_eq!(
            marked("\"humanitarian aid\"~2", 0, text),
            ["humanitarian and emergency aid"]
        );
        assert_eq!(
            marked("\"aid humanitarian\"~2", 0, "humanitarian aid"),
            ["humanitarian aid"]
        );
        assert!(marked("\"aid humanitarian\"~1", 0, "humanitarian aid").is_empty());
    }

    #[test]
    fn malformed_queries_point_at_the_problem() {
        let (fields, _dir) = test_fields();
        for q in ["(unbalanced", "\"open phrase", "title:x", "[a TO b]"] {
            let err = parse(q, &fields, QueryOptions::default(), &|_: &str| Vec::new()).err();
            assert!(err.is_some(), "{q}");
        }
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert!(within_edits("haibatullah", "hibatullah", 1));
        assert!(within_edits("kaubl", "kabul", 1));
        assert!(!within_edits("kabul", "doha", 2));
    }

    /// The distance table written out whole, as the reference for [`within_edits`].
    fn distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in rows.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in rows[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut d = (rows[i - 1][j] + 1)
                    .min(rows[i][j - 1] + 1)
                    .min(rows[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(rows[i - 2][j - 2] + 1);
                }
                rows[i][j] = d;
            }
        }
        rows[a.len()][b.len()]
    }

    proptest::proptest! {
        #[test]
        fn within_edits_agrees_with_the_whole_distance_table(
            a in "[abcé]{0,7}",
            b in "[abcé]{0,7}",
            max in 0u8..=3,
        ) {
            proptest::prop_assert_eq!(within_edits(&a, &b, max), distance(&a, &b) <= usize::from(max));
        }
    }
}
