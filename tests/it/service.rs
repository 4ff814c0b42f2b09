//! 售后 (issue 17 §2): the refund export importer (GBK, text numbers, totals row, bad files),
//! reason codes, merge by refund number, and the quality view worked by hand.

use store_ops_planner::core::metrics::period::Period;
use store_ops_planner::core::metrics::store::{MetricsBatch, MetricsStore};
use store_ops_planner::core::service::{last_days, view};
use store_ops_planner::formats::import::{read_table, values::days_from_civil, EncodingRs};
use store_ops_planner::formats::refunds::{
    self, reason_code, Reason, RefundError, RowProblem, Status,
};
use store_ops_planner::model::metrics::{Day, ProductDay, StoreDay};

const FIXTURE: &[u8] = include_bytes!("../fixtures/refunds_2026-11.csv");

fn day(y: i32, m: u32, d: u32) -> Day {
    days_from_civil(y, m, d) as Day
}

fn read(bytes: &[u8]) -> Result<refunds::RefundFile, RefundError> {
    let (t, _) = read_table(bytes, &EncodingRs).expect("text");
    refunds::parse(&t)
}

#[test]
fn reads_the_gbk_refund_export() {
    let f = read(FIXTURE).unwrap();
    assert_eq!((f.refunds.len(), f.rows, f.skipped), (7, 7, 1));
    let r4 = f.refunds.iter().find(|r| r.id == "R100004").unwrap();
    assert_eq!(
        (r4.amount, r4.reason, r4.status),
        (15_900, Reason::NotAsDescribed, Status::Success)
    );
    assert_eq!(r4.item_id, "612345678902");
    assert_eq!(r4.day, day(2026, 11, 6));
    let status: Vec<Status> = f.refunds.iter().map(|r| r.status).collect();
    assert_eq!(status.iter().filter(|s| **s == Status::Closed).count(), 1);
    assert_eq!(status.iter().filter(|s| **s == Status::Open).count(), 1);
}

#[test]
fn reason_codes() {
    for (t, r) in [
        ("质量问题", Reason::Quality),
        ("衣服有破损/污渍", Reason::Quality),
        ("尺码拍错/不喜欢/效果不好", Reason::Size),
        ("与商品描述不符", Reason::NotAsDescribed),
        ("七天无理由退换货", Reason::ChangedMind),
        ("快递一直未送到", Reason::Logistics),
        ("卖家发错货", Reason::WrongItem),
        ("", Reason::Other),
    ] {
        assert_eq!(reason_code(t), r, "{t}");
    }
}

