//! The director's year (`core::targets`): splits that add up to the fen after any edits, the
//! hand-worked 5,600万 year, what a month needs, the profit plan of two months, the forecast on a
//! known seasonal series, scenarios, and plan files refusing a plan whose months do not add up.

use proptest::prelude::*;
use store_ops_planner::core::metrics::period::day_from_ymd;
use store_ops_planner::core::targets::*;
use store_ops_planner::model::metrics::StoreDay;
use store_ops_planner::model::target::{CostLine, MONTHS};
use store_ops_planner::model::{Fen, TargetPlan};

const T0: i64 = 1_767_225_600_000;

fn wan(w: i64) -> Fen {
    Fen(w * 10_000 * 100)
}

fn plan(year: i32) -> TargetPlan {
    TargetPlan::new("p1".into(), year, "2027 目标".into(), T0)
}

fn month_total(p: &TargetPlan) -> i64 {
    p.months.iter().map(|m| m.gmv.0).sum()
}

#[test]
fn spread_is_exact_and_proportional() {
    assert_eq!(spread(10, &[1, 1, 1]), vec![4, 3, 3]);
    assert_eq!(spread(100, &[0, 0]), vec![50, 50]);
    assert_eq!(spread(7, &[2, 0, 1]), vec![5, 0, 2]);
    assert_eq!(spread(-5, &[1, 2]), vec![0, 0]);
    assert_eq!(spread(5, &[]), Vec::<i64>::new());
}

/// 5,600万 with Q1 23% / Q2 25% / Q3 22% / Q4 30%, then October typed as 600万.
#[test]
fn the_5600_wan_year_by_quarters_and_a_typed_month() {
    let mut p = plan(2027);
    set_year(&mut p, wan(5_600), &DEFAULT_CURVE).unwrap();
    // the default curve is in per mille: months are exactly 5.6e9 fen × w / 1000
    assert_eq!(p.months[0].gmv, wan(420));
    assert_eq!(p.months[1].gmv, wan(308));
    assert_eq!(p.months[10].gmv, wan(784));
    assert_eq!(month_total(&p), wan(5_600).0);

    set_quarter(&mut p, 0, wan(1_288), &DEFAULT_CURVE).unwrap();
    // Q1's months keep their 420 : 308 : 448 shape: 460万, 337.33万, 490.67万 (the last fen to
    // the largest remainder)
    assert_eq!(p.months[0].gmv, Fen(460_000_000));
    assert_eq!(p.months[1].gmv, Fen(337_333_333));
    assert_eq!(p.months[2].gmv, Fen(490_666_667));
    assert!(p.months[..3].iter().all(|m| m.locked));
    set_quarter(&mut p, 1, wan(1_400), &DEFAULT_CURVE).unwrap();
    set_quarter(&mut p, 2, wan(1_232), &DEFAULT_CURVE).unwrap();
    assert_eq!(
        quarters(&p),
        [wan(1_288).0, wan(1_400).0, wan(1_232).0, wan(1_680).0]
    );
    assert_eq!(p.target, wan(5_600));

    set_month(&mut p, 9, wan(600), &DEFAULT_CURVE).unwrap();
    assert_eq!(p.months[9].gmv, wan(600));
    assert!(p.months[9].locked);
    // Q1–Q3 are pinned: November and December absorb, in their 140 : 80 shape
    assert_eq!(quarters(&p)[3], wan(1_680).0);
    assert_eq!(quarters(&p)[0], wan(1_288).0);
    let (nov, dec) = (p.months[10].gmv.0, p.months[11].gmv.0);
    assert_eq!(nov + dec, wan(1_080).0);
    assert!((nov * 80 - dec * 140).abs() <= 220, "{nov} {dec}");
    assert_eq!(month_total(&p), wan(5_600).0);

    // a typed month that the pinned months leave no room for is refused, nothing changes
    let before = p.clone();
    assert_eq!(
        set_month(&mut p, 10, wan(2_000), &DEFAULT_CURVE),
        Err(TargetError::LockedExceed { locked: wan(4_520) })
    );
    assert_eq!(p, before);
    assert_eq!(
        set_year(&mut p, wan(100), &DEFAULT_CURVE),
        Err(TargetError::LockedExceed {
            locked: Fen(p.months.iter().filter(|m| m.locked).map(|m| m.gmv.0).sum())
        })
    );
    assert_eq!(
        set_month(&mut p, 12, wan(1), &DEFAULT_CURVE),
        Err(TargetError::OutOfRange)
    );
    assert_eq!(
        set_month(&mut p, 1, Fen(-1), &DEFAULT_CURVE),
        Err(TargetError::Negative)
    );
    assert_eq!(p, before);
}

