//! Down the store (类目 → 商品): a month's (or the year's) 支付金额 target split over the
//! catalog's categories and each category's items, from last year's sales of the same month or
//! from typed shares, with what each needs (visitors, buyers, ad budget) and its attainment.
//!
//! Only additive figures go down: the target, visitors, buyers and ad budget are each split so
//! that a level adds up to its parent exactly (largest remainders, `super::spread`); ratios stay
//! the month's. An item is a 商品ID (SKUs of one item share its sales); a product without one is
//! its own item.

use super::{month_needs, month_to_date, spread, MONTHS};
use crate::core::metrics::period::date_of;
use crate::core::metrics::MetricsStore;
use crate::model::metrics::Day;
use crate::model::{Product, ProductRole, Share, TargetPlan};
use chrono::Datelike;
use std::collections::HashMap;

/// An item of the catalog as the split sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// 商品ID, or the product's id when it has none.
    pub key: String,
    /// The first live product's title.
    pub title: String,
    pub category: String,
    pub role: ProductRole,
}

/// The live catalog's items, in catalog order: products sharing a 商品ID are one item (the
/// first one's title, category and role).
pub fn items_of(products: &[Product]) -> Vec<Item> {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut out = Vec::new();
    for p in products.iter().filter(|p| !p.meta.deleted) {
        let key = if p.item_id.is_empty() {
            p.meta.id.as_str()
        } else {
            p.item_id.as_str()
        };
        if seen.insert(key, ()).is_none() {
            out.push(Item {
                key: key.to_string(),
                title: p.title.clone(),
                category: p.category.trim().to_string(),
                role: p.role,
            });
        }
    }
    out
}

/// Each item's 支付金额 by month of `year` (imported product days), keyed by 商品ID; days after
/// `upto` (when given) are left out.
pub fn item_months(
    metrics: &MetricsStore,
    year: i32,
    upto: Option<Day>,
) -> HashMap<String, [i64; MONTHS]> {
    let mut out: HashMap<String, [i64; MONTHS]> = HashMap::new();
    for (item, days) in metrics.products() {
        let mut sums = [0i64; MONTHS];
        let mut any = false;
        for d in days.iter().filter(|d| upto.is_none_or(|u| d.day <= u)) {
            let Some(date) = date_of(d.day) else { continue };
            if date.year() == year {
                if let Some(s) = sums.get_mut(date.month0() as usize) {
                    *s = s.saturating_add(d.paid_amount.0);
                    any = true;
                }
            }
        }
        if any {
            out.insert(item.to_string(), sums);
        }
    }
    out
}

/// Where a level's shares come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Last year's sales of the same month(s).
    SameMonth,
    /// Last year's sales of the whole year (the month itself had none).
    LastYear,
    /// No sales last year: the untyped parts are split evenly.
    Even,
}

/// One part of a level: a category or an item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Part {
    pub key: String,
    /// The typed share, if any (basis points).
    pub typed_bp: Option<u32>,
    /// Last year's 支付金额 of the same period.
    pub last_year: i64,
    pub target: i64,
    pub visitors: i64,
    pub buyers: i64,
    pub ad_budget: i64,
    /// This year's 支付金额 so far in the period.
    pub actual: i64,
    /// The part's target up to the as-of day (its share of the period's target to date).
    pub to_date: i64,
}

impl Part {
    /// Share of the level's target, basis points (rounded half up); none for an empty level.
    pub fn share_bp(&self, total: i64) -> Option<i64> {
        (total > 0).then(|| {
            ((i128::from(self.target) * 10_000 + i128::from(total) / 2) / i128::from(total)) as i64
        })
    }

    /// 完成率 to date, basis points; none before the period starts.
    pub fn rate_bp(&self) -> Option<i64> {
        (self.to_date > 0).then(|| {
            ((i128::from(self.actual) * 10_000 + i128::from(self.to_date) / 2)
                / i128::from(self.to_date)) as i64
        })
    }
}

/// A level split: its parts and where the untyped shares came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub parts: Vec<Part>,
    pub basis: Basis,
    /// The typed shares add up to more than 100%: they were used as weights.
    pub over_typed: bool,
}

/// The figures a level splits: the parent's target, its needs and its target to date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Whole {
    pub target: i64,
    pub visitors: i64,
    pub buyers: i64,
    pub ad_budget: i64,
    pub to_date: i64,
}

/// The months a split covers: one month (0 = January) or the whole year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Month(usize),
    Year,
}

impl Span {
    fn months(self) -> std::ops::Range<usize> {
        match self {
            Span::Month(m) => m.min(MONTHS)..(m + 1).min(MONTHS),
            Span::Year => 0..MONTHS,
        }
    }
}

