//! The metrics store: every imported daily fact (store days, product days, ad rows), kept sorted
//! and unique by key, with upsert of an import batch, range queries and a compact string encoding
//! for localStorage.
//!
//! # Keys and order
//! - store days: by `day`;
//! - product days: grouped by `item_id`, each group by `day`;
//! - ad rows: by (channel, plan_id, plan_name when plan_id is empty, item_id, day). A plan row
//!   (empty item_id, from 计划报表) and the product rows of the same plan (主体ID, from 商品报表)
//!   have different keys. With a plan_id, the plan name is an attribute (a renamed plan updates
//!   its rows); legacy reports without a plan_id key the plan by its name.
//!
//! # Encoding, format version 1
//! `encode` produces a string of one ASCII marker `m`, then two units holding the byte length
//! (15 bits each, low first), then the bytes packed 15 bits per UTF-16 code unit (values
//! 0..32768 as U+4E00..=U+CDFF: never a surrogate, so each char is exactly one code unit and
//! survives localStorage). The bytes are: version byte `1`, a bitstream, CRC-32 of everything
//! before it (4 bytes, little-endian).
//!
//! The bitstream has three sections — store days, products, ad series — each a count followed by
//! series. A series is a run of rows with strictly increasing days: its days as runs of
//! consecutive days (Exp-Golomb start relative to the previous series' start, gaps and lengths),
//! then the rows, column after column within each row. Every column is predicted from what the
//! decoder already has — the previous day for volumes, a decayed ratio to an earlier column of
//! the same row for the rest (page views from visitors, units from buyers, amount from units …)
//! — and the zigzag residual (wrapping, so every u64/i64 round-trips) is written with an adaptive
//! Rice code per column. Decoding checks marker, length, alphabet, version, checksum, ranges, order
//! and trailing bits, and returns [`DecodeError`] for anything else — it never panics.

use super::codec::{
    crc32, pack, packed_units, unpack, BitReader, BitWriter, Coder, DResult, DecodeError,
    RatioPred, Rice,
};
use super::period::Period;
use crate::model::metrics::{AdChannel, AdDay, Day, ProductDay, StoreDay};
use crate::model::Fen;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Format version written as the first byte of the encoding.
pub const FORMAT_VERSION: u8 = 1;

/// Storage budget for the encoded metrics: 1,048,576 UTF-16 code units = 2 MB at 2 bytes each.
pub const STORAGE_BUDGET_UNITS: usize = 1 << 20;

/// Rows of one import (any order; the same key twice: the last row wins).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricsBatch {
    pub store: Vec<StoreDay>,
    pub products: Vec<ProductDay>,
    pub ads: Vec<AdDay>,
}

impl MetricsBatch {
    pub fn is_empty(&self) -> bool {
        self.store.is_empty() && self.products.is_empty() && self.ads.is_empty()
    }

    pub fn len(&self) -> usize {
        self.store.len() + self.products.len() + self.ads.len()
    }
}

/// What an upsert did to one kind of row. Each distinct key of the batch is counted once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindReport {
    /// Keys that were not stored before.
    pub new: usize,
    /// Keys stored before with different values, now replaced.
    pub updated: usize,
    /// Keys stored before with identical values.
    pub unchanged: usize,
}

impl KindReport {
    pub fn total(&self) -> usize {
        self.new + self.updated + self.unchanged
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpsertReport {
    pub store: KindReport,
    pub products: KindReport,
    pub ads: KindReport,
}

/// The import would not fit in the storage budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// UTF-16 code units the store would need after the import.
    pub needed_units: usize,
    pub budget_units: usize,
}

/// All imported metrics. Fields are private so the order and key invariants always hold; build it
/// with [`MetricsStore::upsert`] or [`MetricsStore::decode`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricsStore {
    store: Vec<StoreDay>,
    products: BTreeMap<String, Vec<ProductDay>>,
    ads: Vec<AdDay>,
}

/// Ad rows are keyed by the plan name only when they have no plan id.
fn plan_name_key(a: &AdDay) -> &str {
    if a.plan_id.is_empty() {
        &a.plan_name
    } else {
        ""
    }
}

