//! 备货 (stocking) for a promotion: the units each SKU is expected to sell in the event (the
//! promotion's unit target, or its GMV target at the SKUs' prices after the promotion's
//! discounts), split by the SKUs' recent sales; what that needs with the days before the event
//! and a safety stock; what to order and by when, given stock on hand, in transit and the lead
//! time; and the day a SKU runs out if nothing is ordered.
//!
//! Assumptions, said on screen: stock in transit is on hand before the event; the event's
//! expected units are its whole sales (the usual daily sales stop counting during the event);
//! sales are even across the event's days.

use crate::model::{DateRange, Fen};
use chrono::NaiveDate;

/// One SKU going in.
#[derive(Clone, Debug, PartialEq)]
pub struct SkuIn {
    pub stock: i64,
    pub in_transit: i64,
    /// Days from ordering to stock on hand.
    pub lead_days: u32,
    /// Units sold per day recently (the usual pace).
    pub daily_units: f64,
    /// Unit price after the promotion's discounts.
    pub price: Fen,
}

/// One SKU's stocking line.
#[derive(Clone, Debug, PartialEq)]
pub struct StockLine {
    /// Expected units in the event.
    pub event_units: u64,
    /// Units sold from today to the day before the event at the usual pace.
    pub before_units: u64,
    /// Safety stock: `safety_days` of the usual pace.
    pub safety_units: u64,
    /// before + event + safety.
    pub need: u64,
    /// stock + in transit (never below zero).
    pub have: u64,
    /// What to order (0 when the stock is enough).
    pub order: u64,
    /// The last day to order for the stock to arrive before the event.
    pub order_by: NaiveDate,
    /// `order_by` is already past (and something must be ordered).
    pub late: bool,
    /// The day the stock runs out without an order, if before the event ends.
    pub runs_out: Option<NaiveDate>,
    /// `runs_out` falls inside the event.
    pub runs_out_in_event: bool,
}

/// Largest-remainder split of `total` by `weights` (equal weights when they are all zero).
fn split(total: u64, weights: &[f64]) -> Vec<u64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    let w: Vec<f64> = if sum > 0.0 {
        weights
            .iter()
            .map(|x| {
                if x.is_finite() && *x > 0.0 {
                    x / sum
                } else {
                    0.0
                }
            })
            .collect()
    } else {
        vec![1.0 / n as f64; n]
    };
    let raw: Vec<f64> = w.iter().map(|x| x * total as f64).collect();
    let mut out: Vec<u64> = raw.iter().map(|x| x.floor() as u64).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (raw[b] - raw[b].floor())
            .total_cmp(&(raw[a] - raw[a].floor()))
            .then(a.cmp(&b))
    });
    let mut left = total.saturating_sub(out.iter().sum());
    for i in order.into_iter().cycle().take(n * 2) {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// The event's expected units per SKU: `target_units` when set, else `target_gmv` at the SKUs'
/// prices, split in proportion to their usual daily units (equally when none sold).
pub fn event_units(target_units: i64, target_gmv: Fen, skus: &[SkuIn]) -> Vec<u64> {
    let weights: Vec<f64> = skus.iter().map(|s| s.daily_units).collect();
    if target_units > 0 {
        return split(target_units as u64, &weights);
    }
    if target_gmv.0 <= 0 || skus.is_empty() {
        return vec![0; skus.len()];
    }
    // units_i = w_i · U with Σ units_i · price_i = GMV → U = GMV / Σ w_i · price_i
    let sum_w: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    let w: Vec<f64> = if sum_w > 0.0 {
        weights.iter().map(|x| x.max(0.0) / sum_w).collect()
    } else {
        vec![1.0 / skus.len() as f64; skus.len()]
    };
    let avg_price: f64 = w
        .iter()
        .zip(skus)
        .map(|(w, s)| w * s.price.0.max(0) as f64)
        .sum();
    if avg_price <= 0.0 {
        return vec![0; skus.len()];
    }
    let total = (target_gmv.0 as f64 / avg_price).round() as u64;
    split(total, &w)
}

/// The stocking line of each SKU for an event, as of `today`.
pub fn plan(
    skus: &[SkuIn],
    event_units: &[u64],
    event: DateRange,
    today: NaiveDate,
    safety_days: u32,
) -> Vec<StockLine> {
    let before_days = (event.start - today).num_days().max(0) as u64;
    let event_days = ((event.end - event.start).num_days() + 1).max(1) as u64;
    skus.iter()
        .zip(event_units)
        .map(|(s, &e)| {
            let pace = if s.daily_units.is_finite() {
                s.daily_units.max(0.0)
            } else {
                0.0
            };
            let before_units = (pace * before_days as f64).ceil() as u64;
            let safety_units = (pace * f64::from(safety_days)).ceil() as u64;
            let need = before_units + e + safety_units;
            let have = s.stock.max(0).saturating_add(s.in_transit.max(0)) as u64;
            let order = need.saturating_sub(have);
            let order_by = event.start - chrono::Days::new(u64::from(s.lead_days));
            // day by day from today to the end of the event, without an order
            let mut left = have as f64;
            let mut runs_out = None;
            let mut day = today;
            while day <= event.end {
                let sold = if day < event.start {
                    pace
                } else {
                    e as f64 / event_days as f64
                };
                left -= sold;
                if left < -1e-9 {
                    runs_out = Some(day);
                    break;
                }
                day = day + chrono::Days::new(1);
            }
            StockLine {
                event_units: e,
                before_units,
                safety_units,
                need,
                have,
                order,
                order_by,
                late: order > 0 && order_by < today,
                runs_out_in_event: runs_out.is_some_and(|d| d >= event.start),
                runs_out,
            }
        })
        .collect()
}
