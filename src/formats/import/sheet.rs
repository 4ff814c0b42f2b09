//! Binary workbooks (.xlsx, BIFF .xls, .ods) → the same [`Table`] the CSV reader makes, through
//! calamine. Only the import worker calls this (so calamine never reaches the main bundle).
//!
//! An xlsx cell may claim any position (`r="XFD1048576"`, or a mutated `r="A4000000000"`) and
//! calamine makes one dense grid from the first to the last: a few bytes of file could ask for
//! terabytes and abort the worker. The cells are therefore read one by one and the grid's size
//! checked first (the fuzz harness found this).

use super::checks::FormulaCells;
use super::{ImportError, Table, MAX_ROWS};
use calamine::{Cell, Data, Range, Reader, Sheets};

/// Most cells (the rectangle from the first to the last non-empty cell) a sheet may span: the
/// largest legacy .xls sheet (65,536 × 256) plus room.
pub const MAX_SHEET_CELLS: u64 = 20_000_000;

/// The first sheet of a workbook as rows of text, the way the CSV reader produces them.
pub fn sheet_rows(bytes: Vec<u8>) -> Result<Table, ImportError> {
    sheet_rows_with_formulas(bytes).map(|(t, _)| t)
}

/// [`sheet_rows`], with the formula cells that have no saved result (they read as empty): Excel
/// saves a formula's last result next to it, but files written by other tools (or with
/// calculation off) may hold the formula alone.
pub fn sheet_rows_with_formulas(bytes: Vec<u8>) -> Result<(Table, FormulaCells), ImportError> {
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| ImportError::NotText)?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportError::Empty)?;
    let mut formulas = FormulaCells::default();
    let range = match &mut wb {
        Sheets::Xlsx(x) => xlsx_range(x, &name, &mut formulas)?,
        other => {
            let range = other
                .worksheet_range(&name)
                .map_err(|_| ImportError::NotText)?;
            // .xls keeps its formulas apart; a formula whose value is empty has no result
            // (no value at all: "string follows" without its String record; or the empty
            // string other tools write when they do not calculate).
            if let Ok(f) = other.worksheet_formula(&name) {
                for (r, c, text) in f.used_cells() {
                    if text.is_empty() {
                        continue;
                    }
                    let (fr, fc) = f.start().unwrap_or((0, 0));
                    let (row, col) = (fr.saturating_add(r as u32), fc.saturating_add(c as u32));
                    let empty = range.get_value((row, col)).is_none_or(|d| match d {
                        Data::Empty => true,
                        Data::String(s) => s.is_empty(),
                        _ => false,
                    });
                    if empty {
                        formulas.push(row, col);
                    }
                }
            }
            range
        }
    };
    // Positions relative to the grid's first cell, as the rows below are.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    formulas.positions = formulas
        .positions
        .iter()
        .filter_map(|&(r, c)| Some((r.checked_sub(r0)?, c.checked_sub(c0)?)))
        .collect();
    let mut table = Table::new();
    for row in range.rows() {
        for d in row {
            table.push_cell(&cell_text(d));
        }
        table.end_row();
    }
    Ok((table, formulas))
}

/// What `worksheet_range` gives (the non-empty cells, from the first to the last), refusing a
/// grid larger than [`MAX_ROWS`] rows or [`MAX_SHEET_CELLS`] cells before making it. Formula
/// cells without a saved value go to `formulas` (absolute positions).
fn xlsx_range<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    formulas: &mut FormulaCells,
) -> Result<Range<Data>, ImportError> {
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|_| ImportError::NotText)?;
    let mut cells = Vec::new();
    let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|_| ImportError::NotText)?
    {
        let (r, c) = cell.pos;
        let value = Data::from(cell.value);
        if value == Data::Empty {
            if cell.formula.is_some() {
                formulas.push(r, c);
            }
            continue;
        }
        (r0, r1, c0, c1) = (r0.min(r), r1.max(r), c0.min(c), c1.max(c));
        let rows = u64::from(r1 - r0) + 1;
        if rows > MAX_ROWS as u64 || rows * (u64::from(c1 - c0) + 1) > MAX_SHEET_CELLS {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
        cells.push(Cell::new((r, c), value));
    }
    Ok(Range::from_sparse(cells))
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // integral floats (IDs, counts) without a trailing ".0"
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // Excel dates as serial numbers; the date parser reads serials
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}
