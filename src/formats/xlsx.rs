//! XLSX export: the same typed rows the CSV exports write ([`CsvCell`]), as an Excel workbook
//! written by `rust_xlsxwriter`. The page sends the rows to the xlsx worker
//! (`src/bin/xlsx_worker.rs`) as a small JSON request ([`request`]), so the writer and its zip
//! code never reach the main bundle; the worker answers with the file's bytes.
//!
//! Cells keep their type: money is a number in yuan shown with two decimals (the exact fen is
//! the cell's value), counts are whole numbers, ratios decimals; text stays text, and text that
//! begins with `=`, `+`, `-` or `@` gets the same leading apostrophe as in the CSV exports, so
//! it can never be read as a formula, even after the file is saved again as CSV.

use crate::core::metrics::export::{neutralise, CsvCell};
use crate::model::Fen;
use rust_xlsxwriter::{Format, Workbook};

/// One sheet of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<CsvCell>>,
}

/// Excel's limits: rows per sheet, columns, characters in a cell, characters in a sheet name.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;
const MAX_NAME_CHARS: usize = 31;

/// The request the page sends to the xlsx worker: `[[name, [[cell, ...], ...]], ...]` with each
/// cell as a tagged string (`t` text, `m` fen, `c` count, `d<places>:` decimal, empty).
pub fn request(sheets: &[Sheet]) -> String {
    let v: Vec<(&str, Vec<Vec<String>>)> = sheets
        .iter()
        .map(|s| {
            let rows = s.rows.iter().map(|r| r.iter().map(tag).collect()).collect();
            (s.name.as_str(), rows)
        })
        .collect();
    serde_json::to_string(&v).unwrap_or_default()
}

fn tag(c: &CsvCell) -> String {
    match c {
        CsvCell::Text(s) => format!("t{s}"),
        CsvCell::Money(f) => format!("m{}", f.0),
        CsvCell::Count(n) => format!("c{n}"),
        CsvCell::Bp(b) => format!("p{b}"),
        CsvCell::Decimal(v, p) if v.is_finite() => format!("d{p}:{v}"),
        CsvCell::Decimal(..) | CsvCell::Empty => String::new(),
    }
}

fn untag(s: &str) -> CsvCell {
    let mut chars = s.chars();
    let rest = || s.get(1..).unwrap_or("");
    match chars.next() {
        Some('t') => CsvCell::Text(rest().to_string()),
        Some('m') => rest()
            .parse()
            .map(|f| CsvCell::Money(Fen(f)))
            .unwrap_or(CsvCell::Empty),
        Some('c') => rest().parse().map(CsvCell::Count).unwrap_or(CsvCell::Empty),
        Some('p') => rest().parse().map(CsvCell::Bp).unwrap_or(CsvCell::Empty),
        Some('d') => {
            let (p, v) = rest().split_once(':').unwrap_or(("", ""));
            match (p.parse::<usize>(), v.parse::<f64>()) {
                (Ok(p), Ok(v)) if v.is_finite() => CsvCell::Decimal(v, p.min(10)),
                _ => CsvCell::Empty,
            }
        }
        _ => CsvCell::Empty,
    }
}

/// Reads a [`request`]; `None` if it is not one.
pub fn parse_request(s: &str) -> Option<Vec<Sheet>> {
    let v: Vec<(String, Vec<Vec<String>>)> = serde_json::from_str(s).ok()?;
    Some(
        v.into_iter()
            .map(|(name, rows)| Sheet {
                name,
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|c| untag(c)).collect())
                    .collect(),
            })
            .collect(),
    )
}

/// A sheet name Excel accepts: no `[]:*?/\`, not empty, not starting or ending with `'`, at
/// most 31 characters, and unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "Sheet".into()
    } else {
        clean.chars().take(MAX_NAME_CHARS).collect()
    };
    let mut out = base.clone();
    let mut k = 2;
    while taken.iter().any(|t| t.to_lowercase() == out.to_lowercase()) {
        let suffix = format!(" ({k})");
        let keep = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
        out = base.chars().take(keep).collect::<String>() + &suffix;
        k += 1;
    }
    out
}

