//! Bit-level building blocks of the compact metrics encoding (see `store.rs` for the layout):
//! an LSB-first bit writer/reader, Exp-Golomb codes for headers, adaptive Rice codes for the
//! predicted residuals of each column (the Rice parameter follows the running mean of the column,
//! as in JPEG-LS), zigzag for signed residuals, ratio predictors, CRC-32, and the packing of bytes
//! into a localStorage-safe string of 15 bits per UTF-16 code unit.
//!
//! Every reader operation returns `Err` on exhausted or malformed input; nothing here panics.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

/// Why a stored metrics string could not be decoded. Stored data is never partially applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The string does not start with the metrics marker.
    NotMetrics,
    /// A character outside the packing alphabet.
    BadChar,
    /// The declared length does not match the string.
    BadLength,
    /// Written by a newer version of the planner.
    UnsupportedVersion(u8),
    /// The checksum does not match: the string was cut or altered.
    Checksum,
    /// The data ends in the middle of a value.
    Truncated,
    /// Structurally invalid content (order, ranges, text).
    Corrupt(&'static str),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotMetrics => write!(f, "not stored metrics data"),
            DecodeError::BadChar => write!(f, "stored metrics contain an invalid character"),
            DecodeError::BadLength => write!(f, "stored metrics have the wrong length"),
            DecodeError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "stored metrics are format version {v}, newer than this planner"
                )
            }
            DecodeError::Checksum => write!(f, "stored metrics fail their checksum"),
            DecodeError::Truncated => write!(f, "stored metrics are truncated"),
            DecodeError::Corrupt(what) => write!(f, "stored metrics are corrupt: {what}"),
        }
    }
}

impl std::error::Error for DecodeError {}

pub type DResult<T> = Result<T, DecodeError>;

/// Appends bits least-significant first.
#[derive(Default)]
pub struct BitWriter {
    pub bytes: Vec<u8>,
    acc: u64,
    nbits: u32,
}

impl BitWriter {
    pub fn new() -> BitWriter {
        BitWriter::default()
    }

    /// Append the `n` (≤ 32) low bits of `v`.
    fn put32(&mut self, v: u64, n: u32) {
        let mask = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        self.acc |= (v & mask) << self.nbits;
        self.nbits += n;
        while self.nbits >= 8 {
            self.bytes.push(self.acc as u8);
            self.acc >>= 8;
            self.nbits -= 8;
        }
    }

    /// Append the `n` (≤ 64) low bits of `v`.
    pub fn bits(&mut self, v: u64, n: u32) {
        let n = n.min(64);
        if n > 32 {
            self.put32(v, 32);
            self.put32(v >> 32, n - 32);
        } else {
            self.put32(v, n);
        }
    }

    /// `q` one bits then a zero bit.
    fn unary(&mut self, mut q: u32) {
        while q >= 32 {
            self.put32(u64::from(u32::MAX), 32);
            q -= 32;
        }
        // q ones followed by a zero: q + 1 bits of value 2^q − 1
        self.put32((1u64 << q) - 1, q + 1);
    }

    /// Exp-Golomb code of any u64 (2·⌊log2(v+1)⌋ + 1 bits): for headers, counts and escapes.
    pub fn eg(&mut self, v: u64) {
        let x = u128::from(v) + 1;
        let len = 128 - x.leading_zeros(); // 1..=65
        self.unary(len - 1);
        let rest = len - 1;
        self.bits(x as u64, rest.min(64));
    }

    /// Signed Exp-Golomb via zigzag.
    pub fn eg_signed(&mut self, v: i64) {
        self.eg(zigzag(v));
    }

    pub fn byte_str(&mut self, s: &str) {
        self.eg(s.len() as u64);
        for b in s.bytes() {
            self.put32(u64::from(b), 8);
        }
    }

    /// Adaptive Rice code of `u` under context `ctx`.
    pub fn rice(&mut self, ctx: &mut Rice, u: u64) {
        let k = ctx.k();
        let q = u >> k;
        if q < u64::from(RICE_ESCAPE) {
            self.unary(q as u32);
            self.bits(u, k);
        } else {
            // RICE_ESCAPE ones with no terminating zero, then the value itself
            self.put32((1u64 << RICE_ESCAPE) - 1, RICE_ESCAPE);
            self.eg(u);
        }
        ctx.update(u);
    }

