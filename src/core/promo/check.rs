//! Per-SKU economics under promotions, price flags (资损, min margin, lowest price of the last N
//! days, ¥0 carts) and conflicts between overlapping promotions (domain reference §3.3–3.4).
//!
//! **Carts checked.** A SKU is checked in carts of 1..=[`MAX_QTY`] units of that SKU alone; for
//! each 搭配宝 that covers it together with other products, in a cart of one complete set; and
//! in *mixed carts*: one unit with just enough other goods to reach each amount threshold of an
//! order-level promotion covering it (店铺宝 满X元 tiers, coupon, 跨店满减), where it takes its
//! pro-rata share of the discount (a ¥2 item never reaches 满300 alone, but does with ¥298 of
//! other goods). The other goods are covered by the same order-level promotions (those that
//! list products only when they list another one) and nothing item-level; a just-reached threshold is the largest discount per fen of cart, so the SKU's
//! smallest share. A coupon counts the amount after store level: the other goods grow until
//! that amount reaches its threshold. A mixed cart at ¥0 is not a `ZeroCart` (that flag is about
//! the SKU's own carts); its loss shows as `BelowCost`.
//! Within a stretch of quantities where no threshold changes (no tier, 每满 repetition, coupon
//! or 跨店满减 level is newly reached), the paid amount is `max(0, a·q − D)` with constant `a`
//! and `D ≥ 0`, so paid per unit, profit per unit and margin only grow with `q`: the worst cart
//! of a stretch is its first quantity. The check therefore evaluates `q = 1` and every quantity
//! where some threshold is first reached (found from the tiers and `every`; a coupon's threshold
//! counts the amount after store level, so its crossing is searched in each store-level stretch)
//! — the same worst case as trying every quantity, up to rounding, at a fraction of the cost: a
//! store-level percent, the platform fee and the 淘宝客 commission are each rounded per cart
//! (by at most ½ fen), so a larger cart of the stretch can come out below its first quantity by
//! at most ½/q0 + ½/q ≤ ¾ fen per unit for each of them (paid per unit: ¾ fen; profit per
//! unit: 2¼ fen).
//!
//! **Unit economics** of a cart (all for the SKU's units in it):
//! profit = paid + postage charged (`StoreProfile::postage_charged` per order, income; 0 for
//! 包邮) − platform fee (StoreProfile.fee_rate_bp of paid, `core::margin::platform_fee`; postage
//! is not part of the fee's base) − 淘宝客 commission (the largest `affiliate_bp` among the
//! promotions checked, of paid) − shipping cost (`StoreProfile::shipping_cost_per_order`) − gift
//! cost (allocated) − cost × qty. Both postage figures are per order; in a bundle cart, the SKU's
//! share by lines. Margin = profit / paid (goods only) in basis points (floor).
//!
//! When the postage charged exceeds the shipping cost, every order earns a fixed amount, so the
//! worst cart of a stretch is no longer its first quantity (it can be its last, or where the paid
//! amount leaves ¥0): the check then evaluates every quantity 1..=[`MAX_QTY`] (stores that charge
//! more postage than they pay are few; 包邮 stores keep the fast path).
//!
//! **Flags** (each independent): `LossAtList` (one unit at the list price already loses: 原价已亏,
//! not the promotion's doing), `BelowCost` (some cart's profit < 0, 资损), `BelowMinMargin`
//! (some cart's margin < Settings.min_margin_bp; a ¥0 cart with a loss counts), `ZeroCart` (some
//! cart pays ¥0 for the SKU), `NotBelowLowestPrice` (the item-level event price is not below the
//! lowest price of the Settings.price_lookback_days days before the promotion's main start).
//!
//! **Lowest price of the last N days.** The window is the N days before the main start of the
//! promotion giving the item-level price. The list price in force on a day comes from
//! `Product.price_history` ("from this date the list price was"); from the last point on, both
//! that point's price and the current `list_price` count (the list price may have changed since
//! without a point). Days before the first point are unknown and skipped; if the window holds no
//! known day, the earliest known price is used (no history at all: the current list price).
//! Item-level prices of other promotions whose price days overlap the window count too, each on
//! the list price in force on its first overlapping day.
//!
//! **Conflicts.** For each SKU, the days on which two or more promotions covering it are in force
//! (price days: main + return wave) are cut into stretches with the same set; each set is
//! checked as above with all its promotions stacked, and reported when it breaks the cost floor
//! (资损) or else the minimum margin, with whether each promotion alone already breaks that floor.

use super::stack::{
    bundle_slots, clamp64, cover_of, fen, round_div, run, Cover, LineState, OneCart, OneLine,
};
use crate::core::margin::platform_fee;
use crate::model::{
    DateRange, Fen, ItemDiscount, PricePoint, Product, PromoRule, Promotion, Record, Settings,
    StoreProfile, StoreWideBase, ThresholdBasis,
};
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};

/// Largest single-SKU cart checked.
pub const MAX_QTY: u32 = 99;

/// Which cart an [`Economics`] is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CartKind {
    /// `qty` units of the SKU alone.
    Alone,
    /// One complete set of this 搭配宝 (the SKU's line in it).
    BundleSet { promo_id: String },
    /// One unit with `others` of other goods (covered by the same order-level promotions), just
    /// enough to reach a threshold: the SKU takes its pro-rata share of the discount.
    Mixed { others: Fen },
}