/// January 2027 at 460万, 3% conversion, ¥150 客单价, 30% paid, 10% 推广占比.
#[test]
fn what_a_month_needs_hand_worked() {
    let mut p = plan(2027);
    p.target = Fen(460_000_000);
    p.months[0].gmv = Fen(460_000_000);
    let n = month_needs(&p, 0, Some(400_000_000));
    assert_eq!(n.days, 31);
    // 4,600,000 ÷ 150 = 30,666.7 → 30,667 buyers
    assert_eq!(n.buyers, 30_667);
    // 4,600,000 ÷ (3% × 150) = 1,022,222.2 → 1,022,223 visitors
    assert_eq!(n.visitors, 1_022_223);
    // × 30% = 306,666.9 → 306,667 paid visitors
    assert_eq!(n.paid_visitors, 306_667);
    // 10% of 460万 = ¥460,000
    assert_eq!(n.ad_budget, Fen(46_000_000));
    // ¥460,000 ÷ 306,667 = ¥1.49999… → ¥1.50
    assert_eq!(n.cpc, Some(Fen(150)));
    // 4,600,000 ÷ 31 = 148,387.0968 → ¥148,387.10
    assert_eq!(n.daily, Fen(14_838_710));
    assert!(n.stretch, "above last year's best month");
    // a month's own conversion overrides the plan's
    p.months[0].conversion_bp = Some(400);
    assert_eq!(month_needs(&p, 0, None).visitors, 766_667);
    assert!(!month_needs(&p, 0, None).stretch);
}

fn pnl_plan() -> TargetPlan {
    let mut p = plan(2027);
    p.months[0].gmv = Fen(460_000_000);
    p.months[1].gmv = Fen(337_333_333);
    p.target = Fen(797_333_333);
    p.drivers.gross_margin_bp = Some(4_000);
    p.drivers.fee_bp = Some(500);
    p.drivers.affiliate_bp = 200;
    p.fixed = vec![
        CostLine {
            name: "工资".into(),
            monthly: Fen(6_000_000),
        },
        CostLine {
            name: "房租".into(),
            monthly: Fen(1_000_000),
        },
    ];
    p
}

/// January and February of a 40% margin, 5% fee, 2% 淘宝客, 10% refunds, ¥8 per order plan with
/// ¥70,000 fixed costs a month.
#[test]
fn profit_plan_of_two_months_hand_worked() {
    let p = pnl_plan();
    let inputs = PnlInputs::new(300, Some(6_000));
    let jan = month_pnl(&p, 0, &inputs);
    assert_eq!(
        jan,
        Pnl {
            promo: 0,
            gmv: 460_000_000,
            refunds: 46_000_000,
            net_sales: 414_000_000,
            cogs: 248_400_000,
            fees: 20_700_000,
            affiliate: 9_200_000,
            ads: 46_000_000,
            shipping: 24_533_600,
            contribution: 65_166_400,
            fixed: 7_000_000,
            profit: 58_166_400,
        }
    );
    // 7,000,000 × 460,000,000 ÷ 65,166,400 = 49,411,966.9 → rounded up
    assert_eq!(jan.break_even(), Some(49_411_967));
    assert_eq!(jan.margin_bp(), Some(1_264));
    let feb = month_pnl(&p, 1, &inputs);
    assert_eq!(
        feb,
        Pnl {
            promo: 0,
            gmv: 337_333_333,
            refunds: 33_733_333,
            net_sales: 303_600_000,
            cogs: 182_160_000,
            fees: 15_180_000,
            affiliate: 6_746_667,
            ads: 33_733_333,
            shipping: 17_991_200,
            contribution: 47_788_800,
            fixed: 7_000_000,
            profit: 40_788_800,
        }
    );
    // the year: ten empty months still carry their fixed costs
    let year = year_pnl(&p, &inputs);
    assert_eq!(year.gmv, 797_333_333);
    assert_eq!(year.profit, 58_166_400 + 40_788_800 - 10 * 7_000_000);
    // without its own margin and fee the plan uses the catalog's and the store's
    let mut q = p.clone();
    q.drivers.gross_margin_bp = None;
    q.drivers.fee_bp = None;
    let j = month_pnl(&q, 0, &inputs);
    assert_eq!(j.cogs, 414_000_000 - 248_400_000);
    assert_eq!(j.fees, 12_420_000);
    assert_eq!(
        margin_in_use(&q, &PnlInputs::new(0, None)),
        FALLBACK_MARGIN_BP
    );
}

