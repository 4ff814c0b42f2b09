//! The director's year (`model::target`): splitting a year's 支付金额 target into quarters and
//! months so that every level adds up to the fen, the traffic and budget each month needs, plan
//! against actual, a year-end forecast, the profit plan (利润表) and its sensitivity.
//!
//! Only additive figures are split or summed (支付金额, visitors, buyers, spend, refunds); ratios
//! (conversion, 客单价, 推广占比) are set per month and never summed — the year's ratio is
//! computed from the year's sums. Money is integer fen; shares use integer weights and the
//! largest-remainder method, so a split is exact whatever the order of edits.

use crate::core::metrics::export::CsvCell;
use crate::core::metrics::period::{date_of, day_from_ymd};
use crate::model::metrics::{Day, StoreDay};
use crate::model::money::MAX_FEN;
use crate::model::target::MONTHS;
use crate::model::{Fen, TargetPlan};
use chrono::Datelike;

pub mod shares;

/// A typical Tmall year when the store has no history (per mille of the year, January first):
/// 年货节 in January, the 春节 dip, 38节, 618, the summer lull, 99划算节, 双11, 双12.
/// An editable starting point — the months can be typed over — and said so on screen.
pub const DEFAULT_CURVE: [u64; MONTHS] = [75, 55, 80, 75, 85, 100, 70, 70, 80, 90, 140, 80];

/// A month of history counts for the curve when at least this many of its days were imported.
pub const MIN_HISTORY_DAYS: u32 = 7;

/// Fewer days than this of the plan year's actuals: too early to forecast the year.
pub const MIN_FORECAST_DAYS: u32 = 28;

/// Why an edit of a plan was refused; the plan is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetError {
    /// Targets are zero or more.
    Negative,
    /// Above the largest amount the app keeps (¥100,000,000,000).
    TooLarge,
    /// The pinned months alone already add up to more than the new total allows.
    LockedExceed { locked: Fen },
    /// No unlocked month is left to absorb the change (unlock one, or change the year).
    NothingToAbsorb,
    /// A month or quarter number out of range.
    OutOfRange,
}

/// Why a typed amount was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number an operator writes (letters, exponents, more than two decimals...).
    NotANumber,
    Negative,
    TooLarge,
}

/// What a director types for a target: `5600万`, `0.56亿`, `56,000,000`, `¥1,288万`, `128.50`.
/// Yuan with at most two decimals (of the unit typed); never a float.
pub fn parse_amount(input: &str) -> Result<Fen, AmountError> {
    let s = input.trim();
    let (num, unit) = if let Some(n) = s.strip_suffix(['万', 'w', 'W']) {
        (n, 10_000i64)
    } else if let Some(n) = s.strip_suffix('亿') {
        (n, 100_000_000i64)
    } else {
        (s, 1i64)
    };
    let num = num.trim().trim_end_matches('元');
    let t = num.trim_start_matches(['¥', '￥']).trim();
    if let Some(rest) = t.strip_prefix(['-', '−']) {
        return match Fen::parse_yuan(rest) {
            Some(f) if f.0 > 0 => Err(AmountError::Negative),
            Some(_) => Ok(Fen::ZERO),
            None => Err(AmountError::NotANumber),
        };
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let f = match Fen::parse_yuan(t) {
        Some(f) => f,
        None if digits > 12 && t.chars().all(|c| c.is_ascii_digit() || ",.，".contains(c)) => {
            return Err(AmountError::TooLarge)
        }
        None => return Err(AmountError::NotANumber),
    };
    let v = i128::from(f.0) * i128::from(unit);
    if v > i128::from(MAX_FEN) {
        Err(AmountError::TooLarge)
    } else {
        Ok(Fen(v as i64))
    }
}

/// Split `total` into parts proportional to `weights` that add up to exactly `total`
/// (largest-remainder method; ties go to the earlier part). All-zero weights split evenly.
/// `total` below zero gives all zeros.
pub fn spread(total: i64, weights: &[u64]) -> Vec<i64> {
    let n = weights.len();
    if n == 0 || total <= 0 {
        return vec![0; n];
    }
    let even = weights.iter().all(|w| *w == 0);
    let w: Vec<u128> = weights
        .iter()
        .map(|x| if even { 1 } else { u128::from(*x) })
        .collect();
    let sum: u128 = w.iter().sum();
    let t = total as u128;
    // each part's whole share and its remainder, divided once
    let (mut parts, rems): (Vec<i64>, Vec<u128>) = w
        .iter()
        .map(|x| {
            let p = t * x;
            ((p / sum) as i64, p % sum)
        })
        .unzip();
    let given: i64 = parts.iter().sum();
    let mut rest = total - given;
    if rest <= 0 {
        return parts;
    }
    let mut order: Vec<usize> = (0..n).collect();
    // largest remainder first; among equals, the earlier part
    order.sort_by(|a, b| rems[*b].cmp(&rems[*a]).then(a.cmp(b)));
    for i in order.into_iter().cycle() {
        if rest <= 0 {
            break;
        }
        if w[i] > 0 {
            parts[i] += 1;
            rest -= 1;
        }
    }
    parts
}

fn check_amount(v: Fen) -> Result<(), TargetError> {
    if v.0 < 0 {
        Err(TargetError::Negative)
    } else if v.0 > MAX_FEN {
        Err(TargetError::TooLarge)
    } else {
        Ok(())
    }
}

/// Re-spread `amount` over the months `idx` in proportion to their current values (or the
/// curve when they are all zero).
fn respread(plan: &mut TargetPlan, idx: &[usize], amount: i64, curve: &[u64; MONTHS]) {
    let current: Vec<u64> = idx
        .iter()
        .map(|&m| plan.months[m].gmv.0.max(0) as u64)
        .collect();
    let weights = if current.iter().all(|w| *w == 0) {
        idx.iter().map(|&m| curve[m]).collect()
    } else {
        current
    };
    for (k, v) in spread(amount, &weights).into_iter().enumerate() {
        plan.months[idx[k]].gmv = Fen(v);
    }
}

fn ensure_months(plan: &mut TargetPlan) {
    plan.months.resize(MONTHS, Default::default());
}

/// What the locked months add up to.
fn locked_sum(plan: &TargetPlan) -> i64 {
    plan.months
        .iter()
        .filter(|m| m.locked)
        .fold(0i64, |a, m| a.saturating_add(m.gmv.0))
}

/// Set the year's target: locked months stay, the others share the rest in proportion to what
/// they had (the curve when they had nothing).
pub fn set_year(
    plan: &mut TargetPlan,
    total: Fen,
    curve: &[u64; MONTHS],
) -> Result<(), TargetError> {
    check_amount(total)?;
    ensure_months(plan);
    let locked = locked_sum(plan);
    let free: Vec<usize> = (0..MONTHS).filter(|&m| !plan.months[m].locked).collect();
    if locked > total.0 {
        return Err(TargetError::LockedExceed {
            locked: Fen(locked),
        });
    }
    if free.is_empty() && locked != total.0 {
        return Err(TargetError::NothingToAbsorb);
    }
    respread(plan, &free, total.0 - locked, curve);
    plan.target = total;
    Ok(())
}

/// The year's headline figure of a plan as it stands: 支付金额, 净支付金额 (支付金额 less the
/// P&L's refunds) or operating profit (the P&L's).
pub fn headline_value(plan: &TargetPlan, inputs: &PnlInputs) -> i64 {
    use crate::model::Headline;
    match plan.headline {
        Headline::Gmv => plan.target.0,
        Headline::Net => {
            let y = year_pnl(plan, inputs);
            y.gmv - y.refunds
        }
        Headline::Profit => year_pnl(plan, inputs).profit,
    }
}

/// Why a headline could not be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadlineError {
    /// An edit of the year would be refused (see [`TargetError`]).
    Target(TargetError),
    /// Even the largest 支付金额 the app keeps does not reach it (e.g. each sale loses money).
    Unreachable,
}

