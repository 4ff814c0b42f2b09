//! Import of the files operators download (生意参谋 store and product exports, 万相台 商品报表 and
//! 计划报表, the legacy 直通车 report, and plain CSVs with English headers) into additive daily
//! facts ([`StoreDay`], [`ProductDay`], [`AdDay`]). Pure Rust, no browser code; never panics on
//! any input.
//!
//! The pipeline, each step usable on its own:
//! 1. [`decode_text`]: bytes → text (UTF-8 with or without BOM, UTF-16, else GB18030 through a
//!    caller-supplied [`Gb18030`] decoder); spreadsheets and binary files are named precisely.
//! 2. [`csv_rows`]: text → rows of cells ([`html_rows`] for HTML tables saved as `.xls`;
//!    [`read_rows`] does 1–2 for any text file). Binary workbooks (.xlsx/.xls) are read into the
//!    same `Vec<Vec<String>>` by the worker, and everything below works on rows of strings.
//! 3. [`detect`]: rows → [`Mapping`] (header row, [`FileKind`], each column's [`Field`]), which
//!    the UI shows, the user may correct, and the UI remembers by [`Mapping::signature`].
//! 4. [`apply`]: rows + mapping → [`ImportBatch`], or every bad cell with its row number.
//!
//! [`Table`] holds rows without a `String` per cell; [`read_table`], [`detect_table`] and
//! [`apply_table_with_progress`] are the same steps on it (what the worker uses). [`wire`] carries
//! a batch's records from the worker to the page as bytes.
//!
//! Errors are enums without text: the UI words them.

mod apply;
pub mod checks;
mod decode;
mod detect;
mod fields;
mod gbk;
mod html;
pub mod parts;
mod rows;
mod sheet;
mod table;
pub mod values;
pub mod wire;

pub(crate) use apply::FxMap;
pub use apply::{apply, apply_table_with, apply_table_with_progress, apply_with_progress};
pub use checks::{
    check_formulas, choose_column, column_letter, duplicate_headers, DuplicateHeader, FormulaCells,
    RefundTolerance, RelationCheck, RelationWarning, REFUND_TOLERANCE,
};
pub use decode::{decode_text, BinaryKind, Encoding, Gb18030, SheetFormat, CHUNK};
pub use detect::{detect, detect_table, header_names, Mapping, HEADER_SCAN_ROWS};
pub use fields::{header_key, Field, FileKind, Level, ValueType};
pub use gbk::{EncodingRs, FastGb18030};
pub use html::html_rows;
pub use rows::{csv_rows, csv_table, LastRow};
pub use sheet::{sheet_rows, sheet_rows_with_formulas, MAX_SHEET_CELLS};
pub use table::{Row, Table};

use crate::model::metrics::{AdDay, Day, ProductDay, StoreDay};
use serde::{Deserialize, Serialize};

/// Most rows a file may have (about 1,370 products × 730 days).
pub const MAX_ROWS: usize = 1_000_000;
/// At most this many row errors, warnings and duplicate row numbers are listed (all are counted).
pub const MAX_LISTED: usize = 50;

/// Why a file can't be imported. Row numbers are 1-based, as the operator sees them in Excel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportError {
    /// No bytes, or only whitespace.
    Empty,
    /// Not text in any encoding we read (too many undecodable or control characters).
    NotText,
    /// A binary file that is not a spreadsheet (an image, a PDF, a zip...).
    Binary(BinaryKind),
    /// A spreadsheet: the caller must read it into rows first (the worker's xlsx/xls reader).
    Spreadsheet(SheetFormat),
    /// The file ends in the middle of row `row` (cut-off download or copy).
    Truncated { row: usize },
    /// No header row in the first 30 rows; `best_row` is the row with the most known header
    /// texts, if any.
    NoHeader { best_row: Option<usize> },
    /// A header row was found, but the columns don't match any kind of file.
    UnknownKind { header_row: usize },
    /// The mapping's header texts are not those of row `header_row` of this file.
    HeaderMismatch { header_row: usize },
    /// The mapping lacks a column this kind of file needs (for ad plan reports `PlanId` stands
    /// for "plan ID, plan name or scene").
    MissingColumn(Field),
    /// Two columns are mapped to the same meaning.
    DuplicateField(Field),
    /// No column with a count or amount is mapped.
    NoMetricColumns,
    /// The header is followed by no data rows (only blanks or totals).
    NoDataRows,
    /// Bad cells: the first 50 listed, `total` counted.
    Rows { errors: Vec<RowError>, total: usize },
    /// More rows than [`MAX_ROWS`].
    TooManyRows(usize),
    /// The progress callback asked to stop.
    Cancelled,
    /// A workbook column the mapping reads has formula cells without a saved result (they would
    /// read as empty, i.e. 0): `count` of them in column `column` (letter `letter`), the first
    /// in row `row`. Open the file in Excel, let it calculate, save, and import again.
    FormulaWithoutValue {
        column: String,
        letter: String,
        row: usize,
        count: usize,
    },
}

/// One bad cell (or row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based row number in the file.
    pub row: usize,
    /// Header text of the column, if the problem is in one cell.
    pub column: Option<String>,
    pub problem: RowProblem,
}

