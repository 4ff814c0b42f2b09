//! Bytes → text: recognizes spreadsheets and other binary files by their magic bytes, strips
//! BOMs, reads UTF-8 and UTF-16 itself and hands everything else to a caller-supplied GB18030
//! decoder (TextDecoder("gb18030") in the browser, encoding_rs in native tests), then judges the
//! result by its share of U+FFFD and control characters.

use super::ImportError;
use serde::{Deserialize, Serialize};

/// A GB18030 (superset of GBK) decoder supplied by the caller. It must never fail: invalid
/// sequences become U+FFFD.
pub trait Gb18030 {
    fn decode(&self, bytes: &[u8]) -> String;
}

/// The encoding a text file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// A binary file that isn't a spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinaryKind {
    Png,
    Jpeg,
    Gif,
    Pdf,
    /// A zip that isn't a workbook (e.g. the zipped 直通车 report: unzip it first).
    Zip,
    Other,
}

/// A spreadsheet the caller must read into rows first (in the worker) and pass to
/// [`super::detect`] / [`super::apply`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Xlsx,
    Xls,
    Ods,
    /// An HTML table saved as `.xls` (some 生意参谋 exports).
    Html,
}

/// Decoded text with more than this share of bad characters (U+FFFD or controls) is not text:
/// one in 50.
const MAX_BAD_SHARE: usize = 50;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Recognizes binary files by their first bytes.
fn sniff_binary(bytes: &[u8]) -> Option<ImportError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(if contains(bytes, b"xl/") {
            ImportError::Spreadsheet(SheetFormat::Xlsx)
        } else if contains(bytes, b"opendocument.spreadsheet") {
            ImportError::Spreadsheet(SheetFormat::Ods)
        } else {
            ImportError::Binary(BinaryKind::Zip)
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(ImportError::Spreadsheet(SheetFormat::Xls));
    }
    let kind = if bytes.starts_with(b"\x89PNG") {
        BinaryKind::Png
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        BinaryKind::Jpeg
    } else if bytes.starts_with(b"GIF8") {
        BinaryKind::Gif
    } else if bytes.starts_with(b"%PDF") {
        BinaryKind::Pdf
    } else {
        return None;
    };
    Some(ImportError::Binary(kind))
}

fn utf16(bytes: &[u8], little: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| match p {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// UTF-16 without a BOM: in the first 512 bytes, NULs only at odd (LE) or even (BE) offsets and
/// at least a third of those offsets NUL (ASCII-heavy text such as headers and digits).
fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    let head = bytes.get(..bytes.len().min(512)).unwrap_or(bytes);
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in head.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let half = head.len() / 2;
    if half < 8 {
        return None;
    }
    if even == 0 && odd.saturating_mul(3) >= half {
        Some(true)
    } else if odd == 0 && even.saturating_mul(3) >= half {
        Some(false)
    } else {
        None
    }
}

/// Share of U+FFFD and control characters (other than tab, line breaks and form feed) above
/// 1 in [`MAX_BAD_SHARE`]. Counted on the UTF-8 bytes: characters are the non-continuation
/// bytes, U+FFFD is `EF BF BD`, C1 controls are `C2 80..=C2 9F`.
fn bad_share_too_high(text: &str) -> bool {
    let mut count = Count::default();
    for chunk in text.as_bytes().chunks(CHUNK) {
        chunk_count_bad(&mut count, chunk);
    }
    count.bad > 0 && count.bad.saturating_mul(MAX_BAD_SHARE) > count.total
}

/// Bytes per call of the passes over a whole file. In the browser, a wasm function runs the code
/// it was entered with to its end (V8 has no on-stack replacement for wasm), so one call over a
/// whole file would run in the baseline tier throughout, 2–3× slower; calls over chunks pick up
/// the optimized code as soon as it is ready.
///
/// Such a per-chunk function is named `chunk_*` and is `#[inline(never)]`; the release build
/// also tells wasm-opt not to inline it (`--no-inline=*::chunk_*`, in index.html and
/// scripts/wasm_split.py), as wasm-opt inlines every function that has one caller whatever
/// LLVM was told, which would bring back the one long call.
pub const CHUNK: usize = 64 << 10;

/// Characters and bad characters counted so far, and the last two bytes.
#[derive(Default)]
struct Count {
    total: usize,
    bad: usize,
    prev: [u8; 2],
}

/// Ones in every byte, and the top bit of every byte (for the word-at-a-time tests).
pub(crate) const LOW: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `x` that is zero, and no other bit.
#[inline(always)]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGH).wrapping_add(!HIGH)) | x | !HIGH)
}