/// Set the year from a headline in `plan.headline`: the smallest 支付金额 (to the fen) whose
/// headline figure, with the months spread as `set_year` spreads them, is at least `target`.
/// Found by bisection over the year (the figure grows with the year). The plan keeps the typed
/// headline in `headline_target`; on an error it is unchanged.
pub fn set_headline(
    plan: &mut TargetPlan,
    target: Fen,
    curve: &[u64; MONTHS],
    inputs: &PnlInputs,
) -> Result<(), HeadlineError> {
    use crate::model::Headline;
    if plan.headline == Headline::Gmv {
        set_year(plan, target, curve).map_err(HeadlineError::Target)?;
        plan.headline_target = None;
        return Ok(());
    }
    if plan.headline == Headline::Net && target.0 < 0 {
        return Err(HeadlineError::Target(TargetError::Negative));
    }
    if target.0.abs() > MAX_FEN {
        return Err(HeadlineError::Target(TargetError::TooLarge));
    }
    let locked = locked_sum(plan);
    let value_at = |g: i64| -> Result<i64, TargetError> {
        let mut p = plan.clone();
        set_year(&mut p, Fen(g), curve)?;
        Ok(headline_value(&p, inputs))
    };
    let (mut lo, mut hi) = (locked, MAX_FEN);
    // the locked months alone may already reach it
    match value_at(lo) {
        Ok(v) if v >= target.0 => hi = lo,
        Ok(_) => {}
        Err(e) => return Err(HeadlineError::Target(e)),
    }
    if hi != lo && value_at(hi).map_err(HeadlineError::Target)? < target.0 {
        return Err(HeadlineError::Unreachable);
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if value_at(mid).map_err(HeadlineError::Target)? >= target.0 {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    set_year(plan, Fen(hi), curve).map_err(HeadlineError::Target)?;
    plan.headline_target = Some(target);
    Ok(())
}

/// Re-spread the unlocked months along `curve` (e.g. last year's shape), keeping the year.
pub fn apply_curve(plan: &mut TargetPlan, curve: &[u64; MONTHS]) {
    ensure_months(plan);
    let locked = locked_sum(plan);
    let free: Vec<usize> = (0..MONTHS).filter(|&m| !plan.months[m].locked).collect();
    let weights: Vec<u64> = free.iter().map(|&m| curve[m]).collect();
    for (k, v) in spread(plan.target.0 - locked, &weights)
        .into_iter()
        .enumerate()
    {
        plan.months[free[k]].gmv = Fen(v);
    }
}

/// Set the months `group` to add up to `value` (a month: one index; a quarter: three), pin them,
/// and let the other unlocked months absorb the difference so the year holds.
fn set_group(
    plan: &mut TargetPlan,
    group: &[usize],
    value: Fen,
    curve: &[u64; MONTHS],
) -> Result<(), TargetError> {
    check_amount(value)?;
    ensure_months(plan);
    let in_group = |m: &usize| group.contains(m);
    // A month typed into is set whether or not it was pinned; in a quarter, its pinned months
    // stay and the others share the rest.
    let pinned_in = |m: usize| group.len() > 1 && plan.months[m].locked;
    let locked_in: i64 = group
        .iter()
        .filter(|&&m| pinned_in(m))
        .map(|&m| plan.months[m].gmv.0)
        .sum();
    let free_in: Vec<usize> = group.iter().copied().filter(|&m| !pinned_in(m)).collect();
    let locked_out: i64 = (0..MONTHS)
        .filter(|m| !in_group(m) && plan.months[*m].locked)
        .map(|m| plan.months[m].gmv.0)
        .sum();
    let free_out: Vec<usize> = (0..MONTHS)
        .filter(|m| !in_group(m) && !plan.months[*m].locked)
        .collect();
    let group_now: i64 = group.iter().map(|&m| plan.months[m].gmv.0).sum();
    if value.0 == group_now {
        for &m in group {
            plan.months[m].locked = true;
        }
        return Ok(());
    }
    if free_in.is_empty() && value.0 != locked_in {
        // a quarter whose months are all pinned: unpin one to change it
        return Err(TargetError::NothingToAbsorb);
    }
    if value.0 < locked_in {
        return Err(TargetError::LockedExceed {
            locked: Fen(locked_in),
        });
    }
    let rest = plan.target.0 - value.0 - locked_out;
    if rest < 0 {
        return Err(TargetError::LockedExceed {
            locked: Fen(locked_out),
        });
    }
    if free_out.is_empty() && rest != 0 {
        return Err(TargetError::NothingToAbsorb);
    }
    respread(plan, &free_in, value.0 - locked_in, curve);
    respread(plan, &free_out, rest, curve);
    for &m in group {
        plan.months[m].locked = true;
    }
    Ok(())
}

/// Set month `m` (0 = January) to `value` and pin it; the other unlocked months absorb the
/// difference in proportion to their values, so the year's target holds.
pub fn set_month(
    plan: &mut TargetPlan,
    m: usize,
    value: Fen,
    curve: &[u64; MONTHS],
) -> Result<(), TargetError> {
    if m >= MONTHS {
        return Err(TargetError::OutOfRange);
    }
    set_group(plan, &[m], value, curve)
}

/// Set quarter `q` (0 = Q1) to `value`: its unlocked months share it, they are pinned, and the
/// other quarters' unlocked months absorb the difference.
pub fn set_quarter(
    plan: &mut TargetPlan,
    q: usize,
    value: Fen,
    curve: &[u64; MONTHS],
) -> Result<(), TargetError> {
    if q >= 4 {
        return Err(TargetError::OutOfRange);
    }
    set_group(plan, &[q * 3, q * 3 + 1, q * 3 + 2], value, curve)
}

/// Pin or unpin a month.
pub fn set_locked(plan: &mut TargetPlan, m: usize, locked: bool) {
    ensure_months(plan);
    if let Some(x) = plan.months.get_mut(m) {
        x.locked = locked;
    }
}

/// A copy of `plan` under another id and name (a scenario): independent from then on.
/// The year's main plan: not a scenario (`base` is none), not deleted; the first by name (then
/// id) when there are several. The Dashboard's tile and the reports read this one.
pub fn main_plan(plans: &[TargetPlan], year: i32) -> Option<&TargetPlan> {
    plans
        .iter()
        .filter(|p| !p.meta.deleted && p.year == year && p.base.is_none())
        .min_by(|a, b| (&a.name, &a.meta.id).cmp(&(&b.name, &b.meta.id)))
}

pub fn scenario_of(plan: &TargetPlan, id: String, name: String, now_ms: i64) -> TargetPlan {
    let mut copy = TargetPlan::new(id, plan.year, name, now_ms);
    copy.target = plan.target;
    copy.months = plan.months.clone();
    copy.drivers = plan.drivers.clone();
    copy.fixed = plan.fixed.clone();
    copy.budget = plan.budget.clone();
    copy.notes = plan.notes.clone();
    copy.base = Some(plan.base.clone().unwrap_or_else(|| plan.meta.id.clone()));
    crate::model::Record::bump(&mut copy, now_ms);
    copy
}

/// Days in month `m` (0 = January) of `year`.
pub fn days_in_month(year: i32, m: usize) -> u32 {
    let start = day_from_ymd(year, m as u32 + 1, 1);
    let next = if m == 11 {
        day_from_ymd(year + 1, 1, 1)
    } else {
        day_from_ymd(year, m as u32 + 2, 1)
    };
    match (start, next) {
        (Some(a), Some(b)) => (b - a) as u32,
        _ => 30,
    }
}

/// Where the month shares came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CurveSource {
    /// Imported store metrics: the months' daily averages, latest year before the plan's.
    History { first: Day, last: Day },
    /// No full year of history: [`DEFAULT_CURVE`]. `missing` months had too few days.
    Default { missing: Vec<usize> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Curve {
    pub weights: [u64; MONTHS],
    pub source: CurveSource,
    /// 春节 moved: January and February were re-weighted from the history year's 春节 (first)
    /// to the plan year's (second); see [`cny_adjust`].
    pub cny: Option<(Day, Day)>,
}

/// Days either side of 春节 that sell as the holiday (couriers stop, buyers away).
pub const CNY_HALF_WINDOW: i32 = 7;

/// Move 春节 in January's and February's weights: in history year `hist` (both months imported
/// for at least [`MIN_HISTORY_DAYS`]), the days within [`CNY_HALF_WINDOW`] of its 春节 sold
/// `f` times an ordinary January–February day (their daily averages); the plan year's January
/// and February are then weighted as ordinary days × (days outside its own window + `f` × days
/// inside). None when that history is missing or sold nothing on ordinary days.
pub fn cny_adjust(year: i32, hist: i32, days: &[StoreDay]) -> Option<[u64; 2]> {
    use crate::core::metrics::period::day_of;
    use crate::core::promo::events::cny_date;
    let h = day_of(cny_date(hist)?);
    let p = day_of(cny_date(year)?);
    let jan1 = day_from_ymd(hist, 1, 1)?;
    let mar1 = day_from_ymd(hist, 3, 1)?;
    let (mut win, mut wn, mut ord, mut on) = (0i128, 0i128, 0i128, 0i128);
    let (mut jan_n, mut feb_n) = (0u32, 0u32);
    let feb1 = day_from_ymd(hist, 2, 1)?;
    for d in days.iter().filter(|d| jan1 <= d.day && d.day < mar1) {
        if d.day < feb1 {
            jan_n += 1;
        } else {
            feb_n += 1;
        }
        if (d.day - h).abs() <= CNY_HALF_WINDOW {
            win += i128::from(d.paid_amount.0);
            wn += 1;
        } else {
            ord += i128::from(d.paid_amount.0);
            on += 1;
        }
    }
    if jan_n < MIN_HISTORY_DAYS || feb_n < MIN_HISTORY_DAYS || wn == 0 || on == 0 || ord <= 0 {
        return None;
    }
    // per mille of an ordinary day's average, fen × 1000
    let ordinary = ord * 1000 / on;
    let holiday = win.max(0) * 1000 / wn;
    let weight = |m: u32| -> Option<u64> {
        let first = day_from_ymd(year, m, 1)?;
        let n = days_in_month(year, m as usize - 1) as Day;
        let inside = (first..first + n)
            .filter(|d| (d - p).abs() <= CNY_HALF_WINDOW)
            .count() as i128;
        let outside = i128::from(n) - inside;
        u64::try_from((ordinary * outside + holiday * inside) / 1000).ok()
    };
    Some([weight(1)?, weight(2)?])
}

/// Per calendar month of a year: 支付金额 and the number of days imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthSum {
    pub gmv: i64,
    pub days: u32,
    pub visitors: u64,
    pub buyers: u64,
    pub refunds: i64,
    pub spend: i64,
    /// The last day with data in the month.
    pub last_day: Option<Day>,
}

/// Sums of the imported store days by month of `year` (store days are sorted by day).
pub fn month_sums(days: &[StoreDay], year: i32) -> [MonthSum; MONTHS] {
    let mut out = [MonthSum::default(); MONTHS];
    let (Some(a), Some(b)) = (day_from_ymd(year, 1, 1), day_from_ymd(year + 1, 1, 1)) else {
        return out;
    };
    let from = days.partition_point(|d| d.day < a);
    for d in days[from..].iter().take_while(|d| d.day < b) {
        let Some(date) = date_of(d.day) else { continue };
        let s = &mut out[date.month0() as usize];
        s.gmv = s.gmv.saturating_add(d.paid_amount.0);
        s.days += 1;
        s.visitors = s.visitors.saturating_add(d.visitors);
        s.buyers = s.buyers.saturating_add(d.paying_buyers);
        s.refunds = s.refunds.saturating_add(d.refund_amount.0);
        s.spend = s.spend.saturating_add(
            d.spend_search
                .0
                .saturating_add(d.spend_display.0)
                .saturating_add(d.spend_affiliate.0)
                .saturating_add(d.spend_other.0),
        );
        s.last_day = Some(d.day);
    }
    out
}

/// The month shares for a plan of `year`: each month's daily average 支付金额 from the latest
/// earlier year with at least [`MIN_HISTORY_DAYS`] of that month imported (up to three years
/// back), times the month's days in the plan year. Any month without such history: the default
/// curve, and which months lacked it.
pub fn curve_for(year: i32, days: &[StoreDay]) -> Curve {
    let years: Vec<[MonthSum; MONTHS]> = (1..=3).map(|k| month_sums(days, year - k)).collect();
    let mut weights = [0u64; MONTHS];
    let mut missing = Vec::new();
    let mut first = Day::MAX;
    let mut last = Day::MIN;
    for m in 0..MONTHS {
        let found = years
            .iter()
            .find(|y| y[m].days >= MIN_HISTORY_DAYS && y[m].gmv > 0);
        match found {
            Some(y) => {
                // daily average in fen × days of the plan year's month
                let avg = y[m].gmv.max(0) as u128 * 1000 / u128::from(y[m].days);
                weights[m] = (avg * u128::from(days_in_month(year, m)) / 1000) as u64;
                if let Some(l) = y[m].last_day {
                    last = last.max(l);
                    first = first.min(l - y[m].days as Day + 1);
                }
            }
            None => missing.push(m),
        }
    }
    if missing.is_empty() {
        // 春节 moves: January and February from the latest year holding both
        let mut cny = None;
        if let Some(hist) = (1..=3).map(|k| year - k).find(|y| {
            let s = month_sums(days, *y);
            s[0].days >= MIN_HISTORY_DAYS && s[1].days >= MIN_HISTORY_DAYS
        }) {
            if let Some([jan, feb]) = cny_adjust(year, hist, days) {
                weights[0] = jan;
                weights[1] = feb;
                use crate::core::metrics::period::day_of;
                use crate::core::promo::events::cny_date;
                cny = cny_date(hist)
                    .zip(cny_date(year))
                    .map(|(a, b)| (day_of(a), day_of(b)));
            }
        }
        Curve {
            weights,
            source: CurveSource::History { first, last },
            cny,
        }
    } else {
        Curve {
            weights: DEFAULT_CURVE,
            source: CurveSource::Default { missing },
            cny: None,
        }
    }
}

/// What a month of the plan needs: the traffic and budget behind its 支付金额.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthNeeds {
    pub gmv: Fen,
    pub days: u32,
    /// 日均支付金额, rounded half up.
    pub daily: Fen,
    /// Paying buyers = 支付金额 ÷ 客单价 (rounded up: a part-buyer is still needed).
    pub buyers: u64,
    /// Visitors = 支付金额 ÷ (转化率 × 客单价), rounded up.
    pub visitors: u64,
    /// Paid visitors = visitors × 付费流量占比 (≈ paid clicks), rounded up.
    pub paid_visitors: u64,
    /// Ad budget = 支付金额 × 推广占比, rounded half up.
    pub ad_budget: Fen,
    /// The budget per paid visitor (the CPC the plan affords), fen, rounded half up.
    pub cpc: Option<Fen>,
    /// More than last year's best month.
    pub stretch: bool,
}

fn div_ceil_u128(a: u128, b: u128) -> u128 {
    if b == 0 {
        0
    } else {
        a.div_ceil(b)
    }
}

fn mul_bp_half_up(v: i64, bp: u32) -> i64 {
    let p = i128::from(v) * i128::from(bp);
    let r = if p >= 0 {
        (p + 5_000) / 10_000
    } else {
        (p - 5_000) / 10_000
    };
    r.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// The needs of month `m`; `best_last_year` is last year's best month 支付金额 (for the stretch
/// flag), if known.
pub fn month_needs(plan: &TargetPlan, m: usize, best_last_year: Option<i64>) -> MonthNeeds {
    let gmv = plan.months.get(m).map(|x| x.gmv).unwrap_or_default();
    let days = days_in_month(plan.year, m);
    let g = gmv.0.max(0) as u128;
    let aov = plan.aov(m).0.max(0) as u128;
    let conv = u128::from(plan.conversion_bp(m));
    let buyers = div_ceil_u128(g, aov) as u64;
    let visitors = div_ceil_u128(g * 10_000, aov * conv) as u64;
    let paid_visitors = div_ceil_u128(
        u128::from(visitors) * u128::from(plan.drivers.paid_share_bp),
        10_000,
    ) as u64;
    let ad_budget = Fen(mul_bp_half_up(gmv.0, plan.ad_ratio_bp(m)));
    let cpc = (paid_visitors > 0).then(|| {
        Fen(
            ((ad_budget.0.max(0) as u128 * 2 + u128::from(paid_visitors))
                / (2 * u128::from(paid_visitors))) as i64,
        )
    });
    let daily = Fen(((g * 2 + u128::from(days)) / (2 * u128::from(days.max(1)))) as i64);
    MonthNeeds {
        gmv,
        days,
        daily,
        buyers,
        visitors,
        paid_visitors,
        ad_budget,
        cpc,
        stretch: best_last_year.is_some_and(|b| b > 0 && gmv.0 > b),
    }
}

/// Quarter sums of the plan's months.
pub fn quarters(plan: &TargetPlan) -> [i64; 4] {
    let mut q = [0i64; 4];
    for (m, x) in plan.months.iter().enumerate().take(MONTHS) {
        q[m / 3] = q[m / 3].saturating_add(x.gmv.0);
    }
    q
}

/// Plan against actual at a day (`asof`, normally the last imported day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attainment {
    /// Target up to `asof` (whole months before it, the elapsed share of its month).
    pub target_to_date: i64,
    pub actual_to_date: i64,
    /// actual ÷ target to date, in basis points; none when the target to date is zero.
    pub rate_bp: Option<i64>,
    /// What is left of the target and the days left to make it.
    pub remaining: i64,
    pub days_left: u32,
    /// 支付金额 needed per remaining day (rounded up); none when no day is left.
    pub daily_needed: Option<i64>,
}

fn rate_bp(num: i64, den: i64) -> Option<i64> {
    (den > 0).then(|| ((i128::from(num) * 10_000 + i128::from(den) / 2) / i128::from(den)) as i64)
}

/// The elapsed share of month `m`'s target on day `asof` (its day-of-month ÷ days).
fn month_to_date(plan: &TargetPlan, m: usize, asof_day_of_month: u32) -> i64 {
    let days = days_in_month(plan.year, m);
    let g = plan.months.get(m).map(|x| x.gmv.0).unwrap_or(0);
    ((i128::from(g) * i128::from(asof_day_of_month.min(days))) / i128::from(days.max(1))) as i64
}

/// Month `m`'s attainment on `asof` (a day in that month; later days count the whole month).
pub fn month_attainment(
    plan: &TargetPlan,
    m: usize,
    actual: &[MonthSum; MONTHS],
    asof: Day,
) -> Attainment {
    let Some(date) = date_of(asof) else {
        return Attainment::default();
    };
    let days = days_in_month(plan.year, m);
    let dom = if date.year() > plan.year || (date.year() == plan.year && date.month0() as usize > m)
    {
        days
    } else if date.year() == plan.year && date.month0() as usize == m {
        date.day()
    } else {
        0
    };
    let target = plan.months.get(m).map(|x| x.gmv.0).unwrap_or(0);
    let to_date = month_to_date(plan, m, dom);
    let actual_to_date = actual[m].gmv;
    attainment(target, to_date, actual_to_date, days - dom.min(days))
}

fn attainment(target: i64, to_date: i64, actual: i64, days_left: u32) -> Attainment {
    let remaining = target - actual;
    Attainment {
        target_to_date: to_date,
        actual_to_date: actual,
        rate_bp: rate_bp(actual, to_date),
        remaining,
        days_left,
        daily_needed: (days_left > 0)
            .then(|| (remaining.max(0) + i64::from(days_left) - 1) / i64::from(days_left)),
    }
}

/// The year's attainment on `asof`.
pub fn year_attainment(plan: &TargetPlan, actual: &[MonthSum; MONTHS], asof: Day) -> Attainment {
    let Some(date) = date_of(asof) else {
        return Attainment::default();
    };
    let mut to_date = 0i64;
    let mut days_left = 0u32;
    for m in 0..MONTHS {
        let a = month_attainment(plan, m, actual, asof);
        to_date += a.target_to_date;
        days_left += a.days_left;
    }
    let actual_sum: i64 = if date.year() < plan.year {
        0
    } else {
        actual.iter().map(|s| s.gmv).sum()
    };
    attainment(plan.target.0, to_date, actual_sum, days_left)
}

/// Where the year will land: the actuals so far, and the rest at the pace they set against the
/// plan's own seasonal shape (actual to date ÷ target to date × the rest of the plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forecast {
    /// Fewer than [`MIN_FORECAST_DAYS`] imported days of the year, or no target to date.
    TooEarly { days: u32 },
    Year {
        total: i64,
        /// The same method applied to last year at the same point, if last year's actuals and
        /// a target shape are there: how far off it would have been, in basis points.
        backtest_error_bp: Option<i64>,
    },
}