/// The planned promotions' discount (促销让利) in the profit plan. A ¥1,000,000 promotion over
/// 30 January – 2 February 2027 whose two SKUs list at ¥100 and ¥200 and pay ¥80 and ¥160 gives
/// ¥1,000,000 × 60 ÷ 240 = ¥250,000 off list, ¥62,500 a day: ¥125,000 in January and ¥125,000 in
/// February. A promotion of 2026 and one whose SKU pays ¥0 add nothing to 2027.
#[test]
fn promotion_discount_in_the_profit_plan_hand_worked() {
    let day = |m, d| day_from_ymd(2027, m, d).unwrap();
    let promos = [
        PromoDiscount {
            first: day(1, 30),
            last: day(2, 2),
            target: 100_000_000,
            list: 30_000,
            paid: 24_000,
        },
        PromoDiscount {
            first: day_from_ymd(2026, 12, 10).unwrap(),
            last: day_from_ymd(2026, 12, 12).unwrap(),
            target: 50_000_000,
            list: 10_000,
            paid: 5_000,
        },
        PromoDiscount {
            first: day(3, 1),
            last: day(3, 3),
            target: 50_000_000,
            list: 10_000,
            paid: 0,
        },
        // no target: nothing expected
        PromoDiscount {
            first: day(4, 1),
            last: day(4, 3),
            target: 0,
            list: 10_000,
            paid: 5_000,
        },
    ];
    assert_eq!(promos[0].amount(), Some(25_000_000));
    assert_eq!(promos[2].amount(), None);
    let by_month = promo_discount_by_month(2027, &promos);
    let mut want = [0i64; MONTHS];
    want[0] = 12_500_000;
    want[1] = 12_500_000;
    assert_eq!(by_month, want);

    let p = pnl_plan();
    let mut inputs = PnlInputs::new(300, Some(6_000));
    inputs.promo_discount = by_month;
    let jan = month_pnl(&p, 0, &inputs);
    // the goods kept are worth net sales + the discount on them at list price:
    // 12,500,000 − 10% refunded = 11,250,000; 414,000,000 + 11,250,000 = 425,250,000 at list;
    // cost of goods = 60% of that = 255,150,000 (6,750,000 more than without the promotion)
    assert_eq!(
        jan,
        Pnl {
            promo: 12_500_000,
            gmv: 460_000_000,
            refunds: 46_000_000,
            net_sales: 414_000_000,
            cogs: 255_150_000,
            fees: 20_700_000,
            affiliate: 9_200_000,
            ads: 46_000_000,
            shipping: 24_533_600,
            contribution: 58_416_400,
            fixed: 7_000_000,
            profit: 51_416_400,
        }
    );
    let feb = month_pnl(&p, 1, &inputs);
    // 303,600,000 + 11,250,000 = 314,850,000 at list; 60% = 188,910,000
    assert_eq!(feb.cogs, 188_910_000);
    assert_eq!(feb.profit, 40_788_800 - 6_750_000);
    let year = year_pnl(&p, &inputs);
    assert_eq!(year.promo, 25_000_000);
    assert_eq!(year.profit, 51_416_400 + 34_038_800 - 10 * 7_000_000);
    // March's unbounded promotion and April's without a target leave those months as they were
    assert_eq!(month_pnl(&p, 2, &inputs).promo, 0);
}

#[test]
fn sensitivity_ranks_the_drivers() {
    let p = pnl_plan();
    let inputs = PnlInputs::new(300, None);
    let s = sensitivity(&p, &inputs, 10);
    assert_eq!(s.len(), Driver::ALL.len());
    // +10% margin: cogs falls by 10% of the 40% margin on net sales (717,600,000 × 4%)
    let m = s.iter().find(|x| x.driver == Driver::GrossMargin).unwrap();
    assert_eq!(m.up, 28_704_000);
    assert_eq!(m.down, -28_704_000);
    let f = s.iter().find(|x| x.driver == Driver::FixedCosts).unwrap();
    assert_eq!(f.up, -8_400_000);
    // largest swing first
    for w in s.windows(2) {
        assert!((w[0].up - w[0].down).abs() >= (w[1].up - w[1].down).abs());
    }
}

fn days_of(
    year: i32,
    daily: impl Fn(usize, u32) -> i64,
    upto: Option<(u32, u32)>,
) -> Vec<StoreDay> {
    let mut v = Vec::new();
    for m in 0..MONTHS {
        for d in 1..=days_in_month(year, m) {
            if let Some((um, ud)) = upto {
                if (m as u32 + 1, d) > (um, ud) {
                    return v;
                }
            }
            v.push(StoreDay {
                day: day_from_ymd(year, m as u32 + 1, d).unwrap(),
                paid_amount: Fen(daily(m, d)),
                visitors: 1_000,
                paying_buyers: 30,
                ..StoreDay::default()
            });
        }
    }
    v
}

