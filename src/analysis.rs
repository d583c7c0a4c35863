//! The text analysis shared by indexing, querying and highlighting: words, their exact
//! forms (case and accents folded) and their English stems, found in one pass.
//!
//! The index holds one positional field. At each word's position it has the word's stem
//! and, only where it differs from the stem, the exact form marked with [`EXACT_MARK`]
//! (as Lucene's KeywordRepeat and RemoveDuplicates filters do), so a stem query is one
//! term and an exact-form query is one term too ([`exact_key`]).

use crate::span::Span;
use rustc_hash::FxHasher;
use std::hash::Hasher;
use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer,
    Token as TantivyToken, TokenStream, Tokenizer,
};

/// Tokenizer name of the indexed passage text: stems, and marked exact forms.
pub const FORMS: &str = "cite_forms";
/// Ends the indexed term of an exact form that differs from its stem; no word holds it.
pub const EXACT_MARK: char = '\u{1}';
/// Words this many bytes long or longer are not indexed (their position is kept).
const MAX_TOKEN_BYTES: usize = 40;

/// Registers cite's analyzer with `index`; needed on every open.
pub fn register(index: &Index) {
    index
        .tokenizers()
        .register(FORMS, TextAnalyzer::from(FormsTokenizer::default()));
}

/// The indexed term text of a word's exact form: the stem itself where the two agree,
/// else the exact form followed by [`EXACT_MARK`].
pub fn exact_key(exact: &str, stem: &str) -> String {
    if exact == stem {
        exact.to_string()
    } else {
        marked(exact)
    }
}

/// `exact` followed by [`EXACT_MARK`]: the indexed term of an exact form that is not a stem.
pub fn marked(exact: &str) -> String {
    format!("{exact}{EXACT_MARK}")
}

/// One word of a text as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Word number in the text (gaps where over-long words were dropped).
    pub position: usize,
    /// Bytes of the word in the text.
    pub span: Span,
    /// Exact form: lowercased, accents folded.
    pub exact: String,
    /// English stem of the exact form.
    pub stem: String,
}

impl Token {
    /// The indexed term text of this word's exact form (see [`exact_key`]).
    pub fn exact_key(&self) -> String {
        exact_key(&self.exact, &self.stem)
    }
}

/// The words of `text`, with their exact and stemmed forms.
pub fn tokens(text: &str) -> Vec<Token> {
    with_forms(|forms| {
        let mut out = Vec::new();
        let mut exact = String::new();
        let mut stem = String::new();
        for (position, span) in Words::new(text) {
            forms.exact_into(&text[span.range()], &mut exact);
            forms.stem_into(&exact, &mut stem);
            out.push(Token {
                position,
                span,
                exact: exact.clone(),
                stem: stem.clone(),
            });
        }
        out
    })
}

/// The English stem of an exact form.
pub fn stem(exact: &str) -> String {
    with_forms(|forms| {
        let mut out = String::new();
        forms.stem_into(exact, &mut out);
        out
    })
}

/// Runs `f` with this thread's [`Forms`] (built once: analyzers cost allocations).
fn with_forms<T>(f: impl FnOnce(&mut Forms) -> T) -> T {
    thread_local! {
        static FORMS: std::cell::RefCell<Forms> =
            std::cell::RefCell::new(Forms::caching(ANALYSIS_CACHE_SETS));
    }
    FORMS.with(|forms| f(&mut forms.borrow_mut()))
}

/// The (exact, stem) forms of each word of `text`, as a query would search them.
pub fn query_terms(text: &str) -> Vec<(String, String)> {
    tokens(text)
        .into_iter()
        .map(|t| (t.exact, t.stem))
        .collect()
}

/// The words of a text: maximal runs of alphanumeric characters (as tantivy's
/// `SimpleTokenizer` splits), numbered, those of [`MAX_TOKEN_BYTES`] or more left out.
struct Words<'a> {
    text: &'a str,
    at: usize,
    position: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        Words {
            text,
            at: 0,
            position: 0,
        }
    }

    /// Index of the first byte at or after `from` whose character is (or, with
    /// `alphanumeric` false, is not) alphanumeric; the text's length if none.
    fn seek(&self, from: usize, alphanumeric: bool) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            let (is, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = self.text[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            };
            if is == alphanumeric {
                return i;
            }
            i += len;
        }
        bytes.len()
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, Span);

    fn next(&mut self) -> Option<(usize, Span)> {
        loop {
            let start = self.seek(self.at, true);
            if start == self.text.len() {
                self.at = start;
                return None;
            }
            let end = self.seek(start, false);
            self.at = end;
            let position = self.position;
            self.position += 1;
            if end - start < MAX_TOKEN_BYTES {
                return Some((position, Span::new(start, end)));
            }
        }
    }
}