/// The year-end forecast at `asof`; `last_year` are last year's month sums (for the band).
pub fn forecast(
    plan: &TargetPlan,
    actual: &[MonthSum; MONTHS],
    last_year: &[MonthSum; MONTHS],
    asof: Day,
) -> Forecast {
    let days: u32 = actual.iter().map(|s| s.days).sum();
    let a = year_attainment(plan, actual, asof);
    if days < MIN_FORECAST_DAYS || a.target_to_date <= 0 {
        return Forecast::TooEarly { days };
    }
    let rest = plan.target.0 - a.target_to_date;
    let total = a.actual_to_date
        + ((i128::from(rest) * i128::from(a.actual_to_date)) / i128::from(a.target_to_date)) as i64;
    // Back-test: last year, shaped by this plan's months, cut at the same day of the year.
    let backtest_error_bp = (last_year.iter().all(|s| s.days > 0)).then(|| {
        let ly_total: i64 = last_year.iter().map(|s| s.gmv).sum();
        let mut shaped = plan.clone();
        shaped.year -= 1;
        let weights: Vec<u64> = plan.months.iter().map(|x| x.gmv.0.max(0) as u64).collect();
        for (m, v) in spread(ly_total, &weights).into_iter().enumerate() {
            shaped.months[m].gmv = Fen(v);
        }
        shaped.target = Fen(ly_total);
        let ly_asof = crate::core::metrics::period::year_ago(asof);
        let mut ly_cut = *last_year;
        if let Some(d) = date_of(ly_asof) {
            // only the days up to the same point count as "actual so far"
            for (m, s) in ly_cut.iter_mut().enumerate() {
                if m > d.month0() as usize {
                    *s = MonthSum::default();
                } else if m == d.month0() as usize {
                    let share = i128::from(d.day()) * 1000 / i128::from(days_in_month(d.year(), m));
                    s.gmv = (i128::from(s.gmv) * share / 1000) as i64;
                }
            }
        }
        let b = year_attainment(&shaped, &ly_cut, ly_asof);
        if b.target_to_date <= 0 || ly_total <= 0 {
            return None;
        }
        let f = b.actual_to_date
            + ((i128::from(ly_total - b.target_to_date) * i128::from(b.actual_to_date))
                / i128::from(b.target_to_date)) as i64;
        rate_bp((f - ly_total).abs(), ly_total)
    });
    Forecast::Year {
        total,
        backtest_error_bp: backtest_error_bp.flatten(),
    }
}

