//! The best mix of paid tools (投放组合): what one more yuan buys per channel, and a budget split
//! that equalises those marginal returns.
//!
//! **Curves.** Each channel's (or plan's) daily attributed GMV (总成交金额) against its daily spend
//! is fitted with a saturating curve `gmv = a · ln(1 + spend / k)`: every extra yuan returns a
//! little less (`gmv' = a / (k + spend)`). Least squares: for a fixed `k` the best `a` is closed
//! form, so the fit is a one-dimensional search over `ln k` (a grid, then golden section). The
//! band is the delta-method 95% band of the fitted curve (both parameters' covariance).
//! Thin data is refused with its reason instead of trusted: too few days, spend that hardly
//! varies, or a poor fit.
//!
//! **Allocation.** For a daily budget the spends that maximise the goal (GMV, or profit after
//! the product margin) under per-channel limits are where every unconstrained channel's marginal
//! return is the same; `allocate` finds that level by bisection. A channel without a usable curve
//! keeps its current spend. No channel is pushed beyond [`TRUST_BEYOND_MAX`] times the highest
//! daily spend it has on record: the curve says nothing about spends never tried.
//!
//! Money is in yuan (`f64`) here; the page rounds to the fen for display.

use crate::core::metrics::ads::{channel_of, AdSource};
use crate::core::metrics::period::Period;
use crate::model::metrics::{AdChannel, AdDay};
use std::collections::BTreeMap;

/// The curve is trusted up to this multiple of the highest daily spend in its data.
pub const TRUST_BEYOND_MAX: f64 = 1.5;

/// One day of one channel: spend and attributed GMV, in yuan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub spend: f64,
    pub gmv: f64,
}

/// What a series is: a channel, or one plan of a channel.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SeriesKey {
    Channel(AdChannel),
    /// (channel, plan id, plan name)
    Plan(AdChannel, String, String),
}

impl SeriesKey {
    pub fn channel(&self) -> AdChannel {
        match self {
            SeriesKey::Channel(c) | SeriesKey::Plan(c, _, _) => *c,
        }
    }
}

/// Daily points of a channel or a plan, in day order.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub key: SeriesKey,
    pub points: Vec<Point>,
}

/// The daily series of every channel, then of every plan, of one report source in a period
/// (rows of one day added up). A channel or plan appears when it has a row in the period.
pub fn daily_series(ads: &[AdDay], period: Period, source: AdSource) -> Vec<Series> {
    let mut map: BTreeMap<SeriesKey, BTreeMap<i32, Point>> = BTreeMap::new();
    for a in ads {
        if !period.contains(a.day) || a.item_id.is_empty() != (source == AdSource::PlanReport) {
            continue;
        }
        let c = channel_of(a);
        let spend = a.spend.0 as f64 / 100.0;
        let gmv = a.total_amount.0 as f64 / 100.0;
        let day = a.day;
        let plan = SeriesKey::Plan(c, a.plan_id.clone(), a.plan_name.clone());
        for key in [SeriesKey::Channel(c), plan] {
            let p = map.entry(key).or_default().entry(day).or_insert(Point {
                spend: 0.0,
                gmv: 0.0,
            });
            p.spend += spend;
            p.gmv += gmv;
        }
    }
    map.into_iter()
        .map(|(key, days)| Series {
            key,
            points: days.into_values().collect(),
        })
        .collect()
}

/// `gmv = a · ln(1 + spend / k)`, per day, in yuan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    pub a: f64,
    pub k: f64,
}

impl Curve {
    pub fn gmv(&self, spend: f64) -> f64 {
        self.a * (spend.max(0.0) / self.k).ln_1p()
    }

    /// GMV of the next yuan at `spend` (the marginal ROI).
    pub fn marginal(&self, spend: f64) -> f64 {
        self.a / (self.k + spend.max(0.0))
    }

    /// The spend where the marginal ROI falls to `roi` (0 when it is below it from the start).
    pub fn spend_at_marginal(&self, roi: f64) -> f64 {
        if roi <= 0.0 {
            return f64::INFINITY;
        }
        (self.a / roi - self.k).max(0.0)
    }