/// The SKU's units in one cart: what the buyer pays and what the store keeps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Economics {
    pub cart: CartKind,
    pub qty: u32,
    /// Paid for the SKU's units (postage excluded), exact.
    pub paid: Fen,
    /// paid / qty rounded half up.
    pub paid_unit: Fen,
    /// Discount depth vs the list price, basis points of list × qty.
    pub depth_bp: i64,
    pub fee: Fen,
    pub affiliate: Fen,
    /// Postage charged to the buyer for this cart (income; the SKU's share in a bundle cart).
    pub postage_charged: Fen,
    /// Shipping cost paid for this cart (the SKU's share in a bundle cart).
    pub postage: Fen,
    pub gift: Fen,
    /// cost × qty
    pub cost: Fen,
    /// paid + postage_charged − fee − affiliate − postage − gift − cost
    pub profit: Fen,
    /// profit / paid in basis points; None when paid is 0.
    pub margin_bp: Option<i64>,
}

/// Something wrong with a SKU's price under the promotion(s).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Flag {
    /// 资损: `cart` (`qty` units of the SKU) makes a loss (`profit` for those units).
    BelowCost {
        cart: CartKind,
        qty: u32,
        profit: Fen,
    },
    /// A cart's margin is below the store's minimum (`margin_bp` None: a ¥0 cart at a loss).
    BelowMinMargin {
        cart: CartKind,
        qty: u32,
        margin_bp: Option<i64>,
        min_bp: i32,
    },
    /// The item-level event price is not below the lowest price of the `days` days before the
    /// promotion starts.
    NotBelowLowestPrice { price: Fen, lowest: Fen, days: u32 },
    /// A cart of `qty` units pays ¥0 for the SKU.
    ZeroCart { qty: u32 },
    /// 原价已亏: one unit at the list price already loses `profit` (cost and platform fee above
    /// the list price): the loss is not the promotion's doing.
    LossAtList { profit: Fen },
}

/// A SKU under one or more promotions stacked together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkuCheck {
    pub product_id: String,
    /// The promotions stacked (live ones covering the SKU, in the order given).
    pub promo_ids: Vec<String>,
    pub list_price: Fen,
    pub cost: Fen,
    /// The item-level unit price (list price without an item-level promotion) and its source.
    pub item_price: Fen,
    pub item_promo: Option<String>,
    /// 淘宝客 rate used (the largest among the promotions).
    pub affiliate_bp: u32,
    /// One unit alone.
    pub single: Economics,
    /// The cart with the lowest profit per unit.
    pub worst: Economics,
    /// The cart with the lowest paid per unit.
    pub lowest_paid: Economics,
    /// The lowest price of the look-back window, when there is an item-level price to compare.
    pub lowest_before: Option<Fen>,
    pub flags: Vec<Flag>,
}

impl SkuCheck {
    pub fn has(&self, f: impl Fn(&Flag) -> bool) -> bool {
        self.flags.iter().any(f)
    }
}

/// The floor a combination breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Floor {
    /// 资损: below cost (profit < 0).
    Cost,
    /// Below Settings.min_margin_bp.
    MinMargin,
}

/// Promotions in force together on a SKU whose stack breaks a floor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub product_id: String,
    pub promo_ids: Vec<String>,
    /// For each of `promo_ids`: does it alone already break `floor`?
    pub alone_breaks: Vec<bool>,
    /// The days they overlap (one stretch with exactly this set in force).
    pub range: DateRange,
    pub floor: Floor,
    /// The lowest paid per unit over the checked carts (rounded half up).
    pub worst_paid_unit: Fen,
    /// The cart that breaks the floor (lowest profit per unit for `Cost`, lowest margin for
    /// `MinMargin`).
    pub worst: Economics,
}

impl Conflict {
    /// True when no promotion breaks the floor alone: only the combination does.
    pub fn only_combination(&self) -> bool {
        !self.alone_breaks.iter().any(|b| *b)
    }
}

/// Check `product` with `promos_for_it` stacked (tombstones and promotions not covering it are
/// left out). `products` is the catalog (for 搭配宝 partners); `history_promos` are the
/// promotions to look at for the lowest price before the start (the one giving the event price
/// is skipped).
pub fn check_product(
    product: &Product,
    promos_for_it: &[&Promotion],
    products: &[Product],
    profile: &StoreProfile,
    settings: &Settings,
    history_promos: &[&Promotion],
) -> SkuCheck {
    let promos: Vec<&Promotion> = promos_for_it
        .iter()
        .copied()
        .filter(|p| !p.meta.deleted && p.covers(product.id()))
        .collect();
    let ctx = Ctx::new(&promos, products, profile, settings, false);
    let set: Vec<usize> = (0..ctx.promos.len()).collect();
    let row = ctx.row(product.id());
    let mut scratch = Scratch::default();
    let w = ctx.eval(product, &set, &row, &mut scratch);
    let history: Vec<(&Promotion, ItemDiscount)> = history_promos
        .iter()
        .filter_map(|h| Some((*h, h.item(product.id())?.discount?)))
        .collect();
    ctx.sku_check(product, &set, &w, &history)
}

/// Every live product against every live promotion covering it, one [`SkuCheck`] per pair
/// (products in catalog order, then promotions in the order given). The lowest-price history of
/// each pair is every other live promotion covering the product.
pub fn check_all(
    promos: &[Promotion],
    products: &[Product],
    profile: &StoreProfile,
    settings: &Settings,
) -> Vec<SkuCheck> {
    let refs: Vec<&Promotion> = promos.iter().collect();
    let ctx = Ctx::new(&refs, products, profile, settings, true);
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    let mut history: Vec<(&Promotion, ItemDiscount)> = Vec::new();
    for p in products.iter().filter(|p| !p.meta.deleted) {
        let row = ctx.row(p.id());
        history.clear();
        history.extend(
            row.iter()
                .zip(&ctx.promos)
                .filter_map(|(c, h)| Some((*h, c.item?))),
        );
        for pi in (0..row.len()).filter(|&i| row[i].covered) {
            let w = ctx.eval(p, &[pi], &row, &mut scratch);
            out.push(ctx.sku_check(p, &[pi], &w, &history));
        }
    }
    out
}

