//! Down the store (`core::targets::shares`): a month's target split over categories and items
//! from last year's same month or typed shares, every figure adding up to its parent exactly;
//! attainment per category; and a net or profit headline turned into the year's 支付金额.

use std::collections::HashMap;
use store_ops_planner::core::metrics::period::day_from_ymd;
use store_ops_planner::core::metrics::store::MetricsBatch;
use store_ops_planner::core::metrics::MetricsStore;
use store_ops_planner::core::targets::shares::*;
use store_ops_planner::core::targets::*;
use store_ops_planner::model::metrics::ProductDay;
use store_ops_planner::model::target::MONTHS;
use store_ops_planner::model::{Fen, Headline, Product, ProductRole, TargetPlan};

const T0: i64 = 1_767_225_600_000;

fn product(id: &str, item: &str, cat: &str, role: ProductRole) -> Product {
    let mut p = Product::new(id.into(), T0);
    p.item_id = item.into();
    p.category = cat.into();
    p.title = format!("商品 {id}");
    p.role = role;
    p
}

/// A: items 1001 and 1002 (two SKUs of one item); B: item 1003; C: a product without a 商品ID.
fn catalog() -> Vec<Product> {
    vec![
        product("a1", "1001", "A", ProductRole::Hero),
        product("a2", "1002", "A", ProductRole::Traffic),
        product("a2-red", "1002", "A", ProductRole::Traffic),
        product("b1", "1003", "B", ProductRole::Profit),
        product("c1", "", "C", ProductRole::Regular),
    ]
}

fn sale(y: i32, m: u32, d: u32, item: &str, yuan: i64) -> ProductDay {
    ProductDay {
        day: day_from_ymd(y, m, d).unwrap(),
        item_id: item.into(),
        paid_amount: Fen(yuan * 100),
        ..ProductDay::default()
    }
}

/// January 2026: 1001 sold ¥600, 1002 ¥300, 1003 ¥100; January 2027 up to the 10th: 1001
/// ¥200,000 and 1003 ¥30,000.
fn metrics() -> MetricsStore {
    MetricsStore::from_batch(MetricsBatch {
        products: vec![
            sale(2026, 1, 3, "1001", 600),
            sale(2026, 1, 4, "1002", 300),
            sale(2026, 1, 5, "1003", 100),
            sale(2027, 1, 2, "1001", 150_000),
            sale(2027, 1, 9, "1001", 50_000),
            sale(2027, 1, 10, "1003", 30_000),
        ],
        ..MetricsBatch::default()
    })
}

/// ¥1,000,000 in January 2027 (3% conversion, ¥150 客单价, 10% 推广占比), nothing else.
fn plan() -> TargetPlan {
    let mut p = TargetPlan::new("p".into(), 2027, "2027".into(), T0);
    p.months[0].gmv = Fen(100_000_000);
    p.target = Fen(100_000_000);
    p.drivers.conversion_bp = 300;
    p.drivers.aov = Fen(15_000);
    p.drivers.ad_ratio_bp = 1_000;
    p
}

fn by_key(l: &Level) -> HashMap<String, Part> {
    l.parts.iter().map(|p| (p.key.clone(), p.clone())).collect()
}

#[test]
fn items_group_skus_of_one_item() {
    let items = items_of(&catalog());
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["1001", "1002", "1003", "c1"]);
    assert_eq!(items[1].role, ProductRole::Traffic);
}

