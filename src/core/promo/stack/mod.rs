//! 到手价: what a buyer pays for a cart under a set of promotions, with every rule explained.
//!
//! Rule order (domain reference §3.2), each step on integer fen:
//!
//! 1. **Item level (单品级, pick one).** For each line, among the 单品宝 and platform activity
//!    prices (聚划算 / 百亿补贴 / 淘抢购 / 官方立减) that cover the product with an item discount,
//!    the lowest unit price wins (`ItemDiscount::apply` on the list price); ties go to the first
//!    promotion in the order given. A price above the list price is never used (the buyer would
//!    simply pay the list price). No item-level promotion → the list price.
//! 2. **Store level (店铺级).**
//!    - 搭配宝: when every product of the bundle is in the cart, `sets` = the smallest quantity
//!      over its products; discount = sets × (sum of one set's item-level unit prices − bundle
//!      price) when positive, allocated over the bundled units. A unit belongs to at most one
//!      bundle: bundles are taken in order of the largest saving per set first (ties: the order
//!      given), each using up the units it bundles. A product listed twice in a bundle counts
//!      once.
//!    - 店铺宝: eligible lines = covered products; the threshold counts fen (满X元) or units
//!      (满X件). The amount is the step-1 amount less the lines' 搭配宝 discount (the bundle
//!      price charged), and a percent applies to it; `StoreWideBase::BeforeBundle`
//!      (Settings.store_wide_base; the platform does not document this) counts the step-1 amount
//!      instead. A `StoreWideOn` step says which reading was used whenever a bundle discount sits
//!      on its lines. Allocation weights follow the same amount; the highest tier reached applies (equal thresholds → the larger
//!      discount). `repeat` (每满) applies to a single tier: an amount off or a gift is given
//!      floor(measure / threshold) times; a percent benefit never repeats; `repeat` with several
//!      tiers gives the highest reached tier once; a tier threshold ≤ 0 is always reached and
//!      never repeats. A gift changes no price; its cost is reported (and spread over the
//!      eligible lines for the margin). If several 店铺宝 apply, the buyer gets the largest
//!      discount (then the dearest gift); the others are reported as not chosen.
//!    - The store-level total is capped so that no line goes below zero: the 店铺宝 discount is
//!      allocated into what the bundles left on each line.
//! 3. **Coupon (优惠券), one per order.** Usable when the eligible amount after store level
//!    reaches the threshold (0 = 无门槛): a store-scope coupon counts every line (or only its
//!    listed products, if it lists some), an items-scope coupon its products. The buyer uses the
//!    usable coupon with the biggest effective discount (face capped at the eligible remaining
//!    amount; ties → the first given); the others are reported as `OnlyOneCoupon`.
//! 4. **跨店满减 (每满X减Y), in parallel with the coupon.** The threshold is the step-1 amount of
//!    the covered lines (not the amount after the coupon); discount = floor(amount / every) ×
//!    off, capped at what is left on the covered lines after the coupon (HiShop: 400 with a
//!    400−380 coupon and 400−50 cross-store pays 0, not −30). Several → the largest discount.
//! 5. **Postage** is added at the end and never counts toward any threshold.
//! 6. **Allocation.** Each order-level discount (店铺宝, coupon, cross-store; a bundle over its
//!    set) is split over its eligible lines in proportion to their amounts at that step: the
//!    amount its threshold counts for 店铺宝, the step-1 amount for 跨店满减, the amount left after
//!    store level for the coupon, the bundled units' amount for a bundle. Shares are floored,
//!    capped at what the line still has, and the remainder goes to the eligible line with the
//!    largest amount (ties → the first in cart order), spilling to the next when a line has no
//!    room. Line totals always add up to the order totals exactly.
//!
//! Everything is computed in i128 and reported in `Fen` (i64, saturating): the equalities hold
//! exactly for any order whose list total fits in i64 (¥92 quadrillion). No input panics: empty
//! carts, qty 0, unknown or deleted products (a line of zero), negative prices (read as 0),
//! thresholds of 0, `every` of 0 (the rule is reported invalid), tiers in any order.
//!
//! Nothing here formats text: steps are enums and the UI words them.

use crate::model::{
    Benefit, Fen, ItemDiscount, Product, PromoRule, Promotion, Record, StoreWideBase,
    ThresholdBasis, Tier,
};
use chrono::NaiveDate;
use std::collections::HashSet;

