//! The sample store's year of metrics: coverage, determinism, consistency between store and
//! product rows, weekly rhythm, 618 / 双11 peaks, the injected anomalies, ad plans with plausible
//! CTR / CPC / ROI, and something to show in every analysis view.

use std::collections::BTreeSet;
use store_ops_planner::core::metrics::ads::{
    break_even, by_plan, price_cost_map, reconcile, AdSource, BreakEvenVerdict,
};
use store_ops_planner::core::metrics::anomaly::{
    detect_in, AnomalyMetric, AnomalySettings, Direction,
};
use store_ops_planner::core::metrics::kpi::kpis;
use store_ops_planner::core::metrics::period::{day_from_ymd, weekday, Period, Preset};
use store_ops_planner::core::metrics::products::{
    abc, best_seller_candidates, product_stats, quadrants, stock_map, stock_risk, AbcClass,
};
use store_ops_planner::core::metrics::{MetricsStore, STORAGE_BUDGET_UNITS};
use store_ops_planner::model::metrics::{AdChannel, Day};
use store_ops_planner::model::{Fen, Product, ProductStatus};
use store_ops_planner::sample::metrics::sample_metrics;
use store_ops_planner::sample::sample_workspace;

fn today() -> Day {
    day_from_ymd(2026, 1, 15).unwrap()
}

fn products() -> Vec<Product> {
    sample_workspace(1_767_225_600_000).records.products
}

fn sample() -> MetricsStore {
    sample_metrics(&products(), today())
}

fn year() -> Period {
    Period::new(today() - 400, today() - 1)
}

fn gmv_on(s: &MetricsStore, day: Day) -> i64 {
    s.store_day(day).unwrap().paid_amount.0
}

fn median(mut v: Vec<i64>) -> i64 {
    v.sort_unstable();
    v[v.len() / 2]
}

#[test]
fn sample_covers_400_days_ending_yesterday_for_every_on_shelf_product() {
    let s = sample();
    assert_eq!(s.store_days().len(), 400);
    assert_eq!(s.store_days()[0].day, today() - 400);
    assert_eq!(s.store_days()[399].day, today() - 1);
    let on_shelf: BTreeSet<String> = products()
        .into_iter()
        .filter(|p| p.status == ProductStatus::OnShelf && !p.item_id.is_empty())
        .map(|p| p.item_id)
        .collect();
    assert_eq!(on_shelf.len(), 52);
    let ids: BTreeSet<String> = s.item_ids().map(str::to_string).collect();
    assert_eq!(ids, on_shelf);
    assert_eq!(s.product_row_count(), 52 * 400);
}

#[test]
fn sample_is_deterministic() {
    assert_eq!(sample(), sample());
    assert_ne!(sample(), sample_metrics(&products(), today() + 1));
}

#[test]
fn store_totals_are_consistent_with_product_rows() {
    let s = sample();
    for d in s.store_days() {
        let mut gmv = 0;
        let mut units = 0;
        let mut refunds = 0;
        let mut buyers = 0;
        for id in s.item_ids() {
            if let Some(p) = s.product_range(id, Period::single(d.day)).first() {
                gmv += p.paid_amount.0;
                units += p.paid_units;
                refunds += p.refund_amount.0;
                buyers += p.paying_buyers;
                assert!(p.paying_buyers <= p.order_buyers && p.order_buyers <= p.visitors);
                assert!(p.paid_units >= p.paying_buyers);
            }
        }
        assert_eq!(d.paid_amount.0, gmv);
        assert_eq!(d.paid_units, units);
        assert_eq!(d.refund_amount.0, refunds);
        // store buyers are de-duplicated: a few buyers bought several products
        assert!(d.paying_buyers <= buyers);
        assert!(d.paying_buyers <= d.order_buyers && d.order_buyers <= d.visitors);
    }
}

#[test]
fn realistic_magnitudes() {
    let k = kpis(&sample(), year());
    let conv = k.conversion().unwrap();
    assert!((0.02..0.08).contains(&conv), "conversion {conv}");
    let aov = k.aov().unwrap().0;
    assert!((5_000..20_000).contains(&aov), "客单价 {aov}");
    let fee = k.fee_ratio().unwrap();
    assert!((0.07..0.14).contains(&fee), "费比 {fee}");
    let refund = k.refund_rate().unwrap();
    assert!((0.02..0.12).contains(&refund), "退款率 {refund}");
    let roi = k.roi().unwrap();
    assert!((2.0..6.0).contains(&roi), "ROI {roi}");
    assert!(k.visitors() / 400 > 3_000);
}

