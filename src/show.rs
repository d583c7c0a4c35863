//! `cite show`: the way back from a printed citation to its passage in the file as it is now.

use crate::corpus;
use crate::index::CiteIndex;
use crate::located::Located;
use crate::manifest::{self, Manifest};
use crate::span::{LineCol, Span};
use anyhow::{Result, anyhow, bail};
use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// A citation as cite prints it: `SOURCE:LINE:COLUMN`, `SOURCE:BYTE` or `SOURCE:START-END`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The source path as given (relative to the working directory, or absolute).
    pub source: PathBuf,
    /// The bytes asked for; empty for a single offset (or a line and column).
    pub span: Span,
    /// The line and column asked for, when given so (the span is found in the file).
    pub line_col: Option<LineCol>,
}

impl FromStr for Location {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Location> {
        let usage =
            || anyhow!("expected SOURCE:LINE:COLUMN, SOURCE:BYTE or SOURCE:START-END, got {s:?}");
        let (source, offsets) = s.rsplit_once(':').ok_or_else(usage)?;
        if source.is_empty() {
            return Err(usage());
        }
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if let Some((file, line)) = source.rsplit_once(':')
            && digits(line)
            && digits(offsets)
            && !file.is_empty()
        {
            let (line, column) = (line.parse::<usize>()?, offsets.parse::<usize>()?);
            if line == 0 || column == 0 {
                bail!("lines and columns count from 1 (in {s:?})");
            }
            return Ok(Location {
                source: PathBuf::from(file),
                span: Span::new(0, 0),
                line_col: Some(LineCol { line, column }),
            });
        }
        let number = |n: &str| {
            n.trim()
                .parse::<usize>()
                .map_err(|_| anyhow!("{n:?} is not a byte offset (in {s:?})"))
        };
        let span = match offsets.split_once('-') {
            Some((start, end)) => {
                let (start, end) = (number(start)?, number(end)?);
                if end < start {
                    bail!("the range {start}-{end} ends before it starts");
                }
                Span::new(start, end)
            }
            None => {
                let at = number(offsets)?;
                Span::new(at, at)
            }
        };
        Ok(Location {
            source: PathBuf::from(source),
            span,
            line_col: None,
        })
    }
}

/// One passage of a source file, as `show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ShownPassage {
    /// Passage number within the file (the index's numbering when the file is unchanged).
    pub passage: usize,
    /// The passage in the file as it is now.
    #[serde(flatten)]
    pub place: Located,
    /// The asked-for part of this passage, for people: its offsets in `text` plus
    /// `span.start` (for UTF-8, the asked-for bytes).
    #[serde(skip)]
    pub marked: Option<Span>,
}

/// What `show` found.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The passage holding the location, with the context passages around it, in order.
    pub passages: Vec<ShownPassage>,
    /// True when the file changed since it was indexed.
    #[serde(skip)]
    pub changed: bool,
}

/// The passages holding `location` in its file as it is now, with `context` passages on
/// each side. Errors for a file not in the index, an offset past the end of the file or
/// inside a character.
pub fn show(cite: &CiteIndex, location: &Location, context: usize) -> Result<Shown> {
    let manifest = cite.manifest()?;
    let path = resolve(&manifest, &location.source)?;
    let shown = corpus::display_path(&path);
    let record = manifest.files.get(&path);
    let source = corpus::read_text_with(&path, record.and_then(|r| r.decoding()))
        .map_err(|why| anyhow!("cannot read {shown}: {why}"))?;
    let text = &source.text;
    let span = match location.line_col {
        Some(at) => {
            let offset = offset_of(text, at).map_err(|why| anyhow!("{shown}: {why}"))?;
            source.original(Span::new(offset, offset))
        }
        None => location.span,
    };
    if span.is_empty() && span.start >= source.bytes {
        bail!(
            "byte {} is past the end of {shown} ({} bytes)",
            span.start,
            source.bytes
        );
    }
    if span.end > source.bytes {
        bail!(
            "bytes {}-{} run past the end of {shown} ({} bytes)",
            span.start,
            span.end,
            source.bytes
        );
    }
    let mut asked = [0, 0];
    for (i, at) in [span.start, span.end].into_iter().enumerate() {
        asked[i] = match source.decoded(at) {
            Some(decoded) => decoded,
            None => bail!("{}", inside_character(&source, at, &shown)),
        };
    }
    let asked = Span::new(asked[0], asked[1]);
    let all = source.passages();
    if all.is_empty() {
        bail!("{shown} holds no text");
    }
    let holding = |offset: usize| {
        all.partition_point(|p| p.0.end <= offset)
            .min(all.len() - 1)
    };
    let first = holding(asked.start);
    let last = if asked.is_empty() {
        first
    } else {
        holding(asked.end - 1).max(first)
    };
    let range = first.saturating_sub(context)..=(last + context).min(all.len() - 1);
    let passages = range
        .map(|n| {
            let (decoded, original) = all[n];
            let (start, end) = (asked.start.max(decoded.start), asked.end.min(decoded.end));
            ShownPassage {
                passage: n,
                place: Located::of(&shown, &source, decoded),
                marked: (start < end).then(|| {
                    Span::new(start - decoded.start, end - decoded.start).shift(original.start)
                }),
            }
        })
        .collect();
    let changed = manifest
        .files
        .get(&path)
        .is_some_and(|rec| rec.hash != manifest::hash_hex(source.hash));
    Ok(Shown { passages, changed })
}

