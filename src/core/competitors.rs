//! 竞品 (issue 17 §1): competitor items matched to our SKUs, their dated snapshots, and what they
//! say against us: per matched pair and snapshot day, the competitor's price against our 到手价
//! that day (one unit, the promotions in force stacked by `promo::stack`, the list price in force
//! from the product's price history), the price gap, monthly sales against our paid units of the
//! 30 days to that day (imported metrics), and an alert when the competitor's latest price is
//! below ours. Also the competitor log's reader (CSV: 日期, 竞品店铺, 商品/SPU, 价格, 销售量, 收藏,
//! 活动名称, 我方SKU) and the plan of an import (which items and snapshots are new or changed).
//! Pure; never panics; errors are values without text.

use crate::core::metrics::period::{day_of, Period};
use crate::core::metrics::store::MetricsStore;
use crate::core::promo::stack::{in_force, simulate_with, Cart};
use crate::formats::import::values::{clean, parse_count, parse_day, parse_money};
use crate::formats::import::{header_key, Table};
use crate::model::competitor::{item_id, CompKind, CompetitorEntry, MAX_COUNT, MAX_NAME, MAX_NOTE};
use crate::model::{Fen, Product, Promotion, Record, StoreWideBase};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Our 到手价 for one unit of `product` on `day`: the list price in force that day (the price
/// history's point in force; the current list price from the last point on) with the promotions
/// whose prices are in force that day stacked. None when the stack cannot price it.
pub fn our_price(
    product: &Product,
    promos: &[Promotion],
    day: NaiveDate,
    base: StoreWideBase,
) -> Option<Fen> {
    let mut p = product.clone();
    let mut pts = product.price_history.clone();
    pts.sort_by_key(|x| x.date);
    p.list_price = match pts.iter().rposition(|x| x.date <= day) {
        Some(i) if i + 1 < pts.len() => pts[i].price,
        Some(_) => product.list_price,
        None => pts.first().map_or(product.list_price, |x| x.price),
    };
    let live = in_force(promos, day);
    let sim = simulate_with(
        &Cart::of(&[(product.id(), 1)]),
        std::slice::from_ref(&p),
        &live,
        base,
    );
    sim.lines.first().and_then(|l| l.paid_unit())
}

/// Our paid units (支付件数) of the 30 days to `day`, from the imported product metrics; None
/// without an item id or without any imported day of the product in that window.
pub fn our_units_30(metrics: &MetricsStore, item_id: &str, day: NaiveDate) -> Option<u64> {
    if item_id.is_empty() {
        return None;
    }
    let to = day_of(day);
    let rows = metrics.product_range(item_id, Period::new(to.saturating_sub(29), to));
    (!rows.is_empty()).then(|| rows.iter().map(|r| r.paid_units).sum())
}

/// One snapshot of a pair.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub day: NaiveDate,
    /// The competitor's price (None: not noted).
    pub price: Option<Fen>,
    /// Ours that day (None: not matched or not priced).
    pub ours: Option<Fen>,
    /// Competitor − ours, fen (negative: they are cheaper).
    pub gap: Option<i64>,
    pub sales: Option<u64>,
    pub our_units: Option<u64>,
    /// Competitor's monthly sales − our units of the 30 days.
    pub sales_gap: Option<i64>,
    pub favs: Option<u64>,
    pub activity: String,
}

/// A competitor item with its snapshots, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub item: CompetitorEntry,
    /// Our product's SKU and title (when matched and still there).
    pub ours: Option<(String, String)>,
    pub points: Vec<Point>,
    /// The latest snapshot's price is below ours that day.
    pub below: bool,
    /// ... and the snapshot before it was not (the price dropped below ours).
    pub dropped: bool,
}

impl Pair {
    pub fn latest(&self) -> Option<&Point> {
        self.points.last()
    }
}

