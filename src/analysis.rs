//! The text analyzers shared by indexing, querying and highlighting.

use crate::span::Span;
use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};

/// Tokenizer name of the stemmed field: words lowercased, accents folded, English stems.
pub const STEMMED: &str = "cite_stemmed";
/// Tokenizer name of the exact-form field: words lowercased and accents folded, not stemmed.
pub const EXACT: &str = "cite_exact";
/// Tokens longer than this many bytes are not indexed.
const MAX_TOKEN_BYTES: usize = 40;

/// The analyzer for words in their exact form (case and accents folded).
pub fn exact() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer for stemmed words.
pub fn stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers cite's analyzers with `index`; needed on every open.
pub fn register(index: &Index) {
    index.tokenizers().register(STEMMED, stemmed());
    index.tokenizers().register(EXACT, exact());
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

/// The words of `text`, with their exact and stemmed forms.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut exact = exact();
    let mut stream = exact.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(Token {
            position: t.position,
            span: Span::new(t.offset_from, t.offset_to),
            exact: t.text.clone(),
            stem: String::new(),
        });
    }
    let mut stemmed = stemmed();
    let mut stream = stemmed.token_stream(text);
    let mut i = 0;
    while let Some(t) = stream.next() {
        if let Some(token) = out.get_mut(i) {
            token.stem = t.text.clone();
        }
        i += 1;
    }
    out
}

/// The (exact, stem) forms of each word of `text`, as a query would search them.
pub fn query_terms(text: &str) -> Vec<(String, String)> {
    tokens(text)
        .into_iter()
        .map(|t| (t.exact, t.stem))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
