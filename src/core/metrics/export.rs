//! Exact figures for export: the Dashboard's period figures as CSV that Excel opens correctly
//! (UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting) and that cannot run as a formula (text
//! cells beginning with `=`, `+`, `-`, `@`, tab or CR get a leading apostrophe). Numbers are
//! written unrounded: money to the fen, ratios with six decimals.

use super::kpi::{Dashboard, KpiMetric, KpiValue};
use crate::core::format::yuan_plain;
use crate::core::metrics::period::ymd;
use crate::model::Fen;

/// One CSV cell. Only `Text` can carry outside input (labels, names) and is neutralised; the
/// other kinds are produced here from numbers and written as they are.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvCell {
    Text(String),
    /// Yuan with two decimals, no thousands separators: 988008.66
    Money(Fen),
    Count(u64),
    /// A ratio written as a plain decimal number with `places` decimals (0.123456).
    Decimal(f64, usize),
    /// A ratio in basis points, written as a percentage with two decimals ("12.34%"; in XLSX
    /// the number 0.1234 shown as a percentage).
    Bp(i64),
    Empty,
}

/// Byte-order mark: Excel reads a CSV as UTF-8 only when it starts with one.
pub const BOM: char = '\u{FEFF}';

/// A text cell that a spreadsheet would read as a formula gets a leading apostrophe.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn cell_text(c: &CsvCell) -> String {
    match c {
        CsvCell::Text(s) => quote(&neutralise(s)),
        CsvCell::Money(f) => yuan_plain(*f),
        CsvCell::Count(n) => n.to_string(),
        CsvCell::Bp(b) => crate::core::format::bp_plain(*b) + "%",
        CsvCell::Decimal(v, places) if v.is_finite() => format!("{v:.places$}"),
        CsvCell::Decimal(..) | CsvCell::Empty => String::new(),
    }
}

/// Rows as CSV text: BOM first, cells joined by commas, CRLF after every row.
pub fn to_csv(rows: &[Vec<CsvCell>]) -> String {
    let mut out = String::new();
    out.push(BOM);
    for r in rows {
        let line: Vec<String> = r.iter().map(cell_text).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A KPI value as a CSV cell: money in yuan to the fen, counts whole, ratios (and ROI) as
/// decimals with six places.
pub fn kpi_cell(v: Option<KpiValue>) -> CsvCell {
    match v {
        None => CsvCell::Empty,
        Some(KpiValue::Money(f)) => CsvCell::Money(f),
        Some(KpiValue::Count(c)) => CsvCell::Count(c),
        Some(KpiValue::Rate(r)) => CsvCell::Decimal(r, 6),
    }
}

/// Column headings of [`dashboard_rows`], translated by the caller.
pub struct DashboardHeadings {
    pub metric: String,
    pub current: String,
    pub previous: String,
    pub year_ago: String,
    pub mom: String,
    pub yoy: String,
}

/// The Dashboard's period figures: one heading row (with each period's dates), then one row per
/// KPI: this period, 环比 period, 同比 period, 环比 change and 同比 change (ratios).
pub fn dashboard_rows(
    d: &Dashboard,
    h: &DashboardHeadings,
    label: impl Fn(KpiMetric) -> String,
) -> Vec<Vec<CsvCell>> {
    let span = |p: super::Period| format!("{} ~ {}", ymd(p.from), ymd(p.to));
    let mut rows = vec![vec![
        CsvCell::Text(h.metric.clone()),
        CsvCell::Text(format!("{} {}", h.current, span(d.current.period))),
        CsvCell::Text(format!("{} {}", h.previous, span(d.previous.period))),
        CsvCell::Text(format!("{} {}", h.year_ago, span(d.year_ago.period))),
        CsvCell::Text(h.mom.clone()),
        CsvCell::Text(h.yoy.clone()),
    ]];
    for r in &d.rows {
        let change = |c: Option<f64>| c.map_or(CsvCell::Empty, |c| CsvCell::Decimal(c, 6));
        rows.push(vec![
            CsvCell::Text(label(r.metric)),
            kpi_cell(r.current),
            kpi_cell(r.previous),
            kpi_cell(r.year_ago),
            change(r.mom),
            change(r.yoy),
        ]);
    }
    rows
}
