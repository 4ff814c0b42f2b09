//! Applying a [`Mapping`] to rows: every data row becomes a [`StoreDay`], [`ProductDay`] or
//! [`AdDay`]; 合计/总计/汇总 rows, repeated header rows and one-cell note rows are skipped and
//! counted; duplicates (same day and id) are reported and the last one kept. Any bad cell makes
//! the whole import fail with the list of bad cells, so nothing partial is ever stored.

use super::checks::{RefundTolerance, RelationCheck, RelationWarning, REFUND_TOLERANCE};
use super::detect::{header_names, Mapping};
use super::fields::{header_key, Field, FileKind, Level, ValueType};
use super::table::Table;
use super::values::{
    clean, parse_count, parse_day, parse_item_id, parse_money, parse_name, parse_plan_id,
    DateError, IdError, NumError,
};
use super::{ImportBatch, ImportError, RowError, RowProblem, RowWarning, WarningKind};
use super::{MAX_LISTED, MAX_ROWS};
use crate::model::metrics::{AdChannel, AdDay, Day, ProductDay, StoreDay};
use crate::model::Fen;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hash (FxHash) for the de-duplication maps: keys come from a local
/// file, so there is no one to mount a collision attack.
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(dst) = word.get_mut(..chunk.len()) {
                dst.copy_from_slice(chunk);
            }
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_i32(&mut self, n: i32) {
        self.add(u64::from(n as u32));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The progress callback is called every this many rows.
const PROGRESS_EVERY: usize = 4096;

/// Column positions of what a kind of file needs.
struct Cols {
    date: usize,
    item: Option<usize>,
    name: Option<usize>,
    plan_id: Option<usize>,
    plan_name: Option<usize>,
    scene: Option<usize>,
    metrics: Vec<(usize, Field)>,
    /// The relations to check on every row (both columns mapped).
    checks: Vec<RelationCheck>,
    /// How far refunds may exceed payments on a row.
    refund: RefundTolerance,
}

fn resolve(mapping: &Mapping) -> Result<Cols, ImportError> {
    let kind = mapping.kind;
    let mut seen: Vec<Field> = Vec::new();
    let mut cols = Cols {
        date: 0,
        item: None,
        name: None,
        plan_id: None,
        plan_name: None,
        scene: None,
        metrics: Vec::new(),
        checks: RelationCheck::applicable(mapping),
        refund: REFUND_TOLERANCE,
    };
    let mut date = None;
    let mut item_id = None;
    let mut subject = None;
    for (i, (_, f)) in mapping.columns.iter().enumerate() {
        let f = *f;
        if f == Field::Ignore || f == Field::AvgRank || !f.applies_to(kind) {
            continue;
        }
        if seen.contains(&f) && !f.sums_columns() {
            return Err(ImportError::DuplicateField(f));
        }
        seen.push(f);
        match f {
            Field::Date => date = Some(i),
            Field::ItemId => item_id = Some(i),
            Field::SubjectId => subject = Some(i),
            Field::ItemName => cols.name = Some(i),
            Field::PlanId => cols.plan_id = Some(i),
            Field::PlanName => cols.plan_name = Some(i),
            Field::SceneName => cols.scene = Some(i),
            _ if f.is_metric() => cols.metrics.push((i, f)),
            _ => {}
        }
    }
    cols.date = date.ok_or(ImportError::MissingColumn(Field::Date))?;
    cols.item = subject.or(item_id);
    match kind {
        FileKind::SycmProduct | FileKind::PlainProduct if cols.item.is_none() => {
            return Err(ImportError::MissingColumn(Field::ItemId));
        }
        FileKind::AdProductReport if cols.item.is_none() => {
            return Err(ImportError::MissingColumn(Field::SubjectId));
        }
        FileKind::AdPlanReport | FileKind::LegacyTrainReport
            if cols.plan_id.is_none() && cols.plan_name.is_none() && cols.scene.is_none() =>
        {
            return Err(ImportError::MissingColumn(Field::PlanId));
        }
        _ => {}
    }
    if cols.metrics.is_empty() {
        return Err(ImportError::NoMetricColumns);
    }
    Ok(cols)
}

/// The ad channel of a row from its scene name (场景名字).
fn channel(kind: FileKind, scene: &str) -> AdChannel {
    if kind == FileKind::LegacyTrainReport {
        return AdChannel::Search;
    }
    let s = scene.to_ascii_lowercase();
    if s.contains("关键词") || s.contains("搜索") || s.contains("直通车") || s.contains("search")
    {
        AdChannel::Search
    } else if s.contains("人群")
        || s.contains("引力魔方")
        || s.contains("钻展")
        || s.contains("钻石展位")
        || s.contains("display")
    {
        AdChannel::Display
    } else if s.contains("全站") || s.contains("site") {
        AdChannel::Site
    } else if s.contains("淘宝客") || s.contains("affiliate") {
        AdChannel::Affiliate
    } else {
        AdChannel::Other
    }
}

fn is_total(cell: &str) -> bool {
    let s = clean(cell);
    if s.is_ascii() {
        s.len() <= 11
            && ["total", "totals", "grand total", "sum", "subtotal"]
                .iter()
                .any(|t| s.eq_ignore_ascii_case(t))
    } else {
        s.contains("合计") || s.contains("总计") || s.contains("汇总")
    }
}

/// Collects row errors (the first [`MAX_LISTED`]) and warnings.
#[derive(Default)]
struct Report {
    errors: Vec<RowError>,
    error_count: usize,
    warnings: Vec<RowWarning>,
    warning_count: usize,
}

impl Report {
    fn error(&mut self, row: usize, column: Option<&str>, problem: RowProblem) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(RowError {
                row,
                column: column.map(str::to_string),
                problem,
            });
        }
    }

    fn warn(&mut self, row: usize, column: &str, kind: WarningKind) {
        self.warning_count += 1;
        if self.warnings.len() < MAX_LISTED {
            self.warnings.push(RowWarning {
                row,
                column: column.to_string(),
                kind,
            });
        }
    }
}

