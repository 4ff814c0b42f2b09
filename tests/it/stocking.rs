//! 备货 (core::stocking): hand-worked quantities and dates for three SKUs, one of which runs
//! out in the middle of the event.

use chrono::NaiveDate;
use store_ops_planner::core::stocking::{
    event_units, month_left, parse_pace, plan, BadPace, SkuIn,
};
use store_ops_planner::model::{DateRange, Fen};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn skus() -> Vec<SkuIn> {
    vec![
        // A: 4 a day, ¥100, 100 on hand + 20 in transit, 7 days to arrive
        SkuIn {
            stock: 100,
            in_transit: 20,
            lead_days: 7,
            daily_units: 4.0,
            price: Fen(10_000),
        },
        // B: 2 a day, ¥50, 40 on hand, 3 days
        SkuIn {
            stock: 40,
            in_transit: 0,
            lead_days: 3,
            daily_units: 2.0,
            price: Fen(5_000),
        },
        // C: not selling, ¥80, 500 on hand, 10 days
        SkuIn {
            stock: 500,
            in_transit: 0,
            lead_days: 10,
            daily_units: 0.0,
            price: Fen(8_000),
        },
    ]
}

#[test]
fn three_skus_hand_worked() {
    let s = skus();
    // 120 units split 4 : 2 : 0; a ¥10,000 target at ¥100 and ¥50 gives the same 120 units
    assert_eq!(event_units(120, Fen::ZERO, &s), vec![80, 40, 0]);
    assert_eq!(event_units(0, Fen(1_000_000), &s), vec![80, 40, 0]);
    assert_eq!(event_units(0, Fen::ZERO, &s), vec![0, 0, 0]);
    // today 1 Dec, event 10–12 Dec (9 days before it), 5 days of safety stock
    let lines = plan(
        &s,
        &[80, 40, 0],
        DateRange::new(d(12, 10), d(12, 12)),
        d(12, 1),
        5,
    );
    // A: 36 before + 80 + 20 safety = 136; has 120 → order 16 by 3 Dec; lasts the event (4 left)
    let a = &lines[0];
    assert_eq!(
        (
            a.before_units,
            a.event_units,
            a.safety_units,
            a.need,
            a.have,
            a.order
        ),
        (36, 80, 20, 136, 120, 16)
    );
    assert_eq!((a.order_by, a.late, a.runs_out), (d(12, 3), false, None));
    // B: 18 + 40 + 10 = 68; has 40 → order 28 by 7 Dec; without it: 22 left on 10 Dec, 13⅓ a
    // day in the event → 8⅔ after the 10th, out on the 11th, mid-event
    let b = &lines[1];
    assert_eq!(
        (b.need, b.have, b.order, b.order_by),
        (68, 40, 28, d(12, 7))
    );
    assert_eq!((b.runs_out, b.runs_out_in_event), (Some(d(12, 11)), true));
    // C: nothing needed, nothing to order (its order-by day is past, but nothing is late)
    let c = &lines[2];
    assert_eq!(
        (c.need, c.order, c.order_by, c.late, c.runs_out),
        (0, 0, d(11, 30), false, None)
    );
    // the same as of 8 Dec: B still needs 4 + 40 + 10 = 54, has 40, and its order-by day
    // (7 Dec) is past: late; A now needs 8 + 80 + 20 = 108 of its 120: nothing to order
    let late = plan(
        &s,
        &[80, 40, 0],
        DateRange::new(d(12, 10), d(12, 12)),
        d(12, 8),
        5,
    );
    assert_eq!((late[1].order, late[1].late), (14, true));
    assert_eq!((late[0].order, late[0].late), (0, false));
    // before the event starts, stock runs out before it: flagged, not in the event
    let short = vec![SkuIn {
        stock: 5,
        in_transit: 0,
        ..s[0].clone()
    }];
    let l = plan(
        &short,
        &[10],
        DateRange::new(d(12, 10), d(12, 12)),
        d(12, 1),
        0,
    );
    assert_eq!(
        (l[0].runs_out, l[0].runs_out_in_event),
        (Some(d(12, 2)), false)
    );
}

/// A month of the sales plan: the month ahead in full, the current month from today with what it
/// has not sold yet, a month that is over not at all; then the same three SKUs stocked for it.
#[test]
fn a_month_of_the_sales_plan_hand_worked() {
    let target = Fen(3_100_000); // ¥31,000
                                 // ahead: all of January 2027, all of its target
    assert_eq!(
        month_left(2027, 0, target, Fen(999), d(12, 5)),
        Some((
            DateRange::new(
                NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()
            ),
            target
        ))
    );
    // begun: 5–31 Dec, less the ¥9,000 sold on 1–4 Dec; sold more than the target: nothing left
    assert_eq!(
        month_left(2026, 11, target, Fen(900_000), d(12, 5)),
        Some((DateRange::new(d(12, 5), d(12, 31)), Fen(2_200_000)))
    );
    assert_eq!(
        month_left(2026, 11, target, Fen(4_000_000), d(12, 5)).map(|x| x.1),
        Some(Fen::ZERO)
    );
    // over, or not a month
    assert_eq!(month_left(2026, 10, target, Fen::ZERO, d(12, 5)), None);
    assert_eq!(month_left(2026, 12, target, Fen::ZERO, d(12, 5)), None);
    assert_eq!(
        month_left(2026, usize::MAX, target, Fen::ZERO, d(12, 5)),
        None
    );
    // the current month from 5 Dec, ¥22,000 left, split 4 : 2 : 0 at ¥100 and ¥50: the average
    // price is ⅔·100 + ⅓·50 = ¥83⅓, so 22,000 ÷ 83⅓ = 264 units, 176 and 88
    let s = skus();
    let (days, left) = month_left(2026, 11, target, Fen(900_000), d(12, 5)).unwrap();
    let units = event_units(0, left, &s);
    assert_eq!(units, vec![176, 88, 0]);
    let lines = plan(&s, &units, days, d(12, 5), 5);
    // A: nothing before (the month has begun), 176 + 20 safety = 196, has 120 → order 76; the
    // order-by day (5 Dec − 7) is past: late; 176 over 27 days = 6.52 a day → 120 last 18.4 days:
    // out on 23 Dec, inside the month
    let a = &lines[0];
    assert_eq!((a.before_units, a.need, a.have, a.order), (0, 196, 120, 76));
    assert_eq!((a.order_by, a.late), (d(11, 28), true));
    assert_eq!((a.runs_out, a.runs_out_in_event), (Some(d(12, 23)), true));
    // B: 88 + 10 = 98, has 40 → 58; 88/27 = 3.26 a day → 40 last 12.3 days: out on 17 Dec
    let b = &lines[1];
    assert_eq!((b.need, b.order), (98, 58));
    assert_eq!(b.runs_out, Some(d(12, 17)));
    // C: nothing
    assert_eq!(
        (lines[2].need, lines[2].order, lines[2].runs_out),
        (0, 0, None)
    );
}