    /// Flush the partial byte (zero padding) and return the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        if self.nbits > 0 {
            self.bytes.push(self.acc as u8);
        }
        self.bytes
    }
}

/// Reads what [`BitWriter`] wrote.
pub struct BitReader<'a> {
    bytes: &'a [u8],
    /// Next bit position.
    pos: usize,
}

impl<'a> BitReader<'a> {
    pub fn new(bytes: &'a [u8]) -> BitReader<'a> {
        BitReader { bytes, pos: 0 }
    }

    fn bit(&mut self) -> DResult<u64> {
        let byte = self.bytes.get(self.pos / 8).ok_or(DecodeError::Truncated)?;
        let b = (byte >> (self.pos % 8)) & 1;
        self.pos += 1;
        Ok(u64::from(b))
    }

    /// Read `n` (≤ 64) bits.
    pub fn bits(&mut self, n: u32) -> DResult<u64> {
        let n = n.min(64);
        if self.pos.saturating_add(n as usize) > self.bytes.len().saturating_mul(8) {
            return Err(DecodeError::Truncated);
        }
        let mut v = 0u64;
        let mut got = 0u32;
        while got < n {
            let byte = u64::from(*self.bytes.get(self.pos / 8).ok_or(DecodeError::Truncated)?);
            let off = (self.pos % 8) as u32;
            let take = (8 - off).min(n - got);
            let chunk = (byte >> off) & ((1u64 << take) - 1);
            v |= chunk << got;
            got += take;
            self.pos += take as usize;
        }
        Ok(v)
    }

    /// Count one bits up to a zero; more than `max` ones is an error.
    fn unary(&mut self, max: u32) -> DResult<u32> {
        let mut q = 0u32;
        while self.bit()? == 1 {
            q += 1;
            if q > max {
                return Err(DecodeError::Corrupt("unary code too long"));
            }
        }
        Ok(q)
    }

    pub fn eg(&mut self) -> DResult<u64> {
        let rest = self.unary(64)?;
        let low = self.bits(rest)?;
        let x = (1u128 << rest) | u128::from(low);
        u64::try_from(x - 1).map_err(|_| DecodeError::Corrupt("number too large"))
    }

    pub fn eg_signed(&mut self) -> DResult<i64> {
        Ok(unzigzag(self.eg()?))
    }

    pub fn byte_str(&mut self) -> DResult<String> {
        let len = self.eg()?;
        let remaining = (self.bytes.len() * 8).saturating_sub(self.pos) as u64;
        if len.saturating_mul(8) > remaining {
            return Err(DecodeError::Truncated);
        }
        let mut v = Vec::with_capacity(len as usize);
        for _ in 0..len {
            v.push(self.bits(8)? as u8);
        }
        String::from_utf8(v).map_err(|_| DecodeError::Corrupt("text is not UTF-8"))
    }

    pub fn rice(&mut self, ctx: &mut Rice) -> DResult<u64> {
        let k = ctx.k();
        // RICE_ESCAPE ones mark an escape; never more.
        let mut q = 0u32;
        while q < RICE_ESCAPE && self.bit()? == 1 {
            q += 1;
        }
        let u = if q == RICE_ESCAPE {
            self.eg()?
        } else {
            (u64::from(q) << k) | self.bits(k)?
        };
        ctx.update(u);
        Ok(u)
    }

    /// True when only zero padding (< 8 bits) remains.
    pub fn at_clean_end(&self) -> bool {
        let total = self.bytes.len() * 8;
        if self.pos > total || total - self.pos >= 8 {
            return false;
        }
        match self.bytes.last() {
            Some(last) if self.pos < total => (last >> (self.pos % 8)) == 0,
            _ => true,
        }
    }
}

/// Quotients at or above this many ones switch to an Exp-Golomb escape.
const RICE_ESCAPE: u32 = 20;

/// Adaptive Rice parameter: the smallest k with n·2^k ≥ a, where a is the (halved every 32
/// values) sum of recent values and n their count.
#[derive(Clone, Copy, Debug)]
pub struct Rice {
    a: u64,
    n: u64,
}

impl Default for Rice {
    fn default() -> Rice {
        Rice { a: 4, n: 1 }
    }
}

impl Rice {
    fn k(&self) -> u32 {
        let mut k = 0;
        while k < 62 && (self.n << k) < self.a {
            k += 1;
        }
        k
    }