/// Canonical order (and key equality) of ad rows.
pub fn ad_cmp(a: &AdDay, b: &AdDay) -> Ordering {
    a.channel
        .cmp(&b.channel)
        .then_with(|| a.plan_id.cmp(&b.plan_id))
        .then_with(|| plan_name_key(a).cmp(plan_name_key(b)))
        .then_with(|| a.item_id.cmp(&b.item_id))
        .then_with(|| a.day.cmp(&b.day))
}

/// Merge a batch into a sorted, unique vector in one pass, counting new/updated/unchanged keys.
fn merge_rows<T: PartialEq>(
    old: &mut Vec<T>,
    mut batch: Vec<T>,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> KindReport {
    let mut report = KindReport::default();
    batch.sort_by(&cmp); // stable: among equal keys the later row stays later
    let mut rows: Vec<T> = Vec::with_capacity(batch.len());
    for row in batch {
        match rows.last_mut() {
            Some(last) if cmp(last, &row) == Ordering::Equal => *last = row,
            _ => rows.push(row),
        }
    }
    if rows.is_empty() {
        return report;
    }
    let previous = std::mem::take(old);
    let mut out = Vec::with_capacity(previous.len() + rows.len());
    let mut stored = previous.into_iter().peekable();
    for row in rows {
        while let Some(x) = stored.next_if(|x| cmp(x, &row) == Ordering::Less) {
            out.push(x);
        }
        match stored.next_if(|x| cmp(x, &row) == Ordering::Equal) {
            Some(x) if x == row => {
                report.unchanged += 1;
                out.push(x);
            }
            Some(_) => {
                report.updated += 1;
                out.push(row);
            }
            None => {
                report.new += 1;
                out.push(row);
            }
        }
    }
    out.extend(stored);
    *old = out;
    report
}

/// Rows of a slice sorted by day that fall in a period.
fn day_slice<T>(rows: &[T], p: Period, day: impl Fn(&T) -> Day) -> &[T] {
    let lo = rows.partition_point(|r| day(r) < p.from);
    let hi = rows.partition_point(|r| day(r) <= p.to);
    rows.get(lo..hi.max(lo)).unwrap_or(&[])
}

/// What a stored row is about: the store's day, a product's day or an ad row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    Store,
    Products,
    Ads,
}

/// A run of consecutive days with rows of one kind (a day without rows starts a new run): what
/// the Data page lists as imported, each with a delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportedRun {
    pub kind: FactKind,
    pub period: Period,
    /// Days with rows (every day of `period`).
    pub days: usize,
    pub rows: usize,
}

/// The runs of `days` (sorted; a day may repeat, one row each).
fn runs_of(kind: FactKind, days: impl Iterator<Item = Day>, out: &mut Vec<ImportedRun>) {
    let mut cur: Option<ImportedRun> = None;
    for d in days {
        match cur.as_mut() {
            Some(r) if d == r.period.to => r.rows += 1,
            Some(r) if d == r.period.to.saturating_add(1) => {
                r.period.to = d;
                r.days += 1;
                r.rows += 1;
            }
            _ => {
                out.extend(cur.take());
                cur = Some(ImportedRun {
                    kind,
                    period: Period { from: d, to: d },
                    days: 1,
                    rows: 1,
                });
            }
        }
    }
    out.extend(cur);
}

impl MetricsStore {
    /// The stored rows as runs of consecutive days, by kind (store, products, ads), then by day.
    pub fn imported_runs(&self) -> Vec<ImportedRun> {
        let mut out = Vec::new();
        runs_of(FactKind::Store, self.store.iter().map(|d| d.day), &mut out);
        let mut days: Vec<Day> = self.products.values().flatten().map(|d| d.day).collect();
        days.sort_unstable();
        runs_of(FactKind::Products, days.into_iter(), &mut out);
        let mut days: Vec<Day> = self.ads.iter().map(|a| a.day).collect();
        days.sort_unstable();
        runs_of(FactKind::Ads, days.into_iter(), &mut out);
        out
    }