/// The profit plan of one month (or a year, summed), in fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pnl {
    /// 促销让利: what the planned promotions give off the list price on their expected sales
    /// (already out of 支付金额; sales at list price = `gmv + promo`). Its cost shows in `cogs`,
    /// which is taken on the goods' list value.
    pub promo: i64,
    pub gmv: i64,
    pub refunds: i64,
    pub net_sales: i64,
    pub cogs: i64,
    pub fees: i64,
    pub affiliate: i64,
    pub ads: i64,
    pub shipping: i64,
    /// Net sales less every cost that moves with sales.
    pub contribution: i64,
    pub fixed: i64,
    pub profit: i64,
}

impl Pnl {
    pub fn add(&mut self, o: &Pnl) {
        self.promo += o.promo;
        self.gmv += o.gmv;
        self.refunds += o.refunds;
        self.net_sales += o.net_sales;
        self.cogs += o.cogs;
        self.fees += o.fees;
        self.affiliate += o.affiliate;
        self.ads += o.ads;
        self.shipping += o.shipping;
        self.contribution += o.contribution;
        self.fixed += o.fixed;
        self.profit += o.profit;
    }

    /// Operating profit ÷ 支付金额, basis points.
    pub fn margin_bp(&self) -> Option<i64> {
        (self.gmv > 0).then(|| {
            ((i128::from(self.profit) * 10_000
                + i128::from(self.gmv) / 2 * self.profit.signum() as i128)
                / i128::from(self.gmv)) as i64
        })
    }

