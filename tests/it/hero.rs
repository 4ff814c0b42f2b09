//! 爆款计划 (core::hero): defaults from a product's history, gates passed / not yet / failed /
//! upcoming from hand-made metrics, and plan files that refuse a plan without its four stages.

use chrono::NaiveDate;
use store_ops_planner::core::hero::{default_stages, history, track, GateState};
use store_ops_planner::core::metrics::period::day_of;
use store_ops_planner::core::metrics::store::{MetricsBatch, MetricsStore};
use store_ops_planner::model::metrics::{AdDay, ProductDay};
use store_ops_planner::model::{Fen, GateMetric, HeroPlan, Meta};

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn pday(d: NaiveDate, item: &str, visitors: u64, buyers: u64) -> ProductDay {
    ProductDay {
        day: day_of(d),
        item_id: item.into(),
        visitors,
        paying_buyers: buyers,
        paid_units: buyers,
        ..ProductDay::default()
    }
}

fn ad(d: NaiveDate, item: &str, impressions: u64, clicks: u64, spend: i64) -> AdDay {
    AdDay {
        day: day_of(d),
        plan_id: "p".into(),
        item_id: item.into(),
        impressions,
        clicks,
        spend: Fen(spend),
        ..AdDay::default()
    }
}

#[test]
fn defaults_follow_the_history() {
    // 28 days of item 1: 200 visitors, 6 buyers a day (3.00%); ads 10,000 shows, 400 clicks (4%), ¥1.20 a click
    let mut products = Vec::new();
    let mut ads = Vec::new();
    for i in 0..28 {
        let d = date(5, 1) + chrono::Days::new(i);
        products.push(pday(d, "1", 200, 6));
        products.push(pday(d, "2", 100, 5)); // a peer at 5.00%
        ads.push(ad(d, "1", 10_000, 400, 48_000));
        ads.push(ad(d, "", 100_000, 2_500, 300_000)); // the store's plan rows: 2.50%
    }
    let store = MetricsStore::from_batch(MetricsBatch {
        products,
        ads,
        ..MetricsBatch::default()
    });
    let h = history(&store, "1", &["2"], day_of(date(5, 28)));
    assert_eq!(
        (h.days, h.visitors, h.conversion_bp, h.ctr_bp),
        (28, 200.0, Some(300), Some(400))
    );
    assert_eq!(
        (h.cpc, h.category_conversion_bp, h.store_ctr_bp),
        (Some(Fen(120)), Some(500), Some(250))
    );
    let s = default_stages(&h, date(6, 1));
    assert_eq!(s.len(), 4);
    assert_eq!(
        (s[0].from, s[0].to, s[1].from, s[3].to),
        (date(6, 1), date(6, 7), date(6, 8), date(7, 31))
    );
    // 测款: 300 visitors a day, 9 units, 150 paid × ¥1.20; gate: CTR ≥ the store's 2.50% for 3 days
    assert_eq!(
        (s[0].visitors, s[0].units, s[0].daily_budget),
        (300, 9, Fen(18_000))
    );
    assert_eq!(
        (s[0].gate, s[0].gate_min, s[0].gate_days),
        (GateMetric::Ctr, 250, 3)
    );
    // 推广: conversion ≥ the category's 5.00% for 7 days; 爆发: its own daily units
    assert_eq!(
        (s[1].gate, s[1].gate_min, s[1].gate_days),
        (GateMetric::Conversion, 500, 7)
    );
    assert_eq!(
        (s[2].visitors, s[2].gate, s[2].gate_min),
        (1200, GateMetric::Units, 36)
    );
    // a product without history: 50 visitors, 3.00%, ¥1.50
    let s = default_stages(&Default::default(), date(6, 1));
    assert_eq!(
        (s[0].visitors, s[0].units, s[0].daily_budget, s[0].gate_min),
        (75, 3, Fen(37 * 150), 300)
    );
}