#[test]
fn bad_files_change_nothing() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    assert_eq!(read(&gbk("a,b\n1,2\n")), Err(RefundError::NoHeader));
    match read(&gbk("退款编号,退款金额,申请时间\nR1,12.00,2026-11-01\nR2,abc,2026-11-01\n,1.00,2026-11-02\nR3,1.00,later\n")) {
        Err(RefundError::BadRows { listed, total }) => {
            assert_eq!(total, 3);
            assert_eq!(listed, vec![RowProblem::BadAmount { row: 3 }, RowProblem::NoId { row: 4 }, RowProblem::BadTime { row: 5 }]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        read(&gbk("退款编号,退款金额,申请时间\n")),
        Err(RefundError::NoRows)
    );
}

#[test]
fn merge_by_refund_number_and_stored_form() {
    let f = read(FIXTURE).unwrap();
    let again = refunds::merge(&f.refunds, &f.refunds);
    assert_eq!(again.len(), 7);
    let mut later = f.refunds[0].clone();
    later.status = Status::Closed;
    let merged = refunds::merge(&f.refunds, &[later.clone()]);
    assert_eq!(
        merged.iter().find(|r| r.id == later.id).unwrap().status,
        Status::Closed
    );
    let s = refunds::encode(&merged);
    assert_eq!(refunds::decode(&s), Some(merged));
    assert_eq!(refunds::decode("nope"), None);
    assert_eq!(refunds::decode("sop-refunds 1\na\tb\n"), None);
}

#[test]
fn quality_view_by_hand() {
    let f = read(FIXTURE).unwrap();
    // November: 40 paying buyers a day in the store; the jacket 5 in all, the hoodie 20, the shirt 50
    let mut batch = MetricsBatch::default();
    for d in 1..=30 {
        batch.store.push(StoreDay {
            day: day(2026, 11, d),
            paying_buyers: 40,
            ..StoreDay::default()
        });
    }
    for (item, buyers) in [
        ("612345678901", 5),
        ("612345678902", 20),
        ("612345678903", 50),
    ] {
        batch.products.push(ProductDay {
            day: day(2026, 11, 10),
            item_id: item.into(),
            paying_buyers: buyers,
            ..ProductDay::default()
        });
    }
    let m = MetricsStore::from_batch(batch);
    let nov = Period {
        from: day(2026, 11, 1),
        to: day(2026, 11, 30),
    };
    let v = view(&f.refunds, &m, Some(nov), 2);
    // the closed refund does not count; the 1 Dec one is outside
    assert_eq!((v.refunds, v.open), (5, 1));
    // 质量问题 ×2 (one is 破损) and 描述不符 ×1
    assert_eq!(v.quality, 3);
    assert_eq!(v.amount, 39_900 * 3 + 15_900 + 8_900);
    assert_eq!(v.buyers, 1_200);
    // 5 / 1200 = 0.42%, 3 / 1200 = 0.25%
    assert_eq!((v.rate_bp, v.quality_rate_bp), (Some(42), Some(25)));
    let jacket = v
        .products
        .iter()
        .find(|p| p.item_id == "612345678901")
        .unwrap();
    assert_eq!((jacket.refunds, jacket.quality, jacket.buyers), (3, 2, 5));
    assert_eq!(jacket.quality_rate_bp, Some(4_000));
    assert!(jacket.flagged);
    assert_eq!(jacket.reasons[Reason::Quality as usize], 2);
    assert_eq!(jacket.reasons[Reason::Size as usize], 1);
    // the hoodie: 1 quality refund of 20 buyers is above the store's rate but under the minimum
    let hoodie = v
        .products
        .iter()
        .find(|p| p.item_id == "612345678902")
        .unwrap();
    assert_eq!((hoodie.quality, hoodie.flagged), (1, false));
    assert_eq!(v.months.len(), 1);
    // all refunds, no period: December's counts too
    let all = view(&f.refunds, &m, None, 2);
    assert_eq!(all.refunds, 6);
    assert_eq!(all.months.len(), 2);
    assert_eq!(
        last_days(&f.refunds, 30).map(|p| p.to),
        Some(day(2026, 12, 1))
    );
}

#[test]
fn typed_complaints_are_counted_by_reason_and_product_and_checked() {
    use chrono::NaiveDate;
    use store_ops_planner::core::metrics::period::day_from_ymd;
    use store_ops_planner::core::service::complaints_view;
    use store_ops_planner::formats::validate::complaints_with;
    use store_ops_planner::model::{Complaint, Meta, Record};
    let c = |id: &str, day: &str, item: &str, reason: &str, done: bool| {
        let mut x = Complaint {
            meta: Meta::new(id.into(), 1_764_000_000_000),
            day: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            order: "4001".into(),
            item_id: item.into(),
            reason: reason.into(),
            text: "开线了".into(),
            done,
            note: String::new(),
        };
        x.bump(1_764_000_000_000);
        x
    };
    let mut gone = c("c5", "2026-11-20", "612345678901", "quality", false);
    gone.meta.deleted = true;
    let list = vec![
        c("c1", "2026-11-03", "612345678901", "quality", true),
        c(
            "c2",
            "2026-11-10",
            "612345678901",
            "not_as_described",
            false,
        ),
        c("c3", "2026-11-12", "612345678902", "logistics", false),
        c("c4", "2026-10-01", "612345678902", "quality", false), // before the period
        c("c6", "2026-11-15", "", "changed_mind", false),        // no product
        gone,
    ];
    let p = Period::new(
        day_from_ymd(2026, 11, 1).unwrap(),
        day_from_ymd(2026, 11, 30).unwrap(),
    );
    let v = complaints_view(&list, Some(p));
    assert_eq!((v.total, v.open), (4, 3));
    assert_eq!(
        v.reasons,
        [1, 0, 0, 1, 1, 1, 0],
        "quality, described, logistics, mind"
    );
    assert_eq!(
        v.products,
        vec![
            ("612345678901".to_string(), 2, 2),
            ("612345678902".to_string(), 1, 0)
        ]
    );
    assert_eq!(complaints_view(&list, None).total, 5);

    // stored and shared: read back, and bad fields named by path
    let val = serde_json::to_value(&list).unwrap();
    assert_eq!(complaints_with(&val, "payload.complaints", true), Ok(list));
    let mut bad = val.clone();
    bad[0]["reason"] = serde_json::json!("angry");
    bad[1]["day"] = serde_json::json!("2026-11-31");
    bad[2]["done"] = serde_json::json!("yes");
    let e = complaints_with(&bad, "payload.complaints", true).unwrap_err();
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "payload.complaints[0].reason",
            "payload.complaints[1].day",
            "payload.complaints[2].done"
        ]
    );
}