    /// Removes the rows of `kind` on the days of `p` and returns them: upserting the returned
    /// batch puts the store back as it was (the Data page's undo).
    pub fn remove(&mut self, kind: FactKind, p: Period) -> MetricsBatch {
        let mut gone = MetricsBatch::default();
        match kind {
            FactKind::Store => {
                let (keep, out): (Vec<StoreDay>, Vec<StoreDay>) = std::mem::take(&mut self.store)
                    .into_iter()
                    .partition(|d| !p.contains(d.day));
                self.store = keep;
                gone.store = out;
            }
            FactKind::Products => {
                for rows in self.products.values_mut() {
                    let (keep, out): (Vec<ProductDay>, Vec<ProductDay>) = std::mem::take(rows)
                        .into_iter()
                        .partition(|d| !p.contains(d.day));
                    *rows = keep;
                    gone.products.extend(out);
                }
                self.products.retain(|_, rows| !rows.is_empty());
            }
            FactKind::Ads => {
                let (keep, out): (Vec<AdDay>, Vec<AdDay>) = std::mem::take(&mut self.ads)
                    .into_iter()
                    .partition(|a| !p.contains(a.day));
                self.ads = keep;
                gone.ads = out;
            }
        }
        gone
    }

    pub fn new() -> MetricsStore {
        MetricsStore::default()
    }

    /// A store holding one batch.
    pub fn from_batch(batch: MetricsBatch) -> MetricsStore {
        let mut s = MetricsStore::new();
        s.upsert(batch);
        s
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty() && self.products.is_empty() && self.ads.is_empty()
    }

    /// Insert or replace the batch's rows by key. Re-importing an overlapping period updates those
    /// days; identical rows count as unchanged.
    pub fn upsert(&mut self, batch: MetricsBatch) -> UpsertReport {
        let MetricsBatch {
            store,
            mut products,
            ads,
        } = batch;
        let store = merge_rows(&mut self.store, store, |a, b| a.day.cmp(&b.day));
        let ads = merge_rows(&mut self.ads, ads, ad_cmp);

        let mut prod = KindReport::default();
        products.sort_by(|a, b| a.item_id.cmp(&b.item_id));
        let mut rest = products.into_iter().peekable();
        while let Some(first) = rest.next() {
            let id = first.item_id.clone();
            let mut group = vec![first];
            while let Some(r) = rest.next_if(|r| r.item_id == id) {
                group.push(r);
            }
            let rows = self.products.entry(id).or_default();
            let r = merge_rows(rows, group, |a, b| a.day.cmp(&b.day));
            prod.new += r.new;
            prod.updated += r.updated;
            prod.unchanged += r.unchanged;
        }
        UpsertReport {
            store,
            products: prod,
            ads,
        }
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        *self = MetricsStore::default();
    }

    /// All store days, sorted by day.
    pub fn store_days(&self) -> &[StoreDay] {
        &self.store
    }

    /// Store days within a period.
    pub fn store_range(&self, p: Period) -> &[StoreDay] {
        day_slice(&self.store, p, |d| d.day)
    }

    /// The store day of `day`, if imported.
    pub fn store_day(&self, day: Day) -> Option<&StoreDay> {
        self.store
            .binary_search_by(|d| d.day.cmp(&day))
            .ok()
            .and_then(|i| self.store.get(i))
    }

