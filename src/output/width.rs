//! Widths in terminal columns (East Asian wide characters and emoji take two), and
//! shortening text to a width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes in a terminal.
pub fn columns(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Columns `c` takes in a terminal (control characters take none).
pub fn char_columns(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `path` fitted to `width` columns: whole when it fits, else its directories elided in the
/// middle (`seeds/…/001.txt:13:1`), else the end of its file name after a `…`.
pub fn fit_path(path: &str, width: usize) -> String {
    if columns(path) <= width {
        return path.to_string();
    }
    let (dir, name) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    // Keep as much of the start of the directory as fits before `…/name`.
    let name_cols = columns(name) + 2;
    if !dir.is_empty() && name_cols < width {
        let mut head = String::new();
        let mut used = 0;
        for c in dir.chars() {
            if used + char_columns(c) + name_cols > width {
                break;
            }
            used += char_columns(c);
            head.push(c);
        }
        return format!("{head}…/{name}");
    }
    keep_end(name, width)
}

/// The end of `text` that fits in `width` columns after a `…`.
fn keep_end(text: &str, width: usize) -> String {
    let mut tail = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        if used + char_columns(c) > width {
            break;
        }
        used += char_columns(c);
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// `text` padded with spaces to `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(columns(text)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(columns("abc"), 3);
        assert_eq!(columns("北京"), 4);
        assert_eq!(columns("👍"), 2);
    }

    #[test]
    fn paths_lose_their_middle_then_their_start() {
        let path = "some/deep/folder/001_1ccf5c4f42c34ae7.txt:13:1";
        let fitted = fit_path(path, 36);
        assert!(columns(&fitted) <= 36, "{fitted}");
        assert!(
            fitted.ends_with("/001_1ccf5c4f42c34ae7.txt:13:1"),
            "{fitted}"
        );
        assert!(fitted.starts_with("some/"), "{fitted}");
        let tiny = fit_path(path, 10);
        assert_eq!(columns(&tiny), 10);
        assert!(tiny.starts_with('…') && tiny.ends_with(":13:1"), "{tiny}");
        assert_eq!(fit_path("a.txt:1:1", 20), "a.txt:1:1");
    }
}
