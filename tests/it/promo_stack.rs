//! The price stack (`core::promo::stack`): hand-worked carts, one rule each, then property tests.
//!
//! Money in fen: `y(100)` is ¥100.00 = 10000 fen. Every case names the rule it checks (domain
//! reference §3.2, numbered as in the module docs of `stack.rs`) and the hand arithmetic.
//! Every simulation also passes `invariants` (lines add up to the totals, nothing negative, paid ≤
//! list).
//!
//! Native only: proptest is not a dev-dependency on wasm32.

use chrono::NaiveDate;
use proptest::prelude::*;
use store_ops_planner::core::promo::stack::{
    simulate, simulate_with, Cart, CartLine, Level, RuleProblem, Simulation, StepKind,
};
use store_ops_planner::model::{
    Benefit, CouponScope, DateRange, Fen, ItemDiscount, PlatformChannel, Product, PromoItem,
    PromoRule, Promotion, Record, StoreWideBase, ThresholdBasis, Tier,
};

// ---------------------------------------------------------------------------------------------
// Builders

fn y(yuan: i64) -> Fen {
    Fen(yuan * 100)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn product(id: &str, list: Fen) -> Product {
    let mut p = Product::new(id.into(), 0);
    p.list_price = list;
    p
}

fn promo(id: &str, rule: PromoRule, items: Vec<PromoItem>) -> Promotion {
    let mut p = Promotion::new(
        id.into(),
        id.into(),
        DateRange::new(day("2026-06-01"), day("2026-06-20")),
        0,
    );
    p.rule = rule;
    p.items = items;
    p
}

fn items(ids: &[&str]) -> Vec<PromoItem> {
    ids.iter()
        .map(|id| PromoItem {
            product_id: id.to_string(),
            discount: None,
            stock: None,
        })
        .collect()
}

fn priced(list: &[(&str, ItemDiscount)]) -> Vec<PromoItem> {
    list.iter()
        .map(|(id, d)| PromoItem {
            product_id: id.to_string(),
            discount: Some(*d),
            stock: None,
        })
        .collect()
}

fn single(id: &str, list: &[(&str, ItemDiscount)]) -> Promotion {
    promo(id, PromoRule::Single, priced(list))
}

fn juhuasuan(id: &str, list: &[(&str, ItemDiscount)]) -> Promotion {
    promo(
        id,
        PromoRule::Platform {
            channel: PlatformChannel::Juhuasuan,
        },
        priced(list),
    )
}

fn fixed(p: Fen) -> ItemDiscount {
    ItemDiscount::FixedPrice { price: p }
}

fn tier(threshold: i64, benefit: Benefit) -> Tier {
    Tier { threshold, benefit }
}

fn off(f: Fen) -> Benefit {
    Benefit::AmountOff { off: f }
}

fn store_wide(id: &str, basis: ThresholdBasis, tiers: Vec<Tier>, repeat: bool) -> Promotion {
    promo(
        id,
        PromoRule::StoreWide {
            basis,
            tiers,
            repeat,
        },
        vec![],
    )
}

/// 满X元减Y元 over the whole store.
fn man_jian(id: &str, threshold: Fen, minus: Fen) -> Promotion {
    store_wide(
        id,
        ThresholdBasis::Amount,
        vec![tier(threshold.0, off(minus))],
        false,
    )
}

fn coupon(id: &str, threshold: Fen, face: Fen) -> Promotion {
    promo(
        id,
        PromoRule::Coupon {
            scope: CouponScope::Store,
            face,
            threshold,
        },
        vec![],
    )
}

fn item_coupon(id: &str, threshold: Fen, face: Fen, on: &[&str]) -> Promotion {
    promo(
        id,
        PromoRule::Coupon {
            scope: CouponScope::Items,
            face,
            threshold,
        },
        items(on),
    )
}

fn cross(id: &str, every: Fen, minus: Fen) -> Promotion {
    promo(id, PromoRule::CrossStore { every, off: minus }, vec![])
}

fn bundle(id: &str, price: Fen, on: &[&str]) -> Promotion {
    promo(id, PromoRule::Bundle { price }, items(on))
}

/// Simulate and check the invariants every result must satisfy.
fn sim(cart: &Cart, products: &[Product], promos: &[&Promotion]) -> Simulation {
    let s = simulate(cart, products, promos);
    invariants(&s);
    s
}

fn sim_of(lines: &[(&str, u32)], products: &[Product], promos: &[&Promotion]) -> Simulation {
    sim(&Cart::of(lines), products, promos)
}

fn invariants(s: &Simulation) {
    let t = &s.totals;
    let sum = |f: fn(&store_ops_planner::core::promo::stack::LineResult) -> Fen| {
        Fen(s.lines.iter().map(|l| f(l).0).sum())
    };
    assert_eq!(sum(|l| l.list_amount), t.list, "list");
    assert_eq!(sum(|l| l.item_amount), t.item, "item");
    assert_eq!(sum(|l| l.store_wide), t.store_wide, "store_wide");
    assert_eq!(sum(|l| l.bundle), t.bundle, "bundle");
    assert_eq!(sum(|l| l.coupon), t.coupon, "coupon");
    assert_eq!(sum(|l| l.cross_store), t.cross_store, "cross_store");
    assert_eq!(sum(|l| l.gift_cost), t.gift_cost, "gift");
    assert_eq!(sum(|l| l.paid), t.goods, "goods");
    assert_eq!(
        Fen(t.goods.0 + t.postage.0),
        t.paid,
        "paid = goods + postage"
    );
    for l in &s.lines {
        assert!(l.paid.0 >= 0, "negative line {l:?}");
        assert!(l.paid <= l.list_amount, "paid above list {l:?}");
        assert!(l.item_unit <= l.list_unit || !l.known, "{l:?}");
        assert_eq!(
            l.paid.0,
            l.item_amount.0 - l.store_wide.0 - l.bundle.0 - l.coupon.0 - l.cross_store.0,
            "{l:?}"
        );
        for d in [l.store_wide, l.bundle, l.coupon, l.cross_store, l.gift_cost] {
            assert!(d.0 >= 0, "{l:?}");
        }
    }
}

/// Is there a step of this promotion with this kind?
fn has(s: &Simulation, promo: &str, kind: StepKind) -> bool {
    s.steps
        .iter()
        .any(|st| st.promo_id.as_deref() == Some(promo) && st.kind == kind)
}

fn paid_lines(s: &Simulation) -> Vec<i64> {
    s.lines.iter().map(|l| l.paid.0).collect()
}

// ---------------------------------------------------------------------------------------------
// Carts without promotions; odd carts

/// Rule 1 (no item-level promotion → list price): 2 × ¥100 = ¥200.
#[test]
fn no_promotion_pays_the_list_price() {
    let ps = [product("a", y(100))];
    let s = sim_of(&[("a", 2)], &ps, &[]);
    assert_eq!(s.totals.paid, y(200));
    assert_eq!(s.lines[0].item_unit, y(100));
    assert_eq!(s.lines[0].item_promo, None);
    assert_eq!(s.lines[0].paid_unit(), Some(y(100)));
}

/// Empty cart: every total is 0 and each promotion is reported as covering nothing.
#[test]
fn empty_cart_pays_nothing_and_every_promotion_is_not_covered() {
    let ps = [product("a", y(100))];
    let c = coupon("c", Fen(0), y(5));
    let x = cross("x", y(300), y(50));
    let s = sim(&Cart::default(), &ps, &[&c, &x]);
    assert_eq!(s.totals.paid, Fen(0));
    assert!(s.lines.is_empty());
    assert!(has(&s, "c", StepKind::NotCovered));
    assert!(has(&s, "x", StepKind::NotCovered));
}

/// A line of qty 0 counts as nothing (no threshold help) and is reported; the other line pays:
/// 满300减30 on a ¥200 line alone is not met → ¥200.
#[test]
fn qty_zero_line_counts_as_nothing() {
    let ps = [product("a", y(200)), product("b", y(150))];
    let m = man_jian("m", y(300), y(30));
    let s = sim_of(&[("a", 1), ("b", 0)], &ps, &[&m]);
    assert_eq!(paid_lines(&s), vec![20000, 0]);
    assert_eq!(s.lines[1].list_amount, Fen(0));
    assert!(s
        .steps
        .iter()
        .any(|st| st.line == Some(1) && st.kind == StepKind::ZeroQty));
    assert!(has(
        &s,
        "m",
        StepKind::ThresholdNotMet {
            basis: ThresholdBasis::Amount,
            needed: 30000,
            had: 20000
        }
    ));
}

/// An unknown (or deleted) product makes a zero line and is reported; ¥80 + nothing = ¥80.
#[test]
fn unknown_and_deleted_products_make_zero_lines() {
    let mut gone = product("gone", y(500));
    gone.meta.deleted = true;
    let ps = [product("a", y(80)), gone];
    let s = sim_of(&[("a", 1), ("zzz", 3), ("gone", 1)], &ps, &[]);
    assert_eq!(paid_lines(&s), vec![8000, 0, 0]);
    assert!(!s.lines[1].known && !s.lines[2].known);
    let unknown: Vec<_> = s
        .steps
        .iter()
        .filter(|st| st.kind == StepKind::UnknownProduct)
        .map(|st| st.line)
        .collect();
    assert_eq!(unknown, vec![Some(1), Some(2)]);
}

/// A tombstoned promotion is ignored even if passed: the 单品宝 ¥50 price does not apply → ¥100.
#[test]
fn deleted_promotion_is_ignored() {
    let ps = [product("a", y(100))];
    let mut p = single("s", &[("a", fixed(y(50)))]);
    p.meta.deleted = true;
    let s = sim_of(&[("a", 1)], &ps, &[&p]);
    assert_eq!(s.totals.paid, y(100));
    assert!(has(&s, "s", StepKind::Deleted));
}

/// Nothing panics on absurd input: a list price of i64::MAX × u32::MAX units, a negative price
/// (read as 0) and a 满0减 with every rule at its limits.
#[test]
fn huge_and_negative_prices_do_not_panic() {
    let ps = [
        product("big", Fen(i64::MAX)),
        product("neg", Fen(-500)),
        product("max", Fen(10_000_000_000_000)),
    ];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(0, off(Fen(i64::MAX)))],
        true,
    );
    let c = coupon("c", Fen(0), Fen(i64::MAX));
    let x = cross("x", Fen(1), Fen(i64::MAX));
    let s = simulate(
        &Cart::of(&[("big", u32::MAX), ("neg", 7), ("max", u32::MAX)]),
        &ps,
        &[&m, &c, &x],
    );
    assert_eq!(s.lines[1].list_unit, Fen(0));
    for l in &s.lines {
        assert!(l.paid.0 >= 0);
    }
    // a realistic-but-large one keeps every equality
    let s = sim_of(&[("max", 1_000)], &ps, &[&m, &c, &x]);
    assert_eq!(s.totals.paid, Fen(0));
}

