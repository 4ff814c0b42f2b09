//! 爆款计划: stage defaults from a product's own history and the store's, and tracking of each
//! stage against the imported product and ad metrics, with its gate passed / not yet / failed.
//!
//! A gate is met on a day when that day's value (CTR of the product's ad rows, conversion,
//! visitors or units) reaches the threshold; it is passed once it is met `gate_days` days in a
//! row inside the stage. A stage that ended without that failed; one that has not started is
//! upcoming. A day without data breaks a run: nothing is assumed.

use crate::core::metrics::period::{date_of, day_of, Period};
use crate::core::metrics::MetricsStore;
use crate::model::hero::STAGES;
use crate::model::metrics::Day;
use crate::model::{Fen, GateMetric, HeroStage};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Days of history the defaults read.
pub const HISTORY_DAYS: u32 = 28;

/// A product's recent history (per day), and the store's figures it falls back on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Days with a product row.
    pub days: u32,
    pub visitors: f64,
    pub units: f64,
    pub conversion_bp: Option<u32>,
    /// The product's ad CTR (product report rows).
    pub ctr_bp: Option<u32>,
    /// The product's ad cost per click.
    pub cpc: Option<Fen>,
    /// The median conversion of the other products of its category (the store's when the
    /// category has no other product with visitors).
    pub category_conversion_bp: Option<u32>,
    /// The median ad CTR of the store's other products (product report rows) over the same
    /// days; the plan rows' CTR when no other product has ad rows.
    pub store_ctr_bp: Option<u32>,
}

fn bp(num: u64, den: u64) -> Option<u32> {
    (den > 0).then(|| u32::try_from(num.saturating_mul(10_000) / den).unwrap_or(u32::MAX))
}

/// The last [`HISTORY_DAYS`] days ending `end` of `item_id`; `peers` are the item ids of the
/// other products of its category.
pub fn history(store: &MetricsStore, item_id: &str, peers: &[&str], end: Day) -> History {
    let p = Period::ending(end, HISTORY_DAYS);
    let mut h = History::default();
    let (mut v, mut buyers, mut units) = (0u64, 0u64, 0u64);
    for d in store.product_range(item_id, p) {
        h.days += 1;
        v += d.visitors;
        buyers += d.paying_buyers;
        units += d.paid_units;
    }
    if h.days > 0 {
        h.visitors = v as f64 / f64::from(h.days);
        h.units = units as f64 / f64::from(h.days);
        h.conversion_bp = bp(buyers, v);
    }
    let (mut imp, mut clicks, mut spend, mut s_imp, mut s_clicks) = (0u64, 0u64, 0i64, 0u64, 0u64);
    let mut others: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for a in store.ads_in(p) {
        if a.item_id == item_id {
            imp += a.impressions;
            clicks += a.clicks;
            spend += a.spend.0;
        } else if a.item_id.is_empty() {
            s_imp += a.impressions;
            s_clicks += a.clicks;
        } else {
            let o = others.entry(a.item_id.as_str()).or_default();
            o.0 += a.clicks;
            o.1 += a.impressions;
        }
    }
    h.ctr_bp = bp(clicks, imp);
    h.cpc = (clicks > 0).then(|| Fen((spend + clicks as i64 / 2) / clicks as i64));
    let mut ctrs: Vec<u32> = others.values().filter_map(|&(c, i)| bp(c, i)).collect();
    ctrs.sort_unstable();
    h.store_ctr_bp = ctrs
        .get(ctrs.len() / 2)
        .copied()
        .or_else(|| bp(s_clicks, s_imp));
    let conv_of = |id: &str| {
        let (v, b) = store
            .product_range(id, p)
            .iter()
            .fold((0u64, 0u64), |(v, b), d| {
                (v + d.visitors, b + d.paying_buyers)
            });
        bp(b, v)
    };
    let mut convs: Vec<u32> = peers.iter().filter_map(|id| conv_of(id)).collect();
    if convs.is_empty() {
        convs = store
            .item_ids()
            .filter(|id| *id != item_id)
            .filter_map(conv_of)
            .collect();
    }
    convs.sort_unstable();
    h.category_conversion_bp = convs
        .get(convs.len() / 2)
        .copied()
        .filter(|_| !convs.is_empty());
    h
}

