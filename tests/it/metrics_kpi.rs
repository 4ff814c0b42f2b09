//! Dashboard KPIs, 环比 / 同比, presets, trends and the funnel on a hand-checked fixture:
//! three store days (Mon 3 – Wed 5 March 2025), one store day a year earlier, plan and product ad
//! rows. Every expected value below is computed by hand in the comments.

use store_ops_planner::core::metrics::kpi::{
    dashboard, funnel, kpis, trend, FunnelStage, Grain, KpiMetric, KpiValue, Source,
};
use store_ops_planner::core::metrics::period::{day_from_ymd, ymd, Period, Preset};
use store_ops_planner::core::metrics::{MetricsBatch, MetricsStore};
use store_ops_planner::model::metrics::{AdChannel, AdDay, Day, ProductDay, StoreDay};
use store_ops_planner::model::Fen;

fn d(y: i32, m: u32, day: u32) -> Day {
    day_from_ymd(y, m, day).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn store_day(
    day: Day,
    visitors: u64,
    cart: u64,
    order: u64,
    paying: u64,
    paid: i64,
    refund: i64,
    spend: [i64; 4],
) -> StoreDay {
    StoreDay {
        day,
        visitors,
        page_views: visitors * 5 / 2,
        cart_buyers: cart,
        order_buyers: order,
        order_amount: Fen(paid + 50_000),
        paying_buyers: paying,
        paid_units: paying + 5,
        paid_amount: Fen(paid),
        refund_amount: Fen(refund),
        spend_search: Fen(spend[0]),
        spend_display: Fen(spend[1]),
        spend_affiliate: Fen(spend[2]),
        spend_other: Fen(spend[3]),
    }
}

fn ad(day: Day, item: &str, spend: i64, total: i64) -> AdDay {
    AdDay {
        day,
        channel: AdChannel::Search,
        plan_id: "p1".into(),
        plan_name: "关键词推广-主推".into(),
        item_id: item.into(),
        impressions: 10_000,
        clicks: 300,
        spend: Fen(spend),
        direct_amount: Fen(total / 2),
        total_amount: Fen(total),
        total_orders: 10,
        carts: 20,
    }
}

/// Day 1–3: 3 March (Mon) to 5 March 2025 (Wed).
fn fixture() -> MetricsStore {
    let (d1, d2, d3) = (d(2025, 3, 3), d(2025, 3, 4), d(2025, 3, 5));
    let store = vec![
        store_day(
            d1,
            1_000,
            120,
            60,
            50,
            500_000,
            20_000,
            [30_000, 10_000, 5_000, 5_000],
        ),
        store_day(
            d2,
            1_200,
            150,
            70,
            60,
            660_000,
            0,
            [40_000, 10_000, 5_000, 5_000],
        ),
        store_day(
            d3,
            800,
            90,
            45,
            40,
            380_000,
            10_000,
            [20_000, 10_000, 5_000, 5_000],
        ),
        // one year before d3
        store_day(d(2024, 3, 5), 500, 50, 25, 20, 190_000, 0, [0, 0, 0, 0]),
    ];
    let ads = vec![
        ad(d1, "", 30_000, 90_000),
        ad(d2, "", 40_000, 150_000),
        ad(d3, "", 20_000, 50_000),
        // product-report rows of the same plan: ignored while plan rows exist
        ad(d1, "600000000001", 29_000, 10),
        ad(d2, "600000000001", 39_000, 10),
    ];
    MetricsStore::from_batch(MetricsBatch {
        store,
        products: vec![],
        ads,
    })
}

fn three_days() -> Period {
    Period::new(d(2025, 3, 3), d(2025, 3, 5))
}

#[test]
fn kpis_of_three_days_are_computed_from_sums() {
    let k = kpis(&fixture(), three_days());
    assert_eq!(k.source, Source::Store);
    assert_eq!(k.totals.rows, 3);
    // GMV 500,000 + 660,000 + 380,000 = 1,540,000 fen
    assert_eq!(k.gmv(), Fen(1_540_000));
    assert_eq!(k.visitors(), 3_000);
    assert_eq!(k.paying_buyers(), 150);
    // 支付转化率 150 / 3,000
    assert_eq!(k.conversion(), Some(0.05));
    // 客单价 1,540,000 / 150 = 10,266.67 → 10,267 fen
    assert_eq!(k.aov(), Some(Fen(10_267)));
    // UV价值 1,540,000 / 3,000 = 513.33 → 513 fen
    assert_eq!(k.uv_value(), Some(Fen(513)));
    assert_eq!(k.refunds(), Fen(30_000));
    assert_eq!(k.refund_rate(), Some(30_000.0 / 1_540_000.0));
    assert_eq!(k.net_gmv(), Fen(1_510_000));
    // spend columns: 90,000 + 30,000 + 15,000 + 15,000
    assert_eq!(k.ad_spend(), Fen(150_000));
    // ROI from plan rows only: (90,000 + 150,000 + 50,000) / (30,000 + 40,000 + 20,000)
    assert_eq!(k.ads.rows, 3);
    assert_eq!(k.roi(), Some(290_000.0 / 90_000.0));
    // 费比 150,000 / 1,540,000
    assert_eq!(k.fee_ratio(), Some(150_000.0 / 1_540_000.0));
}

#[test]
fn day_over_day_change_is_the_previous_day_of_the_same_length() {
    let dash = dashboard(&fixture(), Period::single(d(2025, 3, 5)));
    assert_eq!(dash.previous.period, Period::single(d(2025, 3, 4)));
    let row = |m: KpiMetric| *dash.rows.iter().find(|r| r.metric == m).unwrap();
    // GMV 380,000 vs 660,000
    let gmv = row(KpiMetric::Gmv);
    assert_eq!(gmv.current, Some(KpiValue::Money(Fen(380_000))));
    assert_eq!(gmv.previous, Some(KpiValue::Money(Fen(660_000))));
    assert_eq!(gmv.mom, Some((380_000.0 - 660_000.0) / 660_000.0));
    // visitors 800 vs 1,200 → −1/3
    assert_eq!(
        row(KpiMetric::Visitors).mom,
        Some((800.0 - 1_200.0) / 1_200.0)
    );
    // conversion 40/800 = 60/1,200 = 5% → no change
    assert_eq!(row(KpiMetric::Conversion).mom, Some(0.0));
    // 客单价 9,500 vs 11,000
    let aov = row(KpiMetric::Aov);
    assert_eq!(aov.current, Some(KpiValue::Money(Fen(9_500))));
    assert_eq!(aov.mom, Some((9_500.0 - 11_000.0) / 11_000.0));
    // 同比: 5 March 2024 had GMV 190,000 → +100%
    assert_eq!(dash.year_ago.period, Period::single(d(2024, 3, 5)));
    assert_eq!(gmv.yoy, Some(1.0));
    assert_eq!(row(KpiMetric::Roi).yoy, None); // no ad rows a year ago
}

#[test]
fn changes_against_an_empty_period_are_unknown() {
    let dash = dashboard(&fixture(), Period::single(d(2025, 3, 3)));
    assert_eq!(dash.previous.source, Source::Empty);
    assert!(dash
        .rows
        .iter()
        .all(|r| r.mom.is_none() && r.previous.is_none()));
    assert_eq!(dash.rows.len(), KpiMetric::ALL.len());
}

#[test]
fn presets_as_seen_on_a_given_today() {
    let today = d(2025, 3, 6);
    assert_eq!(
        Preset::Yesterday.period(today),
        Period::single(d(2025, 3, 5))
    );
    assert_eq!(
        Preset::Last7.period(today),
        Period::new(d(2025, 2, 27), d(2025, 3, 5))
    );
    assert_eq!(
        Preset::Last30.period(today),
        Period::new(d(2025, 2, 4), d(2025, 3, 5))
    );
    assert_eq!(
        Preset::ThisMonth.period(today),
        Period::new(d(2025, 3, 1), d(2025, 3, 5))
    );
    let k = kpis(&fixture(), Preset::ThisMonth.period(today));
    assert_eq!(k.gmv(), Fen(1_540_000));
}

#[test]
fn weekly_trend_buckets_run_monday_to_sunday_clipped_to_the_period() {
    // Sat 1 March .. Wed 5 March: the week of 24 Feb (clipped to 1–2 March), then 3–5 March
    let p = Period::new(d(2025, 3, 1), d(2025, 3, 5));
    let t = trend(&fixture(), p, Grain::Week);
    assert_eq!(t.len(), 2);
    assert_eq!(
        (ymd(t[0].period.from), ymd(t[0].period.to)),
        ("2025-03-01".into(), "2025-03-02".into())
    );
    assert_eq!(t[0].source, Source::Empty);
    assert_eq!(t[0].gmv(), Fen(0));
    assert_eq!(
        (ymd(t[1].period.from), ymd(t[1].period.to)),
        ("2025-03-03".into(), "2025-03-05".into())
    );
    assert_eq!(t[1].gmv(), Fen(1_540_000));
    assert_eq!(t[1].ads.spend, Fen(90_000));
}

#[test]
fn daily_and_monthly_trends() {
    let days = trend(&fixture(), three_days(), Grain::Day);
    let gmv: Vec<Fen> = days.iter().map(|k| k.gmv()).collect();
    assert_eq!(gmv, vec![Fen(500_000), Fen(660_000), Fen(380_000)]);
    assert_eq!(days[1].conversion(), Some(0.05));

    let p = Period::new(d(2024, 2, 27), d(2025, 3, 5));
    let months = trend(&fixture(), p, Grain::Month);
    assert_eq!(months.len(), 14); // Feb 2024 (27–29) .. Mar 2025
    assert_eq!(ymd(months[0].period.to), "2024-02-29");
    assert_eq!(months[1].gmv(), Fen(190_000)); // March 2024
    assert_eq!(months[13].gmv(), Fen(1_540_000));
    let sum: i64 = months.iter().map(|k| k.gmv().0).sum();
    assert_eq!(sum, 1_730_000);
}

#[test]
fn funnel_step_and_overall_rates() {
    let k = kpis(&fixture(), three_days());
    let f = funnel(&k.totals);
    assert_eq!(
        f.map(|s| s.stage),
        [
            FunnelStage::Visitors,
            FunnelStage::CartBuyers,
            FunnelStage::OrderBuyers,
            FunnelStage::PayingBuyers
        ]
    );
    assert_eq!(f.map(|s| s.count), [3_000, 360, 175, 150]);
    assert_eq!(f[0].step_rate, None);
    assert_eq!(f[1].step_rate, Some(360.0 / 3_000.0));
    assert_eq!(f[2].step_rate, Some(175.0 / 360.0));
    assert_eq!(f[3].step_rate, Some(150.0 / 175.0));
    assert_eq!(f[3].overall_rate, Some(0.05));
}

#[test]
fn product_rows_stand_in_when_the_period_has_no_store_day() {
    let mut s = fixture();
    let day = d(2025, 4, 1);
    let p = |id: &str, v: u64, pay: u64, amt: i64| ProductDay {
        day,
        item_id: id.into(),
        visitors: v,
        paying_buyers: pay,
        paid_units: pay,
        paid_amount: Fen(amt),
        ..ProductDay::default()
    };
    s.upsert(MetricsBatch {
        products: vec![p("1", 100, 5, 50_000), p("2", 300, 6, 30_000)],
        ..MetricsBatch::default()
    });
    let k = kpis(&s, Period::single(day));
    assert_eq!(k.source, Source::Products);
    assert_eq!(
        (k.visitors(), k.paying_buyers(), k.gmv()),
        (400, 11, Fen(80_000))
    );
    assert_eq!(k.ad_spend(), Fen(0));
    assert_eq!(k.roi(), None);
    assert_eq!(kpis(&s, Period::single(day + 1)).source, Source::Empty);
}

#[test]
fn ad_spend_falls_back_to_ad_rows_without_store_spend() {
    let day = d(2025, 5, 1);
    let mut sd = store_day(day, 100, 10, 5, 4, 40_000, 0, [0, 0, 0, 0]);
    sd.day = day;
    let s = MetricsStore::from_batch(MetricsBatch {
        store: vec![sd],
        products: vec![],
        ads: vec![ad(day, "600000000001", 4_000, 12_000)],
    });
    let k = kpis(&s, Period::single(day));
    assert_eq!(k.ad_spend(), Fen(4_000));
    assert_eq!(k.roi(), Some(3.0));
    assert_eq!(k.fee_ratio(), Some(0.1));
}

/// Issue 12 item 14: UV价值 of 589.49 fen (→ 589) before and 612.83 fen (→ 613) after. The
/// rounded values would give 613 / 589 − 1 = +4.07%; the exact change is 61,283 / 58,949 − 1 =
/// +3.96%. Every 环比 / 同比 is computed from the unrounded sums.
#[test]
fn uv_value_change_is_computed_from_unrounded_sums() {
    let (d1, d2) = (d(2025, 6, 1), d(2025, 6, 2));
    let s = MetricsStore::from_batch(MetricsBatch {
        store: vec![
            store_day(d1, 100, 10, 5, 4, 58_949, 0, [0, 0, 0, 0]),
            store_day(d2, 100, 10, 5, 4, 61_283, 0, [0, 0, 0, 0]),
        ],
        products: vec![],
        ads: vec![],
    });
    let dash = dashboard(&s, Period::single(d2));
    let uv = *dash
        .rows
        .iter()
        .find(|r| r.metric == KpiMetric::UvValue)
        .unwrap();
    // shown to the fen
    assert_eq!(uv.current, Some(KpiValue::Money(Fen(613))));
    assert_eq!(uv.previous, Some(KpiValue::Money(Fen(589))));
    let mom = uv.mom.unwrap();
    assert!((mom - (61_283.0 / 58_949.0 - 1.0)).abs() < 1e-12, "{mom}");
    assert_eq!(format!("{:.2}%", mom * 100.0), "3.96%");
    // 客单价 too: 58,949 / 4 = 14,737.25 and 61,283 / 4 = 15,320.75, exact change
    let aov = *dash
        .rows
        .iter()
        .find(|r| r.metric == KpiMetric::Aov)
        .unwrap();
    assert!((aov.mom.unwrap() - (61_283.0 / 58_949.0 - 1.0)).abs() < 1e-12);
}

/// Issue 12 item 13: March 2026 (31 days) was compared with the 31 days before, 29 Jan – 28 Feb:
/// GMV 366,000 vs 280,000 + 25,000 = +20.0%. An operator's "March 环比" is February: 366,000 vs
/// 280,000 = +30.7%. 同比 is March 2025.
#[test]
fn a_calendar_month_is_compared_with_the_previous_calendar_month() {
    use store_ops_planner::core::metrics::kpi::dashboard_with;
    use store_ops_planner::core::metrics::period::Comparison;
    let mut store = Vec::new();
    for (day, gmv) in [(29, 8_333), (30, 8_333), (31, 8_334)] {
        store.push(store_day(d(2026, 1, day), 100, 10, 5, 4, gmv, 0, [0; 4]));
    }
    for day in 1..=28 {
        store.push(store_day(d(2026, 2, day), 100, 10, 5, 4, 10_000, 0, [0; 4]));
    }
    store.push(store_day(d(2026, 3, 1), 100, 10, 5, 4, 366_000, 0, [0; 4]));
    let s = MetricsStore::from_batch(MetricsBatch {
        store,
        ..MetricsBatch::default()
    });
    let march = Period::new(d(2026, 3, 1), d(2026, 3, 31));
    let gmv_mom = |dash: &store_ops_planner::core::metrics::kpi::Dashboard| {
        let r = dash
            .rows
            .iter()
            .find(|r| r.metric == KpiMetric::Gmv)
            .unwrap();
        format!("{:+.1}%", r.mom.unwrap() * 100.0)
    };
    let cal = dashboard_with(&s, march, Comparison::CalendarMonths);
    assert_eq!(
        cal.previous.period,
        Period::new(d(2026, 2, 1), d(2026, 2, 28))
    );
    assert_eq!(
        cal.year_ago.period,
        Period::new(d(2025, 3, 1), d(2025, 3, 31))
    );
    assert_eq!(gmv_mom(&cal), "+30.7%");
    let same = dashboard_with(&s, march, Comparison::SameLength);
    assert_eq!(
        same.previous.period,
        Period::new(d(2026, 1, 29), d(2026, 2, 28))
    );
    assert_eq!(gmv_mom(&same), "+20.0%");
    // a quarter against the quarter before; 本月 so far (1–9 March) against 1–9 February;
    // February 2025 a year before February 2026 (whole months, 28 days each)
    let q1 = Period::new(d(2026, 1, 1), d(2026, 3, 31));
    assert_eq!(
        q1.comparisons(Comparison::CalendarMonths).0,
        Period::new(d(2025, 10, 1), d(2025, 12, 31))
    );
    let mtd = Period::new(d(2026, 3, 1), d(2026, 3, 9));
    assert_eq!(
        mtd.comparisons(Comparison::CalendarMonths),
        (
            Period::new(d(2026, 2, 1), d(2026, 2, 9)),
            Period::new(d(2025, 3, 1), d(2025, 3, 9))
        )
    );
    assert_eq!(
        Period::new(d(2024, 2, 1), d(2024, 2, 29))
            .comparisons(Comparison::CalendarMonths)
            .1,
        Period::new(d(2023, 2, 1), d(2023, 2, 28))
    );
    // 30 March's month-to-date against February clips to 29 February
    let to_30 = Period::new(d(2024, 3, 1), d(2024, 3, 30));
    assert_eq!(
        to_30.comparisons(Comparison::CalendarMonths).0,
        Period::new(d(2024, 2, 1), d(2024, 2, 29))
    );
    // a period not starting on the 1st keeps the equal-length period before
    let mid = Period::new(d(2026, 3, 5), d(2026, 3, 11));
    assert_eq!(
        mid.comparisons(Comparison::CalendarMonths).0,
        mid.previous()
    );
}

/// Issue 12 item 12: the store file has only 淘宝客佣金 (¥500); the 万相台 plan report has
/// 关键词推广 ¥3,000 and 货品全站推广 ¥2,000. 推广花费 = ¥500 + ¥3,000 + ¥2,000 = ¥5,500 (it was
/// ¥500): per channel the store column when it has one, else the ad report, never both.
/// 推广占比 = ¥5,500 / ¥100,000 支付金额 = 5.5%; 费比 (spend ÷ ad GMV) stays 1 / ROI.
#[test]
fn ad_spend_combines_store_columns_and_ad_reports_per_channel_without_double_counting() {
    let day = d(2025, 5, 2);
    let s = MetricsStore::from_batch(MetricsBatch {
        store: vec![store_day(
            day,
            100,
            10,
            5,
            4,
            10_000_000,
            0,
            [0, 0, 50_000, 0],
        )],
        products: vec![],
        ads: vec![
            AdDay {
                channel: AdChannel::Search,
                ..ad(day, "", 300_000, 900_000)
            },
            AdDay {
                channel: AdChannel::Site,
                plan_id: "p2".into(),
                ..ad(day, "", 200_000, 600_000)
            },
        ],
    });
    let k = kpis(&s, Period::single(day));
    assert_eq!(k.ad_spend(), Fen(550_000));
    let src = k.ad_spend_sources();
    assert!(src.store_columns && src.ad_reports);
    assert_eq!(k.fee_ratio(), Some(0.055));
    assert_eq!(KpiMetric::FeeRatio.zh_label(), "推广占比");
    // a store file with every spend column wins alone (the ad report is the same money)
    let full = MetricsStore::from_batch(MetricsBatch {
        store: vec![store_day(
            day,
            100,
            10,
            5,
            4,
            100_000,
            0,
            [300_000, 0, 50_000, 200_000],
        )],
        products: vec![],
        ads: vec![ad(day, "", 300_000, 900_000)],
    });
    let k = kpis(&full, Period::single(day));
    assert_eq!(k.ad_spend(), Fen(550_000));
    assert!(!k.ad_spend_sources().ad_reports);
}
