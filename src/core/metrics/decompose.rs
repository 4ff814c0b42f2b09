//! Why did GMV change? 销售额 = 访客数 × 支付转化率 × 客单价 (G = V × C × A with C = B/V and
//! A = G/B, B = 支付买家数). The change G₁ − G₀ between two periods is split into the contribution
//! of each factor, in fen, summing exactly to the change.
//!
//! Method:
//! - **LMDI-I** (logarithmic mean Divisia index, additive form) when every factor is positive in
//!   both periods: part(x) = L(G₁, G₀) · ln(x₁ / x₀), with the logarithmic mean
//!   L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a. The three parts sum to G₁ − G₀ exactly in
//!   real arithmetic, and a factor that did not change gets exactly zero.
//! - **Shapley** (the average of the sequential substitutions over all 6 factor orders) when a
//!   factor is zero in either period (no visitors, no buyers), where logarithms are undefined:
//!   part(x) = Δx · [(y₀z₀ + y₁z₁)/3 + (y₀z₁ + y₁z₀)/6], also exact. A factor whose denominator
//!   is zero is taken as 0 (no visitors → conversion 0; no buyers → order value 0).
//!
//! Parts are rounded to the fen; the residue (rounding, or GMV recorded without buyers or
//! visitors, which the factor model cannot represent) is added to the part with the largest
//! absolute value (ties: order value, then conversion, then visitors), so the parts always sum to
//! the change exactly. Amounts beyond ±2⁶¹ fen are clamped first; should a part then not fit in
//! an i64 (absurd inputs only), the whole change is given to the largest part.

use super::kpi::{kpis, Totals};
use super::period::Period;
use super::store::MetricsStore;
use crate::model::Fen;

/// The three inputs of the factor model for one period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Factors {
    /// 支付金额
    pub gmv: Fen,
    /// 访客数
    pub visitors: u64,
    /// 支付买家数
    pub buyers: u64,
}

impl Factors {
    pub fn of(t: &Totals) -> Factors {
        Factors {
            gmv: t.paid_amount,
            visitors: t.visitors,
            buyers: t.paying_buyers,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// LMDI-I: all factors positive in both periods.
    Lmdi,
    /// Shapley split: some factor is zero in a period.
    Shapley,
}

/// GMV change split into factor contributions (fen). `visitors + conversion + order_value ==
/// change` always.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decomposition {
    pub before: Fen,
    pub after: Fen,
    /// after − before
    pub change: Fen,
    /// 访客数 contribution
    pub visitors: Fen,
    /// 支付转化率 contribution
    pub conversion: Fen,
    /// 客单价 contribution
    pub order_value: Fen,
    pub method: Method,
}

/// One of the three factors of GMV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    Visitors,
    Conversion,
    OrderValue,
}

impl Decomposition {
    /// The factor with the largest contribution in size (the waterfall's one-line summary), with
    /// its contribution; on a tie the earlier factor. None when nothing changed.
    pub fn main_cause(&self) -> Option<(Cause, Fen)> {
        let parts = [
            (Cause::Visitors, self.visitors),
            (Cause::Conversion, self.conversion),
            (Cause::OrderValue, self.order_value),
        ];
        let mut best: Option<(Cause, Fen)> = None;
        for (c, v) in parts {
            if v.0 != 0 && best.is_none_or(|(_, b)| v.0.unsigned_abs() > b.0.unsigned_abs()) {
                best = Some((c, v));
            }
        }
        best
    }
}

const LIMIT: i64 = 1 << 61;

/// Logarithmic mean of two positive numbers.
fn log_mean(a: f64, b: f64) -> f64 {
    if (a - b).abs() <= 1e-12 * a.max(b) {
        (a + b) / 2.0
    } else {
        (a - b) / (a.ln() - b.ln())
    }
}