mod arith;
mod bundle;
mod coupon;
mod cross_store;
mod item;
mod one_line;
mod store_wide;

pub(crate) use arith::*;
pub(crate) use one_line::*;

/// One line of a cart: a product (by record id) and a quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartLine {
    pub product_id: String,
    pub qty: u32,
}

impl CartLine {
    pub fn new(product_id: impl Into<String>, qty: u32) -> CartLine {
        CartLine {
            product_id: product_id.into(),
            qty,
        }
    }
}

/// A cart in one shop. `postage` (运费) is what the buyer pays on top; it never counts toward a
/// threshold.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub postage: Fen,
}

impl Cart {
    /// A cart without postage from `(product id, qty)` pairs.
    pub fn of(lines: &[(&str, u32)]) -> Cart {
        Cart {
            lines: lines.iter().map(|(id, q)| CartLine::new(*id, *q)).collect(),
            postage: Fen::ZERO,
        }
    }
}

/// The result for one cart line. Money totals are for the whole line (all units).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineResult {
    pub product_id: String,
    pub qty: u32,
    /// The product exists (and is not deleted). An unknown line costs nothing.
    pub known: bool,
    /// 标价 per unit.
    pub list_unit: Fen,
    /// Unit price after the item level (= list price when no item-level promotion applies).
    pub item_unit: Fen,
    /// The promotion that gave `item_unit`, if any.
    pub item_promo: Option<String>,
    /// list_unit × qty
    pub list_amount: Fen,
    /// item_unit × qty (the step-1 amount every store-level threshold counts)
    pub item_amount: Fen,
    /// Allocated 店铺宝 discount.
    pub store_wide: Fen,
    /// Allocated 搭配宝 discount.
    pub bundle: Fen,
    /// Allocated coupon discount.
    pub coupon: Fen,
    /// Allocated 跨店满减 discount.
    pub cross_store: Fen,
    /// Cost of 店铺宝 gifts attributed to this line (no effect on the price).
    pub gift_cost: Fen,
    /// What the buyer pays for the line, postage excluded: item_amount − store_wide − bundle −
    /// coupon − cross_store. Exact; divide by `qty` for a unit price.
    pub paid: Fen,
}

impl LineResult {
    /// Paid per unit rounded half up to the fen (None for qty 0). The exact figure is `paid` /
    /// `qty`.
    pub fn paid_unit(&self) -> Option<Fen> {
        round_div(i128::from(self.paid.0), i128::from(self.qty)).map(fen)
    }
}

/// Order totals. `goods` = what the buyer pays for the items; `paid` = goods + postage.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Totals {
    pub list: Fen,
    pub item: Fen,
    pub store_wide: Fen,
    pub bundle: Fen,
    pub coupon: Fen,
    pub cross_store: Fen,
    pub gift_cost: Fen,
    pub goods: Fen,
    pub postage: Fen,
    pub paid: Fen,
}

/// A full simulation: lines, totals and the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Simulation {
    pub lines: Vec<LineResult>,
    pub totals: Totals,
    /// Every rule considered, in rule order: applied or not, and why.
    pub steps: Vec<Step>,
    /// The 店铺宝 the buyer got, the coupon used and the 跨店满减 applied (promotion ids).
    pub store_wide_id: Option<String>,
    pub coupon_id: Option<String>,
    pub cross_store_id: Option<String>,
}

/// Which stage of the stack a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// About a cart line itself (unknown product, qty 0).
    Cart,
    /// 单品宝 / platform activity price.
    Item,
    /// 搭配宝
    Bundle,
    /// 店铺宝
    StoreWide,
    /// 优惠券
    Coupon,
    /// 跨店满减
    CrossStore,
    /// 运费
    Postage,
}

impl Level {
    pub fn of(rule: &PromoRule) -> Level {
        match rule {
            PromoRule::Single | PromoRule::Platform { .. } => Level::Item,
            PromoRule::StoreWide { .. } => Level::StoreWide,
            PromoRule::Bundle { .. } => Level::Bundle,
            PromoRule::Coupon { .. } => Level::Coupon,
            PromoRule::CrossStore { .. } => Level::CrossStore,
        }
    }
}

/// Why a rule is unusable as entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleProblem {
    /// 店铺宝 without tiers.
    NoTiers,
    /// 跨店满减 with `every` ≤ 0.
    EveryNotPositive,
}

