//! Benchmark in the browser (wasm-bindgen-test, headless Chromium), not a test: prints `BENCH`
//! lines that scripts/bench.sh collects. Run it alone, in release:
//!
//! ```sh
//! cargo test --release --target wasm32-unknown-unknown --test bench_web -- --nocapture
//! ```
//!
//! A store the size the issue asks about — 730 store days, 200 products × 730 days = 146,000
//! product-day rows and the ad plans, from `sample::metrics::generated_metrics` (weekly
//! rhythm, events, noise) — then:
//! - `dashboard_recompute_ms`: one product-day edit (`upsert`) followed by `dashboard(...)` for a
//!   30-day and the full 730-day period, median of 20 (target ≤ 16 ms, one frame);
//! - the same with every memo of the dashboard view (KPIs, daily trend, GMV decomposition,
//!   anomalies), and for a store with product days only (no 店铺整体 rows: the KPIs then sum
//!   all 146,000 product rows);
//! - `metrics_stored_units`: the encoding's length in UTF-16 code units vs the length of
//!   serde_json (= JSON.stringify) of the same rows (target ratio ≤ 0.25).
//!
//! scripts/test.sh runs only `--test web`, so this never slows CI.
#![cfg(target_arch = "wasm32")]

use store_ops_planner::core::metrics::anomaly::{detect_in, AnomalySettings};
use store_ops_planner::core::metrics::decompose::decompose_periods;
use store_ops_planner::core::metrics::kpi::{dashboard, trend, Grain};
use store_ops_planner::core::metrics::period::Period;
use store_ops_planner::core::metrics::store::{encoded_len_units, MetricsBatch, MetricsStore};
use store_ops_planner::core::promo::check::{check_all, conflicts};
use store_ops_planner::model::metrics::Day;
use store_ops_planner::model::{
    Benefit, CouponScope, DateRange, Fen, ItemDiscount, PlatformChannel, ProductStatus, PromoItem,
    PromoRule, Promotion, Settings, StoreProfile, ThresholdBasis, Tier,
};
use store_ops_planner::sample::generated_products;
use store_ops_planner::sample::metrics::generated_metrics;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-01-01 as a platform day.
const TODAY: Day = 20_454;
const RUNS: usize = 20;

fn now() -> f64 {
    web_sys::window()
        .expect("window")
        .performance()
        .expect("performance")
        .now()
}

