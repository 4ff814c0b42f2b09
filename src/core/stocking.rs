//! 备货 (stocking) for a promotion: the units each SKU is expected to sell in the event (the
//! promotion's unit target, or its GMV target at the SKUs' prices after the promotion's
//! discounts), split by the SKUs' recent sales; what that needs with the days before the event
//! and a safety stock; what to order and by when, given stock on hand, in transit and the lead
//! time; and the day a SKU runs out if nothing is ordered.
//!
//! Assumptions, said on screen: stock in transit is on hand before the event; the event's
//! expected units are its whole sales (the usual daily sales stop counting during the event);
//! sales are even across the event's days.

use crate::model::{DateRange, Fen};
use chrono::NaiveDate;

/// One SKU going in.
#[derive(Clone, Debug, PartialEq)]
pub struct SkuIn {
    pub stock: i64,
    pub in_transit: i64,
    /// Days from ordering to stock on hand.
    pub lead_days: u32,
    /// Units sold per day recently (the usual pace).
    pub daily_units: f64,
    /// Unit price after the promotion's discounts.
    pub price: Fen,
}

/// One SKU's stocking line.
#[derive(Clone, Debug, PartialEq)]
pub struct StockLine {
    /// Expected units in the event.
    pub event_units: u64,
    /// Units sold from today to the day before the event at the usual pace.
    pub before_units: u64,
    /// Safety stock: `safety_days` of the usual pace.
    pub safety_units: u64,
    /// before + event + safety.
    pub need: u64,
    /// stock + in transit (never below zero).
    pub have: u64,
    /// What to order (0 when the stock is enough).
    pub order: u64,
    /// The last day to order for the stock to arrive before the event.
    pub order_by: NaiveDate,
    /// `order_by` is already past (and something must be ordered).
    pub late: bool,
    /// The day the stock runs out without an order, if before the event ends.
    pub runs_out: Option<NaiveDate>,
    /// `runs_out` falls inside the event.
    pub runs_out_in_event: bool,
}

/// Largest-remainder split of `total` by `weights` (equal weights when they are all zero).
fn split(total: u64, weights: &[f64]) -> Vec<u64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    let w: Vec<f64> = if sum > 0.0 {
        weights
            .iter()
            .map(|x| {
                if x.is_finite() && *x > 0.0 {
                    x / sum
                } else {
                    0.0
                }
            })
            .collect()
    } else {
        vec![1.0 / n as f64; n]
    };
    let raw: Vec<f64> = w.iter().map(|x| x * total as f64).collect();
    let mut out: Vec<u64> = raw.iter().map(|x| x.floor() as u64).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (raw[b] - raw[b].floor())
            .total_cmp(&(raw[a] - raw[a].floor()))
            .then(a.cmp(&b))
    });
    let mut left = total.saturating_sub(out.iter().sum());
    for i in order.into_iter().cycle().take(n * 2) {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// The event's expected units per SKU: `target_units` when set, else `target_gmv` at the SKUs'
/// prices, split in proportion to their usual daily units (equally when none sold).
pub fn event_units(target_units: i64, target_gmv: Fen, skus: &[SkuIn]) -> Vec<u64> {
    let weights: Vec<f64> = skus.iter().map(|s| s.daily_units).collect();
    if target_units > 0 {
        return split(target_units as u64, &weights);
    }
    if target_gmv.0 <= 0 || skus.is_empty() {
        return vec![0; skus.len()];
    }
    // units_i = w_i · U with Σ units_i · price_i = GMV → U = GMV / Σ w_i · price_i
    let sum_w: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    let w: Vec<f64> = if sum_w > 0.0 {
        weights.iter().map(|x| x.max(0.0) / sum_w).collect()
    } else {
        vec![1.0 / skus.len() as f64; skus.len()]
    };
    let avg_price: f64 = w
        .iter()
        .zip(skus)
        .map(|(w, s)| w * s.price.0.max(0) as f64)
        .sum();
    if avg_price <= 0.0 {
        return vec![0; skus.len()];
    }
    let total = (target_gmv.0 as f64 / avg_price).round() as u64;
    split(total, &w)
}

/// The stocking line of each SKU for an event, as of `today`.
pub fn plan(
    skus: &[SkuIn],
    event_units: &[u64],
    event: DateRange,
    today: NaiveDate,
    safety_days: u32,
) -> Vec<StockLine> {
    let before_days = (event.start - today).num_days().max(0) as u64;
    let event_days = ((event.end - event.start).num_days() + 1).max(1) as u64;
    skus.iter()
        .zip(event_units)
        .map(|(s, &e)| {
            let pace = if s.daily_units.is_finite() {
                s.daily_units.max(0.0)
            } else {
                0.0
            };
            let before_units = (pace * before_days as f64).ceil() as u64;
            let safety_units = (pace * f64::from(safety_days)).ceil() as u64;
            let need = before_units + e + safety_units;
            let have = s.stock.max(0).saturating_add(s.in_transit.max(0)) as u64;
            let order = need.saturating_sub(have);
            let order_by = event.start - chrono::Days::new(u64::from(s.lead_days));
            // day by day from today to the end of the event, without an order
            let mut left = have as f64;
            let mut runs_out = None;
            let mut day = today;
            while day <= event.end {
                let sold = if day < event.start {
                    pace
                } else {
                    e as f64 / event_days as f64
                };
                left -= sold;
                if left < -1e-9 {
                    runs_out = Some(day);
                    break;
                }
                day = day + chrono::Days::new(1);
            }
            StockLine {
                event_units: e,
                before_units,
                safety_units,
                need,
                have,
                order,
                order_by,
                late: order > 0 && order_by < today,
                runs_out_in_event: runs_out.is_some_and(|d| d >= event.start),
                runs_out,
            }
        })
        .collect()
}

/// A typed 日均件数 that is not a number of units a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPace;

/// A typed 日均件数 ("1.5", "12", "0.25"; up to two decimals, 0 to 1,000,000) in hundredths;
/// empty gives `Ok(None)` (back to the history's pace); anything else is refused.
pub fn parse_pace(input: &str) -> Result<Option<u32>, BadPace> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 {
        return Err(BadPace);
    }
    let w: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| BadPace)?
    };
    let f: u64 = format!("{frac:0<2}").parse().map_err(|_| BadPace)?;
    let v = w
        .checked_mul(100)
        .and_then(|x| x.checked_add(f))
        .ok_or(BadPace)?;
    if v > crate::model::product::MAX_PACE_X100 as u64 {
        return Err(BadPace);
    }
    u32::try_from(v).map(Some).map_err(|_| BadPace)
}

