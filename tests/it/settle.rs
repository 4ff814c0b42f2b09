//! Settlement (issue 17 §3): the Alipay statement importer, fee classification with every §3.4
//! fee name, and one month reconciled by hand, including a refund that crosses the month end.

use store_ops_planner::core::settle::{self, account, classify, reconcile, rules};
use store_ops_planner::formats::import::{read_table, values::days_from_civil, EncodingRs};
use store_ops_planner::formats::statement::{self, parse, RowProblem, StatementError};
use store_ops_planner::model::metrics::{Day, StoreDay};
use store_ops_planner::model::{EntryKind, FeeClass, Fen, LedgerEntry, Meta};

const FIXTURE: &[u8] = include_bytes!("../fixtures/alipay_statement_2026-11.csv");

fn day(y: i32, m: u32, d: u32) -> Day {
    days_from_civil(y, m, d) as Day
}

fn read(bytes: &[u8]) -> Result<statement::Statement, StatementError> {
    let (table, _) = read_table(bytes, &EncodingRs).expect("text");
    parse(&table)
}

/// The page's way: decoded text read line by line (the table only as a fallback).
fn read_text(bytes: &[u8]) -> Result<statement::Statement, StatementError> {
    let (text, _) =
        store_ops_planner::formats::import::decode_text(bytes, &EncodingRs).expect("text");
    statement::parse_text(&text, || {
        store_ops_planner::formats::import::csv_table(&text).ok()
    })
}

