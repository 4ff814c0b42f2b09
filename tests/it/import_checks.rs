//! Issue 18 items 3–5: files the planner accepts must not quietly change figures.
//! - impossible combinations (支付买家数 > 访客数, 支付买家数 > 下单买家数, 点击量 > 展现量, refunds
//!   far above payments) are listed with their file row and values, the batch marked as needing
//!   acknowledgment;
//! - duplicate headers are reported with their column letters and a chosen column is read;
//! - workbook formula cells without a saved result are counted, and refuse the file when a
//!   column the mapping reads has one (fixtures from tests/fixtures/import/formulas/make_formulas.py
//!   and make_xls.py).

use std::path::PathBuf;
use store_ops_planner::formats::import::{
    apply, check_formulas, choose_column, column_letter, detect, duplicate_headers, import_sheet,
    import_text, EncodingRs, Field, FormulaCells, ImportError, RelationCheck, RelationWarning,
    REFUND_TOLERANCE,
};

fn rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn warn(row: usize, check: RelationCheck, left: i64, right: i64) -> RelationWarning {
    RelationWarning {
        row,
        check,
        left,
        right,
    }
}

// ---- item 3: impossible combinations ----

#[test]
fn paying_buyers_over_visitors_is_listed_with_row_and_values() {
    // Two preamble rows: the data rows are file rows 4 and 5.
    let r = rows(&[
        "【生意参谋平台】店铺整体",
        "统计时间：2024-03-01 ~ 2024-03-02",
        "统计日期,访客数,支付买家数,支付金额",
        "2024-03-01,100,5000,500.00",
        "2024-03-02,200,20,900.00",
    ]);
    let m = detect(&r).unwrap();
    let b = apply(&r, &m).unwrap();
    assert_eq!(b.relation_count, 1);
    assert_eq!(
        b.relations,
        vec![warn(4, RelationCheck::PayingOverVisitors, 5000, 100)]
    );
    assert!(b.needs_ack());
    // The records are still read as written: the user decides after seeing them.
    assert_eq!(b.store_days.len(), 2);
}

#[test]
fn text_import_with_bytes_gives_the_same_warning() {
    let csv = "统计日期,访客数,支付买家数,支付金额\n2024-03-01,100,5000,500.00\n";
    let (_, b) = import_text(csv.as_bytes(), &EncodingRs).unwrap();
    assert_eq!(
        b.relations,
        vec![warn(2, RelationCheck::PayingOverVisitors, 5000, 100)]
    );
}

#[test]
fn order_buyers_clicks_and_refunds_are_checked() {
    let r = rows(&[
        "统计日期,访客数,下单买家数,支付买家数,支付金额,成功退款金额",
        "2024-03-01,100,10,12,1000.00,0",
        "2024-03-02,100,10,10,1000.00,1500.00",
        "2024-03-03,100,10,10,1000.00,1500.01",
        "2024-03-04,100,10,10,0,100.00",
        "2024-03-05,100,10,10,0,100.01",
    ]);
    let b = apply(&r, &detect(&r).unwrap()).unwrap();
    assert_eq!(
        b.relations,
        vec![
            warn(2, RelationCheck::PayingOverOrderBuyers, 12, 10),
            warn(4, RelationCheck::RefundOverPaid, 150_001, 100_000),
            warn(6, RelationCheck::RefundOverPaid, 10_001, 0),
        ]
    );
    let ad = rows(&[
        "日期,计划ID,计划名字,展现量,点击量,花费",
        "2024-03-01,1,a,100,100,1.00",
        "2024-03-01,2,b,100,101,1.00",
    ]);
    let b = apply(&ad, &detect(&ad).unwrap()).unwrap();
    assert_eq!(
        b.relations,
        vec![warn(3, RelationCheck::ClicksOverImpressions, 101, 100)]
    );
}

#[test]
fn refund_tolerance_is_the_documented_constant() {
    assert_eq!(REFUND_TOLERANCE.percent, 50);
    assert_eq!(REFUND_TOLERANCE.fen, 10_000);
    assert!(!REFUND_TOLERANCE.exceeded(150_000, 100_000));
    assert!(REFUND_TOLERANCE.exceeded(150_001, 100_000));
    assert!(!REFUND_TOLERANCE.exceeded(10_000, 0));
    // No overflow panic on extreme values.
    let _ = REFUND_TOLERANCE.exceeded(i64::MAX, i64::MAX);
}