fn num_problem(e: NumError, text: &str) -> RowProblem {
    let t = text.to_string();
    match e {
        NumError::Bad => RowProblem::BadNumber(t),
        NumError::Scientific => RowProblem::ScientificNumber(t),
        NumError::NotWhole => RowProblem::NotWhole(t),
        NumError::Negative => RowProblem::Negative(t),
        NumError::Percent => RowProblem::Percent(t),
        NumError::TooLarge => RowProblem::TooLarge(t),
    }
}

fn date_problem(e: DateError, text: &str) -> RowProblem {
    match e {
        DateError::Bad => RowProblem::BadDate(text.to_string()),
        DateError::Range { from, to } => RowProblem::DateRange { from, to },
        DateError::OutOfRange => RowProblem::DateOutOfRange(text.to_string()),
    }
}

fn id_problem(e: IdError, text: &str) -> RowProblem {
    match e {
        IdError::Scientific => RowProblem::IdScientific(text.to_string()),
        IdError::Bad => RowProblem::BadId(text.to_string()),
    }
}

/// Applies `mapping` to `rows` (see [`apply_with_progress`]).
pub fn apply(rows: &[Vec<String>], mapping: &Mapping) -> Result<ImportBatch, ImportError> {
    apply_with_progress(rows, mapping, &mut |_, _| true)
}

/// Applies `mapping` to `rows`. `progress(done, total)` is called every 4096 data rows and at
/// the end; returning false cancels ([`ImportError::Cancelled`]).
///
/// Fails if the mapping doesn't fit the rows (header texts differ, a needed column is missing,
/// two columns have the same meaning) or if any cell is bad: then every bad cell is listed (the
/// first 50, with the total) and nothing is returned, so nothing partial can be stored.
pub fn apply_with_progress(
    rows: &[Vec<String>],
    mapping: &Mapping,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportBatch, ImportError> {
    if rows.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows(MAX_ROWS));
    }
    apply_table_with_progress(&Table::from_rows(rows), mapping, progress)
}

