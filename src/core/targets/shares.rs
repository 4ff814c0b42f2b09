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

/// Split `whole` over parts with typed shares `t`: typed shares first (their basis points of the whole; more than
/// 100% in all: as weights), the rest by `history` (all zero: evenly). Every figure of the
/// parts adds up to the whole's exactly.
fn split_level(whole: &Whole, t: &[Option<u32>], history: &[i64]) -> (Vec<Whole>, bool) {
    let n = t.len();
    if n == 0 || history.len() != n {
        return (vec![Whole::default(); n], false);
    }
    let typed_sum: u64 = t.iter().flatten().map(|v| u64::from(*v)).sum();
    let free: Vec<usize> = (0..n).filter(|i| t[*i].is_none()).collect();
    let over = typed_sum > 10_000;
    // weights over the parts, in units where the whole is 10,000 × Σ history (or × free count)
    let weights: Vec<u64> = if over || free.is_empty() {
        t.iter().map(|v| u64::from(v.unwrap_or(0))).collect()
    } else {
        let rest: u64 = 10_000 - typed_sum;
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

/// The inputs of a split: the catalog's items, last year's and this year's sales per item.
pub struct SplitInputs<'a> {
    pub items: &'a [Item],
    pub last_year: &'a HashMap<String, [i64; MONTHS]>,
    pub this_year: &'a HashMap<String, [i64; MONTHS]>,
    /// The as-of day of attainment (the last imported day); none: nothing to date.
    pub asof: Option<Day>,
}

/// The catalog's categories (in catalog order; a blank category is the empty key), each item's
/// category index, and each item's and category's month sums, looked up once.
struct Prepared {
    categories: Vec<String>,
    item_cat: Vec<usize>,
    item_last: Vec<[i64; MONTHS]>,
    item_this: Vec<[i64; MONTHS]>,
    cat_last: Vec<[i64; MONTHS]>,
    cat_this: Vec<[i64; MONTHS]>,
}

fn prepare(inputs: &SplitInputs) -> Prepared {
    let mut categories: Vec<String> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut item_cat = Vec::with_capacity(inputs.items.len());
    for it in inputs.items {
        let i = *index.entry(it.category.as_str()).or_insert_with(|| {
            categories.push(it.category.clone());
            categories.len() - 1
        });
        item_cat.push(i);
    }
    let look = |m: &HashMap<String, [i64; MONTHS]>| -> Vec<[i64; MONTHS]> {
        inputs
            .items
            .iter()
            .map(|it| m.get(&it.key).copied().unwrap_or([0; MONTHS]))
            .collect()
    };
    let item_last = look(inputs.last_year);
    let item_this = look(inputs.this_year);
    let by_cat = |v: &[[i64; MONTHS]]| -> Vec<[i64; MONTHS]> {
        let mut out = vec![[0i64; MONTHS]; categories.len()];
        for (i, sums) in v.iter().enumerate() {
            if let Some(c) = item_cat.get(i).and_then(|c| out.get_mut(*c)) {
                for (a, b) in c.iter_mut().zip(sums) {
                    *a = a.saturating_add(*b);
                }
            }
        }
        out
    };
    let cat_last = by_cat(&item_last);
    let cat_this = by_cat(&item_this);
    Prepared {
        categories,
        item_cat,
        item_last,
        item_this,
        cat_last,
        cat_this,
    }
}

fn year_sum(v: &[i64; MONTHS]) -> i64 {
    v.iter().fold(0i64, |a, b| a.saturating_add(*b))
}

/// A level being summed over the months of a span.
struct Acc {
    parts: Vec<Part>,
    basis: Basis,
    over: bool,
    typed: Vec<Option<u32>>,
}

impl Acc {
    fn new(keys: Vec<String>, typed: Vec<Option<u32>>) -> Acc {
        Acc {
            parts: keys
                .into_iter()
                .zip(&typed)
                .map(|(key, t)| Part {
                    key,
                    typed_bp: *t,
                    ..Part::default()
                })
                .collect(),
            basis: Basis::SameMonth,
            over: false,
            typed,
        }
    }

    /// Split `whole` for month `m` by `last` (the parts' month sums last year), add it, and
    /// return each part's share of the month.
    fn month(
        &mut self,
        m: usize,
        whole: &Whole,
        last: &[&[i64; MONTHS]],
        this: &[&[i64; MONTHS]],
    ) -> Vec<Whole> {
        let same: Vec<i64> = last.iter().map(|v| v[m]).collect();
        let hist = if same.iter().any(|v| *v > 0) {
            same.clone()
        } else {
            let year: Vec<i64> = last.iter().map(|v| year_sum(v)).collect();
            if year.iter().any(|v| *v > 0) {
                self.basis = self.basis.max_with(Basis::LastYear);
                year
            } else {
                self.basis = self.basis.max_with(Basis::Even);
                vec![0; last.len()]
            }
        };
        let (ws, over) = split_level(whole, &self.typed, &hist);
        self.over |= over;
        for (i, (p, w)) in self.parts.iter_mut().zip(&ws).enumerate() {
            p.target = p.target.saturating_add(w.target);
            p.visitors = p.visitors.saturating_add(w.visitors);
            p.buyers = p.buyers.saturating_add(w.buyers);
            p.ad_budget = p.ad_budget.saturating_add(w.ad_budget);
            p.to_date = p.to_date.saturating_add(w.to_date);
            p.last_year = p.last_year.saturating_add(same[i]);
            p.actual = p.actual.saturating_add(this.get(i).map_or(0, |v| v[m]));
        }
        ws
    }

    fn level(self) -> Level {
        Level {
            parts: self.parts,
            basis: self.basis,
            over_typed: self.over,
        }
    }
}

/// Whose items a split goes down to.
#[derive(Clone, Copy)]
enum Which<'a> {
    NoItems,
    One(&'a str),
    All,
}

/// The whole split of `span`: the store's categories and every category's items — one store
/// split per month, shared by every category (see [`split`]).
pub fn split_tree(
    plan: &TargetPlan,
    span: Span,
    inputs: &SplitInputs,
) -> (Level, Vec<(String, Level)>) {
    tree(plan, span, Which::All, inputs)
}

/// The store's categories and the items of the categories in `which`.
/// Each month is split on its own (by last year's same month; without sales in it, last year's
/// whole year; without any, evenly) and the months are then added up, so a year split adds up
/// to each month's split as well as to the year.
fn tree(
    plan: &TargetPlan,
    span: Span,
    which: Which,
    inputs: &SplitInputs,
) -> (Level, Vec<(String, Level)>) {
    let pr = prepare(inputs);
    let typed_cat: HashMap<&str, u32> = plan
        .category_shares
        .iter()
        .map(|s: &Share| (s.key.as_str(), s.share_bp))
        .collect();
    let typed_item: HashMap<&str, u32> = plan
        .product_shares
        .iter()
        .map(|s| (s.key.as_str(), s.share_bp))
        .collect();
    let mut cats = Acc::new(
        pr.categories.clone(),
        pr.categories
            .iter()
            .map(|c| typed_cat.get(c.as_str()).copied())
            .collect(),
    );
    let cat_last: Vec<&[i64; MONTHS]> = pr.cat_last.iter().collect();
    let cat_this: Vec<&[i64; MONTHS]> = pr.cat_this.iter().collect();
    // the categories whose items are split, with their items' indexes
    let chosen: Vec<(usize, Vec<usize>)> = pr
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| match which {
            Which::NoItems => false,
            Which::One(w) => w == c.as_str(),
            Which::All => true,
        })
        .map(|(ci, _)| {
            (
                ci,
                (0..inputs.items.len())
                    .filter(|i| pr.item_cat.get(*i) == Some(&ci))
                    .collect(),
            )
        })
        .collect();
    let mut item_accs: Vec<Acc> = chosen
        .iter()
        .map(|(_, idx)| {
            let keys: Vec<String> = idx
                .iter()
                .filter_map(|i| inputs.items.get(*i).map(|it| it.key.clone()))
                .collect();
            // a typed item share counts only within its own category
            let typed = keys
                .iter()
                .map(|k| typed_item.get(k.as_str()).copied())
                .collect();
            Acc::new(keys, typed)
        })
        .collect();
    for m in span.months() {
        let whole = month_whole(plan, m, inputs.asof);
        let cat_wholes = cats.month(m, &whole, &cat_last, &cat_this);
        for ((ci, idx), acc) in chosen.iter().zip(item_accs.iter_mut()) {
            let w = cat_wholes.get(*ci).copied().unwrap_or_default();
            let last: Vec<&[i64; MONTHS]> =
                idx.iter().filter_map(|i| pr.item_last.get(*i)).collect();
            let this: Vec<&[i64; MONTHS]> =
                idx.iter().filter_map(|i| pr.item_this.get(*i)).collect();
            acc.month(m, &w, &last, &this);
        }
    }
    let items = chosen
        .iter()
        .zip(item_accs)
        .map(|((ci, _), acc)| {
            (
                pr.categories.get(*ci).cloned().unwrap_or_default(),
                acc.level(),
            )
        })
        .collect();
    (cats.level(), items)
}

/// Split the plan's months of `span` down one level: the store's categories (`category` none),
/// or one category's items (see [`split_tree`]).
pub fn split(plan: &TargetPlan, span: Span, category: Option<&str>, inputs: &SplitInputs) -> Level {
    match category {
        None => tree(plan, span, Which::NoItems, inputs).0,
        Some(c) => tree(plan, span, Which::One(c), inputs)
            .1
            .into_iter()
            .next()
            .map(|(_, l)| l)
            .unwrap_or(Level {
                parts: Vec::new(),
                basis: Basis::Even,
                over_typed: false,
            }),
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
