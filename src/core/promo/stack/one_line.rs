//! The stack compiled for carts of one product alone (used by `check` for 1..=99 units).

use super::*;

/// The stack compiled for carts of one product alone (`check` prices 1..=99 units of a SKU many
/// times): the same rules as [`run`] on a one-line cart, with everything that does not depend on
/// the quantity worked out once. On one line a 搭配宝 of several products never completes, a
/// single-product one takes every unit (the largest saving wins), and each allocation is the
/// whole discount capped at what the line has left. `tests` below check it against [`run`].
#[derive(Default)]
pub(crate) struct OneLine<'a> {
    /// Item-level unit price and the promotion (index) giving it.
    pub unit: i128,
    pub item_promo: Option<usize>,
    bundle_saving: i128,
    /// 店铺宝 counts the amount after the bundle discount (Settings.store_wide_base).
    after_bundle: bool,
    store: Vec<(ThresholdBasis, &'a [Tier], bool)>,
    coupons: Vec<(i128, i128)>,
    cross: Vec<(i128, i128)>,
}

/// One cart of [`OneLine`]: amounts for all its units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct OneCart {
    pub after_store: i128,
    pub paid: i128,
    pub gift: i128,
}

impl<'a> OneLine<'a> {
    /// `row[k]`: how `promos[k]` covers the product; `slots[k]`: distinct products of a 搭配宝.
    #[cfg(test)]
    pub fn new(
        list: i64,
        promos: &[&'a Promotion],
        row: &[Cover],
        slots: &[u32],
        base: StoreWideBase,
    ) -> OneLine<'a> {
        let mut one = OneLine::default();
        one.fill(list, promos, row, slots, base);
        one
    }

    /// Compile into `self`, reusing its buffers.
    pub fn fill(
        &mut self,
        list: i64,
        promos: &[&'a Promotion],
        row: &[Cover],
        slots: &[u32],
        base: StoreWideBase,
    ) {
        let list = i128::from(list.max(0));
        let one = self;
        one.after_bundle = base == StoreWideBase::AfterBundle;
        one.unit = list;
        one.item_promo = None;
        one.bundle_saving = 0;
        one.store.clear();
        one.coupons.clear();
        one.cross.clear();
        let mut best: Option<i128> = None;
        for (k, p) in promos.iter().enumerate() {
            let c = row.get(k).copied().unwrap_or_default();
            if !c.covered || !p.rule.is_item_level() {
                continue;
            }
            if let Some(d) = c.item {
                let u = item_price(d, list);
                if u <= list && best.is_none_or(|b| u < b) {
                    best = Some(u);
                    one.unit = u;
                    one.item_promo = Some(k);
                }
            }
        }
        for (k, p) in promos.iter().enumerate() {
            if !row.get(k).is_some_and(|c| c.covered) {
                continue;
            }
            match &p.rule {
                PromoRule::Bundle { price } if slots.get(k) == Some(&1) => {
                    let saving = one.unit - i128::from(price.0.max(0));
                    one.bundle_saving = one.bundle_saving.max(saving);
                }
                PromoRule::StoreWide {
                    basis,
                    tiers,
                    repeat,
                } if !tiers.is_empty() => one.store.push((*basis, tiers, *repeat)),
                PromoRule::Coupon {
                    face, threshold, ..
                } if face.0 > 0 => one
                    .coupons
                    .push((i128::from(threshold.0.max(0)), i128::from(face.0))),
                PromoRule::CrossStore { every, off } if every.0 > 0 && off.0 > 0 => {
                    one.cross.push((i128::from(every.0), i128::from(off.0)))
                }
                _ => {}
            }
        }
    }

    /// What one unit adds to the amount a 店铺宝 counts (满X元): the item-level unit price, less
    /// a single-product bundle's saving when 店铺宝 counts the amount after the bundle.
    pub fn store_unit(&self) -> i128 {
        if self.after_bundle {
            self.unit - self.bundle_saving.max(0)
        } else {
            self.unit
        }
    }

    /// `qty` units (nothing for qty ≤ 0, like a line of qty 0). In i64 whenever nothing can
    /// overflow it (unit ≤ ¥100 billion, qty ≤ 65,536: every cart `check` prices), else in i128.
    pub fn at(&self, qty: i128) -> OneCart {
        if qty <= 0 {
            return OneCart::default();
        }
        if let (Ok(u), Ok(q)) = (i64::try_from(self.unit), i64::try_from(qty)) {
            if u <= crate::model::money::MAX_FEN && q <= 65_536 {
                let (after_store, paid, gift) = self.at_in(u, q);
                return OneCart {
                    after_store: i128::from(after_store),
                    paid: i128::from(paid),
                    gift: i128::from(gift),
                };
            }
        }
        let (after_store, paid, gift) = self.at_in(self.unit, qty);
        OneCart {
            after_store,
            paid,
            gift,
        }
    }

    fn at_in<T: Amt>(&self, unit: T, qty: T) -> (T, T, T) {
        let zero = T::of(0);
        let a = unit * qty;
        let bundle = T::of128(self.bundle_saving.max(0)) * qty;
        // the amount 店铺宝 counts (Settings.store_wide_base)
        let sa = if self.after_bundle { a - bundle } else { a };
        let (mut d, mut g) = (zero, zero);
        let mut any = false;
        for &(basis, tiers, repeat) in &self.store {
            let measure = match basis {
                ThresholdBasis::Amount => sa,
                ThresholdBasis::Count => qty,
            };
            let mut pick: Option<(T, T, T)> = None;
            for t in tiers {
                let thr = T::of(t.threshold);
                if thr > measure {
                    continue;
                }
                let times = if repeat && tiers.len() == 1 && thr > zero {
                    measure.quot(thr)
                } else {
                    T::of(1)
                };
                let (td, tg) = benefit_in(&t.benefit, sa, times);
                if pick.is_none_or(|(pt, pd, pg)| thr > pt || (thr == pt && (td, tg) > (pd, pg))) {
                    pick = Some((thr, td, tg));
                }
            }
            if let Some((_, td, tg)) = pick {
                if (td > zero || tg > zero) && (!any || (td, tg) > (d, g)) {
                    (d, g, any) = (td, tg, true);
                }
            }
        }
        let after_store = a - bundle - d.min(a - bundle);
        let mut coupon = zero;
        for &(thr, face) in &self.coupons {
            let (thr, face) = (T::of128(thr), T::of128(face));
            if after_store >= thr {
                coupon = coupon.max(face.min(after_store));
            }
        }
        let mut cross = zero;
        for &(every, off) in &self.cross {
            cross = cross.max(a.quot(T::of128(every)).sat_mul(T::of128(off)));
        }
        let paid = after_store - coupon - cross.min(after_store - coupon);
        (after_store, paid, g)
    }
}
