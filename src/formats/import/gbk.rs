//! A GB18030 decoder for what exports are made of (ASCII and two-byte GBK characters) that
//! decodes exactly as encoding_rs does, in a loop small enough for the browser to optimize
//! quickly: the import worker's hot path. Its table is made by encoding_rs itself (every
//! two-byte sequence, decoded once); anything else (four-byte GB18030 sequences, bytes that are
//! not GBK, a cut-off last character) sends the whole text to encoding_rs.

use super::decode::{Gb18030, CHUNK};

/// GB18030 through encoding_rs alone: the reference [`FastGb18030`] must match, and what it
/// falls back to.
pub struct EncodingRs;

impl Gb18030 for EncodingRs {
    fn decode(&self, bytes: &[u8]) -> String {
        encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }
}

/// Trail bytes per lead byte: 0x40..=0xFE without 0x7F.
const TRAILS: usize = 190;

/// GB18030 through the table for ASCII and two-byte characters, encoding_rs for the rest.
pub struct FastGb18030 {
    /// The character of lead `0x81 + i / 190` and trail `trail_index(i % 190)`; 0 where that
    /// pair is not one BMP character (unmapped, or read another way).
    table: Vec<u16>,
}

fn trail_index(t: u8) -> Option<usize> {
    match t {
        0x40..=0x7E => Some(usize::from(t - 0x40)),
        0x80..=0xFE => Some(usize::from(t - 0x41)),
        _ => None,
    }
}

impl Default for FastGb18030 {
    fn default() -> Self {
        Self::new()
    }
}

impl FastGb18030 {
    /// Builds the table (decodes the 23,940 two-byte sequences once).
    pub fn new() -> Self {
        let mut input = Vec::with_capacity(126 * TRAILS * 3);
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0xFE).filter(|t| *t != 0x7F) {
                input.extend_from_slice(&[lead, trail, b'\n']);
            }
        }
        let text = encoding_rs::GB18030.decode_without_bom_handling(&input).0;
        let table = text
            .split('\n')
            .take(126 * TRAILS)
            .map(|piece| {
                let mut chars = piece.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c != char::REPLACEMENT_CHARACTER => {
                        u16::try_from(u32::from(c)).unwrap_or(0)
                    }
                    _ => 0,
                }
            })
            .collect();
        FastGb18030 { table }
    }

    /// The text if every character is ASCII or a two-byte character of the table.
    fn fast(&self, bytes: &[u8]) -> Option<String> {
        let mut out = String::with_capacity(bytes.len().saturating_add(bytes.len() / 2));
        let mut i = 0;
        while i < bytes.len() {
            i = self.chunk_decode(bytes, i, i.saturating_add(CHUNK).min(bytes.len()), &mut out)?;
        }
        Some(out)
    }

    /// Decodes from `i` until at least `stop` (a character may end one byte after it); the
    /// position reached. One call per chunk: see `decode::CHUNK`.
    #[inline(never)]
    fn chunk_decode(
        &self,
        bytes: &[u8],
        mut i: usize,
        stop: usize,
        out: &mut String,
    ) -> Option<usize> {
        while i < stop {
            let b = *bytes.get(i)?;
            if b < 0x80 {
                // A run of ASCII in one go.
                let rest = bytes.get(i..stop)?;
                let n = super::decode::ascii_prefix(rest);
                out.push_str(std::str::from_utf8(rest.get(..n)?).ok()?);
                i += n;
                continue;
            }
            if !(0x81..=0xFE).contains(&b) {
                return None;
            }
            let t = trail_index(*bytes.get(i + 1)?)?;
            let unit = *self.table.get(usize::from(b - 0x81) * TRAILS + t)?;
            out.push(char::from_u32(u32::from(unit)).filter(|_| unit != 0)?);
            i += 2;
        }
        Some(i)
    }
}

impl Gb18030 for FastGb18030 {
    fn decode(&self, bytes: &[u8]) -> String {
        self.fast(bytes).unwrap_or_else(|| EncodingRs.decode(bytes))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(bytes: &[u8]) -> String {
        EncodingRs.decode(bytes)
    }

    #[test]
    fn exports_take_the_fast_path_and_read_as_encoding_rs_reads_them() {
        let text = "统计日期,商品ID,商品名称\n2024-03-01,612300000000,\"女士羊毛衫 1号, 秋冬款\"\n";
        let bytes = encoding_rs::GB18030.encode(text).0.into_owned();
        let fast = FastGb18030::new();
        assert_eq!(fast.fast(&bytes).as_deref(), Some(text));
        // A four-byte character (€ is 0x80 alone; 𠀀 needs four bytes) goes to encoding_rs.
        let rare = encoding_rs::GB18030.encode("a𠀀b").0.into_owned();
        assert_eq!(fast.fast(&rare), None);
        assert_eq!(fast.decode(&rare), "a𠀀b");
        assert_eq!(
            fast.decode(&[0x80, 0xFF, 0xB0]),
            reference(&[0x80, 0xFF, 0xB0])
        );
    }

    proptest! {
        // a fixed seed: the same cases on every run
        #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]
        #[test]
        fn any_bytes_decode_as_encoding_rs_decodes_them(
            bytes in proptest::collection::vec(
                prop_oneof![0u8..0x80, 0x81u8..0xFF, any::<u8>(), Just(0x30), Just(0x7F)],
                0..400,
            ),
        ) {
            let fast = FastGb18030::new();
            prop_assert_eq!(fast.decode(&bytes), reference(&bytes));
        }
    }
}