    fn update(&mut self, u: u64) {
        self.a = self.a.saturating_add(u.min(1 << 50));
        self.n += 1;
        if self.n >= 32 {
            self.a = self.a.div_ceil(2);
            self.n /= 2;
        }
    }
}

pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub fn unzigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// Predicts y from x with the ratio of exponentially decayed sums of past (x, y) pairs
/// (weight 7/8 per step). Integer-only so encoder and decoder agree bit for bit.
#[derive(Clone, Copy, Debug, Default)]
pub struct RatioPred {
    num: u64,
    den: u64,
}

impl RatioPred {
    /// Predicted y for x; with no history, `default` (y = x when true, else 0).
    pub fn predict(&self, x: u64, same_when_unknown: bool) -> u64 {
        if self.den == 0 {
            return if same_when_unknown { x } else { 0 };
        }
        let p = (u128::from(x) * u128::from(self.num) + u128::from(self.den / 2))
            / u128::from(self.den);
        u64::try_from(p).unwrap_or(u64::MAX)
    }

    pub fn update(&mut self, x: u64, y: u64) {
        self.num = (self.num - (self.num >> 3)).saturating_add(y.min(1 << 56));
        self.den = (self.den - (self.den >> 3)).saturating_add(x.min(1 << 56));
    }
}

/// One interface for both directions, so that a single column-coding function drives encoder and
/// decoder and they cannot disagree on predictions. Writers write and return their argument;
/// readers ignore the argument and return what they read.
pub trait Coder {
    /// One raw bit.
    fn flag(&mut self, b: bool) -> DResult<bool>;
    /// One adaptive Rice code.
    fn code(&mut self, ctx: &mut Rice, u: u64) -> DResult<u64>;

    /// `v` as the zigzag residual against `pred` (wrapping, so any value round-trips).
    fn value(&mut self, ctx: &mut Rice, v: u64, pred: u64) -> DResult<u64> {
        let z = self.code(ctx, zigzag(v.wrapping_sub(pred) as i64))?;
        Ok(pred.wrapping_add(unzigzag(z) as u64))
    }

    /// A mostly-zero value: a zero flag, then `v − 1` when non-zero.
    fn sparse(&mut self, ctx: &mut Rice, v: u64) -> DResult<u64> {
        if !self.flag(v != 0)? {
            return Ok(0);
        }
        Ok(self.code(ctx, v.wrapping_sub(1))?.wrapping_add(1))
    }
}

impl Coder for BitWriter {
    fn flag(&mut self, b: bool) -> DResult<bool> {
        self.put32(u64::from(b), 1);
        Ok(b)
    }

    fn code(&mut self, ctx: &mut Rice, u: u64) -> DResult<u64> {
        self.rice(ctx, u);
        Ok(u)
    }
}

impl Coder for BitReader<'_> {
    fn flag(&mut self, _b: bool) -> DResult<bool> {
        Ok(self.bit()? == 1)
    }

    fn code(&mut self, ctx: &mut Rice, _u: u64) -> DResult<u64> {
        self.rice(ctx)
    }
}

// Runs at compile time (a bad index would fail the build, not the page), and `i < 256` by the loop.
#[allow(clippy::indexing_slicing)]
const fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CRC_TABLE: [u32; 256] = crc_table();

/// CRC-32 (IEEE 802.3).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = u32::MAX;
    for &b in bytes {
        // A `u8` index into 256 entries: always Some, and the compiler drops the check.
        let t = CRC_TABLE
            .get(usize::from((c ^ u32::from(b)) as u8))
            .copied();
        c = t.unwrap_or(0) ^ (c >> 8);
    }
    !c
}

/// First character of every stored metrics string.
pub const MARKER: char = 'm';
/// Code point of packed value 0. Values 0..32768 map to U+4E00..=U+CDFF: all BMP scalar values,
/// below the surrogate block (U+D800), so each is exactly one UTF-16 code unit.
const PACK_BASE: u32 = 0x4E00;

/// UTF-16 code units of a packed string holding `n` bytes: marker, 2 length units, data.
pub fn packed_units(n: usize) -> usize {
    3 + (n * 8).div_ceil(15)
}

fn pack_char(v: u32) -> char {
    char::from_u32(PACK_BASE + (v & 0x7FFF)).unwrap_or('\u{4E00}')
}