/// [`apply_with_progress`] on rows in a [`Table`].
pub fn apply_table_with_progress(
    rows: &Table,
    mapping: &Mapping,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportBatch, ImportError> {
    apply_table_with(rows, mapping, REFUND_TOLERANCE, progress)
}

/// [`apply_table_with_progress`] with the user's refund tolerance (a setting).
pub fn apply_table_with(
    rows: &Table,
    mapping: &Mapping,
    refund: RefundTolerance,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportBatch, ImportError> {
    let first = first_data_row(rows, mapping)?;
    let (batch, _) = apply_rows(rows, first, mapping, progress, false, refund)?;
    if batch.data_rows == 0 {
        return Err(ImportError::NoDataRows);
    }
    Ok(batch)
}

/// Index of the first data row of `rows` once their header row is checked against `mapping`.
pub(crate) fn first_data_row(rows: &Table, mapping: &Mapping) -> Result<usize, ImportError> {
    if rows.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows(MAX_ROWS));
    }
    let header_row = mapping.header_row;
    let mismatch = ImportError::HeaderMismatch { header_row };
    let header_index = header_row.checked_sub(1).ok_or(mismatch.clone())?;
    let header = rows.row(header_index).ok_or(mismatch.clone())?;
    let names = header_names(&header.to_vec());
    if names.len() != mapping.columns.len()
        || names.iter().zip(&mapping.columns).any(|(n, c)| *n != c.0)
    {
        return Err(mismatch);
    }
    Ok(header_index + 1)
}

/// Applies `mapping` to rows `first..` of `rows`, row `i` numbered `i + 1`; a batch without data
/// rows is not an error here. With `track`, also the row number where each store or product
/// record first appeared, in the order of the sorted records (what joining the parts of a file
/// read in parallel needs to report duplicates across parts).
pub(crate) fn apply_rows(
    rows: &Table,
    first: usize,
    mapping: &Mapping,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    track: bool,
    refund: RefundTolerance,
) -> Result<(ImportBatch, Vec<u32>), ImportError> {
    if rows.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows(MAX_ROWS));
    }
    let mut cols = resolve(mapping)?;
    cols.refund = refund;
    let kind = mapping.kind;
    let level = kind.level();
    let name_of = |col: usize| mapping.columns.get(col).map_or("", |c| c.0.as_str());
    let date_key = header_key(name_of(cols.date));

    // Room for every row up front (the level's records and index only): no regrowing and
    // rehashing halfway through a large file.
    let total = rows.len().saturating_sub(first);
    let room = |l: Level| if l == level { total } else { 0 };
    let mut batch = ImportBatch::new(kind);
    batch.store_days.reserve(room(Level::Store));
    batch.product_days.reserve(room(Level::Product));
    let mut st = State {
        batch,
        report: Report::default(),
        store_index: FxMap::with_capacity_and_hasher(room(Level::Store), Default::default()),
        product_index: FxMap::with_capacity_and_hasher(room(Level::Product), Default::default()),
        ad_index: FxMap::default(),
        items: FxMap::default(),
        first_rows: Vec::with_capacity(if track { total } else { 0 }),
        values: [0i64; Field::ALL.len()],
    };
    let ctx = Ctx {
        cols: &cols,
        mapping,
        kind,
        level,
        date_key: &date_key,
        track,
    };
    let mut offset = 0;
    while offset < total {
        if offset % PROGRESS_EVERY == 0 && offset > 0 && !progress(offset, total) {
            return Err(ImportError::Cancelled);
        }
        let end = (offset + CHUNK_ROWS).min(total);
        chunk_apply(&ctx, &mut st, rows, first + offset..first + end);
        offset = end;
    }
    let State {
        mut batch,
        report,
        items,
        mut first_rows,
        ..
    } = st;
    if !progress(total, total) {
        return Err(ImportError::Cancelled);
    }
    if report.error_count > 0 {
        return Err(ImportError::Rows {
            errors: report.errors,
            total: report.error_count,
        });
    }
    batch.warnings = report.warnings;
    batch.warning_count = report.warning_count;
    batch.items = items
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    batch.items.sort_unstable();
    sort_with_rows(&mut batch.store_days, &mut first_rows, |a, b| {
        a.day.cmp(&b.day)
    });
    sort_with_rows(&mut batch.product_days, &mut first_rows, |a, b| {
        (a.day, &a.item_id).cmp(&(b.day, &b.item_id))
    });
    batch.ad_days.sort_by(|a, b| {
        (a.day, &a.plan_id, &a.plan_name, &a.item_id).cmp(&(
            b.day,
            &b.plan_id,
            &b.plan_name,
            &b.item_id,
        ))
    });
    let days = batch
        .store_days
        .iter()
        .map(|r| r.day)
        .chain(batch.product_days.iter().map(|r| r.day))
        .chain(batch.ad_days.iter().map(|r| r.day));
    for d in days {
        batch.first_day = Some(batch.first_day.map_or(d, |f| f.min(d)));
        batch.last_day = Some(batch.last_day.map_or(d, |l| l.max(d)));
    }
    Ok((batch, first_rows))
}