// ---------------------------------------------------------------------------------------------
// Rule 1: item level

/// 单品宝 8折 on ¥99.99: 9999 × 0.8 = 7999.2 → 7999 fen per unit; × 3 = 23997.
#[test]
fn single_percent_per_unit_then_times_qty() {
    let ps = [product("a", Fen(9999))];
    let s1 = single("s", &[("a", ItemDiscount::Percent { pay_bp: 8000 })]);
    let s = sim_of(&[("a", 3)], &ps, &[&s1]);
    assert_eq!(s.lines[0].item_unit, Fen(7999));
    assert_eq!(s.totals.paid, Fen(23997));
    assert!(has(&s, "s", StepKind::ItemPrice { unit: Fen(7999) }));
}

/// Percent rounds to the nearest fen, halves up: 8.5折 of 9999 = 8499.15 → 8499; 5折 of 33 fen
/// = 16.5 → 17.
#[test]
fn item_percent_rounds_half_up() {
    let ps = [product("a", Fen(9999)), product("b", Fen(33))];
    let s1 = single(
        "s",
        &[
            ("a", ItemDiscount::Percent { pay_bp: 8500 }),
            ("b", ItemDiscount::Percent { pay_bp: 5000 }),
        ],
    );
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&s1]);
    assert_eq!(s.lines[0].item_unit, Fen(8499));
    assert_eq!(s.lines[1].item_unit, Fen(17));
}

/// 减钱 and 促销价: ¥100 − ¥15 = ¥85; ¥100 → fixed ¥59; 减 ¥150 on ¥100 stops at ¥0.
#[test]
fn single_amount_off_and_fixed_price() {
    let ps = [
        product("a", y(100)),
        product("b", y(100)),
        product("c", y(100)),
    ];
    let s1 = single(
        "s",
        &[
            ("a", ItemDiscount::AmountOff { off: y(15) }),
            ("b", fixed(y(59))),
            ("c", ItemDiscount::AmountOff { off: y(150) }),
        ],
    );
    let s = sim_of(&[("a", 1), ("b", 1), ("c", 1)], &ps, &[&s1]);
    assert_eq!(paid_lines(&s), vec![8500, 5900, 0]);
}

/// 单品宝 vs 聚划算, pick one, the lowest wins: 单品宝 ¥85, 聚划算 ¥79 → ¥79 from 聚划算; the
/// 单品宝 is reported as not chosen, with its own price.
#[test]
fn single_vs_juhuasuan_lowest_wins() {
    let ps = [product("a", y(100))];
    let s1 = single("s", &[("a", fixed(y(85)))]);
    let j = juhuasuan("j", &[("a", fixed(y(79)))]);
    let s = sim_of(&[("a", 2)], &ps, &[&s1, &j]);
    assert_eq!(s.lines[0].item_unit, y(79));
    assert_eq!(s.lines[0].item_promo.as_deref(), Some("j"));
    assert_eq!(s.totals.paid, y(158));
    assert!(has(
        &s,
        "s",
        StepKind::BetterItemPriceChosen {
            chosen: "j".into(),
            unit: y(85)
        }
    ));
    assert!(has(&s, "j", StepKind::ItemPrice { unit: y(79) }));
}