/// A store whose year has a fixed seasonal shape with a little day-to-day noise; this year runs
/// 20% above last year. At the end of June the forecast lands within its band of the true year.
#[test]
fn forecast_recovers_a_seasonal_series_within_its_band() {
    let shape = |m: usize| DEFAULT_CURVE[m] as i64 * 10_000;
    let noise = |m: usize, d: u32| 100 + ((m as i64 * 7 + d as i64 * 13) % 9) - 4;
    let last: Vec<StoreDay> = days_of(2026, |m, d| shape(m) * noise(m, d) / 100, None);
    let this_full: Vec<StoreDay> =
        days_of(2027, |m, d| shape(m) * 120 * noise(m + 3, d) / 10_000, None);
    let true_total: i64 = this_full.iter().map(|d| d.paid_amount.0).sum();
    let upto: Vec<StoreDay> = days_of(
        2027,
        |m, d| shape(m) * 120 * noise(m + 3, d) / 10_000,
        Some((6, 30)),
    );

    // the plan: last year's history shape for a 10% higher year
    let curve = curve_for(2027, &last);
    assert!(matches!(curve.source, CurveSource::History { .. }));
    let mut p = plan(2027);
    let ly_total: i64 = last.iter().map(|d| d.paid_amount.0).sum();
    set_year(&mut p, Fen(ly_total * 110 / 100), &curve.weights).unwrap();
    let actual = month_sums(&upto, 2027);
    let ly = month_sums(&last, 2026);
    let asof = day_from_ymd(2027, 6, 30).unwrap();
    let Forecast::Year {
        total,
        backtest_error_bp,
    } = forecast(&p, &actual, &ly, asof)
    else {
        panic!("enough days to forecast");
    };
    let band = backtest_error_bp.expect("last year is whole");
    let err_bp = (total - true_total).abs() * 10_000 / true_total;
    // the band is the back-test's error, with a floor of 2%
    assert!(err_bp <= band.max(200), "error {err_bp} bp, band {band} bp");
    // attainment to date runs about 120 ÷ 110 of plan
    let a = year_attainment(&p, &actual, asof);
    let rate = a.rate_bp.unwrap();
    assert!((10_700..11_100).contains(&rate), "{rate}");

    // three weeks of data: too early
    let early = days_of(2027, |m, _| shape(m), Some((1, 21)));
    assert_eq!(
        forecast(
            &p,
            &month_sums(&early, 2027),
            &ly,
            day_from_ymd(2027, 1, 21).unwrap()
        ),
        Forecast::TooEarly { days: 21 }
    );
}

#[test]
fn curve_falls_back_to_the_default_and_says_which_months_lack_history() {
    let half = days_of(2026, |_, _| 100_000, Some((6, 30)));
    let c = curve_for(2027, &half);
    assert_eq!(c.weights, DEFAULT_CURVE);
    assert_eq!(
        c.source,
        CurveSource::Default {
            missing: vec![6, 7, 8, 9, 10, 11]
        }
    );
}

#[test]
fn month_attainment_is_against_the_target_to_date() {
    let mut p = plan(2027);
    set_year(&mut p, wan(3_650), &[1; MONTHS]).unwrap();
    // March: 3,650万 / 12 (largest remainder) — take it from the plan
    let march = p.months[2].gmv.0;
    let days = days_of(2027, |_, _| 5_000_000, Some((3, 10)));
    let actual = month_sums(&days, 2027);
    let a = month_attainment(&p, 2, &actual, day_from_ymd(2027, 3, 10).unwrap());
    assert_eq!(a.target_to_date, march * 10 / 31);
    assert_eq!(a.actual_to_date, 50_000_000);
    assert_eq!(a.days_left, 21);
    assert_eq!(a.daily_needed, Some((march - 50_000_000 + 20) / 21));
}

#[test]
fn a_scenario_is_an_independent_copy() {
    let mut base = pnl_plan();
    set_locked(&mut base, 0, true);
    let mut s = scenario_of(&base, "p2".into(), "乐观".into(), T0 + 5);
    assert_ne!(s.meta.id, base.meta.id);
    assert_eq!(s.months, base.months);
    s.drivers.aov = Fen(20_000);
    set_month(&mut s, 1, Fen(400_000_000), &DEFAULT_CURVE).unwrap_or(());
    s.fixed[0].monthly = Fen(1);
    assert_eq!(base, pnl_plan_locked());
}