#[test]
fn weekends_bring_more_visitors() {
    let s = sample();
    let (mut we, mut wd, mut nwe, mut nwd) = (0u64, 0u64, 0u64, 0u64);
    for d in s.store_days() {
        if weekday(d.day) >= 5 {
            we += d.visitors;
            nwe += 1;
        } else {
            wd += d.visitors;
            nwd += 1;
        }
    }
    let lift = (we as f64 / nwe as f64) / (wd as f64 / nwd as f64);
    assert!(lift > 1.08, "weekend lift {lift}");
}

#[test]
fn double_11_is_the_peak_and_618_stands_out_with_a_dip_after() {
    let s = sample();
    let typical = median(s.store_days().iter().map(|d| d.paid_amount.0).collect());
    let d1111 = day_from_ymd(2025, 11, 11).unwrap();
    let d618 = day_from_ymd(2025, 6, 18).unwrap();
    let max = s
        .store_days()
        .iter()
        .map(|d| d.paid_amount.0)
        .max()
        .unwrap();
    assert_eq!(gmv_on(&s, d1111), max);
    assert!(gmv_on(&s, d1111) > 6 * typical);
    assert!(gmv_on(&s, d618) > 3 * typical);
    // warm-up: add-to-cart up, conversion down, before 双11
    let warm = kpis(
        &s,
        Period::new(
            day_from_ymd(2025, 10, 21).unwrap(),
            day_from_ymd(2025, 10, 29).unwrap(),
        ),
    );
    let sept = kpis(
        &s,
        Period::new(
            day_from_ymd(2025, 9, 1).unwrap(),
            day_from_ymd(2025, 9, 30).unwrap(),
        ),
    );
    let rate = |k: &store_ops_planner::core::metrics::kpi::Kpis| {
        k.totals.cart_buyers as f64 / k.totals.visitors as f64
    };
    assert!(rate(&warm) > 1.5 * rate(&sept));
    assert!(warm.conversion().unwrap() < sept.conversion().unwrap());
    // post-event dip
    let dip = kpis(
        &s,
        Period::new(
            day_from_ymd(2025, 11, 15).unwrap(),
            day_from_ymd(2025, 11, 25).unwrap(),
        ),
    );
    assert!(dip.visitors() / 11 < sept.visitors() / 30);
}

#[test]
fn injected_anomalies_are_found() {
    let s = sample();
    let found = detect_in(&s, year(), &AnomalySettings::default());
    let has = |back: i32, m: AnomalyMetric, dir: Direction| {
        found
            .iter()
            .any(|a| a.day == today() - back && a.metric == m && a.direction == dir)
    };
    assert!(
        has(120, AnomalyMetric::Visitors, Direction::Down),
        "traffic drop"
    );
    assert!(
        has(45, AnomalyMetric::Conversion, Direction::Down),
        "conversion drop"
    );
    // refund spike 75 days ago
    let refunds: Vec<i64> = s.store_days().iter().map(|d| d.refund_amount.0).collect();
    let spike = s.store_day(today() - 75).unwrap().refund_amount.0;
    assert!(spike > 3 * median(refunds), "refund spike {spike}");
    // the quiet summer weeks (10 July – 10 September) stay quiet
    let quiet = Period::new(
        day_from_ymd(2025, 7, 10).unwrap(),
        day_from_ymd(2025, 9, 10).unwrap(),
    );
    let noise = found.iter().filter(|a| quiet.contains(a.day)).count();
    assert!(noise <= 3, "{noise} anomalies in quiet weeks");
    // the events are flagged: 618 and 双11 peaks
    assert!(has(211, AnomalyMetric::Gmv, Direction::Up)); // 2025-06-18
    assert!(has(65, AnomalyMetric::Gmv, Direction::Up)); // 2025-11-11
}

