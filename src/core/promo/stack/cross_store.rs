//! 跨店满减: the threshold on the step-1 amount, in parallel with the coupon. Step 4 of [`super::run`].

use super::*;

pub(super) fn apply(
    lines: &mut [LineState],
    promos: &[&Promotion],
    cov: &impl Fn(usize, usize) -> Cover,
    log: &mut Log<'_, '_>,
    tot: &mut Tot,
) {
    let mut best: Option<(usize, i128)> = None;
    let mut reached: Vec<usize> = Vec::new();
    for (pi, promo) in promos.iter().enumerate() {
        let PromoRule::CrossStore { every, off } = promo.rule else {
            continue;
        };
        let (mut base, mut n) = (0i128, 0usize);
        for (li, l) in lines.iter().enumerate() {
            if l.live() && cov(li, pi).covered {
                base += l.item_amt;
                n += 1;
            }
        }
        if n == 0 {
            log.add(pi, None, |_| StepKind::NotCovered);
            continue;
        }
        let every = i128::from(every.0);
        if every <= 0 {
            log.add(pi, None, |_| StepKind::Invalid {
                problem: RuleProblem::EveryNotPositive,
            });
            continue;
        }
        let times = div(base, every);
        if times == 0 {
            log.add(pi, None, |_| StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Amount,
                needed: clamp64(every),
                had: clamp64(base),
            });
            continue;
        }
        let off = i128::from(off.0.max(0));
        if off == 0 {
            log.add(pi, None, |_| StepKind::NoBenefit);
            continue;
        }
        let d = times.saturating_mul(off);
        log.add(pi, None, |_| StepKind::Repeated {
            times: clamp64(times),
        });
        log.add(pi, None, |_| StepKind::Discount { fen: fen(d) });
        if log.on() {
            reached.push(pi);
        }
        if best.is_none_or(|(_, bd)| d > bd) {
            best = Some((pi, d));
        }
    }
    if let Some((pi, d)) = best {
        tot.cross_pick = Some(pi);
        for &o in reached.iter().filter(|&&o| o != pi) {
            log.add(o, None, |id| StepKind::LargerDiscountChosen {
                chosen: id(pi),
            });
        }
        for (li, l) in lines.iter_mut().enumerate() {
            l.mark = l.live() && cov(li, pi).covered;
            l.w = l.item_amt;
            l.room = l.after_store() - l.coupon;
        }
        allocate_into(lines, d, pi, log, |l| &mut l.cross);
    }
}