/// A typed 日均件数: hundredths, two decimals at most, empty = back to the history's.
#[test]
fn a_typed_pace_is_read_exactly_or_refused() {
    assert_eq!(parse_pace(""), Ok(None));
    assert_eq!(parse_pace("  "), Ok(None));
    assert_eq!(parse_pace("0"), Ok(Some(0)));
    assert_eq!(parse_pace("1.5"), Ok(Some(150)));
    assert_eq!(parse_pace(" 12 "), Ok(Some(1_200)));
    assert_eq!(parse_pace("0.25"), Ok(Some(25)));
    assert_eq!(parse_pace(".5"), Ok(Some(50)));
    assert_eq!(parse_pace("3."), Ok(Some(300)));
    assert_eq!(parse_pace("1000000"), Ok(Some(100_000_000)));
    for bad in [
        "-1",
        "1.555",
        "abc",
        "1e3",
        "1,5",
        ".",
        "1000000.01",
        "99999999999999999999",
        "NaN",
        "１",
    ] {
        assert_eq!(parse_pace(bad), Err(BadPace), "{bad}");
    }
}

/// The stock file: 库存 / 在途 / 采购周期 by 商家编码 or 商品ID, empty cells left alone, bad rows
/// refusing the whole file, a totals row skipped.
#[test]
fn a_stock_file_updates_the_named_products_only() {
    use store_ops_planner::core::stocking::{parse_stock_file, plan_stock_update, StockFileError};
    use store_ops_planner::formats::import::{read_table, EncodingRs};
    use store_ops_planner::model::Product;
    let product = |id: &str, sku: &str, item: &str| {
        let mut p = Product::new(id.into(), 0);
        p.sku = sku.into();
        p.item_id = item.into();
        p.stock = 5;
        p
    };
    let products = vec![
        product("a", "AJ-1", "600000000001"),
        product("b", "AJ-2", "600000000002"),
        product("c", "AJ-3", "600000000003"),
        product("d", "AJ-4", "600000000003"),
    ];
    let csv = "库存表 2026-12-05\n商家编码,库存,在途,采购周期（天）\naj-1,\"1,200\",300,12\n600000000002,,50,\nAJ-3-X,9,,\n600000000003,1,,\nAJ-4,5,,\n合计,1214,350,\n";
    let (t, _) = read_table(csv.as_bytes(), &EncodingRs).unwrap();
    let rows = parse_stock_file(&t).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        (
            rows[0].row,
            rows[0].stock,
            rows[0].in_transit,
            rows[0].lead_days
        ),
        (3, Some(1200), Some(300), Some(12))
    );
    assert_eq!(
        (rows[1].stock, rows[1].in_transit, rows[1].lead_days),
        (None, Some(50), None)
    );
    let u = plan_stock_update(&rows, &products, 1_000);
    // AJ-1 by its SKU (case ignored), AJ-2 by its 商品ID; AJ-4 named but unchanged
    let got: Vec<(&str, i64, i64, u32)> = u
        .products
        .iter()
        .map(|p| (p.meta.id.as_str(), p.stock, p.in_transit, p.lead_days))
        .collect();
    assert_eq!(got, vec![("a", 1200, 300, 12), ("b", 5, 50, 0)]);
    assert!(u
        .products
        .iter()
        .all(|p| p.meta.updated == 1_000 && p.meta.anc.len() == 1));
    assert_eq!(
        u.unmatched,
        vec!["AJ-3-X".to_string(), "600000000003".to_string()]
    );
    assert_eq!(u.unchanged, 1);

    let bad = "SKU,库存,采购周期\nAJ-1,-1,\nAJ-2,3,400\nAJ-3,abc,\nAJ-4,1,\n";
    let (t, _) = read_table(bad.as_bytes(), &EncodingRs).unwrap();
    assert_eq!(
        parse_stock_file(&t),
        Err(StockFileError::BadRows {
            rows: vec![2, 3, 4],
            total: 3
        })
    );
    let (t, _) = read_table("商家编码,标题\nAJ-1,x\n".as_bytes(), &EncodingRs).unwrap();
    assert_eq!(parse_stock_file(&t), Err(StockFileError::NoHeader));
    let (t, _) = read_table("商家编码,在途\n合计,0\n".as_bytes(), &EncodingRs).unwrap();
    assert_eq!(parse_stock_file(&t), Err(StockFileError::NoRows));
}
