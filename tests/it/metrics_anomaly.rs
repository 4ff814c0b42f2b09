//! Anomaly detection against the same-weekday median and MAD spread with the ±30% rule, on a
//! hand-checked fixture: six Mondays of history and one Monday to judge.

use store_ops_planner::core::metrics::anomaly::{
    detect, detect_in, AnomalyMetric, AnomalySettings, Direction,
};
use store_ops_planner::core::metrics::kpi::KpiValue;
use store_ops_planner::core::metrics::period::{day_from_ymd, weekday, Period};
use store_ops_planner::core::metrics::{MetricsBatch, MetricsStore};
use store_ops_planner::model::metrics::{Day, StoreDay};
use store_ops_planner::model::Fen;

fn monday() -> Day {
    let d = day_from_ymd(2025, 4, 14).unwrap();
    assert_eq!(weekday(d), 0);
    d
}

fn day(day: Day, visitors: u64, buyers: u64, gmv: i64) -> StoreDay {
    StoreDay {
        day,
        visitors,
        paying_buyers: buyers,
        paid_amount: Fen(gmv),
        ..StoreDay::default()
    }
}

/// Six previous Mondays (1,000 visitors, 50 buyers) with GMV 100,000 / 102,000 / 98,000 /
/// 101,000 / 99,000 / 100,500 (1 to 6 weeks back), other weekdays far off (ignored), and the
/// Monday judged: 1,000 visitors, 30 buyers, GMV 60,000.
fn days(target_gmv: i64, target_buyers: u64) -> Vec<StoreDay> {
    let m = monday();
    let history = [100_000, 102_000, 98_000, 101_000, 99_000, 100_500];
    let mut v: Vec<StoreDay> = Vec::new();
    for (w, &g) in history.iter().enumerate().rev() {
        let d = m - 7 * (w as i32 + 1);
        v.push(day(d, 1_000, 50, g));
        v.push(day(d + 1, 5_000, 500, 9_000_000)); // a Tuesday: not in Monday's baseline
    }
    v.push(day(m, 1_000, target_buyers, target_gmv));
    v
}

fn store(v: Vec<StoreDay>) -> MetricsStore {
    MetricsStore::from_batch(MetricsBatch {
        store: v,
        ..MetricsBatch::default()
    })
}

#[test]
fn a_drop_beyond_30_percent_of_the_weekday_median_is_flagged() {
    let s = store(days(60_000, 30));
    let found = detect_in(&s, Period::single(monday()), &AnomalySettings::default());
    // GMV: median of the six Mondays = (100,000 + 100,500)/2 = 100,250; deviations 250, 1,750,
    // 2,250, 750, 1,250, 250 → MAD = (750 + 1,250)/2 = 1,000 → spread 1,482.6. Limit =
    // max(3 × 1,482.6, 30% × 100,250 = 30,075); |60,000 − 100,250| = 40,250 > 30,075.
    // Conversion: 3% vs 5% every week (spread 0): |−2 pts| > 30% × 5% = 1.5 pts → flagged.
    // Visitors equal the baseline; 客单价 2,000 vs median 2,005 → not flagged.
    assert_eq!(found.len(), 2, "{found:?}");
    let gmv = found[0];
    assert_eq!((gmv.day, gmv.metric), (monday(), AnomalyMetric::Gmv));
    assert_eq!(gmv.actual, KpiValue::Money(Fen(60_000)));
    assert_eq!(gmv.baseline, KpiValue::Money(Fen(100_250)));
    assert!((gmv.spread - 1_482.6).abs() < 1e-9);
    assert_eq!(gmv.size, Some(-40_250.0 / 100_250.0));
    assert_eq!(gmv.direction, Direction::Down);
    assert_eq!(gmv.points, 6);
    let conv = found[1];
    assert_eq!(conv.metric, AnomalyMetric::Conversion);
    assert_eq!(conv.actual, KpiValue::Rate(0.03));
    assert_eq!(conv.baseline, KpiValue::Rate(0.05));
    assert!((conv.size.unwrap() + 0.4).abs() < 1e-12);
    assert_eq!(conv.direction, Direction::Down);
}