    /// The spend where the average ROI (gmv ÷ spend) falls to `roi`; the average ROI falls from
    /// `a / k` at zero spend. 0 when even the first yuan earns less.
    pub fn spend_at_average(&self, roi: f64) -> f64 {
        if roi <= 0.0 {
            return f64::INFINITY;
        }
        if self.a / self.k <= roi {
            return 0.0;
        }
        let (mut lo, mut hi) = (0.0_f64, self.k.max(1.0));
        while self.gmv(hi) / hi > roi && hi < 1e15 {
            hi *= 2.0;
        }
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if self.gmv(mid) / mid > roi {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// A fitted curve and how far to trust it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub curve: Curve,
    /// 1 − SSE / SST.
    pub r2: f64,
    /// Days fitted.
    pub days: usize,
    pub mean_spend: f64,
    pub mean_gmv: f64,
    pub max_spend: f64,
    /// Residual variance (per day).
    sigma2: f64,
    /// Covariance of (a, k) ÷ σ²: (JᵀJ)⁻¹, row-major 2×2.
    inv: [f64; 4],
}

impl Fit {
    /// Half-width of the 95% band of the fitted daily GMV at `spend`.
    pub fn band(&self, spend: f64) -> f64 {
        let Curve { a, k } = self.curve;
        let s = spend.max(0.0);
        let ja = (s / k).ln_1p();
        let jk = -a * s / (k * (k + s));
        let v = self.sigma2
            * (ja * ja * self.inv[0] + 2.0 * ja * jk * self.inv[1] + jk * jk * self.inv[3]);
        1.96 * v.max(0.0).sqrt()
    }

    /// The highest daily spend the allocation may give this curve.
    pub fn trusted_max(&self) -> f64 {
        self.max_spend * TRUST_BEYOND_MAX
    }
}

/// When a curve is not good enough to plan with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitRules {
    pub min_days: usize,
    /// Spend's coefficient of variation (std ÷ mean) below this: the data cannot show a curve.
    pub min_spend_cv: f64,
    pub min_r2: f64,
}

impl Default for FitRules {
    fn default() -> FitRules {
        FitRules {
            min_days: 14,
            min_spend_cv: 0.10,
            min_r2: 0.5,
        }
    }
}

/// Why a channel has no curve to plan with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Thin {
    /// Days with spend, and the days needed.
    TooFewDays { days: usize, need: usize },
    /// The spend's coefficient of variation, and the minimum.
    FlatSpend { cv: f64, need: f64 },
    /// R², and the minimum.
    PoorFit { r2: f64, need: f64 },
    /// More spend never brought more GMV in the data.
    NoReturn,
}

