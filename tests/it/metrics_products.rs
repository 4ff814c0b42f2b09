//! Product analysis on hand-checked fixtures: totals and ranking, ABC classes, the traffic ×
//! conversion quadrant, 爆款 candidates and stock-out risk.

use std::collections::BTreeMap;
use store_ops_planner::core::metrics::period::Period;
use store_ops_planner::core::metrics::products::{
    abc, best_seller_candidates, product_stats, quadrants, rank, stock_map, stock_risk, AbcClass,
    ProductMetric, ProductStats, Quadrant,
};
use store_ops_planner::core::metrics::{MetricsBatch, MetricsStore};
use store_ops_planner::model::metrics::{Day, ProductDay};
use store_ops_planner::model::{Fen, Product, ProductStatus};

fn row(
    day: Day,
    id: &str,
    visitors: u64,
    cart: u64,
    buyers: u64,
    units: u64,
    gmv: i64,
) -> ProductDay {
    ProductDay {
        day,
        item_id: id.into(),
        visitors,
        page_views: visitors * 2,
        cart_buyers: cart,
        cart_units: cart,
        order_buyers: buyers,
        paying_buyers: buyers,
        paid_units: units,
        paid_amount: Fen(gmv),
        refund_amount: Fen(0),
    }
}

fn store(rows: Vec<ProductDay>) -> MetricsStore {
    MetricsStore::from_batch(MetricsBatch {
        products: rows,
        ..MetricsBatch::default()
    })
}

fn stats(id: &str, visitors: u64, buyers: u64, gmv: i64) -> ProductStats {
    ProductStats {
        item_id: id.into(),
        days: 1,
        visitors,
        paying_buyers: buyers,
        paid_units: buyers,
        paid_amount: Fen(gmv),
        ..ProductStats::default()
    }
}

#[test]
fn product_totals_sum_the_days_of_the_period() {
    let s = store(vec![
        row(10, "A", 100, 10, 5, 6, 50_000),
        row(11, "A", 300, 20, 10, 12, 100_000),
        row(12, "A", 999, 99, 99, 99, 999_999), // outside
        row(11, "B", 50, 5, 1, 1, 9_900),
    ]);
    let st = product_stats(&s, Period::new(10, 11));
    assert_eq!(st.len(), 2);
    let a = &st[0];
    assert_eq!(
        (a.item_id.as_str(), a.days, a.visitors, a.paying_buyers),
        ("A", 2, 400, 15)
    );
    assert_eq!(a.paid_amount, Fen(150_000));
    // conversion 15/400, 加购率 30/400, 客单价 150,000/15, 件单价 150,000/18 = 8,333.3
    assert_eq!(a.conversion(), Some(15.0 / 400.0));
    assert_eq!(a.cart_rate(), Some(30.0 / 400.0));
    assert_eq!(a.aov(), Some(Fen(10_000)));
    assert_eq!(a.unit_price(), Some(Fen(8_333)));
    assert_eq!(a.uv_value(), Some(Fen(375)));
}

#[test]
fn ranking_by_any_metric_highest_first_undefined_last() {
    let mut st = vec![
        stats("A", 1_000, 50, 500_000),
        stats("B", 800, 16, 160_000),
        stats("C", 200, 12, 240_000),
        stats("D", 0, 0, 0),
    ];
    rank(&mut st, ProductMetric::PaidAmount);
    let ids = |s: &[ProductStats]| s.iter().map(|x| x.item_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&st), ["A", "C", "B", "D"]);
    rank(&mut st, ProductMetric::Conversion);
    // 6% (C), 5% (A), 2% (B), undefined (D)
    assert_eq!(ids(&st), ["C", "A", "B", "D"]);
    rank(&mut st, ProductMetric::Visitors);
    assert_eq!(ids(&st), ["A", "B", "C", "D"]);
    for m in ProductMetric::ALL {
        rank(&mut st, m);
        assert_eq!(st.len(), 4);
    }
}