/// What happened to one rule (and why). `promo_id`/`line` on [`Step`] say where.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// The cart line's product is unknown or deleted: the line counts as nothing.
    UnknownProduct,
    /// The cart line has quantity 0.
    ZeroQty,
    /// The promotion is deleted (tombstone) and was ignored.
    Deleted,
    /// The promotion covers no line of the cart.
    NotCovered,
    /// The rule cannot apply as entered.
    Invalid { problem: RuleProblem },
    /// Item level: this promotion's unit price applies to the line.
    ItemPrice { unit: Fen },
    /// Item level: another promotion gives a lower unit price (`unit` is this one's).
    BetterItemPriceChosen { chosen: String, unit: Fen },
    /// Item level: the promotion covers the product but sets no item discount.
    NoItemDiscount,
    /// Item level: the promotion's price is above the list price, so it is not used.
    AboveList { unit: Fen },
    /// The threshold is not reached (`basis` says whether fen or units).
    ThresholdNotMet {
        basis: ThresholdBasis,
        needed: i64,
        had: i64,
    },
    /// 店铺宝: this tier (index in the promotion's list) is the highest one reached.
    TierReached {
        tier: usize,
        basis: ThresholdBasis,
        threshold: i64,
    },
    /// 每满: the benefit is given this many times.
    Repeated { times: i64 },
    /// The rule's discount before any cap.
    Discount { fen: Fen },
    /// 店铺宝 gift: total gift cost (cost × times).
    Gift { cost: Fen, times: i64 },
    /// Reached, but gives nothing (0 off, a 10折, a bundle price not below the set price, an
    /// empty coupon).
    NoBenefit,
    /// Another 店铺宝 / 跨店满减 gives the buyer more.
    LargerDiscountChosen { chosen: String },
    /// One coupon per order: the buyer uses `chosen`.
    OnlyOneCoupon { chosen: String },
    /// 搭配宝: the cart does not hold a complete set (or its units are in a better bundle).
    NoCompleteSet,
    /// 搭配宝: this many complete sets.
    Sets { sets: i64 },
    /// The discount was cut by `by` so that nothing goes below zero.
    CappedAtZero { by: Fen },
    /// The allocation's rounding remainder (or a spill) went to this line.
    RemainderTo { line_index: usize, fen: Fen },
    /// Postage added after every discount; it counts toward no threshold.
    PostageAdded { postage: Fen },
    /// 店铺宝 next to a 搭配宝 discount: which reading is in force (Settings.store_wide_base) and
    /// the amount its threshold and percent count.
    StoreWideOn { base: StoreWideBase, amount: Fen },
}

/// One explained rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    pub level: Level,
    pub promo_id: Option<String>,
    /// The cart line (index) when the step is about one line.
    pub line: Option<usize>,
    pub kind: StepKind,
}

/// Promotions whose prices are in force on `day` (main or return wave), tombstones left out.
pub fn in_force(promos: &[Promotion], day: NaiveDate) -> Vec<&Promotion> {
    promos
        .iter()
        .filter(|p| !p.meta.deleted && p.active_on(day))
        .collect()
}

/// Simulate `cart` under `promos` (the caller passes the promotions in force; tombstones are
/// ignored anyway and reported as `Deleted`). Products are looked up by record id; a deleted or
/// missing product makes a line of zero.
pub fn simulate(cart: &Cart, products: &[Product], promos: &[&Promotion]) -> Simulation {
    simulate_with(cart, products, promos, StoreWideBase::default())
}

