//! 售后 (issue 17 §2): refund rate by product and by reason, the monthly trend, and the quality
//! feedback for the director — the products whose quality-related refunds (质量问题, 描述不符)
//! run above the store's rate, with the reasons' counts. Refunds closed (withdrawn or refused)
//! are not counted. Rates are refunds ÷ 支付买家数 over the same days, from the imported
//! metrics; without product metrics a product is compared by the quality share of its refunds.

use crate::core::metrics::period::Period;
use crate::core::metrics::store::MetricsStore;
use crate::formats::import::values::civil_from_days;
use crate::formats::refunds::{Reason, Refund, Status};
use crate::model::metrics::Day;
use std::collections::BTreeMap;

/// Counts per reason, in [`Reason::ALL`] order.
pub type ReasonCounts = [u32; 7];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProductService {
    pub item_id: String,
    pub name: String,
    pub refunds: u32,
    pub quality: u32,
    pub amount: i64,
    pub reasons: ReasonCounts,
    /// 支付买家数 of the product in the period (metrics); 0 when none imported.
    pub buyers: u64,
    /// refunds ÷ buyers, basis points (None without buyers).
    pub rate_bp: Option<u32>,
    /// quality refunds ÷ buyers, basis points.
    pub quality_rate_bp: Option<u32>,
    /// Above the store's quality rate (or share), with at least the minimum count.
    pub flagged: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthService {
    /// (year, month)
    pub month: (i32, u32),
    pub refunds: u32,
    pub quality: u32,
    pub amount: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceView {
    pub period: Option<Period>,
    pub refunds: u32,
    pub quality: u32,
    pub amount: i64,
    pub reasons: ReasonCounts,
    /// 支付买家数 of the store in the period (metrics).
    pub buyers: u64,
    pub rate_bp: Option<u32>,
    pub quality_rate_bp: Option<u32>,
    /// quality ÷ refunds, basis points (what products are compared by without metrics).
    pub quality_share_bp: Option<u32>,
    /// By refunds, most first.
    pub products: Vec<ProductService>,
    pub months: Vec<MonthService>,
    /// Still open (not closed, not successful) in the period.
    pub open: u32,
}

fn bp(n: u64, d: u64) -> Option<u32> {
    (d > 0).then(|| {
        ((n as f64 / d as f64) * 10_000.0)
            .round()
            .min(u32::MAX as f64) as u32
    })
}

/// The service view of the refunds applied in `period` (all refunds when `None`).
/// `min_quality`: the fewest quality refunds a product needs to be flagged.
pub fn view(
    refunds: &[Refund],
    metrics: &MetricsStore,
    period: Option<Period>,
    min_quality: u32,
) -> ServiceView {
    let counted: Vec<&Refund> = refunds
        .iter()
        .filter(|r| r.status != Status::Closed)
        .filter(|r| period.is_none_or(|p| r.day >= p.from && r.day <= p.to))
        .collect();
    let span = match period {
        Some(p) => Some(p),
        None => {
            let from = counted.iter().map(|r| r.day).min();
            let to = counted.iter().map(|r| r.day).max();
            from.zip(to).map(|(from, to)| Period { from, to })
        }
    };
    let mut v = ServiceView {
        period: span,
        ..ServiceView::default()
    };
    let mut products: BTreeMap<&str, ProductService> = BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), MonthService> = BTreeMap::new();
    for r in &counted {
        let q = r.reason.is_quality();
        let ri = r.reason as usize;
        v.refunds += 1;
        v.quality += u32::from(q);
        v.amount = v.amount.saturating_add(r.amount);
        v.open += u32::from(r.status == Status::Open);
        if let Some(c) = v.reasons.get_mut(ri) {
            *c += 1;
        }
        let key = if r.item_id.is_empty() {
            r.name.as_str()
        } else {
            r.item_id.as_str()
        };
        let p = products.entry(key).or_insert_with(|| ProductService {
            item_id: r.item_id.clone(),
            name: r.name.clone(),
            ..ProductService::default()
        });
        p.refunds += 1;
        p.quality += u32::from(q);
        p.amount = p.amount.saturating_add(r.amount);
        if let Some(c) = p.reasons.get_mut(ri) {
            *c += 1;
        }
        let (y, m, _) = civil_from_days(r.day);
        let mo = months.entry((y, m)).or_insert_with(|| MonthService {
            month: (y, m),
            ..MonthService::default()
        });
        mo.refunds += 1;
        mo.quality += u32::from(q);
        mo.amount = mo.amount.saturating_add(r.amount);
    }
    if let Some(p) = span {
        v.buyers = metrics.store_range(p).iter().map(|d| d.paying_buyers).sum();
    }
    v.rate_bp = bp(u64::from(v.refunds), v.buyers);
    v.quality_rate_bp = bp(u64::from(v.quality), v.buyers);
    v.quality_share_bp = bp(u64::from(v.quality), u64::from(v.refunds));
    let mut list: Vec<ProductService> = products.into_values().collect();
    for p in &mut list {
        if let (Some(span), false) = (span, p.item_id.is_empty()) {
            p.buyers = metrics
                .product_range(&p.item_id, span)
                .iter()
                .map(|d| d.paying_buyers)
                .sum();
        }
        p.rate_bp = bp(u64::from(p.refunds), p.buyers);
        p.quality_rate_bp = bp(u64::from(p.quality), p.buyers);
        let above = match (p.quality_rate_bp, v.quality_rate_bp) {
            (Some(mine), Some(store)) => mine > store,
            // no buyers for this product or the store: compare the quality share of refunds
            _ => bp(u64::from(p.quality), u64::from(p.refunds)) > v.quality_share_bp,
        };
        p.flagged = p.quality >= min_quality.max(1) && above;
    }
    list.sort_by(|a, b| {
        b.refunds
            .cmp(&a.refunds)
            .then(b.amount.cmp(&a.amount))
            .then(a.item_id.cmp(&b.item_id))
    });
    v.products = list;
    v.months = months.into_values().collect();
    v
}

/// The last `days` days up to the latest refund (`None` when there is none).
pub fn last_days(refunds: &[Refund], days: i32) -> Option<Period> {
    let to: Day = refunds.iter().map(|r| r.day).max()?;
    Some(Period {
        from: to - (days - 1).max(0),
        to,
    })
}

/// The reasons of a product as text: `质量问题 3 · 尺码不符 1` (names from `name`).
pub fn reasons_text(counts: &ReasonCounts, name: impl Fn(Reason) -> &'static str) -> String {
    Reason::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(r, n)| format!("{} {n}", name(*r)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Typed complaints over a period (all of them when `period` is None).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComplaintView {
    pub total: u32,
    /// Not yet handled.
    pub open: u32,
    pub reasons: ReasonCounts,
    /// (商品ID, complaints, quality complaints), most complaints first; complaints without a
    /// product are not listed here.
    pub products: Vec<(String, u32, u32)>,
}

/// Counts of the live complaints in `period`, by reason and by product.
pub fn complaints_view(list: &[crate::model::Complaint], period: Option<Period>) -> ComplaintView {
    let mut v = ComplaintView::default();
    let mut by_item: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for c in list.iter().filter(|c| !c.meta.deleted) {
        let d = crate::core::metrics::period::day_of(c.day);
        if period.is_some_and(|p| d < p.from || d > p.to) {
            continue;
        }
        let reason = Reason::from_key(&c.reason).unwrap_or(Reason::Other);
        v.total += 1;
        v.open += u32::from(!c.done);
        v.reasons[reason.code() as usize] += 1;
        if !c.item_id.is_empty() {
            let e = by_item.entry(c.item_id.as_str()).or_default();
            e.0 += 1;
            e.1 += u32::from(reason.is_quality());
        }
    }
    v.products = by_item
        .into_iter()
        .map(|(k, (n, q))| (k.to_string(), n, q))
        .collect();
    v.products
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
