//! Calendar dates as the planner writes them (`YYYY-MM-DD`), read without chrono's format
//! parser: chrono's `FromStr` and `parse_from_str` pull its whole strftime/RFC 2822/RFC 3339
//! machinery into the main bundle (about 25 KB of code before wasm-opt), for a format this
//! simple. Serialization stays chrono's (`Display`, which writes `YYYY-MM-DD`).

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// `2026-06-18` (month and day may have one digit, as chrono's `%Y-%m-%d` accepts) → a date;
/// None for anything else or an impossible date.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let mut it = s.trim().split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let num = |t: &str, max_len: usize| -> Option<u32> {
        (!t.is_empty() && t.len() <= max_len && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let year = i32::try_from(num(y, 4).filter(|_| y.len() == 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(m, 2)?, num(d, 2)?)
}

/// `YYYY-MM-DD` of a date (years 0–9999), without chrono's formatter.
pub fn ymd(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `MM-DD` of a date.
pub fn md(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}-{:02}", d.month(), d.day())
}

/// serde `deserialize_with` for a date field.
pub fn de_ymd<'de, D: Deserializer<'de>>(de: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(de)?;
    parse_ymd(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
}

/// serde `deserialize_with` for an optional date field (null or missing → None).
pub fn de_ymd_opt<'de, D: Deserializer<'de>>(de: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(de)? {
        None => Ok(None),
        Some(s) => parse_ymd(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written_and_nothing_else() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_ymd("2026-06-18"), d(2026, 6, 18));
        assert_eq!(parse_ymd(" 2028-2-29 "), d(2028, 2, 29));
        for bad in [
            "2027-02-29",
            "2026-13-01",
            "26-06-18",
            "2026/06/18",
            "2026-06-18-1",
            "",
            "abc",
            "2026-06-",
            "+2026-06-18",
            "2026-006-18",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        assert_eq!(
            ymd(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
            "2026-01-05"
        );
        assert_eq!(md(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()), "01-05");
        // what chrono writes, this reads back
        let x = NaiveDate::from_ymd_opt(2030, 12, 31).unwrap();
        assert_eq!(parse_ymd(&x.to_string()), Some(x));
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(deserialize_with = "de_ymd")]
            a: NaiveDate,
            #[serde(default, deserialize_with = "de_ymd_opt")]
            b: Option<NaiveDate>,
        }
        let t: T = serde_json::from_str(r#"{"a":"2026-06-18","b":null}"#).unwrap();
        assert_eq!(
            (t.a, t.b),
            (NaiveDate::from_ymd_opt(2026, 6, 18).unwrap(), None)
        );
        assert!(serde_json::from_str::<T>(r#"{"a":"2026-02-30"}"#).is_err());
    }
}