/// Folds words to their exact forms and stems them.
#[derive(Clone)]
struct Forms {
    /// Lowercases and folds accents of one non-ASCII word (tantivy's own filters).
    fold: TextAnalyzer,
    /// Stems one exact form (tantivy's English stemmer).
    stemmer: TextAnalyzer,
    /// The stems of words seen, when indexing.
    cache: Option<StemCache>,
}

impl Default for Forms {
    fn default() -> Forms {
        Forms {
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            cache: None,
        }
    }
}

impl Forms {
    /// Forms that remember the stems of the words they see in a cache of `sets` sets.
    fn caching(sets: usize) -> Forms {
        Forms {
            cache: Some(StemCache::with_sets(sets)),
            ..Forms::default()
        }
    }

    /// Writes the exact form of `word` (lowercased, accents folded) into `out`.
    fn exact_into(&mut self, word: &str, out: &mut String) {
        out.clear();
        self.exact_onto(word, out);
    }

    /// Appends the exact form of `word` to `out`.
    fn exact_onto(&mut self, word: &str, out: &mut String) {
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            let mut stream = self.fold.token_stream(word);
            if stream.advance() {
                out.push_str(&stream.token().text);
            }
        }
    }

    /// Writes the English stem of the exact form `exact` into `out`.
    fn stem_into(&mut self, exact: &str, out: &mut String) {
        out.clear();
        self.stem_onto(exact, out);
    }

    /// Appends the English stem of the exact form `exact` to `out`.
    fn stem_onto(&mut self, exact: &str, out: &mut String) {
        self.stem_keyed_onto(exact, StemCache::key(exact).as_ref(), out);
    }

    /// Appends the English stem of `exact`, whose stem cache key is `key`, to `out`.
    fn stem_keyed_onto(&mut self, exact: &str, key: Option<&Key>, out: &mut String) {
        let Some(key) = key else {
            self.stem_uncached_onto(exact, out);
            return;
        };
        if let Some(cache) = &self.cache
            && cache.get(key, exact, out)
        {
            return;
        }
        let start = out.len();
        self.stem_uncached_onto(exact, out);
        if let Some(cache) = &mut self.cache {
            cache.put(key, exact, &out[start..]);
        }
    }

    /// Appends the English stem of `exact` to `out`, from the stemmer.
    fn stem_uncached_onto(&mut self, exact: &str, out: &mut String) {
        let mut stream = self.stemmer.token_stream(exact);
        if stream.advance() {
            out.push_str(&stream.token().text);
        }
    }
}

/// Bytes of a cached word, with its length in the first byte.
const KEY_BYTES: usize = 24;
/// A word as the stem cache knows it: its length, its bytes, zeros.
type Key = [u8; KEY_BYTES];
/// Bytes of a stem's last letters where they differ from the word's.
const TAIL_BYTES: usize = 6;
/// Bytes of a slot: the word, then its stem as the length of the prefix it shares with the
/// word, the length of the rest, and the rest.
const SLOT_BYTES: usize = KEY_BYTES + 2 + TAIL_BYTES;
/// Slots of a set: a word may be in either; the two fill one 64-byte line of the CPU's
/// cache, so a lookup costs one memory access.
const WAYS: usize = 2;
/// Bytes of a set, and their alignment.
const SET_BYTES: usize = SLOT_BYTES * WAYS;
/// Sets of the index tokenizer's stem cache: 32,768 of 64 bytes (2 MB). Brown has 42,000
/// distinct words: 16,384 direct-mapped slots (512 KB) missed 10.5% of its words, and each
/// miss runs the stemmer; these sets miss 3.2%. The slots are read from the CPU's L3 cache
/// either way (the postings writer's tables evict them from L2), so a larger cache costs
/// no more a lookup.
const INDEX_CACHE_SETS: usize = 1 << 15;
/// Sets of the stem cache of the other analyses (highlights, quotes, claims): 2,048
/// (128 KB, 32 pages). Each word lands on a page at random, and the first touch of a page
/// is a page fault: the index's cache took a query with ten 600-byte hits about 110 faults,
/// more than stemming their words again costs.
const ANALYSIS_CACHE_SETS: usize = 1 << 11;