/// What is wrong with a cell. Texts are the cell as written (trimmed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    /// A date, ID or plan that every row needs is empty.
    MissingValue,
    BadDate(String),
    /// A range of several days: such a row can't be split into days.
    DateRange {
        from: Day,
        to: Day,
    },
    /// A date before 2000 or after 2100.
    DateOutOfRange(String),
    BadNumber(String),
    /// A number in scientific notation (`1.2E+5`).
    ScientificNumber(String),
    /// A fraction where a whole count is needed (`12.5` buyers).
    NotWhole(String),
    Negative(String),
    /// A percentage in a column of counts or amounts.
    Percent(String),
    /// Absurdly large for one row (> ¥1,000,000,000 or > 1,000,000,000).
    TooLarge(String),
    /// An ID turned into scientific notation by Excel (`9.88E+11`): its digits are lost; export
    /// again or format the column as text.
    IdScientific(String),
    /// An ID that isn't digits (or is too long).
    BadId(String),
}

/// Something repaired while reading; the import goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowWarning {
    pub row: usize,
    pub column: String,
    pub kind: WarningKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// An ID written as `123.0` (a number in a spreadsheet); read as `123`.
    IdDecimalSuffix(String),
}

/// What a file holds, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBatch {
    pub kind: FileKind,
    /// Sorted by day (store files).
    pub store_days: Vec<StoreDay>,
    /// Sorted by day, then 商品ID (product files).
    pub product_days: Vec<ProductDay>,
    /// Sorted by day, plan ID, plan name, 主体ID (ad reports).
    pub ad_days: Vec<AdDay>,
    /// Rows that gave a record, before duplicates were merged.
    pub data_rows: usize,
    /// 合计/总计/汇总 (or Total) rows skipped.
    pub skipped_total_rows: usize,
    /// Repeated header rows and one-cell note rows skipped.
    pub skipped_other_rows: usize,
    /// Rows with the same day and ID (and plan) as an earlier row; the later row was kept.
    pub duplicate_count: usize,
    /// Row numbers of the first 50 of those.
    pub duplicates: Vec<usize>,
    /// Count and amount cells that were empty (`-`, `--`, blank) and read as 0.
    pub empty_values: usize,
    pub warning_count: usize,
    /// The first 50 warnings.
    pub warnings: Vec<RowWarning>,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
    /// (商品ID, name) of the products in the file that had a name column, sorted by ID: for
    /// linking to the catalog and offering to add unknown ones.
    pub items: Vec<(String, String)>,
    /// Rows breaking a relation the exports guarantee (支付买家数 ≤ 访客数...): all counted, the
    /// first 50 listed. The user must acknowledge them before the batch is stored.
    #[serde(default)]
    pub relation_count: usize,
    #[serde(default)]
    pub relations: Vec<RelationWarning>,
    /// Workbook formula cells without a saved result (anywhere in the sheet; read as empty).
    #[serde(default)]
    pub formula_cells: usize,
}

impl ImportBatch {
    fn new(kind: FileKind) -> Self {
        ImportBatch {
            kind,
            store_days: Vec::new(),
            product_days: Vec::new(),
            ad_days: Vec::new(),
            data_rows: 0,
            skipped_total_rows: 0,
            skipped_other_rows: 0,
            duplicate_count: 0,
            duplicates: Vec::new(),
            empty_values: 0,
            warning_count: 0,
            warnings: Vec::new(),
            first_day: None,
            last_day: None,
            items: Vec::new(),
            relation_count: 0,
            relations: Vec::new(),
            formula_cells: 0,
        }
    }

    /// Whether the user must acknowledge rows before this batch may be stored.
    pub fn needs_ack(&self) -> bool {
        self.relation_count > 0
    }

    /// Number of records (after duplicates were merged).
    pub fn len(&self) -> usize {
        self.store_days.len() + self.product_days.len() + self.ad_days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Bytes of a text file → rows: [`decode_text`] then [`csv_rows`], or [`html_rows`] for an HTML
/// table saved as `.xls`. Binary workbooks (xlsx, BIFF xls, ods) are
/// `Err(Spreadsheet(_))`: read them with a workbook reader into the same rows.
pub fn read_rows(
    bytes: &[u8],
    gbk: &dyn Gb18030,
) -> Result<(Vec<Vec<String>>, Encoding), ImportError> {
    let (table, encoding) = read_table(bytes, gbk)?;
    Ok((table.to_rows(0..table.len()), encoding))
}

/// [`read_rows`] into a [`Table`].
pub fn read_table(bytes: &[u8], gbk: &dyn Gb18030) -> Result<(Table, Encoding), ImportError> {
    let (text, encoding) = decode::decode_any(bytes, gbk)?;
    let rows = if decode::looks_like_html(&text) {
        let rows = html_rows(&text);
        if rows.len() > MAX_ROWS {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
        Table::from_rows(&rows)
    } else {
        csv_table(&text)?
    };
    Ok((rows, encoding))
}

/// The whole pipeline for a text file (CSV, TSV or HTML table) with the detected mapping.
pub fn import_text(bytes: &[u8], gbk: &dyn Gb18030) -> Result<(Mapping, ImportBatch), ImportError> {
    let (rows, _) = read_table(bytes, gbk)?;
    let mapping = detect_table(&rows)?;
    let batch = apply_table_with_progress(&rows, &mapping, &mut |_, _| true)?;
    Ok((mapping, batch))
}

/// The whole pipeline for a workbook (.xlsx/.xls) with the detected mapping, as the worker runs
/// it: refused when a column the mapping reads has formula cells without a saved result
/// ([`check_formulas`]); the batch counts all such cells.
pub fn import_sheet(bytes: Vec<u8>) -> Result<(Mapping, ImportBatch), ImportError> {
    let (rows, formulas) = sheet_rows_with_formulas(bytes)?;
    let mapping = detect_table(&rows)?;
    check_formulas(&formulas, &mapping)?;
    let mut batch = apply_table_with_progress(&rows, &mapping, &mut |_, _| true)?;
    batch.formula_cells = formulas.count;
    Ok((mapping, batch))
}
