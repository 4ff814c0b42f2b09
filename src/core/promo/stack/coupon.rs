//! Coupons: one per order, the biggest effective discount. Step 3 of [`super::run`].

use super::*;

pub(super) fn apply(
    lines: &mut [LineState],
    promos: &[&Promotion],
    cov: &impl Fn(usize, usize) -> Cover,
    log: &mut Log<'_, '_>,
    tot: &mut Tot,
) {
    let mut best: Option<(usize, i128, i128)> = None;
    let mut reached: Vec<usize> = Vec::new();
    for (pi, promo) in promos.iter().enumerate() {
        let PromoRule::Coupon {
            face, threshold, ..
        } = promo.rule
        else {
            continue;
        };
        let (mut rem, mut n) = (0i128, 0usize);
        for (li, l) in lines.iter().enumerate() {
            if l.live() && cov(li, pi).covered {
                rem += l.after_store();
                n += 1;
            }
        }
        if n == 0 {
            log.add(pi, None, |_| StepKind::NotCovered);
            continue;
        }
        let thr = i128::from(threshold.0.max(0));
        if rem < thr {
            log.add(pi, None, |_| StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Amount,
                needed: clamp64(thr),
                had: clamp64(rem),
            });
            continue;
        }
        let face = i128::from(face.0.max(0));
        if face == 0 {
            log.add(pi, None, |_| StepKind::NoBenefit);
            continue;
        }
        let eff = face.min(rem.max(0));
        if log.on() {
            reached.push(pi);
        }
        if best.is_none_or(|(_, be, _)| eff > be) {
            best = Some((pi, eff, face));
        }
    }
    if let Some((pi, eff, face)) = best {
        tot.coupon_pick = Some(pi);
        for &o in reached.iter().filter(|&&o| o != pi) {
            log.add(o, None, |id| StepKind::OnlyOneCoupon { chosen: id(pi) });
        }
        log.add(pi, None, |_| StepKind::Discount { fen: fen(face) });
        if face > eff {
            log.add(pi, None, |_| StepKind::CappedAtZero {
                by: fen(face - eff),
            });
        }
        for (li, l) in lines.iter_mut().enumerate() {
            l.mark = l.live() && cov(li, pi).covered;
            l.w = l.after_store();
            l.room = l.w;
        }
        allocate(lines, eff, |li, f| {
            log.add(pi, None, |_| StepKind::RemainderTo {
                line_index: li,
                fen: fen(f),
            })
        });
        for l in lines.iter_mut() {
            if l.mark {
                l.coupon += l.share;
                l.mark = false;
            }
        }
    }
}