fn log(s: String) {
    web_sys::console::log_1(&s.into());
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn big_store() -> MetricsStore {
    let mut products = generated_products(200, 1_767_225_600_000);
    for (n, p) in products.iter_mut().enumerate() {
        p.status = ProductStatus::OnShelf;
        if p.item_id.is_empty() {
            p.item_id = format!("6{:011}", 90_000_000_000u64 + n as u64);
        }
        p.stock = p.stock.max(1);
    }
    generated_metrics(&products, TODAY, 730)
}

/// Median ms of: change one product-day row (a new value each run, so it is an update), upsert
/// it, then run `recompute`.
fn time_edit(store: &mut MetricsStore, recompute: &dyn Fn(&MetricsStore) -> usize) -> f64 {
    let (id, last) = {
        let (id, rows) = store.products().next().expect("products");
        (id.to_string(), rows.last().expect("rows").clone())
    };
    let mut times = Vec::with_capacity(RUNS);
    let mut sink = 0usize;
    for i in 0..=RUNS {
        let mut row = last.clone();
        row.visitors += 1 + i as u64;
        row.item_id = id.clone();
        let t0 = now();
        let r = store.upsert(MetricsBatch {
            products: vec![row],
            ..Default::default()
        });
        sink += recompute(store);
        let dt = now() - t0;
        assert_eq!(r.products.updated, 1);
        if i > 0 {
            times.push(dt); // the first run warms up
        }
    }
    assert!(sink > 0);
    median(times)
}

fn kpis_only(p: Period) -> impl Fn(&MetricsStore) -> usize {
    move |s| dashboard(s, p).rows.len()
}

/// Every memo of the dashboard view: KPIs with 环比/同比, daily trend, GMV split, anomalies.
fn whole_view(p: Period) -> impl Fn(&MetricsStore) -> usize {
    move |s| {
        let d = dashboard(s, p);
        let t = trend(s, p, Grain::Day);
        let split = decompose_periods(s, p.previous(), p);
        let a = detect_in(s, p, &AnomalySettings::default());
        d.rows.len() + t.len() + usize::from(split.after.0 != 0) + a.len()
    }
}

#[wasm_bindgen_test]
fn bench_dashboard_recompute_and_stored_size() {
    let t0 = now();
    let mut store = big_store();
    log(format!(
        "BENCH store_rows store_days={} product_rows={} products={} ad_rows={} (generated in {:.0} ms)",
        store.store_days().len(),
        store.product_row_count(),
        store.product_count(),
        store.ads().len(),
        now() - t0
    ));
    assert_eq!(store.product_row_count(), 146_000);

    let last = TODAY - 1;
    let p30 = Period::ending(last, 30);
    let p730 = Period::ending(last, 730);
    let k30 = time_edit(&mut store, &kpis_only(p30));
    let k730 = time_edit(&mut store, &kpis_only(p730));
    log(format!(
        "BENCH dashboard_recompute_ms period=30d value={k30:.3}"
    ));
    log(format!(
        "BENCH dashboard_recompute_ms period=730d value={k730:.3}"
    ));
    let v30 = time_edit(&mut store, &whole_view(p30));
    let v730 = time_edit(&mut store, &whole_view(p730));
    log(format!(
        "BENCH dashboard_view_recompute_ms period=30d value={v30:.3}"
    ));
    log(format!(
        "BENCH dashboard_view_recompute_ms period=730d value={v730:.3}"
    ));

    // Stored size vs JSON of the same rows.
    let t0 = now();
    let encoded = store.encode();
    let encode_ms = now() - t0;
    let units = encoded_len_units(&encoded);
    let b = store.to_batch();
    let json = |j: String| j.encode_utf16().count();
    let json_chars = json(serde_json::to_string(&b.store).unwrap())
        + json(serde_json::to_string(&b.products).unwrap())
        + json(serde_json::to_string(&b.ads).unwrap());
    let t0 = now();
    let back = MetricsStore::decode(&encoded).expect("decodes");
    let decode_ms = now() - t0;
    assert_eq!(back, store);
    log(format!(
        "BENCH metrics_stored_units={units} json_chars={json_chars} ratio={:.4} encode_ms={encode_ms:.1} decode_ms={decode_ms:.1}",
        units as f64 / json_chars as f64
    ));

    // Product days only (an import of 商品_全部 without 店铺整体): the KPIs sum product rows.
    let mut products_only = MetricsStore::from_batch(MetricsBatch {
        products: b.products,
        ..Default::default()
    });
    let o30 = time_edit(&mut products_only, &kpis_only(p30));
    let o730 = time_edit(&mut products_only, &kpis_only(p730));
    log(format!(
        "BENCH dashboard_recompute_products_only_ms period=30d value={o30:.3}"
    ));
    log(format!(
        "BENCH dashboard_recompute_products_only_ms period=730d value={o730:.3}"
    ));
}

/// `promo_check_1000x10_ms`: 1,000 generated SKUs under 10 promotions of every tool that overlap
/// in June (单品宝 on half the SKUs, 聚划算 and 百亿补贴 on some, tiered 满300/500/1000 店铺宝, a
/// 满2件9折 on a third, three coupons, 跨店满减 每满300减50 with a return wave, a 搭配宝): one run
/// = `check_all` (every SKU × every promotion covering it, 5,400 checks) then `conflicts` (every
/// stretch of days where ≥ 2 are in force on a SKU); median of 9 (target ≤ 50 ms).
#[wasm_bindgen_test]
fn promo_check_1000x10() {
    let products = generated_products(1_000, 1_767_225_600_000);
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
    let june = |a: u32, b: u32| DateRange::new(day(6, a), day(6, b));
    let every = |step: usize, d: &dyn Fn(Fen) -> Option<ItemDiscount>| -> Vec<PromoItem> {
        products
            .iter()
            .step_by(step)
            .map(|p| PromoItem {
                product_id: p.meta.id.clone(),
                discount: d(p.list_price),
                stock: None,
            })
            .collect()
    };
    let promo = |id: &str, rule: PromoRule, items: Vec<PromoItem>, days: DateRange| {
        let mut p = Promotion::new(id.into(), id.into(), days, 0);
        p.rule = rule;
        p.items = items;
        p.affiliate_bp = 500;
        p
    };
    let tier = |threshold: i64, benefit: Benefit| Tier { threshold, benefit };
    let off = |f: i64| Benefit::AmountOff { off: Fen(f) };
    let coupon = |scope, face: i64, threshold: i64| PromoRule::Coupon {
        scope,
        face: Fen(face),
        threshold: Fen(threshold),
    };
    let mut cross = promo(
        "cross",
        PromoRule::CrossStore {
            every: Fen(30_000),
            off: Fen(5_000),
        },
        vec![],
        june(16, 20),
    );
    cross.phases.return_wave = Some(june(25, 26));
    let pair = products[0].list_price.0 + products[1].list_price.0;
    let promos = vec![
        promo(
            "single",
            PromoRule::Single,
            every(2, &|_| Some(ItemDiscount::Percent { pay_bp: 8_500 })),
            june(1, 20),
        ),
        promo(
            "juhuasuan",
            PromoRule::Platform {
                channel: PlatformChannel::Juhuasuan,
            },
            every(5, &|l| {
                Some(ItemDiscount::FixedPrice {
                    price: Fen(l.0 * 7 / 10),
                })
            }),
            june(10, 12),
        ),
        promo(
            "tiers",
            PromoRule::StoreWide {
                basis: ThresholdBasis::Amount,
                tiers: vec![
                    tier(30_000, off(3_000)),
                    tier(50_000, off(6_000)),
                    tier(100_000, off(15_000)),
                ],
                repeat: false,
            },
            vec![],
            june(1, 30),
        ),
        promo(
            "two_items",
            PromoRule::StoreWide {
                basis: ThresholdBasis::Count,
                tiers: vec![tier(2, Benefit::Percent { pay_bp: 9_000 })],
                repeat: false,
            },
            every(3, &|_| None),
            june(15, 20),
        ),
        promo(
            "coupon_200_20",
            coupon(CouponScope::Store, 2_000, 20_000),
            vec![],
            june(1, 18),
        ),
        promo(
            "coupon_5",
            coupon(CouponScope::Store, 500, 0),
            vec![],
            june(5, 25),
        ),
        promo(
            "coupon_items",
            coupon(CouponScope::Items, 1_000, 9_900),
            every(4, &|_| None),
            june(10, 20),
        ),
        cross,
        promo(
            "bundle",
            PromoRule::Bundle {
                price: Fen(pair - 2_000),
            },
            products[..2]
                .iter()
                .map(|p| PromoItem {
                    product_id: p.meta.id.clone(),
                    discount: None,
                    stock: None,
                })
                .collect(),
            june(1, 30),
        ),
        promo(
            "billion",
            PromoRule::Platform {
                channel: PlatformChannel::Billion,
            },
            every(7, &|_| Some(ItemDiscount::AmountOff { off: Fen(1_000) })),
            june(18, 20),
        ),
    ];
    let profile = StoreProfile {
        default_postage: Fen(600),
        ..StoreProfile::default()
    };
    let settings = Settings::default();
    let (mut total, mut checks, mut confl) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n_checks, mut n_conflicts) = (0, 0);
    for i in 0..10 {
        let t0 = now();
        let a = check_all(&promos, &products, &profile, &settings);
        let t1 = now();
        let c = conflicts(&promos, &products, &profile, &settings);
        let t2 = now();
        (n_checks, n_conflicts) = (a.len(), c.len());
        if i > 0 {
            // the first run warms up
            total.push(t2 - t0);
            checks.push(t1 - t0);
            confl.push(t2 - t1);
        }
    }
    assert!(n_checks > 1_000 && n_conflicts > 0);
    log(format!(
        "BENCH promo_check_1000x10_ms skus=1000 promotions=10 checks={n_checks} conflicts={n_conflicts} check_all_ms={:.3} conflicts_ms={:.3} value={:.3}",
        median(checks),
        median(confl),
        median(total)
    ));
}