/// Overlapping promotions on the same SKU whose stack breaks a floor (see the module docs).
/// Products in catalog order, then stretches by date.
pub fn conflicts(
    promos: &[Promotion],
    products: &[Product],
    profile: &StoreProfile,
    settings: &Settings,
) -> Vec<Conflict> {
    let refs: Vec<&Promotion> = promos.iter().collect();
    let ctx = Ctx::new(&refs, products, profile, settings, true);
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    // Products covered by the same promotions share their stretches.
    let mut stretches: HashMap<Vec<usize>, Vec<(DateRange, Vec<usize>)>> = HashMap::new();
    let mut alone: Vec<(usize, Worst)> = Vec::new();
    let mut sets: Vec<(usize, Worst)> = Vec::new();
    for p in products.iter().filter(|p| !p.meta.deleted) {
        let row = ctx.row(p.id());
        let cov: Vec<usize> = (0..row.len()).filter(|&i| row[i].covered).collect();
        if cov.len() < 2 {
            continue;
        }
        if !stretches.contains_key(&cov) {
            let segs = ctx.stretches(&cov);
            stretches.insert(cov.clone(), segs);
        }
        let Some(segs) = stretches.get(&cov) else {
            continue;
        };
        alone.clear();
        sets.clear();
        for (si, (range, set)) in segs.iter().enumerate() {
            // the same set may come back after a gap: evaluate it once
            let first = segs.iter().position(|(_, s2)| s2 == set).unwrap_or(si);
            let w = match sets.iter().find(|(i, _)| *i == first) {
                Some((_, w)) => *w,
                None => {
                    let w = ctx.eval(p, set, &row, &mut scratch);
                    sets.push((first, w));
                    w
                }
            };
            let Some(floor) = ctx.breaks(&w) else {
                continue;
            };
            let alone_breaks = set
                .iter()
                .map(|&pi| {
                    let a = match alone.iter().find(|(i, _)| *i == pi) {
                        Some((_, a)) => *a,
                        None => {
                            let a = ctx.eval(p, &[pi], &row, &mut scratch);
                            alone.push((pi, a));
                            a
                        }
                    };
                    ctx.breaks_floor(&a, floor)
                })
                .collect();
            let bad = match floor {
                Floor::Cost => w.worst,
                Floor::MinMargin => w.low_margin.unwrap_or(w.worst),
            };
            out.push(Conflict {
                product_id: p.id().to_string(),
                promo_ids: set
                    .iter()
                    .map(|&i| ctx.promos[i].id().to_string())
                    .collect(),
                alone_breaks,
                range: *range,
                floor,
                worst_paid_unit: fen(round_div(
                    i128::from(w.lowest.paid),
                    i128::from(w.lowest.qty),
                )
                .unwrap_or(0)),
                worst: ctx.economics(p, &bad, set, w.aff_bp),
            });
        }
    }
    out
}

/// Conflicts of the same promotions over the same days, breaking the same floor the same way
/// (alone or only in combination): one line for all their products, as the calendar lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictGroup {
    pub promo_ids: Vec<String>,
    pub range: DateRange,
    pub floor: Floor,
    /// One of the promotions breaks the floor alone.
    pub alone: bool,
    /// Product ids with their lowest paid per unit, in the order of `conflicts`.
    pub products: Vec<(String, Fen)>,
}

/// [`conflicts`] overlapping `within`, grouped into [`ConflictGroup`]s, sorted by first day
/// (groups starting the same day keep the order they were found in).
pub fn group_conflicts(conflicts: &[Conflict], within: &DateRange) -> Vec<ConflictGroup> {
    let mut out: Vec<ConflictGroup> = Vec::new();
    for c in conflicts.iter().filter(|c| c.range.overlaps(within)) {
        let alone = !c.only_combination();
        let same = |g: &&mut ConflictGroup| {
            g.range == c.range
                && g.floor == c.floor
                && g.alone == alone
                && g.promo_ids == c.promo_ids
        };
        let product = (c.product_id.clone(), c.worst_paid_unit);
        match out.iter_mut().find(same) {
            Some(g) => g.products.push(product),
            None => out.push(ConflictGroup {
                promo_ids: c.promo_ids.clone(),
                range: c.range,
                floor: c.floor,
                alone,
                products: vec![product],
            }),
        }
    }
    out.sort_by_key(|g| g.range.start);
    out
}

/// The lowest price of `product` during `window`: list prices in force (see the module docs) and
/// item-level prices of `history` promotions (other than `exclude_id`) whose price days overlap
/// the window.
pub fn lowest_price(
    product: &Product,
    window: DateRange,
    history: &[&Promotion],
    exclude_id: &str,
) -> Option<Fen> {
    let items: Vec<(&Promotion, ItemDiscount)> = history
        .iter()
        .filter(|h| h.id() != exclude_id)
        .filter_map(|h| Some((*h, h.item(product.id())?.discount?)))
        .collect();
    lowest_in(product, window, items.iter())
}

