//! Cell values of imported files: numbers written as text (`"2,133"`, `"¥1,299.00"`, `"0.45%"`,
//! `-` for empty), money to the fen without floating point, counts, dates in every form the
//! exports use (ISO, `YYYYMMDD`, `YYYY/M/D`, `YYYY年M月D日`, Excel serials, datetimes, one-day
//! ranges `YYYYMMDD至YYYYMMDD`), and IDs kept as text (Excel's `9.88E+11` refused, `123.0`
//! repaired with a warning).
//!
//! Every function here takes any text and returns a value or a precise error; none can panic.

use crate::model::metrics::Day;
use serde::{Deserialize, Serialize};

/// Largest amount accepted in one cell: ¥1,000,000,000 (10^11 fen). More is absurd for one row.
pub const MAX_CELL_FEN: i64 = 100_000_000_000;
/// Largest count accepted in one cell (visitors, impressions, units...): 10^9.
pub const MAX_CELL_COUNT: u64 = 1_000_000_000;
/// First and last accepted years of a date.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;
/// Longest ID (商品ID, 计划ID) accepted, in characters.
pub const MAX_ID_LEN: usize = 32;
/// Names (商品名称, 计划名字) are cut to this many characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Days from 1899-12-30 (Excel's serial day 0 in the 1900 system) to 1970-01-01.
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// Why a number cell was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumError {
    /// Not a number at all.
    Bad,
    /// Scientific notation (`1.2E+5`): precision was lost before the file reached us.
    Scientific,
    /// A fraction where a whole count is required (`12.5` buyers).
    NotWhole,
    /// A negative value in a fact that can't be negative.
    Negative,
    /// A percentage in an additive column (ratios are never imported).
    Percent,
    /// Larger than any real value for one row.
    TooLarge,
}

/// Why a date cell was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateError {
    /// Not a date in any accepted form (or not a real calendar day, like 2024-02-30).
    Bad,
    /// A range of several days (`20240301至20240307`): such a row can't be split into days.
    Range { from: Day, to: Day },
    /// A real date before 2000 or after 2100.
    OutOfRange,
}

/// Why an ID cell was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdError {
    /// Excel turned the ID into scientific notation (`9.88E+11`): the digits are lost.
    Scientific,
    /// Not digits (product IDs) or too long.
    Bad,
}

/// A decimal number read from text, exact to the hundredth (rounded half up from the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    /// |value| × 100, rounded half up on the third decimal.
    pub hundredths: u64,
    /// No non-zero digit after the decimal point.
    pub whole: bool,
    /// Ended in `%`.
    pub percent: bool,
    /// Carried `¥`, `￥` or `元`.
    pub currency: bool,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Trims whitespace (including full-width spaces and BOMs) and the wrappers spreadsheets use to
/// keep text as text: `="612345678901"` and a leading apostrophe.
pub fn clean(cell: &str) -> &str {
    // Fast path for the usual cell: printable ASCII at both ends and no text wrapper.
    if let (Some(&a), Some(&z)) = (cell.as_bytes().first(), cell.as_bytes().last()) {
        if a > b' ' && a < 0x7F && a != b'=' && a != b'\'' && z > b' ' && z < 0x7F {
            return cell;
        }
    }
    let mut s = cell.trim_matches(is_space);
    if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        s = inner.trim_matches(is_space);
    }
    if let Some(rest) = s.strip_prefix('\'') {
        s = rest.trim_matches(is_space);
    }
    s
}

/// Cells meaning "no value", as the exports write them: empty, `-`, `--` (and the same dashes
/// in full width or as an em dash). Anything else that is not a number (`NaN`, `null`, `N/A`) is
/// a cell error, never a silent zero.
pub fn is_empty_marker(cleaned: &str) -> bool {
    if cleaned.len() > 6 || cleaned.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return false;
    }
    matches!(cleaned, "" | "-" | "--" | "—" | "——" | "－" | "－－")
}

