//! Reading saved citations: `PATH:START-END` with the quoted text, a `{source, selector}`
//! object, a W3C annotation, any span object cite printed, or a whole cite JSON document.

use super::resolve::Citation;
use super::selector::Selector;
use crate::show::Location;
use crate::span::Span;
use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

/// Keys of a cite JSON document that hold its top-level spans.
const SPAN_LISTS: [&str; 4] = ["hits", "matches", "passages", "evidence"];

/// A citation and the file it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The source as given: a path (relative to the working directory, or absolute).
    pub source: String,
    /// What the citation knows of its quote.
    pub citation: Citation,
}

/// The citation `PATH:START-END` of the quoted `text`.
pub fn from_reference(reference: &str, text: &str) -> Result<Saved> {
    let location: Location = reference.parse()?;
    if location.span.is_empty() {
        bail!("{reference:?} names one byte; a citation needs START-END");
    }
    if text.is_empty() {
        bail!("the quoted text (--text) is empty");
    }
    Ok(Saved {
        source: location.source.to_string_lossy().into_owned(),
        citation: Citation {
            exact: text.to_string(),
            span: Some(location.span),
            ..Citation::default()
        },
    })
}

/// The citations in one JSON value: a cite document's top-level spans, a W3C annotation's
/// targets, or the value itself as one citation.
pub fn from_json(value: &Value) -> Result<Vec<Saved>> {
    let object = value
        .as_object()
        .ok_or_else(|| anyhow!("a citation is a JSON object, got {}", kind(value)))?;
    if let Some(list) = SPAN_LISTS
        .iter()
        .find_map(|k| object.get(*k).and_then(Value::as_array))
        && !object.contains_key("source")
    {
        return list.iter().map(one).collect();
    }
    match object.get("target") {
        Some(Value::Array(targets)) => targets.iter().map(one).collect(),
        Some(target) => Ok(vec![one(target)?]),
        None => Ok(vec![one(value)?]),
    }
}

/// The citations of a batch: JSON values one after another (one per line, or whole
/// documents); each item is a citation or the error that kept it from being read.
pub fn from_batch(input: &str) -> Vec<Result<Saved>> {
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(input).into_iter::<Value>() {
        match value {
            Ok(value) => match from_json(&value) {
                Ok(saved) => out.extend(saved.into_iter().map(Ok)),
                Err(e) => out.push(Err(e)),
            },
            Err(e) => {
                out.push(Err(anyhow!(e).context("the batch is not JSON")));
                break;
            }
        }
    }
    out
}

/// One citation object.
fn one(value: &Value) -> Result<Saved> {
    let object = value
        .as_object()
        .ok_or_else(|| anyhow!("a citation is a JSON object, got {}", kind(value)))?;
    let source = object
        .get("source")
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("the citation has no `source` string"))?;
    let source = source.strip_prefix("file://").unwrap_or(source).to_string();
    if let Some((scheme, _)) = source.split_once("://")
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        bail!(
            "the source {source} is a {scheme}:// address; cite anchors citations of local files"
        );
    }
    let mut citation = Citation::default();
    let selectors = match object.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for selector in selectors {
        match read_selector(selector)? {
            Some(Selector::TextQuoteSelector(q)) => {
                citation.exact = q.exact;
                citation.prefix = Some(q.prefix);
                citation.suffix = Some(q.suffix);
            }
            Some(Selector::TextPositionSelector(p)) => citation.chars = Some((p.start, p.end)),
            Some(Selector::DataPositionSelector(p)) => citation.span = Some(span(p.start, p.end)?),
            None => {}
        }
    }
    let number = |key: &str| object.get(key).and_then(Value::as_u64).map(|n| n as usize);
    let was = object.get("was");
    let was_number = |key: &str| {
        was.and_then(|w| w.get(key))
            .and_then(Value::as_u64)
            .map(|n| n as usize)
    };
    let text_key = if object.contains_key("text") {
        "text"
    } else {
        "quote"
    };
    if citation.exact.is_empty()
        && let Some(text) = object.get(text_key).and_then(Value::as_str)
    {
        citation.exact = text.to_string();
    }
    if citation.span.is_none() {
        let from_fields = match text_key {
            "text" => number("byte_start").zip(number("byte_end")),
            _ => was_number("byte_start").zip(was_number("byte_end")),
        };
        if let Some((start, end)) = from_fields {
            citation.span = Some(span(start, end)?);
        }
    }
    if citation.exact.is_empty() {
        bail!("the citation of {source} has no quoted text: give `text` or a TextQuoteSelector");
    }
    Ok(Saved { source, citation })
}