/// What a month of the sales plan still has to stock for on `today`: the days left (the whole
/// month when it is ahead, today to its end when it has begun; none when it is over or `m` is not
/// a month) and the 支付金额 still to sell in them (the month's target less what the month has
/// sold so far, never below zero).
pub fn month_left(
    year: i32,
    m: usize,
    target: Fen,
    sold_so_far: Fen,
    today: NaiveDate,
) -> Option<(DateRange, Fen)> {
    let first = NaiveDate::from_ymd_opt(year, u32::try_from(m).ok()?.checked_add(1)?, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let last = next.pred_opt()?;
    if last < today {
        return None;
    }
    if first > today {
        return Some((DateRange::new(first, last), Fen(target.0.max(0))));
    }
    Some((
        DateRange::new(today, last),
        Fen(target.0.saturating_sub(sold_so_far.0.max(0)).max(0)),
    ))
}

// ----- the stock file: stock on hand, in transit and lead time per SKU, from CSV/XLSX -----

/// One row of a stock file: the SKU (商家编码) or 商品ID it names and the fields it sets (`None`:
/// the column is absent or the cell empty, the field is left as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockRow {
    /// The row's number in the file (1-based, as a spreadsheet shows it).
    pub row: usize,
    pub key: String,
    pub stock: Option<i64>,
    pub in_transit: Option<i64>,
    pub lead_days: Option<u32>,
}

/// Why a stock file is refused (nothing changes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockFileError {
    /// No row names a SKU (商家编码 / SKU / 商品ID) and at least one of 库存, 在途, 采购周期.
    NoHeader,
    /// Rows whose numbers can't be read or are out of range (stock and in transit 0–100,000,000,
    /// lead time 0–365 days): the first rows' numbers and how many in all.
    BadRows {
        rows: Vec<usize>,
        total: usize,
    },
    NoRows,
}

/// Most units a stock or in-transit cell may hold; most days of a lead time.
pub const MAX_UNITS: i64 = 100_000_000;
pub const MAX_LEAD_DAYS: u32 = 365;

fn whole(cell: &str) -> Result<Option<i64>, ()> {
    let t: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    // an xlsx number may come as "120" or "120.0"
    let t = t.strip_suffix(".0").unwrap_or(&t);
    t.parse::<i64>().map(Some).map_err(|_| ())
}