/// Display width of a text in Excel's character units (CJK counts two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// The workbook's bytes, or a reason (in English, for the log: the page words its own message)
/// when a sheet exceeds Excel's limits.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let money = Format::new().set_num_format("#,##0.00");
    let count = Format::new().set_num_format("0");
    let percent = Format::new().set_num_format("0.00%");
    let decimals: Vec<Format> = (0..=10)
        .map(|p| {
            let f = if p == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(p))
            };
            Format::new().set_num_format(f)
        })
        .collect();
    let mut names: Vec<String> = Vec::new();
    for s in sheets {
        if s.rows.len() > MAX_ROWS {
            return Err(format!("{} rows (Excel holds {MAX_ROWS})", s.rows.len()));
        }
        if s.rows.iter().any(|r| r.len() > MAX_COLS) {
            return Err(format!("more than {MAX_COLS} columns"));
        }
        let name = sheet_name(&s.name, &names);
        let ws = wb.add_worksheet();
        ws.set_name(name.as_str()).map_err(|e| e.to_string())?;
        names.push(name);
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                let shown = match cell {
                    CsvCell::Text(t) => {
                        let t: String = neutralise(t).chars().take(MAX_CELL_CHARS).collect();
                        let w = width(&t);
                        ws.write_string(r, col, t).map_err(|e| e.to_string())?;
                        w
                    }
                    CsvCell::Money(f) => {
                        ws.write_number_with_format(r, col, yuan(*f), &money)
                            .map_err(|e| e.to_string())?;
                        14
                    }
                    CsvCell::Count(n) => {
                        ws.write_number_with_format(r, col, *n as f64, &count)
                            .map_err(|e| e.to_string())?;
                        10
                    }
                    CsvCell::Bp(b) => {
                        ws.write_number_with_format(r, col, *b as f64 / 10_000.0, &percent)
                            .map_err(|e| e.to_string())?;
                        9
                    }
                    CsvCell::Decimal(v, p) if v.is_finite() => {
                        let f = decimals.get(*p).or(decimals.last());
                        match f {
                            Some(f) => ws.write_number_with_format(r, col, *v, f),
                            None => ws.write_number(r, col, *v),
                        }
                        .map_err(|e| e.to_string())?;
                        p + 4
                    }
                    CsvCell::Decimal(..) | CsvCell::Empty => 0,
                };
                // a section's one-cell title row spreads over the columns beside it
                if row.len() > 1 {
                    if widths.len() <= c {
                        widths.resize(c + 1, 0);
                    }
                    if let Some(w) = widths.get_mut(c) {
                        *w = (*w).max(shown);
                    }
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            let w = (*w).clamp(6, 60) as f64 + 1.0;
            ws.set_column_width(c as u16, w)
                .map_err(|e| e.to_string())?;
        }
    }
    if sheets.is_empty() {
        wb.add_worksheet();
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// Fen as yuan: exact for every amount a store has (below 2^53 fen).
fn yuan(f: Fen) -> f64 {
    f.0 as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trips_every_cell_kind() {
        let sheets = vec![Sheet {
            name: "周报".into(),
            rows: vec![
                vec![CsvCell::Text("=1+1".into()), CsvCell::Text("d:x".into())],
                vec![
                    CsvCell::Money(Fen(98800866)),
                    CsvCell::Count(7),
                    CsvCell::Bp(-1234),
                    CsvCell::Decimal(0.123456, 6),
                    CsvCell::Empty,
                ],
                Vec::new(),
            ],
        }];
        assert_eq!(parse_request(&request(&sheets)), Some(sheets));
        assert_eq!(parse_request("not json"), None);
        assert_eq!(untag("mx"), CsvCell::Empty);
        assert_eq!(untag("d2:NaN"), CsvCell::Empty);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name("'  '", &[]), "Sheet");
        let long = "月".repeat(40);
        let n = sheet_name(&long, &[]);
        assert_eq!(n.chars().count(), 31);
        let again = sheet_name(&long, std::slice::from_ref(&n));
        assert_eq!(again.chars().count(), 31);
        assert!(again.ends_with(" (2)"));
        assert_eq!(sheet_name("Sheet", &["sheet".into()]), "Sheet (2)");
    }
}