    /// The 支付金额 at which operating profit is zero (every variable cost moves with sales);
    /// none when each sale loses money before fixed costs.
    pub fn break_even(&self) -> Option<i64> {
        if self.contribution <= 0 || self.gmv <= 0 {
            return None;
        }
        Some(
            ((i128::from(self.fixed) * i128::from(self.gmv) + i128::from(self.contribution) - 1)
                / i128::from(self.contribution)) as i64,
        )
    }
}

/// Rates the profit plan uses that come from outside the plan: the store's fee rate and the
/// catalog's margin, used when the plan has none of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PnlInputs {
    pub store_fee_bp: u32,
    /// 毛利率 from the catalog (Σ(list − cost) ÷ Σ list over products with a cost); none if none.
    pub catalog_margin_bp: Option<u32>,
    /// 促销让利 per month of the plan's year, January first: the planned promotions' expected
    /// discount off list price (`promo_discount_by_month`).
    pub promo_discount: [i64; MONTHS],
}

impl PnlInputs {
    /// Inputs without planned promotions.
    pub fn new(store_fee_bp: u32, catalog_margin_bp: Option<u32>) -> PnlInputs {
        PnlInputs {
            store_fee_bp,
            catalog_margin_bp,
            promo_discount: [0; MONTHS],
        }
    }
}

/// A planned promotion's expected discount: its 支付金额 target over its main days, and the
/// list and paid prices of one unit of each of its SKUs under it alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoDiscount {
    pub first: Day,
    pub last: Day,
    /// 目标 GMV (paid), fen.
    pub target: i64,
    /// Σ list price of one unit of each SKU.
    pub list: i64,
    /// Σ what one unit of each SKU pays under the promotion alone.
    pub paid: i64,
}

impl PromoDiscount {
    /// The discount off list price on the target's sales: target × (list − paid) ÷ paid, half
    /// up (the SKUs sell in equal units). Zero without a target, without SKUs, or when the
    /// promotion gives nothing off; none when a SKU pays nothing (the depth is unbounded).
    pub fn amount(&self) -> Option<i64> {
        if self.target <= 0 || self.list <= self.paid {
            return Some(0);
        }
        if self.paid <= 0 {
            return None;
        }
        let num = i128::from(self.target) * i128::from(self.list - self.paid);
        let d = i128::from(self.paid);
        Some(((num + d / 2) / d).clamp(0, i128::from(MAX_FEN)) as i64)
    }
}

/// Each promotion with a 目标 GMV as a [`PromoDiscount`]: its main days and, over the SKU checks
/// of it alone (`core::promo::check::check_all`), the list price and the single unit's paid
/// price of each SKU.
pub fn promo_discounts(
    promos: &[crate::model::Promotion],
    checks: &[crate::core::promo::check::SkuCheck],
) -> Vec<PromoDiscount> {
    use crate::core::metrics::period::day_of;
    promos
        .iter()
        .filter(|p| !p.meta.deleted && p.target_gmv.0 > 0)
        .map(|p| {
            let (mut list, mut paid) = (0i64, 0i64);
            for c in checks
                .iter()
                .filter(|c| c.promo_ids.len() == 1 && c.promo_ids.first() == Some(&p.meta.id))
            {
                list = list.saturating_add(c.list_price.0);
                paid = paid.saturating_add(c.single.paid_unit.0);
            }
            PromoDiscount {
                first: day_of(p.phases.main.start),
                last: day_of(p.phases.main.end),
                target: p.target_gmv.0,
                list,
                paid,
            }
        })
        .collect()
}

/// The promotions' expected discounts of `year`, by month: each spread evenly over its main days
/// (largest remainders, so a promotion's months add up to its amount), the days outside the year
/// left out. Promotions whose amount is unbounded are skipped (see `PromoDiscount::amount`).
pub fn promo_discount_by_month(year: i32, promos: &[PromoDiscount]) -> [i64; MONTHS] {
    let mut out = [0i64; MONTHS];
    for p in promos {
        let Some(amount) = p.amount() else { continue };
        if amount <= 0 || p.last < p.first || p.last - p.first > 366 {
            continue;
        }
        let days: Vec<Day> = (p.first..=p.last).collect();
        for (d, v) in days.iter().zip(spread(amount, &vec![1; days.len()])) {
            let Some(date) = date_of(*d) else { continue };
            if date.year() == year {
                let m = date.month0() as usize;
                if let Some(slot) = out.get_mut(m) {
                    *slot = slot.saturating_add(v);
                }
            }
        }
    }
    out
}

/// Without a plan margin and without costs in the catalog.
pub const FALLBACK_MARGIN_BP: u32 = 5_000;

/// The catalog's gross margin at list price: Σ(list − cost) ÷ Σ list over live products that
/// have both.
pub fn catalog_margin_bp<'a>(
    products: impl Iterator<Item = &'a crate::model::Product>,
) -> Option<u32> {
    let (mut list, mut margin) = (0i128, 0i128);
    for p in products {
        if p.cost.0 > 0 && p.list_price.0 > 0 && !p.meta.deleted {
            list += i128::from(p.list_price.0);
            margin += i128::from(p.list_price.0 - p.cost.0);
        }
    }
    (list > 0).then(|| (margin * 10_000 / list).clamp(0, 10_000) as u32)
}

/// The gross margin the plan uses and whether it is the plan's own.
pub fn margin_in_use(plan: &TargetPlan, inputs: &PnlInputs) -> u32 {
    plan.drivers
        .gross_margin_bp
        .or(inputs.catalog_margin_bp)
        .unwrap_or(FALLBACK_MARGIN_BP)
}