/// Every live item with its live snapshots, items by store then name.
pub fn pairs(
    entries: &[CompetitorEntry],
    products: &[Product],
    promos: &[Promotion],
    metrics: &MetricsStore,
    base: StoreWideBase,
) -> Vec<Pair> {
    let live = |e: &&CompetitorEntry| !e.meta.deleted;
    let mut snaps: HashMap<&str, Vec<&CompetitorEntry>> = HashMap::new();
    for s in entries
        .iter()
        .filter(live)
        .filter(|e| e.entry == CompKind::Snap)
    {
        snaps.entry(s.item.as_str()).or_default().push(s);
    }
    let mut items: Vec<&CompetitorEntry> = entries
        .iter()
        .filter(live)
        .filter(|e| e.entry == CompKind::Item)
        .collect();
    items.sort_by(|a, b| (&a.store, &a.name, a.id()).cmp(&(&b.store, &b.name, b.id())));
    items
        .into_iter()
        .map(|item| {
            let product = products
                .iter()
                .find(|p| !p.meta.deleted && !item.product.is_empty() && p.id() == item.product);
            let mut list = snaps.remove(item.id()).unwrap_or_default();
            list.sort_by_key(|s| s.day);
            let points: Vec<Point> = list
                .iter()
                .filter_map(|s| {
                    let day = s.day?;
                    let price = (s.price.0 > 0).then_some(s.price);
                    let ours = product.and_then(|p| our_price(p, promos, day, base));
                    let our_units = product.and_then(|p| our_units_30(metrics, &p.item_id, day));
                    Some(Point {
                        day,
                        price,
                        ours,
                        gap: price.zip(ours).map(|(c, o)| c.0 - o.0),
                        sales: s.sales,
                        our_units,
                        sales_gap: s.sales.zip(our_units).map(|(c, o)| {
                            i64::try_from(c).unwrap_or(i64::MAX)
                                - i64::try_from(o).unwrap_or(i64::MAX)
                        }),
                        favs: s.favs,
                        activity: s.note.clone(),
                    })
                })
                .collect();
            let priced: Vec<&Point> = points.iter().filter(|p| p.gap.is_some()).collect();
            let below = priced.last().is_some_and(|p| p.gap.is_some_and(|g| g < 0));
            let dropped = below
                && priced
                    .len()
                    .checked_sub(2)
                    .and_then(|i| priced.get(i))
                    .is_some_and(|p| p.gap.is_some_and(|g| g >= 0));
            Pair {
                item: item.clone(),
                ours: product.map(|p| (p.sku.clone(), p.title.clone())),
                points,
                below,
                dropped,
            }
        })
        .collect()
}

// ----- the competitor log's reader -----

const HEADER_SCAN: usize = 30;
/// At most this many bad rows are listed (all are counted).
pub const MAX_LISTED: usize = 50;

/// One row of a competitor log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogRow {
    /// The row's number in the file (1-based, as a spreadsheet shows it).
    pub row: usize,
    pub day: NaiveDate,
    pub store: String,
    pub name: String,
    pub link: String,
    /// Our SKU (or 商品ID) it is compared with, as written.
    pub ours: String,
    pub price: Fen,
    pub sales: Option<u64>,
    pub favs: Option<u64>,
    pub activity: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    BadDate { row: usize },
    BadPrice { row: usize },
    BadCount { row: usize },
    NoName { row: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogError {
    /// No row names a date, an item and a price.
    NoHeader,
    BadRows {
        listed: Vec<RowProblem>,
        total: usize,
    },
    NoRows,
}

struct Cols {
    header: usize,
    day: usize,
    name: usize,
    price: usize,
    store: Option<usize>,
    sku: Option<usize>,
    link: Option<usize>,
    ours: Option<usize>,
    sales: Option<usize>,
    favs: Option<usize>,
    activity: Option<usize>,
}

fn columns(table: &Table) -> Option<Cols> {
    for (i, row) in table.rows().take(HEADER_SCAN).enumerate() {
        let names: Vec<String> = row.iter().map(header_key).collect();
        let find = |alts: &[&str]| alts.iter().find_map(|a| names.iter().position(|n| n == a));
        let (Some(day), Some(name), Some(price)) = (
            find(&["日期", "统计日期", "记录日期"]),
            find(&[
                "竞品",
                "竞品名称",
                "商品",
                "商品名称",
                "宝贝名称",
                "spu",
                "竞品商品",
            ]),
            find(&["价格", "到手价", "售价", "竞品价格", "券后价"]),
        ) else {
            continue;
        };
        return Some(Cols {
            header: i,
            day,
            name,
            price,
            store: find(&["竞品店铺", "店铺", "店铺名称"]),
            sku: find(&["sku", "竞品sku"]),
            link: find(&["链接", "商品链接", "竞品链接"]),
            ours: find(&["我方sku", "对标sku", "本店sku", "我方商品id", "对标商品"]),
            sales: find(&["销售量", "月销量", "月销", "销量"]),
            favs: find(&["收藏", "收藏人数", "收藏数"]),
            activity: find(&["活动名称", "活动", "促销活动"]),
        });
    }
    None
}

/// A field of the competitor log, as the import preview names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogField {
    Day,
    Store,
    Name,
    Sku,
    Link,
    Ours,
    Price,
    Sales,
    Favs,
    Activity,
}

