//! Decoding a source file's bytes: UTF-8, UTF-16 with a byte-order mark, or a legacy
//! encoding, with a map from offsets in the decoded text back to the file's bytes.

use crate::span::Span;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// A NUL byte within this many leading bytes marks a file as binary.
pub const BINARY_SNIFF_BYTES: usize = 8192;

/// A file's text and how it was read.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded text (for UTF-8, the bytes themselves).
    pub text: String,
    /// The encoding the bytes were decoded from.
    pub encoding: &'static Encoding,
    /// From offsets in `text` to offsets in the bytes.
    pub map: OffsetMap,
}

/// True for a binary file: a NUL byte in its first [`BINARY_SNIFF_BYTES`], unless it starts
/// with a UTF-16 byte-order mark.
pub fn looks_binary(bytes: &[u8]) -> bool {
    utf16_bom(bytes).is_none() && bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0)
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .filter(|&e| e != UTF_8)
}

/// Decodes a file's bytes: UTF-16 when they start with its byte-order mark (or `forced` is
/// UTF-16 and they are not UTF-8), else None for a binary file (a NUL byte near the start),
/// else UTF-8 when valid, else `forced`, else UTF-8 with replacement characters when most
/// non-ASCII text is valid UTF-8, else the legacy encoding `chardetng` guesses.
pub fn decode(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Option<Decoded> {
    if let Some(encoding) = utf16_bom(&bytes) {
        return Some(decode_as(&bytes, encoding));
    }
    let utf16 = forced.filter(|&e| e == UTF_16LE || e == UTF_16BE);
    if let Some(encoding) = utf16.filter(|_| std::str::from_utf8(&bytes).is_err()) {
        return Some(decode_as(&bytes, encoding));
    }
    if looks_binary(&bytes) {
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(Decoded {
            text,
            encoding: UTF_8,
            map: OffsetMap::default(),
        }),
        Err(e) => {
            let bytes = e.into_bytes();
            let guess = || {
                if mostly_utf8(&bytes) {
                    UTF_8
                } else {
                    detect(&bytes)
                }
            };
            Some(decode_as(&bytes, forced.unwrap_or_else(guess)))
        }
    }
}

/// True for UTF-8 with damage: more valid non-ASCII characters than invalid sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
}

/// The legacy encoding `chardetng` guesses for `bytes` (never UTF-8 or ISO-2022-JP).
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// The encoding a `--encoding` name stands for (any WHATWG label), or an error message.
pub fn encoding_named(name: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label(name.trim().as_bytes()) {
        Some(e) if e != encoding_rs::REPLACEMENT && e != encoding_rs::ISO_2022_JP => Ok(e),
        Some(e) => Err(format!("cite cannot decode files as {}", e.name())),
        None => Err(format!(
            "unknown encoding {name:?} (give a WHATWG label such as windows-1252, latin1, \
             shift_jis or utf-16le)"
        )),
    }
}

/// `bytes` decoded as `encoding` (no byte-order mark sniffing; a mark at the start stays in
/// the text as U+FEFF), with the offset map.
pub fn decode_as(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let mut map = MapBuilder::default();
    let text = if encoding.is_single_byte() {
        let text = encoding.decode_without_bom_handling(bytes).0.into_owned();
        for (byte, (at, c)) in text.char_indices().enumerate() {
            map.push(at, byte, c.is_ascii());
        }
        text
    } else {
        let text = decode_stepwise(bytes, encoding, &mut map);
        map.anchors = validated(bytes, &text, encoding, std::mem::take(&mut map.anchors));
        text
    };
    map.anchors.push(Anchor {
        decoded: text.len(),
        original: bytes.len(),
        linear: false,
    });
    Decoded {
        text,
        encoding,
        map: OffsetMap {
            anchors: map.anchors,
        },
    }
}