/// Item-level prices never stack: 单品宝 9折 and 聚划算 减¥20 on ¥100 give 90 and 80 → ¥80, not
/// 100 × 0.9 − 20 = 70.
#[test]
fn item_level_prices_do_not_stack() {
    let ps = [product("a", y(100))];
    let s1 = single("s", &[("a", ItemDiscount::Percent { pay_bp: 9000 })]);
    let j = juhuasuan("j", &[("a", ItemDiscount::AmountOff { off: y(20) })]);
    let s = sim_of(&[("a", 1)], &ps, &[&s1, &j]);
    assert_eq!(s.totals.paid, y(80));
}

/// Equal item-level prices: the first promotion given wins (¥80 either way).
#[test]
fn equal_item_prices_go_to_the_first_given() {
    let ps = [product("a", y(100))];
    let s1 = single("s1", &[("a", fixed(y(80)))]);
    let s2 = juhuasuan("s2", &[("a", ItemDiscount::AmountOff { off: y(20) })]);
    let s = sim_of(&[("a", 1)], &ps, &[&s1, &s2]);
    assert_eq!(s.lines[0].item_promo.as_deref(), Some("s1"));
    let s = sim_of(&[("a", 1)], &ps, &[&s2, &s1]);
    assert_eq!(s.lines[0].item_promo.as_deref(), Some("s2"));
}

/// A 促销价 above the list price is not used (¥120 on a ¥100 item → ¥100), and an item listed
/// without a discount is reported as such.
#[test]
fn item_price_above_list_or_missing_is_not_used() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let mut s1 = single("s", &[("a", fixed(y(120)))]);
    s1.items.extend(items(&["b"]));
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&s1]);
    assert_eq!(paid_lines(&s), vec![10000, 6000]);
    assert!(has(&s, "s", StepKind::AboveList { unit: y(120) }));
    assert!(has(&s, "s", StepKind::NoItemDiscount));
}

/// Item level is per product: the 单品宝 on `a` leaves `b` at list (¥50 + ¥70 = ¥120).
#[test]
fn item_promotion_only_touches_its_products() {
    let ps = [product("a", y(100)), product("b", y(70))];
    let s1 = single("s", &[("a", fixed(y(50)))]);
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&s1]);
    assert_eq!(paid_lines(&s), vec![5000, 7000]);
    assert_eq!(s.lines[1].item_promo, None);
}

// ---------------------------------------------------------------------------------------------
// Rule 2: 店铺宝

/// 满300减30 reached exactly: 3 × ¥100 = ¥300 → ¥270.
#[test]
fn store_wide_threshold_reached_exactly() {
    let ps = [product("a", y(100))];
    let m = man_jian("m", y(300), y(30));
    let s = sim_of(&[("a", 3)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(270));
    assert_eq!(s.store_wide_id.as_deref(), Some("m"));
    assert!(has(&s, "m", StepKind::Discount { fen: y(30) }));
}

/// 满300减30 counts the item-level amount: list 3 × ¥120 = ¥360, but after 单品宝 ¥90 it is
/// 3 × ¥90 = ¥270 < ¥300 → not met; pays ¥270.
#[test]
fn store_wide_threshold_counts_the_item_level_amount() {
    let ps = [product("a", y(120))];
    let s1 = single("s", &[("a", fixed(y(90)))]);
    let m = man_jian("m", y(300), y(30));
    let s = sim_of(&[("a", 3)], &ps, &[&s1, &m]);
    assert_eq!(s.totals.paid, y(270));
    assert!(has(
        &s,
        "m",
        StepKind::ThresholdNotMet {
            basis: ThresholdBasis::Amount,
            needed: 30000,
            had: 27000
        }
    ));
}

/// Tiered 店铺宝, tiers given out of order (800/300/500): ¥600 reaches 300 and 500 → the highest
/// reached, 满500减60 → ¥540.
#[test]
fn tiered_store_wide_takes_the_highest_tier_reached() {
    let ps = [product("a", y(200))];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![
            tier(y(800).0, off(y(100))),
            tier(y(300).0, off(y(30))),
            tier(y(500).0, off(y(60))),
        ],
        false,
    );
    let s = sim_of(&[("a", 3)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(540));
    assert!(has(
        &s,
        "m",
        StepKind::TierReached {
            tier: 2,
            basis: ThresholdBasis::Amount,
            threshold: 50000
        }
    ));
}

/// 每满300减30 repeats: ¥950 → floor(950/300) = 3 times → −¥90 → ¥860.
#[test]
fn repeating_store_wide_every_300_minus_30() {
    let ps = [product("a", y(950))];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(y(300).0, off(y(30)))],
        true,
    );
    let s = sim_of(&[("a", 1)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(860));
    assert!(has(&s, "m", StepKind::Repeated { times: 3 }));
}

/// `repeat` needs one tier: with 满300减30 / 满500减60 and ¥1000, the highest tier applies once
/// → ¥940 (not 2 × 60).
#[test]
fn repeat_with_several_tiers_applies_the_highest_once() {
    let ps = [product("a", y(1000))];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(y(300).0, off(y(30))), tier(y(500).0, off(y(60)))],
        true,
    );
    let s = sim_of(&[("a", 1)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(940));
}

/// A percent benefit never repeats: 每满200打9折 on ¥500 → ¥450 (one 9折), no `Repeated`.
#[test]
fn percent_benefit_never_repeats() {
    let ps = [product("a", y(500))];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(y(200).0, Benefit::Percent { pay_bp: 9000 })],
        true,
    );
    let s = sim_of(&[("a", 1)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(450));
    assert!(!s
        .steps
        .iter()
        .any(|st| matches!(st.kind, StepKind::Repeated { .. })));
}

/// 店铺宝 percent rounds half up on the eligible amount: 满100打85折 on 2 × ¥50.05 = 10010 fen →
/// 8508.5 → 8509 paid (discount 1501).
#[test]
fn store_wide_percent_rounds_half_up() {
    let ps = [product("a", Fen(5005))];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(10000, Benefit::Percent { pay_bp: 8500 })],
        false,
    );
    let s = sim_of(&[("a", 2)], &ps, &[&m]);
    assert_eq!(s.totals.store_wide, Fen(1501));
    assert_eq!(s.totals.paid, Fen(8509));
}

/// 满X件 basis: 满2件9折 / 满3件减20; 3 × ¥50 = 3 units → 满3件减20 → ¥130; 2 units → 9折 of
/// ¥100 → ¥90.
#[test]
fn count_basis_tiers() {
    let ps = [product("a", y(50))];
    let m = store_wide(
        "m",
        ThresholdBasis::Count,
        vec![
            tier(2, Benefit::Percent { pay_bp: 9000 }),
            tier(3, off(y(20))),
        ],
        false,
    );
    assert_eq!(sim_of(&[("a", 3)], &ps, &[&m]).totals.paid, y(130));
    assert_eq!(sim_of(&[("a", 2)], &ps, &[&m]).totals.paid, y(90));
}