#[test]
fn a_25_percent_drop_passes_the_30_percent_rule_but_not_a_20_percent_one() {
    // GMV 75,000 with 50 buyers: −25.2% against 100,250; conversion unchanged
    let s = store(days(75_000, 50));
    let p = Period::single(monday());
    let at30 = detect_in(&s, p, &AnomalySettings::default());
    assert!(
        at30.iter().all(|a| a.metric != AnomalyMetric::Gmv),
        "{at30:?}"
    );
    let at20 = detect_in(
        &s,
        p,
        &AnomalySettings {
            threshold_pct: 20.0,
            ..AnomalySettings::default()
        },
    );
    let gmv: Vec<_> = at20
        .iter()
        .filter(|a| a.metric == AnomalyMetric::Gmv)
        .collect();
    assert_eq!(gmv.len(), 1);
    // 客单价 1,500 vs 2,005 is also −25%: flagged at 20% as well
    assert!(at20.iter().any(|a| a.metric == AnomalyMetric::Aov));
}

#[test]
fn a_rise_is_flagged_up() {
    let s = store(days(150_000, 50));
    let found = detect_in(&s, Period::single(monday()), &AnomalySettings::default());
    let gmv = found
        .iter()
        .find(|a| a.metric == AnomalyMetric::Gmv)
        .unwrap();
    assert_eq!(gmv.direction, Direction::Up);
    assert_eq!(gmv.size, Some(49_750.0 / 100_250.0));
}

#[test]
fn too_few_weeks_of_history_are_not_judged() {
    let mut v = days(60_000, 30);
    let m = monday();
    v.retain(|d| d.day == m || d.day >= m - 14); // two Mondays left
    let found = detect(&v, Period::single(m), &AnomalySettings::default());
    assert!(found.is_empty());
    let found = detect(
        &v,
        Period::single(m),
        &AnomalySettings {
            min_points: 2,
            ..AnomalySettings::default()
        },
    );
    assert!(!found.is_empty());
}

#[test]
fn the_baseline_uses_only_the_given_number_of_weeks() {
    // with 2 weeks: Mondays 1 and 2 weeks back = 100,000 and 102,000 → median 101,000
    let s = store(days(60_000, 30));
    let found = detect_in(
        &s,
        Period::single(monday()),
        &AnomalySettings {
            weeks: 2,
            min_points: 2,
            ..AnomalySettings::default()
        },
    );
    let gmv = found
        .iter()
        .find(|a| a.metric == AnomalyMetric::Gmv)
        .unwrap();
    assert_eq!(gmv.baseline, KpiValue::Money(Fen(101_000)));
    assert_eq!(gmv.points, 2);
}

#[test]
fn the_k_spread_term_quiets_volatile_metrics() {
    // history swinging ±50%: the spread is wide, a −40% day is within 3 spreads
    let m = monday();
    let hist = [50_000, 150_000, 60_000, 140_000, 100_000, 100_000];
    let mut v: Vec<StoreDay> = hist
        .iter()
        .enumerate()
        .rev()
        .map(|(w, &g)| day(m - 7 * (w as i32 + 1), 1_000, 50, g))
        .collect();
    v.push(day(m, 1_000, 50, 60_000));
    let found = detect(&v, Period::single(m), &AnomalySettings::default());
    assert!(
        found.iter().all(|a| a.metric != AnomalyMetric::Gmv),
        "{found:?}"
    );
}

#[test]
fn undefined_ratios_are_skipped_and_odd_settings_do_not_panic() {
    let m = monday();
    let mut v: Vec<StoreDay> = (1..=6).map(|w| day(m - 7 * w, 0, 0, 0)).collect();
    v.sort_by_key(|d| d.day);
    v.push(day(m, 0, 0, 0));
    let odd = AnomalySettings {
        weeks: 0,
        k: f64::NAN,
        threshold_pct: -5.0,
        min_points: 0,
    };
    let found = detect(&v, Period::new(i32::MIN, i32::MAX), &odd);
    assert!(found.is_empty(), "{found:?}");
}
