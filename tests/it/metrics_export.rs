//! Issue 12 item 16: exact figures in the Dashboard's CSV export: money to the fen, BOM and CRLF
//! for Excel, quoting, and formula-looking text neutralised.

use store_ops_planner::core::format::yuan_plain;
use store_ops_planner::core::metrics::export::{
    dashboard_rows, neutralise, to_csv, CsvCell, DashboardHeadings,
};
use store_ops_planner::core::metrics::kpi::{dashboard, KpiMetric};
use store_ops_planner::core::metrics::period::{day_from_ymd, Period};
use store_ops_planner::core::metrics::{MetricsBatch, MetricsStore};
use store_ops_planner::model::metrics::StoreDay;
use store_ops_planner::model::Fen;

#[test]
fn plain_yuan_is_exact_to_the_fen() {
    assert_eq!(yuan_plain(Fen(98_800_866)), "988008.66");
    assert_eq!(yuan_plain(Fen(5)), "0.05");
    assert_eq!(yuan_plain(Fen(-12_345)), "-123.45");
    assert_eq!(yuan_plain(Fen(i64::MIN)), "-92233720368547758.08");
}

#[test]
fn formula_text_is_neutralised_numbers_are_not() {
    for s in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"] {
        assert!(neutralise(s).starts_with('\''), "{s:?}");
    }
    assert_eq!(neutralise("支付金额"), "支付金额");
    let csv = to_csv(&[vec![
        CsvCell::Text("=HYPERLINK(\"x\")".into()),
        CsvCell::Money(Fen(-100)),
        CsvCell::Decimal(-0.5, 2),
        CsvCell::Count(3),
        CsvCell::Empty,
        CsvCell::Text("a,b".into()),
    ]]);
    assert_eq!(
        csv,
        "\u{FEFF}\"'=HYPERLINK(\"\"x\"\")\",-1.00,-0.50,3,,\"a,b\"\r\n"
    );
    assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
}

#[test]
fn dashboard_rows_carry_exact_values_and_period_dates() {
    let d1 = day_from_ymd(2026, 3, 1).unwrap();
    let mut store = MetricsStore::default();
    let days: Vec<StoreDay> = (0..31)
        .map(|i| StoreDay {
            day: d1 + i,
            visitors: 1000,
            paying_buyers: 30,
            // ¥988,008.66 over the month: 30 days of 3,187,124 fen + one of 3,187,146
            paid_amount: Fen(if i == 0 { 3_187_146 } else { 3_187_124 }),
            ..StoreDay::default()
        })
        .collect();
    store.upsert(MetricsBatch {
        store: days,
        ..MetricsBatch::default()
    });
    let d = dashboard(&store, Period::new(d1, d1 + 30));
    let h = DashboardHeadings {
        metric: "指标".into(),
        current: "本期".into(),
        previous: "环比期".into(),
        year_ago: "同比期".into(),
        mom: "环比".into(),
        yoy: "同比".into(),
    };
    let rows = dashboard_rows(&d, &h, |m| m.zh_label().to_string());
    let csv = to_csv(&rows);
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert!(
        lines[0].starts_with("指标,本期 2026-03-01 ~ 2026-03-31,"),
        "{}",
        lines[0]
    );
    let gmv = lines
        .iter()
        .find(|l| l.starts_with(KpiMetric::Gmv.zh_label()))
        .unwrap();
    assert!(gmv.contains(",988008.66,"), "{gmv}");
    let conv = lines
        .iter()
        .find(|l| l.starts_with(KpiMetric::Conversion.zh_label()))
        .unwrap();
    assert!(conv.contains(",0.030000,"), "{conv}");
    assert_eq!(rows.len(), 1 + KpiMetric::ALL.len());
}