/// A selector cite knows, None for other kinds (XPath, CSS, range…), or the error in one.
fn read_selector(value: &Value) -> Result<Option<Selector>> {
    let kind = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !matches!(
        kind,
        "TextQuoteSelector" | "TextPositionSelector" | "DataPositionSelector"
    ) {
        return Ok(None);
    }
    serde_json::from_value(value.clone())
        .map(Some)
        .with_context(|| format!("bad {kind}"))
}

/// The half-open range `start..end`, or an error when it ends before it starts.
fn span(start: usize, end: usize) -> Result<Span> {
    if end < start {
        bail!("the range {start}-{end} ends before it starts");
    }
    Ok(Span::new(start, end))
}

/// What kind of JSON value this is, for errors.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_need_a_range_and_text() {
        let saved = from_reference("seeds/a.txt:10-20", "quoted").unwrap();
        assert_eq!(saved.source, "seeds/a.txt");
        assert_eq!(saved.citation.span, Some(Span::new(10, 20)));
        assert!(from_reference("seeds/a.txt:10", "quoted").is_err());
        assert!(from_reference("seeds/a.txt:10-20", "").is_err());
        assert!(from_reference("seeds/a.txt", "quoted").is_err());
    }

    #[test]
    fn reads_spans_selectors_and_annotations() {
        let span = json!({"source": "a.txt", "byte_start": 3, "byte_end": 5, "text": "cd"});
        let c = &from_json(&span).unwrap()[0].citation;
        assert_eq!((c.exact.as_str(), c.span), ("cd", Some(Span::new(3, 5))));
        let annotation = json!({"type": "Annotation", "target": {"source": "file:///x/a.txt",
            "selector": [{"type": "XPathSelector", "value": "/p[1]"},
                         {"type": "TextQuoteSelector", "exact": "cd", "prefix": "ab ", "suffix": " ef"},
                         {"type": "TextPositionSelector", "start": 3, "end": 5}]}});
        let saved = &from_json(&annotation).unwrap()[0];
        assert_eq!(saved.source, "/x/a.txt");
        assert_eq!(saved.citation.prefix.as_deref(), Some("ab "));
        assert_eq!(saved.citation.chars, Some((3, 5)));
        assert_eq!(saved.citation.span, None);
    }

    #[test]
    fn a_cite_document_is_the_list_of_its_spans() {
        let doc = json!({"query": "x", "total": 2, "hits": [
            {"source": "a.txt", "byte_start": 0, "byte_end": 1, "text": "a", "highlights": []},
            {"source": "b.txt", "byte_start": 2, "byte_end": 3, "text": "b", "highlights": []}]});
        let saved = from_json(&doc).unwrap();
        assert_eq!(saved.len(), 2);
        assert_eq!(saved[1].source, "b.txt");
    }

    #[test]
    fn orphaned_answers_can_be_fed_back() {
        let answer = json!({"anchor": "orphaned", "source": "a.txt", "quote": "gone",
            "was": {"byte_start": 4, "byte_end": 8}, "differences": []});
        let c = &from_json(&answer).unwrap()[0].citation;
        assert_eq!((c.exact.as_str(), c.span), ("gone", Some(Span::new(4, 8))));
    }

    #[test]
    fn bad_citations_are_errors() {
        for bad in [
            json!([1, 2]),
            json!({"byte_start": 1}),
            json!({"source": "a.txt", "byte_start": 1, "byte_end": 2}),
            json!({"source": "a.txt", "text": "x", "byte_start": 5, "byte_end": 2}),
            json!({"source": "a.txt", "selector": {"type": "TextQuoteSelector"}}),
            json!({"source": "https://example.com/a", "text": "x"}),
        ] {
            assert!(from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn batches_read_lines_and_documents_and_stop_at_broken_json() {
        let input = "{\"source\": \"a.txt\", \"text\": \"x\"}\n{\"hits\": [\n{\"source\": \"b.txt\", \"text\": \"y\"}]}\n{\"source\": 3}\n{broken\n";
        let items = from_batch(input);
        assert_eq!(items.len(), 4);
        assert!(items[0].is_ok() && items[1].is_ok());
        assert!(items[2].is_err() && items[3].is_err());
    }
}