/// What [`chunk_apply`] reads but doesn't change.
struct Ctx<'m> {
    cols: &'m Cols,
    mapping: &'m Mapping,
    kind: FileKind,
    level: Level,
    date_key: &'m str,
    track: bool,
}

/// What [`chunk_apply`] builds up, row by row.
struct State<'a> {
    batch: ImportBatch,
    report: Report,
    store_index: FxMap<Day, usize>,
    // Keys borrow the IDs from the rows: no allocation to look a row up.
    product_index: FxMap<(Day, &'a str), usize>,
    ad_index: FxMap<(Day, String, String, String), usize>,
    items: FxMap<&'a str, String>,
    first_rows: Vec<u32>,
    values: [i64; Field::ALL.len()],
}

/// Rows per call of [`chunk_apply`]. In the browser, a wasm function runs the code it was
/// entered with to its end (V8 has no on-stack replacement for wasm): one call over all rows
/// would run in the baseline tier throughout, 2–3× slower. Calls over chunks pick up the
/// optimized code as soon as it is ready.
const CHUNK_ROWS: usize = 512;

/// Applies the mapping to rows `range` of `rows`.
#[inline(never)]
fn chunk_apply<'a>(
    ctx: &Ctx<'_>,
    st: &mut State<'a>,
    rows: &'a Table,
    range: std::ops::Range<usize>,
) {
    let Ctx {
        cols,
        mapping,
        kind,
        level,
        date_key,
        track,
    } = *ctx;
    let State {
        batch,
        report,
        store_index,
        product_index,
        ad_index,
        items,
        first_rows,
        values,
    } = st;
    let name_of = |col: usize| mapping.columns.get(col).map_or("", |c| c.0.as_str());
    for i in range {
        let Some(row) = rows.row(i) else {
            continue;
        };
        let row_number = i + 1;
        let cell = |col: usize| row.get(col).unwrap_or("");

        // Only "none", "one" or "more" matter.
        let filled = row.iter().filter(|c| !clean(c).is_empty()).take(2).count();
        if filled == 0 {
            continue;
        }
        let first = cell(0);
        if is_total(first)
            || (cols.date != 0 && is_total(cell(cols.date)))
            || cols.item.is_some_and(|c| is_total(cell(c)))
            || cols.plan_id.is_some_and(|c| is_total(cell(c)))
        {
            batch.skipped_total_rows += 1;
            continue;
        }
        let date_text = cell(cols.date);
        if !clean(date_text).starts_with(|c: char| c.is_ascii_digit())
            && header_key(date_text) == date_key
        {
            batch.skipped_other_rows += 1;
            continue;
        }
        let day = parse_day(date_text);
        // A note under the table ("注：…", "数据来源：…"): one cell of words in the first or date
        // column. Digits only ("2024-03-0") is a broken data row, not a note.
        let note_cell = if clean(first).is_empty() {
            clean(date_text)
        } else {
            clean(first)
        };
        let note = filled == 1
            && note_cell.chars().any(char::is_alphabetic)
            && !matches!(day, Ok(Some(_)));
        if note {
            batch.skipped_other_rows += 1;
            continue;
        }

        let errors_before = report.error_count;
        let day = match day {
            Ok(Some(d)) => d,
            Ok(None) => {
                report.error(
                    row_number,
                    Some(name_of(cols.date)),
                    RowProblem::MissingValue,
                );
                0
            }
            Err(e) => {
                report.error(
                    row_number,
                    Some(name_of(cols.date)),
                    date_problem(e, clean(date_text)),
                );
                0
            }
        };

        let mut item_id: &str = "";
        if let Some(c) = cols.item {
            let text = cell(c);
            match parse_item_id(text) {
                Ok(Some((id, fixed))) => {
                    if fixed {
                        report.warn(
                            row_number,
                            name_of(c),
                            WarningKind::IdDecimalSuffix(clean(text).to_string()),
                        );
                    }
                    item_id = id;
                }
                Ok(None) if level == Level::Product || kind == FileKind::AdProductReport => {
                    report.error(row_number, Some(name_of(c)), RowProblem::MissingValue);
                }
                Ok(None) => {}
                Err(e) => report.error(row_number, Some(name_of(c)), id_problem(e, clean(text))),
            }
        }

        let mut plan_id = String::new();
        let mut plan_name = String::new();
        let mut scene = String::new();
        if level == Level::Ad {
            if let Some(c) = cols.plan_id {
                let text = cell(c);
                match parse_plan_id(text) {
                    Ok(Some((id, fixed))) => {
                        if fixed {
                            report.warn(
                                row_number,
                                name_of(c),
                                WarningKind::IdDecimalSuffix(clean(text).to_string()),
                            );
                        }
                        plan_id = id.to_string();
                    }
                    Ok(None) => {}
                    Err(e) => {
                        report.error(row_number, Some(name_of(c)), id_problem(e, clean(text)))
                    }
                }
            }
            if let Some(c) = cols.plan_name {
                plan_name = parse_name(cell(c));
            }
            if let Some(c) = cols.scene {
                scene = parse_name(cell(c));
            }
            if kind != FileKind::AdProductReport
                && plan_id.is_empty()
                && plan_name.is_empty()
                && scene.is_empty()
                && report.error_count == errors_before
            {
                let c = cols.plan_id.or(cols.plan_name).or(cols.scene);
                report.error(row_number, c.map(name_of), RowProblem::MissingValue);
            }
        }

        values.fill(0);
        for &(c, f) in &cols.metrics {
            let text = cell(c);
            let parsed = match f.value_type() {
                ValueType::Count => {
                    parse_count(text).map(|v| v.map(|n| i64::try_from(n).unwrap_or(i64::MAX)))
                }
                _ => parse_money(text),
            };
            match parsed {
                Ok(Some(v)) => {
                    if let Some(slot) = values.get_mut(f as usize) {
                        *slot = slot.saturating_add(v);
                    }
                }
                Ok(None) => batch.empty_values += 1,
                Err(e) => report.error(row_number, Some(name_of(c)), num_problem(e, clean(text))),
            }
        }
        if report.error_count > errors_before {
            continue;
        }

        if !item_id.is_empty() && !items.contains_key(item_id) {
            if let Some(c) = cols.name {
                let name = parse_name(cell(c));
                if !name.is_empty() {
                    items.insert(item_id, name);
                }
            }
        }

        let v = |f: Field| values.get(f as usize).copied().unwrap_or(0);
        let n = |f: Field| u64::try_from(v(f)).unwrap_or(0);
        let m = |f: Field| Fen(v(f));
        for &check in &cols.checks {
            let (a, b) = check.fields();
            let (left, right) = (v(a), v(b));
            if check.broken_with(left, right, cols.refund) {
                batch.relation_count += 1;
                if batch.relations.len() < MAX_LISTED {
                    batch.relations.push(RelationWarning {
                        row: row_number,
                        check,
                        left,
                        right,
                    });
                }
            }
        }
        batch.data_rows += 1;
        let replaced = match level {
            Level::Store => {
                let rec = StoreDay {
                    day,
                    visitors: n(Field::Visitors),
                    page_views: n(Field::PageViews),
                    cart_buyers: n(Field::CartBuyers),
                    order_buyers: n(Field::OrderBuyers),
                    order_amount: m(Field::OrderAmount),
                    paying_buyers: n(Field::PayingBuyers),
                    paid_units: n(Field::PaidUnits),
                    paid_amount: m(Field::PaidAmount),
                    refund_amount: m(Field::RefundAmount),
                    spend_search: m(Field::SpendSearch),
                    spend_display: m(Field::SpendDisplay),
                    spend_affiliate: m(Field::SpendAffiliate),
                    spend_other: m(Field::SpendOther),
                };
                upsert(&mut batch.store_days, store_index, day, rec)
            }
            Level::Product => {
                let rec = ProductDay {
                    day,
                    item_id: item_id.to_string(),
                    visitors: n(Field::Visitors),
                    page_views: n(Field::PageViews),
                    cart_buyers: n(Field::CartBuyers),
                    cart_units: n(Field::CartUnits),
                    order_buyers: n(Field::OrderBuyers),
                    paying_buyers: n(Field::PayingBuyers),
                    paid_units: n(Field::PaidUnits),
                    paid_amount: m(Field::PaidAmount),
                    refund_amount: m(Field::RefundAmount),
                };
                upsert(&mut batch.product_days, product_index, (day, item_id), rec)
            }
            Level::Ad => {
                let plan_key = if plan_id.is_empty() {
                    plan_name.clone()
                } else {
                    plan_id.clone()
                };
                let key = (day, plan_key, item_id.to_string(), scene.clone());
                let rec = AdDay {
                    day,
                    channel: channel(kind, &scene),
                    plan_id,
                    plan_name: if plan_name.is_empty() {
                        scene
                    } else {
                        plan_name
                    },
                    item_id: item_id.to_string(),
                    impressions: n(Field::Impressions),
                    clicks: n(Field::Clicks),
                    spend: m(Field::Spend),
                    direct_amount: m(Field::DirectAmount),
                    total_amount: m(Field::TotalAmount),
                    total_orders: n(Field::TotalOrders),
                    carts: n(Field::Carts),
                };
                upsert(&mut batch.ad_days, ad_index, key, rec)
            }
        };
        if track && !replaced && level != Level::Ad {
            first_rows.push(u32::try_from(row_number).unwrap_or(u32::MAX));
        }
        if replaced {
            batch.duplicate_count += 1;
            if batch.duplicates.len() < MAX_LISTED {
                batch.duplicates.push(row_number);
            }
        }
    }
}

/// Sorts `recs` (stable), and `rows` along with them if it has one entry per record.
fn sort_with_rows<T>(
    recs: &mut Vec<T>,
    rows: &mut Vec<u32>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) {
    // Exports usually list days (and IDs within a day) in order already.
    if recs.is_sorted_by(|a, b| cmp(a, b) != std::cmp::Ordering::Greater) {
        return;
    }
    if rows.len() != recs.len() {
        recs.sort_by(cmp);
        return;
    }
    let mut pairs: Vec<(T, u32)> = std::mem::take(recs)
        .into_iter()
        .zip(std::mem::take(rows))
        .collect();
    pairs.sort_by(|a, b| cmp(&a.0, &b.0));
    (*recs, *rows) = pairs.into_iter().unzip();
}

/// Inserts `rec` or replaces the earlier record with the same key; true if replaced.
fn upsert<K: std::hash::Hash + Eq, R>(
    out: &mut Vec<R>,
    index: &mut FxMap<K, usize>,
    key: K,
    rec: R,
) -> bool {
    match index.get(&key).and_then(|&i| out.get_mut(i)) {
        Some(slot) => {
            *slot = rec;
            true
        }
        None => {
            index.insert(key, out.len());
            out.push(rec);
            false
        }
    }
}