/// Reads a number written as text. `Ok(None)` for an empty cell.
pub fn parse_decimal(cell: &str) -> Result<Option<Decimal>, NumError> {
    let mut s = clean(cell);
    if is_empty_marker(s) {
        return Ok(None);
    }
    let mut negative = false;
    let mut percent = false;
    let mut currency = false;
    // The usual cell, "1,234.56", has a digit at both ends: no sign, currency or percent to
    // strip (looking for them costs more than reading the digits).
    let b = s.as_bytes();
    let plain =
        b.first().is_some_and(u8::is_ascii_digit) && b.last().is_some_and(u8::is_ascii_digit);
    if !plain {
        if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            negative = true;
            s = inner.trim_matches(is_space);
        }
        // Signs and currency symbols before the digits, in any order: "-¥12", "¥-12", "+12".
        // One currency sign at most ("¥¥12" is not a price someone wrote).
        loop {
            if let Some(r) = s.strip_prefix(['¥', '￥']) {
                if currency {
                    return Err(NumError::Bad);
                }
                currency = true;
                s = r.trim_start_matches(is_space);
            } else if let Some(r) = s.strip_prefix(['-', '−', '－']) {
                if negative {
                    return Err(NumError::Bad);
                }
                negative = true;
                s = r.trim_start_matches(is_space);
            } else if let Some(r) = s.strip_prefix('+') {
                s = r.trim_start_matches(is_space);
            } else {
                break;
            }
        }
        loop {
            if let Some(r) = s.strip_suffix(['%', '％']) {
                if percent {
                    return Err(NumError::Bad);
                }
                percent = true;
                s = r.trim_end_matches(is_space);
            } else if let Some(r) = s.strip_suffix('元') {
                if currency {
                    return Err(NumError::Bad);
                }
                currency = true;
                s = r.trim_end_matches(is_space);
            } else {
                break;
            }
        }
    }

    let digits = if s.is_ascii() {
        read_digits(s.bytes().map(char::from))
    } else {
        read_digits(s.chars())
    }?;
    Ok(Some(Decimal {
        negative,
        hundredths: digits.0,
        whole: digits.1,
        percent,
        currency,
    }))
}

/// The digits of a number: |value| × 100 rounded half up, and whether the fraction is zero.
/// Thousands separators only in well-formed groups (`1,234,567.89`: a first group of 1–3 digits,
/// then groups of exactly 3), so `1,2,3` or `1,,000` is refused, not read as 123 or 1000.
fn read_digits(chars: impl Iterator<Item = char>) -> Result<(u64, bool), NumError> {
    let mut int: u64 = 0;
    let mut int_digits = 0usize; // significant digits (leading zeros not counted)
    let mut seen_digit = false;
    let mut in_frac = false;
    let mut frac: u64 = 0;
    let mut frac_count = 0usize;
    let mut round_up = false;
    let mut frac_nonzero = false;
    // digits since the last separator, and whether a separator was seen
    let mut group = 0usize;
    let mut grouped = false;
    for c in chars {
        match c {
            '0'..='9' => {
                let d = u64::from(c) - u64::from('0');
                seen_digit = true;
                if in_frac {
                    frac_count += 1;
                    if d != 0 {
                        frac_nonzero = true;
                    }
                    match frac_count {
                        1 | 2 => frac = frac * 10 + d,
                        3 => round_up = d >= 5,
                        _ => {}
                    }
                } else {
                    group += 1;
                    if int_digits > 0 || d != 0 {
                        int_digits += 1;
                        if int_digits > 16 {
                            return Err(NumError::TooLarge);
                        }
                        int = int * 10 + d;
                    }
                }
            }
            ',' | '，' | ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{3000}'
                if !in_frac && seen_digit =>
            {
                let ok = if grouped {
                    group == 3
                } else {
                    (1..=3).contains(&group)
                };
                if !ok {
                    return Err(NumError::Bad);
                }
                grouped = true;
                group = 0;
            }
            '.' if !in_frac => {
                if grouped && group != 3 {
                    return Err(NumError::Bad);
                }
                in_frac = true;
            }
            'e' | 'E' if seen_digit => return Err(NumError::Scientific),
            _ => return Err(NumError::Bad),
        }
    }
    if !seen_digit || (grouped && !in_frac && group != 3) {
        return Err(NumError::Bad);
    }
    if frac_count == 1 {
        frac *= 10;
    }
    // int < 10^16, so int * 100 + 100 fits in u64 (< 1.8 * 10^19).
    Ok((int * 100 + frac + u64::from(round_up), !frac_nonzero))
}

