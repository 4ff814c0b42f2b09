//! Daily anomalies against a robust baseline. Each day's 支付金额, 访客数, 支付转化率 and 客单价 is
//! compared with the same weekday over the trailing N weeks (N = 4–8 typically; a setting): the
//! baseline is their median and the spread 1.4826 × MAD (median absolute deviation, scaled to
//! match a standard deviation for normal data). A day is flagged when
//! |actual − median| > max(k × spread, threshold% × |median|) — the second term is the ±30% rule
//! operators use (暴涨/暴跌), a setting; the first keeps naturally volatile metrics quiet.
//!
//! A metric is skipped on a day when it is undefined (conversion without visitors, order value
//! without buyers) or when fewer than `min_points` baseline weeks have a value.

use super::kpi::KpiValue;
use super::period::Period;
use super::store::MetricsStore;
use super::{fen_per, median, ratio};
use crate::model::metrics::{Day, StoreDay};
use crate::model::Fen;

/// Metrics watched for anomalies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnomalyMetric {
    /// 支付金额
    Gmv,
    /// 访客数
    Visitors,
    /// 支付转化率
    Conversion,
    /// 客单价
    Aov,
}

impl AnomalyMetric {
    pub const ALL: [AnomalyMetric; 4] = [
        AnomalyMetric::Gmv,
        AnomalyMetric::Visitors,
        AnomalyMetric::Conversion,
        AnomalyMetric::Aov,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AnomalyMetric::Gmv => "gmv",
            AnomalyMetric::Visitors => "visitors",
            AnomalyMetric::Conversion => "conversion",
            AnomalyMetric::Aov => "aov",
        }
    }

    /// The Dashboard KPI this metric is (for its label and its exact figure).
    pub fn kpi(self) -> super::kpi::KpiMetric {
        use super::kpi::KpiMetric;
        match self {
            AnomalyMetric::Gmv => KpiMetric::Gmv,
            AnomalyMetric::Visitors => KpiMetric::Visitors,
            AnomalyMetric::Conversion => KpiMetric::Conversion,
            AnomalyMetric::Aov => KpiMetric::Aov,
        }
    }

    pub fn zh_label(self) -> &'static str {
        match self {
            AnomalyMetric::Gmv => "支付金额",
            AnomalyMetric::Visitors => "访客数",
            AnomalyMetric::Conversion => "支付转化率",
            AnomalyMetric::Aov => "客单价",
        }
    }

    /// The day's value for statistics (fen for money); None when undefined.
    pub fn value_f64(self, d: &StoreDay) -> Option<f64> {
        match self {
            AnomalyMetric::Gmv => Some(d.paid_amount.0 as f64),
            AnomalyMetric::Visitors => Some(d.visitors as f64),
            AnomalyMetric::Conversion => ratio(d.paying_buyers, d.visitors),
            AnomalyMetric::Aov => {
                (d.paying_buyers != 0).then(|| d.paid_amount.0 as f64 / d.paying_buyers as f64)
            }
        }
    }

    /// The day's value as shown.
    pub fn value(self, d: &StoreDay) -> Option<KpiValue> {
        match self {
            AnomalyMetric::Gmv => Some(KpiValue::Money(d.paid_amount)),
            AnomalyMetric::Visitors => Some(KpiValue::Count(d.visitors)),
            AnomalyMetric::Conversion => ratio(d.paying_buyers, d.visitors).map(KpiValue::Rate),
            AnomalyMetric::Aov => fen_per(d.paid_amount, d.paying_buyers).map(KpiValue::Money),
        }
    }

    /// A baseline statistic in the metric's unit (money rounded to the fen).
    fn shown(self, x: f64) -> KpiValue {
        match self {
            AnomalyMetric::Gmv | AnomalyMetric::Aov => KpiValue::Money(Fen(x.round() as i64)),
            AnomalyMetric::Visitors => KpiValue::Count(x.round().max(0.0) as u64),
            AnomalyMetric::Conversion => KpiValue::Rate(x),
        }
    }
}