/// The import preview's mapping: which column each field is read from (the field and the header
/// as the file writes it, in the file's column order) and the headers that are not read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub read: Vec<(LogField, String)>,
    pub unread: Vec<String>,
}

/// The file's [`ColumnMap`]; `None` without a header row.
pub fn column_map(table: &Table) -> Option<ColumnMap> {
    let c = columns(table)?;
    let head = table.row(c.header)?;
    let fields = [
        (Some(c.day), LogField::Day),
        (c.store, LogField::Store),
        (Some(c.name), LogField::Name),
        (c.sku, LogField::Sku),
        (c.link, LogField::Link),
        (c.ours, LogField::Ours),
        (Some(c.price), LogField::Price),
        (c.sales, LogField::Sales),
        (c.favs, LogField::Favs),
        (c.activity, LogField::Activity),
    ];
    let mut read = Vec::new();
    let mut unread = Vec::new();
    for (i, h) in head.iter().enumerate() {
        let h = clean(h).to_string();
        match fields.iter().find(|(k, _)| *k == Some(i)) {
            Some((_, f)) => read.push((*f, h)),
            None if !h.is_empty() => unread.push(h),
            None => {}
        }
    }
    Some(ColumnMap { read, unread })
}

fn cut(s: &str, n: usize) -> String {
    clean(s)
        .chars()
        .filter(|c| !c.is_control())
        .take(n)
        .collect()
}

/// Reads a competitor log (see the module). All-or-nothing: any bad row refuses the file.
pub fn parse(table: &Table) -> Result<Vec<LogRow>, LogError> {
    let c = columns(table).ok_or(LogError::NoHeader)?;
    let mut out = Vec::new();
    let mut listed = Vec::new();
    let mut bad = 0usize;
    let mut problem = |p: RowProblem, listed: &mut Vec<RowProblem>| {
        bad += 1;
        if listed.len() < MAX_LISTED {
            listed.push(p);
        }
    };
    for (i, r) in table.rows().enumerate().skip(c.header + 1) {
        let row = i + 1;
        let get = |k: Option<usize>| k.and_then(|k| r.get(k)).unwrap_or("");
        let raw_name = get(Some(c.name));
        let raw_day = get(Some(c.day));
        if r.iter().all(|x| clean(x).is_empty()) {
            continue;
        }
        let key = header_key(raw_day);
        if ["合计", "总计", "汇总", "小计"]
            .iter()
            .any(|t| key.starts_with(t))
        {
            continue;
        }
        let day = match parse_day(raw_day) {
            Ok(Some(d)) => crate::core::metrics::period::date_of(d)
                .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d))),
            _ => None,
        };
        let Some(day) = day else {
            problem(RowProblem::BadDate { row }, &mut listed);
            continue;
        };
        let mut name = cut(raw_name, MAX_NAME);
        let sku = cut(get(c.sku), 40);
        if !sku.is_empty() && !name.contains(&sku) {
            name = cut(&format!("{name} {sku}"), MAX_NAME);
        }
        if name.trim().is_empty() {
            problem(RowProblem::NoName { row }, &mut listed);
            continue;
        }
        let price = match parse_money(get(Some(c.price))) {
            Ok(Some(f)) if f > 0 && f <= crate::model::money::MAX_FEN => Fen(f),
            _ => {
                problem(RowProblem::BadPrice { row }, &mut listed);
                continue;
            }
        };
        let count = |k: Option<usize>| match parse_count(get(k)) {
            Ok(Some(n)) if n <= MAX_COUNT => Ok(Some(n)),
            Ok(None) => Ok(None),
            _ => Err(()),
        };
        let (Ok(sales), Ok(favs)) = (count(c.sales), count(c.favs)) else {
            problem(RowProblem::BadCount { row }, &mut listed);
            continue;
        };
        out.push(LogRow {
            row,
            day,
            store: cut(get(c.store), MAX_NAME),
            name,
            link: cut(get(c.link), crate::model::competitor::MAX_LINK),
            ours: cut(get(c.ours), 64),
            price,
            sales,
            favs,
            activity: cut(get(c.activity), MAX_NOTE),
        });
    }
    if bad > 0 {
        return Err(LogError::BadRows { listed, total: bad });
    }
    if out.is_empty() {
        return Err(LogError::NoRows);
    }
    Ok(out)
}