/// Reads an amount of money (yuan as text) into fen. `Ok(None)` for an empty cell.
/// `"1,234.56"` → 123456; `"12.345"` → 1235 (half up); `"1234.5600000001"` → 123456.
pub fn parse_money(cell: &str) -> Result<Option<i64>, NumError> {
    let Some(d) = parse_decimal(cell)? else {
        return Ok(None);
    };
    if d.percent {
        return Err(NumError::Percent);
    }
    if d.negative && d.hundredths != 0 {
        return Err(NumError::Negative);
    }
    match i64::try_from(d.hundredths) {
        Ok(v) if v <= MAX_CELL_FEN => Ok(Some(v)),
        _ => Err(NumError::TooLarge),
    }
}

/// Reads a whole count (`"2,133"`, `"12.0"`). `Ok(None)` for an empty cell.
pub fn parse_count(cell: &str) -> Result<Option<u64>, NumError> {
    let Some(d) = parse_decimal(cell)? else {
        return Ok(None);
    };
    if d.percent {
        return Err(NumError::Percent);
    }
    if d.currency {
        return Err(NumError::Bad);
    }
    if d.negative && d.hundredths != 0 {
        return Err(NumError::Negative);
    }
    if !d.whole {
        return Err(NumError::NotWhole);
    }
    let v = d.hundredths / 100;
    if v > MAX_CELL_COUNT {
        return Err(NumError::TooLarge);
    }
    Ok(Some(v))
}

/// Formats fen as plain yuan text with two decimals and no separators (`123456` → `1234.56`).
pub fn fen_to_text(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(day: Day) -> (i32, u32, u32) {
    let z = i64::from(day) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

/// `YYYY-MM-DD` of a day number.
pub fn day_to_iso(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<Day, DateError> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        // Refuse impossible dates as Bad even when out of range.
        return if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) {
            Err(DateError::OutOfRange)
        } else {
            Err(DateError::Bad)
        };
    }
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(DateError::Bad);
    }
    Day::try_from(days_from_civil(y, m, d)).map_err(|_| DateError::Bad)
}

/// Reads a date cell into a day number. `Ok(None)` for an empty cell.
pub fn parse_day(cell: &str) -> Result<Option<Day>, DateError> {
    let s = clean(cell);
    if is_empty_marker(s) {
        return Ok(None);
    }
    // Plain dates ("2024-03-01", "20240301", "2024/3/1") have no range separator to look for.
    if s.is_ascii() && !s.bytes().any(|b| b == b'~' || b == b' ') {
        return single_day(s).map(Some);
    }
    for sep in ["至", "~", "～", "到", " - ", " — ", " – ", "—", "–"] {
        if let Some((a, b)) = s.split_once(sep) {
            let from = single_day(a.trim_matches(is_space))?;
            let to = single_day(b.trim_matches(is_space))?;
            return if from == to {
                Ok(Some(from))
            } else {
                Err(DateError::Range { from, to })
            };
        }
    }
    single_day(s).map(Some)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn num<T: std::str::FromStr>(s: Option<&str>) -> Result<T, DateError> {
    s.and_then(|t| t.parse().ok()).ok_or(DateError::Bad)
}

fn single_day(s: &str) -> Result<Day, DateError> {
    // YYYYMMDD
    if s.len() == 8 && all_digits(s) {
        return ymd(num(s.get(0..4))?, num(s.get(4..6))?, num(s.get(6..8))?);
    }
    // Excel serial day (1900 system), possibly with a time fraction: 45292 = 2024-01-01.
    let (int_part, frac_part) = s.split_once('.').unwrap_or((s, ""));
    if all_digits(int_part)
        && int_part.len() <= 5
        && (frac_part.is_empty() || all_digits(frac_part))
    {
        let n: i64 = num(Some(int_part))?;
        if !(20_000..=80_000).contains(&n) {
            return Err(DateError::Bad);
        }
        let day = n - EXCEL_EPOCH_OFFSET;
        let (y, m, d) = civil_from_days(Day::try_from(day).map_err(|_| DateError::Bad)?);
        return ymd(y, m, d);
    }
    // Y sep M sep D [日] [time]
    let (y, rest) = take_digits(s, 4, 4).ok_or(DateError::Bad)?;
    let (sep, end): (&str, Option<&str>) = match rest.as_bytes().first() {
        Some(b'-') => ("-", None),
        Some(b'/') => ("/", None),
        Some(b'.') => (".", None),
        _ if rest.starts_with('年') => ("月", Some("日")),
        _ => return Err(DateError::Bad),
    };
    let rest = rest
        .get(if end.is_some() { '年'.len_utf8() } else { 1 }..)
        .unwrap_or("");
    let (m, rest) = take_digits(rest, 1, 2).ok_or(DateError::Bad)?;
    let rest = rest.strip_prefix(sep).ok_or(DateError::Bad)?;
    let (d, mut rest) = take_digits(rest, 1, 2).ok_or(DateError::Bad)?;
    if let Some(e) = end {
        rest = rest.strip_prefix(e).unwrap_or(rest);
    }
    // What follows must be nothing or a time part ("00:00:00", "T08:00:00").
    if !rest.is_empty() {
        let time = rest.strip_prefix('T').or_else(|| {
            rest.strip_prefix(is_space)
                .map(|r| r.trim_start_matches(is_space))
        });
        if !time.is_some_and(|t| t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit())) {
            return Err(DateError::Bad);
        }
    }
    ymd(i32::try_from(y).map_err(|_| DateError::Bad)?, m, d)
}