/// The eight bytes at `at` as one little-endian word, if there are eight.
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let word: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(word))
}

/// How many bytes at the start of `bytes` are ASCII, found eight bytes at a time.
#[inline(always)]
pub(crate) fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut at = 0usize;
    while let Some(x) = word_at(bytes, at) {
        let high = x & HIGH;
        if high != 0 {
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or(&[]);
    at + rest.iter().position(|c| *c >= 0x80).unwrap_or(rest.len())
}

#[inline(never)]
fn chunk_count_bad(count: &mut Count, bytes: &[u8]) {
    let (mut total, mut bad, mut prev) = (count.total, count.bad, count.prev);
    let mut words = bytes.chunks_exact(8);
    for word in words.by_ref() {
        let x = word_at(word, 0).unwrap_or(0);
        // No byte below 0x20, no 0x7F, and no 0xC2 or 0xEF (which start C1 controls and
        // U+FFFD), here or just before: no bad character, and the characters are the bytes that
        // are not continuation bytes (10xxxxxx).
        let below_space = x.wrapping_sub(LOW * 0x20) & !x & HIGH;
        let suspect = zero_bytes(x ^ (LOW * 0x7F))
            | zero_bytes(x ^ (LOW * 0xC2))
            | zero_bytes(x ^ (LOW * 0xEF));
        if below_space == 0 && suspect == 0 && !matches!(prev, [0xEF, _] | [_, 0xC2 | 0xEF]) {
            let continuation = x & !(x << 1) & HIGH;
            total += 8 - continuation.count_ones() as usize;
            prev = [(x >> 48) as u8, (x >> 56) as u8];
            continue;
        }
        for &b in word {
            count_byte(&mut total, &mut bad, &mut prev, b);
        }
    }
    for &b in words.remainder() {
        count_byte(&mut total, &mut bad, &mut prev, b);
    }
    *count = Count { total, bad, prev };
}

#[inline(always)]
fn count_byte(total: &mut usize, bad: &mut usize, prev: &mut [u8; 2], b: u8) {
    if b & 0xC0 != 0x80 {
        *total += 1;
    }
    let control = (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F;
    let c1 = prev[1] == 0xC2 && (0x80..=0x9F).contains(&b);
    let fffd = *prev == [0xEF, 0xBF] && b == 0xBD;
    if control || c1 || fffd {
        *bad += 1;
    }
    *prev = [prev[1], b];
}

#[inline(never)]
fn chunk_has_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

#[inline(never)]
fn chunk_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    std::str::from_utf8(bytes)
}

/// `bytes` as a `String` if they are UTF-8 (checked a chunk at a time, see [`CHUNK`]).
fn utf8_owned(bytes: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut pos = 0;
    while let Some(rest) = bytes.get(pos..).filter(|r| !r.is_empty()) {
        let chunk = rest.get(..CHUNK).unwrap_or(rest);
        match chunk_utf8(chunk) {
            Ok(s) => {
                if out.is_empty() {
                    out.reserve(bytes.len());
                }
                out.push_str(s);
                pos += chunk.len();
            }
            // A character cut by the end of the chunk (not of the file): read up to it.
            Err(e)
                if e.error_len().is_none() && chunk.len() < rest.len() && e.valid_up_to() > 0 =>
            {
                out.push_str(chunk_utf8(chunk.get(..e.valid_up_to())?).ok()?);
                pos += e.valid_up_to();
            }
            Err(_) => return None,
        }
    }
    Some(out)
}

/// An HTML table saved with a spreadsheet extension.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<') && (head.contains("<table") || head.contains("<html"))
}