/// 满X件 not met: 满3件减20 with 2 units → reported in units (needed 3, had 2) → ¥100.
#[test]
fn count_basis_not_met_reports_units() {
    let ps = [product("a", y(50))];
    let m = store_wide("m", ThresholdBasis::Count, vec![tier(3, off(y(20)))], false);
    let s = sim_of(&[("a", 2)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(100));
    assert!(has(
        &s,
        "m",
        StepKind::ThresholdNotMet {
            basis: ThresholdBasis::Count,
            needed: 3,
            had: 2
        }
    ));
}

/// 每满2件减10 (count basis, repeating): 5 units → floor(5/2) = 2 → −¥20; 5 × ¥30 = ¥150 → ¥130.
#[test]
fn repeating_count_basis() {
    let ps = [product("a", y(30))];
    let m = store_wide("m", ThresholdBasis::Count, vec![tier(2, off(y(10)))], true);
    let s = sim_of(&[("a", 5)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(130));
    assert!(has(&s, "m", StepKind::Repeated { times: 2 }));
}

/// Gift (满200送): the price does not move (¥150 + ¥100 = ¥250) but the gift's ¥15 cost is
/// reported and spread 150:100 → 900 / 600 fen.
#[test]
fn gift_changes_no_price_but_reports_its_cost() {
    let ps = [product("a", y(150)), product("b", y(100))];
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(
            y(200).0,
            Benefit::Gift {
                name: "收纳袋".into(),
                cost: y(15),
            },
        )],
        false,
    );
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(250));
    assert_eq!(s.totals.gift_cost, y(15));
    assert_eq!(
        s.lines.iter().map(|l| l.gift_cost.0).collect::<Vec<_>>(),
        vec![900, 600]
    );
    assert!(has(
        &s,
        "m",
        StepKind::Gift {
            cost: y(15),
            times: 1
        }
    ));
}

/// Two 店铺宝 reached: the buyer gets the larger discount. ¥400: 满300减30 = 30, 满300打95折 =
/// 20 → 满300减30 → ¥370; the other is reported as not chosen.
#[test]
fn two_store_wide_the_larger_discount_is_chosen() {
    let ps = [product("a", y(400))];
    let a = man_jian("a30", y(300), y(30));
    let b = store_wide(
        "b95",
        ThresholdBasis::Amount,
        vec![tier(y(300).0, Benefit::Percent { pay_bp: 9500 })],
        false,
    );
    let s = sim_of(&[("a", 1)], &ps, &[&b, &a]);
    assert_eq!(s.totals.paid, y(370));
    assert!(has(
        &s,
        "b95",
        StepKind::LargerDiscountChosen {
            chosen: "a30".into()
        }
    ));
}

/// 店铺宝 with an item list counts only its products: 满200减20 on [a]; a ¥150 + b ¥100 → a's ¥150
/// < ¥200 → not met → ¥250.
#[test]
fn store_wide_with_items_counts_only_them() {
    let ps = [product("a", y(150)), product("b", y(100))];
    let mut m = man_jian("m", y(200), y(20));
    m.items = items(&["a"]);
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&m]);
    assert_eq!(s.totals.paid, y(250));
    // two a's: ¥300 ≥ 200 → −¥20, all on a
    let s = sim_of(&[("a", 2), ("b", 1)], &ps, &[&m]);
    assert_eq!(paid_lines(&s), vec![28000, 10000]);
}

/// Threshold 0 is always reached (满0减5 → ¥95), and a 店铺宝 without tiers is reported invalid.
#[test]
fn zero_threshold_and_no_tiers() {
    let ps = [product("a", y(100))];
    let m = man_jian("m", Fen(0), y(5));
    let e = store_wide("e", ThresholdBasis::Amount, vec![], false);
    let s = sim_of(&[("a", 1)], &ps, &[&m, &e]);
    assert_eq!(s.totals.paid, y(95));
    assert!(has(
        &s,
        "e",
        StepKind::Invalid {
            problem: RuleProblem::NoTiers
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Rule 2: 搭配宝

/// Complete set: a ¥100 + b ¥60 for ¥139.99 → saving 2001 fen over 100:60 → 1250.625 → 1250 and
/// 750.375 → 750; the 1 fen remainder goes to a (largest) → a 1251, b 750.
#[test]
fn bundle_complete_set_with_remainder() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let b = bundle("b", Fen(13999), &["a", "b"]);
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&b]);
    assert_eq!(s.totals.paid, Fen(13999));
    assert_eq!(
        s.lines.iter().map(|l| l.bundle.0).collect::<Vec<_>>(),
        vec![1251, 750]
    );
    assert!(has(&s, "b", StepKind::Sets { sets: 1 }));
    assert!(has(
        &s,
        "b",
        StepKind::RemainderTo {
            line_index: 0,
            fen: Fen(1)
        }
    ));
}

/// Incomplete set: only a in the cart → no bundle → ¥100.
#[test]
fn bundle_incomplete_set() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let b = bundle("b", y(140), &["a", "b"]);
    let s = sim_of(&[("a", 1)], &ps, &[&b]);
    assert_eq!(s.totals.paid, y(100));
    assert!(has(&s, "b", StepKind::NoCompleteSet));
}

/// Sets = the smallest quantity: a × 3, b × 2 for ¥140 a set → 2 sets × ¥20 = ¥40, over the
/// bundled units only (2 × 100 : 2 × 60 = 200 : 120 → 25 : 15); the third a pays full.
/// a: 300 − 25 = 275, b: 120 − 15 = 105.
#[test]
fn bundle_sets_are_the_smallest_quantity() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let b = bundle("b", y(140), &["a", "b"]);
    let s = sim_of(&[("a", 3), ("b", 2)], &ps, &[&b]);
    assert_eq!(paid_lines(&s), vec![27500, 10500]);
    assert!(has(&s, "b", StepKind::Sets { sets: 2 }));
}

/// Bundle price not below the set's item-level price gives nothing: set ¥160, bundle ¥170.
#[test]
fn bundle_without_saving() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let b = bundle("b", y(170), &["a", "b"]);
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&b]);
    assert_eq!(s.totals.paid, y(160));
    assert!(has(&s, "b", StepKind::NoBenefit));
}

/// The bundle saving is on item-level prices: a 单品宝 ¥90 + b ¥60 = ¥150 vs bundle ¥140 → ¥10
/// off (not ¥20) → ¥140.
#[test]
fn bundle_on_item_level_prices() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let s1 = single("s", &[("a", fixed(y(90)))]);
    let b = bundle("b", y(140), &["a", "b"]);
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&s1, &b]);
    assert_eq!(s.totals.bundle, y(10));
    assert_eq!(s.totals.paid, y(140));
}

/// The other reading (setting `StoreWideBase::BeforeBundle`): 店铺宝 and 搭配宝 are both on the
/// step-1 amount: bundle a+b ¥140 (−¥20) and 满150减15 on ¥160 → ¥160 − 20 − 15 = ¥125. By
/// default the threshold counts the ¥140 bundle price, so 满150 is not reached → ¥140.
#[test]
fn bundle_and_store_wide_both_on_item_level_amounts_when_set() {
    let ps = [product("a", y(100)), product("b", y(60))];
    let b = bundle("b", y(140), &["a", "b"]);
    let m = man_jian("m", y(150), y(15));
    let cart = Cart::of(&[("a", 1), ("b", 1)]);
    let s = simulate_with(&cart, &ps, &[&b, &m], StoreWideBase::BeforeBundle);
    invariants(&s);
    assert_eq!(s.totals.bundle, y(20));
    assert_eq!(s.totals.store_wide, y(15));
    assert_eq!(s.totals.paid, y(125));
    assert!(has(
        &s,
        "m",
        StepKind::StoreWideOn {
            base: StoreWideBase::BeforeBundle,
            amount: y(160)
        }
    ));
    let s = sim(&cart, &ps, &[&b, &m]);
    assert_eq!(s.totals.store_wide, Fen(0));
    assert_eq!(s.totals.paid, y(140));
    assert!(has(
        &s,
        "m",
        StepKind::ThresholdNotMet {
            basis: ThresholdBasis::Amount,
            needed: y(150).0,
            had: y(140).0
        }
    ));
}