/// The plan's figures for a month, with its target to date on `asof` (days after the month:
/// all of it; before: none).
fn month_whole(plan: &TargetPlan, m: usize, asof: Option<Day>) -> Whole {
    let n = month_needs(plan, m, None);
    let days = super::days_in_month(plan.year, m);
    let dom = asof.and_then(date_of).map_or(0, |d| {
        let (y, mo) = (d.year(), d.month0() as usize);
        if y > plan.year || (y == plan.year && mo > m) {
            days
        } else if y == plan.year && mo == m {
            d.day()
        } else {
            0
        }
    });
    Whole {
        target: n.gmv.0,
        visitors: i64::try_from(n.visitors).unwrap_or(i64::MAX),
        buyers: i64::try_from(n.buyers).unwrap_or(i64::MAX),
        ad_budget: n.ad_budget.0,
        to_date: month_to_date(plan, m, dom),
    }
}

/// Split `whole` over `keys`: typed shares first (their basis points of the whole; more than
/// 100% in all: as weights), the rest by `history` (all zero: evenly). Every figure of the
/// parts adds up to the whole's exactly.
fn split_level(
    whole: &Whole,
    keys: &[String],
    typed: &HashMap<&str, u32>,
    history: &[i64],
) -> (Vec<Whole>, bool) {
    let n = keys.len();
    if n == 0 {
        return (Vec::new(), false);
    }
    let t: Vec<Option<u32>> = keys
        .iter()
        .map(|k| typed.get(k.as_str()).copied())
        .collect();
    let typed_sum: u64 = t.iter().flatten().map(|v| u64::from(*v)).sum();
    let free: Vec<usize> = (0..n).filter(|i| t[*i].is_none()).collect();
    let over = typed_sum > 10_000;
    // weights over the parts, in units where the whole is 10,000 × Σ history (or × free count)
    let weights: Vec<u64> = if over || free.is_empty() {
        t.iter().map(|v| u64::from(v.unwrap_or(0))).collect()
    } else {
        let rest = 10_000 - typed_sum;
        let hist_sum: u64 = free.iter().map(|i| history[*i].max(0) as u64).sum();
        // scale so that the typed parts keep exactly their basis points of the whole
        let unit = if hist_sum > 0 {
            hist_sum
        } else {
            free.len() as u64
        };
        (0..n)
            .map(|i| match t[i] {
                Some(v) => u64::from(v).saturating_mul(unit),
                None if hist_sum > 0 => rest.saturating_mul(history[i].max(0) as u64),
                None => rest,
            })
            .collect()
    };
    let weights = if weights.iter().all(|w| *w == 0) {
        vec![1; n]
    } else {
        weights
    };
    let target = spread(whole.target, &weights);
    let by_target: Vec<u64> = target.iter().map(|v| (*v).max(0) as u64).collect();
    let by = if by_target.iter().all(|w| *w == 0) {
        weights.clone()
    } else {
        by_target
    };
    let visitors = spread(whole.visitors, &by);
    let buyers = spread(whole.buyers, &by);
    let ad = spread(whole.ad_budget, &by);
    let to_date = spread(whole.to_date, &by);
    let parts = (0..n)
        .map(|i| Whole {
            target: target[i],
            visitors: visitors[i],
            buyers: buyers[i],
            ad_budget: ad[i],
            to_date: to_date[i],
        })
        .collect();
    (parts, over)
}

/// Sales by the level's keys of months `span`, from per-item month sums.
fn sums_by<'a>(
    keys: &[String],
    items: impl Iterator<Item = (&'a str, &'a String)>,
    sums: &HashMap<String, [i64; MONTHS]>,
    span: std::ops::Range<usize>,
) -> Vec<i64> {
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut out = vec![0i64; keys.len()];
    for (item, key) in items {
        if let (Some(i), Some(s)) = (index.get(key.as_str()), sums.get(item)) {
            let v: i64 = s
                .get(span.clone())
                .map_or(0, |x| x.iter().fold(0i64, |a, b| a.saturating_add(*b)));
            out[*i] = out[*i].saturating_add(v);
        }
    }
    out
}

/// The inputs of a split: the catalog's items, last year's and this year's sales per item.
pub struct SplitInputs<'a> {
    pub items: &'a [Item],
    pub last_year: &'a HashMap<String, [i64; MONTHS]>,
    pub this_year: &'a HashMap<String, [i64; MONTHS]>,
    /// The as-of day of attainment (the last imported day); none: nothing to date.
    pub asof: Option<Day>,
}

/// The catalog's categories (in catalog order; a blank category is the empty key), or the items
/// of `category` when given.
fn level_keys(items: &[Item], category: Option<&str>) -> Vec<String> {
    match category {
        None => {
            let mut keys: Vec<String> = Vec::new();
            for it in items {
                if !keys.contains(&it.category) {
                    keys.push(it.category.clone());
                }
            }
            keys
        }
        Some(c) => items
            .iter()
            .filter(|it| it.category == c)
            .map(|it| it.key.clone())
            .collect(),
    }
}