/// [`simulate`] with the 店铺宝-next-to-搭配宝 reading given (Settings.store_wide_base).
pub fn simulate_with(
    cart: &Cart,
    products: &[Product],
    promos: &[&Promotion],
    base: StoreWideBase,
) -> Simulation {
    let mut steps = Vec::new();
    let live: Vec<&Promotion> = promos
        .iter()
        .copied()
        .filter(|p| {
            if p.meta.deleted {
                steps.push(Step {
                    level: Level::of(&p.rule),
                    promo_id: Some(p.id().to_string()),
                    line: None,
                    kind: StepKind::Deleted,
                });
            }
            !p.meta.deleted
        })
        .collect();
    let slots: Vec<u32> = live.iter().map(|p| bundle_slots(p)).collect();
    let mut lines: Vec<LineState> = Vec::with_capacity(cart.lines.len());
    let mut cover: Vec<Cover> = Vec::with_capacity(cart.lines.len() * live.len());
    for (li, cl) in cart.lines.iter().enumerate() {
        let product = products
            .iter()
            .find(|p| !p.meta.deleted && p.id() == cl.product_id);
        let known = product.is_some();
        let list = product.map_or(0, |p| p.list_price.0.max(0));
        lines.push(LineState::new(list, i64::from(cl.qty), known));
        if !known {
            steps.push(line_step(li, StepKind::UnknownProduct));
        } else if cl.qty == 0 {
            steps.push(line_step(li, StepKind::ZeroQty));
        }
        cover.extend(live.iter().map(|p| cover_of(p, &cl.product_id)));
    }
    let postage = i128::from(cart.postage.0.max(0));
    let tot = run(&mut lines, &live, &cover, &slots, base, Some(&mut steps));
    if postage > 0 {
        steps.push(Step {
            level: Level::Postage,
            promo_id: None,
            line: None,
            kind: StepKind::PostageAdded {
                postage: fen(postage),
            },
        });
    }
    let id = |i: Option<usize>| i.map(|i| live[i].id().to_string());
    Simulation {
        lines: lines
            .iter()
            .zip(&cart.lines)
            .map(|(l, cl)| LineResult {
                product_id: cl.product_id.clone(),
                qty: cl.qty,
                known: l.known,
                list_unit: fen(l.list_unit),
                item_unit: fen(l.item_unit),
                item_promo: id(l.item_promo),
                list_amount: fen(l.list_amount()),
                item_amount: fen(l.item_amt),
                store_wide: fen(l.store),
                bundle: fen(l.bundle),
                coupon: fen(l.coupon),
                cross_store: fen(l.cross),
                gift_cost: fen(l.gift),
                paid: fen(l.paid()),
            })
            .collect(),
        totals: Totals {
            list: fen(tot.list),
            item: fen(tot.item),
            store_wide: fen(tot.store),
            bundle: fen(tot.bundle),
            coupon: fen(tot.coupon),
            cross_store: fen(tot.cross),
            gift_cost: fen(tot.gift),
            goods: fen(tot.goods),
            postage: fen(postage),
            paid: fen(tot.goods + postage),
        },
        steps,
        store_wide_id: id(tot.store_pick),
        coupon_id: id(tot.coupon_pick),
        cross_store_id: id(tot.cross_pick),
    }
}

fn line_step(li: usize, kind: StepKind) -> Step {
    Step {
        level: Level::Cart,
        promo_id: None,
        line: Some(li),
        kind,
    }
}

// ---------------------------------------------------------------------------------------------
// Engine (shared with `check`): lines with precomputed coverage, no allocation unless explaining.

/// How one promotion touches one cart line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cover {
    pub covered: bool,
    /// Item-level tools: the item's discount.
    pub item: Option<ItemDiscount>,
    /// 搭配宝: which distinct product of the bundle this is (0-based).
    pub slot: u32,
}

/// Coverage of `product_id` by `p` (linear in the promotion's items; `check` indexes instead).
pub(crate) fn cover_of(p: &Promotion, product_id: &str) -> Cover {
    if !p.covers(product_id) {
        return Cover::default();
    }
    let item = if p.rule.is_item_level() {
        p.item(product_id).and_then(|i| i.discount)
    } else {
        None
    };
    let slot = if matches!(p.rule, PromoRule::Bundle { .. }) {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut slot = 0u32;
        for i in &p.items {
            if i.product_id == product_id {
                break;
            }
            if seen.insert(i.product_id.as_str()) {
                slot += 1;
            }
        }
        slot
    } else {
        0
    };
    Cover {
        covered: true,
        item,
        slot,
    }
}

/// Number of distinct products in a 搭配宝 (0 for other tools).
pub(crate) fn bundle_slots(p: &Promotion) -> u32 {
    if !matches!(p.rule, PromoRule::Bundle { .. }) {
        return 0;
    }
    let set: HashSet<&str> = p.items.iter().map(|i| i.product_id.as_str()).collect();
    u32::try_from(set.len()).unwrap_or(u32::MAX)
}