/// A set-associative cache of the stems of short words, inline in its slots, allocated
/// when first filled.
#[derive(Clone)]
struct StemCache {
    /// Zeroed bytes, [`SET_BYTES`] more than the sets need so that they can start on a
    /// multiple of [`SET_BYTES`] (at `start`).
    bytes: Vec<u8>,
    start: usize,
    /// Its number of sets, a power of two.
    sets: usize,
}

impl StemCache {
    /// An empty cache of `sets` sets (a power of two).
    fn with_sets(sets: usize) -> StemCache {
        StemCache {
            bytes: Vec::new(),
            start: 0,
            sets,
        }
    }

    /// `text` as a slot key; None when too long.
    fn key(text: &str) -> Option<Key> {
        let mut key = [0; KEY_BYTES];
        StemCache::write_key(text, &mut key).then_some(key)
    }

    /// Writes `text` as a slot key (its length, its bytes) into the zeroed `key`; false,
    /// and `key` left zero, when too long.
    fn write_key(text: &str, key: &mut Key) -> bool {
        let bytes = text.as_bytes();
        if bytes.len() >= KEY_BYTES {
            return false;
        }
        key[0] = bytes.len() as u8;
        key[1..=bytes.len()].copy_from_slice(bytes);
        true
    }

    /// The bytes of the set `key` belongs in; empty before the cache is first filled.
    fn set(&self, key: &Key) -> std::ops::Range<usize> {
        let mut hasher = FxHasher::default();
        hasher.write(key);
        let at = self.start + (hasher.finish() >> 32) as usize % self.sets * SET_BYTES;
        if self.bytes.is_empty() {
            0..0
        } else {
            at..at + SET_BYTES
        }
    }

    /// Reads the sets of `keys`, one after another, so that the CPU fetches them from
    /// memory at once rather than when each is looked up.
    fn touch<'a>(&self, keys: impl Iterator<Item = &'a Key>) {
        let mut seen = 0;
        for key in keys {
            seen ^= self.bytes.get(self.set(key).start).copied().unwrap_or(0);
        }
        std::hint::black_box(seen);
    }

    /// Appends the cached stem of `word`, whose key is `key`, to `out`; false when not
    /// cached.
    fn get(&self, key: &Key, word: &str, out: &mut String) -> bool {
        let Some(slot) = self.bytes[self.set(key)]
            .chunks_exact(SLOT_BYTES)
            .find(|slot| slot[..KEY_BYTES] == *key)
        else {
            return false;
        };
        let (shared, tail) = (slot[KEY_BYTES] as usize, slot[KEY_BYTES + 1] as usize);
        let tail = &slot[KEY_BYTES + 2..KEY_BYTES + 2 + tail];
        match (word.get(..shared), std::str::from_utf8(tail)) {
            (Some(head), Ok(tail)) => {
                out.push_str(head);
                out.push_str(tail);
                true
            }
            _ => false,
        }
    }

    /// Remembers that `stem` is the stem of `word`, whose key is `key` (if the stem's tail
    /// is short enough), in the first slot of its set; the word there moves to the second,
    /// whose word is forgotten.
    fn put(&mut self, key: &Key, word: &str, stem: &str) {
        let shared = word
            .char_indices()
            .zip(stem.chars())
            .find(|((_, a), b)| a != b)
            .map_or(word.len().min(stem.len()), |((i, _), _)| i);
        let tail = &stem.as_bytes()[shared..];
        if tail.len() > TAIL_BYTES {
            return;
        }
        if self.bytes.is_empty() {
            self.bytes = vec![0; self.sets * SET_BYTES + SET_BYTES];
            self.start = self.bytes.as_ptr().align_offset(SET_BYTES);
        }
        let set = self.set(key);
        let set = &mut self.bytes[set];
        set.copy_within(..SLOT_BYTES, SLOT_BYTES);
        let slot = &mut set[..SLOT_BYTES];
        slot.fill(0);
        slot[..KEY_BYTES].copy_from_slice(key);
        slot[KEY_BYTES] = shared as u8;
        slot[KEY_BYTES + 1] = tail.len() as u8;
        slot[KEY_BYTES + 2..KEY_BYTES + 2 + tail.len()].copy_from_slice(tail);
    }
}

