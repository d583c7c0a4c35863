//! Word-level differences (a misquote's, a changed citation's, a claim's conflicting
//! values) printed the same way for every command: one `  - ` line each.

use super::quote::visible;
use crate::align::Difference;
use anyhow::Result;
use std::io::Write;

/// Whose words stand against the source's in a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// A quote being verified.
    Quote,
    /// A claim being checked.
    Claim,
    /// A saved citation, against the source as it is now.
    Citation,
}

/// One difference in words: `said` (the quote's, claim's or citation's text) against
/// `source`; an empty side is a word left out or added.
pub fn line(said: Said, words: &str, source: &str) -> String {
    let (words, source) = (visible(words), visible(source));
    let who = match said {
        Said::Quote => "quote",
        Said::Claim => "claim",
        Said::Citation => {
            return match (words.is_empty(), source.is_empty()) {
                (true, _) => format!("now adds “{source}”"),
                (_, true) => format!("no longer says “{words}”"),
                _ => format!("said “{words}”, now says “{source}”"),
            };
        }
    };
    match (words.is_empty(), source.is_empty()) {
        (true, _) => format!("the {who} leaves out “{source}”"),
        (_, true) => format!("the {who} adds “{words}”"),
        _ => format!("the {who} says “{words}” where the source says “{source}”"),
    }
}

/// Prints each of `differences` on a `  - ` line, noting a value written another way.
pub fn print(out: &mut impl Write, said: Said, differences: &[Difference]) -> Result<()> {
    for d in differences {
        let same = if d.same_value {
            " (the same value, written another way)"
        } else {
            ""
        };
        writeln!(out, "  - {}{same}", line(said, &d.quote, &d.source))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_in_its_words() {
        assert_eq!(
            line(Said::Quote, "UK", "US"),
            "the quote says “UK” where the source says “US”"
        );
        assert_eq!(line(Said::Claim, "", "not"), "the claim leaves out “not”");
        assert_eq!(
            line(Said::Citation, "99", "120"),
            "said “99”, now says “120”"
        );
        assert_eq!(line(Said::Citation, "a\nb", ""), "no longer says “a\\nb”");
    }
}