/// [`lowest_price`] with each history promotion's item discount for the product already found.
fn lowest_in<'p>(
    product: &Product,
    window: DateRange,
    history: impl Iterator<Item = &'p (&'p Promotion, ItemDiscount)>,
) -> Option<Fen> {
    if window.start > window.end {
        return None;
    }
    let sorted;
    let pts: &[PricePoint] = if product.price_history.is_sorted_by_key(|p| p.date) {
        &product.price_history
    } else {
        let mut v = product.price_history.clone();
        v.sort_by_key(|p| p.date);
        sorted = v;
        &sorted
    };
    let list_now = product.list_price.0.max(0);
    // list price(s) in force on day d
    let list_at = |d: NaiveDate| -> i64 {
        match pts.iter().rposition(|p| p.date <= d) {
            Some(i) if i + 1 == pts.len() => pts[i].price.0.max(0).min(list_now),
            Some(i) => pts[i].price.0.max(0),
            None => pts.first().map_or(list_now, |p| p.price.0.max(0)),
        }
    };
    let mut low: Option<i64> = None;
    let put = |low: &mut Option<i64>, v: i64| *low = Some(low.map_or(v, |l| l.min(v)));
    if pts.is_empty() {
        put(&mut low, list_now);
    } else {
        for (i, p) in pts.iter().enumerate() {
            let end = pts
                .get(i + 1)
                .and_then(|n| n.date.pred_opt())
                .unwrap_or(NaiveDate::MAX);
            if p.date <= window.end && window.start <= end {
                put(&mut low, p.price.0.max(0));
                if i + 1 == pts.len() {
                    put(&mut low, list_now);
                }
            }
        }
        if low.is_none() {
            put(&mut low, list_at(window.start));
        }
    }
    for (h, d) in history {
        if h.meta.deleted || !h.rule.is_item_level() {
            continue;
        }
        let waves = std::iter::once(h.phases.main).chain(h.phases.return_wave);
        for r in waves {
            if r.start <= r.end && r.overlaps(&window) {
                let first = r.start.max(window.start);
                put(&mut low, d.apply(Fen(list_at(first))).0);
            }
        }
    }
    low.map(Fen)
}

// ---------------------------------------------------------------------------------------------

/// Marks (as bits of `out`) the quantities ≤ `qmax` at which `q × per_unit` first reaches
/// `m × step`, for m = 1 (and every m when `repeat`). When a repetition is no dearer than a unit,
/// that is every quantity. A step ≤ 0 is reached from one unit on (nothing to mark).
fn crossings(step: i128, per_unit: i128, repeat: bool, qmax: i128, out: &mut u128) {
    if step <= 0 || per_unit <= 0 {
        return;
    }
    if repeat && step <= per_unit {
        *out |= bits(1, qmax);
        return;
    }
    let mut m = 1i128;
    loop {
        let q = ceil_div(step.saturating_mul(m), per_unit);
        if q > qmax {
            break;
        }
        *out |= 1 << q;
        if !repeat {
            break;
        }
        m += 1;
    }
}

/// Bits a..=b (1 ≤ a ≤ b ≤ 127).
fn bits(a: i128, b: i128) -> u128 {
    let (a, b) = (a.clamp(0, 127) as u32, b.clamp(0, 127) as u32);
    if a > b {
        return 0;
    }
    (u128::MAX >> (127 - b)) & (u128::MAX << a)
}

/// ⌈a / b⌉ for a ≥ 0, b > 0 (i64 when it fits: 128-bit division is slow, in wasm most of all).
fn ceil_div(a: i128, b: i128) -> i128 {
    if b <= 0 {
        return i128::MAX;
    }
    if let (Ok(a), Ok(b)) = (i64::try_from(a), i64::try_from(b)) {
        return i128::from(a / b + i64::from(a % b != 0));
    }
    a / b + i128::from(a % b != 0)
}

/// `core::margin::platform_fee` of a paid amount (a fee or a commission at `bp`), computed the
/// same way in i64 when the product fits (this runs for every cart checked).
fn fee_of(paid: i64, bp: u32) -> i64 {
    match paid
        .checked_mul(i64::from(bp))
        .and_then(|v| v.checked_add(5_000))
    {
        Some(v) => v.div_euclid(10_000),
        None => platform_fee(Fen(paid), bp).0,
    }
}

/// profit / paid in basis points, floored (paid > 0).
fn margin_of(profit: i64, paid: i64) -> i64 {
    match profit.checked_mul(10_000) {
        Some(x) => x.div_euclid(paid),
        None => {
            let m = (i128::from(profit) * 10_000).div_euclid(i128::from(paid));
            i64::try_from(m).unwrap_or(if m < 0 { i64::MIN } else { i64::MAX })
        }
    }
}

/// One cart's figures for the SKU (no strings; turned into [`Economics`] at the end).
#[derive(Clone, Copy, Debug, Default)]
struct E {
    /// Index into the set of the 搭配宝 whose set this cart is.
    bundle: Option<usize>,
    /// A mixed cart: the amount of other goods with the SKU's one unit.
    mixed: Option<i64>,
    qty: i64,
    paid: i64,
    gift: i64,
    /// Postage charged (income) and shipping cost for the cart.
    postage_in: i64,
    postage: i64,
    /// Derived by `Ctx::econ_of` (saturating: exact below ¥92 quadrillion).
    profit: i64,
}

impl E {
    fn margin(&self) -> Option<i64> {
        (self.paid > 0).then(|| margin_of(self.profit, self.paid))
    }

    /// A ¥0 cart at a loss: the lowest margin there is.
    fn no_margin_loss(&self) -> bool {
        self.paid <= 0 && self.profit < 0
    }

    /// Is this cart's margin lower than `o`'s? (exact ratios, no rounding)
    fn margin_below(&self, o: &E) -> bool {
        match (self.no_margin_loss(), o.no_margin_loss()) {
            (true, b) => !b,
            (false, true) => false,
            (false, false) => ratio_lt(self.profit, self.paid, o.profit, o.paid),
        }
    }
}

