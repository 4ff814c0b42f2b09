//! 竞品 (issue 17 §1): the competitor log's reader (GBK, preamble, text numbers, several date
//! forms, totals row, bad files), the import plan (one item per store and name in every browser,
//! a snapshot per item and day, re-import unchanged, our SKU matched), and the pairs worked by
//! hand: our price after promotions and from the price history, the gaps, the alert.

use chrono::NaiveDate;
use store_ops_planner::core::competitors::{
    our_price, pairs, parse, plan_import, LogError, RowProblem,
};
use store_ops_planner::core::metrics::store::{MetricsBatch, MetricsStore};
use store_ops_planner::formats::import::{read_table, values::days_from_civil, EncodingRs};
use store_ops_planner::formats::validate::competitors_with;
use store_ops_planner::model::competitor::{item_id, snap_id};
use store_ops_planner::model::metrics::{Day, ProductDay};
use store_ops_planner::model::{
    CompKind, CompetitorEntry, DateRange, Fen, ItemDiscount, PricePoint, Product, PromoItem,
    Promotion, Record, StoreWideBase,
};

const FIXTURE: &[u8] = include_bytes!("../fixtures/competitor_log_2026-11.csv");
/// 2026-11-20, a fixed clock.
const NOW: i64 = 1_795_000_000_000;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rows(bytes: &[u8]) -> Result<Vec<store_ops_planner::core::competitors::LogRow>, LogError> {
    let (t, _) = read_table(bytes, &EncodingRs).expect("text");
    parse(&t)
}

fn down() -> Product {
    let mut p = Product::new("p-down".into(), 0);
    p.sku = "DOWN-01".into();
    p.item_id = "600000000001".into();
    p.title = "加厚羽绒服".into();
    p.list_price = Fen(42_900);
    // ¥459 from 1 Oct, ¥429 (the list price now) from 5 Nov
    p.price_history = vec![
        PricePoint {
            date: d("2026-10-01"),
            price: Fen(45_900),
        },
        PricePoint {
            date: d("2026-11-05"),
            price: Fen(42_900),
        },
    ];
    p
}

/// 促销价 ¥349 on the down jacket, 5–12 Nov.
fn promo() -> Promotion {
    let mut p = Promotion::new(
        "pr-11".into(),
        "双11".into(),
        DateRange::new(d("2026-11-05"), d("2026-11-12")),
        0,
    );
    p.items = vec![PromoItem {
        product_id: "p-down".into(),
        discount: Some(ItemDiscount::FixedPrice { price: Fen(34_900) }),
        stock: None,
    }];
    p
}

#[test]
fn reads_the_gbk_competitor_log() {
    let r = rows(FIXTURE).unwrap();
    assert_eq!(r.len(), 4, "the totals row and the preamble are not rows");
    let days: Vec<NaiveDate> = r.iter().map(|x| x.day).collect();
    assert_eq!(
        days,
        vec![
            d("2026-11-01"),
            d("2026-11-08"),
            d("2026-11-11"),
            d("2026-11-11")
        ]
    );
    let first = &r[0];
    assert_eq!(first.store, "甲家旗舰店");
    assert_eq!(first.name, "加厚羽绒服 黑色L", "SPU and SKU make the name");
    assert_eq!(first.price, Fen(39_900));
    assert_eq!((first.sales, first.favs), (Some(1_230), Some(5_600)));
    assert_eq!(first.activity, "日常");
    assert_eq!(first.ours, "DOWN-01");
    assert_eq!(
        first.row, 4,
        "rows are numbered as the spreadsheet shows them"
    );
    assert_eq!(r[2].price, Fen(32_900));
    assert_eq!(r[3].favs, None, "'-' is not noted");
}