/// What an import would store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// New and changed records, already bumped.
    pub records: Vec<CompetitorEntry>,
    pub new_items: usize,
    pub new_snaps: usize,
    pub changed_snaps: usize,
    pub unchanged: usize,
    /// Rows whose 我方SKU matched none of our products (the item is stored unmatched).
    pub unmatched: usize,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The records that importing `rows` over `entries` stores: an item is found by store and name
/// (its id, `item_id`) or made; a snapshot is the item's on that day (the file's
/// later row wins); an item without a match gets ours from 我方SKU (SKU or 商品ID). Existing items
/// keep their match.
pub fn plan_import(
    rows: &[LogRow],
    entries: &[CompetitorEntry],
    products: &[Product],
    now_ms: i64,
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let mut items: Vec<CompetitorEntry> = entries
        .iter()
        .filter(|e| !e.meta.deleted && e.entry == CompKind::Item)
        .cloned()
        .collect();
    let mut touched_items: Vec<usize> = Vec::new();
    let mut snaps: Vec<CompetitorEntry> = Vec::new();
    for r in rows {
        plan.from = Some(plan.from.map_or(r.day, |d| d.min(r.day)));
        plan.to = Some(plan.to.map_or(r.day, |d| d.max(r.day)));
        let ours = (!r.ours.is_empty())
            .then(|| {
                products.iter().filter(|p| !p.meta.deleted).find(|p| {
                    same(&p.sku, &r.ours) || (!p.item_id.is_empty() && p.item_id == r.ours)
                })
            })
            .flatten();
        if !r.ours.is_empty() && ours.is_none() {
            plan.unmatched += 1;
        }
        let id = item_id(&r.store, &r.name);
        let at = match items.iter().position(|i| i.id() == id) {
            Some(k) => k,
            None => {
                // a deleted item comes back as a new revision of its tombstone
                let it = match entries.iter().find(|e| e.id() == id) {
                    Some(old) => {
                        let mut x = old.clone();
                        x.meta.deleted = false;
                        x.entry = CompKind::Item;
                        x.name = r.name.clone();
                        x.store = r.store.clone();
                        x
                    }
                    None => {
                        let mut x = CompetitorEntry::item(id, now_ms, r.name.clone());
                        x.store = r.store.clone();
                        x
                    }
                };
                items.push(it);
                plan.new_items += 1;
                items.len() - 1
            }
        };
        let it = &mut items[at];
        let before = it.clone();
        if it.link.is_empty() && !r.link.is_empty() {
            it.link = r.link.clone();
        }
        if it.product.is_empty() {
            if let Some(p) = ours {
                it.product = p.id().to_string();
            }
        }
        if *it != before && !touched_items.contains(&at) {
            touched_items.push(at);
        }
        let mut s = CompetitorEntry::snap(it, r.day, now_ms);
        s.price = r.price;
        s.sales = r.sales;
        s.favs = r.favs;
        s.note = r.activity.clone();
        match snaps.iter_mut().find(|x| x.meta.id == s.meta.id) {
            Some(x) => *x = s,
            None => snaps.push(s),
        }
    }
    let fresh = plan.new_items;
    let first_new = items.len() - fresh;
    for (k, it) in items.iter_mut().enumerate() {
        if k >= first_new || touched_items.contains(&k) {
            it.bump(now_ms);
            plan.records.push(it.clone());
        }
    }
    let by_id: HashMap<&str, &CompetitorEntry> = entries.iter().map(|e| (e.id(), e)).collect();
    for mut s in snaps {
        match by_id.get(s.id()) {
            Some(old) if !old.meta.deleted => {
                let mut next = (*old).clone();
                next.price = s.price;
                next.sales = s.sales;
                next.favs = s.favs;
                next.note = s.note.clone();
                if next.same_content(old) {
                    plan.unchanged += 1;
                } else {
                    next.bump(now_ms);
                    plan.records.push(next);
                    plan.changed_snaps += 1;
                }
            }
            Some(old) => {
                // deleted before: a new revision over the tombstone brings it back
                let mut next = (*old).clone();
                next.meta.deleted = false;
                next.price = s.price;
                next.sales = s.sales;
                next.favs = s.favs;
                next.note = s.note.clone();
                next.bump(now_ms);
                plan.records.push(next);
                plan.new_snaps += 1;
            }
            None => {
                s.bump(now_ms);
                plan.records.push(s);
                plan.new_snaps += 1;
            }
        }
    }
    plan
}