#[test]
fn gates_pass_fail_wait_and_come() {
    let h = Default::default();
    let mut s = default_stages(&h, date(6, 1)); // 1–7 Jun, 8–21 Jun, 22 Jun–1 Jul, 2–31 Jul
    s[1].gate_min = 500; // conversion ≥ 5.00%, 7 days
    let mut products = Vec::new();
    let mut ads = Vec::new();
    // 测款: CTR 3.5% on 2, 3 and 4 June (1 June 2.0%): passed on 4 June
    for (d, clicks) in [(1, 200), (2, 350), (3, 350), (4, 350), (5, 100)] {
        ads.push(ad(date(6, d), "9", 10_000, clicks, 10_000));
        products.push(pday(date(6, d), "9", 100, 3));
    }
    // 推广: 6 good days (8–13), then 14 June missing, then 15–21 at 4%: failed (ended 21 June)
    for d in 8..=13 {
        products.push(pday(date(6, d), "9", 100, 6));
    }
    for d in 15..=21 {
        products.push(pday(date(6, d), "9", 100, 4));
    }
    // 爆发: running, 22–24 June with data, units below the target
    for d in 22..=24 {
        products.push(pday(date(6, d), "9", 100, 1));
    }
    let store = MetricsStore::from_batch(MetricsBatch {
        products,
        ads,
        ..MetricsBatch::default()
    });
    let t = track(&s, "9", &store, day_of(date(6, 24)));
    assert_eq!(t[0].gate, GateState::Passed(date(6, 4)));
    assert_eq!((t[0].ctr_bp, t[0].spend), (Some(270), Some(Fen(10_000))));
    assert_eq!(t[1].gate, GateState::Failed);
    assert_eq!((t[1].best_run, t[1].days), (6, 13));
    assert_eq!(t[2].gate, GateState::NotYet);
    assert_eq!((t[2].visitors, t[2].units), (Some(100.0), Some(1.0)));
    assert_eq!(t[3].gate, GateState::Upcoming);
    // the same data up to 13 June: 推广 is still running
    let t = track(&s, "9", &store, day_of(date(6, 13)));
    assert_eq!((t[1].gate, t[1].best_run), (GateState::NotYet, 6));
}

#[test]
fn far_dates_never_panic_and_stay_storable() {
    use store_ops_planner::core::hero::date_ok;
    let end = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let s = default_stages(&Default::default(), end); // no overflow panic
    assert_eq!(s.len(), 4);
    assert!(!date_ok(end) && !date_ok(NaiveDate::from_ymd_opt(1999, 12, 31).unwrap()));
    assert!(date_ok(date(6, 1)) && date_ok(NaiveDate::from_ymd_opt(2100, 10, 31).unwrap()));
    assert!(!date_ok(NaiveDate::from_ymd_opt(2100, 11, 1).unwrap()));
    // the latest start the page accepts makes a plan that plan files accept
    let p = HeroPlan {
        meta: Meta::new("h2".into(), 0),
        product_id: "p1".into(),
        name: "x".into(),
        stages: default_stages(
            &Default::default(),
            NaiveDate::from_ymd_opt(2100, 10, 31).unwrap(),
        ),
        notes: String::new(),
    };
    let v = serde_json::json!([serde_json::to_value(&p).unwrap()]);
    assert!(store_ops_planner::formats::validate::hero_plans_with(&v, "hero_plans", true).is_ok());
}

#[test]
fn plan_files_refuse_a_plan_without_its_four_stages() {
    let p = HeroPlan {
        meta: Meta::new("h1".into(), 0),
        product_id: "p1".into(),
        name: "主推款 爆款计划".into(),
        stages: default_stages(&Default::default(), date(6, 1)),
        notes: String::new(),
    };
    let v = serde_json::to_value(&p).unwrap();
    let back = store_ops_planner::formats::validate::hero_plans_with(
        &serde_json::json!([v.clone()]),
        "hero_plans",
        true,
    )
    .unwrap();
    assert_eq!(back[0].stages, p.stages);
    let mut three = v.clone();
    three["stages"].as_array_mut().unwrap().pop();
    assert!(store_ops_planner::formats::validate::hero_plans_with(
        &serde_json::json!([three]),
        "hero_plans",
        true
    )
    .is_err());
    let mut backwards = v.clone();
    backwards["stages"][0]["to"] = "2026-05-01".into();
    assert!(store_ops_planner::formats::validate::hero_plans_with(
        &serde_json::json!([backwards]),
        "hero_plans",
        true
    )
    .is_err());
    let mut gate = v;
    gate["stages"][2]["gate"] = "gmv".into();
    assert!(store_ops_planner::formats::validate::hero_plans_with(
        &serde_json::json!([gate]),
        "hero_plans",
        true
    )
    .is_err());
}