#[test]
fn bad_logs_are_refused_whole_with_row_numbers() {
    let no_header = "a,b,c\n1,2,3\n".as_bytes();
    assert_eq!(rows(no_header), Err(LogError::NoHeader));
    let empty = "日期,商品,价格\n".as_bytes();
    assert_eq!(rows(empty), Err(LogError::NoRows));
    let bad = "日期,商品,价格,销售量\n2026-11-01,A,abc,1\n2026-13-01,A,10,1\n2026-11-02,,10,1\n2026-11-03,A,10,1.5\n2026-11-04,A,10,2\n";
    match rows(bad.as_bytes()) {
        Err(LogError::BadRows { listed, total }) => {
            assert_eq!(total, 4);
            assert_eq!(
                listed,
                vec![
                    RowProblem::BadPrice { row: 2 },
                    RowProblem::BadDate { row: 3 },
                    RowProblem::NoName { row: 4 },
                    RowProblem::BadCount { row: 5 },
                ]
            );
        }
        other => panic!("expected bad rows, got {other:?}"),
    }
    // a zero or negative price is not a price
    assert!(matches!(
        rows("日期,商品,价格\n2026-11-01,A,0\n".as_bytes()),
        Err(LogError::BadRows { total: 1, .. })
    ));
}

#[test]
fn an_import_plans_items_and_snapshots_once() {
    let r = rows(FIXTURE).unwrap();
    let products = vec![down()];
    let plan = plan_import(&r, &[], &products, NOW);
    assert_eq!(
        (plan.new_items, plan.new_snaps, plan.changed_snaps),
        (2, 4, 0)
    );
    assert_eq!(plan.unmatched, 1, "NOPE-9 is not ours");
    assert_eq!(
        (plan.from, plan.to),
        (Some(d("2026-11-01")), Some(d("2026-11-11")))
    );
    let a = item_id("甲家旗舰店", "加厚羽绒服 黑色L");
    let item = plan.records.iter().find(|e| e.id() == a).expect("item");
    assert_eq!(item.entry, CompKind::Item);
    assert_eq!(item.product, "p-down", "matched by 我方SKU");
    assert_eq!(item.link, "https://item.taobao.com/item.htm?id=1");
    assert!(plan
        .records
        .iter()
        .any(|e| e.id() == snap_id(&a, d("2026-11-11")) && e.price == Fen(32_900)));

    // the same file again, in this browser or a teammate's: nothing new, the same records
    let again = plan_import(&r, &plan.records, &products, NOW + 1_000);
    assert!(again.records.is_empty());
    assert_eq!(again.unchanged, 4);
    let teammate = plan_import(&r, &[], &products, NOW + 5_000);
    let revs = |p: &store_ops_planner::core::competitors::ImportPlan| {
        let mut v: Vec<(String, String)> = p
            .records
            .iter()
            .map(|e| (e.id().to_string(), e.meta.rev.to_string()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        revs(&teammate),
        revs(&plan),
        "same ids and revisions everywhere"
    );
    // the ids do not depend on case or spaces
    assert_eq!(item_id(" 甲家旗舰店", "加厚羽绒服 黑色l "), a);

    // a changed price is a new revision of that day's snapshot only
    let mut r2 = r.clone();
    r2[0].price = Fen(38_900);
    let changed = plan_import(&r2, &plan.records, &products, NOW + 2_000);
    assert_eq!(
        (changed.changed_snaps, changed.unchanged, changed.new_snaps),
        (1, 3, 0)
    );
    let s = &changed.records[0];
    assert_eq!(s.meta.rev.gen, 2);
}

#[test]
fn a_deleted_item_comes_back_as_a_child_of_its_tombstone() {
    let r = rows(FIXTURE).unwrap();
    let plan = plan_import(&r, &[], &[], NOW);
    let mut stored = plan.records.clone();
    for e in &mut stored {
        e.meta.deleted = true;
        e.bump(NOW + 10);
    }
    let back = plan_import(&r, &stored, &[], NOW + 20);
    assert_eq!((back.new_items, back.new_snaps), (2, 4));
    for e in &back.records {
        assert!(!e.meta.deleted);
        assert_eq!(e.meta.rev.gen, 3, "{} is a child of its tombstone", e.id());
    }
}

fn pday(s: &str) -> Day {
    let x = d(s);
    use chrono::Datelike;
    days_from_civil(x.year(), x.month(), x.day()) as Day
}

#[test]
fn pairs_compare_with_our_price_after_promotions_by_hand() {
    let products = vec![down()];
    let promos = vec![promo()];
    let base = StoreWideBase::default();
    // list price in force from the history; the 促销价 inside the promotion
    assert_eq!(
        our_price(&down(), &promos, d("2026-11-01"), base),
        Some(Fen(45_900))
    );
    assert_eq!(
        our_price(&down(), &promos, d("2026-11-08"), base),
        Some(Fen(34_900))
    );
    assert_eq!(
        our_price(&down(), &promos, d("2026-11-20"), base),
        Some(Fen(42_900))
    );

    // our paid units: 10 a day from 1 to 11 Nov
    let mut batch = MetricsBatch::default();
    for day in 1..=11 {
        batch.products.push(ProductDay {
            day: pday(&format!("2026-11-{day:02}")),
            item_id: "600000000001".into(),
            paid_units: 10,
            ..ProductDay::default()
        });
    }
    let metrics = MetricsStore::from_batch(batch);
    let r = rows(FIXTURE).unwrap();
    let plan = plan_import(&r, &[], &products, NOW);
    let all = pairs(&plan.records, &products, &promos, &metrics, base);
    assert_eq!(all.len(), 2);
    let p = all
        .iter()
        .find(|p| p.item.store == "甲家旗舰店")
        .expect("pair");
    let gaps: Vec<Option<i64>> = p.points.iter().map(|x| x.gap).collect();
    // 399 − 459 = −60; 359 − 349 = +10; 329 − 349 = −20
    assert_eq!(gaps, vec![Some(-6_000), Some(1_000), Some(-2_000)]);
    let last = p.latest().unwrap();
    assert_eq!(
        last.our_units,
        Some(110),
        "11 days × 10 in the 30 days to 11 Nov"
    );
    assert_eq!(last.sales_gap, Some(2_100 - 110));
    assert_eq!(p.points[0].our_units, Some(10));
    assert!(p.below, "their latest price is below ours");
    assert!(p.dropped, "and the snapshot before was not");
    assert_eq!(p.ours.as_ref().map(|o| o.0.as_str()), Some("DOWN-01"));
    // the unmatched item has prices but no gaps and no alert
    let q = all.iter().find(|p| p.item.store == "乙店").unwrap();
    assert_eq!(q.points.len(), 1);
    assert_eq!((q.points[0].ours, q.points[0].gap), (None, None));
    assert!(!q.below);
}

#[test]
fn stored_entries_are_checked_field_by_field() {
    let r = rows(FIXTURE).unwrap();
    let plan = plan_import(&r, &[], &[down()], NOW);
    let v = serde_json::to_value(&plan.records).unwrap();
    let back = competitors_with(&v, "payload.competitors", true).expect("own records read");
    assert_eq!(back, plan.records);
    // a snapshot without its day, a negative price: refused with their paths
    let mut bad = v.clone();
    let k = plan
        .records
        .iter()
        .position(|e| e.entry == CompKind::Snap)
        .unwrap();
    bad[k].as_object_mut().unwrap().remove("day");
    bad[0]["price"] = serde_json::json!(-1);
    let e = competitors_with(&bad, "payload.competitors", true).unwrap_err();
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert!(paths.contains(&"payload.competitors[0].price"), "{paths:?}");
    assert!(
        paths.contains(&format!("payload.competitors[{k}].day").as_str()),
        "{paths:?}"
    );
    let _: Option<&CompetitorEntry> = back.first();
}

#[test]
fn the_preview_names_the_column_each_field_is_read_from() {
    use store_ops_planner::core::competitors::{column_map, LogField};
    let (t, _) = read_table(FIXTURE, &EncodingRs).expect("text");
    let map = column_map(&t).expect("header");
    let (read, unread) = (map.read, map.unread);
    assert_eq!(
        read,
        vec![
            (LogField::Day, "日期".to_string()),
            (LogField::Store, "竞品店铺".to_string()),
            (LogField::Name, "SPU".to_string()),
            (LogField::Sku, "SKU".to_string()),
            (LogField::Sales, "销售量".to_string()),
            (LogField::Favs, "收藏".to_string()),
            (LogField::Price, "价格".to_string()),
            (LogField::Activity, "活动名称".to_string()),
            (LogField::Link, "链接".to_string()),
            (LogField::Ours, "我方SKU".to_string()),
        ]
    );
    assert_eq!(unread, vec!["销售金额".to_string()]);
    let (none, _) = read_table(b"a,b\n1,2\n", &EncodingRs).expect("text");
    assert_eq!(column_map(&none), None);
}