/// Decodes a text file: BOM stripped; valid UTF-8 as UTF-8; UTF-16 with a BOM (Excel's
/// "Unicode text"); otherwise GB18030 through `gbk`. Spreadsheets and binary files get their own
/// errors; text with too many U+FFFD or control characters is [`ImportError::NotText`]. An HTML
/// table saved as `.xls` is `Spreadsheet(Html)`: [`super::read_rows`] reads those itself.
pub fn decode_text(bytes: &[u8], gbk: &dyn Gb18030) -> Result<(String, Encoding), ImportError> {
    let (text, encoding) = decode_any(bytes, gbk)?;
    if looks_like_html(&text) {
        return Err(ImportError::Spreadsheet(SheetFormat::Html));
    }
    Ok((text, encoding))
}

/// [`decode_text`] without refusing HTML.
pub(crate) fn decode_any(
    bytes: &[u8],
    gbk: &dyn Gb18030,
) -> Result<(String, Encoding), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if let Some(e) = sniff_binary(bytes) {
        return Err(e);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(rest, true), Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(rest, false), Encoding::Utf16Be)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        match utf8_owned(rest) {
            Some(s) => (s, Encoding::Utf8Bom),
            // A BOM promises UTF-8; a few broken bytes become U+FFFD and are judged below.
            None => (
                String::from_utf8_lossy(rest).into_owned(),
                Encoding::Utf8Bom,
            ),
        }
    } else if let Some(little) = bomless_utf16(bytes).filter(|&le| {
        // Rows of text have line breaks or separators early on.
        utf16(bytes.get(..bytes.len().min(1024)).unwrap_or(bytes), le).contains([',', '\t', '\n'])
    }) {
        (
            utf16(bytes, little),
            if little {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            },
        )
    } else if bytes.chunks(CHUNK).any(chunk_has_nul) {
        return Err(ImportError::Binary(BinaryKind::Other));
    } else {
        match utf8_owned(bytes) {
            Some(s) => (s, Encoding::Utf8),
            None => (gbk.decode(bytes), Encoding::Gb18030),
        }
    };
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(ImportError::Empty);
    }
    if bad_share_too_high(&text) {
        return Err(if text.contains('\u{0}') {
            ImportError::Binary(BinaryKind::Other)
        } else {
            ImportError::NotText
        });
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in decoder for unit tests: every non-ASCII byte becomes U+FFFD.
    struct AsciiOnly;
    impl Gb18030 for AsciiOnly {
        fn decode(&self, bytes: &[u8]) -> String {
            bytes
                .iter()
                .map(|b| if b.is_ascii() { *b as char } else { '\u{fffd}' })
                .collect()
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_text("日期,访客数\n".as_bytes(), &AsciiOnly),
            Ok(("日期,访客数\n".to_string(), Encoding::Utf8))
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("日期\n".as_bytes());
        assert_eq!(
            decode_text(&b, &AsciiOnly),
            Ok(("日期\n".to_string(), Encoding::Utf8Bom))
        );
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xFF, 0xFE];
        for u in "日期\t访客数\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode_text(&le, &AsciiOnly),
            Ok(("日期\t访客数\n".to_string(), Encoding::Utf16Le))
        );
        let mut be = Vec::new();
        for u in "date,visitors\n2024-03-01,5\n".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            decode_text(&be, &AsciiOnly),
            Ok((
                "date,visitors\n2024-03-01,5\n".to_string(),
                Encoding::Utf16Be
            ))
        );
    }

    #[test]
    fn spreadsheets_and_binaries_are_named() {
        let mut xlsx = b"PK\x03\x04\x14\x00\x00\x00[Content_Types].xml".to_vec();
        xlsx.extend_from_slice(b"....xl/workbook.xml");
        assert_eq!(
            decode_text(&xlsx, &AsciiOnly),
            Err(ImportError::Spreadsheet(SheetFormat::Xlsx))
        );
        assert_eq!(
            decode_text(b"PK\x03\x04\x14\x00report.csv", &AsciiOnly),
            Err(ImportError::Binary(BinaryKind::Zip))
        );
        assert_eq!(
            decode_text(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
                &AsciiOnly
            ),
            Err(ImportError::Spreadsheet(SheetFormat::Xls))
        );
        assert_eq!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &AsciiOnly),
            Err(ImportError::Binary(BinaryKind::Png))
        );
        assert_eq!(
            decode_text(b"%PDF-1.7\n", &AsciiOnly),
            Err(ImportError::Binary(BinaryKind::Pdf))
        );
        assert_eq!(
            decode_text(b"abc\0\x01\x02\x03\xff\xfe\x00", &AsciiOnly),
            Err(ImportError::Binary(BinaryKind::Other))
        );
        assert_eq!(
            decode_text(
                b"<html><body><table><tr><td>1</td></tr></table>",
                &AsciiOnly
            ),
            Err(ImportError::Spreadsheet(SheetFormat::Html))
        );
    }

    #[test]
    fn empty_and_garbage() {
        assert_eq!(decode_text(b"", &AsciiOnly), Err(ImportError::Empty));
        assert_eq!(decode_text(b" \r\n\t", &AsciiOnly), Err(ImportError::Empty));
        assert_eq!(
            decode_text(&[0xEF, 0xBB, 0xBF], &AsciiOnly),
            Err(ImportError::Empty)
        );
        assert_eq!(
            decode_text(b"a,b\n\xff\xfe\xfd\xfc\n", &AsciiOnly),
            Err(ImportError::NotText)
        );
        assert_eq!(
            decode_text(b"a,b\n\x01\x02\x03\x04\n", &AsciiOnly),
            Err(ImportError::NotText)
        );
        // Up to one bad character in 50 is tolerated (a cut multi-byte character, a stray control).
        assert!(!bad_share_too_high(&format!(
            "{}\u{fffd}\u{85}",
            "x".repeat(100)
        )));
        assert!(bad_share_too_high(&format!(
            "{}\u{fffd}\u{85}\u{1}",
            "x".repeat(100)
        )));
        assert!(!bad_share_too_high("日期\t访客数\r\n\u{c}"));
    }

    /// The word-at-a-time searches against one byte at a time.
    #[cfg(not(target_arch = "wasm32"))]
    mod words {
        use super::super::ascii_prefix;
        use crate::formats::import::rows::run_end;
        use proptest::prelude::*;

        fn bytes() -> impl Strategy<Value = Vec<u8>> {
            proptest::collection::vec(
                prop_oneof![
                    4 => 0x20u8..0x7F,
                    1 => any::<u8>(),
                    1 => Just(b','),
                    1 => Just(b'\t'),
                    1 => Just(b'\n'),
                    1 => Just(b'\r'),
                ],
                0..80,
            )
        }

        proptest! {
            // a fixed seed: the same cases on every run
            #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]
            #[test]
            fn ascii_prefix_as_bytes_do(bytes in bytes()) {
                let slow = bytes.iter().position(|c| *c >= 0x80).unwrap_or(bytes.len());
                prop_assert_eq!(ascii_prefix(&bytes), slow);
            }

            #[test]
            fn run_end_as_bytes_do(bytes in bytes(), from in 0usize..90, tab in any::<bool>()) {
                let d = if tab { b'\t' } else { b',' };
                let slow = bytes
                    .get(from..)
                    .and_then(|r| r.iter().position(|&c| c == d || c == b'\n' || c == b'\r'))
                    .map_or(bytes.len(), |p| from + p);
                prop_assert_eq!(run_end(&bytes, from, d), slow);
            }
        }
    }

    /// The word-at-a-time count against one byte at a time, on any bytes and any chunking.
    #[cfg(not(target_arch = "wasm32"))]
    mod count {
        use super::super::{chunk_count_bad, count_byte, Count};
        use proptest::prelude::*;

        proptest! {
            // a fixed seed: the same cases on every run
            #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]
            #[test]
            fn words_count_as_bytes_do(
                bytes in proptest::collection::vec(
                    prop_oneof![
                        0x20u8..0x7F,
                        any::<u8>(),
                        Just(0xC2),
                        Just(0xEF),
                        Just(0xBF),
                        Just(0xBD),
                        0x80u8..0xC0,
                        0xE0u8..0xF0,
                    ],
                    0..300,
                ),
                cut in 0usize..300,
            ) {
                let mut fast = Count::default();
                let (a, b) = bytes.split_at(cut.min(bytes.len()));
                chunk_count_bad(&mut fast, a);
                chunk_count_bad(&mut fast, b);
                let mut slow = Count::default();
                for &x in &bytes {
                    count_byte(&mut slow.total, &mut slow.bad, &mut slow.prev, x);
                }
                prop_assert_eq!((fast.total, fast.bad, fast.prev), (slow.total, slow.bad, slow.prev));
            }
        }
    }
}