/// Pack bytes into the marker, the byte count (30 bits in two units) and 15 bits per unit.
pub fn pack(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(packed_units(bytes.len()) * 3);
    s.push(MARKER);
    let n = bytes.len() as u32;
    s.push(pack_char(n));
    s.push(pack_char(n >> 15));
    let mut acc: u32 = 0;
    let mut nbits = 0;
    for &b in bytes {
        acc |= u32::from(b) << nbits;
        nbits += 8;
        if nbits >= 15 {
            s.push(pack_char(acc));
            acc >>= 15;
            nbits -= 15;
        }
    }
    if nbits > 0 {
        s.push(pack_char(acc));
    }
    s
}

fn unpack_char(c: char) -> DResult<u32> {
    let v = u32::from(c).wrapping_sub(PACK_BASE);
    if v < 0x8000 {
        Ok(v)
    } else {
        Err(DecodeError::BadChar)
    }
}

/// Inverse of [`pack`]; strict about length, alphabet and padding.
pub fn unpack(s: &str) -> DResult<Vec<u8>> {
    let mut chars = s.chars();
    if chars.next() != Some(MARKER) {
        return Err(DecodeError::NotMetrics);
    }
    let lo = unpack_char(chars.next().ok_or(DecodeError::BadLength)?)?;
    let hi = unpack_char(chars.next().ok_or(DecodeError::BadLength)?)?;
    let n = (lo | (hi << 15)) as usize;
    let data = chars.as_str();
    // every data char is 3 UTF-8 bytes
    if data.len() != (n * 8).div_ceil(15) * 3 {
        return Err(DecodeError::BadLength);
    }
    let mut out = Vec::with_capacity(n);
    let mut acc: u32 = 0;
    let mut nbits = 0;
    for c in data.chars() {
        acc |= unpack_char(c)? << nbits;
        nbits += 15;
        while nbits >= 8 && out.len() < n {
            out.push(acc as u8);
            acc >>= 8;
            nbits -= 8;
        }
    }
    if out.len() != n || acc != 0 {
        return Err(DecodeError::BadLength);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_round_trips_extremes() {
        for v in [0, 1, -1, 2, -2, i64::MAX, i64::MIN, 12345, -98765] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
    }

    #[test]
    fn bit_codes_round_trip() {
        let values = [
            0u64,
            1,
            2,
            3,
            7,
            8,
            255,
            1 << 20,
            u64::MAX - 1,
            u64::MAX,
            42,
        ];
        let mut w = BitWriter::new();
        let mut ctx = Rice::default();
        for &v in &values {
            w.eg(v);
            w.rice(&mut ctx, v);
            w.bits(v, 64);
            w.bits(v, 13);
        }
        w.byte_str("淘宝 abc");
        let bytes = w.finish();
        let mut r = BitReader::new(&bytes);
        let mut ctx = Rice::default();
        for &v in &values {
            assert_eq!(r.eg().unwrap(), v);
            assert_eq!(r.rice(&mut ctx).unwrap(), v);
            assert_eq!(r.bits(64).unwrap(), v);
            assert_eq!(r.bits(13).unwrap(), v & 0x1FFF);
        }
        assert_eq!(r.byte_str().unwrap(), "淘宝 abc");
        assert!(r.at_clean_end());
        assert_eq!(r.bits(8), Err(DecodeError::Truncated));
    }

    #[test]
    fn pack_round_trips_every_length() {
        for n in 0..64usize {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let s = pack(&bytes);
            assert_eq!(s.encode_utf16().count(), packed_units(n));
            assert!(s.chars().all(|c| (c as u32) < 0xD800));
            assert_eq!(unpack(&s).unwrap(), bytes);
        }
    }

    #[test]
    fn unpack_rejects_foreign_strings() {
        assert_eq!(unpack(""), Err(DecodeError::NotMetrics));
        assert_eq!(unpack("{\"a\":1}"), Err(DecodeError::NotMetrics));
        assert_eq!(unpack("m"), Err(DecodeError::BadLength));
        let s = pack(&[1, 2, 3, 4]);
        let cut: String = s.chars().take(s.chars().count() - 1).collect();
        assert_eq!(unpack(&cut), Err(DecodeError::BadLength));
        let bad: String = s.chars().take(3).chain("abc".chars()).collect();
        assert!(unpack(&bad).is_err());
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