/// The tokenizer of the indexed text: each word's stem, then at the same position its
/// marked exact form where that differs.
///
/// It finds and folds all the words of a text before it stems them, so that the stem
/// cache's lookups follow one another and the CPU overlaps their misses (they missed its
/// L2 cache, one at a time between the postings writer's own misses).
#[derive(Clone)]
pub struct FormsTokenizer {
    forms: Forms,
    token: TantivyToken,
    analyzed: Analyzed,
}

/// The words of one text, with their exact forms and stems.
#[derive(Clone, Default)]
struct Analyzed {
    /// Position and span of each word, and the ends of its exact form and stem.
    words: Vec<(usize, Span, usize, usize)>,
    /// The exact forms, one after another.
    exacts: String,
    /// The stems, one after another.
    stems: String,
    /// The stem cache key of each exact form; zero for those too long for the cache.
    keys: Vec<Key>,
}

impl Analyzed {
    /// Finds the words of `text`, folds them and makes their cache keys, then stems them.
    ///
    /// A key is written byte by byte and read whole by the lookup: made just before, the
    /// read waited for the writes to leave the CPU's store buffer (a third of a lookup's
    /// time); made a pass earlier, it reads from the L1 cache.
    fn analyze(&mut self, forms: &mut Forms, text: &str) {
        self.words.clear();
        self.exacts.clear();
        self.stems.clear();
        self.keys.clear();
        for (position, span) in Words::new(text) {
            let from = self.exacts.len();
            forms.exact_onto(&text[span.range()], &mut self.exacts);
            self.keys.push([0; KEY_BYTES]);
            if let Some(key) = self.keys.last_mut() {
                StemCache::write_key(&self.exacts[from..], key);
            }
            self.words.push((position, span, self.exacts.len(), 0));
        }
        if let Some(cache) = &forms.cache {
            cache.touch(self.keys.iter().filter(|key| key[0] != 0));
        }
        let mut from = 0;
        for (word, key) in self.words.iter_mut().zip(&self.keys) {
            let key = (key[0] != 0).then_some(key);
            forms.stem_keyed_onto(&self.exacts[from..word.2], key, &mut self.stems);
            word.3 = self.stems.len();
            from = word.2;
        }
    }

    /// The exact form and stem of word `i`.
    fn forms(&self, i: usize) -> (&str, &str) {
        let (exact_from, stem_from) = match i.checked_sub(1) {
            Some(before) => (self.words[before].2, self.words[before].3),
            None => (0, 0),
        };
        let (_, _, exact_to, stem_to) = self.words[i];
        (
            &self.exacts[exact_from..exact_to],
            &self.stems[stem_from..stem_to],
        )
    }
}

impl Default for FormsTokenizer {
    fn default() -> FormsTokenizer {
        FormsTokenizer {
            forms: Forms::caching(INDEX_CACHE_SETS),
            token: TantivyToken::default(),
            analyzed: Analyzed::default(),
        }
    }
}

impl Tokenizer for FormsTokenizer {
    type TokenStream<'a> = FormsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FormsStream<'a> {
        self.token.reset();
        self.analyzed.analyze(&mut self.forms, text);
        FormsStream {
            analyzed: &self.analyzed,
            token: &mut self.token,
            next: 0,
            exact_pending: false,
        }
    }
}

/// The tokens of one text for the index (see [`FormsTokenizer`]).
pub struct FormsStream<'a> {
    analyzed: &'a Analyzed,
    token: &'a mut TantivyToken,
    /// The next word to give.
    next: usize,
    exact_pending: bool,
}