/// Decodes one byte at a time, anchoring the map where each piece of output starts.
fn decode_stepwise(bytes: &[u8], encoding: &'static Encoding, map: &mut MapBuilder) -> String {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let ascii_compatible = encoding.is_ascii_compatible();
    let mut start = 0;
    for i in 0..bytes.len() {
        text.reserve(decoder.max_utf8_buffer_length(1).unwrap_or(16));
        let before = text.len();
        let _ = decoder.decode_to_string(&bytes[i..=i], &mut text, i + 1 == bytes.len());
        if text.len() == before {
            continue;
        }
        let one_ascii = ascii_compatible
            && start == i
            && text.len() == before + 1
            && text.as_bytes()[before] == bytes[i];
        map.push(before, start, one_ascii);
        start = i + 1;
    }
    text
}

/// `anchors` without those whose piece does not decode alone to its text (a decoder that
/// kept state across them): the pieces on either side merge.
fn validated(
    bytes: &[u8],
    text: &str,
    encoding: &'static Encoding,
    anchors: Vec<Anchor>,
) -> Vec<Anchor> {
    let stands = |from: &Anchor, to: (usize, usize)| {
        from.linear
            || encoding
                .decode_without_bom_handling(&bytes[from.original..to.1])
                .0
                == text[from.decoded..to.0]
    };
    let mut kept: Vec<Anchor> = Vec::with_capacity(anchors.len());
    for anchor in anchors {
        match kept.last() {
            Some(last) if !stands(last, (anchor.decoded, anchor.original)) => {}
            _ => kept.push(anchor),
        }
    }
    while let Some(last) = kept.last() {
        if kept.len() == 1 || stands(last, (text.len(), bytes.len())) {
            break;
        }
        kept.pop();
    }
    if kept.first().is_none_or(|a| a.decoded != 0) {
        kept.insert(
            0,
            Anchor {
                decoded: 0,
                original: 0,
                linear: false,
            },
        );
    }
    kept
}

/// A point where a decoded offset and a byte offset correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    decoded: usize,
    original: usize,
    /// Up to the next anchor, ASCII that is the same in both.
    linear: bool,
}

#[derive(Default)]
struct MapBuilder {
    anchors: Vec<Anchor>,
}

impl MapBuilder {
    /// Records that a character (or piece of output) at `decoded` came from `original`.
    fn push(&mut self, decoded: usize, original: usize, ascii: bool) {
        if ascii && self.anchors.last().is_some_and(|a| a.linear) {
            return;
        }
        self.anchors.push(Anchor {
            decoded,
            original,
            linear: ascii,
        });
    }
}

/// From offsets in a decoded text to offsets in the file's bytes; the identity for UTF-8.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Sorted; empty for the identity.
    anchors: Vec<Anchor>,
}

impl OffsetMap {
    /// True when decoded offsets are byte offsets (UTF-8).
    pub fn is_identity(&self) -> bool {
        self.anchors.is_empty()
    }

    fn anchor(&self, decoded: usize) -> Option<&Anchor> {
        let i = self.anchors.partition_point(|a| a.decoded <= decoded);
        self.anchors.get(i.checked_sub(1)?)
    }

    /// The last offset at or before `decoded` that has a byte offset: `decoded` itself
    /// unless it falls inside the output of one undecodable sequence.
    pub fn floor(&self, decoded: usize) -> usize {
        match self.anchor(decoded) {
            Some(a) if !a.linear => a.decoded,
            _ => decoded,
        }
    }

    /// The byte offset of decoded offset `decoded` (of [`OffsetMap::floor`] of it).
    pub fn original(&self, decoded: usize) -> usize {
        match self.anchor(decoded) {
            None => decoded,
            Some(a) if a.linear => a.original + decoded - a.decoded,
            Some(a) => a.original,
        }
    }

    /// The bytes of a decoded span whose ends are floors.
    pub fn span(&self, decoded: Span) -> Span {
        Span::new(self.original(decoded.start), self.original(decoded.end))
    }

    /// A decoded span as cite prints it: the span of the text to print (its ends floored
    /// to offsets that have a byte offset) and the file's bytes that text is the decoding of.
    pub fn printed(&self, decoded: Span) -> (Span, Span) {
        let text = Span::new(self.floor(decoded.start), self.floor(decoded.end));
        (text, self.span(text))
    }