/// Default stages from `start`: 测款 7 days, 推广 14, 爆发 10, 维稳 30; visitors 1.5×, 3×, 6×
/// and 4× the product's recent daily visitors (at least 50); units at its conversion; half the
/// visitors paid at its CPC (¥1.50 without ad history). Gates: 测款 the ad CTR at least the
/// other products' median (3 days in a row); 推广 and 维稳 conversion at least the category's median (7 days);
/// 爆发 the stage's daily units (3 days).
pub fn default_stages(h: &History, start: NaiveDate) -> Vec<HeroStage> {
    let v0 = h.visitors.max(50.0);
    let conv = h
        .conversion_bp
        .or(h.category_conversion_bp)
        .unwrap_or(300)
        .max(1);
    let cat = h.category_conversion_bp.unwrap_or(conv);
    let ctr = h.ctr_bp.or(h.store_ctr_bp).unwrap_or(300);
    let gate_ctr = h.store_ctr_bp.or(h.ctr_bp).unwrap_or(300);
    let cpc = h.cpc.unwrap_or(Fen(150)).0.max(1);
    let specs: [(i64, f64, GateMetric, u32); STAGES] = [
        (7, 1.5, GateMetric::Ctr, 3),
        (14, 3.0, GateMetric::Conversion, 7),
        (10, 6.0, GateMetric::Units, 3),
        (30, 4.0, GateMetric::Conversion, 7),
    ];
    // dates stay inside the years a stored plan may have (2000–2100): never past the end of time
    let add = |d: NaiveDate, n: u64| d.checked_add_days(chrono::Days::new(n)).unwrap_or(d);
    let mut from = start;
    specs
        .iter()
        .map(|&(days, mult, gate, gate_days)| {
            let to = add(from, days as u64 - 1);
            let visitors = (v0 * mult).round() as u64;
            let units = (visitors * u64::from(conv)).div_ceil(10_000);
            let paid = visitors / 2;
            let gate_min = match gate {
                GateMetric::Ctr => u64::from(gate_ctr),
                GateMetric::Conversion => u64::from(cat),
                GateMetric::Units => units,
                GateMetric::Visitors => visitors,
            };
            let s = HeroStage {
                from,
                to,
                daily_budget: Fen(paid as i64 * cpc),
                visitors,
                ctr_bp: ctr,
                conversion_bp: conv,
                units,
                gate,
                gate_min,
                gate_days,
            };
            from = add(to, 1);
            s
        })
        .collect()
}

/// A day a plan's stage may start or end on: the years a stored plan may have (2000–2100, as
/// plan files are validated), with room for the default stages' 61 days.
pub fn date_ok(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (2000..=2100).contains(&d.year()) && d <= NaiveDate::from_ymd_opt(2100, 10, 31).unwrap_or(d)
}

/// Where a stage's gate stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateState {
    /// Met the days in a row, completed on this day.
    Passed(NaiveDate),
    /// The stage is running (or has no data yet) and the gate is not met yet.
    NotYet,
    /// The stage ended without meeting it.
    Failed,
    /// The stage starts after the last day of data.
    Upcoming,
}

/// One stage's actuals (per day, over its days with data up to the last day of data).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageActual {
    pub days: u32,
    pub visitors: Option<f64>,
    pub units: Option<f64>,
    pub conversion_bp: Option<u32>,
    pub ctr_bp: Option<u32>,
    pub spend: Option<Fen>,
    /// The longest run of days meeting the gate.
    pub best_run: u32,
    pub gate: GateState,
}