    /// Product ids with rows, ascending.
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.products.keys().map(String::as_str)
    }

    /// Every product with its rows sorted by day.
    pub fn products(&self) -> impl Iterator<Item = (&str, &[ProductDay])> {
        self.products
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// All rows of one product, sorted by day.
    pub fn product_days(&self, item_id: &str) -> &[ProductDay] {
        self.products.get(item_id).map_or(&[], Vec::as_slice)
    }

    /// Rows of one product within a period.
    pub fn product_range(&self, item_id: &str, p: Period) -> &[ProductDay] {
        day_slice(self.product_days(item_id), p, |d| d.day)
    }

    pub fn product_count(&self) -> usize {
        self.products.len()
    }

    pub fn product_row_count(&self) -> usize {
        self.products.values().map(Vec::len).sum()
    }

    /// All ad rows in key order.
    pub fn ads(&self) -> &[AdDay] {
        &self.ads
    }

    /// Ad rows within a period (key order).
    pub fn ads_in(&self, p: Period) -> impl Iterator<Item = &AdDay> {
        self.ads.iter().filter(move |a| p.contains(a.day))
    }

    /// First and last day of any stored row.
    pub fn day_span(&self) -> Option<Period> {
        let mut lo = Day::MAX;
        let mut hi = Day::MIN;
        let mut any = false;
        let mut see = |d: Day| {
            any = true;
            lo = lo.min(d);
            hi = hi.max(d);
        };
        if let (Some(a), Some(b)) = (self.store.first(), self.store.last()) {
            see(a.day);
            see(b.day);
        }
        for rows in self.products.values() {
            if let (Some(a), Some(b)) = (rows.first(), rows.last()) {
                see(a.day);
                see(b.day);
            }
        }
        for a in &self.ads {
            see(a.day);
        }
        any.then_some(Period::new(lo, hi))
    }

    /// Every row as one batch (e.g. to export or to compare with JSON).
    pub fn to_batch(&self) -> MetricsBatch {
        MetricsBatch {
            store: self.store.clone(),
            products: self.products.values().flatten().cloned().collect(),
            ads: self.ads.clone(),
        }
    }

    fn encode_bytes(&self) -> Vec<u8> {
        let mut w = BitWriter::new();
        write_store(&mut w, &self.store);
        write_products(&mut w, &self.products);
        write_ads(&mut w, &self.ads);
        let body = w.finish();
        let mut bytes = Vec::with_capacity(body.len() + 5);
        bytes.push(FORMAT_VERSION);
        bytes.extend_from_slice(&body);
        let crc = crc32(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        bytes
    }

    /// The compact string for localStorage (format in the module docs).
    pub fn encode(&self) -> String {
        pack(&self.encode_bytes())
    }

    /// UTF-16 code units of [`encode`](Self::encode)'s result, without building the string.
    pub fn encoded_len(&self) -> usize {
        packed_units(self.encode_bytes().len())
    }

    /// Read a string written by [`encode`](Self::encode).
    pub fn decode(s: &str) -> Result<MetricsStore, DecodeError> {
        let bytes = unpack(s)?;
        let (&version, rest) = bytes.split_first().ok_or(DecodeError::BadLength)?;
        if version != FORMAT_VERSION {
            return Err(if version > FORMAT_VERSION {
                DecodeError::UnsupportedVersion(version)
            } else {
                DecodeError::Corrupt("unknown version")
            });
        }
        if rest.len() < 4 {
            return Err(DecodeError::BadLength);
        }
        let (body_with_version, crc_bytes) = bytes.split_at(bytes.len() - 4);
        let crc = u32::from_le_bytes(crc_bytes.try_into().map_err(|_| DecodeError::BadLength)?);
        if crc32(body_with_version) != crc {
            return Err(DecodeError::Checksum);
        }
        let body = body_with_version.get(1..).unwrap_or(&[]);
        let mut r = BitReader::new(body);
        let store = read_store(&mut r)?;
        let products = read_products(&mut r)?;
        let ads = read_ads(&mut r)?;
        if !r.at_clean_end() {
            return Err(DecodeError::Corrupt("trailing data"));
        }
        Ok(MetricsStore {
            store,
            products,
            ads,
        })
    }

    /// UTF-16 code units the encoding would need after upserting `batch` (nothing is changed).
    pub fn estimate_after(&self, batch: &MetricsBatch) -> usize {
        let mut next = self.clone();
        next.upsert(batch.clone());
        next.encoded_len()
    }

    /// Ok with the size after the import when it fits `budget_units`, else the size it needs.
    pub fn check_fits(&self, batch: &MetricsBatch, budget_units: usize) -> Result<usize, TooLarge> {
        let needed = self.estimate_after(batch);
        if needed <= budget_units {
            Ok(needed)
        } else {
            Err(TooLarge {
                needed_units: needed,
                budget_units,
            })
        }
    }
}

/// UTF-16 code units of a string, as localStorage counts them.
pub fn encoded_len_units(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

// ---------------------------------------------------------------------------------------------
// Symmetric column coding: one `code` function per row kind drives both directions, so encoder
// and decoder cannot disagree on predictions.

fn fen_bits(f: Fen) -> u64 {
    f.0 as u64
}

fn bits_fen(u: u64) -> Fen {
    Fen(u as i64)
}

/// Column state of a product series.
#[derive(Default)]
struct ProductCols {
    ctx: [Rice; 9],
    /// Contexts used when the column's driver is zero (the value is then almost always zero).
    zero: [Rice; 9],
    prev_visitors: u64,
    pv: RatioPred,
    cart: RatioPred,
    cart_units: RatioPred,
    pay: RatioPred,
    order: RatioPred,
    units: RatioPred,
    amount: RatioPred,
}

impl ProductCols {
    /// Column `i`: sparse when its driver is zero, else the residual against `pred`.
    fn col<C: Coder>(
        &mut self,
        c: &mut C,
        i: usize,
        v: u64,
        pred: u64,
        driver: u64,
    ) -> DResult<u64> {
        let (Some(ctx), Some(zero)) = (self.ctx.get_mut(i), self.zero.get_mut(i)) else {
            return Err(DecodeError::Corrupt("column"));
        };
        if driver == 0 {
            c.sparse(zero, v)
        } else {
            c.value(ctx, v, pred)
        }
    }

    /// v = [visitors, page_views, cart_buyers, cart_units, paying_buyers, order_buyers,
    ///      paid_units, paid_amount, refund_amount]
    fn code<C: Coder>(&mut self, c: &mut C, v: &mut [u64; 9]) -> DResult<()> {
        v[0] = c.value(&mut self.ctx[0], v[0], self.prev_visitors)?;
        v[1] = self.col(c, 1, v[1], self.pv.predict(v[0], true), v[0])?;
        v[2] = self.col(c, 2, v[2], self.cart.predict(v[0], false), v[0])?;
        v[3] = self.col(c, 3, v[3], self.cart_units.predict(v[2], true), v[2])?;
        v[4] = self.col(c, 4, v[4], self.pay.predict(v[0], false), v[0])?;
        v[5] = self.col(c, 5, v[5], self.order.predict(v[4], true), v[0])?;
        v[6] = self.col(c, 6, v[6], self.units.predict(v[4], true), v[4])?;
        v[7] = self.col(c, 7, v[7], self.amount.predict(v[6], false), v[6])?;
        v[8] = c.sparse(&mut self.zero[8], v[8])?;
        self.prev_visitors = v[0];
        self.pv.update(v[0], v[1]);
        self.cart.update(v[0], v[2]);
        self.cart_units.update(v[2], v[3]);
        self.pay.update(v[0], v[4]);
        self.order.update(v[4], v[5]);
        self.units.update(v[4], v[6]);
        self.amount.update(v[6], v[7]);
        Ok(())
    }
}

fn product_values(d: &ProductDay) -> [u64; 9] {
    [
        d.visitors,
        d.page_views,
        d.cart_buyers,
        d.cart_units,
        d.paying_buyers,
        d.order_buyers,
        d.paid_units,
        fen_bits(d.paid_amount),
        fen_bits(d.refund_amount),
    ]
}

fn product_from(day: Day, item_id: &str, v: [u64; 9]) -> ProductDay {
    ProductDay {
        day,
        item_id: item_id.to_string(),
        visitors: v[0],
        page_views: v[1],
        cart_buyers: v[2],
        cart_units: v[3],
        paying_buyers: v[4],
        order_buyers: v[5],
        paid_units: v[6],
        paid_amount: bits_fen(v[7]),
        refund_amount: bits_fen(v[8]),
    }
}

/// Column state of the store series.
#[derive(Default)]
struct StoreCols {
    ctx: [Rice; 13],
    prev: [u64; 13],
    pv: RatioPred,
    cart: RatioPred,
    order: RatioPred,
    pay: RatioPred,
    units: RatioPred,
    amount: RatioPred,
    order_amount: RatioPred,
}

impl StoreCols {
    /// v = [visitors, page_views, cart_buyers, order_buyers, paying_buyers, paid_units,
    ///      paid_amount, order_amount, refund_amount, spend_search, spend_display,
    ///      spend_affiliate, spend_other]
    fn code<C: Coder>(&mut self, c: &mut C, v: &mut [u64; 13]) -> DResult<()> {
        let [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12] = &mut self.ctx;
        v[0] = c.value(c0, v[0], self.prev[0])?;
        v[1] = c.value(c1, v[1], self.pv.predict(v[0], true))?;
        v[2] = c.value(c2, v[2], self.cart.predict(v[0], false))?;
        v[3] = c.value(c3, v[3], self.order.predict(v[0], false))?;
        v[4] = c.value(c4, v[4], self.pay.predict(v[3], true))?;
        v[5] = c.value(c5, v[5], self.units.predict(v[4], true))?;
        v[6] = c.value(c6, v[6], self.amount.predict(v[5], false))?;
        v[7] = c.value(c7, v[7], self.order_amount.predict(v[6], true))?;
        v[8] = c.value(c8, v[8], self.prev[8])?;
        v[9] = c.value(c9, v[9], self.prev[9])?;
        v[10] = c.value(c10, v[10], self.prev[10])?;
        v[11] = c.value(c11, v[11], self.prev[11])?;
        v[12] = c.value(c12, v[12], self.prev[12])?;
        self.prev = *v;
        self.pv.update(v[0], v[1]);
        self.cart.update(v[0], v[2]);
        self.order.update(v[0], v[3]);
        self.pay.update(v[3], v[4]);
        self.units.update(v[4], v[5]);
        self.amount.update(v[5], v[6]);
        self.order_amount.update(v[6], v[7]);
        Ok(())
    }
}

fn store_values(d: &StoreDay) -> [u64; 13] {
    [
        d.visitors,
        d.page_views,
        d.cart_buyers,
        d.order_buyers,
        d.paying_buyers,
        d.paid_units,
        fen_bits(d.paid_amount),
        fen_bits(d.order_amount),
        fen_bits(d.refund_amount),
        fen_bits(d.spend_search),
        fen_bits(d.spend_display),
        fen_bits(d.spend_affiliate),
        fen_bits(d.spend_other),
    ]
}

fn store_from(day: Day, v: [u64; 13]) -> StoreDay {
    StoreDay {
        day,
        visitors: v[0],
        page_views: v[1],
        cart_buyers: v[2],
        order_buyers: v[3],
        paying_buyers: v[4],
        paid_units: v[5],
        paid_amount: bits_fen(v[6]),
        order_amount: bits_fen(v[7]),
        refund_amount: bits_fen(v[8]),
        spend_search: bits_fen(v[9]),
        spend_display: bits_fen(v[10]),
        spend_affiliate: bits_fen(v[11]),
        spend_other: bits_fen(v[12]),
    }
}

/// Column state of an ad series.
#[derive(Default)]
struct AdCols {
    ctx: [Rice; 7],
    prev_impressions: u64,
    clicks: RatioPred,
    spend: RatioPred,
    direct: RatioPred,
    total: RatioPred,
    orders: RatioPred,
    carts: RatioPred,
}

impl AdCols {
    /// v = [impressions, clicks, spend, direct_amount, total_amount, total_orders, carts]
    fn code<C: Coder>(&mut self, c: &mut C, v: &mut [u64; 7]) -> DResult<()> {
        let [c0, c1, c2, c3, c4, c5, c6] = &mut self.ctx;
        v[0] = c.value(c0, v[0], self.prev_impressions)?;
        v[1] = c.value(c1, v[1], self.clicks.predict(v[0], false))?;
        v[2] = c.value(c2, v[2], self.spend.predict(v[1], false))?;
        v[3] = c.value(c3, v[3], self.direct.predict(v[2], false))?;
        v[4] = c.value(c4, v[4], self.total.predict(v[3], true))?;
        v[5] = c.value(c5, v[5], self.orders.predict(v[1], false))?;
        v[6] = c.value(c6, v[6], self.carts.predict(v[1], false))?;
        self.prev_impressions = v[0];
        self.clicks.update(v[0], v[1]);
        self.spend.update(v[1], v[2]);
        self.direct.update(v[2], v[3]);
        self.total.update(v[3], v[4]);
        self.orders.update(v[1], v[5]);
        self.carts.update(v[1], v[6]);
        Ok(())
    }
}

fn ad_values(d: &AdDay) -> [u64; 7] {
    [
        d.impressions,
        d.clicks,
        fen_bits(d.spend),
        fen_bits(d.direct_amount),
        fen_bits(d.total_amount),
        d.total_orders,
        d.carts,
    ]
}

// ---------------------------------------------------------------------------------------------
// Day runs.

/// Write the (strictly increasing) days of a series as runs of consecutive days.
fn write_days(w: &mut BitWriter, days: impl Iterator<Item = Day>, base: &mut i64) {
    let mut runs: Vec<(i64, u64)> = Vec::new();
    for d in days {
        let d = i64::from(d);
        match runs.last_mut() {
            Some((s, l)) if *s + *l as i64 == d => *l += 1,
            _ => runs.push((d, 1)),
        }
    }
    w.eg(runs.len() as u64);
    let mut prev_end: Option<i64> = None;
    for &(s, l) in &runs {
        match prev_end {
            None => w.eg_signed(s - *base),
            // runs are maximal: at least one missing day between them
            Some(e) => w.eg((s - e - 2) as u64),
        }
        w.eg(l - 1);
        prev_end = Some(s + l as i64 - 1);
    }
    if let Some(&(s, _)) = runs.first() {
        *base = s;
    }
}

/// Read runs as (first day, length), checking every day fits a `Day`.
fn read_days(r: &mut BitReader<'_>, base: &mut i64) -> DResult<Vec<(Day, u32)>> {
    let n = r.eg()?;
    let mut runs = Vec::new();
    let mut prev_end: Option<i64> = None;
    for _ in 0..n {
        let start = match prev_end {
            None => base.checked_add(r.eg_signed()?),
            Some(e) => i64::try_from(r.eg()?)
                .ok()
                .and_then(|g| e.checked_add(2)?.checked_add(g)),
        }
        .ok_or(DecodeError::Corrupt("day out of range"))?;
        let len = r.eg()?.checked_add(1).ok_or(DecodeError::Corrupt("run"))?;
        let end = i64::try_from(len)
            .ok()
            .and_then(|l| start.checked_add(l - 1))
            .ok_or(DecodeError::Corrupt("day out of range"))?;
        let (Ok(s), Ok(_), Ok(l)) = (Day::try_from(start), Day::try_from(end), u32::try_from(len))
        else {
            return Err(DecodeError::Corrupt("day out of range"));
        };
        if prev_end.is_none() {
            *base = start;
        }
        runs.push((s, l));
        prev_end = Some(end);
    }
    Ok(runs)
}

fn run_days(runs: &[(Day, u32)]) -> impl Iterator<Item = Day> + '_ {
    runs.iter()
        .flat_map(|&(s, l)| (0..l).map(move |i| (i64::from(s) + i64::from(i)) as Day))
}

// ---------------------------------------------------------------------------------------------
// Sections.

fn write_store(w: &mut BitWriter, rows: &[StoreDay]) {
    if rows.is_empty() {
        w.eg(0);
        return;
    }
    w.eg(1);
    let mut base = 0;
    write_days(w, rows.iter().map(|d| d.day), &mut base);
    let mut cols = StoreCols::default();
    for d in rows {
        let mut v = store_values(d);
        let _ = cols.code(w, &mut v);
    }
}

fn read_store(r: &mut BitReader<'_>) -> DResult<Vec<StoreDay>> {
    let series = r.eg()?;
    if series > 1 {
        return Err(DecodeError::Corrupt("store series"));
    }
    let mut out = Vec::new();
    if series == 1 {
        let mut base = 0;
        let runs = read_days(r, &mut base)?;
        let mut cols = StoreCols::default();
        for day in run_days(&runs) {
            let mut v = [0u64; 13];
            cols.code(r, &mut v)?;
            out.push(store_from(day, v));
        }
    }
    Ok(out)
}

fn write_products(w: &mut BitWriter, products: &BTreeMap<String, Vec<ProductDay>>) {
    let live = products.iter().filter(|(_, rows)| !rows.is_empty());
    w.eg(live.clone().count() as u64);
    let mut base = 0;
    for (id, rows) in live {
        w.byte_str(id);
        write_days(w, rows.iter().map(|d| d.day), &mut base);
        let mut cols = ProductCols::default();
        for d in rows {
            let mut v = product_values(d);
            let _ = cols.code(w, &mut v);
        }
    }
}

fn read_products(r: &mut BitReader<'_>) -> DResult<BTreeMap<String, Vec<ProductDay>>> {
    let n = r.eg()?;
    let mut out = BTreeMap::new();
    let mut base = 0;
    let mut last_id: Option<String> = None;
    for _ in 0..n {
        let id = r.byte_str()?;
        if last_id.as_ref().is_some_and(|l| *l >= id) {
            return Err(DecodeError::Corrupt("product order"));
        }
        let runs = read_days(r, &mut base)?;
        if runs.is_empty() {
            return Err(DecodeError::Corrupt("product without rows"));
        }
        let mut cols = ProductCols::default();
        let mut rows = Vec::new();
        for day in run_days(&runs) {
            let mut v = [0u64; 9];
            cols.code(r, &mut v)?;
            rows.push(product_from(day, &id, v));
        }
        last_id = Some(id.clone());
        out.insert(id, rows);
    }
    Ok(out)
}

/// Ad rows split into series: same channel, plan id, plan name and item, increasing days.
fn ad_series(ads: &[AdDay]) -> Vec<&[AdDay]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=ads.len() {
        let split = match (ads.get(i - 1), ads.get(i)) {
            (Some(a), Some(b)) => {
                a.channel != b.channel
                    || a.plan_id != b.plan_id
                    || a.plan_name != b.plan_name
                    || a.item_id != b.item_id
                    || a.day >= b.day
            }
            _ => true,
        };
        if split {
            if let Some(s) = ads.get(start..i) {
                out.push(s);
            }
            start = i;
        }
    }
    out
}