/// Reads `min..=max` ASCII digits at the start of `s`: their value and the rest of `s`.
fn take_digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    let (digits, rest) = s.split_at_checked(n)?;
    Some((digits.parse().ok()?, rest))
}

/// Reads a 商品ID / 主体ID: digits only, kept as text. Returns the digits and whether a `.0`
/// suffix (from a spreadsheet that stored the ID as a number) was removed. `Ok(None)` if empty.
pub fn parse_item_id(cell: &str) -> Result<Option<(&str, bool)>, IdError> {
    let Some((s, fixed)) = id_text(cell)? else {
        return Ok(None);
    };
    if !all_digits(s) || s.len() > MAX_ID_LEN {
        return Err(IdError::Bad);
    }
    Ok(Some((s, fixed)))
}

/// Reads a 计划ID: usually digits; any other text is kept as it is.
pub fn parse_plan_id(cell: &str) -> Result<Option<(&str, bool)>, IdError> {
    let Some((s, fixed)) = id_text(cell)? else {
        return Ok(None);
    };
    if s.chars().count() > MAX_ID_LEN || s.chars().any(char::is_control) {
        return Err(IdError::Bad);
    }
    Ok(Some((s, fixed)))
}

fn id_text(cell: &str) -> Result<Option<(&str, bool)>, IdError> {
    let s = clean(cell);
    if is_empty_marker(s) {
        return Ok(None);
    }
    // 9.88E+11, 6.12345E+11, 9.88e11: Excel's display of a long number; digits are lost.
    if s.starts_with(|c: char| c.is_ascii_digit()) && s.bytes().any(|b| b == b'e' || b == b'E') {
        let (mant, exp) = s.split_once(['e', 'E']).unwrap_or((s, ""));
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if mant.bytes().all(|b| b.is_ascii_digit() || b == b'.') && all_digits(exp) {
            return Err(IdError::Scientific);
        }
    }
    if let Some((int, frac)) = s.split_once('.') {
        if all_digits(int) && !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
            return Ok(Some((int, true)));
        }
        if all_digits(int) && all_digits(frac) {
            return Err(IdError::Bad);
        }
    }
    Ok(Some((s, false)))
}