/// The Targets page after one edit: a month typed into one of 3 scenarios of a year plan, then
/// everything the page shows for all three recomputed — the history curve and month sums from
/// 730 store days, the catalog margin of 200 products, each scenario's month table, its 12-month
/// profit plan and the year, the forecast and the ±10% sensitivity (7 drivers × 2 × 12 months),
/// and the split down the store: for each of the 12 months, 8 categories and every category's
/// items (200 products, two typed shares: `split_tree`), the year being their sum;
/// median of 20 (target ≤ 16 ms). Each item's month sums (last year and this, from 730 days of
/// 200 items' product metrics) are made once, as the page keeps them until the metrics change.
#[wasm_bindgen_test]
fn targets_recompute() {
    use store_ops_planner::core::targets as tg;
    use store_ops_planner::core::targets::shares as sh;
    use store_ops_planner::model::TargetPlan;
    let store = big_store();
    let mut products = generated_products(200, 1_767_225_600_000);
    for (n, p) in products.iter_mut().enumerate() {
        if p.item_id.is_empty() {
            p.item_id = format!("6{:011}", 90_000_000_000u64 + n as u64);
        }
        p.category = format!("类目{}", n % 8);
    }
    let items = sh::items_of(&products);
    let last_items = sh::item_months(&store, 2024, None);
    let this_items = sh::item_months(&store, 2025, None);
    let days = store.store_days();
    let curve = tg::curve_for(2025, days);
    let mut plans: Vec<TargetPlan> = (0..3)
        .map(|i| {
            let mut p = TargetPlan::new(format!("p{i}"), 2025, format!("s{i}"), 0);
            tg::set_year(&mut p, Fen(5_600_000_000 + i * 400_000_000), &curve.weights)
                .expect("year");
            sh::set_share(&mut p, "类目3", Some(2_000), None).expect("share");
            let of3: Vec<String> = items
                .iter()
                .filter(|it| it.category == "类目3")
                .map(|it| it.key.clone())
                .collect();
            sh::set_share(&mut p, &of3[0], Some(3_000), Some(&of3)).expect("share");
            p
        })
        .collect();
    assert_eq!(items.len(), 200, "200 items");
    assert!(!last_items.is_empty(), "last year's product metrics");
    let mut times = Vec::with_capacity(RUNS);
    let mut guard = 0i64;
    for run in 0..RUNS {
        let t0 = now();
        tg::set_month(
            &mut plans[run % 3],
            run % 12,
            Fen(400_000_000 + run as i64),
            &curve.weights,
        )
        .expect("month");
        let curve = tg::curve_for(2025, days);
        let this = tg::month_sums(days, 2025);
        let last = tg::month_sums(days, 2024);
        let asof = days.last().map(|d| d.day);
        let inputs = tg::PnlInputs::new(500, tg::catalog_margin_bp(products.iter()));
        let split_inputs = sh::SplitInputs {
            items: &items,
            last_year: &last_items,
            this_year: &this_items,
            asof,
        };
        for p in &plans {
            // the twelve months' trees; the year's is their sum (as `split_tree` of the year
            // adds up its months), checked against it once after the runs
            let mut parts = 0usize;
            let mut year_targets = [0i64; 8];
            for m in 0..12 {
                let (cats, items) = sh::split_tree(p, sh::Span::Month(m), &split_inputs);
                parts += cats.parts.len();
                parts += items.iter().map(|(_, l)| l.parts.len()).sum::<usize>();
                for (y, c) in year_targets.iter_mut().zip(&cats.parts) {
                    *y += c.target;
                }
            }
            assert_eq!(parts, 12 * (8 + 200));
            guard = guard.wrapping_add(year_targets[0]);
            let rows = tg::month_table(p, &this, &last, asof);
            let months: i64 = (0..12).map(|m| tg::month_pnl(p, m, &inputs).profit).sum();
            let year = tg::year_pnl(p, &inputs);
            let sens = tg::sensitivity(p, &inputs, 10);
            let fc = asof.map(|d| tg::forecast(p, &this, &last, d));
            guard = guard
                .wrapping_add(rows.len() as i64)
                .wrapping_add(months)
                .wrapping_add(year.profit)
                .wrapping_add(sens[0].up)
                .wrapping_add(matches!(fc, Some(tg::Forecast::Year { .. })) as i64)
                .wrapping_add(curve.weights[0] as i64);
        }
        times.push(now() - t0);
    }
    assert!(guard != 0);
    // the year's split is the sum of the months'
    let split_inputs = sh::SplitInputs {
        items: &items,
        last_year: &last_items,
        this_year: &this_items,
        asof: store.store_days().last().map(|d| d.day),
    };
    for p in &plans {
        let (year, _) = sh::split_tree(p, sh::Span::Year, &split_inputs);
        for (i, c) in year.parts.iter().enumerate() {
            let sum: i64 = (0..12)
                .map(|m| sh::split(p, sh::Span::Month(m), None, &split_inputs).parts[i].target)
                .sum();
            assert_eq!(c.target, sum);
        }
    }
    log(format!(
        "BENCH targets_recompute_ms scenarios=3 months=12 categories=8 store_days={} products=200 value={:.3}",
        days.len(),
        median(times)
    ));
}

