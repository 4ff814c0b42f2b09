//! Item level (单品级): the lowest item-level price of each line. Step 1 of [`super::run`].

use super::*;

pub(super) fn apply(
    lines: &mut [LineState],
    promos: &[&Promotion],
    cov: &impl Fn(usize, usize) -> Cover,
    log: &mut Log<'_, '_>,
) {
    for (li, l) in lines.iter_mut().enumerate() {
        let list = l.list_unit;
        l.item_unit = list;
        l.item_promo = None;
        l.item_amt = 0;
        l.store = 0;
        l.bundle = 0;
        l.coupon = 0;
        l.cross = 0;
        l.gift = 0;
        l.free = l.qty;
        if !l.live() {
            continue;
        }
        let mut best: Option<(usize, i128)> = None;
        for (pi, promo) in promos.iter().enumerate() {
            let c = cov(li, pi);
            if !c.covered || !promo.rule.is_item_level() {
                continue;
            }
            if let Some(d) = c.item {
                let u = item_price(d, list);
                if u <= list && best.is_none_or(|(_, b)| u < b) {
                    best = Some((pi, u));
                }
            }
        }
        if let Some((pi, u)) = best {
            l.item_unit = u;
            l.item_promo = Some(pi);
        }
        l.item_amt = l.item_unit * l.qty;
        if log.on() {
            for (pi, promo) in promos.iter().enumerate() {
                let c = cov(li, pi);
                if !c.covered || !promo.rule.is_item_level() {
                    continue;
                }
                match c.item {
                    None => log.add(pi, Some(li), |_| StepKind::NoItemDiscount),
                    Some(d) => {
                        let unit = item_price(d, list);
                        if unit > list {
                            log.add(pi, Some(li), |_| StepKind::AboveList { unit: fen(unit) });
                        } else if Some(pi) == l.item_promo {
                            log.add(pi, Some(li), |_| StepKind::ItemPrice { unit: fen(unit) });
                        } else {
                            let chosen = l.item_promo.unwrap_or(pi);
                            log.add(pi, Some(li), |id| StepKind::BetterItemPriceChosen {
                                chosen: id(chosen),
                                unit: fen(unit),
                            });
                        }
                    }
                }
            }
        }
    }
    if log.on() {
        for (pi, promo) in promos.iter().enumerate() {
            if promo.rule.is_item_level()
                && !lines
                    .iter()
                    .enumerate()
                    .any(|(li, l)| l.live() && cov(li, pi).covered)
            {
                log.add(pi, None, |_| StepKind::NotCovered);
            }
        }
    }
}