/// A name cell, cleaned and cut to [`MAX_NAME_CHARS`] characters.
pub fn parse_name(cell: &str) -> String {
    let s = clean(cell);
    if is_empty_marker(s) {
        return String::new();
    }
    match s.char_indices().nth(MAX_NAME_CHARS) {
        Some((i, _)) => s.get(..i).unwrap_or(s).to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        days_from_civil(y, m, d) as Day
    }

    #[test]
    fn money_with_separators_and_symbols_is_exact() {
        assert_eq!(parse_money("1,234.56"), Ok(Some(123_456)));
        assert_eq!(parse_money("¥1,234.56"), Ok(Some(123_456)));
        assert_eq!(parse_money("￥ 20,692.00"), Ok(Some(2_069_200)));
        assert_eq!(parse_money(" 1 234.5 元"), Ok(Some(123_450)));
        assert_eq!(parse_money("１２"), Err(NumError::Bad));
        assert_eq!(parse_money("0"), Ok(Some(0)));
        assert_eq!(parse_money(".5"), Ok(Some(50)));
        assert_eq!(parse_money("7."), Ok(Some(700)));
        assert_eq!(parse_money("=\"99.90\""), Ok(Some(9_990)));
    }

    #[test]
    fn money_rounds_half_up_on_the_third_decimal() {
        assert_eq!(parse_money("12.345"), Ok(Some(1_235)));
        assert_eq!(parse_money("12.3449999"), Ok(Some(1_234)));
        assert_eq!(parse_money("1234.5600000001"), Ok(Some(123_456)));
        assert_eq!(parse_money("1234.5599999999"), Ok(Some(123_456)));
        assert_eq!(parse_money("0.005"), Ok(Some(1)));
        assert_eq!(parse_money("0.004"), Ok(Some(0)));
        assert_eq!(parse_money("99.995"), Ok(Some(10_000)));
    }

    #[test]
    fn empty_markers_are_none() {
        for s in ["", " ", "-", "--", "—", "　", "=\"\""] {
            assert_eq!(parse_money(s), Ok(None), "{s:?}");
            assert_eq!(parse_count(s), Ok(None), "{s:?}");
            assert_eq!(parse_day(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn money_refusals_are_precise() {
        assert_eq!(parse_money("-1"), Err(NumError::Negative));
        assert_eq!(parse_money("(12.00)"), Err(NumError::Negative));
        assert_eq!(parse_money("-0.00"), Ok(Some(0)));
        assert_eq!(parse_money("0.45%"), Err(NumError::Percent));
        assert_eq!(parse_money("1.2E+5"), Err(NumError::Scientific));
        assert_eq!(parse_money("1.234,56"), Err(NumError::Bad));
        assert_eq!(parse_money("abc"), Err(NumError::Bad));
        assert_eq!(parse_money("¥"), Err(NumError::Bad));
        assert_eq!(parse_money("."), Err(NumError::Bad));
        assert_eq!(parse_money("1.2.3"), Err(NumError::Bad));
        assert_eq!(parse_money("--5"), Err(NumError::Bad));
        assert_eq!(parse_money("1000000000.00"), Ok(Some(MAX_CELL_FEN)));
        assert_eq!(parse_money("1000000000.01"), Err(NumError::TooLarge));
        assert_eq!(parse_money("99999999999999999999"), Err(NumError::TooLarge));
    }

    #[test]
    fn malformed_thousands_groups_extra_signs_and_nan_are_cell_errors() {
        assert_eq!(parse_money("¥1,2,3"), Err(NumError::Bad));
        assert_eq!(parse_money("1,,000"), Err(NumError::Bad));
        assert_eq!(parse_money("¥¥12"), Err(NumError::Bad));
        assert_eq!(parse_money("¥12元"), Err(NumError::Bad));
        assert_eq!(parse_money("12,34"), Err(NumError::Bad));
        assert_eq!(parse_money("1234,567"), Err(NumError::Bad));
        assert_eq!(parse_money("1,234.5,6"), Err(NumError::Bad));
        for s in ["NaN", "nan", "null", "N/A", "None", "/"] {
            assert_eq!(parse_money(s), Err(NumError::Bad), "{s:?}");
            assert_eq!(parse_count(s), Err(NumError::Bad), "{s:?}");
        }
        assert_eq!(parse_money("1,234,567.89"), Ok(Some(123_456_789)));
        assert_eq!(parse_money("¥12"), Ok(Some(1_200)));
        assert_eq!(parse_money("12元"), Ok(Some(1_200)));
        assert_eq!(parse_count("1 234"), Ok(Some(1_234)));
        assert_eq!(parse_count("0,123"), Ok(Some(123)));
    }

    #[test]
    fn counts_must_be_whole_and_plain() {
        assert_eq!(parse_count("2,133"), Ok(Some(2_133)));
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
        assert_eq!(parse_count("12.00"), Ok(Some(12)));
        assert_eq!(parse_count("007"), Ok(Some(7)));
        assert_eq!(parse_count("12.5"), Err(NumError::NotWhole));
        assert_eq!(parse_count("12.001"), Err(NumError::NotWhole));
        assert_eq!(parse_count("-3"), Err(NumError::Negative));
        assert_eq!(parse_count("3%"), Err(NumError::Percent));
        assert_eq!(parse_count("¥3"), Err(NumError::Bad));
        assert_eq!(parse_count("1000000000"), Ok(Some(MAX_CELL_COUNT)));
        assert_eq!(parse_count("1000000001"), Err(NumError::TooLarge));
    }

    #[test]
    fn percent_is_recognized_as_a_number() {
        let d = parse_decimal("0.45%").unwrap().unwrap();
        assert!(d.percent);
        assert_eq!(d.hundredths, 45);
    }

    #[test]
    fn civil_days_match_chrono() {
        use chrono::NaiveDate;
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut d = NaiveDate::from_ymd_opt(1999, 12, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2101, 2, 1).unwrap();
        while d < end {
            let n = (d - epoch).num_days();
            use chrono::Datelike;
            assert_eq!(days_from_civil(d.year(), d.month(), d.day()), n);
            assert_eq!(
                civil_from_days(n as Day),
                (d.year(), d.month(), d.day()),
                "{d}"
            );
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn every_date_form_reads_the_same_day() {
        let want = Ok(Some(day(2024, 3, 1)));
        for s in [
            "2024-03-01",
            "2024-3-1",
            "20240301",
            "2024/3/1",
            "2024/03/01",
            "2024.03.01",
            "2024年3月1日",
            "2024年03月01日",
            "2024年3月1",
            "45352",
            "45352.0",
            "45352.75",
            "2024-03-01 00:00:00",
            "2024-03-01T08:00:00+08:00",
            "2024/3/1 0:00",
            "20240301至20240301",
            "2024-03-01~2024-03-01",
            "2024-03-01 ~ 2024-03-01",
            " '2024-03-01 ",
            "=\"20240301\"",
        ] {
            assert_eq!(parse_day(s), want, "{s}");
        }
        assert_eq!(parse_day("45292"), Ok(Some(day(2024, 1, 1))));
        assert_eq!(day(2024, 1, 1), 19_723);
    }

    #[test]
    fn multi_day_ranges_and_bad_dates_are_refused() {
        assert_eq!(
            parse_day("20240301至20240307"),
            Err(DateError::Range {
                from: day(2024, 3, 1),
                to: day(2024, 3, 7)
            })
        );
        assert_eq!(
            parse_day("2024-03-01 - 2024-03-31"),
            Err(DateError::Range {
                from: day(2024, 3, 1),
                to: day(2024, 3, 31)
            })
        );
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "20241301",
            "3/1/2024",
            "2024-03",
            "2024",
            "19999",
            "80001",
            "2024-03-01x",
            "2024-03-01 星期五",
            "2024年3-1",
            "2024-003-01",
            "合计",
            "20240301至",
        ] {
            assert_eq!(parse_day(bad), Err(DateError::Bad), "{bad}");
        }
        assert_eq!(parse_day("2024年2月29日"), Ok(Some(day(2024, 2, 29))));
        assert_eq!(parse_day("1999-12-31"), Err(DateError::OutOfRange));
        assert_eq!(parse_day("2101-01-01"), Err(DateError::OutOfRange));
        assert_eq!(parse_day("2100-12-31"), Ok(Some(day(2100, 12, 31))));
        assert_eq!(parse_day("2000-01-01"), Ok(Some(day(2000, 1, 1))));
        assert_eq!(parse_day("20000"), Err(DateError::OutOfRange));
    }

    #[test]
    fn ids_stay_text_and_excel_mangling_is_caught() {
        assert_eq!(
            parse_item_id("612345678901"),
            Ok(Some(("612345678901", false)))
        );
        assert_eq!(parse_item_id("=\"0612\""), Ok(Some(("0612", false))));
        assert_eq!(
            parse_item_id("\t612345678901"),
            Ok(Some(("612345678901", false)))
        );
        assert_eq!(parse_item_id("123.0"), Ok(Some(("123", true))));
        assert_eq!(parse_item_id("123.00"), Ok(Some(("123", true))));
        assert_eq!(parse_item_id("9.88E+11"), Err(IdError::Scientific));
        assert_eq!(parse_item_id("6.12345E+11"), Err(IdError::Scientific));
        assert_eq!(parse_item_id("9.88e11"), Err(IdError::Scientific));
        assert_eq!(parse_item_id("123.5"), Err(IdError::Bad));
        assert_eq!(parse_item_id("A-001"), Err(IdError::Bad));
        assert_eq!(parse_item_id("-"), Ok(None));
        assert_eq!(parse_plan_id("plan-7"), Ok(Some(("plan-7", false))));
        assert_eq!(parse_plan_id("3.3E+9"), Err(IdError::Scientific));
    }

    #[test]
    fn names_are_cut_on_a_char_boundary() {
        let long: String = "羊".repeat(MAX_NAME_CHARS + 5);
        assert_eq!(parse_name(&long).chars().count(), MAX_NAME_CHARS);
        assert_eq!(parse_name(" 毛衣 "), "毛衣");
        assert_eq!(parse_name("-"), "");
    }
}