/// Reads a stock file (see [`StockRow`]). All-or-nothing: any bad row refuses the file.
pub fn parse_stock_file(
    table: &crate::formats::import::Table,
) -> Result<Vec<StockRow>, StockFileError> {
    use crate::formats::import::header_key;
    let mut found = None;
    for (i, row) in table.rows().take(40).enumerate() {
        let names: Vec<String> = row.iter().map(header_key).collect();
        let find = |alts: &[&str]| alts.iter().find_map(|a| names.iter().position(|n| n == a));
        let key = find(&[
            "商家编码",
            "sku",
            "商家sku编码",
            "商品编码",
            "货号",
            "商品id",
            "宝贝id",
        ]);
        let stock = find(&["库存", "现有库存", "可用库存", "库存数量", "stock"]);
        let transit = find(&["在途", "在途库存", "在途数量", "intransit"]);
        let lead = find(&["采购周期", "采购周期天", "交货周期", "leaddays", "leadtime"]);
        if let Some(key) = key {
            if stock.is_some() || transit.is_some() || lead.is_some() {
                found = Some((i, key, stock, transit, lead));
                break;
            }
        }
    }
    let (header, key, stock, transit, lead) = found.ok_or(StockFileError::NoHeader)?;
    let mut out = Vec::new();
    let (mut bad, mut listed) = (0usize, Vec::new());
    for (i, r) in table.rows().enumerate().skip(header + 1) {
        let get = |k: Option<usize>| k.and_then(|k| r.get(k)).unwrap_or("").trim();
        let name = get(Some(key));
        if name.is_empty() || ["合计", "总计", "小计"].iter().any(|t| name.starts_with(t)) {
            continue;
        }
        let units = |k: Option<usize>| -> Result<Option<i64>, ()> {
            match whole(get(k))? {
                Some(n) if !(0..=MAX_UNITS).contains(&n) => Err(()),
                v => Ok(v),
            }
        };
        let days = match whole(get(lead)) {
            Ok(Some(n)) if (0..=i64::from(MAX_LEAD_DAYS)).contains(&n) => Ok(Some(n as u32)),
            Ok(None) => Ok(None),
            _ => Err(()),
        };
        match (units(stock), units(transit), days) {
            (Ok(stock), Ok(in_transit), Ok(lead_days)) => out.push(StockRow {
                row: i + 1,
                key: name.to_string(),
                stock,
                in_transit,
                lead_days,
            }),
            _ => {
                bad += 1;
                if listed.len() < 20 {
                    listed.push(i + 1);
                }
            }
        }
    }
    if bad > 0 {
        return Err(StockFileError::BadRows {
            rows: listed,
            total: bad,
        });
    }
    if out.is_empty() {
        return Err(StockFileError::NoRows);
    }
    Ok(out)
}

/// What a stock file changes: the products it updates (new revisions), the keys that match no
/// product (or an 商品ID shared by several SKUs), and the products it names that stay the same.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StockUpdate {
    pub products: Vec<crate::model::Product>,
    pub unmatched: Vec<String>,
    pub unchanged: usize,
}

/// Matches each row to a live product by its SKU (商家编码, case and spaces ignored), else by
/// its 商品ID when one product has it; a later row for the same product wins.
pub fn plan_stock_update(
    rows: &[StockRow],
    products: &[crate::model::Product],
    now_ms: i64,
) -> StockUpdate {
    use crate::model::Record;
    let live: Vec<&crate::model::Product> = products.iter().filter(|p| !p.meta.deleted).collect();
    let same = |a: &str, b: &str| !b.is_empty() && a.trim().eq_ignore_ascii_case(b.trim());
    let mut changed: Vec<crate::model::Product> = Vec::new();
    let mut named: std::collections::BTreeSet<String> = Default::default();
    let mut unmatched = Vec::new();
    for r in rows {
        let by_sku: Vec<&&crate::model::Product> =
            live.iter().filter(|p| same(&r.key, &p.sku)).collect();
        let by_item: Vec<&&crate::model::Product> =
            live.iter().filter(|p| same(&r.key, &p.item_id)).collect();
        let p = match (by_sku.as_slice(), by_item.as_slice()) {
            ([p], _) | ([], [p]) => **p,
            _ => {
                unmatched.push(r.key.clone());
                continue;
            }
        };
        named.insert(p.meta.id.clone());
        let mut next = changed
            .iter()
            .find(|c| c.meta.id == p.meta.id)
            .cloned()
            .unwrap_or_else(|| p.clone());
        if let Some(s) = r.stock {
            next.stock = s;
        }
        if let Some(t) = r.in_transit {
            next.in_transit = t;
        }
        if let Some(d) = r.lead_days {
            next.lead_days = d;
        }
        changed.retain(|c| c.meta.id != p.meta.id);
        if (next.stock, next.in_transit, next.lead_days) != (p.stock, p.in_transit, p.lead_days) {
            changed.push(next);
        }
    }
    for p in &mut changed {
        p.bump(now_ms);
    }
    let unchanged = named.len() - changed.len();
    StockUpdate {
        products: changed,
        unmatched,
        unchanged,
    }
}