fn pnl_plan_locked() -> TargetPlan {
    let mut p = pnl_plan();
    set_locked(&mut p, 0, true);
    p
}

#[test]
fn csv_cells_are_neutralised() {
    assert_eq!(csv_text("=SUM(A1)"), "'=SUM(A1)");
    assert_eq!(csv_text("-3"), "'-3");
    assert_eq!(csv_text("a,b"), "\"a,b\"");
    assert_eq!(csv_text("说\"明"), "\"说\"\"明\"");
    assert_eq!(csv_text("说\"明,"), "\"说\"\"明,\"");
}

#[test]
fn plan_files_refuse_a_plan_whose_months_do_not_add_up() {
    let mut p = pnl_plan();
    let ok = serde_json::json!([serde_json::to_value(&p).unwrap()]);
    assert!(store_ops_planner::formats::validate::targets_with(&ok, "targets", true).is_ok());
    p.target = Fen(p.target.0 + 1);
    let bad = serde_json::json!([serde_json::to_value(&p).unwrap()]);
    assert!(store_ops_planner::formats::validate::targets_with(&bad, "targets", true).is_err());
}

#[derive(Clone, Debug)]
enum Op {
    Year(i64),
    Month(usize, i64),
    Quarter(usize, i64),
    Lock(usize, bool),
    Curve,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0i64..2_000_000_000_000).prop_map(Op::Year),
        (0usize..13, -10i64..500_000_000_000).prop_map(|(m, v)| Op::Month(m, v)),
        (0usize..5, 0i64..900_000_000_000).prop_map(|(q, v)| Op::Quarter(q, v)),
        (0usize..12, any::<bool>()).prop_map(|(m, l)| Op::Lock(m, l)),
        Just(Op::Curve),
    ]
}

proptest! {
    // a fixed seed: the same cases on every run
    #![proptest_config(ProptestConfig { cases: 500, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]

    /// After any sequence of edits and locks, accepted or refused, the months add up to the
    /// year's target exactly, none is negative, a refused edit changes nothing, and a pinned
    /// month only changes when it is the cell edited.
    #[test]
    fn every_split_adds_up_after_any_edits(
        total in 0i64..1_000_000_000_000,
        curve in proptest::array::uniform12(0u64..1_000),
        ops in proptest::collection::vec(op(), 1..30),
    ) {
        let mut p = plan(2027);
        set_year(&mut p, Fen(total), &curve).unwrap();
        prop_assert_eq!(month_total(&p), total);
        for o in ops {
            let before = p.clone();
            let r = match o.clone() {
                Op::Year(v) => set_year(&mut p, Fen(v), &curve),
                Op::Month(m, v) => set_month(&mut p, m, Fen(v), &curve),
                Op::Quarter(q, v) => set_quarter(&mut p, q, Fen(v), &curve),
                Op::Lock(m, l) => { set_locked(&mut p, m, l); Ok(()) }
                Op::Curve => { apply_curve(&mut p, &curve); Ok(()) }
            };
            if r.is_err() {
                prop_assert_eq!(&p, &before);
            }
            prop_assert_eq!(month_total(&p), p.target.0, "{:?}", o);
            prop_assert!(p.months.iter().all(|m| m.gmv.0 >= 0));
            for m in 0..MONTHS {
                let edited = match o {
                    Op::Month(x, _) => x == m,
                    Op::Quarter(q, _) => m / 3 == q,
                    _ => false,
                };
                if before.months[m].locked && !edited {
                    prop_assert_eq!(p.months[m].gmv, before.months[m].gmv, "{:?} moved pinned {}", o, m);
                }
            }
        }
    }
}

#[test]
fn amounts_as_directors_type_them() {
    assert_eq!(parse_amount("5600万"), Ok(wan(5_600)));
    assert_eq!(parse_amount(" ¥1,288.5万 "), Ok(Fen(1_288_500_000)));
    assert_eq!(parse_amount("0.56亿"), Ok(wan(5_600)));
    assert_eq!(parse_amount("56,000,000"), Ok(wan(5_600)));
    assert_eq!(parse_amount("128.50元"), Ok(Fen(12_850)));
    assert_eq!(parse_amount("0"), Ok(Fen(0)));
    assert_eq!(parse_amount("-5"), Err(AmountError::Negative));
    assert_eq!(parse_amount("abc"), Err(AmountError::NotANumber));
    assert_eq!(parse_amount("1e309"), Err(AmountError::NotANumber));
    assert_eq!(parse_amount(""), Err(AmountError::NotANumber));
    assert_eq!(parse_amount("1.234"), Err(AmountError::NotANumber));
    assert_eq!(parse_amount("9999999999999999"), Err(AmountError::TooLarge));
    assert_eq!(parse_amount("99999999亿"), Err(AmountError::TooLarge));
}

