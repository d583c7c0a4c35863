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
    if !dir.is_empty() && name_cols + 2 <= width {
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
    if columns(name) <= width {
        return name.to_string();
    }
    elide_middle(name, width)
}

/// `text` in `width` columns: its start and its end (at least from its last `.`, which keeps
/// an extension and a `:line:column`) around a `…`.
fn elide_middle(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let suffix = text.rfind('.').map_or(0, |i| text[i..].chars().count());
    let tail_cols = suffix.max(width / 2).min(width.saturating_sub(1));
    let mut tail = Vec::new();
    let mut used = 0;
    for &c in chars.iter().rev() {
        if used + char_columns(c) > tail_cols {
            break;
        }
        used += char_columns(c);
        tail.push(c);
    }
    let mut head = String::new();
    let mut head_cols = 0;
    for &c in &chars[..chars.len() - tail.len()] {
        if head_cols + char_columns(c) + used + 1 > width {
            break;
        }
        head_cols += char_columns(c);
        head.push(c);
    }
    head.push('…');
    head.extend(tail.into_iter().rev());
    head
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
        assert_eq!(fit_path(path, 32), "001_1ccf5c4f42c34ae7.txt:13:1");
        let tiny = fit_path(path, 20);
        assert_eq!(columns(&tiny), 20);
        assert!(
            tiny.starts_with("001_") && tiny.ends_with(".txt:13:1"),
            "{tiny}"
        );
        assert!(columns(&fit_path("北京北京北京北京北京.txt:1:1", 12)) <= 12);
        assert_eq!(fit_path("a.txt:1:1", 20), "a.txt:1:1");
    }
}