/// Fit the curve to the days with spend. Days without spend carry no information about the
/// curve's shape and are left out.
pub fn fit(points: &[Point], rules: &FitRules) -> Result<Fit, Thin> {
    let pts: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p.spend > 0.0 && p.spend.is_finite() && p.gmv.is_finite() && p.gmv >= 0.0)
        .collect();
    let n = pts.len();
    if n < rules.min_days.max(3) {
        return Err(Thin::TooFewDays {
            days: n,
            need: rules.min_days.max(3),
        });
    }
    let nf = n as f64;
    let mean_spend = pts.iter().map(|p| p.spend).sum::<f64>() / nf;
    let mean_gmv = pts.iter().map(|p| p.gmv).sum::<f64>() / nf;
    let max_spend = pts.iter().map(|p| p.spend).fold(0.0, f64::max);
    let var_s = pts
        .iter()
        .map(|p| (p.spend - mean_spend).powi(2))
        .sum::<f64>()
        / nf;
    let cv = var_s.sqrt() / mean_spend;
    if cv < rules.min_spend_cv {
        return Err(Thin::FlatSpend {
            cv,
            need: rules.min_spend_cv,
        });
    }
    let sgg: f64 = pts.iter().map(|p| p.gmv * p.gmv).sum();
    // SSE at a given k with its best a; returns (sse, a)
    let at = |k: f64| -> (f64, f64) {
        let (mut sgf, mut sff) = (0.0, 0.0);
        for p in &pts {
            let f = (p.spend / k).ln_1p();
            sgf += p.gmv * f;
            sff += f * f;
        }
        if sff <= 0.0 {
            return (f64::INFINITY, 0.0);
        }
        let a = sgf / sff;
        ((sgg - a * sgf).max(0.0), a)
    };
    // ln k from far below the data (a curve saturated on every day) to far above (a line)
    let (lo, hi) = ((max_spend / 1000.0).ln(), (max_spend * 1000.0).ln());
    const GRID: usize = 48;
    let step = (hi - lo) / GRID as f64;
    let mut best = (f64::INFINITY, 0usize);
    for i in 0..=GRID {
        let sse = at((lo + step * i as f64).exp()).0;
        if sse < best.0 {
            best = (sse, i);
        }
    }
    let (mut x0, mut x1) = (
        lo + step * best.1.saturating_sub(1) as f64,
        lo + step * (best.1 + 1).min(GRID) as f64,
    );
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut c, mut d) = (x1 - g * (x1 - x0), x0 + g * (x1 - x0));
    let (mut fc, mut fd) = (at(c.exp()).0, at(d.exp()).0);
    for _ in 0..40 {
        if fc < fd {
            x1 = d;
            d = c;
            fd = fc;
            c = x1 - g * (x1 - x0);
            fc = at(c.exp()).0;
        } else {
            x0 = c;
            c = d;
            fc = fd;
            d = x0 + g * (x1 - x0);
            fd = at(d.exp()).0;
        }
    }
    let k = (0.5 * (x0 + x1)).exp();
    let (sse, a) = at(k);
    if a <= 0.0 || !a.is_finite() {
        return Err(Thin::NoReturn);
    }
    let sst: f64 = pts.iter().map(|p| (p.gmv - mean_gmv).powi(2)).sum();
    let r2 = if sst > 0.0 { 1.0 - sse / sst } else { 1.0 };
    if r2 < rules.min_r2 {
        return Err(Thin::PoorFit {
            r2,
            need: rules.min_r2,
        });
    }
    // delta method: J = [∂g/∂a, ∂g/∂k] per day
    let (mut saa, mut sak, mut skk) = (0.0, 0.0, 0.0);
    for p in &pts {
        let ja = (p.spend / k).ln_1p();
        let jk = -a * p.spend / (k * (k + p.spend));
        saa += ja * ja;
        sak += ja * jk;
        skk += jk * jk;
    }
    let det = saa * skk - sak * sak;
    // a curve at the edge of the search (a line) has no usable k-information: the band of a alone
    let inv = if det > 1e-12 * saa * skk && det.is_finite() {
        [skk / det, -sak / det, -sak / det, saa / det]
    } else {
        [1.0 / saa, 0.0, 0.0, 0.0]
    };
    Ok(Fit {
        curve: Curve { a, k },
        r2,
        days: n,
        mean_spend,
        mean_gmv,
        max_spend,
        sigma2: sse / (nf - 2.0).max(1.0),
        inv,
    })
}

/// What the budget should buy most of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Gmv,
    /// GMV × margin − spend.
    Profit,
}

/// One channel going into an allocation. Spends are per day, in yuan.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelInput {
    /// None: no usable curve; the channel keeps `current`.
    pub fit: Option<Fit>,
    /// The channel's current average daily spend.
    pub current: f64,
    /// Its current average ROI (GMV of a fixed channel is `current × current_roi`).
    pub current_roi: f64,
    /// Profit per yuan of GMV before ad spend (product margin after fees and refunds).
    pub margin: f64,
    pub min: f64,
    pub max: Option<f64>,
    /// Minimum average ROI (gmv ÷ spend) the channel must keep.
    pub min_roi: Option<f64>,
}

/// Which limit decided a channel's spend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Marginal returns equalised: no limit.
    Free,
    /// No curve: its current spend.
    Fixed,
    Min,
    /// The typed maximum.
    Max,
    /// The minimum ROI.
    MinRoi,
    /// [`TRUST_BEYOND_MAX`] × the highest day on record.
    Trust,
    /// Profit goal: spending more would lose money (marginal profit below zero).
    BreakEven,
}

/// One channel's share of the budget (per day, yuan).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub spend: f64,
    pub gmv: f64,
    /// Half-width of the 95% band of `gmv` (0 for a fixed channel).
    pub band: f64,
    /// GMV of the next yuan (a fixed channel: its average ROI).
    pub marginal: f64,
    /// The spend where the marginal ROI falls to break-even (1 ÷ margin); None for a fixed channel
    /// or without a margin.
    pub break_even_spend: Option<f64>,
    pub limit: Limit,
}