#[test]
fn categories_and_items_hand_worked() {
    let cat = catalog();
    let items = items_of(&cat);
    let m = metrics();
    let last = item_months(&m, 2026, None);
    let this = item_months(&m, 2027, None);
    let inputs = SplitInputs {
        items: &items,
        last_year: &last,
        this_year: &this,
        asof: day_from_ymd(2027, 1, 10),
    };
    let mut p = plan();
    // from last January: A 900 : B 100 : C 0
    let l = split(&p, Span::Month(0), None, &inputs);
    assert_eq!(l.basis, Basis::SameMonth);
    let k = by_key(&l);
    assert_eq!(k["A"].target, 90_000_000);
    assert_eq!(k["B"].target, 10_000_000);
    assert_eq!(k["C"].target, 0);
    assert_eq!(k["A"].last_year, 90_000);

    // C typed at 20%: the rest (80%) follows history 9 : 1
    set_share(&mut p, "C", Some(2_000), None).unwrap();
    let l = split(&p, Span::Month(0), None, &inputs);
    let k = by_key(&l);
    assert_eq!(
        (k["A"].target, k["B"].target, k["C"].target),
        (72_000_000, 8_000_000, 20_000_000)
    );
    assert_eq!(k["C"].typed_bp, Some(2_000));
    assert_eq!(k["A"].share_bp(100_000_000), Some(7_200));
    // 222,223 visitors (¥1,000,000 ÷ (3% × ¥150), rounded up) split 72 : 8 : 20 by largest
    // remainders: 160,000.56 / 17,777.84 / 44,444.6 → 160,000 / 17,778 / 44,445
    assert_eq!(
        (k["A"].visitors, k["B"].visitors, k["C"].visitors),
        (160_000, 17_778, 44_445)
    );
    // 6,667 buyers and the ¥100,000 ad budget also add up
    assert_eq!(l.parts.iter().map(|x| x.buyers).sum::<i64>(), 6_667);
    assert_eq!(l.parts.iter().map(|x| x.ad_budget).sum::<i64>(), 10_000_000);
    assert_eq!(k["A"].ad_budget, 7_200_000);
    // to date (10 of 31 days): 32,258,064 split 72 : 8 : 20 → 23,225,806 / 2,580,645 / 6,451,613
    assert_eq!(
        (k["A"].to_date, k["B"].to_date, k["C"].to_date),
        (23_225_806, 2_580_645, 6_451_613)
    );
    // A sold ¥200,000 of ¥232,258.06 to date: 86.11%
    assert_eq!(k["A"].actual, 20_000_000);
    assert_eq!(k["A"].rate_bp(), Some(8_611));
    assert_eq!(k["C"].rate_bp(), Some(0));

    // A's items: last January 600 : 300
    let a = split(&p, Span::Month(0), Some("A"), &inputs);
    let ka = by_key(&a);
    assert_eq!(
        (ka["1001"].target, ka["1002"].target),
        (48_000_000, 24_000_000)
    );
    // 1002 typed at 50% of A
    let siblings: Vec<String> = a.parts.iter().map(|x| x.key.clone()).collect();
    set_share(&mut p, "1002", Some(5_000), Some(&siblings)).unwrap();
    let a = split(&p, Span::Month(0), Some("A"), &inputs);
    let ka = by_key(&a);
    assert_eq!(
        (ka["1001"].target, ka["1002"].target),
        (36_000_000, 36_000_000)
    );
    assert_eq!(ka["1001"].visitors + ka["1002"].visitors, 160_000);
    assert_eq!(ka["1001"].actual, 20_000_000);

    // a typed share that passes 100% at its level is refused, the plan unchanged
    let before = p.clone();
    assert_eq!(
        set_share(&mut p, "A", Some(8_001), None),
        Err(ShareError::OverWhole { others_bp: 2_000 })
    );
    assert_eq!(
        set_share(&mut p, "A", Some(10_001), None),
        Err(ShareError::NotAPercent)
    );
    assert_eq!(p, before);
    // clearing goes back to history
    set_share(&mut p, "C", None, None).unwrap();
    assert!(p.category_shares.is_empty());
}

