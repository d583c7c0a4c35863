//! The terminal views through the real binary: the query table at 80, 120 and 200 columns,
//! with and without colour, on hard-wrapped licences and on CJK text; `cite sources`.

mod common;

use common::{TempCorpus, at_width, seeds_index};
use std::collections::BTreeSet;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// `text` without ANSI SGR sequences.
fn strip_ansi(text: &str) -> String {
    let mut pieces = text.split('\x1b');
    let first = pieces.next().unwrap_or_default().to_string();
    pieces.fold(first, |out, piece| out + piece.split_once('m').unwrap().1)
}

/// The cells of the passage column (the last), one string per table line.
fn passage_cells(table: &str) -> Vec<String> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split('│').collect();
            cells[cells.len() - 2].trim().to_string()
        })
        .collect()
}

/// Checks every line of `table` fits `width` terminal columns.
fn assert_fits(table: &str, width: usize, what: &str) {
    for line in strip_ansi(table).lines() {
        assert!(
            line.width() <= width,
            "{what} at {width}: {} columns: {line}",
            line.width()
        );
    }
}

/// A corpus of hard-wrapped licences from every Debian system.
fn licences() -> TempCorpus {
    let files: Vec<(String, String)> = ["GPL-3", "Apache-2.0", "MPL-2.0"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(Path::new("/usr/share/common-licenses").join(name))
                .unwrap();
            (format!("licences/{name}.txt"), text)
        })
        .collect();
    TempCorpus::new(&files)
}

#[test]
fn the_passage_gets_the_width_and_no_word_is_broken() {
    let corpus = licences();
    let words: BTreeSet<String> = ["GPL-3", "Apache-2.0", "MPL-2.0"]
        .iter()
        .flat_map(|n| {
            std::fs::read_to_string(Path::new("/usr/share/common-licenses").join(n))
                .unwrap()
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    for width in [80, 120, 200] {
        for color in ["never", "always"] {
            let args = ["query", "MERCHANTABILITY warranty", "--color", color];
            let table = at_width(&corpus.index, &args, width);
            assert_fits(&table, width, color);
            let plain = strip_ansi(&table);
            let header = plain.lines().nth(1).unwrap();
            let columns: Vec<usize> = header.split('│').map(|c| c.width()).collect();
            let passage = columns[columns.len() - 2];
            let wraps = plain
                .lines()
                .any(|l| l.starts_with('│') && l.split('│').nth(1).unwrap().trim().is_empty());
            assert!(
                !wraps || (columns.iter().all(|&c| c <= passage) && passage * 2 >= width),
                "the passage column gets the width when passages wrap: {header}"
            );
            for cell in passage_cells(&plain) {
                for word in cell.split(' ').filter(|w| !w.is_empty() && *w != "…") {
                    let word = word.replace("[[", "").replace("]]", "");
                    let word = word.trim_matches('…');
                    assert!(
                        words.iter().any(|w| w.contains(word)),
                        "at {width}: {word:?} is not a word of the licences: {cell}"
                    );
                }
            }
            if color == "never" {
                assert!(plain.contains("[[MERCHANTABILITY]]"), "{plain}");
            }
        }
    }
}

#[test]
fn line_breaks_inside_passages_print_as_spaces() {
    // A hard-wrapped paragraph: whatever the passage model, no passage text in the table
    // holds a line break of its own, so every table line is a table row.
    let corpus = licences();
    let table = at_width(
        &corpus.index,
        &["query", "\"free software\"", "--color", "never"],
        100,
    );
    for line in table.lines() {
        assert!(
            line.starts_with(['│', '╭', '├', '╰']) || line.contains("matching passages"),
            "{line:?}"
        );
    }
}

#[test]
fn locations_are_shortened_not_wrapped() {
    let table = at_width(seeds_index(), &["query", "Taliban", "--color", "never"], 80);
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("│ 1 ")).collect();
    assert_eq!(rows.len(), 1);
    let location = rows[0].split('│').nth(3).unwrap().trim();
    let re_location = |s: &str| {
        let mut parts = s.rsplitn(3, ':');
        let col = parts.next().unwrap();
        let line = parts.next().unwrap();
        col.parse::<usize>().is_ok() && line.parse::<usize>().is_ok()
    };
    assert!(re_location(location), "{location}");
    assert!(location.contains(".txt:"), "{location}");
    for width in [120, 200] {
        let wide = at_width(
            seeds_index(),
            &["query", "Taliban", "--color", "never"],
            width,
        );
        assert!(wide.contains("seeds/"), "whole paths when they fit: {wide}");
        assert_fits(&wide, width, "seeds");
    }
}

#[test]
fn a_snippet_shows_every_match_it_can_fit() {
    let filler = |word: &str| format!("{word} ").repeat(120);
    let text = format!(
        "Russia {}formal recognition {}end of the report.\n",
        filler("lorem"),
        filler("ipsum")
    );
    let corpus = TempCorpus::new(&[("long.txt", text.as_str())]);
    let table = at_width(
        &corpus.index,
        &["query", "Russia recognition", "--color", "never"],
        100,
    );
    assert!(
        table.contains("[[Russia]]") && table.contains("[[recognition]]"),
        "{table}"
    );
    assert!(table.contains(" … "), "fragments joined by …: {table}");
    assert_fits(&table, 100, "fragments");
}

#[test]
fn wide_characters_count_two_columns() {
    let text = "联合国秘书长古特雷斯周二表示，阿富汗的人道主义局势仍然严峻，Taliban 当局必须允许妇女工作。\n\n\
国际社会对 Taliban 的承认问题存在分歧，俄罗斯已正式承认其政府 🇷🇺 而其他国家仍在观望。\n\n\
東京で開かれた会議では、Taliban の代表団が経済協力について話し合った。😀\n";
    let corpus = TempCorpus::new(&[("cjk.txt", text)]);
    for width in [80, 120, 200] {
        for color in ["never", "always"] {
            let table = at_width(
                &corpus.index,
                &["query", "Taliban", "--color", color],
                width,
            );
            assert_fits(&table, width, "CJK");
            assert!(strip_ansi(&table).contains("Taliban"));
        }
    }
    let narrow = at_width(&corpus.index, &["query", "Taliban", "--color", "never"], 40);
    assert_fits(&narrow, 40, "CJK");
}

#[test]
fn sources_fits_eighty_columns() {
    let corpus = TempCorpus::new(&[(
        "a/very/long/folder/name/that/goes/on/and/on/article_with_a_long_name_2025.txt",
        "Kabul.\n",
    )]);
    for index in [seeds_index(), corpus.index.as_path()] {
        let out = at_width(index, &["sources"], 80);
        assert_fits(&out, 80, "sources");
        assert!(out.lines().next().unwrap().starts_with("source"), "{out}");
        assert!(out.contains("unchanged"), "{out}");
    }
    let out = at_width(&corpus.index, &["sources"], 80);
    assert!(out.contains("…") && out.contains("2025.txt"), "{out}");
}