/// The tolerance is a setting: the same file is quiet with the default and listed with a
/// stricter one, and the worker's parts path reads the same setting.
#[test]
fn refund_tolerance_is_a_setting() {
    use store_ops_planner::formats::import::{apply_table_with, RefundTolerance, Table};
    // refunds ¥120 on ¥100 paid: within 50% (¥150) but over 10% (¥110) and over ¥100
    let r = rows(&[
        "统计日期,访客数,支付买家数,支付金额,成功退款金额",
        "2024-03-01,100,5,100.00,120.00",
    ]);
    let m = detect(&r).unwrap();
    let t = Table::from_rows(&r);
    let default = apply_table_with(&t, &m, REFUND_TOLERANCE, &mut |_, _| true).unwrap();
    assert_eq!(default.relation_count, 0);
    let strict = RefundTolerance::new(10, 0);
    let b = apply_table_with(&t, &m, strict, &mut |_, _| true).unwrap();
    assert_eq!(
        b.relations,
        [warn(2, RelationCheck::RefundOverPaid, 12_000, 10_000)]
    );
    // the minimum applies when it is the larger allowance: ¥10% of ¥100 = ¥10 < ¥50
    let with_min = RefundTolerance::new(10, 5_000);
    let b = apply_table_with(&t, &m, with_min, &mut |_, _| true).unwrap();
    assert_eq!(b.relation_count, 0);
    // out-of-range settings are kept in range, never a panic
    let wild = RefundTolerance::new(i64::MAX, -5);
    assert_eq!((wild.percent, wild.fen), (10_000, 0));
    assert!(!wild.exceeded(10_000, 100));
    let _ = wild.exceeded(i64::MAX, i64::MAX);
}

#[test]
fn a_relation_is_checked_only_when_both_columns_are_in_the_file() {
    // No 访客数 column: 0 visitors proves nothing.
    let r = rows(&["统计日期,支付买家数,支付金额", "2024-03-01,5000,500.00"]);
    let b = apply(&r, &detect(&r).unwrap()).unwrap();
    assert_eq!(b.relation_count, 0);
    assert!(!b.needs_ack());
}

#[test]
fn more_than_fifty_rows_are_counted_and_fifty_listed() {
    let mut lines = vec!["统计日期,访客数,支付买家数".to_string()];
    for d in 1..=28 {
        lines.push(format!("2024-02-{d:02},1,2"));
    }
    for d in 1..=31 {
        lines.push(format!("2024-03-{d:02},1,2"));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let r = rows(&refs);
    let b = apply(&r, &detect(&r).unwrap()).unwrap();
    assert_eq!(b.relation_count, 59);
    assert_eq!(b.relations.len(), 50);
}

// ---- item 4: duplicate headers ----

#[test]
fn duplicate_headers_are_named_with_their_columns() {
    let r = rows(&[
        "统计日期,访客数,支付金额,访客数,统计日期",
        "2024-03-01,100,10.00,300,2024-03-09",
    ]);
    let m = detect(&r).unwrap();
    let d = duplicate_headers(&m);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].header, "统计日期");
    assert_eq!(d[0].columns, vec![0, 4]);
    assert_eq!(d[0].field, Field::Date);
    assert_eq!(d[0].chosen, Some(0));
    assert_eq!(d[1].header, "访客数");
    assert_eq!(d[1].columns, vec![1, 3]);
    assert_eq!(d[1].field, Field::Visitors);
    let letters: Vec<String> = d[1].columns.iter().map(|&c| column_letter(c)).collect();
    assert_eq!(letters, vec!["B", "D"]);
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(701), "ZZ");
    assert_eq!(column_letter(702), "AAA");
}