/// Split the plan's months of `span` down one level: the store's categories (`category` none),
/// or one category's items. Each month is split on its own (by last year's same month; without
/// sales in it, last year's whole year; without any, evenly) and the months are then added up,
/// so a year split adds up to each month's split as well as to the year.
pub fn split(plan: &TargetPlan, span: Span, category: Option<&str>, inputs: &SplitInputs) -> Level {
    let keys = level_keys(inputs.items, category);
    let typed: HashMap<&str, u32> = match category {
        None => plan
            .category_shares
            .iter()
            .map(|s: &Share| (s.key.as_str(), s.share_bp))
            .collect(),
        Some(_) => plan
            .product_shares
            .iter()
            .filter(|s| keys.contains(&s.key))
            .map(|s| (s.key.as_str(), s.share_bp))
            .collect(),
    };
    // which key each item adds to
    let key_of: Vec<(&str, &String)> = inputs
        .items
        .iter()
        .filter(|it| category.is_none_or(|c| it.category == c))
        .map(|it| {
            (
                it.key.as_str(),
                if category.is_some() {
                    &it.key
                } else {
                    &it.category
                },
            )
        })
        .collect();
    // a category's whole is its own split of the month; the store's is the month's figures
    let mut parts: Vec<Part> = keys
        .iter()
        .map(|k| Part {
            key: k.clone(),
            typed_bp: typed.get(k.as_str()).copied(),
            last_year: 0,
            target: 0,
            visitors: 0,
            buyers: 0,
            ad_budget: 0,
            actual: 0,
            to_date: 0,
        })
        .collect();
    let year_hist = sums_by(&keys, key_of.iter().copied(), inputs.last_year, 0..MONTHS);
    let mut basis = Basis::SameMonth;
    let mut over = false;
    for m in span.months() {
        let month = month_whole(plan, m, inputs.asof);
        let whole = match category {
            None => month,
            Some(c) => {
                let store = split(plan, Span::Month(m), None, inputs);
                store
                    .parts
                    .iter()
                    .find(|p| p.key == c)
                    .map(|p| Whole {
                        target: p.target,
                        visitors: p.visitors,
                        buyers: p.buyers,
                        ad_budget: p.ad_budget,
                        to_date: p.to_date,
                    })
                    .unwrap_or_default()
            }
        };
        let same = sums_by(&keys, key_of.iter().copied(), inputs.last_year, m..m + 1);
        let hist = if same.iter().any(|v| *v > 0) {
            same.clone()
        } else if year_hist.iter().any(|v| *v > 0) {
            basis = basis.max_with(Basis::LastYear);
            year_hist.clone()
        } else {
            basis = basis.max_with(Basis::Even);
            vec![0; keys.len()]
        };
        let (ws, o) = split_level(&whole, &keys, &typed, &hist);
        over |= o;
        let actual = sums_by(&keys, key_of.iter().copied(), inputs.this_year, m..m + 1);
        for (i, w) in ws.iter().enumerate() {
            let p = &mut parts[i];
            p.target = p.target.saturating_add(w.target);
            p.visitors = p.visitors.saturating_add(w.visitors);
            p.buyers = p.buyers.saturating_add(w.buyers);
            p.ad_budget = p.ad_budget.saturating_add(w.ad_budget);
            p.to_date = p.to_date.saturating_add(w.to_date);
            p.last_year = p.last_year.saturating_add(same[i]);
            p.actual = p.actual.saturating_add(actual[i]);
        }
    }
    Level {
        parts,
        basis,
        over_typed: over,
    }
}

impl Basis {
    /// The weaker of two bases (a year split says the least any of its months had).
    fn max_with(self, o: Basis) -> Basis {
        let rank = |b: Basis| match b {
            Basis::SameMonth => 0,
            Basis::LastYear => 1,
            Basis::Even => 2,
        };
        if rank(o) > rank(self) {
            o
        } else {
            self
        }
    }
}

/// Why a typed share was refused; the plan is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not a percentage with at most two decimals between 0 and 100.
    NotAPercent,
    /// The level's typed shares would add up to more than 100% (`others` are the rest's).
    OverWhole { others_bp: u32 },
}

/// Type (or clear, `None`) the share of `key` at a level: the categories (`category_keys`
/// none) or the items of one category (their keys). Refused when the level's typed shares would
/// pass 100%.
pub fn set_share(
    plan: &mut TargetPlan,
    key: &str,
    share_bp: Option<u32>,
    siblings: Option<&[String]>,
) -> Result<(), ShareError> {
    if share_bp.is_some_and(|v| v > 10_000) {
        return Err(ShareError::NotAPercent);
    }
    let list = if siblings.is_none() {
        &mut plan.category_shares
    } else {
        &mut plan.product_shares
    };
    if let Some(v) = share_bp {
        let others: u64 = list
            .iter()
            .filter(|s| s.key != key && siblings.is_none_or(|k| k.contains(&s.key)))
            .map(|s| u64::from(s.share_bp))
            .sum();
        if others + u64::from(v) > 10_000 {
            return Err(ShareError::OverWhole {
                others_bp: others.min(10_000) as u32,
            });
        }
    }
    list.retain(|s| s.key != key);
    if let Some(v) = share_bp {
        list.push(Share {
            key: key.to_string(),
            share_bp: v,
        });
        list.sort_by(|a, b| a.key.cmp(&b.key));
    }
    Ok(())
}