#[test]
fn every_level_adds_up_over_the_year() {
    let cat = catalog();
    let items = items_of(&cat);
    let m = metrics();
    let last = item_months(&m, 2026, None);
    let this = item_months(&m, 2027, None);
    let inputs = SplitInputs {
        items: &items,
        last_year: &last,
        this_year: &this,
        asof: day_from_ymd(2027, 3, 15),
    };
    let mut p = plan();
    set_year(&mut p, Fen(560_000_000_007), &DEFAULT_CURVE).unwrap();
    set_share(&mut p, "B", Some(3_333), None).unwrap();
    let year = split(&p, Span::Year, None, &inputs);
    // February–December had no sales last year: their shares come from last year as a whole
    assert_eq!(year.basis, Basis::LastYear);
    assert_eq!(year.parts.iter().map(|x| x.target).sum::<i64>(), p.target.0);
    for mo in 0..MONTHS {
        let l = split(&p, Span::Month(mo), None, &inputs);
        assert_eq!(
            l.parts.iter().map(|x| x.target).sum::<i64>(),
            p.months[mo].gmv.0
        );
        for c in &l.parts {
            let items = split(&p, Span::Month(mo), Some(&c.key), &inputs);
            assert_eq!(items.parts.iter().map(|x| x.target).sum::<i64>(), c.target);
            assert_eq!(
                items.parts.iter().map(|x| x.visitors).sum::<i64>(),
                c.visitors
            );
        }
    }
    for c in &year.parts {
        let items = split(&p, Span::Year, Some(&c.key), &inputs);
        assert_eq!(items.parts.iter().map(|x| x.target).sum::<i64>(), c.target);
        assert_eq!(
            items.parts.iter().map(|x| x.to_date).sum::<i64>(),
            c.to_date
        );
    }
    // without any history the untyped categories split evenly
    let none = HashMap::new();
    let bare = SplitInputs {
        items: &items,
        last_year: &none,
        this_year: &none,
        asof: None,
    };
    let l = split(&p, Span::Month(0), None, &bare);
    assert_eq!(l.basis, Basis::Even);
    let k = by_key(&l);
    assert!(
        (k["A"].target - k["C"].target).abs() <= 1,
        "even, to the fen"
    );
    assert_eq!(k["A"].to_date, 0);
}

#[test]
fn net_and_profit_headlines_find_the_smallest_year() {
    let mut p = plan();
    p.drivers.refund_bp = 1_000;
    p.drivers.gross_margin_bp = Some(4_000);
    p.drivers.fee_bp = Some(500);
    let inputs = PnlInputs::new(500, None);
    // 净支付金额 ¥9,000,000 at 10% refunds: about ¥10,000,000 of 支付金额
    p.headline = Headline::Net;
    set_headline(&mut p, Fen(900_000_000), &DEFAULT_CURVE, &inputs).unwrap();
    assert_eq!(p.headline_target, Some(Fen(900_000_000)));
    assert!(headline_value(&p, &inputs) >= 900_000_000);
    let mut less = p.clone();
    set_year(&mut less, Fen(p.target.0 - 1), &DEFAULT_CURVE).unwrap();
    assert!(headline_value(&less, &inputs) < 900_000_000);
    assert!((p.target.0 - 1_000_000_000).abs() <= 12, "{}", p.target.0);
    assert_eq!(p.months.iter().map(|m| m.gmv.0).sum::<i64>(), p.target.0);

    // operating profit ¥500,000 with ¥70,000 a month of fixed costs
    p.fixed = vec![store_ops_planner::model::CostLine {
        name: "工资".into(),
        monthly: Fen(7_000_000),
    }];
    p.headline = Headline::Profit;
    set_headline(&mut p, Fen(50_000_000), &DEFAULT_CURVE, &inputs).unwrap();
    assert!(year_pnl(&p, &inputs).profit >= 50_000_000);
    let mut less = p.clone();
    set_year(&mut less, Fen(p.target.0 - 1), &DEFAULT_CURVE).unwrap();
    assert!(year_pnl(&less, &inputs).profit < 50_000_000);

    // a profit no sales can reach (each sale loses money) is refused, the plan unchanged
    let before = p.clone();
    p.drivers.ad_ratio_bp = 9_000;
    let lossy = p.clone();
    assert_eq!(
        set_headline(&mut p, Fen(50_000_000), &DEFAULT_CURVE, &inputs),
        Err(HeadlineError::Unreachable)
    );
    assert_eq!(p, lossy);
    // a negative net is refused
    let mut q = before.clone();
    q.headline = Headline::Net;
    assert_eq!(
        set_headline(&mut q, Fen(-1), &DEFAULT_CURVE, &inputs),
        Err(HeadlineError::Target(TargetError::Negative))
    );
}

