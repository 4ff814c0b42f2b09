//! Money is integer fen (分): 1 yuan = 100 fen. Never floating point for amounts.

use serde::{Deserialize, Serialize};

/// An amount in fen (分). `Fen(12345)` is ¥123.45.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Largest amount the planner accepts anywhere: ¥100 billion. Larger values in a file are absurd
/// and are refused rather than risking overflow in sums.
pub const MAX_FEN: i64 = 10_000_000_000_000;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn yuan(y: i64) -> Fen {
        Fen(y.saturating_mul(100))
    }

    /// Parse what an operator types: `128`, `128.5`, `¥1,299.00`, `￥99`. At most two decimals.
    /// Returns None for anything else (including negative or absurd amounts).
    pub fn parse_yuan(input: &str) -> Option<Fen> {
        let s: String = input
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        if s.is_empty() {
            return None;
        }
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s.as_str(), ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
            || frac_part.len() > 2
            || int_part.len() > 12
        {
            return None;
        }
        let i: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        let f: i64 = match frac_part.len() {
            0 => 0,
            1 => frac_part.parse::<i64>().ok()? * 10,
            _ => frac_part.parse().ok()?,
        };
        let v = i.checked_mul(100)?.checked_add(f)?;
        (v <= MAX_FEN).then_some(Fen(v))
    }

    /// Plain decimal yuan for an input box: `1299.5` → "1299.50".
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0.saturating_sub(o.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_yuan_accepts_what_operators_type() {
        assert_eq!(Fen::parse_yuan("128"), Some(Fen(12800)));
        assert_eq!(Fen::parse_yuan("128.5"), Some(Fen(12850)));
        assert_eq!(Fen::parse_yuan("¥1,299.00"), Some(Fen(129900)));
        assert_eq!(Fen::parse_yuan("￥ 99"), Some(Fen(9900)));
        assert_eq!(Fen::parse_yuan(".5"), Some(Fen(50)));
        assert_eq!(Fen::parse_yuan("0"), Some(Fen(0)));
    }

    #[test]
    fn parse_yuan_refuses_negative_text_and_three_decimals() {
        for bad in [
            "",
            "-1",
            "abc",
            "1.234",
            "1e5",
            "1.2.3",
            ".",
            "99999999999999",
        ] {
            assert_eq!(Fen::parse_yuan(bad), None, "{bad}");
        }
    }

    #[test]
    fn to_plain_keeps_two_decimals() {
        assert_eq!(Fen(129950).to_plain(), "1299.50");
        assert_eq!(Fen(5).to_plain(), "0.05");
        assert_eq!(Fen(-5).to_plain(), "-0.05");
    }
}
