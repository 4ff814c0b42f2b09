//! Issue 12 items 15 and 17: period entry keeps what was typed (a reversed range is kept until
//! applied, and applying it swaps and says so), the month picker's whole month, and the total
//! rows of the Analysis tables (sums unrounded, ratios from the sums).

use store_ops_planner::core::metrics::ads::{sum_totals, AdTotals};
use store_ops_planner::core::metrics::period::{
    day_from_ymd, parse_month, parse_ymd, ymd, Entry, Period,
};
use store_ops_planner::core::metrics::products::{total, ProductStats};
use store_ops_planner::model::Fen;

fn d(s: &str) -> i32 {
    parse_ymd(s).unwrap()
}

#[test]
fn typed_dates_parse_strictly() {
    assert_eq!(parse_ymd("2026-03-01"), day_from_ymd(2026, 3, 1));
    assert_eq!(parse_ymd(" 2026-02-28 "), day_from_ymd(2026, 2, 28));
    assert_eq!(parse_ymd("2026-02-30"), None);
    assert_eq!(parse_ymd(""), None);
    assert_eq!(parse_ymd("2026-02"), None);
}

#[test]
fn a_reversed_range_is_kept_until_applied_then_swapped_visibly() {
    // February shown; "from" typed as 03-01: nothing moves to 02-28.
    let e = Entry::read("2026-03-01", "2026-02-28");
    assert_eq!(
        e,
        Entry::Reversed {
            from: d("2026-03-01"),
            to: d("2026-02-28")
        }
    );
    // then "to" typed as 03-31: applied as typed
    let e = Entry::read("2026-03-01", "2026-03-31");
    assert_eq!(
        e.apply(),
        Some((Period::new(d("2026-03-01"), d("2026-03-31")), false))
    );
    // applied while reversed: swapped, and the caller is told
    let (p, swapped) = Entry::read("2026-03-01", "2026-02-28").apply().unwrap();
    assert!(swapped);
    assert_eq!(
        (ymd(p.from), ymd(p.to)),
        ("2026-02-28".into(), "2026-03-01".into())
    );
    // incomplete input applies nothing
    assert_eq!(Entry::read("", "2026-03-01"), Entry::Incomplete);
    assert_eq!(Entry::Incomplete.apply(), None);
    // one day is fine
    assert_eq!(
        Entry::read("2026-03-01", "2026-03-01").apply(),
        Some((Period::single(d("2026-03-01")), false))
    );
}

#[test]
fn month_picker_gives_the_whole_month() {
    let p = parse_month("2025-03").unwrap();
    assert_eq!(
        (ymd(p.from), ymd(p.to)),
        ("2025-03-01".into(), "2025-03-31".into())
    );
    let p = parse_month("2024-02").unwrap();
    assert_eq!(ymd(p.to), "2024-02-29");
    let p = parse_month("2025-12").unwrap();
    assert_eq!(ymd(p.to), "2025-12-31");
    assert_eq!(parse_month("2025-13"), None);
    assert_eq!(parse_month("x"), None);
}

#[test]
fn product_total_sums_unrounded_and_takes_ratios_from_sums() {
    let a = ProductStats {
        item_id: "a".into(),
        days: 3,
        visitors: 3,
        paying_buyers: 1,
        paid_units: 3,
        paid_amount: Fen(1001), // 客单价 ¥10.01
        ..ProductStats::default()
    };
    let b = ProductStats {
        item_id: "b".into(),
        days: 2,
        visitors: 997,
        paying_buyers: 2,
        paid_units: 2,
        paid_amount: Fen(1),
        ..ProductStats::default()
    };
    let t = total(&[a.clone(), b.clone()]);
    assert_eq!(t.visitors, 1000);
    assert_eq!(t.paying_buyers, 3);
    assert_eq!(t.paid_amount, Fen(1002));
    assert_eq!(t.days, 3);
    // 3 / 1000, not (1/3 + 2/997)
    assert_eq!(t.conversion(), Some(0.003));
    let summed = a.conversion().unwrap() + b.conversion().unwrap();
    assert!((summed - 0.003).abs() > 0.1);
    // 1002 fen / 3 buyers = 334 fen: from the sum, not from the rows' rounded 客单价
    assert_eq!(t.aov(), Some(Fen(334)));
    assert_eq!(t.unit_price(), Some(Fen(200))); // 1002 / 5 = 200.4 → 200
    assert_eq!(total(&[]).conversion(), None);
}

#[test]
fn ad_total_ratios_come_from_the_sums() {
    let p1 = AdTotals {
        rows: 1,
        impressions: 1000,
        clicks: 10,
        spend: Fen(333),
        total_amount: Fen(1000),
        ..AdTotals::default()
    };
    let p2 = AdTotals {
        rows: 2,
        impressions: 3,
        clicks: 3,
        spend: Fen(1),
        total_amount: Fen(0),
        ..AdTotals::default()
    };
    let t = sum_totals([&p1, &p2]);
    assert_eq!(t.spend, Fen(334));
    assert_eq!(t.clicks, 13);
    assert_eq!(t.ctr(), Some(13.0 / 1003.0));
    assert_eq!(t.roi(), Some(1000.0 / 334.0));
    assert_eq!(t.cpc(), Some(Fen(26))); // 334 / 13 = 25.69 → 26
    assert_eq!(t.rows, 3);
}