/// Shares and the headline travel in plan files; a file whose typed category shares pass 100%,
/// with a share above 100%, a repeated key or an unknown headline is refused.
#[test]
fn plan_files_carry_shares_and_refuse_bad_ones() {
    use store_ops_planner::formats::validate::targets_with;
    let mut p = plan();
    set_share(&mut p, "A", Some(6_000), None).unwrap();
    set_share(
        &mut p,
        "1002",
        Some(2_500),
        Some(&["1001".into(), "1002".into()]),
    )
    .unwrap();
    p.headline = Headline::Net;
    p.headline_target = Some(Fen(90_000_000));
    let v = serde_json::json!([serde_json::to_value(&p).unwrap()]);
    let back = targets_with(&v, "targets", true).unwrap();
    assert_eq!(back[0], p);
    let refused = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut x = serde_json::to_value(&p).unwrap();
        f(&mut x);
        targets_with(&serde_json::json!([x]), "targets", true).is_err()
    };
    assert!(refused(
        &|x| x["category_shares"][0]["share_bp"] = 10_001.into()
    ));
    assert!(refused(
        &|x| x["category_shares"] =
            serde_json::json!([{"key": "A", "share_bp": 6000}, {"key": "B", "share_bp": 4001}])
    ));
    assert!(refused(
        &|x| x["category_shares"] =
            serde_json::json!([{"key": "A", "share_bp": 1}, {"key": "A", "share_bp": 2}])
    ));
    assert!(refused(&|x| x["headline"] = "margin".into()));
    assert!(refused(&|x| x["headline_target"] = (-1).into()));
    assert!(refused(&|x| x["product_shares"] = "all".into()));
}

/// December 2026 (1 December is a Tuesday) in weeks: 1–6, 7–13, 14–20, 21–27, 28–31; the weeks
/// add up to the month, and a week's actual is the sum of its imported days.
#[test]
fn weeks_of_a_month_add_up() {
    let mut p = TargetPlan::new("p".into(), 2026, "2026".into(), T0);
    p.months[11].gmv = Fen(310_000_007);
    p.target = p.months[11].gmv;
    let days = day_split(&p, 11, None, &[], &[]);
    let d1 = day_from_ymd(2026, 12, 1).unwrap();
    let weeks = week_split(&days, |d| (d < d1 + 3).then_some(100));
    let spans: Vec<(i32, i32)> = weeks
        .iter()
        .map(|w| (w.first - d1 + 1, w.last - d1 + 1))
        .collect();
    assert_eq!(spans, [(1, 6), (7, 13), (14, 20), (21, 27), (28, 31)]);
    assert_eq!(
        weeks.iter().map(|w| w.target).sum::<i64>(),
        p.months[11].gmv.0
    );
    assert_eq!(weeks[0].iso_week, 49);
    assert_eq!(weeks[0].actual, Some(300));
    assert_eq!(weeks[1].actual, None);
}

/// A platform event's main days weigh its uplift: last year's 618 sold ¥250 a day against ¥100
/// on the median day of the 28 days before it (2,500‰; two ¥1,000 days among them do not move
/// the median). June 2027 of ¥33,000 with 618 on the 16th–18th at
/// 2× (2,000‰): 27 ordinary days of ¥1,000 and three of ¥2,000, named with the event.
#[test]
fn platform_event_days_weigh_their_uplift() {
    use store_ops_planner::model::metrics::StoreDay;
    let d = |m, dd| day_from_ymd(2026, m, dd).unwrap();
    let mut days = Vec::new();
    for i in 0..28 {
        days.push(StoreDay {
            day: d(5, 19) + i,
            paid_amount: Fen(if i == 3 || i == 4 { 100_000 } else { 10_000 }),
            ..StoreDay::default()
        });
    }
    for i in 0..3 {
        days.push(StoreDay {
            day: d(6, 16) + i,
            paid_amount: Fen(25_000),
            ..StoreDay::default()
        });
    }
    assert_eq!(
        event_uplift(&days, d(6, 16), d(6, 18), d(6, 16)),
        Some(2_500)
    );
    // no baseline days, or none in the event: no uplift
    assert_eq!(event_uplift(&days, d(6, 16), d(6, 18), d(5, 1)), None);
    assert_eq!(event_uplift(&days, d(7, 1), d(7, 3), d(6, 16)), None);

    let mut p = TargetPlan::new("p".into(), 2027, "2027".into(), T0);
    p.months[5].gmv = Fen(3_300_000);
    p.target = p.months[5].gmv;
    let e = |m, dd| day_from_ymd(2027, m, dd).unwrap();
    let ev = EventWeight {
        name: "618".into(),
        first: e(6, 16),
        last: e(6, 18),
        uplift_permille: 2_000,
    };
    let s = day_split(&p, 5, None, &[], std::slice::from_ref(&ev));
    assert_eq!(s.len(), 30);
    // with a promotion of its own on the 18th (¥500), the 18th gets that and its event share
    let promo = PromoTarget {
        name: "会场".into(),
        first: e(6, 18),
        last: e(6, 18),
        target: 50_000,
    };
    let with = day_split(&p, 5, None, &[promo], std::slice::from_ref(&ev));
    // ¥32,500 left: 27 × w + 3 × 2w = 33 w → w = ¥984.85 (¥984.84 or ¥984.85 by remainders)
    let last = &with[17];
    assert_eq!(last.promos, vec!["会场".to_string(), "618".to_string()]);
    assert_eq!(with.iter().map(|x| x.target).sum::<i64>(), 3_300_000);
    assert!(
        (last.target - 50_000 - 2 * 98_485).abs() <= 2,
        "{}",
        last.target
    );
    for x in &s {
        let on = x.day >= e(6, 16) && x.day <= e(6, 18);
        assert_eq!(x.target, if on { 200_000 } else { 100_000 });
        assert_eq!(x.promos, if on { vec!["618".to_string()] } else { vec![] });
    }
}