#[test]
fn abc_classes_follow_cumulative_gmv_share() {
    // 50 / 30 / 15 / 5 %: cumulative 50, 80, 95, 100 → A A B C
    let st = vec![
        stats("d", 1, 1, 5_000),
        stats("a", 1, 1, 50_000),
        stats("c", 1, 1, 15_000),
        stats("b", 1, 1, 30_000),
        stats("zero", 1, 0, 0),
    ];
    let rows = abc(&st);
    let got: Vec<(&str, AbcClass)> = rows.iter().map(|r| (r.item_id.as_str(), r.class)).collect();
    assert_eq!(
        got,
        [
            ("a", AbcClass::A),
            ("b", AbcClass::A),
            ("c", AbcClass::B),
            ("d", AbcClass::C),
            ("zero", AbcClass::C)
        ]
    );
    assert_eq!(rows[1].share, 0.3);
    assert_eq!(rows[2].cumulative, 0.95);
}

#[test]
fn abc_a_product_carrying_most_gmv_alone_is_a() {
    // 85 / 10 / 5: the first product crosses 80% by itself → A; then B; the last starts at 95% → C
    let st = vec![
        stats("x", 1, 1, 85),
        stats("y", 1, 1, 10),
        stats("z", 1, 1, 5),
    ];
    let classes: Vec<AbcClass> = abc(&st).iter().map(|r| r.class).collect();
    assert_eq!(classes, [AbcClass::A, AbcClass::B, AbcClass::C]);
}

#[test]
fn quadrant_splits_at_product_medians() {
    // visitors 1,000 / 800 / 200 / 100 → median 500; conversion 5% / 2% / 6% / 1% → median 3.5%
    let st = vec![
        stats("P1", 1_000, 50, 1),
        stats("P2", 800, 16, 1),
        stats("P3", 200, 12, 1),
        stats("P4", 100, 1, 1),
        stats("none", 0, 0, 0), // no visitors: not placed
    ];
    let q = quadrants(&st);
    assert_eq!(q.median_visitors, 500.0);
    assert!((q.median_conversion - 0.035).abs() < 1e-15);
    let got: Vec<(&str, Quadrant)> = q
        .rows
        .iter()
        .map(|r| (r.item_id.as_str(), r.quadrant))
        .collect();
    assert_eq!(
        got,
        [
            ("P1", Quadrant::Star),
            ("P2", Quadrant::FixConversion),
            ("P3", Quadrant::Potential),
            ("P4", Quadrant::Weak)
        ]
    );
}

#[test]
fn best_seller_candidates_rise_in_visitors_and_carts_with_median_conversion() {
    // days 1–7 = previous week, 8–14 = last week (end = 14)
    let mut rows = Vec::new();
    for day in 1..=14 {
        let last = day >= 8;
        // X: visitors 100 → 150, carts 10 → 15, conversion 6% → candidate
        rows.push(row(
            day,
            "X",
            if last { 150 } else { 100 },
            if last { 15 } else { 10 },
            if last { 9 } else { 6 },
            1,
            1,
        ));
        // Y: visitors rise but carts fall
        rows.push(row(
            day,
            "Y",
            if last { 150 } else { 100 },
            if last { 5 } else { 10 },
            if last { 9 } else { 6 },
            1,
            1,
        ));
        // Z: both rise but conversion 1%: below the median
        rows.push(row(
            day,
            "Z",
            if last { 200 } else { 100 },
            if last { 20 } else { 10 },
            if last { 2 } else { 1 },
            1,
            1,
        ));
        // W: flat, conversion 8%
        rows.push(row(day, "W", 100, 10, 8, 1, 1));
    }
    let s = store(rows);
    let b = best_seller_candidates(&s, 14);
    // last-week conversions: X 6%, Y 6%, Z 1%, W 8% → median 6%
    assert_eq!(b.median_conversion, Some(0.06));
    assert_eq!(b.candidates.len(), 1);
    let x = &b.candidates[0];
    assert_eq!(x.item_id, "X");
    assert_eq!((x.visitors_prev, x.visitors_last), (700, 1_050));
    assert_eq!((x.cart_prev, x.cart_last), (70, 105));
    assert_eq!(x.visitors_growth, Some(0.5));
    assert_eq!(x.cart_growth, Some(0.5));
    assert_eq!(x.conversion, 0.06);
}

