//! Product analysis over a period from the product days (商品_全部): totals per product, ranking by
//! any metric, ABC classes (Pareto on 支付金额), the traffic × conversion quadrant, best-seller
//! (爆款) candidates and stock-out risk. Ratios are computed from each product's sums.

use super::kpi::KpiValue;
use super::period::Period;
use super::store::MetricsStore;
use super::{fen_per, median, money_ratio, ratio};
use crate::model::metrics::{Day, ProductDay};
use crate::model::{Fen, Product, ProductStatus};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sums of one product over a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductStats {
    pub item_id: String,
    /// Days with a row.
    pub days: u32,
    /// 商品访客数
    pub visitors: u64,
    /// 商品浏览量
    pub page_views: u64,
    /// 商品加购人数
    pub cart_buyers: u64,
    /// 商品加购件数
    pub cart_units: u64,
    /// 下单买家数
    pub order_buyers: u64,
    /// 支付买家数
    pub paying_buyers: u64,
    /// 支付件数
    pub paid_units: u64,
    /// 支付金额
    pub paid_amount: Fen,
    /// 成功退款金额
    pub refund_amount: Fen,
}

impl ProductStats {
    pub fn new(item_id: &str) -> ProductStats {
        ProductStats {
            item_id: item_id.to_string(),
            ..ProductStats::default()
        }
    }

    pub fn add(&mut self, d: &ProductDay) {
        self.days = self.days.saturating_add(1);
        self.visitors = self.visitors.saturating_add(d.visitors);
        self.page_views = self.page_views.saturating_add(d.page_views);
        self.cart_buyers = self.cart_buyers.saturating_add(d.cart_buyers);
        self.cart_units = self.cart_units.saturating_add(d.cart_units);
        self.order_buyers = self.order_buyers.saturating_add(d.order_buyers);
        self.paying_buyers = self.paying_buyers.saturating_add(d.paying_buyers);
        self.paid_units = self.paid_units.saturating_add(d.paid_units);
        self.paid_amount = self.paid_amount + d.paid_amount;
        self.refund_amount = self.refund_amount + d.refund_amount;
    }

    /// 商品支付转化率 = 支付买家数 / 商品访客数.
    pub fn conversion(&self) -> Option<f64> {
        ratio(self.paying_buyers, self.visitors)
    }

    /// 加购率 = 加购人数 / 商品访客数.
    pub fn cart_rate(&self) -> Option<f64> {
        ratio(self.cart_buyers, self.visitors)
    }

    /// 客单价 = 支付金额 / 支付买家数.
    pub fn aov(&self) -> Option<Fen> {
        fen_per(self.paid_amount, self.paying_buyers)
    }

    /// 访客平均价值 (UV价值) = 支付金额 / 商品访客数.
    pub fn uv_value(&self) -> Option<Fen> {
        fen_per(self.paid_amount, self.visitors)
    }

    /// 件单价 = 支付金额 / 支付件数.
    pub fn unit_price(&self) -> Option<Fen> {
        fen_per(self.paid_amount, self.paid_units)
    }

    /// 退款率 = 成功退款金额 / 支付金额.
    pub fn refund_rate(&self) -> Option<f64> {
        money_ratio(self.refund_amount, self.paid_amount)
    }
}

/// The total row of a product table: every count and amount summed unrounded (money in fen),
/// `days` the largest of the products'; ratios (转化率, 客单价 …) then come from these sums
/// through the same methods, never from summing or averaging the rows' ratios. `item_id` empty.
pub fn total(stats: &[ProductStats]) -> ProductStats {
    let mut t = ProductStats::default();
    for s in stats {
        t.days = t.days.max(s.days);
        t.visitors = t.visitors.saturating_add(s.visitors);
        t.page_views = t.page_views.saturating_add(s.page_views);
        t.cart_buyers = t.cart_buyers.saturating_add(s.cart_buyers);
        t.cart_units = t.cart_units.saturating_add(s.cart_units);
        t.order_buyers = t.order_buyers.saturating_add(s.order_buyers);
        t.paying_buyers = t.paying_buyers.saturating_add(s.paying_buyers);
        t.paid_units = t.paid_units.saturating_add(s.paid_units);
        t.paid_amount = t.paid_amount + s.paid_amount;
        t.refund_amount = t.refund_amount + s.refund_amount;
    }
    t
}