/// January 2027 planned at ¥4,500,000 with 3% conversion and ¥150 客单价 (1,000,000 visitors,
/// 30,000 buyers); it closed with 10% fewer visitors at the same conversion and order value:
/// the whole ¥450,000 gap is the visitors' (LMDI: the unchanged factors contribute nothing).
#[test]
fn the_gap_against_plan_is_split_by_cause() {
    let mut p = plan(2027);
    p.months[0].gmv = Fen(450_000_000);
    p.target = Fen(450_000_000);
    let mut actual = [MonthSum::default(); MONTHS];
    actual[0] = MonthSum {
        gmv: 405_000_000,
        days: 31,
        visitors: 900_000,
        buyers: 27_000,
        ..MonthSum::default()
    };
    let feb1 = day_from_ymd(2027, 2, 1).unwrap();
    let g = month_gap(&p, 0, &actual, feb1).unwrap();
    assert_eq!(g.before, Fen(450_000_000));
    assert_eq!(g.change, Fen(-45_000_000));
    assert_eq!(g.visitors, Fen(-45_000_000));
    assert_eq!((g.conversion, g.order_value), (Fen(0), Fen(0)));
    // fewer visitors but a better conversion and a lower order value: the parts still add up
    actual[0].buyers = 29_000;
    actual[0].gmv = 420_000_000;
    let g = month_gap(&p, 0, &actual, feb1).unwrap();
    assert_eq!(g.visitors.0 + g.conversion.0 + g.order_value.0, g.change.0);
    assert!(
        g.visitors.0 < 0 && g.conversion.0 > 0 && g.order_value.0 < 0,
        "{g:?}"
    );
    // the month table carries it, with the month's ad spend
    actual[0].spend = 40_000_000;
    let rows = month_table(&p, &actual, &[MonthSum::default(); MONTHS], Some(feb1));
    assert_eq!(rows[0].gap, Some(g));
    assert_eq!(rows[0].spent, Some(40_000_000));
    assert_eq!(rows[1].gap, None);
    assert_eq!(rows[1].spent, None);
}

fn june_plan(target: i64) -> TargetPlan {
    let mut p = plan(2027);
    p.months[5].gmv = Fen(target);
    p.target = Fen(target);
    p
}

fn d(m: u32, day: u32) -> i32 {
    day_from_ymd(2027, m, day).unwrap()
}

/// June 2027 at ¥12,000: a 618 wave (16–18 June) with its own ¥3,000 target takes ¥1,000 a
/// day, and the rest of the store's ¥9,000 goes ¥300 to every day, the wave's too (¥1,300 on
/// them); a wave that starts in May brings only its June days; promotions above the month are
/// scaled down to it and leave nothing to the other days.
#[test]
fn a_month_splits_into_days_with_the_promotions_on_their_days() {
    let p = june_plan(1_200_000);
    let even = day_split(&p, 5, None, &[], &[]);
    assert_eq!(even.len(), 30);
    assert!(even.iter().all(|x| x.target == 40_000));

    let promo = |name: &str, a: i32, b: i32, t: i64| PromoTarget {
        name: name.into(),
        first: a,
        last: b,
        target: t,
    };
    let s = day_split(
        &p,
        5,
        None,
        &[promo("618", d(6, 16), d(6, 18), 300_000)],
        &[],
    );
    assert_eq!(s.iter().map(|x| x.target).sum::<i64>(), 1_200_000);
    for x in &s[15..18] {
        assert_eq!(x.target, 130_000);
        assert_eq!(x.promos, vec!["618".to_string()]);
    }
    let others: Vec<i64> = s
        .iter()
        .filter(|x| x.promos.is_empty())
        .map(|x| x.target)
        .collect();
    assert_eq!(others.len(), 27);
    assert!(others.iter().all(|v| *v == 30_000));

    // 30 May – 2 June, ¥4,000 over four days: June gets ¥1,000 on the 1st and 2nd, and the
    // other ¥10,000 goes ¥333.33 or ¥333.34 to every day (the extra fen to the earliest days)
    let s = day_split(
        &p,
        5,
        None,
        &[promo("跨月", d(5, 30), d(6, 2), 400_000)],
        &[],
    );
    assert_eq!((s[0].target, s[1].target), (133_334, 133_334));
    assert_eq!(s[2].target, 33_334);
    assert_eq!(s[29].target, 33_333);
    assert_eq!(s.iter().map(|x| x.target).sum::<i64>(), 1_200_000);

    // promotions asking more than the month: scaled down to it, nothing for the other days
    let s = day_split(
        &p,
        5,
        None,
        &[promo("大促", d(6, 1), d(6, 3), 3_000_000)],
        &[],
    );
    assert_eq!(s.iter().map(|x| x.target).sum::<i64>(), 1_200_000);
    assert_eq!(s[0].target, 400_000);
    assert_eq!(s[3].target, 0);
}

