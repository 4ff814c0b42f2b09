//! A year of sample metrics for the sample store (安居优品家居旗舰店): daily store overview
//! (店铺整体), product days (商品_全部) for every on-shelf product, and 万相台 plan and product
//! reports for five ad plans.
//!
//! Deterministic: no clock and no randomness source — a splitmix64 stream per product seeded from
//! a constant and the 商品ID — and only IEEE-exact float operations (+ − × ÷ √), so native and
//! wasm builds produce the same rows. What the data contains, so every analysis view has
//! something to show:
//! - weekly rhythm (weekend lift ~+15%), slow growth (+25% over a year);
//! - 618 and 双11 with warm-up (traffic and add-to-cart up, conversion down), first wave, the peak
//!   day (conversion ×2+ at a deeper discount) and a post-event dip; smaller 38节 and 双12;
//! - injected anomalies: a traffic drop (120 days ago), a conversion drop (45 days ago) and a
//!   refund spike (75 days ago);
//! - product rows consistent with the store: store GMV, units and refunds are the sums over
//!   products; store visitors and buyers are de-duplicated (below the product sums); product
//!   traffic follows the role (主推款 and 引流款 high, 利润款 and 常规 lower) with SKU-mix prices;
//! - the on-shelf product with zero stock sold nothing in the last 12 days (断货); one regular
//!   product ramps up over the last two weeks (爆款 candidate);
//! - ad plans 关键词推广 ×2, 人群推广, 货品全站推广 and 淘宝客 with plausible CTR, CPC and ROI;
//!   plan rows for the whole year, product rows for the last 90 days (amounts allocated by
//!   floor division, so plan and product totals differ by a few fen — as real reports do).

use crate::core::metrics::{MetricsBatch, MetricsStore};
use crate::model::metrics::{AdChannel, AdDay, Day, ProductDay, StoreDay};
use crate::model::{Fen, Product, ProductRole, ProductStatus};

const SEED: u64 = 0x5a3e_2025_0618_1111;

/// The sample's splitmix64 stream with the distributions the metrics need.
struct Rng(crate::sample::SplitMix);