/// Split the GMV change from `before` to `after`.
pub fn decompose(before: Factors, after: Factors) -> Decomposition {
    let g0 = before.gmv.0.clamp(-LIMIT, LIMIT);
    let g1 = after.gmv.0.clamp(-LIMIT, LIMIT);
    let change = g1 - g0;

    let factor = |f: &Factors, g: i64| -> [f64; 3] {
        let v = f.visitors as f64;
        let c = if f.visitors == 0 {
            0.0
        } else {
            f.buyers as f64 / v
        };
        let a = if f.buyers == 0 {
            0.0
        } else {
            g as f64 / f.buyers as f64
        };
        [v, c, a]
    };
    let x0 = factor(&before, g0);
    let x1 = factor(&after, g1);

    let all_positive = x0.iter().chain(x1.iter()).all(|&x| x > 0.0);
    let (raw, method) = if all_positive {
        let l = log_mean(g1 as f64, g0 as f64);
        ([0, 1, 2].map(|i| l * (x1[i] / x0[i]).ln()), Method::Lmdi)
    } else {
        let part = |i: usize| {
            let (j, k) = ((i + 1) % 3, (i + 2) % 3);
            let d = x1[i] - x0[i];
            d * ((x0[j] * x0[k] + x1[j] * x1[k]) / 3.0 + (x0[j] * x1[k] + x1[j] * x0[k]) / 6.0)
        };
        ([part(0), part(1), part(2)], Method::Shapley)
    };

    let parts = allocate(change, raw);
    Decomposition {
        before: Fen(g0),
        after: Fen(g1),
        change: Fen(change),
        visitors: Fen(parts[0]),
        conversion: Fen(parts[1]),
        order_value: Fen(parts[2]),
        method,
    }
}

/// Round the parts to the fen and give the residue to the largest part (ties: the later part).
fn allocate(change: i64, raw: [f64; 3]) -> [i64; 3] {
    let bound = (LIMIT as f64) * 2.0;
    let mut parts = raw.map(|x| {
        if x.is_finite() {
            x.round().clamp(-bound, bound) as i64
        } else {
            0
        }
    });
    // max_by_key keeps the last of equal maxima: ties go to order value, then conversion
    let largest = (0..3)
        .max_by_key(|&i| parts.get(i).map_or(0, |p| p.unsigned_abs()))
        .unwrap_or(2);
    let sum: i128 = parts.iter().map(|&p| i128::from(p)).sum();
    let residue = i128::from(change) - sum;
    let adjusted = parts
        .get(largest)
        .and_then(|&p| i64::try_from(i128::from(p) + residue).ok());
    match (adjusted, parts.get_mut(largest)) {
        (Some(v), Some(slot)) => *slot = v,
        _ => {
            parts = [0, 0, 0];
            if let Some(slot) = parts.get_mut(largest) {
                *slot = change;
            }
        }
    }
    parts
}

/// Decompose the GMV change from period `before` to period `after` (totals as on the dashboard).
pub fn decompose_periods(store: &MetricsStore, before: Period, after: Period) -> Decomposition {
    decompose(
        Factors::of(&kpis(store, before).totals),
        Factors::of(&kpis(store, after).totals),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(gmv: i64, visitors: u64, buyers: u64) -> Factors {
        Factors {
            gmv: Fen(gmv),
            visitors,
            buyers,
        }
    }

    #[test]
    fn only_visitors_changed_gives_everything_to_visitors() {
        let d = decompose(f(500_000, 1_000, 50), f(550_000, 1_100, 55));
        assert_eq!(d.method, Method::Lmdi);
        assert_eq!(
            (d.visitors, d.conversion, d.order_value),
            (Fen(50_000), Fen(0), Fen(0))
        );
    }

    #[test]
    fn extreme_inputs_still_sum() {
        let d = decompose(f(i64::MIN, 1, u64::MAX), f(i64::MAX, u64::MAX, 1));
        assert_eq!(
            i128::from(d.visitors.0) + i128::from(d.conversion.0) + i128::from(d.order_value.0),
            i128::from(d.change.0)
        );
    }
}