/// Per-line working state. Amounts are for the whole line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineState {
    pub known: bool,
    pub list_unit: i128,
    pub qty: i128,
    pub item_unit: i128,
    pub item_promo: Option<usize>,
    pub item_amt: i128,
    pub store: i128,
    pub bundle: i128,
    pub coupon: i128,
    pub cross: i128,
    pub gift: i128,
    // allocation scratch
    mark: bool,
    picked: bool,
    w: i128,
    room: i128,
    share: i128,
    free: i128,
}

impl LineState {
    pub fn new(list_unit: i64, qty: i64, known: bool) -> LineState {
        LineState {
            known,
            list_unit: i128::from(list_unit.max(0)),
            qty: i128::from(qty.max(0)),
            ..LineState::default()
        }
    }
    /// Takes part in the stack (known product, qty > 0).
    fn live(&self) -> bool {
        self.known && self.qty > 0
    }
    pub fn list_amount(&self) -> i128 {
        if self.known {
            self.list_unit * self.qty
        } else {
            0
        }
    }
    /// What is left after store level.
    pub fn after_store(&self) -> i128 {
        self.item_amt - self.store - self.bundle
    }
    pub fn paid(&self) -> i128 {
        self.item_amt - self.store - self.bundle - self.coupon - self.cross
    }
}

/// Order totals of a run (i128) and which promotions were picked (indexes into the run's list).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tot {
    pub list: i128,
    pub item: i128,
    pub store: i128,
    pub bundle: i128,
    pub coupon: i128,
    pub cross: i128,
    pub gift: i128,
    pub goods: i128,
    pub store_pick: Option<usize>,
    pub coupon_pick: Option<usize>,
    pub cross_pick: Option<usize>,
}

/// Explanation sink: builds steps only when asked (no string is cloned otherwise).
struct Log<'s, 'p> {
    out: Option<&'s mut Vec<Step>>,
    promos: &'p [&'p Promotion],
}

impl Log<'_, '_> {
    fn on(&self) -> bool {
        self.out.is_some()
    }
    fn add(
        &mut self,
        pi: usize,
        line: Option<usize>,
        kind: impl FnOnce(&dyn Fn(usize) -> String) -> StepKind,
    ) {
        if let Some(out) = self.out.as_deref_mut() {
            let promos = self.promos;
            let id = |i: usize| promos[i].id().to_string();
            out.push(Step {
                level: Level::of(&promos[pi].rule),
                promo_id: Some(id(pi)),
                line,
                kind: kind(&id),
            });
        }
    }
}

/// Allocate promotion `pi`'s discount `d` over the marked lines (see [`allocate`]), explain the
/// remainders and the part capped at zero, add each line's share into `field` and unmark it.
fn allocate_into(
    lines: &mut [LineState],
    d: i128,
    pi: usize,
    log: &mut Log<'_, '_>,
    field: fn(&mut LineState) -> &mut i128,
) {
    let a = allocate(lines, d, |li, f| {
        log.add(pi, None, |_| StepKind::RemainderTo {
            line_index: li,
            fen: fen(f),
        })
    });
    if a.capped > 0 {
        log.add(pi, None, |_| StepKind::CappedAtZero { by: fen(a.capped) });
    }
    for l in lines.iter_mut() {
        if l.mark {
            *field(l) += l.share;
            l.mark = false;
        }
    }
}