/// Totals of a split (per day).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Outcome {
    pub spend: f64,
    pub gmv: f64,
    pub band: f64,
    pub profit: f64,
}

impl Outcome {
    pub fn roi(&self) -> Option<f64> {
        (self.spend > 0.0).then(|| self.gmv / self.spend)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Allocation {
    pub shares: Vec<Share>,
    pub total: Outcome,
    /// Budget left unspent: every channel at its limit, or (profit goal) past break-even.
    pub unspent: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AllocError {
    /// The budget is not a positive number.
    BadBudget,
    /// The fixed channels and the minimums need more than the budget (need per day).
    BelowMinimums { need: f64 },
    /// A channel's minimum is above its maximum (index).
    MinAboveMax { channel: usize },
}

fn lower(c: &ChannelInput) -> f64 {
    c.min.max(0.0)
}

/// The upper limit of a fitted channel and which limit it is.
fn upper(c: &ChannelInput, f: &Fit) -> (f64, Limit) {
    let mut hi = (f.trusted_max(), Limit::Trust);
    if let Some(m) = c.max.filter(|&m| m < hi.0) {
        hi = (m.max(0.0), Limit::Max);
    }
    if let Some(r) = c.min_roi.filter(|&r| r > 0.0) {
        let cap = f.curve.spend_at_average(r);
        if cap < hi.0 {
            hi = (cap, Limit::MinRoi);
        }
    }
    // a minimum above the ROI cap wins: the minimum is a commitment
    if hi.0 < lower(c) {
        hi.0 = lower(c);
    }
    hi
}

fn weight(c: &ChannelInput, goal: Goal) -> f64 {
    match goal {
        Goal::Gmv => 1.0,
        Goal::Profit => c.margin.max(0.0),
    }
}

/// The GMV, band and profit of spending `spends` (per day) on `channels`.
pub fn evaluate(channels: &[ChannelInput], spends: &[f64]) -> Outcome {
    let mut o = Outcome::default();
    let mut var = 0.0;
    for (c, &s) in channels.iter().zip(spends) {
        let (gmv, band) = match &c.fit {
            Some(f) => (f.curve.gmv(s), f.band(s)),
            None => (s * c.current_roi, 0.0),
        };
        o.spend += s;
        o.gmv += gmv;
        o.profit += gmv * c.margin - s;
        var += band * band;
    }
    o.band = var.sqrt();
    o
}

/// Split a daily budget over the channels for the goal. See the module notes.
pub fn allocate(
    channels: &[ChannelInput],
    budget: f64,
    goal: Goal,
) -> Result<Allocation, AllocError> {
    if !(budget.is_finite() && budget > 0.0) {
        return Err(AllocError::BadBudget);
    }
    for (i, c) in channels.iter().enumerate() {
        if c.max.is_some_and(|m| m < lower(c)) {
            return Err(AllocError::MinAboveMax { channel: i });
        }
    }
    let need: f64 = channels
        .iter()
        .map(|c| match c.fit {
            Some(_) => lower(c),
            None => c.current.max(0.0),
        })
        .sum();
    if need > budget * (1.0 + 1e-12) {
        return Err(AllocError::BelowMinimums { need });
    }
    let free = budget
        - channels
            .iter()
            .filter(|c| c.fit.is_none())
            .map(|c| c.current.max(0.0))
            .sum::<f64>();
    // spend of a fitted channel at the marginal level λ (weighted marginal return)
    let at = |c: &ChannelInput, f: &Fit, lambda: f64| -> f64 {
        let (hi, _) = upper(c, f);
        let w = weight(c, goal);
        let s = if w <= 0.0 {
            0.0
        } else {
            f.curve.spend_at_marginal(lambda / w)
        };
        s.clamp(lower(c), hi)
    };
    let total_at = |lambda: f64| -> f64 {
        channels
            .iter()
            .filter_map(|c| c.fit.as_ref().map(|f| at(c, f, lambda)))
            .sum()
    };
    let lambda = match goal {
        // profit: never past the point where one more yuan returns less than a yuan of profit
        Goal::Profit if total_at(1.0) <= free => 1.0,
        _ => {
            // total_at falls as λ rises; find where it meets the budget
            let (mut lo, mut hi) = (1e-9_f64.ln(), 1e9_f64.ln());
            if total_at(lo.exp()) <= free {
                lo.exp()
            } else {
                for _ in 0..200 {
                    let mid = 0.5 * (lo + hi);
                    if total_at(mid.exp()) > free {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                hi.exp()
            }
        }
    };
    let mut spends: Vec<f64> = channels
        .iter()
        .map(|c| match &c.fit {
            Some(f) => at(c, f, lambda),
            None => c.current.max(0.0),
        })
        .collect();
    // the bisection leaves a rounding-sized gap: give it to the free channels proportionally
    let fitted_total: f64 = channels
        .iter()
        .zip(&spends)
        .filter(|(c, _)| c.fit.is_some())
        .map(|(_, s)| s)
        .sum();
    let gap = free - fitted_total;
    let spend_all = !(goal == Goal::Profit && lambda == 1.0);
    if spend_all && gap.abs() < 1e-6 * budget.max(1.0) {
        if let Some(i) = (0..channels.len()).find(|&i| {
            channels[i].fit.as_ref().is_some_and(|f| {
                let (hi, _) = upper(&channels[i], f);
                spends[i] + gap >= lower(&channels[i]) && spends[i] + gap <= hi
            })
        }) {
            spends[i] += gap;
        }
    }
    let shares: Vec<Share> = channels
        .iter()
        .zip(&spends)
        .map(|(c, &s)| share(c, s, goal, lambda))
        .collect();
    let total = evaluate(channels, &spends);
    Ok(Allocation {
        unspent: (budget - total.spend).max(0.0),
        shares,
        total,
    })
}

fn share(c: &ChannelInput, s: f64, goal: Goal, lambda: f64) -> Share {
    let Some(f) = &c.fit else {
        return Share {
            spend: s,
            gmv: s * c.current_roi,
            band: 0.0,
            marginal: c.current_roi,
            break_even_spend: None,
            limit: Limit::Fixed,
        };
    };
    let (hi, hi_limit) = upper(c, f);
    let near = |x: f64| (s - x).abs() <= 1e-6 * x.max(1.0);
    let w = weight(c, goal);
    let free_spend = if w > 0.0 {
        f.curve.spend_at_marginal(lambda / w)
    } else {
        0.0
    };
    let limit = if near(lower(c)) && free_spend <= lower(c) && lower(c) > 0.0 {
        Limit::Min
    } else if near(hi) && free_spend >= hi {
        hi_limit
    } else if goal == Goal::Profit && lambda == 1.0 {
        Limit::BreakEven
    } else {
        Limit::Free
    };
    Share {
        spend: s,
        gmv: f.curve.gmv(s),
        band: f.band(s),
        marginal: f.curve.marginal(s),
        break_even_spend: (c.margin > 0.0).then(|| f.curve.spend_at_marginal(1.0 / c.margin)),
        limit,
    }
}

/// `budget` split in the channels' current spend shares (equally when nobody spends yet).
pub fn current_split(channels: &[ChannelInput], budget: f64) -> Vec<f64> {
    let sum: f64 = channels.iter().map(|c| c.current.max(0.0)).sum();
    if sum <= 0.0 {
        return equal_split(channels.len(), budget);
    }
    channels
        .iter()
        .map(|c| budget * c.current.max(0.0) / sum)
        .collect()
}

pub fn equal_split(n: usize, budget: f64) -> Vec<f64> {
    vec![budget / n.max(1) as f64; n]
}

/// How one channel's daily spend is split over its plans.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanSplit {
    /// By the plans' curves (marginal GMV equalised; a plan without a curve keeps its current
    /// spend). `unspent` > 0 when every fitted plan is at the edge of what its curve is trusted
    /// for.
    Curves(Allocation),
    /// No plan of the channel has a usable curve: the plans keep their current shares.
    NoCurve(Vec<f64>),
    /// The plans without a curve already spend more than the channel's new spend: every plan is
    /// scaled to its current share instead.
    FixedAbove(Vec<f64>),
}

impl PlanSplit {
    /// Daily spend per plan.
    pub fn spends(&self) -> Vec<f64> {
        match self {
            PlanSplit::Curves(a) => a.shares.iter().map(|s| s.spend).collect(),
            PlanSplit::NoCurve(v) | PlanSplit::FixedAbove(v) => v.clone(),
        }
    }
}

/// Split a channel's daily spend (`channel_spend`, from [`allocate`]) over its plans. Within one
/// channel every plan has the same product margin, so the most GMV is also the most profit: the
/// plans with a curve get the spends that equalise their marginal GMV, the others keep their
/// current spend (the same rule as channels). Never panics; a spend that is not a positive
/// number gives zeros.
pub fn split_plans(plans: &[ChannelInput], channel_spend: f64) -> PlanSplit {
    let free: Vec<ChannelInput> = plans
        .iter()
        .map(|p| ChannelInput {
            min: 0.0,
            max: None,
            min_roi: None,
            ..p.clone()
        })
        .collect();
    if !(channel_spend.is_finite() && channel_spend > 0.0) {
        return PlanSplit::NoCurve(vec![0.0; plans.len()]);
    }
    if free.iter().all(|p| p.fit.is_none()) {
        return PlanSplit::NoCurve(current_split(&free, channel_spend));
    }
    match allocate(&free, channel_spend, Goal::Gmv) {
        Ok(a) => PlanSplit::Curves(a),
        Err(_) => PlanSplit::FixedAbove(current_split(&free, channel_spend)),
    }
}

/// Daily spends (yuan) over `days` days as whole fen that add up exactly to the rounded total
/// (largest remainders get the spare fen), so a table of them sums to the budget to the fen.
pub fn split_fen(daily: &[f64], days: u32) -> Vec<i64> {
    let raw: Vec<f64> = daily
        .iter()
        .map(|s| (s * f64::from(days) * 100.0).max(0.0))
        .map(|x| if x.is_finite() { x.min(1e15) } else { 0.0 })
        .collect();
    let want = raw.iter().sum::<f64>().round() as i64;
    let mut out: Vec<i64> = raw.iter().map(|x| x.floor() as i64).collect();
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    let mut left = want - out.iter().sum::<i64>();
    for i in order.into_iter().cycle().take(raw.len() * 2) {
        if left <= 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve_fit(a: f64, k: f64, max: f64) -> Fit {
        Fit {
            curve: Curve { a, k },
            r2: 1.0,
            days: 30,
            mean_spend: max / 2.0,
            mean_gmv: 0.0,
            max_spend: max,
            sigma2: 0.0,
            inv: [0.0; 4],
        }
    }

    #[test]
    fn fen_totals_add_up() {
        let v = split_fen(&[100.0 / 3.0, 100.0 / 3.0, 100.0 / 3.0], 30);
        assert_eq!(v.iter().sum::<i64>(), 300_000);
        assert_eq!(split_fen(&[f64::NAN, 1.0], 1), vec![0, 100]);
    }

    #[test]
    fn curve_inverses() {
        let c = Curve {
            a: 5000.0,
            k: 2000.0,
        };
        let s = c.spend_at_marginal(1.25);
        assert!((c.marginal(s) - 1.25).abs() < 1e-9);
        let s = c.spend_at_average(2.0);
        assert!((c.gmv(s) / s - 2.0).abs() < 1e-6);
        assert_eq!(c.spend_at_average(3.0), 0.0); // a/k = 2.5
    }

    #[test]
    fn fixed_channels_keep_their_spend() {
        let ch = vec![
            ChannelInput {
                fit: Some(curve_fit(5000.0, 1000.0, 4000.0)),
                current: 1000.0,
                current_roi: 3.0,
                margin: 0.4,
                min: 0.0,
                max: None,
                min_roi: None,
            },
            ChannelInput {
                fit: None,
                current: 300.0,
                current_roi: 2.0,
                margin: 0.4,
                min: 0.0,
                max: None,
                min_roi: None,
            },
        ];
        let a = allocate(&ch, 2000.0, Goal::Gmv).unwrap();
        assert_eq!(a.shares[1].spend, 300.0);
        assert!((a.shares[0].spend - 1700.0).abs() < 1e-6);
        assert_eq!(a.shares[1].limit, Limit::Fixed);
    }
}