/// Totals of every product with at least one row in the period, by item id.
pub fn product_stats(store: &MetricsStore, period: Period) -> Vec<ProductStats> {
    let mut out = Vec::new();
    for id in store.item_ids() {
        let rows = store.product_range(id, period);
        if rows.is_empty() {
            continue;
        }
        let mut s = ProductStats::new(id);
        for d in rows {
            s.add(d);
        }
        out.push(s);
    }
    out
}

/// Metrics a product table can be ranked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProductMetric {
    Visitors,
    PageViews,
    CartBuyers,
    CartUnits,
    OrderBuyers,
    PayingBuyers,
    PaidUnits,
    PaidAmount,
    RefundAmount,
    Conversion,
    CartRate,
    Aov,
    UvValue,
    UnitPrice,
    RefundRate,
}

impl ProductMetric {
    pub const ALL: [ProductMetric; 15] = [
        ProductMetric::Visitors,
        ProductMetric::PageViews,
        ProductMetric::CartBuyers,
        ProductMetric::CartUnits,
        ProductMetric::OrderBuyers,
        ProductMetric::PayingBuyers,
        ProductMetric::PaidUnits,
        ProductMetric::PaidAmount,
        ProductMetric::RefundAmount,
        ProductMetric::Conversion,
        ProductMetric::CartRate,
        ProductMetric::Aov,
        ProductMetric::UvValue,
        ProductMetric::UnitPrice,
        ProductMetric::RefundRate,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProductMetric::Visitors => "visitors",
            ProductMetric::PageViews => "page_views",
            ProductMetric::CartBuyers => "cart_buyers",
            ProductMetric::CartUnits => "cart_units",
            ProductMetric::OrderBuyers => "order_buyers",
            ProductMetric::PayingBuyers => "paying_buyers",
            ProductMetric::PaidUnits => "paid_units",
            ProductMetric::PaidAmount => "paid_amount",
            ProductMetric::RefundAmount => "refund_amount",
            ProductMetric::Conversion => "conversion",
            ProductMetric::CartRate => "cart_rate",
            ProductMetric::Aov => "aov",
            ProductMetric::UvValue => "uv_value",
            ProductMetric::UnitPrice => "unit_price",
            ProductMetric::RefundRate => "refund_rate",
        }
    }

    pub fn zh_label(self) -> &'static str {
        match self {
            ProductMetric::Visitors => "商品访客数",
            ProductMetric::PageViews => "商品浏览量",
            ProductMetric::CartBuyers => "加购人数",
            ProductMetric::CartUnits => "加购件数",
            ProductMetric::OrderBuyers => "下单买家数",
            ProductMetric::PayingBuyers => "支付买家数",
            ProductMetric::PaidUnits => "支付件数",
            ProductMetric::PaidAmount => "支付金额",
            ProductMetric::RefundAmount => "成功退款金额",
            ProductMetric::Conversion => "支付转化率",
            ProductMetric::CartRate => "加购率",
            ProductMetric::Aov => "客单价",
            ProductMetric::UvValue => "UV价值",
            ProductMetric::UnitPrice => "件单价",
            ProductMetric::RefundRate => "退款率",
        }
    }

    pub fn value(self, s: &ProductStats) -> Option<KpiValue> {
        use KpiValue::{Count, Money, Rate};
        match self {
            ProductMetric::Visitors => Some(Count(s.visitors)),
            ProductMetric::PageViews => Some(Count(s.page_views)),
            ProductMetric::CartBuyers => Some(Count(s.cart_buyers)),
            ProductMetric::CartUnits => Some(Count(s.cart_units)),
            ProductMetric::OrderBuyers => Some(Count(s.order_buyers)),
            ProductMetric::PayingBuyers => Some(Count(s.paying_buyers)),
            ProductMetric::PaidUnits => Some(Count(s.paid_units)),
            ProductMetric::PaidAmount => Some(Money(s.paid_amount)),
            ProductMetric::RefundAmount => Some(Money(s.refund_amount)),
            ProductMetric::Conversion => s.conversion().map(Rate),
            ProductMetric::CartRate => s.cart_rate().map(Rate),
            ProductMetric::Aov => s.aov().map(Money),
            ProductMetric::UvValue => s.uv_value().map(Money),
            ProductMetric::UnitPrice => s.unit_price().map(Money),
            ProductMetric::RefundRate => s.refund_rate().map(Rate),
        }
    }
}