/// Issue 12 item 5: a percent 店铺宝 after a 搭配宝 applies to the bundle price, and its
/// threshold counts the bundle price (the default reading). A ¥100 + B ¥80, bundle ¥150,
/// 店铺宝 满150 9折 → 9折 on the ¥150 charged: 150 − 15 = ¥135 (the old reading, 9折 on ¥180:
/// 180 − 30 − 18 = ¥132). The steps say which reading is in force.
#[test]
fn store_wide_percent_and_threshold_count_the_bundle_price() {
    let ps = [product("a", y(100)), product("b", y(80))];
    let b = bundle("b", y(150), &["a", "b"]);
    let m = store_wide(
        "m",
        ThresholdBasis::Amount,
        vec![tier(y(150).0, Benefit::Percent { pay_bp: 9000 })],
        false,
    );
    let cart = Cart::of(&[("a", 1), ("b", 1)]);
    let s = sim(&cart, &ps, &[&b, &m]);
    assert_eq!(s.totals.bundle, y(30));
    assert_eq!(s.totals.store_wide, y(15));
    assert_eq!(s.totals.paid, y(135));
    assert!(has(
        &s,
        "m",
        StepKind::StoreWideOn {
            base: StoreWideBase::AfterBundle,
            amount: y(150)
        }
    ));
    let s = simulate_with(&cart, &ps, &[&b, &m], StoreWideBase::BeforeBundle);
    invariants(&s);
    assert_eq!(s.totals.store_wide, y(18));
    assert_eq!(s.totals.paid, y(132));
}

/// A unit is in one bundle: a+b ¥140 (saves 20) and a+c ¥100 (saves 30, c ¥30) with one a → the
/// better a+c takes a; a+b has no complete set left. ¥100 + ¥60 + ¥30 − 30 = ¥160.
#[test]
fn a_unit_is_in_one_bundle_the_better_first() {
    let ps = [
        product("a", y(100)),
        product("b", y(60)),
        product("c", y(30)),
    ];
    let ab = bundle("ab", y(140), &["a", "b"]);
    let ac = bundle("ac", y(100), &["a", "c"]);
    let s = sim_of(&[("a", 1), ("b", 1), ("c", 1)], &ps, &[&ab, &ac]);
    assert_eq!(s.totals.bundle, y(30));
    assert_eq!(s.totals.paid, y(160));
    assert!(has(&s, "ab", StepKind::NoCompleteSet));
}

// ---------------------------------------------------------------------------------------------
// Rule 3: coupon

/// 满200减20 store coupon on ¥250 → ¥230.
#[test]
fn store_coupon_threshold_met() {
    let ps = [product("a", y(250))];
    let c = coupon("c", y(200), y(20));
    let s = sim_of(&[("a", 1)], &ps, &[&c]);
    assert_eq!(s.totals.paid, y(230));
    assert_eq!(s.coupon_id.as_deref(), Some("c"));
}

/// The coupon threshold is checked after 店铺宝 (先计算店铺宝再计算优惠券): 3 × ¥100 with 满300减50
/// → ¥250 < ¥300 → 满300减30 coupon not usable → ¥250; with 4 units ¥400 − 50 = ¥350 ≥ 300 →
/// ¥320.
#[test]
fn coupon_threshold_is_after_store_level() {
    let ps = [product("a", y(100))];
    let m = man_jian("m", y(300), y(50));
    let c = coupon("c", y(300), y(30));
    let s = sim_of(&[("a", 3)], &ps, &[&m, &c]);
    assert_eq!(s.totals.paid, y(250));
    assert!(has(
        &s,
        "c",
        StepKind::ThresholdNotMet {
            basis: ThresholdBasis::Amount,
            needed: 30000,
            had: 25000
        }
    ));
    assert_eq!(sim_of(&[("a", 4)], &ps, &[&m, &c]).totals.paid, y(320));
}

/// One coupon per order, the best one: on ¥350, 满200减20 / 满300减40 / 无门槛5 → 40 → ¥310; the
/// other two report `OnlyOneCoupon`.
#[test]
fn only_one_coupon_the_best_is_chosen() {
    let ps = [product("a", y(350))];
    let c1 = coupon("c20", y(200), y(20));
    let c2 = coupon("c40", y(300), y(40));
    let c3 = coupon("c5", Fen(0), y(5));
    let s = sim_of(&[("a", 1)], &ps, &[&c1, &c2, &c3]);
    assert_eq!(s.totals.paid, y(310));
    assert_eq!(s.totals.coupon, y(40));
    for other in ["c20", "c5"] {
        assert!(has(
            &s,
            other,
            StepKind::OnlyOneCoupon {
                chosen: "c40".into()
            }
        ));
    }
}

/// Best by effective discount: on a ¥30 item, 无门槛 ¥50 gives min(50, 30) = 30, 满20减15 gives
/// 15 → the ¥50 one, capped at zero by ¥20 → pays ¥0.
#[test]
fn coupon_is_chosen_by_effective_discount_and_capped() {
    let ps = [product("a", y(30))];
    let c1 = coupon("c15", y(20), y(15));
    let c2 = coupon("c50", Fen(0), y(50));
    let s = sim_of(&[("a", 1)], &ps, &[&c1, &c2]);
    assert_eq!(s.totals.paid, Fen(0));
    assert_eq!(s.coupon_id.as_deref(), Some("c50"));
    assert!(has(&s, "c50", StepKind::CappedAtZero { by: y(20) }));
}

/// Threshold 0 = 无门槛: ¥5 off a ¥12 item → ¥7.
#[test]
fn no_threshold_coupon() {
    let ps = [product("a", y(12))];
    let c = coupon("c", Fen(0), y(5));
    assert_eq!(sim_of(&[("a", 1)], &ps, &[&c]).totals.paid, y(7));
}

/// Items-scope coupon 满100减10 on [b]: a ¥100 + b ¥80 → b's ¥80 < ¥100 → not usable; with 2 b
/// → ¥160 ≥ 100 → ¥10 off b only: a ¥100, b ¥150.
#[test]
fn items_scope_coupon_counts_and_discounts_only_its_items() {
    let ps = [product("a", y(100)), product("b", y(80))];
    let c = item_coupon("c", y(100), y(10), &["b"]);
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&c]);
    assert_eq!(s.totals.paid, y(180));
    let s = sim_of(&[("a", 1), ("b", 2)], &ps, &[&c]);
    assert_eq!(paid_lines(&s), vec![10000, 15000]);
}

