//! The totals of an import file beside what is stored for the same days, so an operator can check
//! the file against 生意参谋's 合计 and see what the import will replace before applying it.
//!
//! Only additive facts are summed (counts and amounts); ratios are never added up. "Stored" is
//! every stored row of the same kind on a day the file has (all products, all ad plans).

use super::store::MetricsStore;
use crate::model::metrics::{AdDay, Day, ProductDay, StoreDay};
use crate::model::Fen;
use std::collections::BTreeSet;

/// A fact summed over the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TotalMetric {
    Visitors,
    PayingBuyers,
    PaidUnits,
    PaidAmount,
    RefundAmount,
    Impressions,
    Clicks,
    Spend,
    /// 总成交金额 of ad reports.
    AdSales,
}

/// A sum: people or units, or money in fen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    Count(u64),
    Money(Fen),
}

/// One line of the comparison: the file's sum and the stored sum on the file's days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TotalRow {
    pub metric: TotalMetric,
    pub file: Amount,
    pub stored: Amount,
}

/// What store and product files are summed by.
const STORE: [TotalMetric; 5] = [
    TotalMetric::Visitors,
    TotalMetric::PayingBuyers,
    TotalMetric::PaidUnits,
    TotalMetric::PaidAmount,
    TotalMetric::RefundAmount,
];
const ADS: [TotalMetric; 4] = [
    TotalMetric::Impressions,
    TotalMetric::Clicks,
    TotalMetric::Spend,
    TotalMetric::AdSales,
];

/// The facts a store day and a product day both have, by metric.
fn day_value(
    m: TotalMetric,
    visitors: u64,
    buyers: u64,
    units: u64,
    paid: Fen,
    refunds: Fen,
) -> Amount {
    match m {
        TotalMetric::Visitors => Amount::Count(visitors),
        TotalMetric::PayingBuyers => Amount::Count(buyers),
        TotalMetric::PaidUnits => Amount::Count(units),
        TotalMetric::PaidAmount => Amount::Money(paid),
        TotalMetric::RefundAmount => Amount::Money(refunds),
        _ => Amount::Count(0),
    }
}

fn store_value(d: &StoreDay, m: TotalMetric) -> Amount {
    day_value(
        m,
        d.visitors,
        d.paying_buyers,
        d.paid_units,
        d.paid_amount,
        d.refund_amount,
    )
}

fn product_value(d: &ProductDay, m: TotalMetric) -> Amount {
    day_value(
        m,
        d.visitors,
        d.paying_buyers,
        d.paid_units,
        d.paid_amount,
        d.refund_amount,
    )
}

fn ad_value(d: &AdDay, m: TotalMetric) -> Amount {
    match m {
        TotalMetric::Impressions => Amount::Count(d.impressions),
        TotalMetric::Clicks => Amount::Count(d.clicks),
        TotalMetric::Spend => Amount::Money(d.spend),
        TotalMetric::AdSales => Amount::Money(d.total_amount),
        _ => Amount::Count(0),
    }
}

fn add(a: Amount, b: Amount) -> Amount {
    match (a, b) {
        (Amount::Count(x), Amount::Count(y)) => Amount::Count(x.saturating_add(y)),
        (Amount::Money(x), Amount::Money(y)) => Amount::Money(Fen(x.0.saturating_add(y.0))),
        (x, _) => x,
    }
}

fn zero(m: TotalMetric) -> Amount {
    match m {
        TotalMetric::PaidAmount
        | TotalMetric::RefundAmount
        | TotalMetric::Spend
        | TotalMetric::AdSales => Amount::Money(Fen(0)),
        _ => Amount::Count(0),
    }
}

fn sums<'a, T: 'a>(
    metrics: &[TotalMetric],
    rows: impl Iterator<Item = &'a T> + Clone,
    value: impl Fn(&T, TotalMetric) -> Amount,
) -> Vec<Amount> {
    metrics
        .iter()
        .map(|&m| rows.clone().fold(zero(m), |acc, r| add(acc, value(r, m))))
        .collect()
}

fn rows_of(metrics: &[TotalMetric], file: Vec<Amount>, stored: Vec<Amount>) -> Vec<TotalRow> {
    metrics
        .iter()
        .zip(file.into_iter().zip(stored))
        .map(|(&metric, (file, stored))| TotalRow {
            metric,
            file,
            stored,
        })
        .collect()
}

/// The file's sums for the facts of its kind (store rows, product rows, ad rows: whichever it
/// has), each beside the sum of what `stored` holds of that kind on the file's days.
pub fn file_totals(
    store: &[StoreDay],
    products: &[ProductDay],
    ads: &[AdDay],
    stored: &MetricsStore,
) -> Vec<TotalRow> {
    let mut out = Vec::new();
    if !store.is_empty() {
        let days: BTreeSet<Day> = store.iter().map(|d| d.day).collect();
        let held = stored.store_days().iter().filter(|d| days.contains(&d.day));
        out.extend(rows_of(
            &STORE,
            sums(&STORE, store.iter(), store_value),
            sums(&STORE, held, store_value),
        ));
    }
    if !products.is_empty() {
        let days: BTreeSet<Day> = products.iter().map(|d| d.day).collect();
        let held: Vec<&ProductDay> = stored
            .products()
            .flat_map(|(_, rows)| rows.iter())
            .filter(|d| days.contains(&d.day))
            .collect();
        out.extend(rows_of(
            &STORE,
            sums(&STORE, products.iter(), product_value),
            sums(&STORE, held.iter().copied(), product_value),
        ));
    }
    if !ads.is_empty() {
        let days: BTreeSet<Day> = ads.iter().map(|d| d.day).collect();
        let held = stored.ads().iter().filter(|d| days.contains(&d.day));
        out.extend(rows_of(
            &ADS,
            sums(&ADS, ads.iter(), ad_value),
            sums(&ADS, held, ad_value),
        ));
    }
    out
}