#[test]
fn stock_risk_flags_low_cover_and_out_of_stock() {
    let mut rows = Vec::new();
    for day in 8..=14 {
        rows.push(row(day, "fast", 100, 10, 10, 10, 1)); // 70 units in 7 days
        rows.push(row(day, "slow", 100, 10, 10, 10, 1));
    }
    rows.push(row(14, "sold_out", 100, 10, 3, 3, 1));
    let s = store(rows);
    let stock: BTreeMap<String, i64> = [
        ("fast", 30),    // 30 / (70/7) = 3 days
        ("slow", 1_000), // 100 days
        ("sold_out", 0), // 断货
        ("idle", 50),    // no sales: no cover, not at risk
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let r = stock_risk(&s, 14, &stock, 7.0);
    let got: Vec<&str> = r.iter().map(|x| x.item_id.as_str()).collect();
    assert_eq!(got, ["sold_out", "fast"]);
    assert!(r[0].out_of_stock);
    assert_eq!(r[0].days_of_cover, Some(0.0));
    assert_eq!(r[1].units_7d, 70);
    assert_eq!(r[1].avg_daily_units, 10.0);
    assert_eq!(r[1].days_of_cover, Some(3.0));
    assert!(stock_risk(&s, 14, &stock, 2.0)
        .iter()
        .all(|x| x.item_id != "fast"));
}

#[test]
fn stock_map_takes_on_shelf_catalog_products_with_an_item_id() {
    let p = |id: &str, stock: i64, status: ProductStatus| Product {
        item_id: id.into(),
        stock,
        status,
        ..Product::default()
    };
    let m = stock_map(&[
        p("1", 5, ProductStatus::OnShelf),
        p("2", 5, ProductStatus::OffShelf),
        p("", 5, ProductStatus::OnShelf),
    ]);
    assert_eq!(m.len(), 1);
    assert_eq!(m.get("1"), Some(&5));
}

fn sku(item: &str, sku: &str, price: i64, cost: i64, stock: i64) -> Product {
    Product {
        item_id: item.into(),
        sku: sku.into(),
        list_price: Fen(price),
        cost: Fen(cost),
        stock,
        status: ProductStatus::OnShelf,
        ..Product::default()
    }
}

/// Issue 12 item 7: blue (stock 500) and red (stock 0) share 商品ID 9; red listed last used to
/// win, so the item showed as 断货. The item's stock is the sum, 500.
#[test]
fn skus_sharing_an_item_id_sum_their_stock() {
    let m = stock_map(&[
        sku("9", "blue", 10_000, 5_000, 500),
        sku("9", "red", 10_000, 5_000, 0),
    ]);
    assert_eq!(m.get("9"), Some(&500));
    let mut rows = Vec::new();
    for day in 8..=14 {
        rows.push(row(day, "9", 100, 10, 2, 2, 20_000)); // 14 units in 7 days: 250 days of cover
    }
    let r = stock_risk(&store(rows), 14, &m, 14.0);
    assert!(r.is_empty(), "{r:?}");
}

/// Issue 12 item 7: price and cost of an item with several SKUs are weighted by units sold:
/// blue ¥100 / cost ¥50 × 30 units, red ¥120 / cost ¥70 × 10 units → ¥105 / ¥55. Without SKU
/// sales every SKU weighs the same: ¥110 / ¥60 (not the last SKU's ¥120 / ¥70).
#[test]
fn skus_sharing_an_item_id_weight_price_and_cost_by_units_sold() {
    use store_ops_planner::core::metrics::ads::{price_cost_map, price_cost_map_by_units};
    let list = [
        sku("9", "blue", 10_000, 5_000, 500),
        sku("9", "red", 12_000, 7_000, 0),
    ];
    assert_eq!(
        price_cost_map(&list).get("9"),
        Some(&(Fen(11_000), Fen(6_000)))
    );
    let units: BTreeMap<String, u64> = [("blue".to_string(), 30), ("red".to_string(), 10)]
        .into_iter()
        .collect();
    assert_eq!(
        price_cost_map_by_units(&list, &units).get("9"),
        Some(&(Fen(10_500), Fen(5_500)))
    );
}
