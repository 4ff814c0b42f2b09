//! Checks that stop a file from quietly changing figures (issue 18, items 3–5):
//!
//! - **Relations the exports guarantee** ([`RelationCheck`]): 支付买家数 ≤ 访客数, 下单买家数 ≥
//!   支付买家数, 点击量 ≤ 展现量, 成功退款金额 ≤ 支付金额 (within [`REFUND_TOLERANCE`]). A row that
//!   breaks one is a [`RelationWarning`]: the import is shown, but only stored once the user has
//!   acknowledged the listed rows. Each check runs only when both of its columns are mapped (a
//!   column the file lacks reads as 0 and proves nothing).
//! - **Duplicate headers** ([`duplicate_headers`]): two 访客数 (or 统计日期, 商品ID...) columns are
//!   named with their column letters, and [`choose_column`] picks which one a field is read from.
//! - **Formula cells without a saved result** ([`FormulaCells`]): a workbook's formula cell whose
//!   value was never computed reads as empty (0 visitors). They are counted, and the file is
//!   refused when a column the mapping reads has one below the header ([`check_formulas`]).

use super::detect::Mapping;
use super::fields::Field;
use super::ImportError;
use serde::{Deserialize, Serialize};

/// How far 成功退款金额 may exceed 支付金额 on one row before it is flagged: refunds of a day
/// include refunds of orders paid on earlier days, so a day's refunds can be above its own
/// payments. A row is flagged when `refund > paid + max(paid × percent / 100, fen)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefundTolerance {
    /// Share of the day's 支付金额 refunds may exceed it by (percent).
    pub percent: i64,
    /// Amount (fen) refunds may exceed 支付金额 by in any case (a day with few or no payments).
    pub fen: i64,
}

/// The default tolerance (a setting: `Settings::refund_tolerance_pct` / `_min`): 50% of the
/// day's payments, at least ¥100.
pub const REFUND_TOLERANCE: RefundTolerance = RefundTolerance {
    percent: 50,
    fen: 10_000,
};

impl RefundTolerance {
    /// A tolerance from the settings' percent and minimum (fen), kept in range.
    pub fn new(percent: i64, fen: i64) -> RefundTolerance {
        RefundTolerance {
            percent: percent.clamp(0, 10_000),
            fen: fen.clamp(0, i64::MAX / 4),
        }
    }

    /// Whether `refund` (fen) is more than `paid` (fen) allows.
    pub fn exceeded(self, refund: i64, paid: i64) -> bool {
        let slack = (paid.max(0).saturating_mul(self.percent) / 100).max(self.fen);
        refund > paid.saturating_add(slack)
    }
}

/// A relation between two columns of one row that the exports guarantee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationCheck {
    /// 支付买家数 > 访客数 (left: paying buyers, right: visitors).
    PayingOverVisitors,
    /// 支付买家数 > 下单买家数 (left: paying buyers, right: order buyers).
    PayingOverOrderBuyers,
    /// 点击量 > 展现量 (left: clicks, right: impressions).
    ClicksOverImpressions,
    /// 成功退款金额 > 支付金额 beyond [`REFUND_TOLERANCE`] (left: refunds, right: paid; fen).
    RefundOverPaid,
}

impl RelationCheck {
    pub const ALL: [RelationCheck; 4] = [
        RelationCheck::PayingOverVisitors,
        RelationCheck::PayingOverOrderBuyers,
        RelationCheck::ClicksOverImpressions,
        RelationCheck::RefundOverPaid,
    ];

    /// The two fields compared: (the one that must not be larger, the bound).
    pub fn fields(self) -> (Field, Field) {
        match self {
            RelationCheck::PayingOverVisitors => (Field::PayingBuyers, Field::Visitors),
            RelationCheck::PayingOverOrderBuyers => (Field::PayingBuyers, Field::OrderBuyers),
            RelationCheck::ClicksOverImpressions => (Field::Clicks, Field::Impressions),
            RelationCheck::RefundOverPaid => (Field::RefundAmount, Field::PaidAmount),
        }
    }

    /// Whether the values of one row break this relation (refunds with the default tolerance).
    pub fn broken(self, left: i64, right: i64) -> bool {
        self.broken_with(left, right, REFUND_TOLERANCE)
    }

    /// [`Self::broken`] with the user's refund tolerance.
    pub fn broken_with(self, left: i64, right: i64, refund: RefundTolerance) -> bool {
        match self {
            RelationCheck::RefundOverPaid => refund.exceeded(left, right),
            _ => left > right,
        }
    }

