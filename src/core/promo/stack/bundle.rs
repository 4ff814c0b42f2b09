//! 搭配宝: complete sets, the largest saving per set first. Step 2a of [`super::run`].

use super::*;

pub(super) fn apply(
    lines: &mut [LineState],
    promos: &[&Promotion],
    cov: &impl Fn(usize, usize) -> Cover,
    slots: &[u32],
    log: &mut Log<'_, '_>,
) {
    let mut bundles: Vec<(usize, i128)> = Vec::new();
    for (pi, promo) in promos.iter().enumerate() {
        let PromoRule::Bundle { price } = promo.rule else {
            continue;
        };
        let n = slots.get(pi).copied().unwrap_or(0) as usize;
        let covered = lines
            .iter()
            .enumerate()
            .filter(|(li, l)| l.live() && cov(*li, pi).covered)
            .count();
        if covered == 0 || n == 0 {
            log.add(pi, None, |_| StepKind::NotCovered);
            continue;
        }
        if covered < n {
            log.add(pi, None, |_| StepKind::NoCompleteSet);
            continue;
        }
        // one set's item-level price; every slot must be present
        let mut unit = vec![None::<i128>; n];
        for (li, l) in lines.iter().enumerate() {
            let c = cov(li, pi);
            if l.live() && c.covered {
                if let Some(u) = unit.get_mut(c.slot as usize) {
                    *u = Some(l.item_unit);
                }
            }
        }
        if unit.iter().any(Option::is_none) {
            log.add(pi, None, |_| StepKind::NoCompleteSet);
            continue;
        }
        let set_price: i128 = unit.iter().flatten().sum();
        let saving = set_price - i128::from(price.0.max(0));
        if saving <= 0 {
            log.add(pi, None, |_| StepKind::NoBenefit);
            continue;
        }
        bundles.push((pi, saving));
    }
    bundles.sort_by_key(|b| std::cmp::Reverse(b.1)); // stable: ties keep the given order
    for &(pi, saving) in &bundles {
        let n = slots.get(pi).copied().unwrap_or(0) as usize;
        let mut avail = vec![0i128; n];
        for (li, l) in lines.iter().enumerate() {
            let c = cov(li, pi);
            if l.live() && c.covered {
                if let Some(a) = avail.get_mut(c.slot as usize) {
                    *a += l.free;
                }
            }
        }
        let sets = avail.iter().copied().min().unwrap_or(0);
        if sets <= 0 {
            log.add(pi, None, |_| StepKind::NoCompleteSet);
            continue;
        }
        let mut need = vec![sets; n];
        for (li, l) in lines.iter_mut().enumerate() {
            let c = cov(li, pi);
            l.mark = false;
            if l.live() && c.covered {
                if let Some(nd) = need.get_mut(c.slot as usize) {
                    let take = (*nd).min(l.free);
                    *nd -= take;
                    l.free -= take;
                    l.mark = take > 0;
                    l.w = take * l.item_unit;
                    l.room = l.w;
                }
            }
        }
        let d = sets.saturating_mul(saving);
        log.add(pi, None, |_| StepKind::Sets {
            sets: clamp64(sets),
        });
        log.add(pi, None, |_| StepKind::Discount { fen: fen(d) });
        allocate_into(lines, d, pi, log, |l| &mut l.bundle);
    }
}
