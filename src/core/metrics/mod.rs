//! Metrics: storage and analysis of the additive daily facts imported from 生意参谋 and 万相台
//! (see `model::metrics`). Ratios (转化率, 客单价, ROI, CTR …) are always computed from sums of
//! the period, never stored or averaged. Money stays integer fen; ratios are `f64`.
//!
//! - [`period`]: days, periods, 环比 / 同比 periods, weeks and months, dashboard presets;
//! - [`store`]: the sorted, keyed [`MetricsStore`] with upsert and its compact string encoding;
//! - [`kpi`]: period totals, dashboard KPIs with 环比 / 同比, trends, the funnel;
//! - [`decompose`]: why GMV changed — visitors × conversion × order value, exact to the fen;
//! - [`anomaly`]: same-weekday robust baselines and the ±30% rule;
//! - [`products`]: product ranking, ABC, traffic × conversion quadrants, 爆款 candidates,
//!   stock-out risk;
//! - [`export`]: the Dashboard's period figures as CSV (exact, formula-safe);
//! - [`ads`]: paid traffic per plan and channel, break-even ROI, plan vs product reconciliation.

pub mod ads;
pub mod anomaly;
pub mod codec;
pub mod decompose;
pub mod export;
pub mod kpi;
pub mod period;
pub mod products;
pub mod store;
pub mod totals;

pub use codec::DecodeError;
pub use period::{Period, Preset};
pub use store::{
    encoded_len_units, KindReport, MetricsBatch, MetricsStore, TooLarge, UpsertReport,
    STORAGE_BUDGET_UNITS,
};

use crate::model::Fen;

/// `num / den` as a ratio; None when the denominator is zero.
pub fn ratio(num: u64, den: u64) -> Option<f64> {
    (den != 0).then(|| num as f64 / den as f64)
}

/// A money ratio of sums: `amount / den` as f64; None when the denominator is zero.
pub fn money_ratio(num: Fen, den: Fen) -> Option<f64> {
    (den.0 != 0).then(|| num.0 as f64 / den.0 as f64)
}

/// Money per unit (客单价, UV价值, CPC …): `amount / count` in fen, rounded half away from zero;
/// None when the count is zero.
pub fn fen_per(amount: Fen, count: u64) -> Option<Fen> {
    if count == 0 {
        return None;
    }
    let a = i128::from(amount.0);
    let c = i128::from(count);
    let q = (a.abs() * 2 + c) / (c * 2);
    let q = if a < 0 { -q } else { q };
    Some(Fen(i64::try_from(q).unwrap_or(if a < 0 {
        i64::MIN
    } else {
        i64::MAX
    })))
}

/// Relative change `(current − previous) / |previous|`; None when previous is zero or either is
/// unknown (as 生意参谋 shows "-" for a change from zero).
pub fn change(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    let (c, p) = (current?, previous?);
    if p == 0.0 || !c.is_finite() || !p.is_finite() {
        return None;
    }
    Some((c - p) / p.abs())
}

/// Median of values (mean of the two middle ones for an even count); None when empty. NaNs are
/// ordered last by `total_cmp`.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let hi = *values.get(n / 2)?;
    if n % 2 == 1 {
        Some(hi)
    } else {
        let lo = *values.get(n / 2 - 1)?;
        Some(lo + (hi - lo) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_per_rounds_half_away_from_zero() {
        assert_eq!(fen_per(Fen(10), 4), Some(Fen(3))); // 2.5 → 3
        assert_eq!(fen_per(Fen(9), 4), Some(Fen(2))); // 2.25 → 2
        assert_eq!(fen_per(Fen(-10), 4), Some(Fen(-3)));
        assert_eq!(fen_per(Fen(100), 0), None);
        assert_eq!(fen_per(Fen(i64::MAX), 1), Some(Fen(i64::MAX)));
        assert_eq!(fen_per(Fen(i64::MIN), 1), Some(Fen(i64::MIN)));
    }

    #[test]
    fn change_is_relative_to_the_previous_value() {
        assert_eq!(change(Some(120.0), Some(100.0)), Some(0.2));
        assert_eq!(change(Some(80.0), Some(100.0)), Some(-0.2));
        assert_eq!(change(Some(5.0), Some(0.0)), None);
        assert_eq!(change(None, Some(1.0)), None);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