/// a / b < c / d for b, d > 0, without rounding.
fn ratio_lt(a: i64, b: i64, c: i64, d: i64) -> bool {
    match (a.checked_mul(d), c.checked_mul(b)) {
        (Some(x), Some(y)) => x < y,
        _ => i128::from(a) * i128::from(d) < i128::from(c) * i128::from(b),
    }
}

/// The summary of a SKU under one set of promotions.
#[derive(Clone, Copy, Debug, Default)]
struct Worst {
    item_unit: i128,
    /// Index into the set.
    item_promo: Option<usize>,
    aff_bp: u32,
    single: E,
    worst: E,
    lowest: E,
    low_margin: Option<E>,
    zero: Option<i64>,
}

/// Buffers reused from one evaluation to the next.
#[derive(Default)]
struct Scratch<'a> {
    ps: Vec<&'a Promotion>,
    row: Vec<Cover>,
    slots: Vec<u32>,
    one: OneLine<'a>,
}

/// The catalog: indexed by id for whole-store checks, scanned for a single product's check
/// (only 搭配宝 partners are ever looked up, so one SKU's check never pays for an index).
enum Catalog<'a> {
    Map(HashMap<&'a str, &'a Product>),
    Slice(&'a [Product]),
}

impl<'a> Catalog<'a> {
    fn get(&self, id: &str) -> Option<&'a Product> {
        match self {
            Catalog::Map(m) => m.get(id).copied(),
            Catalog::Slice(s) => s.iter().find(|p| !p.meta.deleted && p.id() == id),
        }
    }
}

/// Products and promotions indexed once.
struct Ctx<'a> {
    products: Catalog<'a>,
    promos: Vec<&'a Promotion>,
    slots: Vec<u32>,
    /// For promotions with an item list: product id → coverage. None: covers by rule alone.
    items: Vec<Option<HashMap<&'a str, Cover>>>,
    /// Price days per promotion.
    days: Vec<Vec<DateRange>>,
    fee_bp: u32,
    /// Postage charged per order (income) and shipping cost per order.
    postage_in: i64,
    postage: i64,
    min_margin_bp: i32,
    lookback: u32,
    /// Settings.store_wide_base
    base: StoreWideBase,
}

impl<'a> Ctx<'a> {
    fn new(
        promos: &[&'a Promotion],
        products: &'a [Product],
        profile: &StoreProfile,
        settings: &Settings,
        index: bool,
    ) -> Ctx<'a> {
        let catalog = if index {
            let mut map = HashMap::with_capacity(products.len());
            for p in products.iter().filter(|p| !p.meta.deleted) {
                map.entry(p.id()).or_insert(p);
            }
            Catalog::Map(map)
        } else {
            Catalog::Slice(products)
        };
        let promos: Vec<&Promotion> = promos.iter().copied().filter(|p| !p.meta.deleted).collect();
        let items = promos
            .iter()
            .map(|p| {
                (index && !p.items.is_empty()).then(|| {
                    let mut m: HashMap<&str, Cover> = HashMap::with_capacity(p.items.len());
                    let mut slot = 0u32;
                    for i in &p.items {
                        if !m.contains_key(i.product_id.as_str()) {
                            m.insert(
                                i.product_id.as_str(),
                                Cover {
                                    covered: true,
                                    item: if p.rule.is_item_level() {
                                        i.discount
                                    } else {
                                        None
                                    },
                                    slot,
                                },
                            );
                            slot += 1;
                        }
                    }
                    m
                })
            })
            .collect();
        Ctx {
            products: catalog,
            slots: promos.iter().map(|p| bundle_slots(p)).collect(),
            days: promos.iter().map(|p| p.phases.price_days()).collect(),
            promos,
            items,
            fee_bp: profile.fee_rate_bp,
            postage_in: profile.postage_charged().0,
            postage: profile.shipping_cost_per_order().0,
            min_margin_bp: settings.min_margin_bp,
            lookback: settings.price_lookback_days,
            base: settings.store_wide_base,
        }
    }

    fn cover(&self, pi: usize, product_id: &str) -> Cover {
        match self.items.get(pi) {
            Some(Some(m)) => m.get(product_id).copied().unwrap_or_default(),
            _ => cover_of(self.promos[pi], product_id),
        }
    }

    /// How every promotion covers a product (looked up once per product).
    fn row(&self, product_id: &str) -> Vec<Cover> {
        (0..self.promos.len())
            .map(|pi| self.cover(pi, product_id))
            .collect()
    }

    fn active(&self, pi: usize, d: NaiveDate) -> bool {
        self.days[pi].iter().any(|r| r.contains(d))
    }

    /// Stretches of days on which ≥ 2 of `cov` are in force together, merged while the set stays.
    fn stretches(&self, cov: &[usize]) -> Vec<(DateRange, Vec<usize>)> {
        let mut bounds: Vec<NaiveDate> = Vec::new();
        for &pi in cov {
            for r in &self.days[pi] {
                if r.start <= r.end {
                    bounds.push(r.start);
                    bounds.push(r.end.succ_opt().unwrap_or(r.end));
                }
            }
        }
        bounds.sort_unstable();
        bounds.dedup();
        let mut out: Vec<(DateRange, Vec<usize>)> = Vec::new();
        for w in bounds.windows(2) {
            let (d, end) = (w[0], w[1].pred_opt().unwrap_or(w[0]));
            let set: Vec<usize> = cov
                .iter()
                .copied()
                .filter(|&pi| self.active(pi, d))
                .collect();
            if set.len() < 2 {
                continue;
            }
            match out.last_mut() {
                Some((r, s)) if *s == set && r.end.succ_opt() == Some(d) => r.end = end,
                _ => out.push((DateRange::new(d, end), set)),
            }
        }
        out
    }