impl Rng {
    fn seeded(seed: u64) -> Rng {
        Rng(crate::sample::SplitMix(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.next()
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Approximately standard normal (Irwin–Hall sum of 12 uniforms).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// A count with mean `mean` and roughly Poisson spread.
    fn count(&mut self, mean: f64) -> u64 {
        if mean.is_nan() || mean <= 0.0 {
            return 0;
        }
        if mean < 15.0 {
            // binomial with small p: variance ≈ 0.8 × mean
            let n = (mean * 4.0) as u64 + 4;
            let p = mean / n as f64;
            (0..n).filter(|_| self.unit() < p).count() as u64
        } else {
            (mean + mean.sqrt() * self.normal()).round().max(0.0) as u64
        }
    }

    /// Multiplicative day-to-day noise around 1 (σ ≈ `sd`).
    fn wobble(&mut self, sd: f64) -> f64 {
        (1.0 + sd * self.normal()).max(0.2)
    }
}

/// 32-bit FNV-1a of a string (seeds per product).
fn fnv(s: &str) -> u64 {
    use crate::model::meta::{fnv32_more, FNV32_OFFSET};
    u64::from(fnv32_more(FNV32_OFFSET, s.as_bytes()))
}

/// Store-wide multipliers of one day.
#[derive(Clone, Copy)]
struct DayShape {
    traffic: f64,
    conversion: f64,
    cart: f64,
    /// Paid price as a share of list price.
    discount: f64,
    refunds: f64,
}

fn shape(day: Day, t: usize, days: usize) -> DayShape {
    use crate::core::metrics::period::{date_of, weekday};
    use chrono::Datelike;
    let mut s = DayShape {
        traffic: 1.0,
        conversion: 1.0,
        cart: 1.0,
        discount: 0.97,
        refunds: 1.0,
    };
    s.traffic *= [0.96, 0.97, 0.98, 0.98, 1.0, 1.13, 1.16]
        .get(weekday(day) as usize)
        .copied()
        .unwrap_or(1.0);
    if weekday(day) >= 5 {
        s.conversion *= 0.97;
    }
    let (m, d) = date_of(day).map_or((1, 1), |x| (x.month(), x.day()));
    // (traffic, conversion, cart, discount)
    let event: Option<(f64, f64, f64, f64)> = match (m, d) {
        // 38节
        (3, 6..=7) => Some((1.15, 0.95, 1.4, 0.95)),
        (3, 8) => Some((1.35, 1.3, 1.0, 0.92)),
        // 618: warm-up, first wave, mid, second warm-up, peak, tail, dip
        (5, 20..=30) => Some((1.25, 0.8, 1.7, 0.97)),
        (5, 31) | (6, 1) => Some((2.0, 1.6, 1.2, 0.88)),
        (6, 2..=15) => Some((1.12, 1.0, 1.3, 0.93)),
        (6, 16..=17) => Some((1.45, 0.85, 2.0, 0.95)),
        (6, 18) => Some((3.0, 2.1, 1.0, 0.85)),
        (6, 19..=20) => Some((1.3, 1.2, 1.0, 0.9)),
        (6, 21..=30) => Some((0.8, 0.85, 0.9, 0.97)),
        // 双11
        (10, 20..=30) => Some((1.3, 0.75, 2.0, 0.97)),
        (10, 31) | (11, 1..=3) => Some((2.2, 1.7, 1.2, 0.88)),
        (11, 4..=9) => Some((1.1, 0.9, 1.5, 0.93)),
        (11, 10) => Some((1.6, 0.9, 2.2, 0.95)),
        (11, 11) => Some((4.0, 2.4, 1.0, 0.85)),
        (11, 12..=13) => Some((1.3, 1.1, 1.0, 0.9)),
        (11, 14..=25) => Some((0.75, 0.85, 0.9, 0.97)),
        // 双12
        (12, 12) => Some((1.5, 1.3, 1.0, 0.92)),
        _ => None,
    };
    if let Some((tr, cv, ct, di)) = event {
        s.traffic *= tr;
        s.conversion *= cv;
        s.cart *= ct;
        s.discount = di;
    }
    // post-event returns
    if matches!((m, d), (6, 19..=28) | (11, 12..=22)) {
        s.refunds *= 1.8;
    }
    // slow growth: +25% over a year
    s.traffic *= 1.0 + 0.25 * t as f64 / 365.0;
    // injected anomalies, counted back from the last day
    let back = days - t;
    if back == 120 {
        s.traffic *= 0.45; // 搜索降权 / platform glitch: traffic drop
    }
    if back == 45 {
        s.conversion *= 0.5; // detail page broken: conversion drop
    }
    if back == 75 {
        s.refunds *= 6.0; // quality complaint: refund spike
    }
    s
}

/// Per-product constants of the generator.
struct Item {
    item_id: String,
    weight: f64,
    conversion: f64,
    cart_rate: f64,
    pv_per_visitor: f64,
    units_per_buyer: f64,
    /// SKU prices (fen) and their cumulative pick probabilities.
    skus: [(i64, f64); 3],
    out_of_stock: bool,
    rising: bool,
    role: ProductRole,
    rng: Rng,
}

fn items(products: &[Product]) -> Vec<Item> {
    let mut out: Vec<Item> = products
        .iter()
        .filter(|p| p.status == ProductStatus::OnShelf && !p.item_id.is_empty() && !p.meta.deleted)
        .map(|p| {
            let mut rng = Rng::seeded(SEED ^ fnv(&p.item_id));
            let (w, conv) = match p.role {
                ProductRole::Hero => (10.0, 0.055),
                ProductRole::Traffic => (6.0, 0.07),
                ProductRole::Profit => (2.0, 0.025),
                ProductRole::Regular => (1.0, 0.03),
            };
            let price = p.list_price.0.max(100);
            let round10 = |x: f64| ((x / 10.0).round() as i64 * 10).max(10);
            let skus = [
                (price, 0.6),
                (round10(price as f64 * 1.25), 0.85),
                (round10(price as f64 * 0.8), 1.0),
            ];
            Item {
                item_id: p.item_id.clone(),
                weight: w * rng.range(0.5, 1.5),
                conversion: conv * rng.range(0.7, 1.3),
                cart_rate: rng.range(0.07, 0.12),
                pv_per_visitor: rng.range(1.5, 2.3),
                units_per_buyer: if p.role == ProductRole::Traffic {
                    1.5
                } else {
                    rng.range(1.05, 1.25)
                },
                skus,
                out_of_stock: p.stock <= 0,
                rising: false,
                role: p.role,
                rng,
            }
        })
        .collect();
    if let Some(it) = out
        .iter_mut()
        .find(|i| i.role == ProductRole::Regular && !i.out_of_stock)
    {
        it.rising = true;
    }
    out
}

/// One ad plan of the sample.
struct Plan {
    channel: AdChannel,
    id: &'static str,
    name: &'static str,
    /// Share of the store's ad budget.
    share: f64,
    cpc: f64,
    ctr: f64,
    /// ROI at the plan's average daily spend.
    roi: f64,
    /// How fast returns fall with spend: GMV = roi · avg · ln(1 + sat·x) / ln(1 + sat) at
    /// x = spend ÷ average (0.5: almost a line; 3: saturated early).
    sat: f64,
    roles: &'static [ProductRole],
}

const PLANS: [Plan; 5] = [
    Plan {
        channel: AdChannel::Search,
        id: "4018823301",
        name: "关键词推广-主推款",
        share: 0.33,
        cpc: 160.0,
        ctr: 0.032,
        roi: 3.2,
        sat: 1.2,
        roles: &[ProductRole::Hero],
    },
    Plan {
        channel: AdChannel::Search,
        id: "4018823302",
        name: "关键词推广-引流款捡漏",
        share: 0.10,
        cpc: 75.0,
        ctr: 0.025,
        roi: 2.6,
        sat: 2.5,
        roles: &[ProductRole::Traffic],
    },
    Plan {
        channel: AdChannel::Display,
        id: "4018823303",
        name: "人群推广-新客拉新",
        share: 0.15,
        cpc: 85.0,
        ctr: 0.009,
        roi: 1.9,
        sat: 3.0,
        roles: &[ProductRole::Hero, ProductRole::Profit],
    },
    Plan {
        channel: AdChannel::Site,
        id: "4018823304",
        name: "货品全站推广-目标投产比4.5",
        share: 0.30,
        cpc: 120.0,
        ctr: 0.028,
        roi: 4.5,
        sat: 1.0,
        roles: &[ProductRole::Hero, ProductRole::Profit],
    },
    Plan {
        channel: AdChannel::Affiliate,
        id: "4018823305",
        name: "淘宝客-通用计划",
        share: 0.12,
        cpc: 0.0,
        ctr: 0.0,
        roi: 8.0,
        sat: 0.5,
        roles: &[],
    },
];

/// Days of sample metrics.
pub const SAMPLE_DAYS: u32 = 400;

/// The sample store's metrics: 400 days ending yesterday (so 同比 works for the last month).
pub fn sample_metrics(products: &[Product], today: Day) -> MetricsStore {
    generated_metrics(products, today, SAMPLE_DAYS)
}

/// The same generator over `days` days ending yesterday, for any catalog (benchmarks and size
/// tests use 200 products × 730 days). Products on shelf with a 商品ID get product rows.
pub fn generated_metrics(products: &[Product], today: Day, days: u32) -> MetricsStore {
    let days = days as usize;
    let mut items = items(products);
    let total_weight: f64 = items.iter().map(|i| i.weight).sum::<f64>().max(1.0);
    let base_visitors = 100.0 * items.len().max(10) as f64;
    let mut store_rng = Rng::seeded(SEED);
    let first = today.saturating_sub(i32::try_from(days).unwrap_or(i32::MAX));

    let mut batch = MetricsBatch::default();
    batch.products.reserve(items.len() * days);
    let mut ad_budget: Vec<i64> = Vec::with_capacity(days);

    for t in 0..days {
        let day = first.saturating_add(t as i32);
        let s = shape(day, t, days);
        let visitors = (base_visitors * s.traffic * store_rng.wobble(0.06)).round() as u64;
        let mut sum = ProductDay::default();
        for it in items.iter_mut() {
            let rng = &mut it.rng;
            let mut weight = it.weight;
            let back = days - t;
            if it.rising && back <= 14 {
                weight *= 1.0 + 0.12 * (15 - back) as f64;
            }
            let mean_v = visitors as f64 * 1.25 * weight / total_weight * rng.wobble(0.12);
            let v = rng.count(mean_v);
            let pv = rng.count(v as f64 * it.pv_per_visitor);
            let cart = rng.count(v as f64 * it.cart_rate * s.cart).min(v);
            let cart_units = cart + rng.count(cart as f64 * 0.2);
            let sold_out = it.out_of_stock && back <= 12;
            let conv = if sold_out {
                0.0
            } else if it.rising && back <= 14 {
                it.conversion * s.conversion * 1.6
            } else {
                it.conversion * s.conversion
            };
            let pay = rng.count(v as f64 * conv).min(v);
            let order = (pay + rng.count(pay as f64 * 0.12)).min(v);
            let units = pay + rng.count(pay as f64 * (it.units_per_buyer - 1.0));
            let mut amount: i64 = 0;
            let mut unit_price: i64 = 0;
            for _ in 0..units {
                let u = rng.unit();
                let sku = it
                    .skus
                    .iter()
                    .find(|(_, p)| u < *p)
                    .map_or(0, |(pr, _)| *pr);
                unit_price = (sku as f64 * s.discount).round() as i64;
                amount += unit_price;
            }
            let refunded_units = rng.count(units as f64 * 0.05 * s.refunds).min(units);
            let refund = refunded_units as i64 * unit_price;
            let row = ProductDay {
                day,
                item_id: it.item_id.clone(),
                visitors: v,
                page_views: pv,
                cart_buyers: cart,
                cart_units,
                order_buyers: order,
                paying_buyers: pay,
                paid_units: units,
                paid_amount: Fen(amount),
                refund_amount: Fen(refund),
            };
            sum.visitors += v;
            sum.page_views += pv;
            sum.cart_buyers += cart;
            sum.order_buyers += order;
            sum.paying_buyers += pay;
            sum.paid_units += units;
            sum.paid_amount = sum.paid_amount + row.paid_amount;
            sum.refund_amount = sum.refund_amount + row.refund_amount;
            batch.products.push(row);
        }
        let dedup = |x: u64, f: f64| (x as f64 * f).round() as u64;
        let order_amount = if sum.paying_buyers == 0 {
            sum.paid_amount
        } else {
            Fen(
                (sum.paid_amount.0 as f64 * sum.order_buyers as f64 / sum.paying_buyers as f64)
                    .round() as i64,
            )
        };
        // ad budget ≈ 10% of the day's GMV, smoothed by the traffic shape
        let budget = (sum.paid_amount.0 as f64 * 0.10 * store_rng.wobble(0.05)).round() as i64;
        ad_budget.push(budget);
        let spend_of = |c: AdChannel| -> i64 {
            PLANS
                .iter()
                .filter(|p| p.channel == c)
                .map(|p| (budget as f64 * p.share).round() as i64)
                .sum()
        };
        batch.store.push(StoreDay {
            day,
            visitors,
            page_views: sum.page_views + dedup(visitors, 0.6),
            cart_buyers: dedup(sum.cart_buyers, 0.88),
            order_buyers: dedup(sum.order_buyers, 0.93),
            order_amount,
            paying_buyers: dedup(sum.paying_buyers, 0.93),
            paid_units: sum.paid_units,
            paid_amount: sum.paid_amount,
            refund_amount: sum.refund_amount,
            spend_search: Fen(spend_of(AdChannel::Search)),
            spend_display: Fen(spend_of(AdChannel::Display)),
            spend_affiliate: Fen(spend_of(AdChannel::Affiliate)),
            spend_other: Fen(spend_of(AdChannel::Site)),
        });
    }

    batch.ads = ad_rows(&items, first, &ad_budget, &mut store_rng);
    MetricsStore::from_batch(batch)
}

/// Plan rows for every day and product rows for the last 90 days.
fn ad_rows(items: &[Item], first: Day, budget: &[i64], rng: &mut Rng) -> Vec<AdDay> {
    let days = budget.len();
    let mean_budget = budget.iter().sum::<i64>() as f64 / days.max(1) as f64;
    let mut out = Vec::new();
    for plan in &PLANS {
        let promoted: Vec<(&str, f64, f64)> = items
            .iter()
            .filter(|i| plan.roles.contains(&i.role) && !i.out_of_stock)
            .take(4)
            .enumerate()
            .map(|(n, i)| {
                // spend weight, and ROI factor: the third promoted item under-performs
                let roi_f = if n == 2 { 0.45 } else { 1.0 + 0.1 * n as f64 };
                (i.item_id.as_str(), i.weight, roi_f)
            })
            .collect();
        let wsum: f64 = promoted.iter().map(|p| p.1).sum();
        for (t, &b) in budget.iter().enumerate() {
            let day = first.saturating_add(t as i32);
            let spend = (b as f64 * plan.share).round() as i64;
            // diminishing returns around the plan's average spend (what the paid-mix page fits)
            let avg = (mean_budget * plan.share).max(1.0);
            let x = spend as f64 / avg;
            let curve = plan.roi * avg * (plan.sat * x).ln_1p() / plan.sat.ln_1p();
            let total = (curve * rng.wobble(0.15)).round() as i64;
            let direct = (total as f64 * rng.range(0.55, 0.7)).round() as i64;
            let (clicks, impressions) = if plan.cpc > 0.0 {
                let c = (spend as f64 / plan.cpc * rng.wobble(0.05)).round() as u64;
                (c, (c as f64 / (plan.ctr * rng.wobble(0.08))).round() as u64)
            } else {
                (rng.count(total as f64 / 6000.0 * 4.0), 0)
            };
            let orders = (total / 9000).max(0) as u64 + rng.count(1.0);
            let carts = rng.count(clicks as f64 * 0.08);
            let row = AdDay {
                day,
                channel: plan.channel,
                plan_id: plan.id.to_string(),
                plan_name: plan.name.to_string(),
                item_id: String::new(),
                impressions,
                clicks,
                spend: Fen(spend),
                direct_amount: Fen(direct),
                total_amount: Fen(total),
                total_orders: orders,
                carts,
            };
            if days - t <= 90 && wsum > 0.0 {
                let rsum: f64 = promoted.iter().map(|p| p.1 * p.2).sum();
                for &(id, w, rf) in &promoted {
                    let share = w / wsum;
                    let ashare = w * rf / rsum;
                    let part = |x: u64, s: f64| (x as f64 * s) as u64;
                    let fen = |x: i64, s: f64| Fen((x as f64 * s).floor() as i64);
                    out.push(AdDay {
                        item_id: id.to_string(),
                        impressions: part(impressions, share),
                        clicks: part(clicks, share),
                        spend: fen(spend, share),
                        direct_amount: fen(direct, ashare),
                        total_amount: fen(total, ashare),
                        total_orders: part(orders, ashare),
                        carts: part(carts, share),
                        ..row.clone()
                    });
                }
            }
            out.push(row);
        }
    }
    out
}
