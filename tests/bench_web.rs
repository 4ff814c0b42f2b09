//! Benchmark in the browser (wasm-bindgen-test, headless Chromium), not a test: prints `BENCH`
//! lines that scripts/bench.sh collects. Run it alone, in release:
//!
//! ```sh
//! cargo test --release --target wasm32-unknown-unknown --test bench_web -- --nocapture
//! ```
//!
//! A store the size the issue asks about — 730 store days, 200 products × 730 days = 146,000
//! product-day rows and the ad plans, from `core::sample_metrics::generated_metrics` (weekly
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
use store_ops_planner::core::sample::generated_products;
use store_ops_planner::core::sample_metrics::generated_metrics;
use store_ops_planner::model::metrics::Day;
use store_ops_planner::model::ProductStatus;
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