#[test]
fn the_weekday_profile_weights_the_days() {
    // eight weeks where Saturday and Sunday sell twice a weekday
    let days: Vec<StoreDay> = (d(3, 1)..d(3, 1) + 56)
        .map(|day| StoreDay {
            day,
            paid_amount: Fen(
                if store_ops_planner::core::metrics::period::weekday(day) >= 5 {
                    200_000
                } else {
                    100_000
                },
            ),
            ..StoreDay::default()
        })
        .collect();
    let last = days.last().unwrap().day;
    let prof = weekday_profile(&days, last, 56).unwrap();
    // mean daily = (5 × 1 + 2 × 2) / 7 = 9/7: a weekday is 7/9 of it, a weekend day 14/9
    assert_eq!(prof, [777, 777, 777, 777, 777, 1555, 1555]);
    assert_eq!(weekday_profile(&days[..10], days[9].day, 10), None);
    let p = june_plan(1_200_000);
    let s = day_split(&p, 5, Some(&prof), &[], &[]);
    assert_eq!(s.iter().map(|x| x.target).sum::<i64>(), 1_200_000);
    // 5 June 2027 is a Saturday, 7 June a Monday
    assert!(s[4].target > s[6].target * 19 / 10);
}

#[test]
fn budget_lines_take_a_saved_split_and_read_spend_from_the_metrics() {
    use store_ops_planner::core::metrics::store::{MetricsBatch, MetricsStore};
    use store_ops_planner::model::metrics::{AdChannel, AdDay};
    use store_ops_planner::model::{BudgetKind, BudgetLine};
    let mut p = pnl_plan();
    p.budget
        .push(BudgetLine::new(BudgetKind::Content, "双11 直播".into()));
    p.budget[0].planned[10] = Fen(500_000);
    // a split saved into November: new lines for the channels, the content line untouched
    set_ad_budget(
        &mut p,
        10,
        &[
            (AdChannel::Search, Fen(3_000_000)),
            (AdChannel::Affiliate, Fen(1_200_000)),
        ],
    );
    assert_eq!(p.budget.len(), 3);
    assert_eq!(p.budget[1].kind, BudgetKind::Search);
    assert_eq!(p.budget[1].planned[10], Fen(3_000_000));
    assert_eq!(p.budget[1].planned.iter().filter(|f| f.0 != 0).count(), 1);
    assert_eq!(p.budget[0].planned[10], Fen(500_000));
    assert_eq!(ad_lines_planned(&p, 10), Fen(4_200_000));
    // saving again for the same month replaces, never adds
    set_ad_budget(&mut p, 10, &[(AdChannel::Search, Fen(2_000_000))]);
    assert_eq!(
        (p.budget.len(), p.budget[1].planned[10]),
        (3, Fen(2_000_000))
    );
    set_ad_budget(&mut p, 12, &[(AdChannel::Search, Fen(1))]); // no 13th month: nothing
    assert_eq!(p.budget[1].planned.len(), MONTHS);
    // spent: ad rows of the channel in the month (plan report rows); other kinds have none
    let day = |d| day_from_ymd(p.year, 11, d).unwrap();
    let ad = |d, c, fen| AdDay {
        day: day(d),
        channel: c,
        plan_id: "x".into(),
        spend: Fen(fen),
        ..AdDay::default()
    };
    let store = MetricsStore::from_batch(MetricsBatch {
        ads: vec![
            ad(1, AdChannel::Search, 10_000),
            ad(30, AdChannel::Search, 2_345),
            ad(2, AdChannel::Display, 99),
        ],
        ..MetricsBatch::default()
    });
    assert_eq!(
        budget_spent(&store, BudgetKind::Search, p.year, 10),
        Some(Fen(12_345))
    );
    assert_eq!(
        budget_spent(&store, BudgetKind::Affiliate, p.year, 10),
        Some(Fen::ZERO)
    );
    assert_eq!(budget_spent(&store, BudgetKind::Content, p.year, 10), None);
    assert_eq!(budget_spent(&store, BudgetKind::Search, p.year, 9), None);
    // plan files: the lines round-trip; a bad kind or a short year is refused
    let ok = serde_json::json!([serde_json::to_value(&p).unwrap()]);
    let back = store_ops_planner::formats::validate::targets_with(&ok, "targets", true).unwrap();
    assert_eq!(back[0].budget, p.budget);
    let mut bad = serde_json::to_value(&p).unwrap();
    bad["budget"][0]["kind"] = "tv_ads".into();
    assert!(store_ops_planner::formats::validate::targets_with(
        &serde_json::json!([bad]),
        "targets",
        true
    )
    .is_err());
    let mut short = serde_json::to_value(&p).unwrap();
    short["budget"][1]["planned"] = serde_json::json!([1, 2, 3]);
    assert!(store_ops_planner::formats::validate::targets_with(
        &serde_json::json!([short]),
        "targets",
        true
    )
    .is_err());
}