/// Order of two metric values; undefined sorts below any value.
fn cmp_values(a: Option<KpiValue>, b: Option<KpiValue>) -> Ordering {
    match (a, b) {
        (Some(KpiValue::Money(x)), Some(KpiValue::Money(y))) => x.cmp(&y),
        (Some(KpiValue::Count(x)), Some(KpiValue::Count(y))) => x.cmp(&y),
        (Some(x), Some(y)) => x.as_f64().total_cmp(&y.as_f64()),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

/// Sort products by a metric, highest first (undefined values last, ties by item id).
pub fn rank(stats: &mut [ProductStats], metric: ProductMetric) {
    stats.sort_by(|a, b| {
        cmp_values(metric.value(b), metric.value(a)).then_with(|| a.item_id.cmp(&b.item_id))
    });
}

/// ABC class by share of GMV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AbcClass {
    A,
    B,
    C,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AbcRow {
    pub item_id: String,
    pub gmv: Fen,
    /// Share of the total GMV.
    pub share: f64,
    /// Cumulative share including this product.
    pub cumulative: f64,
    pub class: AbcClass,
}

/// ABC (Pareto on 支付金额), highest GMV first (ties by item id). Products are taken in that
/// order; a product is A while the cumulative share *before* it is below 80% (so A is the
/// smallest set reaching 80% — a product carrying 85% alone is A), B while it is below 95%, C
/// after. Where the cumulative share lands exactly on 80% / 95%, this equals the rule
/// "A ≤ 80% cumulative, B ≤ 95%". Products without positive GMV are C.
pub fn abc(stats: &[ProductStats]) -> Vec<AbcRow> {
    let mut order: Vec<&ProductStats> = stats.iter().collect();
    order.sort_by(|a, b| {
        b.paid_amount
            .cmp(&a.paid_amount)
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    let total: i128 = order
        .iter()
        .map(|s| i128::from(s.paid_amount.0.max(0)))
        .sum();
    let mut before: i128 = 0;
    order
        .into_iter()
        .map(|s| {
            let g = i128::from(s.paid_amount.0.max(0));
            let class = if g == 0 || total == 0 {
                AbcClass::C
            } else if before * 100 < total * 80 {
                AbcClass::A
            } else if before * 100 < total * 95 {
                AbcClass::B
            } else {
                AbcClass::C
            };
            before += g;
            let (share, cumulative) = if total > 0 {
                (g as f64 / total as f64, before as f64 / total as f64)
            } else {
                (0.0, 0.0)
            };
            AbcRow {
                item_id: s.item_id.clone(),
                gmv: s.paid_amount,
                share,
                cumulative,
                class,
            }
        })
        .collect()
}

/// Traffic × conversion quadrant (split at the medians over products with visitors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quadrant {
    /// 高流量高转化: 明星款, keep feeding
    Star,
    /// 高流量低转化: fix the detail page, price, reviews
    FixConversion,
    /// 低流量高转化: 潜力款, give it traffic
    Potential,
    /// 低流量低转化: 待调整 / consider replacing
    Weak,
}

impl Quadrant {
    pub fn key(self) -> &'static str {
        match self {
            Quadrant::Star => "star",
            Quadrant::FixConversion => "fix_conversion",
            Quadrant::Potential => "potential",
            Quadrant::Weak => "weak",
        }
    }

    pub fn zh_label(self) -> &'static str {
        match self {
            Quadrant::Star => "高流量高转化",
            Quadrant::FixConversion => "高流量低转化",
            Quadrant::Potential => "低流量高转化",
            Quadrant::Weak => "低流量低转化",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuadrantRow {
    pub item_id: String,
    pub visitors: u64,
    pub conversion: f64,
    pub quadrant: Quadrant,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quadrants {
    /// Median 商品访客数 over products with visitors.
    pub median_visitors: f64,
    /// Median 支付转化率 over the same products.
    pub median_conversion: f64,
    /// Products with visitors, by item id. At or above a median counts as high.
    pub rows: Vec<QuadrantRow>,
}

/// Traffic × conversion quadrant of the products with visitors.
pub fn quadrants(stats: &[ProductStats]) -> Quadrants {
    let with: Vec<(&ProductStats, f64)> = stats
        .iter()
        .filter_map(|s| s.conversion().map(|c| (s, c)))
        .collect();
    let mut v: Vec<f64> = with.iter().map(|(s, _)| s.visitors as f64).collect();
    let mut c: Vec<f64> = with.iter().map(|&(_, c)| c).collect();
    let mv = median(&mut v).unwrap_or(0.0);
    let mc = median(&mut c).unwrap_or(0.0);
    let mut rows: Vec<QuadrantRow> = with
        .into_iter()
        .map(|(s, conv)| {
            let hi_t = s.visitors as f64 >= mv;
            let hi_c = conv >= mc;
            QuadrantRow {
                item_id: s.item_id.clone(),
                visitors: s.visitors,
                conversion: conv,
                quadrant: match (hi_t, hi_c) {
                    (true, true) => Quadrant::Star,
                    (true, false) => Quadrant::FixConversion,
                    (false, true) => Quadrant::Potential,
                    (false, false) => Quadrant::Weak,
                },
            }
        })
        .collect();
    rows.sort_by(|a, b| a.item_id.cmp(&b.item_id));
    Quadrants {
        median_visitors: mv,
        median_conversion: mc,
        rows,
    }
}

/// A 爆款 candidate: visitors and add-to-cart rising week on week with good conversion.
#[derive(Clone, Debug, PartialEq)]
pub struct BestSeller {
    pub item_id: String,
    /// Last 7 days (ending on the chosen day) and the 7 days before.
    pub visitors_last: u64,
    pub visitors_prev: u64,
    pub cart_last: u64,
    pub cart_prev: u64,
    /// 支付转化率 of the last 7 days.
    pub conversion: f64,
    /// Relative growth; None when the previous week had none.
    pub visitors_growth: Option<f64>,
    pub cart_growth: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BestSellers {
    /// Median product conversion of the last 7 days (products with visitors); None without any.
    pub median_conversion: Option<f64>,
    /// Candidates, largest visitor gain first.
    pub candidates: Vec<BestSeller>,
}

/// Best-seller candidates as of `end`: last 7 days [end−6, end] vs the 7 before; visitors and
/// add-to-cart buyers both strictly higher, and last-7-day conversion ≥ the median over products.
pub fn best_seller_candidates(store: &MetricsStore, end: Day) -> BestSellers {
    let last = Period::ending(end, 7);
    let prev = last.previous();
    let mut rows: Vec<(ProductStats, ProductStats)> = Vec::new();
    for id in store.item_ids() {
        let mut l = ProductStats::new(id);
        let mut p = ProductStats::new(id);
        store.product_range(id, last).iter().for_each(|d| l.add(d));
        store.product_range(id, prev).iter().for_each(|d| p.add(d));
        if l.days > 0 || p.days > 0 {
            rows.push((l, p));
        }
    }
    let mut convs: Vec<f64> = rows.iter().filter_map(|(l, _)| l.conversion()).collect();
    let med = median(&mut convs);
    let growth =
        |now: u64, before: u64| (before != 0).then(|| (now as f64 - before as f64) / before as f64);
    let mut candidates: Vec<BestSeller> = rows
        .into_iter()
        .filter_map(|(l, p)| {
            let conv = l.conversion()?;
            let ok = l.visitors > p.visitors
                && l.cart_buyers > p.cart_buyers
                && med.is_some_and(|m| conv >= m);
            ok.then(|| BestSeller {
                visitors_growth: growth(l.visitors, p.visitors),
                cart_growth: growth(l.cart_buyers, p.cart_buyers),
                item_id: l.item_id,
                visitors_last: l.visitors,
                visitors_prev: p.visitors,
                cart_last: l.cart_buyers,
                cart_prev: p.cart_buyers,
                conversion: conv,
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        let ga = a.visitors_last - a.visitors_prev;
        let gb = b.visitors_last - b.visitors_prev;
        gb.cmp(&ga).then_with(|| a.item_id.cmp(&b.item_id))
    });
    BestSellers {
        median_conversion: med,
        candidates,
    }
}

/// item_id → stock of the catalog's on-shelf products with a 商品ID (not deleted). SKUs sharing
/// one 商品ID add up (a sold-out colour does not make the item 断货). Negative stock (oversold)
/// counts as zero in the sum.
pub fn stock_map(products: &[Product]) -> BTreeMap<String, i64> {
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    for p in products
        .iter()
        .filter(|p| !p.meta.deleted && !p.item_id.is_empty() && p.status == ProductStatus::OnShelf)
    {
        let e = out.entry(p.item_id.clone()).or_insert(0);
        *e = e.saturating_add(p.stock.max(0));
    }
    out
}

/// A product that may run out of stock.
#[derive(Clone, Debug, PartialEq)]
pub struct StockRisk {
    pub item_id: String,
    pub stock: i64,
    /// 支付件数 over the last 7 days.
    pub units_7d: u64,
    /// units_7d / 7 (days without a row count as zero).
    pub avg_daily_units: f64,
    /// stock ÷ average daily units; None when nothing sold.
    pub days_of_cover: Option<f64>,
    /// Stock at or below zero (断货).
    pub out_of_stock: bool,
}

/// Products of `stock` at risk as of `end`: out of stock (stock ≤ 0), or selling so that the stock
/// covers fewer than `min_cover_days` days at the last 7 days' average. Out-of-stock first, then
/// by days of cover.
pub fn stock_risk(
    store: &MetricsStore,
    end: Day,
    stock: &BTreeMap<String, i64>,
    min_cover_days: f64,
) -> Vec<StockRisk> {
    let window = Period::ending(end, 7);
    let mut out: Vec<StockRisk> = stock
        .iter()
        .filter_map(|(id, &st)| {
            let units: u64 = store
                .product_range(id, window)
                .iter()
                .fold(0u64, |a, d| a.saturating_add(d.paid_units));
            let avg = units as f64 / 7.0;
            let cover = (units > 0).then(|| st.max(0) as f64 / avg);
            let out_of_stock = st <= 0;
            let low = cover.is_some_and(|c| c < min_cover_days);
            (out_of_stock || low).then(|| StockRisk {
                item_id: id.clone(),
                stock: st,
                units_7d: units,
                avg_daily_units: avg,
                days_of_cover: cover,
                out_of_stock,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.out_of_stock
            .cmp(&a.out_of_stock)
            .then_with(|| {
                a.days_of_cover
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.days_of_cover.unwrap_or(f64::INFINITY))
            })
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    out
}