/// 春节 moves: in 2026 (春节 17 February) the 15 days around it sold ¥20 a day against ¥100 on
/// ordinary days; in 2027 (春节 6 February) its window is 30 January – 13 February, so January
/// weighs 29 × ¥100 + 2 × ¥20 = ¥2,940 and February 15 × ¥100 + 13 × ¥20 = ¥1,760 (instead of
/// 2026's ¥3,100 and ¥1,600), and the curve says so.
#[test]
fn the_spring_festival_moves_between_january_and_february() {
    use store_ops_planner::core::metrics::period::day_of;
    use store_ops_planner::model::metrics::StoreDay;
    let first = day_from_ymd(2026, 1, 1).unwrap();
    let cny = day_from_ymd(2026, 2, 17).unwrap();
    let days: Vec<StoreDay> = (first..first + 365)
        .map(|day| StoreDay {
            day,
            paid_amount: Fen(if (day - cny).abs() <= 7 {
                2_000
            } else {
                10_000
            }),
            ..StoreDay::default()
        })
        .collect();
    assert_eq!(cny_adjust(2027, 2026, &days), Some([294_000, 176_000]));
    let c = curve_for(2027, &days);
    assert_eq!(&c.weights[..3], &[294_000, 176_000, 310_000]);
    assert_eq!(
        c.cny,
        Some((
            cny,
            day_of(chrono::NaiveDate::from_ymd_opt(2027, 2, 6).unwrap())
        ))
    );
    // without January–February history there is nothing to move
    assert_eq!(cny_adjust(2027, 2025, &days), None);
}

/// `split_tree` gives the same levels as `split` one at a time.
#[test]
fn the_tree_is_the_levels() {
    let cat = catalog();
    let items = items_of(&cat);
    let m = metrics();
    let last = item_months(&m, 2026, None);
    let this = item_months(&m, 2027, None);
    let inputs = SplitInputs {
        items: &items,
        last_year: &last,
        this_year: &this,
        asof: day_from_ymd(2027, 1, 10),
    };
    let mut p = plan();
    set_year(&mut p, Fen(123_456_789), &DEFAULT_CURVE).unwrap();
    set_share(
        &mut p,
        "1002",
        Some(7_000),
        Some(&["1001".into(), "1002".into()]),
    )
    .unwrap();
    for span in [Span::Year, Span::Month(0), Span::Month(6)] {
        let (cats, all) = split_tree(&p, span, &inputs);
        assert_eq!(cats, split(&p, span, None, &inputs));
        assert_eq!(all.len(), 3);
        for (c, l) in &all {
            assert_eq!(l, &split(&p, span, Some(c), &inputs));
        }
    }
}