/// The byte offset of line `at.line`, column `at.column` (in characters) of `text`.
fn offset_of(text: &str, at: LineCol) -> Result<usize> {
    let mut start = 0;
    for _ in 1..at.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => bail!(
                "there is no line {} (the file has {})",
                at.line,
                text.lines().count()
            ),
        }
    }
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let line = line.strip_suffix('\r').unwrap_or(line);
    match line.char_indices().nth(at.column - 1) {
        Some((i, _)) => Ok(start + i),
        None => bail!(
            "line {} has no column {} (it has {} characters)",
            at.line,
            at.column,
            line.chars().count()
        ),
    }
}

/// The error for byte `at` of `source` falling inside a character.
fn inside_character(source: &corpus::SourceText, at: usize, shown: &str) -> String {
    let mut first = at;
    let decoded = loop {
        match source.decoded(first) {
            Some(decoded) => break decoded,
            None if first > 0 => first -= 1,
            None => break 0,
        }
    };
    let c = source.text[decoded..].chars().next().unwrap_or_default();
    let end = source
        .original(Span::new(decoded, decoded + c.len_utf8()))
        .end;
    format!("byte {at} of {shown} is inside a character ({c:?} at bytes {first}-{end})")
}

/// The index's key for the file `typed` names, or an "unknown source" error.
fn resolve(manifest: &Manifest, typed: &Path) -> Result<PathBuf> {
    let absolute = if typed.is_absolute() {
        typed.to_path_buf()
    } else {
        std::env::current_dir()?.join(typed)
    };
    let lexical = lexically_clean(&absolute);
    if manifest.files.contains_key(&lexical) {
        return Ok(lexical);
    }
    if let Ok(canonical) = std::fs::canonicalize(&absolute)
        && manifest.files.contains_key(&canonical)
    {
        return Ok(canonical);
    }
    bail!(
        "unknown source {}: it is not in the index (`cite sources` lists them)",
        typed.display()
    )
}

/// `path` with `.` and `..` components resolved without touching the file system.
fn lexically_clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_and_ranges() {
        let at: Location = "seeds/a.txt:120".parse().unwrap();
        assert_eq!(at.source, PathBuf::from("seeds/a.txt"));
        assert_eq!(at.span, Span::new(120, 120));
        let range: Location = "/x/y:z.md:10-20".parse().unwrap();
        assert_eq!(range.source, PathBuf::from("/x/y:z.md"));
        assert_eq!(range.span, Span::new(10, 20));
        let at: Location = "seeds/a:b.txt:13:1".parse().unwrap();
        assert_eq!(at.source, PathBuf::from("seeds/a:b.txt"));
        assert_eq!(
            at.line_col,
            Some(LineCol {
                line: 13,
                column: 1
            })
        );
    }

    #[test]
    fn lines_and_columns_become_offsets() {
        let text = "one\r\ntwo “three”\nfour";
        let at = |line, column| offset_of(text, LineCol { line, column });
        assert_eq!(at(1, 1).unwrap(), 0);
        assert_eq!(at(2, 5).unwrap(), text.find("“").unwrap());
        assert_eq!(at(2, 6).unwrap(), text.find("three").unwrap());
        assert_eq!(at(3, 4).unwrap(), text.len() - 1);
        assert!(at(3, 5).is_err() && at(4, 1).is_err() && at(1, 4).is_err());
    }

    #[test]
    fn rejects_malformed_locations() {
        for bad in [
            "seeds/a.txt",
            ":12",
            "a.txt:",
            "a.txt:x",
            "a.txt:5-2",
            "a.txt:-3",
            "a.txt:1-",
            "a.txt:0:1",
            "a.txt:1:0",
        ] {
            assert!(bad.parse::<Location>().is_err(), "{bad}");
        }
    }

    #[test]
    fn cleans_paths_lexically() {
        assert_eq!(
            lexically_clean(Path::new("/a/./b/../c.txt")),
            PathBuf::from("/a/c.txt")
        );
    }
}
