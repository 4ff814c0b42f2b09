//! Integer fen arithmetic of the stack: benefits, item prices, allocation with remainders,
//! rounding.

use super::*;
/// The integer [`OneLine::at`] computes in: i64 for every realistic cart (much faster, in wasm
/// most of all), i128 beyond. Only non-negative amounts reach these.
pub(crate) trait Amt:
    Copy
    + Ord
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
{
    fn of(v: i64) -> Self;
    /// From a value known to fit (an i64 stored as i128).
    fn of128(v: i128) -> Self;
    fn sat_mul(self, o: Self) -> Self;
    /// self / o for o > 0.
    fn quot(self, o: Self) -> Self;
    /// self × bp / 10000, half up.
    fn pct(self, bp: u32) -> Self;
}

impl Amt for i64 {
    fn of(v: i64) -> i64 {
        v
    }
    fn of128(v: i128) -> i64 {
        clamp64(v)
    }
    fn sat_mul(self, o: i64) -> i64 {
        self.saturating_mul(o)
    }
    fn quot(self, o: i64) -> i64 {
        self / o
    }
    fn pct(self, bp: u32) -> i64 {
        match self
            .checked_mul(i64::from(bp))
            .and_then(|p| p.checked_add(5_000))
        {
            Some(p) => p / 10_000,
            None => clamp64(pct(i128::from(self), bp)),
        }
    }
}

impl Amt for i128 {
    fn of(v: i64) -> i128 {
        i128::from(v)
    }
    fn of128(v: i128) -> i128 {
        v
    }
    fn sat_mul(self, o: i128) -> i128 {
        self.saturating_mul(o)
    }
    fn quot(self, o: i128) -> i128 {
        div(self, o)
    }
    fn pct(self, bp: u32) -> i128 {
        pct(self, bp)
    }
}

/// [`benefit`] in either integer.
pub(crate) fn benefit_in<T: Amt>(b: &Benefit, amt: T, times: T) -> (T, T) {
    let zero = T::of(0);
    match b {
        Benefit::AmountOff { off } => (T::of(off.0.max(0)).sat_mul(times), zero),
        Benefit::Percent { pay_bp } => ((amt - amt.pct(*pay_bp)).max(zero), zero),
        Benefit::Gift { cost, .. } => (zero, T::of(cost.0.max(0)).sat_mul(times)),
    }
}

/// (discount, gift cost) of a reached tier on an eligible amount `amt`.
pub(crate) fn benefit(b: &Benefit, amt: i128, times: i128) -> (i128, i128) {
    match b {
        Benefit::AmountOff { off } => (i128::from(off.0.max(0)).saturating_mul(times), 0),
        Benefit::Percent { pay_bp } => ((amt - pct(amt, *pay_bp)).max(0), 0),
        Benefit::Gift { cost, .. } => (0, i128::from(cost.0.max(0)).saturating_mul(times)),
    }
}

pub(crate) fn item_price(d: ItemDiscount, list: i128) -> i128 {
    let l = i64::try_from(list).unwrap_or(i64::MAX);
    i128::from(d.apply(Fen(l)).0)
}

pub(crate) struct Alloc {
    pub capped: i128,
}

/// Split `total` over the marked lines in proportion to `w`, each share capped at `room`:
/// floor shares, then the remainder to the line with the largest `w` (ties: the first), spilling
/// on when a line is full. The part of `total` above the sum of rooms is not given (`capped`).
/// Writes `share` on every line; `on_rem(line, fen)` reports each remainder.
pub(crate) fn allocate(
    lines: &mut [LineState],
    total: i128,
    mut on_rem: impl FnMut(usize, i128),
) -> Alloc {
    let total = total.max(0);
    let (mut sw, mut sr, mut n) = (0i128, 0i128, 0usize);
    for l in lines.iter_mut() {
        l.share = 0;
        l.picked = false;
        if l.mark {
            l.w = l.w.max(0);
            l.room = l.room.max(0);
            sw = sw.saturating_add(l.w);
            sr = sr.saturating_add(l.room);
            n += 1;
        }
    }
    let t = total.min(sr);
    let mut left = t;
    if n > 1 && sw > 0 {
        for l in lines.iter_mut() {
            if l.mark {
                l.share = mul_div_floor(t, l.w, sw).min(l.room);
                left -= l.share;
            }
        }
    }
    while left > 0 {
        let mut best: Option<usize> = None;
        for (i, l) in lines.iter().enumerate() {
            if l.mark && !l.picked && l.room > l.share && best.is_none_or(|b| l.w > lines[b].w) {
                best = Some(i);
            }
        }
        let Some(b) = best else { break };
        let l = &mut lines[b];
        l.picked = true;
        let g = (l.room - l.share).min(left);
        l.share += g;
        left -= g;
        if n > 1 {
            on_rem(b, g);
        }
    }
    Alloc { capped: total - t }
}

/// floor(t × w / s) for 0 ≤ w ≤ s, s > 0, without overflow.
pub(crate) fn mul_div_floor(t: i128, w: i128, s: i128) -> i128 {
    if let (Ok(t64), Ok(w64), Ok(s64)) = (i64::try_from(t), i64::try_from(w), i64::try_from(s)) {
        if let Some(p) = t64.checked_mul(w64) {
            return i128::from(p / s64);
        }
    }
    if let Some(p) = t.checked_mul(w) {
        return p / s;
    }
    let (q, r) = (t / s, t % s);
    q * w + r.checked_mul(w).map_or(0, |x| x / s)
}

/// a / b for a ≥ 0, b > 0 (i64 fast path).
pub(crate) fn div(a: i128, b: i128) -> i128 {
    if let (Ok(a64), Ok(b64)) = (i64::try_from(a), i64::try_from(b)) {
        return i128::from(a64 / b64);
    }
    a / b
}

/// amount × bp / 10000 rounded half up, for amount ≥ 0.
pub(crate) fn pct(amount: i128, bp: u32) -> i128 {
    if let Ok(a) = i64::try_from(amount) {
        if let Some(p) = a
            .checked_mul(i64::from(bp))
            .and_then(|p| p.checked_add(5_000))
        {
            return i128::from(p / 10_000);
        }
    }
    let (q, r) = (amount / 10_000, amount % 10_000);
    q * i128::from(bp) + (r * i128::from(bp) + 5_000) / 10_000
}

/// a / b rounded half up (a ≥ 0), None when b ≤ 0.
pub(crate) fn round_div(a: i128, b: i128) -> Option<i128> {
    (b > 0).then(|| (a / b) + i128::from((a % b) * 2 >= b))
}

/// Saturating conversion to fen.
pub(crate) fn fen(v: i128) -> Fen {
    Fen(clamp64(v))
}

pub(crate) fn clamp64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}