/// The month table export: the CSV and the XLSX write the same typed rows; the year's total row
/// adds the months up; a plan name that looks like a formula is neutralised.
#[test]
fn the_month_table_export_adds_up_and_keeps_types() {
    use store_ops_planner::core::metrics::export::CsvCell;
    let mut p = plan(2027);
    p.name = "=2027 目标".into();
    set_year(&mut p, wan(5_600), &DEFAULT_CURVE).unwrap();
    set_locked(&mut p, 6, true);
    let rows = month_table(
        &p,
        &[MonthSum::default(); MONTHS],
        &[MonthSum::default(); MONTHS],
        None,
    );
    let headers: Vec<String> = (0..14).map(|i| format!("h{i}")).collect();
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let typed = month_rows(&p, &rows, &headers, &months, "全年");
    assert_eq!(typed.len(), 2 + 12 + 1);
    assert_eq!(typed[0], vec![CsvCell::Text("=2027 目标".into())]);
    assert!(typed.iter().skip(1).all(|r| r.len() == 14));
    assert_eq!(typed[8][0], CsvCell::Text("7月".into()));
    assert_eq!(typed[8][2], CsvCell::Count(1));
    assert_eq!(typed[9][2], CsvCell::Empty);
    let month_sum: i64 = typed[2..14]
        .iter()
        .map(|r| match r[1] {
            CsvCell::Money(f) => f.0,
            _ => panic!("{r:?}"),
        })
        .sum();
    assert_eq!(typed[14][1], CsvCell::Money(wan(5_600)));
    assert_eq!(month_sum, wan(5_600).0);
    assert_eq!(typed[14][3], CsvCell::Bp(10_000));
    let csv = month_csv(&p, &rows, &headers, &months, "全年");
    assert!(csv.starts_with("\u{feff}'=2027 目标\r\n"), "{csv}");
    assert!(csv.contains("\r\n全年,56000000.00,,100.00%,"), "{csv}");
}

/// The sample store's promotions, checked as the Targets page does: each one's discount is its
/// target × (Σ list − Σ paid) ÷ Σ paid over its own SKU checks; the 双12 ones land in December
/// 2026, 618 in June and 双11 in October–November.
#[test]
fn sample_promotions_give_december_a_discount() {
    use chrono::Datelike;
    use store_ops_planner::core::promo::check::check_all;
    // 5 December 2026, 12:00 Beijing
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let (ws, _) = store_ops_planner::sample::sample_store(1_796_443_200_000, today);
    let live: Vec<_> = ws
        .live_promotions()
        .filter(|p| p.target_gmv.0 > 0)
        .cloned()
        .collect();
    assert!(!live.is_empty());
    let checks = check_all(&live, &ws.products, &ws.profile, &ws.settings);
    let ds = promo_discounts(&live, &checks);
    assert_eq!(ds.len(), live.len());
    let (mut want, mut december) = (0i64, 0i64);
    for (d, p) in ds.iter().zip(&live) {
        let own: Vec<_> = checks
            .iter()
            .filter(|c| c.promo_ids == vec![p.meta.id.clone()])
            .collect();
        assert_eq!(d.list, own.iter().map(|c| c.list_price.0).sum::<i64>());
        assert_eq!(
            d.paid,
            own.iter().map(|c| c.single.paid_unit.0).sum::<i64>()
        );
        assert_eq!(p.phases.main.start.year(), 2026);
        want += d.amount().unwrap();
        if p.phases.main.start.month() == 12 {
            december += d.amount().unwrap();
        }
    }
    let by_month = promo_discount_by_month(2026, &ds);
    assert!(december > 0, "the 双12 promotions give something off");
    assert_eq!(by_month[11], december);
    assert!(by_month[5] > 0, "618");
    assert_eq!(by_month.iter().sum::<i64>(), want);
    assert_eq!(promo_discount_by_month(2027, &ds), [0; MONTHS]);
}