/// The profit plan of month `m`.
pub fn month_pnl(plan: &TargetPlan, m: usize, inputs: &PnlInputs) -> Pnl {
    let n = month_needs(plan, m, None);
    let gmv = n.gmv.0;
    let d = &plan.drivers;
    let refunds = mul_bp_half_up(gmv, d.refund_bp);
    let net_sales = gmv - refunds;
    let margin = margin_in_use(plan, inputs);
    // the goods sold are worth net sales plus the discount given on the ones kept: the margin
    // is a list-price margin
    let promo = inputs.promo_discount.get(m).copied().unwrap_or(0).max(0);
    let at_list = net_sales.saturating_add(promo - mul_bp_half_up(promo, d.refund_bp));
    let cogs = at_list - mul_bp_half_up(at_list, margin);
    let fees = mul_bp_half_up(net_sales, d.fee_bp.unwrap_or(inputs.store_fee_bp));
    let affiliate = mul_bp_half_up(gmv, d.affiliate_bp);
    let ads = n.ad_budget.0;
    // orders ≈ paying buyers (one order each)
    let shipping = (i128::from(d.shipping_per_order.0) * i128::from(n.buyers))
        .clamp(0, i128::from(i64::MAX)) as i64;
    let contribution = net_sales - cogs - fees - affiliate - ads - shipping;
    let fixed = plan.fixed_monthly();
    Pnl {
        promo,
        gmv,
        refunds,
        net_sales,
        cogs,
        fees,
        affiliate,
        ads,
        shipping,
        contribution,
        fixed,
        profit: contribution - fixed,
    }
}

/// The year's profit plan: the twelve months summed.
pub fn year_pnl(plan: &TargetPlan, inputs: &PnlInputs) -> Pnl {
    let mut total = Pnl::default();
    for m in 0..MONTHS {
        total.add(&month_pnl(plan, m, inputs));
    }
    total
}

/// A driver the sensitivity chart moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Driver {
    Gmv,
    GrossMargin,
    RefundRate,
    AdRatio,
    Aov,
    FeeRate,
    FixedCosts,
}

impl Driver {
    pub const ALL: [Driver; 7] = [
        Driver::Gmv,
        Driver::GrossMargin,
        Driver::RefundRate,
        Driver::AdRatio,
        Driver::Aov,
        Driver::FeeRate,
        Driver::FixedCosts,
    ];
}

/// The year's profit with one driver moved by `pct` percent (e.g. +10 or −10).
fn profit_with(plan: &TargetPlan, inputs: &PnlInputs, driver: Driver, pct: i64) -> i64 {
    let scale = |v: i64| -> i64 { (i128::from(v) * i128::from(100 + pct) / 100) as i64 };
    let scale_u = |v: u32| -> u32 { (i64::from(v) * (100 + pct) / 100).clamp(0, 10_000) as u32 };
    let mut p = plan.clone();
    match driver {
        Driver::Gmv => {
            for m in p.months.iter_mut() {
                m.gmv = Fen(scale(m.gmv.0));
            }
        }
        Driver::GrossMargin => {
            p.drivers.gross_margin_bp = Some(scale_u(margin_in_use(plan, inputs)))
        }
        Driver::RefundRate => p.drivers.refund_bp = scale_u(p.drivers.refund_bp),
        Driver::AdRatio => {
            p.drivers.ad_ratio_bp =
                (i64::from(p.drivers.ad_ratio_bp) * (100 + pct) / 100).max(0) as u32;
            for m in p.months.iter_mut() {
                if let Some(r) = m.ad_ratio_bp.as_mut() {
                    *r = (i64::from(*r) * (100 + pct) / 100).max(0) as u32;
                }
            }
        }
        Driver::Aov => {
            p.drivers.aov = Fen(scale(p.drivers.aov.0).max(1));
            for m in p.months.iter_mut() {
                if let Some(a) = m.aov.as_mut() {
                    *a = Fen(scale(a.0).max(1));
                }
            }
        }
        Driver::FeeRate => {
            p.drivers.fee_bp = Some(scale_u(plan.drivers.fee_bp.unwrap_or(inputs.store_fee_bp)))
        }
        Driver::FixedCosts => {
            for l in p.fixed.iter_mut() {
                l.monthly = Fen(scale(l.monthly.0));
            }
        }
    }
    year_pnl(&p, inputs).profit
}

/// One bar of the tornado chart: the year's profit change with the driver at −10% and +10%.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sensitivity {
    pub driver: Driver,
    pub down: i64,
    pub up: i64,
}

/// Every driver's effect on the year's operating profit for ±`pct`%, largest swing first.
pub fn sensitivity(plan: &TargetPlan, inputs: &PnlInputs, pct: i64) -> Vec<Sensitivity> {
    let base = year_pnl(plan, inputs).profit;
    let mut v: Vec<Sensitivity> = Driver::ALL
        .iter()
        .map(|&d| Sensitivity {
            driver: d,
            down: profit_with(plan, inputs, d, -pct) - base,
            up: profit_with(plan, inputs, d, pct) - base,
        })
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse((s.up - s.down).abs()));
    v
}

/// The text of a CSV cell a spreadsheet would read as a formula (= + - @ at the start) made inert
/// with a leading apostrophe; quotes doubled, the cell quoted when it needs it.
pub fn csv_text(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One row of the Targets page's month table: the plan, what it needs, and the actuals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthRow {
    pub month: usize,
    pub locked: bool,
    pub needs: MonthNeeds,
    /// The month's share of the year, basis points.
    pub share_bp: Option<i64>,
    /// 支付金额 imported for the month so far (none: no day of it imported).
    pub actual: Option<i64>,
    /// Against the month's target to the data's last day.
    pub attainment: Option<Attainment>,
    /// The same month last year, if imported.
    pub last_year: Option<i64>,
    /// actual ÷ last year − 1, basis points (months with data in both years only).
    pub yoy_bp: Option<i64>,
    /// Ad spend imported for the month (all channels), against `needs.ad_budget`.
    pub spent: Option<i64>,
    /// The gap to the target to date split into visitors, conversion and order value.
    pub gap: Option<crate::core::metrics::decompose::Decomposition>,
}

/// The gap between month `m`'s actuals and its plan to date, split into visitors, conversion
/// and order value (the split the Dashboard uses: LMDI, Shapley when a factor is zero). The
/// plan to date is the target to date with the plan's own conversion and 客单价, so its
/// visitors and buyers are the ones the month needs, pro rata. None without actuals.
pub fn month_gap(
    plan: &TargetPlan,
    m: usize,
    actual: &[MonthSum; MONTHS],
    asof: Day,
) -> Option<crate::core::metrics::decompose::Decomposition> {
    use crate::core::metrics::decompose::{decompose, Factors};
    let a = actual.get(m).filter(|s| s.days > 0)?;
    let to_date = month_attainment(plan, m, actual, asof).target_to_date;
    if to_date <= 0 {
        return None;
    }
    let aov = plan.aov(m).0.max(1) as u128;
    let conv = u128::from(plan.conversion_bp(m).max(1));
    let g = to_date as u128;
    let planned = Factors {
        gmv: Fen(to_date),
        buyers: ((g * 2 + aov) / (2 * aov)) as u64,
        visitors: ((g * 10_000 * 2 + aov * conv) / (2 * aov * conv)) as u64,
    };
    let got = Factors {
        gmv: Fen(a.gmv),
        visitors: a.visitors,
        buyers: a.buyers,
    };
    Some(decompose(planned, got))
}