/// Detection settings (user-editable).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnomalySettings {
    /// Trailing weeks of the same weekday in the baseline (clamped to 1..=52).
    pub weeks: u32,
    /// Spreads (1.4826 × MAD) a day must be away from the median.
    pub k: f64,
    /// The operators' rule: percent of the median a day must be away (30 = ±30%).
    pub threshold_pct: f64,
    /// Fewest baseline values needed to judge a day.
    pub min_points: u32,
}

impl Default for AnomalySettings {
    fn default() -> AnomalySettings {
        AnomalySettings {
            weeks: 6,
            k: 3.0,
            threshold_pct: 30.0,
            min_points: 3,
        }
    }
}

impl AnomalySettings {
    fn sane(&self) -> AnomalySettings {
        let d = AnomalySettings::default();
        let nonneg = |x: f64, dflt: f64| if x.is_finite() { x.max(0.0) } else { dflt };
        AnomalySettings {
            weeks: self.weeks.clamp(1, 52),
            k: nonneg(self.k, d.k),
            threshold_pct: nonneg(self.threshold_pct, d.threshold_pct),
            min_points: self.min_points.max(1),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// 暴涨
    Up,
    /// 暴跌
    Down,
}

/// One flagged day and metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anomaly {
    pub day: Day,
    pub metric: AnomalyMetric,
    pub actual: KpiValue,
    /// Median of the same weekday over the trailing weeks.
    pub baseline: KpiValue,
    /// 1.4826 × MAD, in the metric's unit (fen for money).
    pub spread: f64,
    /// (actual − baseline) / |baseline|; None when the baseline is zero.
    pub size: Option<f64>,
    pub direction: Direction,
    /// Baseline values used.
    pub points: u32,
}

/// Anomalies of the days of `period` in `days` (store days sorted by day), by day then metric.
pub fn detect(days: &[StoreDay], period: Period, settings: &AnomalySettings) -> Vec<Anomaly> {
    let s = settings.sane();
    let find = |day: Day| {
        days.binary_search_by(|d| d.day.cmp(&day))
            .ok()
            .and_then(|i| days.get(i))
    };
    let lo = days.partition_point(|d| d.day < period.from);
    let hi = days.partition_point(|d| d.day <= period.to);
    let mut out = Vec::new();
    let mut base: Vec<f64> = Vec::with_capacity(s.weeks as usize);
    for d in days.get(lo..hi.max(lo)).unwrap_or(&[]) {
        for metric in AnomalyMetric::ALL {
            let (Some(x), Some(actual)) = (metric.value_f64(d), metric.value(d)) else {
                continue;
            };
            base.clear();
            for w in 1..=i64::from(s.weeks) {
                let Ok(day) = Day::try_from(i64::from(d.day) - 7 * w) else {
                    break;
                };
                if let Some(v) = find(day).and_then(|b| metric.value_f64(b)) {
                    base.push(v);
                }
            }
            if (base.len() as u32) < s.min_points {
                continue;
            }
            let Some(m) = median(&mut base) else { continue };
            for v in base.iter_mut() {
                *v = (*v - m).abs();
            }
            let mad = median(&mut base).unwrap_or(0.0);
            let spread = 1.4826 * mad;
            let dev = x - m;
            let limit = (s.k * spread).max(s.threshold_pct / 100.0 * m.abs());
            if dev.abs() > limit {
                out.push(Anomaly {
                    day: d.day,
                    metric,
                    actual,
                    baseline: metric.shown(m),
                    spread,
                    size: (m != 0.0).then(|| dev / m.abs()),
                    direction: if dev > 0.0 {
                        Direction::Up
                    } else {
                        Direction::Down
                    },
                    points: base.len() as u32,
                });
            }
        }
    }
    out
}

/// Anomalies of a period in the store's daily overview.
pub fn detect_in(store: &MetricsStore, period: Period, settings: &AnomalySettings) -> Vec<Anomaly> {
    detect(store.store_days(), period, settings)
}