/// Issue 15 §5: fit 12 channels × 400 days of spend and GMV, then split a budget over them
/// (`core::mix`), median of RUNS (target ≤ 50 ms).
#[wasm_bindgen_test]
fn mix_fit_and_allocate() {
    use store_ops_planner::core::mix::{allocate, fit, ChannelInput, FitRules, Goal, Point};
    let mut seed = 0x5eed_u64;
    let mut unit = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let series: Vec<Vec<Point>> = (0..12)
        .map(|c| {
            let (a, k) = (3000.0 + 500.0 * c as f64, 800.0 + 150.0 * c as f64);
            (0..400)
                .map(|_| {
                    let spend = k * (0.2 + 2.5 * unit());
                    let gmv = a * (spend / k).ln_1p() * (0.85 + 0.3 * unit());
                    Point { spend, gmv }
                })
                .collect()
        })
        .collect();
    let mut times = Vec::with_capacity(RUNS);
    let mut guard = 0.0;
    for run in 0..RUNS {
        let t0 = now();
        let inputs: Vec<ChannelInput> = series
            .iter()
            .map(|pts| {
                let f = fit(pts, &FitRules::default()).ok();
                ChannelInput {
                    fit: f,
                    current: f.map_or(0.0, |f| f.mean_spend),
                    current_roi: 3.0,
                    margin: 0.35,
                    min: 0.0,
                    max: None,
                    min_roi: None,
                }
            })
            .collect();
        let al = allocate(&inputs, 20_000.0 + run as f64, Goal::Gmv).expect("allocate");
        guard += al.total.gmv;
        times.push(now() - t0);
    }
    assert!(guard > 0.0);
    log(format!(
        "BENCH mix_fit_allocate_ms channels=12 days=400 value={:.3}",
        median(times)
    ));
}