    fn econ_of(&self, e: &mut E, cost_unit: i64, aff_bp: u32) {
        let fee = fee_of(e.paid, self.fee_bp);
        let aff = fee_of(e.paid, aff_bp);
        e.profit = e
            .paid
            .saturating_add(e.postage_in)
            .saturating_sub(fee)
            .saturating_sub(aff)
            .saturating_sub(e.postage)
            .saturating_sub(e.gift)
            .saturating_sub(cost_unit.saturating_mul(e.qty));
    }

    /// Below the minimum margin? (a ¥0 cart counts when it loses money)
    fn below_min(&self, e: &E) -> bool {
        match e.margin() {
            Some(m) => m < i64::from(self.min_margin_bp),
            None => e.profit < 0,
        }
    }

    fn breaks(&self, w: &Worst) -> Option<Floor> {
        if w.worst.profit < 0 {
            Some(Floor::Cost)
        } else if w.low_margin.is_some_and(|e| self.below_min(&e)) {
            Some(Floor::MinMargin)
        } else {
            None
        }
    }

    fn breaks_floor(&self, w: &Worst, floor: Floor) -> bool {
        match floor {
            Floor::Cost => w.worst.profit < 0,
            Floor::MinMargin => {
                w.worst.profit < 0 || w.low_margin.is_some_and(|e| self.below_min(&e))
            }
        }
    }