    /// The checks that apply to a mapping: both columns mapped (and stored by its kind).
    pub fn applicable(mapping: &Mapping) -> Vec<RelationCheck> {
        let mapped =
            |f: Field| f.applies_to(mapping.kind) && mapping.columns.iter().any(|(_, x)| *x == f);
        RelationCheck::ALL
            .into_iter()
            .filter(|c| {
                let (a, b) = c.fields();
                mapped(a) && mapped(b)
            })
            .collect()
    }
}

/// One row that breaks a relation: its 1-based file row number and the two values (counts, or
/// fen for money).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationWarning {
    pub row: usize,
    pub check: RelationCheck,
    pub left: i64,
    pub right: i64,
}

/// Spreadsheet column letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A header text that appears in more than one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateHeader {
    /// The header text as written (without the `_2` suffix the mapping gives repeats).
    pub header: String,
    /// 0-based column positions, in file order.
    pub columns: Vec<usize>,
    /// The meaning one of these columns has in the mapping (`Ignore` if none has one).
    pub field: Field,
    /// The column the field is read from now (`None` when `field` is `Ignore`).
    pub chosen: Option<usize>,
}

/// The header texts of `mapping` that occur in several columns. [`super::header_names`] names a
/// repeat `访客数_2`, `访客数_3`...; those are matched back to their first column.
pub fn duplicate_headers(mapping: &Mapping) -> Vec<DuplicateHeader> {
    let names: Vec<&str> = mapping.columns.iter().map(|(h, _)| h.as_str()).collect();
    let mut groups: Vec<DuplicateHeader> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some((base, n)) = name.rsplit_once('_') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else {
            continue;
        };
        if n < 2 {
            continue;
        }
        // The k-th repeat of `base`: `base` itself must be an earlier column.
        let Some(first) = names.iter().take(i).position(|x| *x == base) else {
            continue;
        };
        match groups.iter_mut().find(|g| g.header == base) {
            Some(g) => g.columns.push(i),
            None => groups.push(DuplicateHeader {
                header: base.to_string(),
                columns: vec![first, i],
                field: Field::Ignore,
                chosen: None,
            }),
        }
    }
    groups.sort_by_key(|g| g.columns.first().copied());
    for g in &mut groups {
        g.chosen = g
            .columns
            .iter()
            .copied()
            .find(|&c| mapping.field(c) != Field::Ignore);
        g.field = g.chosen.map_or(Field::Ignore, |c| mapping.field(c));
    }
    groups
}

/// Reads `field` from column `col` of a group of same-named columns: `col` gets the field and
/// the other columns of `group` are ignored. Returns false (and changes nothing) if `col` is not
/// in the group or the field is `Ignore`.
pub fn choose_column(mapping: &mut Mapping, group: &DuplicateHeader, col: usize) -> bool {
    if group.field == Field::Ignore || !group.columns.contains(&col) {
        return false;
    }
    for &c in &group.columns {
        if let Some(slot) = mapping.columns.get_mut(c) {
            slot.1 = if c == col { group.field } else { Field::Ignore };
        }
    }
    true
}

/// Formula cells of a workbook that have no saved result (read as empty): their 0-based
/// (row, column) positions, the first [`MAX_FORMULA_POSITIONS`] kept, all counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormulaCells {
    pub count: usize,
    pub positions: Vec<(u32, u32)>,
}

/// At most this many positions of formula cells without a value are kept.
pub const MAX_FORMULA_POSITIONS: usize = 100_000;

impl FormulaCells {
    pub fn push(&mut self, row: u32, col: u32) {
        self.count += 1;
        if self.positions.len() < MAX_FORMULA_POSITIONS {
            self.positions.push((row, col));
        }
    }
}

/// Refuses a workbook when a column `mapping` reads (any meaning but `Ignore`) has a formula
/// cell without a saved value below the header row: that cell would read as 0 or as missing.
/// The error names the first such column, its first row (1-based) and how many such cells it
/// has.
pub fn check_formulas(cells: &FormulaCells, mapping: &Mapping) -> Result<(), ImportError> {
    if cells.count == 0 {
        return Ok(());
    }
    let header = mapping.header_row;
    let relevant = || {
        cells
            .positions
            .iter()
            .map(|&(r, c)| (r as usize + 1, c as usize))
            .filter(|&(row, col)| row > header && mapping.field(col) != Field::Ignore)
    };
    // The leftmost such column, its first row and its number of such cells.
    let worst = relevant().map(|(_, col)| col).min().map(|col| {
        let rows = relevant().filter(|&(_, c)| c == col).map(|(r, _)| r);
        let first = rows.clone().min().unwrap_or(0);
        (col, first, rows.count())
    });
    match worst {
        Some((col, row, count)) => Err(ImportError::FormulaWithoutValue {
            column: mapping
                .columns
                .get(col)
                .map(|c| c.0.clone())
                .unwrap_or_default(),
            letter: column_letter(col),
            row,
            count,
        }),
        None => Ok(()),
    }
}