fn write_ads(w: &mut BitWriter, ads: &[AdDay]) {
    let series = ad_series(ads);
    w.eg(series.len() as u64);
    let mut base = 0;
    let mut prev: Option<&AdDay> = None;
    for s in series {
        let Some(first) = s.first() else { continue };
        w.bits(first.channel.code(), 3);
        let same_plan = prev.is_some_and(|p| {
            p.channel == first.channel
                && p.plan_id == first.plan_id
                && p.plan_name == first.plan_name
        });
        w.bits(u64::from(same_plan), 1);
        if !same_plan {
            w.byte_str(&first.plan_id);
            w.byte_str(&first.plan_name);
        }
        w.byte_str(&first.item_id);
        write_days(w, s.iter().map(|d| d.day), &mut base);
        let mut cols = AdCols::default();
        for d in s {
            let mut v = ad_values(d);
            let _ = cols.code(w, &mut v);
        }
        prev = Some(first);
    }
}

fn read_ads(r: &mut BitReader<'_>) -> DResult<Vec<AdDay>> {
    let n = r.eg()?;
    let mut out: Vec<AdDay> = Vec::new();
    let mut base = 0;
    let mut plan: Option<(AdChannel, String, String)> = None;
    for _ in 0..n {
        let channel =
            AdChannel::from_code(r.bits(3)?).ok_or(DecodeError::Corrupt("unknown ad channel"))?;
        let same_plan = r.bits(1)? == 1;
        let (plan_id, plan_name) = if same_plan {
            match &plan {
                Some((c, id, name)) if *c == channel => (id.clone(), name.clone()),
                _ => return Err(DecodeError::Corrupt("ad plan reference")),
            }
        } else {
            (r.byte_str()?, r.byte_str()?)
        };
        let item_id = r.byte_str()?;
        let runs = read_days(r, &mut base)?;
        if runs.is_empty() {
            return Err(DecodeError::Corrupt("ad series without rows"));
        }
        let mut cols = AdCols::default();
        for day in run_days(&runs) {
            let mut v = [0u64; 7];
            cols.code(r, &mut v)?;
            let row = AdDay {
                day,
                channel,
                plan_id: plan_id.clone(),
                plan_name: plan_name.clone(),
                item_id: item_id.clone(),
                impressions: v[0],
                clicks: v[1],
                spend: bits_fen(v[2]),
                direct_amount: bits_fen(v[3]),
                total_amount: bits_fen(v[4]),
                total_orders: v[5],
                carts: v[6],
            };
            if out
                .last()
                .is_some_and(|last| ad_cmp(last, &row) != Ordering::Less)
            {
                return Err(DecodeError::Corrupt("ad order"));
            }
            out.push(row);
        }
        plan = Some((channel, plan_id, plan_name));
    }
    Ok(out)
}
