//! XLSX export (formats::xlsx): typed cells written by rust_xlsxwriter and read back by an
//! independent reader (calamine), text that could run as a formula neutralised.

use calamine::{Data, Reader};
use store_ops_planner::core::metrics::export::CsvCell;
use store_ops_planner::formats::xlsx::{parse_request, request, workbook, Sheet};
use store_ops_planner::model::Fen;

fn read_back(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let rows = r.rows().map(|row| row.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn cells_keep_their_type_and_formulas_are_neutralised() {
    let sheets = vec![
        Sheet {
            name: "周报 2026-11-30".into(),
            rows: vec![
                vec![CsvCell::Text("周报".into())],
                vec![
                    CsvCell::Text("商品".into()),
                    CsvCell::Text("支付金额".into()),
                    CsvCell::Text("件数".into()),
                    CsvCell::Text("占比".into()),
                ],
                vec![
                    CsvCell::Text("=HYPERLINK(\"x\")".into()),
                    CsvCell::Money(Fen(98_800_866)),
                    CsvCell::Count(12),
                    CsvCell::Decimal(0.123456, 6),
                    CsvCell::Bp(1234),
                ],
                vec![
                    CsvCell::Text("+1".into()),
                    CsvCell::Text("-2".into()),
                    CsvCell::Text("@x".into()),
                    CsvCell::Empty,
                ],
            ],
        },
        Sheet {
            name: "a/b".into(),
            rows: vec![vec![CsvCell::Money(Fen(-1))]],
        },
    ];
    // through the worker's request text, as the page sends it
    let sheets = parse_request(&request(&sheets)).unwrap();
    let back = read_back(workbook(&sheets).unwrap());
    assert_eq!(back.len(), 2);
    let (name, rows) = &back[0];
    assert_eq!(name, "周报 2026-11-30");
    assert_eq!(rows[0][0], Data::String("周报".into()));
    assert_eq!(rows[1][1], Data::String("支付金额".into()));
    assert_eq!(rows[2][0], Data::String("'=HYPERLINK(\"x\")".into()));
    assert_eq!(rows[2][1], Data::Float(988_008.66));
    assert_eq!(rows[2][2], Data::Float(12.0));
    assert_eq!(rows[2][3], Data::Float(0.123456));
    assert_eq!(rows[2][4], Data::Float(0.1234));
    assert_eq!(rows[3][0], Data::String("'+1".into()));
    assert_eq!(rows[3][1], Data::String("'-2".into()));
    assert_eq!(rows[3][2], Data::String("'@x".into()));
    assert_eq!(back[1].0, "a_b");
    assert_eq!(back[1].1[0][0], Data::Float(-0.01));
}

#[test]
fn the_apps_own_reader_reads_an_export_back() {
    let rows = vec![
        vec![
            CsvCell::Text("退款编号".into()),
            CsvCell::Text("退款金额".into()),
        ],
        vec![CsvCell::Text("R1".into()), CsvCell::Money(Fen(19_900))],
    ];
    let bytes = workbook(&[Sheet {
        name: "x".into(),
        rows,
    }])
    .unwrap();
    let t = store_ops_planner::formats::import::sheet_rows(bytes).unwrap();
    assert_eq!(
        t.to_rows(0..t.len()),
        vec![vec!["退款编号", "退款金额"], vec!["R1", "199"]]
    );
}

#[test]
fn an_empty_export_is_still_a_workbook_and_too_many_columns_are_refused() {
    let back = read_back(workbook(&[]).unwrap());
    assert_eq!(back.len(), 1);
    let wide = vec![vec![CsvCell::Count(1); 16_385]];
    assert!(workbook(&[Sheet {
        name: "w".into(),
        rows: wide
    }])
    .is_err());
}