/// The month table of `plan`: `actual` and `last_year` are the month sums of the plan's year and
/// the one before, `asof` the last imported day (none: nothing imported).
pub fn month_table(
    plan: &TargetPlan,
    actual: &[MonthSum; MONTHS],
    last_year: &[MonthSum; MONTHS],
    asof: Option<Day>,
) -> Vec<MonthRow> {
    let best = last_year.iter().filter(|s| s.days > 0).map(|s| s.gmv).max();
    (0..MONTHS)
        .map(|m| {
            let needs = month_needs(plan, m, best);
            let has = actual[m].days > 0;
            let ly = (last_year[m].days > 0).then_some(last_year[m].gmv);
            MonthRow {
                month: m,
                locked: plan.months.get(m).is_some_and(|x| x.locked),
                needs,
                share_bp: rate_bp(needs.gmv.0, plan.target.0),
                actual: has.then_some(actual[m].gmv),
                attainment: asof
                    .filter(|_| has)
                    .map(|d| month_attainment(plan, m, actual, d)),
                last_year: ly,
                yoy_bp: match (has, ly) {
                    (true, Some(l)) if l > 0 => rate_bp(actual[m].gmv - l, l),
                    _ => None,
                },
                spent: has.then_some(actual[m].spend),
                gap: asof.and_then(|d| month_gap(plan, m, actual, d)),
            }
        })
        .collect()
}

/// The month table as CSV (UTF-8 with a BOM so Excel reads the Chinese): `headers` are the
/// column titles and `months` the month names in the user's language; text cells neutralised.
pub fn month_csv(
    plan: &TargetPlan,
    rows: &[MonthRow],
    headers: &[String],
    months: &[String],
    total: &str,
) -> String {
    crate::core::metrics::export::to_csv(&month_rows(plan, rows, headers, months, total))
}

/// The month table's rows, typed (what the CSV and XLSX exports write): the plan's name, the
/// header, a row per month and the year's total.
pub fn month_rows(
    plan: &TargetPlan,
    rows: &[MonthRow],
    headers: &[String],
    months: &[String],
    total: &str,
) -> Vec<Vec<CsvCell>> {
    let money = |v: i64| CsvCell::Money(Fen(v));
    let opt_money = |v: Option<i64>| v.map_or(CsvCell::Empty, money);
    let bp = |v: Option<i64>| v.map_or(CsvCell::Empty, CsvCell::Bp);
    let mut out = vec![
        vec![CsvCell::Text(plan.name.clone())],
        headers.iter().cloned().map(CsvCell::Text).collect(),
    ];
    let mut sums = [0u64; 3];
    let mut budget = 0i64;
    let mut actual_sum: Option<i64> = None;
    let mut spent_sum: Option<i64> = None;
    for r in rows {
        let n = &r.needs;
        sums[0] += n.visitors;
        sums[1] += n.buyers;
        sums[2] += n.paid_visitors;
        budget += n.ad_budget.0;
        if let Some(a) = r.actual {
            actual_sum = Some(actual_sum.unwrap_or(0) + a);
        }
        if let Some(a) = r.spent {
            spent_sum = Some(spent_sum.unwrap_or(0) + a);
        }
        out.push(vec![
            CsvCell::Text(months.get(r.month).cloned().unwrap_or_default()),
            money(n.gmv.0),
            if r.locked {
                CsvCell::Count(1)
            } else {
                CsvCell::Empty
            },
            bp(r.share_bp),
            money(n.daily.0),
            CsvCell::Count(n.visitors),
            CsvCell::Count(n.buyers),
            CsvCell::Count(n.paid_visitors),
            money(n.ad_budget.0),
            opt_money(r.spent),
            opt_money(r.actual),
            bp(r.attainment.and_then(|a| a.rate_bp)),
            opt_money(r.last_year),
            bp(r.yoy_bp),
        ]);
    }
    out.push(vec![
        CsvCell::Text(total.to_string()),
        money(plan.target.0),
        CsvCell::Empty,
        bp(rate_bp(plan.target.0, plan.target.0)),
        CsvCell::Empty,
        CsvCell::Count(sums[0]),
        CsvCell::Count(sums[1]),
        CsvCell::Count(sums[2]),
        money(budget),
        opt_money(spent_sum),
        opt_money(actual_sum),
        CsvCell::Empty,
        CsvCell::Empty,
        CsvCell::Empty,
    ]);
    out
}

/// Weekday weights (Monday first) from the imported store days up to `upto`: each weekday's
/// average 支付金额 over the last `lookback` days, per mille of the overall daily average. None
/// when some weekday has fewer than two days with data (then every day weighs the same).
pub fn weekday_profile(days: &[StoreDay], upto: Day, lookback: u32) -> Option<[u64; 7]> {
    use crate::core::metrics::period::weekday;
    let from = upto.saturating_sub(i32::try_from(lookback).unwrap_or(i32::MAX)) + 1;
    let lo = days.partition_point(|d| d.day < from);
    let hi = days.partition_point(|d| d.day <= upto);
    let mut sum = [0i128; 7];
    let mut n = [0i128; 7];
    for d in &days[lo..hi.max(lo)] {
        let w = weekday(d.day) as usize;
        sum[w] += i128::from(d.paid_amount.0.max(0));
        n[w] += 1;
    }
    if n.iter().any(|c| *c < 2) {
        return None;
    }
    let avg: Vec<i128> = (0..7).map(|w| sum[w] / n[w]).collect();
    let mean = avg.iter().sum::<i128>() / 7;
    if mean <= 0 {
        return None;
    }
    let mut out = [0u64; 7];
    for w in 0..7 {
        out[w] = (avg[w] * 1000 / mean).clamp(1, 100_000) as u64;
    }
    Some(out)
}

/// A promotion's own 支付金额 target over its main wave (first and last day inclusive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoTarget {
    pub name: String,
    pub first: Day,
    pub last: Day,
    pub target: i64,
}

/// A platform event's main days this year and how much such a day sells against an ordinary
/// one (per mille: 1000 = the same, 2500 = two and a half times).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventWeight {
    pub name: String,
    pub first: Day,
    pub last: Day,
    pub uplift_permille: u64,
}

/// Days of baseline before an event for [`event_uplift`].
pub const UPLIFT_BASELINE_DAYS: i32 = 28;

/// How much the imported days `first..=last` sold a day (支付金额, their mean) against an
/// ordinary day before `before` (the event's first phase): the median day of the
/// `UPLIFT_BASELINE_DAYS` days before it, so that an earlier event inside the window (双11
/// before 双12) does not lift the baseline. Per mille, rounded half up; None when either side
/// has no imported day or the baseline day sold nothing.
pub fn event_uplift(days: &[StoreDay], first: Day, last: Day, before: Day) -> Option<u64> {
    let (mut es, mut en) = (0i128, 0i128);
    for d in days.iter().filter(|d| first <= d.day && d.day <= last) {
        es += i128::from(d.paid_amount.0);
        en += 1;
    }
    let mut base: Vec<i64> = days
        .iter()
        .filter(|d| before - UPLIFT_BASELINE_DAYS <= d.day && d.day < before)
        .map(|d| d.paid_amount.0)
        .collect();
    if en == 0 || base.is_empty() || es < 0 {
        return None;
    }
    base.sort_unstable();
    let n = base.len();
    // the median day, in halves of a fen: the middle one, or the sum of the two middle ones
    let twice = if n % 2 == 1 {
        i128::from(base[n / 2]) * 2
    } else {
        i128::from(base[n / 2 - 1]) + i128::from(base[n / 2])
    };
    if twice <= 0 {
        return None;
    }
    // (es / en) / (twice / 2) × 1000
    let num = es * 2_000;
    let den = twice * en;
    u64::try_from((num + den / 2) / den).ok()
}

/// One day of a month's split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayTarget {
    pub day: Day,
    pub target: i64,
    /// The promotions whose targets land on this day.
    pub promos: Vec<String>,
}

