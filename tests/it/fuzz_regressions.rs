//! Inputs found by the fuzz harness (`bash scripts/fuzz.sh`, examples/fuzz.rs) and the classes
//! of damage it makes, through the same entry points: each must give an error value, not a
//! panic or an abort.

use std::path::PathBuf;
use store_ops_planner::core::metrics::MetricsStore;
use store_ops_planner::formats::import::{
    self, apply_table_with_progress, detect_table, FastGb18030, ImportError, MAX_ROWS,
};
use store_ops_planner::formats::plan_file;
use store_ops_planner::store::{self, Backend, LoadIssue, MemoryBackend};

fn fixture(rel: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_xlsx_cell_four_billion_rows_down_is_too_many_rows_not_an_abort() {
    // Found by the fuzz target `xlsx`: calamine made the dense grid first (2.6 TB) and aborted.
    let got = import::sheet_rows(fixture("fuzz/crash-xlsx-far-cell.xlsx"));
    assert_eq!(got.err(), Some(ImportError::TooManyRows(MAX_ROWS)));
}

#[test]
fn an_xlsx_sheet_spanning_more_cells_than_the_limit_is_refused_before_it_is_made() {
    let got = import::sheet_rows(fixture("fuzz/crash-xlsx-wide-cell.xlsx"));
    assert_eq!(got.err(), Some(ImportError::TooManyRows(MAX_ROWS)));
}

#[test]
fn an_ordinary_xlsx_still_reads_through_the_cell_by_cell_path() {
    let table = import::sheet_rows(fixture("fuzz/store-days.xlsx")).expect("rows");
    assert_eq!(table.len(), 2);
    assert_eq!(
        table.row(1).map(|r| r.to_vec()),
        Some(vec![
            "2026-11-11".to_string(),
            "120".into(),
            "3456.7".into()
        ])
    );
    let mapping = detect_table(&table).expect("mapping");
    let batch = apply_table_with_progress(&table, &mapping, &mut |_, _| true).expect("batch");
    assert_eq!(batch.store_days.len(), 1);
    assert_eq!(batch.store_days[0].paid_amount.0, 345_670);
}

#[test]
fn plan_files_with_fuzzed_damage_are_errors() {
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let inputs: Vec<Vec<u8>> = vec![
        deep.into_bytes(),
        br#"{"type":"store-ops-plan","version":1e309,"payload":{}}"#.to_vec(),
        br#"{"type":"store-ops-plan","version":2,"version":2,"payload":{"products":NaN}}"#.to_vec(),
        br#"{"type":"store-ops-plan","version":18446744073709551616,"payload":{}}"#.to_vec(),
        [
            b"\xEF\xBB\xBF".as_slice(),
            &fixture("plan/v2-workspace.json")[..2000],
        ]
        .concat(),
        vec![0xFF; 100],
    ];
    for input in inputs {
        assert!(plan_file::parse(&input).is_err());
    }
}

#[test]
fn import_files_with_fuzzed_damage_are_errors() {
    let gbk = FastGb18030::new();
    let inputs: Vec<Vec<u8>> = vec![
        b"\"".repeat(10_000),
        b"<table><tr><td colspan=99999999>x</td></tr>".to_vec(),
        b"\xFF\xFE\x00".to_vec(),
        "统计日期,访客数\n2026-02-30,1e309\n".as_bytes().to_vec(),
    ];
    for input in inputs {
        assert!(import::import_text(&input, &gbk).is_err());
    }
}

#[test]
fn stored_values_with_fuzzed_damage_load_as_issues() {
    let b = MemoryBackend::default();
    b.set("sop/products", r#"{"schema":1e309,"data":[]}"#)
        .unwrap();
    b.set(
        store::KEY_PROFILE,
        r#"{"schema":1,"data":{"name":[[[[[]]]]]}}"#,
    )
    .unwrap();
    b.set(store::KEY_METRICS, "m\u{4E00}\u{4E00}").unwrap();
    let loaded = store::load(&b, 1_780_000_000_000);
    assert_eq!(
        loaded
            .issues
            .iter()
            .filter(|i| matches!(i, LoadIssue::Corrupt { .. }))
            .count(),
        3
    );
    assert!(MetricsStore::decode("m\u{4E00}\u{4E00}").is_err());
}
