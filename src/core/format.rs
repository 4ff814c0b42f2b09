//! Display formats operators expect: ¥ with thousands separators, 万/亿 for large figures,
//! dates as YYYY-MM-DD, percentages.

use crate::model::Fen;

pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `Fen(123456789)` → "¥1,234,567.89".
pub fn yuan(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    format!("{sign}¥{}.{:02}", group_thousands(a / 100), a % 100)
}

/// Yuan as operators write thresholds and discounts (满300减30): no ¥ and no decimals when the
/// amount is whole, else two decimals: `Fen(30000)` → "300", `Fen(30050)` → "300.50".
pub fn yuan_terse(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    if a.is_multiple_of(100) {
        format!("{sign}{}", a / 100)
    } else {
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// Exact yuan as a plain number for spreadsheets: `Fen(98800866)` → "988008.66".
pub fn yuan_plain(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Compact form for dashboards: below ¥10,000 exact; then 万 (10⁴) or 亿 (10⁸) with two decimals,
/// as Chinese operators read figures ("¥12.35万"). In English the same compact figure uses K/M.
pub fn yuan_compact(f: Fen, chinese: bool) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    let y = a / 100;
    if y < 10_000 {
        return yuan(f);
    }
    // round half up to 2 decimals of the unit, in integer arithmetic
    let scaled = |unit_fen: u64| -> String {
        let hundredths = (a * 100 + unit_fen / 2) / unit_fen;
        format!(
            "{}.{:02}",
            group_thousands(hundredths / 100),
            hundredths % 100
        )
    };
    if chinese {
        if y >= 100_000_000 {
            format!("{sign}¥{}亿", scaled(100_000_000 * 100))
        } else {
            format!("{sign}¥{}万", scaled(10_000 * 100))
        }
    } else if y >= 1_000_000 {
        format!("{sign}¥{}M", scaled(1_000_000 * 100))
    } else {
        format!("{sign}¥{}K", scaled(1_000 * 100))
    }
}

/// Basis points as a percentage with one decimal: 1234 → "12.3%".
pub fn percent_bp(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let a = bp.unsigned_abs();
    let tenths = (a + 5) / 10;
    format!("{sign}{}.{}%", tenths / 10, tenths % 10)
}

/// Basis points as a percentage with two decimals, exactly: 9235 → "92.35%".
pub fn percent2_bp(bp: i64) -> String {
    format!("{}%", bp_plain(bp))
}

/// Basis points as a plain percentage number for an input box: 550 → "5.50".
pub fn bp_plain(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let a = bp.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// What an operator types as a percentage ("5", "5.5", "5.25%", "-3") → basis points, if it
/// has at most two decimals and lies within [min, max]. Integer arithmetic only.
pub fn parse_percent_bp(s: &str, min: i64, max: i64) -> Option<i64> {
    let t = s.trim().trim_end_matches(['%', '％']).trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    if (i.is_empty() && f.is_empty())
        || i.len() > 6
        || f.len() > 2
        || !i.chars().all(|c| c.is_ascii_digit())
        || !f.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if i.is_empty() { 0 } else { i.parse().ok()? };
    let frac: i64 = match f.len() {
        0 => 0,
        1 => f.parse::<i64>().ok()? * 10,
        _ => f.parse().ok()?,
    };
    let bp = whole * 100 + frac;
    let bp = if neg { -bp } else { bp };
    (min..=max).contains(&bp).then_some(bp)
}

/// A discount in 折 as operators type it → basis points paid: "8.8" / "8.8折" → 8,800 (pay
/// 88%), "9" → 9,000, "88" / "95折" → 8,800 / 9,500 (two digits read as 8.8 / 9.5), "8.85" →
/// 8,850. At most three decimals, 0 < 折 ≤ 10; anything else is None.
pub fn parse_zhe_bp(s: &str) -> Option<i64> {
    let t = s.trim().trim_end_matches('折').trim();
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    if i.is_empty()
        || !i.chars().all(|c| c.is_ascii_digit())
        || !f.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let bp = if t.contains('.') {
        if i.len() > 2 || f.is_empty() || f.len() > 3 {
            return None;
        }
        let frac: i64 = format!("{f:0<3}").parse().ok()?;
        i.parse::<i64>().ok()? * 1_000 + frac
    } else {
        match i.len() {
            1 => i.parse::<i64>().ok()? * 1_000,
            2 => i.parse::<i64>().ok()? * 100,
            _ => return None,
        }
    };
    (1..=10_000).contains(&bp).then_some(bp)
}

/// Basis points paid as 折: 8,800 → "8.8", 9,000 → "9", 8,850 → "8.85".
pub fn zhe_plain(bp: i64) -> String {
    let s = format!("{}.{:03}", bp / 1_000, (bp % 1_000).abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    // "10" would read back as 1折 (two digits are 8.8-style): no discount is "10.0"
    if s.len() == 2 && !s.contains('.') {
        format!("{s}.0")
    } else {
        s.to_string()
    }
}

/// What pays a share of the price, as typed: "88%" is a percentage and "8.8折" 折 in any
/// language; a bare number is 折 in Chinese ("8.8") and a percentage in English ("88").
pub fn parse_pay_bp(s: &str, zhe: bool) -> Option<i64> {
    let t = s.trim();
    if t.ends_with(['%', '％']) {
        parse_percent_bp(t, 0, 10_000)
    } else if t.ends_with('折') || zhe {
        parse_zhe_bp(t)
    } else {
        parse_percent_bp(t, 0, 10_000)
    }
}

/// [`parse_pay_bp`]'s input text of basis points paid.
pub fn pay_plain(bp: i64, zhe: bool) -> String {
    if zhe {
        zhe_plain(bp)
    } else {
        bp_plain(bp)
    }
}

/// Bytes as megabytes with one decimal: 20 MiB → "20.0".
pub fn mebibytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10 + 524_288) / 1_048_576;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Milliseconds since the epoch → "YYYY-MM-DD" (UTC+8, the platform's day).
pub fn date_ymd(ms: i64) -> String {
    datetime(ms, false)
}

/// Milliseconds since the epoch → "YYYY-MM-DD HH:MM" (UTC+8).
pub fn date_time(ms: i64) -> String {
    datetime(ms, true)
}

fn datetime(ms: i64, with_time: bool) -> String {
    // Field access instead of chrono's strftime formatter keeps the wasm smaller.
    use chrono::{Datelike, Timelike};
    let Some(dt) = chrono::DateTime::from_timestamp_millis(ms.saturating_add(8 * 3_600_000)) else {
        return String::from("—");
    };
    let d = dt.naive_utc();
    if with_time {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute()
        )
    } else {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zhe_is_read_and_written_as_operators_do() {
        for (typed, bp) in [
            ("8.8", 8_800),
            ("8.8折", 8_800),
            (" 9 ", 9_000),
            ("88", 8_800),
            ("95折", 9_500),
            ("8.85", 8_850),
            ("9.999", 9_999),
            ("10.0", 10_000),
        ] {
            assert_eq!(parse_zhe_bp(typed), Some(bp), "{typed}");
        }
        for bad in [
            "", "折", "0", "11.0", "880", "8.8888", "8.", ".8", "-8", "8,8", "abc", "8.8%",
        ] {
            assert_eq!(parse_zhe_bp(bad), None, "{bad}");
        }
        assert_eq!(zhe_plain(8_800), "8.8");
        assert_eq!(zhe_plain(9_000), "9");
        assert_eq!(zhe_plain(8_850), "8.85");
        assert_eq!(zhe_plain(10_000), "10.0");
        assert_eq!(parse_zhe_bp(&zhe_plain(10_000)), Some(10_000));
        // a percentage stays one in any language; a bare number follows the language
        assert_eq!(parse_pay_bp("88%", true), Some(8_800));
        assert_eq!(parse_pay_bp("8.8折", false), Some(8_800));
        assert_eq!(parse_pay_bp("8.8", true), Some(8_800));
        assert_eq!(parse_pay_bp("88", false), Some(8_800));
        assert_eq!(parse_pay_bp("8.8", false), Some(880));
        assert_eq!(pay_plain(8_800, true), "8.8");
        assert_eq!(pay_plain(8_800, false), "88.00");
        for bp in (1..=10_000).step_by(7) {
            assert_eq!(parse_zhe_bp(&zhe_plain(bp)), Some(bp), "{bp}");
        }
    }

    #[test]
    fn yuan_uses_thousands_separators_and_two_decimals() {
        assert_eq!(yuan(Fen(0)), "¥0.00");
        assert_eq!(yuan(Fen(5)), "¥0.05");
        assert_eq!(yuan(Fen(123_456_789)), "¥1,234,567.89");
        assert_eq!(yuan(Fen(100_000)), "¥1,000.00");
        assert_eq!(yuan(Fen(-12_345)), "-¥123.45");
    }

    #[test]
    fn terse_yuan_drops_whole_decimals_as_in_man_jian() {
        assert_eq!(yuan_terse(Fen(30_000)), "300");
        assert_eq!(yuan_terse(Fen(3_000)), "30");
        assert_eq!(yuan_terse(Fen(30_050)), "300.50");
        assert_eq!(yuan_terse(Fen(5)), "0.05");
        assert_eq!(yuan_terse(Fen(-1_000)), "-10");
        assert_eq!(yuan_terse(Fen(i64::MIN)), "-92233720368547758.08");
    }

    #[test]
    fn compact_switches_to_wan_from_ten_thousand_yuan() {
        assert_eq!(yuan_compact(Fen(999_999), true), "¥9,999.99");
        assert_eq!(yuan_compact(Fen(1_000_000), true), "¥1.00万");
        assert_eq!(yuan_compact(Fen(12_345_600), true), "¥12.35万");
        assert_eq!(yuan_compact(Fen(25_000_000_000), true), "¥2.50亿");
        assert_eq!(yuan_compact(Fen(12_345_600), false), "¥123.46K");
        assert_eq!(yuan_compact(Fen(250_000_000), false), "¥2.50M");
    }

    #[test]
    fn percent_rounds_to_one_decimal() {
        assert_eq!(percent_bp(1234), "12.3%");
        assert_eq!(percent_bp(1235), "12.4%");
        assert_eq!(percent_bp(-500), "-5.0%");
        assert_eq!(percent_bp(0), "0.0%");
    }

    #[test]
    fn percent_input_parses_to_basis_points_without_floats() {
        assert_eq!(parse_percent_bp("5", 0, 10_000), Some(500));
        assert_eq!(parse_percent_bp("5.5%", 0, 10_000), Some(550));
        assert_eq!(parse_percent_bp(" 2.25 ", 0, 10_000), Some(225));
        assert_eq!(parse_percent_bp("-3", -10_000, 10_000), Some(-300));
        assert_eq!(parse_percent_bp("-3", 0, 10_000), None);
        assert_eq!(parse_percent_bp("101", 0, 10_000), None);
        assert_eq!(parse_percent_bp("1.234", 0, 10_000), None);
        assert_eq!(parse_percent_bp("abc", 0, 10_000), None);
        assert_eq!(parse_percent_bp("", 0, 10_000), None);
        assert_eq!(bp_plain(550), "5.50");
        assert_eq!(bp_plain(-5), "-0.05");
    }

    #[test]
    fn megabytes_have_one_decimal() {
        assert_eq!(mebibytes(20 * 1024 * 1024), "20.0");
        assert_eq!(mebibytes(1_572_864), "1.5");
    }

    #[test]
    fn dates_are_iso_in_china_time() {
        // 2026-11-20T16:30:00Z is 2026-11-21 00:30 in Beijing
        assert_eq!(date_ymd(1_795_192_200_000), "2026-11-21");
        assert_eq!(date_time(1_795_192_200_000), "2026-11-21 00:30");
    }
}