impl TokenStream for FormsStream<'_> {
    fn advance(&mut self) -> bool {
        if self.exact_pending {
            self.exact_pending = false;
            let (exact, _) = self.analyzed.forms(self.next - 1);
            self.token.text.clear();
            self.token.text.push_str(exact);
            self.token.text.push(EXACT_MARK);
            return true;
        }
        let Some(&(position, span, _, _)) = self.analyzed.words.get(self.next) else {
            return false;
        };
        let analyzed = self.analyzed;
        let (exact, stem) = analyzed.forms(self.next);
        self.exact_pending = exact != stem;
        self.token.text.clear();
        self.token.text.push_str(stem);
        self.token.position = position;
        self.token.offset_from = span.start;
        self.token.offset_to = span.end;
        self.next += 1;
        true
    }

    fn token(&self) -> &TantivyToken {
        self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    #[test]
    fn folds_case_accents_and_apostrophes() {
        let forms: Vec<String> = tokens("António’s RECOGNISED Taliban's")
            .into_iter()
            .map(|t| format!("{}/{}", t.exact, t.stem))
            .collect();
        assert_eq!(
            forms,
            [
                "antonio/antonio",
                "s/s",
                "recognised/recognis",
                "taliban/taliban",
                "s/s"
            ]
        );
    }

    #[test]
    fn token_spans_point_at_the_original_words() {
        let text = "« Émir » — Kabul’s";
        for t in tokens(text) {
            let word = &text[t.span.range()];
            assert!(word.chars().all(char::is_alphanumeric), "{word:?}");
        }
    }

    #[test]
    fn the_index_gets_stems_and_differing_exact_forms_at_one_position() {
        let seen = indexed(&mut FormsTokenizer::default(), "The houses, the house");
        let expected = [
            (0, "the"),
            (1, "hous"),
            (1, "houses="),
            (2, "the"),
            (3, "hous"),
            (3, "house="),
        ];
        let expected: Vec<(usize, String)> =
            expected.iter().map(|(p, t)| (*p, t.to_string())).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_stem_cache_forgets_words_but_never_mixes_them_up() {
        let words: Vec<String> = (0..200_000).map(|i| format!("w{i}ing")).collect();
        let mut cache = StemCache::with_sets(INDEX_CACHE_SETS);
        let key = |word: &str| StemCache::key(word).expect("a short word");
        for word in &words {
            cache.put(&key(word), word, &word[..word.len() - 3]);
        }
        let mut found = 0;
        for word in &words {
            let mut out = String::new();
            if cache.get(&key(word), word, &mut out) {
                assert_eq!(out, word[..word.len() - 3]);
                found += 1;
            }
        }
        let sets = INDEX_CACHE_SETS;
        assert!(found > sets && found <= sets * WAYS, "{found}");
        let last = words.last().expect("words");
        let mut out = String::new();
        assert!(cache.get(&key(last), last, &mut out) && out == last[..last.len() - 3]);
    }

    /// The words as tantivy's own analyzers (simple tokenizer, long words removed, lower
    /// case, ASCII folding, English stemmer) give them.
    fn tantivy_words(text: &str) -> Vec<(usize, usize, usize, String, String)> {
        let analyzer = |stem: bool| {
            let builder = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter);
            if stem {
                builder.filter(Stemmer::new(Language::English)).build()
            } else {
                builder.build()
            }
        };
        let collect = |mut analyzer: TextAnalyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while let Some(t) = stream.next() {
                out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
            }
            out
        };
        collect(analyzer(false))
            .into_iter()
            .zip(collect(analyzer(true)))
            .map(|((p, from, to, exact), (_, _, _, stem))| (p, from, to, exact, stem))
            .collect()
    }

    /// (position, text) of the index's tokens of `text`, the exact mark shown as `=`.
    fn indexed(tokenizer: &mut FormsTokenizer, text: &str) -> Vec<(usize, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.replace(EXACT_MARK, "=")));
        }
        out
    }

    proptest! {
        #[test]
        fn the_index_gets_the_forms_tokens_gives(text in "([a-zA-Z]{1,30}|[ ,.éü]{1,2}){0,40}") {
            let mut expected = Vec::new();
            for t in tokens(&text) {
                let differs = t.exact != t.stem;
                expected.push((t.position, t.stem.clone()));
                if differs {
                    expected.push((t.position, format!("{}=", t.exact)));
                }
            }
            let mut tokenizer = FormsTokenizer::default();
            // Twice: the second pass reads the stems from the cache.
            prop_assert_eq!(&indexed(&mut tokenizer, &text), &expected);
            prop_assert_eq!(&indexed(&mut tokenizer, &text), &expected);
        }

        #[test]
        fn words_are_tantivys_words(text in "([a-zA-Z0-9]{1,45}|[ ,.’'—«»\n-]{1,3}|[éÉüßİıǅ½²ⅷ①ﬁ]|[\\PC]{1,3}){0,30}") {
            let ours: Vec<(usize, usize, usize, String, String)> = tokens(&text)
                .into_iter()
                .map(|t| (t.position, t.span.start, t.span.end, t.exact, t.stem))
                .collect();
            prop_assert_eq!(ours, tantivy_words(&text));
        }
    }
}