    /// Evaluate `product` under the promotions `set` (indexes) stacked.
    /// `all_row[pi]`: how promotion `pi` covers the product.
    fn eval(
        &self,
        product: &Product,
        set: &[usize],
        all_row: &[Cover],
        s: &mut Scratch<'a>,
    ) -> Worst {
        let list = product.list_price.0.max(0);
        let cost_unit = product.cost.0.max(0);
        let Scratch {
            ps,
            row,
            slots,
            one,
        } = s;
        ps.clear();
        ps.extend(set.iter().map(|&i| self.promos[i]));
        row.clear();
        row.extend(
            set.iter()
                .map(|&i| all_row.get(i).copied().unwrap_or_default()),
        );
        slots.clear();
        slots.extend(set.iter().map(|&i| self.slots[i]));
        let aff_bp = ps
            .iter()
            .zip(row.iter())
            .filter(|(_, c)| c.covered)
            .map(|(p, _)| p.affiliate_bp)
            .max()
            .unwrap_or(0);
        let (postage_in, postage) = (self.postage_in, self.postage);
        one.fill(list, ps, row, slots, self.base);
        let one = &*one;
        let mk = |l: &OneCart, q: i128| {
            let mut e = E {
                bundle: None,
                qty: clamp64(q),
                paid: clamp64(l.paid),
                gift: clamp64(l.gift),
                postage_in,
                postage,
                ..E::default()
            };
            self.econ_of(&mut e, cost_unit, aff_bp);
            e
        };
        let single = mk(&one.at(1), 1);
        let u = one.unit;
        let mut w = Worst {
            item_unit: u,
            item_promo: one.item_promo,
            aff_bp,
            single,
            worst: single,
            lowest: single,
            low_margin: None,
            zero: None,
        };
        let qmax = i128::from(MAX_QTY);

        // Quantities to check, as bits (bit q = q units): 1 and every store-level crossing...
        let mut store: u128 = 1 << 1;
        for (k, p) in ps.iter().enumerate() {
            if let PromoRule::StoreWide {
                basis,
                tiers,
                repeat,
            } = &p.rule
            {
                if !row[k].covered {
                    continue;
                }
                let per_unit = match basis {
                    ThresholdBasis::Count => 1,
                    ThresholdBasis::Amount => one.store_unit(),
                };
                for t in tiers {
                    let rep = *repeat && tiers.len() == 1;
                    crossings(i128::from(t.threshold), per_unit, rep, qmax, &mut store);
                }
            }
        }
        // ... every 跨店满减 crossing (on the step-1 amount) ...
        let mut cands = store;
        for (k, p) in ps.iter().enumerate() {
            if let PromoRule::CrossStore { every, .. } = p.rule {
                if row[k].covered {
                    crossings(i128::from(every.0), u, true, qmax, &mut cands);
                }
            }
        }
        // ... and where a coupon becomes usable (its threshold counts the amount after store
        // level, which only grows within a store-level stretch: found by bisection).
        for (k, p) in ps.iter().enumerate() {
            let PromoRule::Coupon { threshold, .. } = p.rule else {
                continue;
            };
            let thr = i128::from(threshold.0.max(0));
            if !row[k].covered || thr == 0 || u <= 0 {
                continue;
            }
            let mut starts = store;
            while starts != 0 {
                let start = i128::from(starts.trailing_zeros());
                starts &= starts - 1;
                let end = if starts == 0 {
                    qmax
                } else {
                    i128::from(starts.trailing_zeros()) - 1
                };
                let lo = start.max(ceil_div(thr, u));
                if lo > end || cands & bits(lo, end) == bits(lo, end) {
                    continue; // unreachable here, or every quantity here is checked anyway
                }
                if one.at(lo).after_store >= thr {
                    cands |= 1 << lo;
                    continue;
                }
                if one.at(end).after_store < thr {
                    continue;
                }
                let (mut a, mut b) = (lo, end); // after_store(a) < thr ≤ after_store(b)
                while b - a > 1 {
                    let m = a + (b - a) / 2;
                    if one.at(m).after_store >= thr {
                        b = m;
                    } else {
                        a = m;
                    }
                }
                cands |= 1 << b;
            }
        }

        let consider = |e: E, w: &mut Worst| {
            if ratio_lt(e.profit, e.qty, w.worst.profit, w.worst.qty) {
                w.worst = e;
            }
            if ratio_lt(e.paid, e.qty, w.lowest.paid, w.lowest.qty) {
                w.lowest = e;
            }
            if (e.paid > 0 || e.profit < 0) && w.low_margin.is_none_or(|m| e.margin_below(&m)) {
                w.low_margin = Some(e);
            }
            if e.paid <= 0 && e.mixed.is_none() && w.zero.is_none() {
                w.zero = Some(e.qty);
            }
        };
        consider(single, &mut w);
        if postage_in > postage {
            // a fixed earning per order: the worst cart may sit anywhere in a stretch
            cands |= bits(1, qmax);
        }
        cands &= !(1u128 << 1);
        while cands != 0 {
            let q = i128::from(cands.trailing_zeros());
            cands &= cands - 1;
            consider(mk(&one.at(q), q), &mut w);
        }

        // One complete set of each 搭配宝 with other products.
        for (k, p) in ps.iter().enumerate() {
            if !matches!(p.rule, PromoRule::Bundle { .. }) || !row[k].covered || slots[k] < 2 {
                continue;
            }
            let mut seen: HashSet<&str> = HashSet::new();
            let ids: Vec<&str> = p
                .items
                .iter()
                .map(|i| i.product_id.as_str())
                .filter(|id| seen.insert(id))
                .collect();
            let Some(members) = ids
                .iter()
                .map(|id| self.products.get(id))
                .collect::<Option<Vec<&Product>>>()
            else {
                continue;
            };
            let Some(me) = ids.iter().position(|id| *id == product.id()) else {
                continue;
            };
            let mut lines: Vec<LineState> = members
                .iter()
                .map(|m| LineState::new(m.list_price.0, 1, true))
                .collect();
            let cover: Vec<Cover> = ids
                .iter()
                .flat_map(|id| set.iter().map(move |&pi| self.cover(pi, id)))
                .collect();
            run(&mut lines, ps, &cover, slots, self.base, None);
            let l = lines[me];
            let n = lines.len() as i128;
            let mut e = E {
                bundle: Some(k),
                qty: 1,
                paid: clamp64(l.paid()),
                gift: clamp64(l.gift),
                postage_in: postage_in / i64::try_from(n.max(1)).unwrap_or(1),
                postage: postage / i64::try_from(n.max(1)).unwrap_or(1),
                ..E::default()
            };
            self.econ_of(&mut e, cost_unit, aff_bp);
            consider(e, &mut w);
        }

        // Mixed carts: one unit with just enough other goods to reach each amount threshold of
        // an order-level promotion (the other goods are covered by the same order-level
        // promotions, by nothing item-level). A coupon counts the amount after store level, so
        // the other goods grow until that amount reaches its threshold (a few rounds).
        // (a promotion listing products covers other goods only if it lists another one)
        let order_level = |k: usize| {
            row[k].covered
                && (ps[k].items.is_empty()
                    || ps[k].items.iter().any(|i| i.product_id != product.id()))
                && matches!(
                    ps[k].rule,
                    PromoRule::StoreWide { .. }
                        | PromoRule::Coupon { .. }
                        | PromoRule::CrossStore { .. }
                )
        };
        let mut targets: Vec<(i128, bool)> = Vec::new();
        for (k, p) in ps.iter().enumerate() {
            if !order_level(k) {
                continue;
            }
            match &p.rule {
                PromoRule::StoreWide {
                    basis: ThresholdBasis::Amount,
                    tiers,
                    ..
                } => targets.extend(tiers.iter().map(|t| (i128::from(t.threshold), false))),
                PromoRule::Coupon { threshold, .. } => {
                    targets.push((i128::from(threshold.0), true))
                }
                PromoRule::CrossStore { every, .. } => targets.push((i128::from(every.0), false)),
                _ => {}
            }
        }
        targets.retain(|&(t, _)| t > u && u > 0);
        targets.sort_unstable();
        targets.dedup();
        if !targets.is_empty() {
            let np = ps.len();
            let mut cover: Vec<Cover> = Vec::with_capacity(2 * np);
            cover.extend(row.iter().copied());
            cover.extend((0..np).map(|k| Cover {
                covered: order_level(k),
                item: None,
                slot: 0,
            }));
            for &(thr, after_store) in &targets {
                let mut x = thr - u;
                for _ in 0..4 {
                    let mut lines = [
                        LineState::new(list, 1, true),
                        LineState::new(clamp64(x), 1, true),
                    ];
                    run(&mut lines, ps, &cover, slots, self.base, None);
                    let have = lines[0].after_store() + lines[1].after_store();
                    if after_store && have < thr {
                        x += thr - have;
                        continue;
                    }
                    let (mine, all) = (lines[0].item_amt, lines[0].item_amt + lines[1].item_amt);
                    let share = |v: i64| clamp64(i128::from(v) * mine / all.max(1));
                    let mut e = E {
                        mixed: Some(clamp64(x)),
                        qty: 1,
                        paid: clamp64(lines[0].paid()),
                        gift: clamp64(lines[0].gift),
                        postage_in: share(postage_in),
                        postage: share(postage),
                        ..E::default()
                    };
                    self.econ_of(&mut e, cost_unit, aff_bp);
                    consider(e, &mut w);
                    break;
                }
            }
        }
        w
    }