/// Run the stack over `lines` (inputs: `known`, `list_unit`, `qty`; everything else is
/// overwritten). `cover` is row-major: `cover[line * promos.len() + promo]`; `slots[promo]` is
/// the number of distinct products of a 搭配宝.
pub(crate) fn run(
    lines: &mut [LineState],
    promos: &[&Promotion],
    cover: &[Cover],
    slots: &[u32],
    base: StoreWideBase,
    steps: Option<&mut Vec<Step>>,
) -> Tot {
    let np = promos.len();
    let mut log = Log { out: steps, promos };
    let cov =
        |li: usize, pi: usize| -> Cover { cover.get(li * np + pi).copied().unwrap_or_default() };
    let mut tot = Tot::default();
    item::apply(lines, promos, &cov, &mut log);
    bundle::apply(lines, promos, &cov, slots, &mut log);
    store_wide::apply(lines, promos, &cov, base, &mut log, &mut tot);
    coupon::apply(lines, promos, &cov, &mut log, &mut tot);
    cross_store::apply(lines, promos, &cov, &mut log, &mut tot);

    for l in lines.iter() {
        tot.list += l.list_amount();
        tot.item += l.item_amt;
        tot.store += l.store;
        tot.bundle += l.bundle;
        tot.coupon += l.coupon;
        tot.cross += l.cross;
        tot.gift += l.gift;
        tot.goods += l.paid();
    }
    tot
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::{CouponScope, DateRange, PlatformChannel, PromoItem};
    use proptest::prelude::*;

    fn promo(i: usize, kind: u8, a: i64, b: i64, c: i64, items: &[&str]) -> Promotion {
        let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        let mut p = Promotion::new(format!("p{i}"), String::new(), DateRange::new(day, day), 0);
        let disc = match c.rem_euclid(3) {
            0 => ItemDiscount::Percent {
                pay_bp: a.unsigned_abs() as u32 % 12_000,
            },
            1 => ItemDiscount::AmountOff { off: Fen(a) },
            _ => ItemDiscount::FixedPrice { price: Fen(a) },
        };
        p.rule = match kind % 6 {
            0 => PromoRule::Single,
            1 => PromoRule::Platform {
                channel: PlatformChannel::Billion,
            },
            2 => PromoRule::StoreWide {
                basis: if b % 2 == 0 {
                    ThresholdBasis::Amount
                } else {
                    ThresholdBasis::Count
                },
                tiers: (0..(c.rem_euclid(3)))
                    .map(|t| Tier {
                        threshold: if b % 2 == 0 { a * (t + 1) } else { t + 1 },
                        benefit: match (b + t).rem_euclid(3) {
                            0 => Benefit::AmountOff { off: Fen(b) },
                            1 => Benefit::Percent {
                                pay_bp: b.unsigned_abs() as u32 % 11_000,
                            },
                            _ => Benefit::Gift {
                                name: String::new(),
                                cost: Fen(b),
                            },
                        },
                    })
                    .collect(),
                repeat: c % 2 == 0,
            },
            3 => PromoRule::Bundle { price: Fen(b) },
            4 => PromoRule::Coupon {
                scope: if c % 2 == 0 {
                    CouponScope::Store
                } else {
                    CouponScope::Items
                },
                face: Fen(a),
                threshold: Fen(b),
            },
            _ => PromoRule::CrossStore {
                every: Fen(a),
                off: Fen(b),
            },
        };
        p.items = items
            .iter()
            .map(|id| PromoItem {
                product_id: id.to_string(),
                discount: Some(disc),
                stock: None,
            })
            .collect();
        p
    }

    proptest! {
        // a fixed seed: the same cases on every run
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]

        /// `OneLine` (check's fast path) gives what `run` gives on a one-line cart.
        #[test]
        fn one_line_matches_run(
            list in prop_oneof![4 => -100i64..60_000, 1 => (crate::model::money::MAX_FEN - 5)..=i64::MAX],
            qty in 0i64..120,
            specs in prop::collection::vec(
                (any::<u8>(), -1_000i64..40_000, -100i64..8_000, -2i64..9, 0u8..4),
                0..7,
            ),
            before in any::<bool>(),
        ) {
            let base = if before { StoreWideBase::BeforeBundle } else { StoreWideBase::AfterBundle };
            let promos: Vec<Promotion> = specs
                .iter()
                .enumerate()
                .map(|(i, &(k, a, b, c, who))| {
                    let items: &[&str] = match who {
                        0 => &[],
                        1 => &["x"],
                        2 => &["x", "y"],
                        _ => &["x", "x"],
                    };
                    promo(i, k, a, b, c, items)
                })
                .collect();
            let refs: Vec<&Promotion> = promos.iter().collect();
            let row: Vec<Cover> = refs.iter().map(|p| cover_of(p, "x")).collect();
            let slots: Vec<u32> = refs.iter().map(|p| bundle_slots(p)).collect();
            let mut lines = [LineState::new(list, qty, true)];
            run(&mut lines, &refs, &row, &slots, base, None);
            let one = OneLine::new(list, &refs, &row, &slots, base);
            let got = one.at(i128::from(qty));
            let l = lines[0];
            prop_assert_eq!(got, OneCart { after_store: l.after_store(), paid: l.paid(), gift: l.gift });
            if qty > 0 {
                prop_assert_eq!((one.unit, one.item_promo), (l.item_unit, l.item_promo));
            }
        }
    }
}