#[derive(Default, Clone, Copy)]
struct DayFigures {
    visitors: u64,
    buyers: u64,
    units: u64,
    impressions: u64,
    clicks: u64,
    spend: i64,
    product_row: bool,
    ad_row: bool,
}

fn value(d: &DayFigures, m: GateMetric) -> Option<u64> {
    match m {
        GateMetric::Ctr => d
            .ad_row
            .then(|| bp(d.clicks, d.impressions))
            .flatten()
            .map(u64::from),
        GateMetric::Conversion => d
            .product_row
            .then(|| bp(d.buyers, d.visitors))
            .flatten()
            .map(u64::from),
        GateMetric::Visitors => d.product_row.then_some(d.visitors),
        GateMetric::Units => d.product_row.then_some(d.units),
    }
}

/// Each stage of a plan for `item_id` against the metrics up to `last` (the last day of data).
pub fn track(
    stages: &[HeroStage],
    item_id: &str,
    store: &MetricsStore,
    last: Day,
) -> Vec<StageActual> {
    stages
        .iter()
        .map(|s| {
            let (from, to) = (day_of(s.from), day_of(s.to));
            if from > last {
                return StageActual {
                    days: 0,
                    visitors: None,
                    units: None,
                    conversion_bp: None,
                    ctr_bp: None,
                    spend: None,
                    best_run: 0,
                    gate: GateState::Upcoming,
                };
            }
            let p = Period::new(from, to.min(last));
            let mut days: BTreeMap<Day, DayFigures> = BTreeMap::new();
            for d in store.product_range(item_id, p) {
                let f = days.entry(d.day).or_default();
                f.product_row = true;
                f.visitors += d.visitors;
                f.buyers += d.paying_buyers;
                f.units += d.paid_units;
            }
            for a in store.ads_in(p).filter(|a| a.item_id == item_id) {
                let f = days.entry(a.day).or_default();
                f.ad_row = true;
                f.impressions += a.impressions;
                f.clicks += a.clicks;
                f.spend += a.spend.0;
            }
            let (mut run, mut best, mut passed) = (0u32, 0u32, None);
            let mut prev: Option<Day> = None;
            for (&day, f) in &days {
                let met = value(f, s.gate).is_some_and(|v| v >= s.gate_min);
                run = if met && prev.is_some_and(|p| p + 1 == day) && run > 0 {
                    run + 1
                } else if met {
                    1
                } else {
                    0
                };
                prev = Some(day);
                best = best.max(run);
                if passed.is_none() && run >= s.gate_days {
                    passed = date_of(day);
                }
            }
            let with_product: Vec<&DayFigures> = days.values().filter(|f| f.product_row).collect();
            let with_ads: Vec<&DayFigures> = days.values().filter(|f| f.ad_row).collect();
            let n = with_product.len() as f64;
            let sum =
                |g: fn(&DayFigures) -> u64, v: &[&DayFigures]| v.iter().map(|f| g(f)).sum::<u64>();
            let (visitors, buyers) = (
                sum(|f| f.visitors, &with_product),
                sum(|f| f.buyers, &with_product),
            );
            let gate = match passed {
                Some(d) => GateState::Passed(d),
                None if to <= last => GateState::Failed,
                None => GateState::NotYet,
            };
            StageActual {
                days: with_product.len() as u32,
                visitors: (n > 0.0).then(|| visitors as f64 / n),
                units: (n > 0.0).then(|| sum(|f| f.units, &with_product) as f64 / n),
                conversion_bp: bp(buyers, visitors),
                ctr_bp: bp(
                    sum(|f| f.clicks, &with_ads),
                    sum(|f| f.impressions, &with_ads),
                ),
                spend: (!with_ads.is_empty()).then(|| {
                    let s: i64 = with_ads.iter().map(|f| f.spend).sum();
                    Fen((s + with_ads.len() as i64 / 2) / with_ads.len() as i64)
                }),
                best_run: best,
                gate,
            }
        })
        .collect()
}