    fn economics(&self, product: &Product, e: &E, set: &[usize], aff_bp: u32) -> Economics {
        let (qty, e_paid) = (i128::from(e.qty), i128::from(e.paid));
        let list = i128::from(product.list_price.0.max(0)) * qty;
        let paid = Fen(e.paid);
        Economics {
            cart: match (e.bundle, e.mixed) {
                (Some(k), _) => CartKind::BundleSet {
                    promo_id: self.promos[set[k]].id().to_string(),
                },
                (None, Some(x)) => CartKind::Mixed { others: Fen(x) },
                (None, None) => CartKind::Alone,
            },
            qty: u32::try_from(e.qty).unwrap_or(u32::MAX),
            paid,
            paid_unit: fen(round_div(e_paid, qty).unwrap_or(0)),
            depth_bp: if list > 0 {
                i64::try_from((list - e_paid) * 10_000 / list).unwrap_or(0)
            } else {
                0
            },
            fee: platform_fee(paid, self.fee_bp),
            affiliate: platform_fee(paid, aff_bp),
            postage_charged: Fen(e.postage_in),
            postage: Fen(e.postage),
            gift: Fen(e.gift),
            cost: fen(i128::from(product.cost.0.max(0)) * qty),
            profit: Fen(e.profit),
            margin_bp: e.margin(),
        }
    }

    fn sku_check(
        &self,
        product: &Product,
        set: &[usize],
        w: &Worst,
        history: &[(&Promotion, ItemDiscount)],
    ) -> SkuCheck {
        let econ = |e: &E| self.economics(product, e, set, w.aff_bp);
        let mut flags = Vec::new();
        let list = product.list_price;
        let at_list = list
            .0
            .saturating_sub(product.cost.0.max(0))
            .saturating_sub(crate::core::margin::platform_fee(list, self.fee_bp).0);
        if list.0 > 0 && at_list < 0 {
            flags.push(Flag::LossAtList {
                profit: Fen(at_list),
            });
        }
        if w.worst.profit < 0 {
            flags.push(Flag::BelowCost {
                cart: econ(&w.worst).cart,
                qty: u32::try_from(w.worst.qty).unwrap_or(0),
                profit: Fen(w.worst.profit),
            });
        }
        if let Some(m) = w.low_margin.filter(|m| self.below_min(m)) {
            flags.push(Flag::BelowMinMargin {
                cart: econ(&m).cart,
                qty: u32::try_from(m.qty).unwrap_or(0),
                margin_bp: m.margin(),
                min_bp: self.min_margin_bp,
            });
        }
        let mut lowest_before = None;
        if let Some(k) = w.item_promo {
            let promo = self.promos[set[k]];
            let start = promo.phases.main.start;
            let n = self.lookback;
            if n > 0 {
                if let (Some(ws), Some(we)) = (
                    start.checked_sub_days(Days::new(u64::from(n))),
                    start.pred_opt(),
                ) {
                    let others = history.iter().filter(|(h, _)| h.id() != promo.id());
                    lowest_before = lowest_in(product, DateRange::new(ws, we), others);
                    if let Some(low) = lowest_before {
                        if w.item_unit >= i128::from(low.0) {
                            flags.push(Flag::NotBelowLowestPrice {
                                price: fen(w.item_unit),
                                lowest: low,
                                days: n,
                            });
                        }
                    }
                }
            }
        }
        if let Some(q) = w.zero {
            flags.push(Flag::ZeroCart {
                qty: u32::try_from(q).unwrap_or(0),
            });
        }
        SkuCheck {
            product_id: product.id().to_string(),
            promo_ids: set
                .iter()
                .map(|&i| self.promos[i].id().to_string())
                .collect(),
            list_price: Fen(product.list_price.0.max(0)),
            cost: product.cost,
            item_price: fen(w.item_unit),
            item_promo: w.item_promo.map(|k| self.promos[set[k]].id().to_string()),
            affiliate_bp: w.aff_bp,
            single: econ(&w.single),
            worst: econ(&w.worst),
            lowest_paid: econ(&w.lowest),
            lowest_before,
            flags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_fee_and_margin_match_the_general_ones() {
        for paid in [
            0i64,
            1,
            99,
            1_990,
            1_989,
            123_457,
            9_999_999_999,
            10_i64.pow(15),
            i64::MAX,
        ] {
            for bp in [0u32, 1, 500, 2_000, 9_999, 10_000, u32::MAX] {
                assert_eq!(
                    fee_of(paid, bp),
                    platform_fee(Fen(paid), bp).0,
                    "{paid} {bp}"
                );
            }
            if paid > 0 {
                for profit in [i64::MIN, -paid, -1, 0, 1, paid / 3, paid, i64::MAX] {
                    let exact = (i128::from(profit) * 10_000).div_euclid(i128::from(paid));
                    let want =
                        i64::try_from(exact).unwrap_or(if exact < 0 { i64::MIN } else { i64::MAX });
                    assert_eq!(margin_of(profit, paid), want, "{profit} {paid}");
                }
            }
        }
        assert!(ratio_lt(1, 3, 1, 2));
        assert!(!ratio_lt(2, 4, 1, 2));
        assert!(ratio_lt(i64::MIN, 1, i64::MAX, 1));
        assert!(ratio_lt(-5, i64::MAX, 0, 1));
        assert_eq!(ceil_div(7, 2), 4);
        assert_eq!(ceil_div(6, 2), 3);
        assert_eq!(
            ceil_div(i128::from(i64::MAX) * 4, 3),
            (i128::from(i64::MAX) * 4 + 2) / 3
        );
    }
}