#[test]
fn line_by_line_reads_what_the_table_reads() {
    let by_table = read(FIXTURE).unwrap();
    let by_line = read_text(FIXTURE).unwrap();
    assert_eq!(by_line.bookings, by_table.bookings);
    assert_eq!(
        (
            by_line.lines,
            by_line.skipped,
            by_line.first_day,
            by_line.last_day
        ),
        (
            by_table.lines,
            by_table.skipped,
            by_table.first_day,
            by_table.last_day
        )
    );
    // quoted cells with commas and quotes inside, and one over two lines: the table is read
    let tricky = gbk("入账时间,收入（+元）,支出（-元）,账务类型,备注\n2026-11-01,\"1,200.00\",,交易付款,\"说\"\"明\"\"\"\n2026-11-02,,3.00,收费,\"两\n行\"\n");
    let a = read(&tricky).unwrap();
    let b = read_text(&tricky).unwrap();
    assert_eq!(a.bookings, b.bookings);
    assert_eq!(b.lines, 2);
    assert!(b.bookings.texts.iter().any(|t| t.contains("说\"明\"")));
    assert_eq!(
        read_text(&gbk("a,b\n1,2\n")).unwrap_err(),
        StatementError::NoHeader
    );
    let bad = gbk("入账时间,收入（+元）,支出（-元）\n2026-11-01,x,\n");
    assert_eq!(
        read_text(&bad).unwrap_err(),
        StatementError::BadRows {
            listed: vec![RowProblem::BadAmount { row: 2 }],
            total: 1
        }
    );
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[test]
fn reads_the_gbk_statement_with_preamble_totals_and_text_numbers() {
    let st = read(FIXTURE).unwrap();
    assert_eq!(st.columns.header_row, 4);
    // 11 bookings, the fee of the first as a line of its own is not another statement line
    assert_eq!(st.lines, 11);
    // 4 preamble lines are before the header; after it: the totals row and 4 '#' footer lines
    assert_eq!(st.skipped, 5);
    assert_eq!(st.first_day, day(2026, 11, 1));
    assert_eq!(st.last_day, day(2026, 12, 1));
    let total: i64 = st.bookings.rows.iter().map(|r| r.amount).sum();
    // 2140.50 in, 1383.00 out, 7.68 service fee
    assert_eq!(total, 214_050 - 138_300 - 768);
    // order numbers are cut out of descriptions: one text for the commission whatever the order
    assert!(st
        .bookings
        .texts
        .iter()
        .any(|t| t.contains("天猫佣金（类目）{T200P#}扣款")));
}

#[test]
fn classifies_every_fee_name_of_the_alipay_bill() {
    let r = rules(&[]);
    let promotion = [
        "淘宝客佣金",
        "营销活动-淘客",
        "营销活动-淘客团长服务费",
        "用户权益推广服务费",
        "店播佣金",
        "直播收费（佣金）",
        "品牌新享-首单拉新",
        "超市福袋",
        "光合平台软件服务费",
    ];
    let platform = [
        "天猫佣金",
        "技术服务费",
        "软件服务费",
        "天猫年费",
        "软件服务年费",
        "返点积分",
        "天猫积分",
        "基础软件服务费",
        "技术服务费(花呗分期免息营销)",
        "先用后付技术服务费",
        "信用卡支付服务费",
        "淘金币软件服务费",
        "消费者体验提升计划服务费",
        "退货运费保障服务费",
        "评价有礼服务费",
        "售前客服服务费",
        "售后客服服务费",
        "百亿补贴软件服务费",
    ];
    for name in promotion {
        let text = format!("收费\u{1f}{name}\u{1f}");
        assert_eq!(
            classify(&text, &r).map(|x| x.class),
            Some(FeeClass::Promotion),
            "{name}"
        );
    }
    for name in platform {
        let text = format!("收费\u{1f}{name}\u{1f}");
        assert_eq!(
            classify(&text, &r).map(|x| x.class),
            Some(FeeClass::Platform),
            "{name}"
        );
    }
    for name in ["提现", "转账", "保证金"] {
        let text = format!("{name}\u{1f}\u{1f}");
        assert_eq!(
            classify(&text, &r).map(|x| x.class),
            Some(FeeClass::Other),
            "{name}"
        );
    }
    assert_eq!(
        classify("交易退款\u{1f}\u{1f}卫衣", &r).unwrap().class,
        FeeClass::Refund
    );
    assert_eq!(
        classify("交易付款\u{1f}\u{1f}卫衣", &r).unwrap().class,
        FeeClass::Income
    );
    assert!(classify("收费\u{1f}神秘费用\u{1f}", &r).is_none());
}

fn rule(pattern: &str, class: FeeClass, line: &str) -> LedgerEntry {
    LedgerEntry {
        meta: Meta::new(format!("r-{pattern}"), 0),
        entry: EntryKind::Rule,
        name: pattern.into(),
        class,
        line: line.into(),
        note: String::new(),
    }
}

#[test]
fn the_teams_rules_come_first_and_a_deleted_rule_does_nothing() {
    let own = rule("神秘费用", FeeClass::Platform, "神秘平台费");
    let r = rules(std::slice::from_ref(&own));
    let hit = classify("收费\u{1f}神秘费用\u{1f}", &r).unwrap();
    assert_eq!(
        (hit.class, hit.line.as_str(), hit.own),
        (FeeClass::Platform, "神秘平台费", true)
    );
    // a team rule beats a longer built-in one
    let own = rule("淘宝客", FeeClass::Other, "");
    let r = rules(std::slice::from_ref(&own));
    assert_eq!(
        classify("收费\u{1f}淘宝客佣金\u{1f}", &r).unwrap().class,
        FeeClass::Other
    );
    let mut gone = own.clone();
    gone.meta.deleted = true;
    let r = rules(&[gone]);
    assert_eq!(
        classify("收费\u{1f}淘宝客佣金\u{1f}", &r).unwrap().class,
        FeeClass::Promotion
    );
}

fn store_day(d: Day, paid: i64, refund: i64) -> StoreDay {
    StoreDay {
        day: d,
        paid_amount: Fen(paid),
        refund_amount: Fen(refund),
        ..StoreDay::default()
    }
}

#[test]
fn november_by_hand_with_a_refund_that_crosses_the_month_end() {
    let st = read(FIXTURE).unwrap();
    let r = rules(&[]);
    let nov = account(&st.bookings, &r, (2026, 11));
    // income 1280.00 + 560.50 + 300.00
    assert_eq!(nov.income, 214_050);
    // the 2026-12-01 refund of a November order is December's, on both sides
    assert_eq!(nov.refunds, 19_900);
    // 淘宝客佣金 25.60 + 光合平台软件服务费 5.00
    assert_eq!(nov.promotion, 3_060);
    // 天猫佣金 38.40 + 先用后付技术服务费 12.00 + 服务费 7.68
    assert_eq!(nov.platform, 5_808);
    assert_eq!(nov.unclassified, -300);
    assert_eq!(nov.other, -100_000);
    assert_eq!(nov.net, 214_050 - 19_900 - 3_060 - 5_808 - 300);
    // ten statement lines and the service fee taken from the first
    assert_eq!(nov.count, 11);
    let line = |name: &str| nov.lines.iter().find(|l| l.line == name).map(|l| l.amount);
    assert_eq!(line("天猫佣金"), Some(-3_840));
    assert_eq!(line("先用后付技术服务费"), Some(-1_200));
    assert_eq!(line("服务费"), Some(-768));
    assert!(nov
        .lines
        .iter()
        .any(|l| l.class.is_none() && l.line.contains("神秘费用")));
    let dec = account(&st.bookings, &r, (2026, 12));
    assert_eq!((dec.income, dec.refunds, dec.net), (0, 10_000, -10_000));

    // metrics: Oct 29–31 paid 100.00 a day; November 70.00 a day, its last three days 50.00;
    // the refund of 199.00 on Nov 5; Dec 1 the crossing refund
    let mut days: Vec<StoreDay> = (29..=31)
        .map(|d| store_day(day(2026, 10, d), 10_000, 0))
        .collect();
    for d in 1..=30 {
        let paid = if d >= 28 { 5_000 } else { 7_000 };
        let refund = if d == 5 { 19_900 } else { 0 };
        days.push(store_day(day(2026, 11, d), paid, refund));
    }
    days.push(store_day(day(2026, 12, 1), 0, 10_000));
    let rec = reconcile(&nov, &days, (2026, 11), 3);
    assert_eq!(rec.metric_days, 30);
    assert_eq!(rec.paid, 27 * 7_000 + 3 * 5_000);
    assert_eq!(rec.refunded, 19_900);
    assert_eq!(rec.expected, 204_000 - 19_900);
    assert_eq!(rec.received, 214_050 - 19_900);
    assert_eq!(rec.difference, 10_050);
    assert_eq!(
        (rec.carried_in, rec.carried_out, rec.carried_in_known),
        (30_000, 15_000, true)
    );
    assert_eq!(rec.unexplained, 10_050 - 30_000 + 15_000);
    let rec_dec = reconcile(&dec, &days, (2026, 12), 3);
    assert_eq!((rec_dec.refunded, rec_dec.received), (10_000, -10_000));
}

#[test]
fn bad_files_are_refused_with_row_numbers_and_nothing_half_read() {
    assert_eq!(read(&gbk("a,b,c\n1,2,3\n")), Err(StatementError::NoHeader));
    let bad = gbk("入账时间,收入（+元）,支出（-元）,账务类型\n2026-11-01,12.00,,交易付款\n2026-11-02,十二元,,交易付款\nsoon,1.00,,交易付款\n");
    match read(&bad) {
        Err(StatementError::BadRows { listed, total }) => {
            assert_eq!(total, 2);
            assert_eq!(
                listed,
                vec![
                    RowProblem::BadAmount { row: 3 },
                    RowProblem::BadTime { row: 4 }
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        read(&gbk("入账时间,收入（+元）,支出（-元）\n#end\n")),
        Err(StatementError::NoLines)
    );
}

#[test]
fn stored_form_round_trips_and_a_reimport_replaces_its_days() {
    let st = read(FIXTURE).unwrap();
    let s = statement::encode(&st.bookings);
    assert_eq!(statement::decode(&s), Some(st.bookings.clone()));
    assert_eq!(statement::decode("garbage"), None);
    assert_eq!(statement::decode("sop-statement 1\n1\nx\n0 5 1 1\n"), None);
    // importing the same file again changes nothing
    let again = statement::replace_days(&st.bookings, &st.bookings);
    assert_eq!(again, st.bookings);
    // a later file of Dec 1–2 replaces Dec 1 only
    let later = read(&gbk("入账时间,收入（+元）,支出（-元）,账务类型\n2026-12-01 09:00,50.00,,交易付款\n2026-12-02 09:00,20.00,,交易付款\n")).unwrap();
    let merged = statement::replace_days(&st.bookings, &later.bookings);
    let r = rules(&[]);
    let dec = account(&merged, &r, (2026, 12));
    assert_eq!((dec.income, dec.refunds), (7_000, 0));
    assert_eq!(
        account(&merged, &r, (2026, 11)),
        account(&st.bookings, &r, (2026, 11))
    );
    assert_eq!(settle::months(&merged), vec![(2026, 11), (2026, 12)]);
}

#[test]
fn month_keys() {
    assert_eq!(settle::month_of_key("2026-11"), Some((2026, 11)));
    for bad in ["2026-13", "1999-01", "2026-1", "x", ""] {
        assert_eq!(settle::month_of_key(bad), None, "{bad}");
    }
    assert_eq!(settle::closing_id((2026, 3)), "settle-2026-03");
}

/// The page's fast way: bytes, only descriptions decoded.
fn read_bytes(bytes: &[u8]) -> Option<Result<statement::Statement, StatementError>> {
    statement::parse_bytes(bytes, &EncodingRs)
}

#[test]
fn bytes_read_what_the_table_reads() {
    let by_table = read(FIXTURE).unwrap();
    let by_bytes = read_bytes(FIXTURE).unwrap().unwrap();
    assert_eq!(by_bytes.bookings, by_table.bookings);
    assert_eq!(
        (
            by_bytes.lines,
            by_bytes.skipped,
            by_bytes.first_day,
            by_bytes.last_day
        ),
        (
            by_table.lines,
            by_table.skipped,
            by_table.first_day,
            by_table.last_day
        )
    );
    // UTF-8 with a BOM, the same figures
    let utf8 = encoding_rs::GBK.decode(FIXTURE).0.into_owned();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(utf8.as_bytes());
    assert_eq!(
        read_bytes(&bom).unwrap().unwrap().bookings,
        by_table.bookings
    );
    // not for bytes: UTF-16, a workbook, HTML, a cell over two lines
    assert!(read_bytes(&[0xFF, 0xFE, b'a', 0]).is_none());
    assert!(read_bytes(b"PK\x03\x04rest").is_none());
    assert!(read_bytes(b"<table><tr><td>1</td></tr></table>").is_none());
    let two_lines =
        gbk("入账时间,收入（+元）,支出（-元）,账务类型,备注\n2026-11-02,,3.00,收费,\"两\n行\"\n");
    assert!(read_bytes(&two_lines).is_none());
    // bad rows by their line numbers, a GBK date refused, nothing read
    let bad = gbk("入账时间,收入（+元）,支出（-元）,账务类型\n2026-11-01,12.00,,交易付款\n2026-11-02,十二元,,交易付款\n明天,1.00,,交易付款\n合计,13.00,,\n");
    assert_eq!(
        read_bytes(&bad).unwrap().unwrap_err(),
        StatementError::BadRows {
            listed: vec![
                RowProblem::BadAmount { row: 3 },
                RowProblem::BadTime { row: 4 }
            ],
            total: 2
        }
    );
    assert_eq!(
        read_bytes(&gbk("a,b\n1,2\n")).unwrap().unwrap_err(),
        StatementError::NoHeader
    );
}