    /// A span of the text inside `printed` (a pair from [`OffsetMap::printed`]) as terminal
    /// marks take it: its offsets in the printed text, counted from the printed bytes' start.
    pub fn mark(&self, printed: (Span, Span), decoded: Span) -> Span {
        let (text, bytes) = printed;
        let at = |i: usize| bytes.start + self.floor(i).clamp(text.start, text.end) - text.start;
        Span::new(at(decoded.start), at(decoded.end))
    }

    /// The decoded offset of byte `original`, or None when it falls inside a character.
    pub fn decoded(&self, original: usize) -> Option<usize> {
        if self.is_identity() {
            return Some(original);
        }
        let i = self.anchors.partition_point(|a| a.original <= original);
        let a = self.anchors.get(i.checked_sub(1)?)?;
        if a.original == original {
            Some(a.decoded)
        } else {
            a.linear.then(|| a.decoded + original - a.original)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_every_boundary(bytes: &[u8], decoded: &Decoded) {
        let text = &decoded.text;
        let ends: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i) && decoded.map.floor(i) == i)
            .collect();
        for pair in ends.windows(2) {
            let span = decoded.map.span(Span::new(pair[0], text.len()));
            let back = decoded
                .encoding
                .decode_without_bom_handling(&bytes[span.range()])
                .0;
            assert_eq!(back, &text[pair[0]..], "from {}", pair[0]);
            let span = decoded.map.span(Span::new(0, pair[1]));
            let back = decoded
                .encoding
                .decode_without_bom_handling(&bytes[span.range()])
                .0;
            assert_eq!(back, &text[..pair[1]], "to {}", pair[1]);
            assert_eq!(decoded.map.decoded(span.end), Some(pair[1]));
        }
    }

    #[test]
    fn utf8_is_the_identity_and_wins_over_detection() {
        let d = decode("café “x”".as_bytes().to_vec(), None).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert!(d.map.is_identity());
    }

    #[test]
    fn latin_text_is_detected_and_mapped_byte_for_byte() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Le café coûte 3 € à la gare, dit l’élève — déçu.");
        let d = decode(bytes.to_vec(), None).unwrap();
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
        assert_eq!(d.text, "Le café coûte 3 € à la gare, dit l’élève — déçu.");
        let euro = d.text.find('€').unwrap();
        assert_eq!(d.map.original(euro), 16);
        assert_eq!(d.map.decoded(16), Some(euro));
        check_every_boundary(&bytes, &d);
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_and_nul_bytes_elsewhere_are_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Zoë 😀 ok".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let d = decode(bytes.clone(), None).unwrap();
        assert_eq!(d.encoding, UTF_16LE);
        assert_eq!(d.text, "\u{feff}Zoë 😀 ok");
        check_every_boundary(&bytes, &d);
        assert!(decode(b"abc\0\xffdef".to_vec(), None).is_none());
        assert!(decode(b"abc\0def".to_vec(), None).is_none());
    }

    #[test]
    fn damaged_utf8_stays_utf8_with_replacement_characters() {
        let d = decode(b"caf\xc3\xa9 cr\xc3\xa8me \xff!".to_vec(), None).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (UTF_8, "café crème \u{fffd}!")
        );
        assert!(!d.map.is_identity());
        assert_eq!(d.map.original(d.text.len()), 15);
    }

    #[test]
    fn forced_encodings_apply_to_files_that_are_not_utf8() {
        let d = decode(b"\xe9t\xe9".to_vec(), Some(encoding_rs::ISO_8859_2)).unwrap();
        assert_eq!(d.encoding, encoding_rs::ISO_8859_2);
        let d = decode("été".as_bytes().to_vec(), Some(encoding_rs::ISO_8859_2)).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert!(encoding_named("latin1").is_ok());
        assert!(encoding_named("klingon").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_mapped_span_decodes_to_its_text(
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
            which in 0..6usize,
        ) {
            let encoding = [
                encoding_rs::WINDOWS_1252,
                encoding_rs::UTF_16LE,
                encoding_rs::UTF_16BE,
                encoding_rs::SHIFT_JIS,
                encoding_rs::GBK,
                encoding_rs::EUC_KR,
            ][which];
            let decoded = decode_as(&bytes, encoding);
            prop_assert_eq!(&decoded.text, &encoding.decode_without_bom_handling(&bytes).0);
            check_every_boundary(&bytes, &decoded);
        }
    }
}