#[test]
fn ad_plans_have_plausible_ctr_cpc_and_roi() {
    let s = sample();
    let plans = by_plan(s.ads(), year(), AdSource::PlanReport);
    assert_eq!(plans.len(), 5);
    let channels: BTreeSet<AdChannel> = plans.iter().map(|p| p.channel).collect();
    assert_eq!(channels.len(), 4);
    for p in &plans {
        let t = p.totals;
        let roi = t.roi().unwrap();
        assert!((1.5..10.0).contains(&roi), "{} ROI {roi}", p.plan_name);
        if p.channel != AdChannel::Affiliate {
            let ctr = t.ctr().unwrap();
            assert!((0.005..0.06).contains(&ctr), "{} CTR {ctr}", p.plan_name);
            let cpc = t.cpc().unwrap().0;
            assert!((30..300).contains(&cpc), "{} CPC {cpc}", p.plan_name);
        }
    }
    // the store's spend columns are the plans' spend
    let search: i64 = s
        .ads()
        .iter()
        .filter(|a| a.item_id.is_empty() && a.channel == AdChannel::Search)
        .map(|a| a.spend.0)
        .sum();
    let store_search: i64 = s.store_days().iter().map(|d| d.spend_search.0).sum();
    assert_eq!(search, store_search);
}

#[test]
fn product_report_reconciles_with_the_plan_report_to_a_few_fen() {
    let s = sample();
    let r = reconcile(s.ads(), year());
    assert_eq!(r.days.len(), 90);
    assert_eq!(r.plan_only_days, 310);
    assert!(r.per_plan);
    assert_eq!(r.unmatched_plans, ["淘宝客-通用计划"]);
    assert!(r.spend_diff().0 >= 0);
    assert!(
        r.spend_diff().0 < r.plan_spend.0 / 1000,
        "{:?}",
        r.spend_diff()
    );
    assert!(r.promoted_items >= 5);
    let be = break_even(
        s.ads(),
        Preset::Last30.period(today()),
        &price_cost_map(&products()),
        &store_ops_planner::core::metrics::ads::item_sales(&s, Preset::Last30.period(today())),
        500,
    );
    assert!(be
        .iter()
        .any(|b| b.verdict == BreakEvenVerdict::AboveBreakEven));
    assert!(be
        .iter()
        .any(|b| b.verdict == BreakEvenVerdict::BelowBreakEven));
    assert!(be.iter().any(|b| b.verdict == BreakEvenVerdict::NoMargin));
}

#[test]
fn every_product_view_has_something_to_show() {
    let s = sample();
    let p30 = Preset::Last30.period(today());
    let st = product_stats(&s, p30);
    let classes: BTreeSet<AbcClass> = abc(&st).iter().map(|r| r.class).collect();
    assert_eq!(classes.len(), 3);
    let q = quadrants(&st);
    let kinds: BTreeSet<&str> = q.rows.iter().map(|r| r.quadrant.key()).collect();
    assert_eq!(kinds.len(), 4);
    let b = best_seller_candidates(&s, today() - 1);
    assert!(!b.candidates.is_empty());
    // the on-shelf product at zero stock (断货) sold nothing for 12 days and is flagged
    let risk = stock_risk(&s, today() - 1, &stock_map(&products()), 14.0);
    let sold_out: Vec<_> = risk.iter().filter(|r| r.out_of_stock).collect();
    assert_eq!(sold_out.len(), 1);
    assert_eq!(sold_out[0].units_7d, 0);
}

#[test]
fn the_sample_year_is_small_once_encoded() {
    let s = sample();
    let units = s.encoded_len();
    assert!(units < STORAGE_BUDGET_UNITS / 8, "{units}");
    assert_eq!(MetricsStore::decode(&s.encode()).unwrap(), s);
    assert!(kpis(&s, year()).gmv() > Fen(0));
}

/// The paid-mix page has curves to show on the sample store: over the last 90 days every
/// channel's daily GMV fits a saturating curve, and more spend buys less per yuan.
#[test]
fn sample_channels_fit_saturating_curves() {
    use store_ops_planner::core::mix::{daily_series, fit, FitRules, SeriesKey};
    let s = sample();
    let p = Period::new(today() - 90, today() - 1);
    let series = daily_series(s.ads(), p, AdSource::PlanReport);
    let channels: Vec<_> = series
        .iter()
        .filter(|x| matches!(x.key, SeriesKey::Channel(_)))
        .collect();
    assert_eq!(channels.len(), 4);
    for c in channels {
        let f =
            fit(&c.points, &FitRules::default()).unwrap_or_else(|e| panic!("{:?}: {e:?}", c.key));
        assert!(f.r2 > 0.5, "{:?}: R² {}", c.key, f.r2);
        assert!(f.curve.marginal(f.max_spend) < f.curve.marginal(0.0));
    }
}