#[test]
fn the_chosen_duplicate_column_is_read() {
    let r = rows(&[
        "统计日期,商品ID,访客数,支付金额,访客数,商品ID",
        "2024-03-01,111,100,10.00,300,222",
    ]);
    let mut m = detect(&r).unwrap();
    let b = apply(&r, &m).unwrap();
    assert_eq!(b.product_days[0].visitors, 100);
    assert_eq!(b.product_days[0].item_id, "111");
    let d = duplicate_headers(&m);
    let visitors = d.iter().find(|g| g.field == Field::Visitors).unwrap();
    assert!(choose_column(&mut m, visitors, 4));
    let id = d.iter().find(|g| g.field == Field::ItemId).unwrap();
    assert!(choose_column(&mut m, id, 5));
    assert_eq!(m.field(2), Field::Ignore);
    assert_eq!(m.field(4), Field::Visitors);
    let b = apply(&r, &m).unwrap();
    assert_eq!(b.product_days[0].visitors, 300);
    assert_eq!(b.product_days[0].item_id, "222");
    // The report follows the choice.
    let d = duplicate_headers(&m);
    assert_eq!(
        d.iter()
            .find(|g| g.field == Field::Visitors)
            .unwrap()
            .chosen,
        Some(4)
    );
    // A column outside the group changes nothing.
    let before = m.clone();
    assert!(!choose_column(&mut m, &d[0], 3));
    assert_eq!(m, before);
}

#[test]
fn a_header_that_merely_ends_in_a_number_is_no_duplicate() {
    let r = rows(&["统计日期,访客数,备注_2,支付金额", "2024-03-01,1,x,1.00"]);
    assert!(duplicate_headers(&detect(&r).unwrap()).is_empty());
}

// ---- item 5: formula cells without a saved result ----

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/formulas")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn formulas_without_value_in_a_read_column_refuse_the_file() {
    assert_eq!(
        import_sheet(fixture("visitors_no_value.xlsx")).map(|_| ()),
        Err(ImportError::FormulaWithoutValue {
            column: "访客数".to_string(),
            letter: "B".to_string(),
            row: 3,
            count: 2,
        })
    );
}

#[test]
fn formulas_without_value_in_an_ignored_column_are_counted() {
    let (m, b) = import_sheet(fixture("ratio_no_value.xlsx")).unwrap();
    assert_eq!(m.field(4), Field::Ignore);
    assert_eq!(b.formula_cells, 2);
    assert_eq!(b.store_days.len(), 2);
    assert_eq!(b.store_days[1].visitors, 120);
}

#[test]
fn formulas_with_saved_results_read_their_values() {
    let (_, b) = import_sheet(fixture("visitors_cached.xlsx")).unwrap();
    assert_eq!(b.formula_cells, 0);
    let v: Vec<u64> = b.store_days.iter().map(|d| d.visitors).collect();
    assert_eq!(v, vec![100, 120]);
}

/// The legacy .xls as other tools write it (tests/fixtures/import/formulas/make_xls.py): the
/// 访客数 formulas hold no result — one marked "string follows" with no String record, one an
/// empty string — and the file is refused like the .xlsx.
#[test]
fn xls_formulas_without_value_refuse_the_file() {
    assert_eq!(
        import_sheet(fixture("visitors_no_value.xls")).map(|_| ()),
        Err(ImportError::FormulaWithoutValue {
            column: "访客数".to_string(),
            letter: "B".to_string(),
            row: 2,
            count: 2,
        })
    );
    let (_, b) = import_sheet(fixture("visitors_cached.xls")).unwrap();
    assert_eq!(b.formula_cells, 0);
    let v: Vec<u64> = b.store_days.iter().map(|d| d.visitors).collect();
    assert_eq!(v, vec![100, 120]);
}

#[test]
fn formula_check_ignores_the_header_and_ignored_columns() {
    let r = rows(&["统计日期,访客数,支付金额", "2024-03-01,1,1.00"]);
    let m = detect(&r).unwrap();
    let mut cells = FormulaCells::default();
    cells.push(0, 1); // in the header row
    assert_eq!(check_formulas(&cells, &m), Ok(()));
    cells.push(1, 7); // beyond the mapped columns
    assert_eq!(check_formulas(&cells, &m), Ok(()));
    cells.push(1, 2);
    assert!(matches!(
        check_formulas(&cells, &m),
        Err(ImportError::FormulaWithoutValue {
            row: 2,
            count: 1,
            ..
        })
    ));
}