/// Coupon allocation: ¥0.10 over three ¥100 lines → 3.33 each → 3, 3, 3 and the remainder 1 fen
/// to the first of the equal lines → 4, 3, 3.
#[test]
fn allocation_remainder_goes_to_the_first_of_equal_lines() {
    let ps = [
        product("a", y(100)),
        product("b", y(100)),
        product("c", y(100)),
    ];
    let c = coupon("c", Fen(0), Fen(10));
    let s = sim_of(&[("a", 1), ("b", 1), ("c", 1)], &ps, &[&c]);
    assert_eq!(
        s.lines.iter().map(|l| l.coupon.0).collect::<Vec<_>>(),
        vec![4, 3, 3]
    );
    assert!(has(
        &s,
        "c",
        StepKind::RemainderTo {
            line_index: 0,
            fen: Fen(1)
        }
    ));
}

/// Remainder to the largest line: 7 fen over ¥50 / ¥150 / ¥100 → 1.17, 3.5, 2.33 → 1, 3, 2 (6);
/// 1 fen to the ¥150 line → 1, 4, 2.
#[test]
fn allocation_remainder_goes_to_the_largest_line() {
    let ps = [
        product("a", y(50)),
        product("b", y(150)),
        product("c", y(100)),
    ];
    let c = coupon("c", Fen(0), Fen(7));
    let s = sim_of(&[("a", 1), ("b", 1), ("c", 1)], &ps, &[&c]);
    assert_eq!(
        s.lines.iter().map(|l| l.coupon.0).collect::<Vec<_>>(),
        vec![1, 4, 2]
    );
    assert!(has(
        &s,
        "c",
        StepKind::RemainderTo {
            line_index: 1,
            fen: Fen(1)
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Rule 4: 跨店满减

/// 每满300减50 on ¥650 → 2 × 50 → ¥550.
#[test]
fn cross_store_every_300_minus_50() {
    let ps = [product("a", y(650))];
    let x = cross("x", y(300), y(50));
    let s = sim_of(&[("a", 1)], &ps, &[&x]);
    assert_eq!(s.totals.paid, y(550));
    assert!(has(&s, "x", StepKind::Repeated { times: 2 }));
}

/// HiShop 2020: activity price ¥400, store coupon 400−380 and 跨店 400−50 both usable (both see
/// ¥400) → 400 − 380 = 20 left; 50 is capped at 20 → pays ¥0, not −¥30.
#[test]
fn hishop_400_coupon_380_cross_50_pays_zero_not_minus_30() {
    let ps = [product("a", y(500))];
    let j = juhuasuan("j", &[("a", fixed(y(400)))]);
    let c = coupon("c", y(400), y(380));
    let x = cross("x", y(400), y(50));
    let s = sim_of(&[("a", 1)], &ps, &[&j, &c, &x]);
    assert_eq!(s.totals.paid, Fen(0));
    assert_eq!(s.totals.coupon, y(380));
    assert_eq!(s.totals.cross_store, y(20));
    assert!(has(&s, "x", StepKind::CappedAtZero { by: y(30) }));
}

/// Parallel threshold (平行满减): ¥300 with a 满200减30 coupon is ¥270 after the coupon, below 300,
/// but 跨店 每满300减50 counts the item-level ¥300 → still applies → 300 − 30 − 50 = ¥220.
#[test]
fn cross_store_threshold_met_on_item_level_but_not_after_coupon_still_applies() {
    let ps = [product("a", y(300))];
    let c = coupon("c", y(200), y(30));
    let x = cross("x", y(300), y(50));
    let s = sim_of(&[("a", 1)], &ps, &[&c, &x]);
    assert_eq!(s.totals.paid, y(220));
    assert_eq!(s.cross_store_id.as_deref(), Some("x"));
}

/// The 跨店 threshold also ignores 店铺宝: ¥300 − 满300减30 = ¥270, yet 每满300减50 counts ¥300 →
/// ¥220.
#[test]
fn cross_store_threshold_ignores_store_level() {
    let ps = [product("a", y(300))];
    let m = man_jian("m", y(300), y(30));
    let x = cross("x", y(300), y(50));
    assert_eq!(sim_of(&[("a", 1)], &ps, &[&m, &x]).totals.paid, y(220));
}

/// Not met: 每满300减50 on ¥299.99 → nothing (needed 30000, had 29999).
#[test]
fn cross_store_not_met() {
    let ps = [product("a", Fen(29999))];
    let x = cross("x", y(300), y(50));
    let s = sim_of(&[("a", 1)], &ps, &[&x]);
    assert_eq!(s.totals.paid, Fen(29999));
    assert!(has(
        &s,
        "x",
        StepKind::ThresholdNotMet {
            basis: ThresholdBasis::Amount,
            needed: 30000,
            had: 29999
        }
    ));
}

/// `every` = 0 is reported invalid, never divides: the cart pays ¥300.
#[test]
fn cross_store_every_zero_is_invalid() {
    let ps = [product("a", y(300))];
    let x = cross("x", Fen(0), y(50));
    let s = sim_of(&[("a", 1)], &ps, &[&x]);
    assert_eq!(s.totals.paid, y(300));
    assert!(has(
        &s,
        "x",
        StepKind::Invalid {
            problem: RuleProblem::EveryNotPositive
        }
    ));
}

/// 跨店 with an item list counts its products only: [a] ¥250 + b ¥100 → a's ¥250 < ¥300 → nothing.
#[test]
fn cross_store_counts_only_participating_items() {
    let ps = [product("a", y(250)), product("b", y(100))];
    let mut x = cross("x", y(300), y(50));
    x.items = items(&["a"]);
    assert_eq!(
        sim_of(&[("a", 1), ("b", 1)], &ps, &[&x]).totals.paid,
        y(350)
    );
}

/// Spill: a ¥300 is fully paid by an items coupon (300 off, nothing left), b ¥100; 跨店
/// 每满400减50 → 50 over 300:100 → a 37 (37.5) capped at 0, b 12 (12.5); 38 left → a has no room
/// → spills to b → b 50, a 0. Paid a 0, b ¥50.
#[test]
fn allocation_spills_when_the_stated_line_has_no_room() {
    let ps = [product("a", y(300)), product("b", y(100))];
    let c = item_coupon("c", Fen(0), y(300), &["a"]);
    let x = cross("x", y(400), Fen(50));
    let s = sim_of(&[("a", 1), ("b", 1)], &ps, &[&c, &x]);
    assert_eq!(
        s.lines.iter().map(|l| l.cross_store.0).collect::<Vec<_>>(),
        vec![0, 50]
    );
    assert!(has(
        &s,
        "x",
        StepKind::RemainderTo {
            line_index: 1,
            fen: Fen(38)
        }
    ));
}

/// Several 跨店满减: the larger discount (每满200减20 on ¥600 = 60 vs 每满300减25 = 50) → ¥540.
#[test]
fn two_cross_store_the_larger_is_chosen() {
    let ps = [product("a", y(600))];
    let x1 = cross("x1", y(300), y(25));
    let x2 = cross("x2", y(200), y(20));
    let s = sim_of(&[("a", 1)], &ps, &[&x1, &x2]);
    assert_eq!(s.totals.paid, y(540));
    assert!(has(
        &s,
        "x1",
        StepKind::LargerDiscountChosen {
            chosen: "x2".into()
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Rule 5: postage

/// Postage never counts toward a threshold: ¥280 + ¥20 postage; 满300减30 and a 满300减20 coupon
/// are both unmet (had ¥280) → pays ¥300 (280 + 20).
#[test]
fn postage_is_excluded_from_thresholds() {
    let ps = [product("a", y(280))];
    let m = man_jian("m", y(300), y(30));
    let c = coupon("c", y(300), y(20));
    let x = cross("x", y(300), y(50));
    let cart = Cart {
        lines: vec![CartLine::new("a", 1)],
        postage: y(20),
    };
    let s = sim(&cart, &ps, &[&m, &c, &x]);
    assert_eq!(s.totals.goods, y(280));
    assert_eq!(s.totals.paid, y(300));
    for id in ["m", "c", "x"] {
        assert!(has(
            &s,
            id,
            StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Amount,
                needed: 30000,
                had: 28000
            }
        ));
    }
    assert!(s.steps.iter().any(
        |st| st.level == Level::Postage && st.kind == StepKind::PostageAdded { postage: y(20) }
    ));
}

/// Postage is added after every discount, even when the goods are free: ¥30 item, 无门槛 ¥50
/// coupon → goods ¥0, paid = postage ¥8.
#[test]
fn postage_is_added_after_discounts() {
    let ps = [product("a", y(30))];
    let c = coupon("c", Fen(0), y(50));
    let cart = Cart {
        lines: vec![CartLine::new("a", 1)],
        postage: y(8),
    };
    let s = sim(&cart, &ps, &[&c]);
    assert_eq!(s.totals.goods, Fen(0));
    assert_eq!(s.totals.paid, y(8));
}

// ---------------------------------------------------------------------------------------------
// The whole stack

/// Every level at once: a ¥400 (单品宝 ¥360), b ¥300 (聚划算 ¥270), c ¥200.
/// Step 1: 36000 + 27000 + 20000 = 83000. Step 2: 满800减80 → 75000. Step 3: coupon 满700减50
/// (75000 ≥ 70000) → 70000. Step 4: 跨店 每满300减40 on the step-1 83000 → 2 × 4000 → 62000.
/// 店铺宝 8000 over 36000:27000:20000 → 3469.9, 2602.4, 1927.7 → 3469, 2602, 1927 (+2 to a) →
/// 3471, 2602, 1927; coupon 5000 over what is left, 32529:24398:18073 → 2168.6, 1626.5, 1204.9
/// → 2168, 1626, 1204 (+2 to a) → 2170, 1626, 1204; 跨店 8000 on step-1 amounts like 店铺宝 →
/// 3471, 2602, 1927. Paid a 36000 − 3471 − 2170 − 3471 = 26888, b 27000 − 2602 − 1626 − 2602 =
/// 20170, c 20000 − 1927 − 1204 − 1927 = 14942; sum 62000.
#[test]
fn every_level_in_order_on_one_cart() {
    let ps = [
        product("a", y(400)),
        product("b", y(300)),
        product("c", y(200)),
    ];
    let s1 = single("s", &[("a", fixed(y(360)))]);
    let j = juhuasuan("j", &[("b", fixed(y(270)))]);
    let m = man_jian("m", y(800), y(80));
    let c = coupon("c", y(700), y(50));
    let x = cross("x", y(300), y(40));
    let s = sim_of(&[("a", 1), ("b", 1), ("c", 1)], &ps, &[&s1, &j, &m, &c, &x]);
    assert_eq!(s.totals.item, y(830));
    assert_eq!(s.totals.store_wide, y(80));
    assert_eq!(s.totals.coupon, y(50));
    assert_eq!(s.totals.cross_store, y(80));
    assert_eq!(s.totals.paid, y(620));
    assert_eq!(paid_lines(&s), vec![26888, 20170, 14942]);
}

/// Repeated lines of the same product are separate lines that share the item price and add up
/// for thresholds: a × 1 + a × 2 at ¥100 with 满300减30 → ¥270 total, split 100:200 → 10 / 20.
#[test]
fn repeated_lines_of_one_product() {
    let ps = [product("a", y(100))];
    let m = man_jian("m", y(300), y(30));
    let s = sim_of(&[("a", 1), ("a", 2)], &ps, &[&m]);
    assert_eq!(paid_lines(&s), vec![9000, 18000]);
}

/// Zero-priced product: nothing to discount, no division by zero; coupon chosen but capped.
#[test]
fn zero_price_products() {
    let ps = [product("a", Fen(0))];
    let c = coupon("c", Fen(0), y(5));
    let m = man_jian("m", Fen(0), y(5));
    let x = cross("x", y(1), y(5));
    let s = sim_of(&[("a", 3)], &ps, &[&m, &c, &x]);
    assert_eq!(s.totals.paid, Fen(0));
}

// ---------------------------------------------------------------------------------------------
// Property tests

#[derive(Clone, Debug)]
enum P {
    Single(Vec<(usize, u8, i64)>),
    Platform(Vec<(usize, u8, i64)>),
    Store(bool, bool, Vec<(i64, u8, i64)>, Vec<usize>),
    Bundle(i64, Vec<usize>),
    Coupon(bool, i64, i64, Vec<usize>),
    Cross(i64, i64, Vec<usize>),
}

fn disc(kind: u8, v: i64) -> ItemDiscount {
    match kind % 3 {
        0 => ItemDiscount::Percent {
            pay_bp: (v.unsigned_abs() % 12_000) as u32,
        },
        1 => ItemDiscount::AmountOff { off: Fen(v) },
        _ => ItemDiscount::FixedPrice { price: Fen(v) },
    }
}

fn build(i: usize, p: &P) -> Promotion {
    let id = format!("p{i}");
    let ids = |v: &[usize]| -> Vec<PromoItem> {
        v.iter()
            .map(|n| PromoItem {
                product_id: format!("g{n}"),
                discount: None,
                stock: None,
            })
            .collect()
    };
    let item_list = |v: &[(usize, u8, i64)]| -> Vec<PromoItem> {
        v.iter()
            .map(|(n, k, x)| PromoItem {
                product_id: format!("g{n}"),
                discount: Some(disc(*k, *x)),
                stock: None,
            })
            .collect()
    };
    match p {
        P::Single(v) => promo(&id, PromoRule::Single, item_list(v)),
        P::Platform(v) => promo(
            &id,
            PromoRule::Platform {
                channel: PlatformChannel::Billion,
            },
            item_list(v),
        ),
        P::Store(count, repeat, tiers, on) => promo(
            &id,
            PromoRule::StoreWide {
                basis: if *count {
                    ThresholdBasis::Count
                } else {
                    ThresholdBasis::Amount
                },
                tiers: tiers
                    .iter()
                    .map(|(t, k, v)| Tier {
                        threshold: *t,
                        benefit: match k % 3 {
                            0 => Benefit::AmountOff { off: Fen(*v) },
                            1 => Benefit::Percent {
                                pay_bp: (v.unsigned_abs() % 11_000) as u32,
                            },
                            _ => Benefit::Gift {
                                name: "g".into(),
                                cost: Fen(*v),
                            },
                        },
                    })
                    .collect(),
                repeat: *repeat,
            },
            ids(on),
        ),
        P::Bundle(price, on) => promo(&id, PromoRule::Bundle { price: Fen(*price) }, ids(on)),
        P::Coupon(items_scope, face, thr, on) => promo(
            &id,
            PromoRule::Coupon {
                scope: if *items_scope {
                    CouponScope::Items
                } else {
                    CouponScope::Store
                },
                face: Fen(*face),
                threshold: Fen(*thr),
            },
            ids(on),
        ),
        P::Cross(every, o, on) => promo(
            &id,
            PromoRule::CrossStore {
                every: Fen(*every),
                off: Fen(*o),
            },
            ids(on),
        ),
    }
}

fn money() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => 0i64..50_000,
        1 => -1_000i64..1_000,
        1 => Just(0i64),
        1 => 0i64..10_000_000_000,
    ]
}

fn some_products() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..7, 0..4)
}

fn arb_promo() -> impl Strategy<Value = P> {
    let priced = || prop::collection::vec((0usize..7, any::<u8>(), money()), 0..4);
    prop_oneof![
        priced().prop_map(P::Single),
        priced().prop_map(P::Platform),
        (
            any::<bool>(),
            any::<bool>(),
            prop::collection::vec((-2i64..60_000, any::<u8>(), money()), 0..4),
            some_products()
        )
            .prop_map(|(c, r, t, on)| {
                // count thresholds in units
                let t = if c {
                    t.into_iter().map(|(x, k, v)| (x % 8, k, v)).collect()
                } else {
                    t
                };
                P::Store(c, r, t, on)
            }),
        (money(), prop::collection::vec(0usize..7, 1..4)).prop_map(|(p, on)| P::Bundle(p, on)),
        (any::<bool>(), money(), money(), some_products())
            .prop_map(|(s, f, t, on)| P::Coupon(s, f, t, on)),
        (-1i64..60_000, money(), some_products()).prop_map(|(e, o, on)| P::Cross(e, o, on)),
    ]
}

#[derive(Clone, Debug)]
struct Case {
    prices: Vec<i64>,
    promos: Vec<P>,
    lines: Vec<(usize, u32)>,
    postage: i64,
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(money(), 6),
        prop::collection::vec(arb_promo(), 0..7),
        // product 6 does not exist
        prop::collection::vec((0usize..7, 0u32..6), 0..7),
        money(),
    )
        .prop_map(|(prices, promos, lines, postage)| Case {
            prices,
            promos,
            lines,
            postage,
        })
}

fn run_case(c: &Case) -> (Simulation, Vec<Promotion>) {
    let products: Vec<Product> = c
        .prices
        .iter()
        .enumerate()
        .map(|(i, p)| product(&format!("g{i}"), Fen(*p)))
        .collect();
    let promos: Vec<Promotion> = c
        .promos
        .iter()
        .enumerate()
        .map(|(i, p)| build(i, p))
        .collect();
    let refs: Vec<&Promotion> = promos.iter().collect();
    let cart = Cart {
        lines: c
            .lines
            .iter()
            .map(|(n, q)| CartLine::new(format!("g{n}"), *q))
            .collect(),
        postage: Fen(c.postage),
    };
    (simulate(&cart, &products, &refs), promos)
}

/// The order-level discount a promotion gave according to its steps: Discount − CappedAtZero.
fn stated(s: &Simulation, id: &str, level: Level) -> i64 {
    let mut d = 0;
    for st in s
        .steps
        .iter()
        .filter(|st| st.level == level && st.promo_id.as_deref() == Some(id))
    {
        match st.kind {
            StepKind::Discount { fen } => d += fen.0,
            StepKind::CappedAtZero { by } => d -= by.0,
            _ => {}
        }
    }
    d
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        // a fixed seed: the same cases on every run
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Line totals add up to the order totals exactly; nothing is negative; nobody pays above
    /// the list price; each line's paid = item amount − its allocated discounts.
    #[test]
    fn lines_add_up_never_negative_never_above_list(c in arb_case()) {
        let (s, _) = run_case(&c);
        invariants(&s);
        prop_assert!(s.totals.paid.0 >= 0);
        prop_assert!(s.totals.goods <= s.totals.list);
        prop_assert_eq!(s.lines.len(), c.lines.len());
    }

    /// The allocated line discounts of each order-level rule add up to the order discount it
    /// states (its discount minus what was capped at zero); a capped 跨店满减 leaves every line
    /// it covers at ¥0.
    #[test]
    fn allocated_discounts_sum_to_the_order_discount(c in arb_case()) {
        let (s, promos) = run_case(&c);
        let mut bundles = 0;
        for p in &promos {
            if let PromoRule::Bundle { .. } = p.rule {
                bundles += stated(&s, p.id(), Level::Bundle);
            }
        }
        prop_assert_eq!(s.totals.bundle.0, bundles);
        let sw = s.store_wide_id.as_deref().map_or(0, |id| stated(&s, id, Level::StoreWide));
        prop_assert_eq!(s.totals.store_wide.0, sw);
        let cp = s.coupon_id.as_deref().map_or(0, |id| stated(&s, id, Level::Coupon));
        prop_assert_eq!(s.totals.coupon.0, cp);
        let x = s.cross_store_id.as_deref().map_or(0, |id| stated(&s, id, Level::CrossStore));
        prop_assert_eq!(s.totals.cross_store.0, x);
        if let Some(id) = s.cross_store_id.as_deref() {
            let capped = s.steps.iter().any(|st| st.promo_id.as_deref() == Some(id)
                && matches!(st.kind, StepKind::CappedAtZero { .. }));
            if capped {
                let p = promos.iter().find(|p| p.id() == id).unwrap();
                for l in s.lines.iter().filter(|l| l.known && l.qty > 0 && p.covers(&l.product_id)) {
                    prop_assert_eq!(l.paid.0, 0, "{:?}", l);
                }
            }
        }
        // a chosen order-level rule never gives more than its threshold base allows
        prop_assert!(s.totals.coupon.0 + s.totals.cross_store.0 + s.totals.store_wide.0
            + s.totals.bundle.0 <= s.totals.item.0);
    }

    /// Rule 1: each line's item-level price is the lowest item-level price offered that is not
    /// above the list price (else the list price); nothing at store level or later raises it.
    #[test]
    fn item_level_price_is_the_lowest_offered(c in arb_case()) {
        let (s, promos) = run_case(&c);
        for l in s.lines.iter().filter(|l| l.known && l.qty > 0) {
            let best = promos
                .iter()
                .filter(|p| p.rule.is_item_level())
                .filter_map(|p| p.item(&l.product_id).and_then(|i| i.discount))
                .map(|d| d.apply(l.list_unit))
                .filter(|u| *u <= l.list_unit)
                .min()
                .unwrap_or(l.list_unit);
            prop_assert_eq!(l.item_unit, best);
            prop_assert!(l.paid <= l.item_amount);
        }
    }
}