/// Split month `m` of `plan` into days so that they add up to the month's target exactly. The
/// planned promotions' own targets (their SKUs' sales) land first on their main-wave days (their
/// share of the wave that falls in the month, spread by the weekday profile); the rest of the
/// month's target — the rest of the store — goes to every day, promotion days included, by the
/// weekday profile (evenly without one) times the uplift of a platform event whose main wave
/// the day is in (how much last year's same event sold a day against the days before it,
/// `event_uplift`); such days are named with the event. When the promotions' targets exceed the
/// month's, they are scaled down to it and the other days get nothing.
pub fn day_split(
    plan: &TargetPlan,
    m: usize,
    profile: Option<&[u64; 7]>,
    promos: &[PromoTarget],
    events: &[EventWeight],
) -> Vec<DayTarget> {
    use crate::core::metrics::period::weekday;
    let Some(first) = day_from_ymd(plan.year, m as u32 + 1, 1) else {
        return Vec::new();
    };
    let n = days_in_month(plan.year, m) as i32;
    let total = plan.months.get(m).map(|x| x.gmv.0).unwrap_or(0).max(0);
    let days: Vec<Day> = (0..n).map(|i| first + i).collect();
    let w = |d: Day| profile.map_or(1000, |p| p[weekday(d) as usize]);
    // a day's share of what the promotions leave: its weekday weight × the uplift of the
    // event whose main wave it is in
    let day_w = |d: Day| {
        let up = events
            .iter()
            .filter(|e| e.first <= d && d <= e.last)
            .map(|e| e.uplift_permille.clamp(1, 100_000))
            .max()
            .unwrap_or(1000);
        (u128::from(w(d)) * u128::from(up) / 1000).max(1) as u64
    };
    // each promotion's amount inside the month, spread over its wave days in the month
    let mut pinned = vec![0i64; days.len()];
    let mut names: Vec<Vec<String>> = vec![Vec::new(); days.len()];
    for p in promos.iter().filter(|p| p.target > 0 && p.last >= p.first) {
        let wave: Vec<Day> = (p.first..=p.last).collect();
        let weights: Vec<u64> = wave.iter().map(|d| w(*d)).collect();
        for (d, v) in wave.iter().zip(spread(p.target, &weights)) {
            if let Some(i) = days.iter().position(|x| x == d) {
                pinned[i] = pinned[i].saturating_add(v);
                names[i].push(p.name.clone());
            }
        }
    }
    for (i, d) in days.iter().enumerate() {
        for e in events.iter().filter(|e| e.first <= *d && *d <= e.last) {
            names[i].push(e.name.clone());
        }
    }
    let pinned_sum: i64 = pinned.iter().sum();
    let targets: Vec<i64> = if pinned_sum >= total && pinned_sum > 0 {
        spread(total, &pinned.iter().map(|v| *v as u64).collect::<Vec<_>>())
    } else {
        // the rest of the store sells on every day, promotion days included
        let weights: Vec<u64> = days.iter().map(|d| day_w(*d)).collect();
        pinned
            .iter()
            .zip(spread(total - pinned_sum, &weights))
            .map(|(a, b)| a + b)
            .collect()
    };
    days.into_iter()
        .zip(targets)
        .zip(names)
        .map(|((day, target), promos)| DayTarget {
            day,
            target,
            promos,
        })
        .collect()
}

/// A week of a month's split: Monday to Sunday, cut at the month's edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekTarget {
    pub first: Day,
    pub last: Day,
    /// ISO week number of its Monday's week.
    pub iso_week: u32,
    pub target: i64,
    /// Days of it with imported 支付金额, and their sum.
    pub actual: Option<i64>,
}

/// The weeks of a month's day split (`day_split`), each with the sum of its days, so that the
/// weeks add up to the month exactly; `actual` gives a day's imported 支付金额.
pub fn week_split(days: &[DayTarget], actual: impl Fn(Day) -> Option<i64>) -> Vec<WeekTarget> {
    use crate::core::metrics::period::weekday;
    let mut out: Vec<WeekTarget> = Vec::new();
    for d in days {
        let a = actual(d.day);
        match out.last_mut() {
            Some(w) if weekday(d.day) != 0 && d.day == w.last + 1 => {
                w.last = d.day;
                w.target = w.target.saturating_add(d.target);
                if let Some(v) = a {
                    w.actual = Some(w.actual.unwrap_or(0).saturating_add(v));
                }
            }
            _ => out.push(WeekTarget {
                first: d.day,
                last: d.day,
                iso_week: date_of(d.day).map_or(0, |x| x.iso_week().week()),
                target: d.target,
                actual: a,
            }),
        }
    }
    out
}

// ----- budget lines -----

/// The days of month `m` (0 = January) of `year` as a period; None for a month out of range.
pub fn month_period(year: i32, m: usize) -> Option<crate::core::metrics::period::Period> {
    let first = day_from_ymd(year, u32::try_from(m).ok()? + 1, 1)?;
    let days = i32::try_from(days_in_month(year, m)).ok()?;
    Some(crate::core::metrics::period::Period::new(
        first,
        first + days - 1,
    ))
}

/// What the imported metrics say was spent in month `m` on an ad line's channel: the ad report
/// rows of that channel (plan reports, else product reports), else the 店铺整体 spend column of
/// the channel (直通车, 引力魔方, 淘宝客, other). None for a line that is not an ad channel or a
/// month without either.
pub fn budget_spent(
    store: &crate::core::metrics::MetricsStore,
    kind: crate::model::BudgetKind,
    year: i32,
    m: usize,
) -> Option<Fen> {
    use crate::core::metrics::ads;
    use crate::model::BudgetKind;
    let channel = kind.ad_channel()?;
    let p = month_period(year, m)?;
    if let Some(src) = ads::source_in(store.ads(), p) {
        let t = ads::by_channel(store.ads(), p, src)
            .into_iter()
            .find(|c| c.channel == channel)
            .map(|c| c.totals.spend)
            .unwrap_or_default();
        return Some(t);
    }
    let days: Vec<&StoreDay> = store
        .store_days()
        .iter()
        .filter(|d| p.contains(d.day))
        .collect();
    if days.is_empty() {
        return None;
    }
    let col = |d: &StoreDay| match kind {
        BudgetKind::Search => d.spend_search,
        BudgetKind::Display => d.spend_display,
        BudgetKind::Affiliate => d.spend_affiliate,
        _ => d.spend_other,
    };
    if kind == BudgetKind::Site {
        // 店铺整体 has no 全站推广 column
        return None;
    }
    Some(days.into_iter().map(col).fold(Fen::ZERO, |a, b| a + b))
}

/// Put `amounts` (per ad channel, whole fen) into month `m`'s ad budget lines: each channel's
/// line (the first of its kind; a new one when there is none) gets the amount for that month.
/// Other months and other lines are left as they are.
pub fn set_ad_budget(
    plan: &mut TargetPlan,
    m: usize,
    amounts: &[(crate::model::metrics::AdChannel, Fen)],
) {
    use crate::model::{BudgetKind, BudgetLine};
    if m >= MONTHS {
        return;
    }
    for &(c, amount) in amounts {
        let kind = BudgetKind::of_channel(c);
        let i = match plan.budget.iter().position(|l| l.kind == kind) {
            Some(i) => i,
            None => {
                plan.budget.push(BudgetLine::new(kind, String::new()));
                plan.budget.len() - 1
            }
        };
        if let Some(slot) = plan.budget[i].planned.get_mut(m) {
            *slot = Fen(amount.0.clamp(0, MAX_FEN));
        }
    }
}

/// The ad lines planned for month `m` (lines whose kind is an ad channel), for comparing with
/// the month's 推广占比 budget (`month_needs(..).ad_budget`).
pub fn ad_lines_planned(plan: &TargetPlan, m: usize) -> Fen {
    plan.budget
        .iter()
        .filter(|l| l.kind.ad_channel().is_some())
        .filter_map(|l| l.planned.get(m))
        .fold(Fen::ZERO, |a, &b| a + b)
}
