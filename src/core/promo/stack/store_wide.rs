//! 店铺宝: the largest discount among the tiers reached, allocated over the covered lines. Step 2b of [`super::run`].

use super::*;

pub(super) fn apply(
    lines: &mut [LineState],
    promos: &[&Promotion],
    cov: &impl Fn(usize, usize) -> Cover,
    base: StoreWideBase,
    log: &mut Log<'_, '_>,
    tot: &mut Tot,
) {
    let mut best: Option<(usize, i128, i128)> = None;
    let mut reached: Vec<usize> = Vec::new();
    for (pi, promo) in promos.iter().enumerate() {
        let PromoRule::StoreWide {
            basis,
            ref tiers,
            repeat,
        } = promo.rule
        else {
            continue;
        };
        let after = base == StoreWideBase::AfterBundle;
        let (mut amt, mut cnt, mut n, mut bundled) = (0i128, 0i128, 0usize, 0i128);
        for (li, l) in lines.iter().enumerate() {
            if l.live() && cov(li, pi).covered {
                amt += if after {
                    l.item_amt - l.bundle
                } else {
                    l.item_amt
                };
                cnt += l.qty;
                n += 1;
                bundled += l.bundle;
            }
        }
        if n == 0 {
            log.add(pi, None, |_| StepKind::NotCovered);
            continue;
        }
        if bundled > 0 {
            log.add(pi, None, |_| StepKind::StoreWideOn {
                base,
                amount: fen(amt),
            });
        }
        if tiers.is_empty() {
            log.add(pi, None, |_| StepKind::Invalid {
                problem: RuleProblem::NoTiers,
            });
            continue;
        }
        let measure = match basis {
            ThresholdBasis::Amount => amt,
            ThresholdBasis::Count => cnt,
        };
        // (tier index, threshold, discount, gift, times)
        let mut pick: Option<(usize, i128, i128, i128, i128)> = None;
        for (ti, t) in tiers.iter().enumerate() {
            let thr = i128::from(t.threshold);
            if thr > measure {
                continue;
            }
            let times = if repeat && tiers.len() == 1 && thr > 0 {
                div(measure, thr)
            } else {
                1
            };
            let (d, g) = benefit(&t.benefit, amt, times);
            let better = match pick {
                None => true,
                Some((_, pt, pd, pg, _)) => thr > pt || (thr == pt && (d, g) > (pd, pg)),
            };
            if better {
                pick = Some((ti, thr, d, g, times));
            }
        }
        let Some((ti, thr, d, g, times)) = pick else {
            let needed = tiers.iter().map(|t| t.threshold).min().unwrap_or(0);
            log.add(pi, None, |_| StepKind::ThresholdNotMet {
                basis,
                needed,
                had: clamp64(measure),
            });
            continue;
        };
        log.add(pi, None, |_| StepKind::TierReached {
            tier: ti,
            basis,
            threshold: clamp64(thr),
        });
        let repeats = repeat
            && tiers.len() == 1
            && thr > 0
            && !matches!(tiers[0].benefit, Benefit::Percent { .. });
        if repeats {
            log.add(pi, None, |_| StepKind::Repeated {
                times: clamp64(times),
            });
        }
        if d > 0 {
            log.add(pi, None, |_| StepKind::Discount { fen: fen(d) });
        }
        if g > 0 {
            log.add(pi, None, |_| StepKind::Gift {
                cost: fen(g),
                times: clamp64(times),
            });
        }
        if d <= 0 && g <= 0 {
            log.add(pi, None, |_| StepKind::NoBenefit);
            continue;
        }
        if log.on() {
            reached.push(pi);
        }
        if best.is_none_or(|(_, bd, bg)| (d, g) > (bd, bg)) {
            best = Some((pi, d, g));
        }
    }
    if let Some((pi, d, g)) = best {
        tot.store_pick = Some(pi);
        for &o in reached.iter().filter(|&&o| o != pi) {
            log.add(o, None, |id| StepKind::LargerDiscountChosen {
                chosen: id(pi),
            });
        }
        let after = base == StoreWideBase::AfterBundle;
        if d > 0 {
            for (li, l) in lines.iter_mut().enumerate() {
                l.mark = l.live() && cov(li, pi).covered;
                l.w = if after {
                    l.item_amt - l.bundle
                } else {
                    l.item_amt
                };
                l.room = l.item_amt - l.bundle;
            }
            allocate_into(lines, d, pi, log, |l| &mut l.store);
        }
        if g > 0 {
            for (li, l) in lines.iter_mut().enumerate() {
                l.mark = l.live() && cov(li, pi).covered;
                l.w = l.item_amt;
                l.room = i128::MAX / 4;
            }
            // the gift's remainder needs no explanation: it moves no price
            allocate(lines, g, |_, _| {});
            for l in lines.iter_mut() {
                if l.mark {
                    l.gift += l.share;
                    l.mark = false;
                }
            }
        }
    }
}
