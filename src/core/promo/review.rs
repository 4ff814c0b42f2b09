//! 活动复盘: what a promotion did, once it has ended, measured against what the store would
//! have sold without it.
//!
//! # Windows (calendar days, UTC+8)
//! - **promo**: from the first to the last price day (main wave and 返场 / second wave); days
//!   between two waves count too, so a lull while buyers wait for the second wave weighs against
//!   the lift. 爆发系数 alone averages the active days (the waves), as the platform's does.
//! - **lead-in**: warm-up (预热) and presale deposit (定金) days before the promo window, if any.
//!   Buyers often wait then; the lead-in is reported apart and is part of the net effect.
//! - **pre**: the `pre_days` (28) days ending the day before the lead-in (or the promo window
//!   when there is none). The baseline is fitted on it.
//! - **post**: the `post_days` (7) days after the promo window, as far as data can exist (data
//!   for a day is complete the next morning, so up to yesterday): the pull-forward dip.
//!
//! # Scope
//! When the promotion lists products that have a 商品ID in the catalog and the metrics hold
//! product days (商品_全部) for them during the promo window, everything (GMV, baseline, units,
//! profit) is measured on those products' rows ([`Scope::Products`]); else on the store days
//! (店铺整体, [`Scope::Store`]). If the products do not have enough pre-period days, the store
//! is used when it has them. A day counts as "with data" when the metrics hold a store day
//! (store scope) or any product row (product scope) for it; days without data are left out of
//! both the actual and the baseline sums and listed in [`Coverage`]. In product scope the ad
//! spend is the products' 商品报表 rows only; without them it is unknown for the scope
//! ([`AdSpendSource::UnknownForScope`]) and left out, never the store's.
//!
//! # Baseline (weekday-adjusted)
//! On the pre-period days with data: the mean of each weekday (Monday … Sunday) that has at
//! least two days, the level = the mean of those weekday means, and the weekday factor = weekday
//! mean / level (1 for a weekday with fewer than two days, or when the level is not positive;
//! clamped to 0.1–10). The baseline of a day = level × factor of its weekday. Trend within the
//! pre-period is not modelled.
//!
//! # Uncertainty
//! σ = residual standard deviation of the pre-period days against their baseline, with the
//! degrees of freedom reduced by the number of weekday means fitted. The error of a sum over m
//! days is day-to-day noise (σ²·m) plus the error of the fitted means: a day on a fitted weekday
//! w carries the error of that weekday's mean (σ²/n_w, n_w pre days of that weekday), any other
//! day the error of the level (the mean of the F fitted weekday means). With k_w days of fitted
//! weekday w and k_u other days in the sum:
//! variance = σ²·(m + Σ_w (k_w + k_u/F)² / n_w); with no fitted weekday (level = plain mean of
//! n days) σ²·(m + m²/n). The band is ±t·√variance, t = Student's quantile at the coverage of
//! `ReviewSettings::z` (1.96 ≈ 95%) with σ's degrees of freedom ([`t_quantile`]; 2.36 with 7
//! of them, where z would be 17% too narrow). Autocorrelation is ignored, so the band is a floor
//! on the true uncertainty.
//!
//! # Exclusions
//! [`review_excluding`] leaves days out of the pre-period ([`baseline_exclusions`]: platform
//! events, 春节 ± 7 days, other promotions of the same products) and reaches further back for
//! the days it lost; [`Review::excluded`] lists what was left out.
//!
//! # Money
//! Totals are integer fen; floats only for factors, ratios and σ. Never panics.

use crate::core::margin::platform_fee;
use crate::core::metrics::ads::{source_in, AdSource};
use crate::core::metrics::period::{date_of, day_of, weekday, Period};
use crate::core::metrics::store::MetricsStore;
use crate::model::metrics::{AdChannel, Day};
use crate::model::{DateRange, Fen, PlatformEvent, Product, Promotion, StoreProfile};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Longest promo or lead-in window reviewed (days); longer plans are refused as invalid.
pub const MAX_WINDOW_DAYS: i64 = 366;

/// Review settings (defaults: 28 pre days, at least 14 with data, 7 post days, z = 1.96: the
/// band's coverage, widened to Student's t for the baseline's degrees of freedom).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReviewSettings {
    /// Pre-period length in days (clamped to 7..=366).
    pub pre_days: u32,
    /// Fewest pre-period days with data to fit a baseline (clamped to 1..=pre_days).
    pub min_pre_days: u32,
    /// Days after the promotion watched for the pull-forward dip (clamped to 0..=60).
    pub post_days: u32,
    /// The band's coverage as a normal quantile (1.96 ≈ 95%); the band uses Student's t at
    /// that coverage ([`t_quantile`]).
    pub z: f64,
}

impl Default for ReviewSettings {
    fn default() -> ReviewSettings {
        ReviewSettings {
            pre_days: 28,
            min_pre_days: 14,
            post_days: 7,
            z: 1.96,
        }
    }
}

impl ReviewSettings {
    fn sane(&self) -> ReviewSettings {
        let pre_days = self.pre_days.clamp(7, 366);
        ReviewSettings {
            pre_days,
            min_pre_days: self.min_pre_days.clamp(1, pre_days),
            post_days: self.post_days.min(60),
            z: if self.z.is_finite() && self.z > 0.0 {
                self.z
            } else {
                1.96
            },
        }
    }
}

/// Why a review cannot be made. The UI words these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewError {
    /// The main wave ends before it starts, a window is longer than [`MAX_WINDOW_DAYS`], or the
    /// windows leave the calendar.
    InvalidPeriod,
    /// The last price day is today or later: its data is not complete yet.
    PromotionNotEnded { last_day: NaiveDate },
    /// No store days (and no product days for the promotion's products) imported at all.
    NoMetrics,
    /// Metrics exist but none for the days of the promo window.
    NoPromotionDays,
    /// Too few pre-period days with data to fit a baseline.
    TooFewPreDays { have: u32, need: u32 },
}

/// What the review measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The promotion's products (their 商品ID), from product days.
    Products { item_ids: Vec<String> },
    /// The whole store, from store days.
    Store,
}

/// The windows of the review (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    pub pre: DateRange,
    pub lead_in: Option<DateRange>,
    pub promo: DateRange,
    /// The full post window (may reach past yesterday; see [`Coverage::post`]).
    pub post: Option<DateRange>,
}

/// The fitted weekday baseline (GMV in fen per day).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Baseline {
    /// Mean of the weekday means, fen per day.
    pub level: f64,
    /// Monday … Sunday.
    pub weekday_factors: [f64; 7],
    /// Plain mean of the pre-period days with data, fen per day (爆发系数's denominator).
    pub pre_mean: f64,
    /// Residual standard deviation of a day, fen.
    pub sigma: f64,
    /// Degrees of freedom of σ: pre days with data − weekday means fitted (at least 1).
    pub dof: u32,
    /// Pre-period days with data.
    pub days: u32,
    /// Pre-period days with data per weekday (Monday … Sunday); a weekday with two or more
    /// has its own mean.
    pub weekday_days: [u32; 7],
}

impl Baseline {
    /// The expected GMV of a day (fen, unrounded).
    pub fn expected(&self, date: NaiveDate) -> f64 {
        expected(self, day_of(date))
    }
}

/// Actual against baseline over a window (days with data only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lift {
    pub window: DateRange,
    /// Calendar days of the window considered (for the post window: up to yesterday).
    pub days: u32,
    pub days_with_data: u32,
    /// Σ 支付金额 of the days with data.
    pub actual: Fen,
    /// Σ baseline of the same days (each day rounded to the fen, as in the series).
    pub baseline: Fen,
    /// actual − baseline (negative = below the usual; for the post window, the dip).
    pub incremental: Fen,
    /// Half-width of the band: t·√(the variance of the sum) (see the module doc).
    pub margin: Fen,
    /// incremental − margin
    pub low: Fen,
    /// incremental + margin
    pub high: Fen,
}

impl Lift {
    /// Does the band contain zero (no effect detectable)?
    pub fn band_contains_zero(&self) -> bool {
        self.low.0 <= 0 && 0 <= self.high.0
    }
}

/// Where the unit cost of goods came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostBasis {
    /// Each product's 成本 × its 支付件数 (product scope).
    ItemCosts,
    /// Store scope: the units-weighted mean cost of the products sold (product days with a
    /// catalog cost) × the store's 支付件数.
    SoldMixAverage { unit_cost: Fen },
    /// Store scope: the plain mean 成本 of the catalog × the store's 支付件数.
    CatalogAverage { unit_cost: Fen },
}

/// Where ad spend came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdSpendSource {
    /// 商品报表 rows (主体ID) of the promotion's products (product scope).
    ItemAdRows,
    /// The store days' spend columns (关键词 + 人群 + 全站/其他; 淘宝客 is commission).
    StoreColumns,
    /// Ad rows (计划报表, else 商品报表), 淘宝客 channel excluded.
    AdRows,
    /// No spend recorded.
    None,
    /// Product scope without 商品报表 rows for the products: the store's spend (columns or plan
    /// rows) is not the products' own, so the spend is unknown for the scope and left out of the
    /// profit (0 on both sides).
    UnknownForScope,
}

/// Where the 淘宝客 commission of the promo window came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommissionSource {
    /// The recorded 淘宝客佣金 of the store days (product scope: its share by the products'
    /// part of the store's 支付金额). Commission is owed only on 淘宝客 orders, so this is it.
    Recorded,
    /// No store day in the window records it: the promotion's 淘宝客 rate × paid estimates it.
    RateEstimate { bp: u32 },
    /// Nothing recorded and no rate.
    None,
}

/// Profit arithmetic of one side (actual or baseline) over the promo window's days with data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProfitParts {
    /// 支付金额 (already net of every discount the buyers got).
    pub paid: Fen,
    /// 支付件数 × unit cost (actual) or paid × the pre-period cost ratio (baseline).
    pub goods_cost: Fen,
    /// platform_fee(paid, profile fee rate).
    pub platform_fee: Fen,
    /// 淘宝客 (see [`CommissionSource`]): when store days record it, actual = paid × (recorded
    /// 淘宝客佣金 / store 支付金额) of the window (store scope: the recorded sum) and baseline =
    /// paid × that ratio in the pre-period; with nothing recorded, paid × the promotion's
    /// affiliate_bp on both sides.
    pub commission: Fen,
    /// Actual: spend of the window. Baseline: the pre-period mean per day × days.
    pub ad_spend: Fen,
    /// 成功退款金额. Actual: of the window; baseline: paid × the pre-period refund ratio. Taken
    /// off in full (whether returned goods can be sold again is not known, so their cost stays).
    pub refunds: Fen,
    /// Shipping paid to the courier: orders × `StoreProfile::shipping_cost_per_order`, an order
    /// per paying buyer (支付父订单数 is not imported). Actual: the window's buyers; baseline:
    /// paid × the pre-period buyers per fen. (The postage buyers paid is inside 支付金额.)
    pub shipping: Fen,
    /// paid − goods_cost − platform_fee − commission − ad_spend − refunds − shipping
    pub profit: Fen,
}

impl ProfitParts {
    fn new(
        paid: Fen,
        goods_cost: Fen,
        platform_fee: Fen,
        commission: Fen,
        ad_spend: Fen,
        refunds: Fen,
        shipping: Fen,
    ) -> Self {
        ProfitParts {
            paid,
            goods_cost,
            platform_fee,
            commission,
            ad_spend,
            refunds,
            shipping,
            profit: paid - goods_cost - platform_fee - commission - ad_spend - refunds - shipping,
        }
    }
}

/// Incremental gross profit of the promo window: actual profit − the profit the baseline
/// would have made. Discounts are inside 支付金额 (it is what buyers paid), so they show as a
/// lower paid amount against the same goods cost. Refunds and shipping are deducted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profit {
    pub actual: ProfitParts,
    pub baseline: ProfitParts,
    /// actual.profit − baseline.profit
    pub incremental: Fen,
    /// The band of `incremental`: the promo window's GMV band × the baseline's profit per fen
    /// of GMV (everything but the ad spend scales with the baseline GMV).
    pub low: Fen,
    pub high: Fen,
    pub cost_basis: CostBasis,
    pub ad_source: AdSpendSource,
    pub commission_source: CommissionSource,
    /// Product scope: the promotion's catalog products whose 成本 is zero (counted as free).
    pub products_without_cost: u32,
}

/// Target against actual over the promo window (scope's figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Completion {
    pub target: i64,
    pub actual: i64,
    /// actual / target in basis points (10000 = 100%), rounded half away from zero.
    pub bp: i64,
}

/// Calendar days of a window and how many have data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayCount {
    pub expected: u32,
    pub have: u32,
}

impl DayCount {
    pub fn complete(&self) -> bool {
        self.have >= self.expected
    }
}

/// What the metrics cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub pre: DayCount,
    pub lead_in: Option<DayCount>,
    pub promo: DayCount,
    /// expected = the post days already past (up to yesterday); `post_complete` says whether
    /// the whole post window is past.
    pub post: DayCount,
    pub post_complete: bool,
    /// Lead-in and promo days without data.
    pub missing: Vec<NaiveDate>,
}

/// The window a day of the series belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayPhase {
    Pre,
    LeadIn,
    Promo,
    Post,
}

/// One day of the chart series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayPoint {
    pub date: NaiveDate,
    pub phase: DayPhase,
    /// None when the day has no data.
    pub actual: Option<Fen>,
    pub baseline: Fen,
    /// A pre-period day left out of the baseline (event, 春节, another promotion).
    pub excluded: bool,
    /// baseline ∓ t·√(the day's variance) (see the module doc); low never below zero.
    pub low: Fen,
    pub high: Fen,
}

/// The review of one promotion.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub promotion_id: String,
    pub scope: Scope,
    pub windows: Windows,
    pub baseline: Baseline,
    /// The promo window.
    pub promo: Lift,
    /// Warm-up / deposit days before it.
    pub lead_in: Option<Lift>,
    /// The pull-forward dip (None when no post day is past yet).
    pub post: Option<Lift>,
    /// Lead-in + promo + post as one sum with one band (the net effect so far).
    pub net: Lift,
    /// 爆发系数 = daily average of the active days (main and return waves, days with data) ÷
    /// pre-period daily average; None when the pre-period average is not positive.
    pub burst_factor: Option<f64>,
    /// The days 爆发系数 averages: the active days (main and return waves) with data.
    pub burst_days: u32,
    /// actual ÷ baseline over the promo window; None when the baseline is not positive.
    pub lift_ratio: Option<f64>,
    /// 支付件数, 支付买家数 (product scope: summed over products), 成功退款金额 of the promo window.
    pub units: u64,
    pub buyers: u64,
    pub refunds: Fen,
    /// None in store scope when no unit cost is known (no product with a 成本).
    pub profit: Option<Profit>,
    /// None when the promotion has no target.
    pub gmv_target: Option<Completion>,
    pub units_target: Option<Completion>,
    pub coverage: Coverage,
    /// Every day from the pre-period start to the last post day past.
    pub series: Vec<DayPoint>,
    /// The band's quantile: Student's t at the settings' coverage with `baseline.dof`.
    pub band_quantile: f64,
    /// What was left out of the pre-period (clipped to it), in the order given.
    pub excluded: Vec<Excluded>,
}

/// Why days are left out of the baseline.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExcludeWhy {
    /// A platform event (its whole plan: warm-up to return wave).
    PlatformEvent { id: String },
    /// 春节 ± 7 days (the logistics stop and the slump around it).
    SpringFestival,
    /// Another promotion of the same products (or a store-wide one), its whole plan.
    OtherPromotion { id: String },
}

/// Days left out of the baseline and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Excluded {
    pub range: DateRange,
    pub why: ExcludeWhy,
}

/// 春节 (Chinese New Year's day) 2018–2035.
const SPRING_FESTIVAL: [(i32, u32, u32); 18] = [
    (2018, 2, 16),
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
];

/// What to leave out of `promo`'s baseline: every live platform event's plan, 春节 ± 7 days
/// (2018–2035), and the plan of every other live promotion sharing a product with it (a
/// promotion without items covers the whole store, so it shares with every one).
pub fn baseline_exclusions(
    promo: &Promotion,
    events: &[PlatformEvent],
    promos: &[Promotion],
) -> Vec<Excluded> {
    let mut out = Vec::new();
    for e in events.iter().filter(|e| !e.meta.deleted) {
        out.push(Excluded {
            range: e.phases.span(),
            why: ExcludeWhy::PlatformEvent {
                id: e.meta.id.clone(),
            },
        });
    }
    for &(y, m, d) in &SPRING_FESTIVAL {
        if let Some(day) = NaiveDate::from_ymd_opt(y, m, d) {
            if let (Some(a), Some(b)) = (
                day.checked_sub_days(chrono::Days::new(7)),
                day.checked_add_days(chrono::Days::new(7)),
            ) {
                out.push(Excluded {
                    range: DateRange::new(a, b),
                    why: ExcludeWhy::SpringFestival,
                });
            }
        }
    }
    let mine: BTreeSet<&str> = promo.items.iter().map(|i| i.product_id.as_str()).collect();
    for o in promos
        .iter()
        .filter(|o| !o.meta.deleted && o.meta.id != promo.meta.id)
    {
        let shares = mine.is_empty()
            || o.items.is_empty()
            || o.items.iter().any(|i| mine.contains(i.product_id.as_str()));
        if shares {
            out.push(Excluded {
                range: o.phases.span(),
                why: ExcludeWhy::OtherPromotion {
                    id: o.meta.id.clone(),
                },
            });
        }
    }
    out
}

/// Two-sided Student's t quantile for the coverage of the normal quantile `z` with `dof`
/// degrees of freedom: exact (4 decimals) for z = 1.96 and dof ≤ 30, else the Cornish–Fisher
/// expansion in 1/dof (within 0.001 of the exact value from dof 5 on).
pub fn t_quantile(z: f64, dof: u32) -> f64 {
    const T975: [f64; 30] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010,
        2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
        2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];
    let n = dof.max(1);
    if (z - 1.96).abs() < 1e-9 {
        if let Some(t) = T975.get(n as usize - 1) {
            return *t;
        }
    }
    let v = f64::from(n);
    let (z3, z5, z7, z9) = (z.powi(3), z.powi(5), z.powi(7), z.powi(9));
    z + (z3 + z) / (4.0 * v)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v.powi(3))
        + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / (92160.0 * v.powi(4))
}

/// Review with the default settings.
pub fn review(
    promo: &Promotion,
    metrics: &MetricsStore,
    products: &[Product],
    profile: &StoreProfile,
    today: NaiveDate,
) -> Result<Review, ReviewError> {
    review_with(
        promo,
        metrics,
        products,
        profile,
        today,
        &ReviewSettings::default(),
    )
}

// ---------------------------------------------------------------------------------------------
// Windows

/// Day-number windows; every bound has a calendar date.
#[derive(Clone, Copy, Debug)]
struct Span {
    pre: (Day, Day),
    lead: Option<(Day, Day)>,
    promo: (Day, Day),
    post: Option<(Day, Day)>,
    /// Last day with possible data: min(post end, yesterday) ≥ promo end.
    data_end: Day,
}

fn len(a: Day, b: Day) -> i64 {
    i64::from(b) - i64::from(a) + 1
}

fn windows(
    promo: &Promotion,
    today: NaiveDate,
    s: &ReviewSettings,
    is_ex: &dyn Fn(i64) -> bool,
) -> Result<Span, ReviewError> {
    let ph = &promo.phases;
    if ph.main.start > ph.main.end {
        return Err(ReviewError::InvalidPeriod);
    }
    let mut start = ph.main.start;
    let mut end = ph.main.end;
    if let Some(r) = ph.return_wave.filter(|r| r.start <= r.end) {
        start = start.min(r.start);
        end = end.max(r.end);
    }
    let (ps, pe) = (day_of(start), day_of(end));
    if len(ps, pe) > MAX_WINDOW_DAYS {
        return Err(ReviewError::InvalidPeriod);
    }
    let lead_start = [ph.warmup, ph.presale_deposit]
        .into_iter()
        .flatten()
        .filter(|r| r.start <= r.end && r.start < start)
        .map(|r| day_of(r.start))
        .min();
    if let Some(ls) = lead_start {
        if len(ls, ps - 1) > MAX_WINDOW_DAYS {
            return Err(ReviewError::InvalidPeriod);
        }
    }
    let first = lead_start.unwrap_or(ps);
    let pre_end = i64::from(first) - 1;
    // `pre_days` days not excluded, reaching back at most three times as far
    let want = i64::from(s.pre_days);
    let mut pre_start = pre_end - want + 1;
    if (pre_end - want + 1..=pre_end).any(is_ex) {
        let (mut have, mut d) = (0i64, pre_end);
        while d > pre_end - 3 * want && have < want {
            if !is_ex(d) {
                have += 1;
                pre_start = d;
            }
            d -= 1;
        }
    }
    let post_end = i64::from(pe) + i64::from(s.post_days);
    let in_calendar = |d: i64| Day::try_from(d).ok().filter(|&d| date_of(d).is_some());
    let (Some(pre_start), Some(pre_end), Some(post_end)) = (
        in_calendar(pre_start),
        in_calendar(pre_end),
        in_calendar(post_end),
    ) else {
        return Err(ReviewError::InvalidPeriod);
    };
    let yesterday = i64::from(day_of(today)) - 1;
    if yesterday < i64::from(pe) {
        return Err(ReviewError::PromotionNotEnded { last_day: end });
    }
    let data_end = Day::try_from(yesterday.min(i64::from(post_end))).unwrap_or(pe);
    Ok(Span {
        pre: (pre_start, pre_end),
        lead: lead_start.map(|l| (l, ps - 1)),
        promo: (ps, pe),
        post: (s.post_days > 0).then(|| (pe + 1, post_end)),
        data_end,
    })
}

fn date(d: Day) -> NaiveDate {
    date_of(d).unwrap_or_default()
}

fn range_of((a, b): (Day, Day)) -> DateRange {
    DateRange::new(date(a), date(b))
}

// ---------------------------------------------------------------------------------------------
// Daily facts of a scope

#[derive(Clone, Copy, Debug, Default)]
struct Facts {
    present: bool,
    paid: i64,
    units: u64,
    buyers: u64,
    refunds: i64,
    /// goods cost (fen), when a cost is known
    cogs: i64,
    /// ad spend (fen), 淘宝客 excluded
    ad: i64,
    /// store-level 淘宝客佣金 and 支付金额 (for the commission ratio)
    affiliate: i64,
    store_paid: i64,
    /// a store day exists (so 淘宝客佣金 is recorded for the day, even when 0)
    store_present: bool,
    /// a pre-period day left out of the baseline (see [`Excluded`])
    excluded: bool,
}

impl Facts {
    /// Has data and is not excluded from the baseline.
    fn usable(&self) -> bool {
        self.present && !self.excluded
    }
}

enum ScopeSpec {
    /// unit cost (fen) when known
    Store(Option<i64>),
    /// item_id → unit cost (fen)
    Products(BTreeMap<String, i64>),
}

struct Extracted {
    first: Day,
    days: Vec<Facts>,
    ad_source: AdSpendSource,
}

impl Extracted {
    fn get(&self, d: Day) -> Option<&Facts> {
        let i = usize::try_from(i64::from(d) - i64::from(self.first)).ok()?;
        self.days.get(i)
    }
}

fn extract(metrics: &MetricsStore, spec: &ScopeSpec, from: Day, to: Day) -> Extracted {
    let n = usize::try_from(len(from, to)).unwrap_or(0);
    let mut days = vec![Facts::default(); n];
    let period = Period::new(from, to);
    let idx = |d: Day| usize::try_from(i64::from(d) - i64::from(from)).ok();
    let mut store_ad = 0i64;
    for s in metrics.store_range(period) {
        let Some(f) = idx(s.day).and_then(|i| days.get_mut(i)) else {
            continue;
        };
        let ad = (s.spend_search + s.spend_display + s.spend_other).0;
        f.affiliate = s.spend_affiliate.0;
        f.store_paid = s.paid_amount.0;
        f.store_present = true;
        f.ad = ad;
        store_ad = store_ad.saturating_add(ad.abs());
        if let ScopeSpec::Store(cost) = spec {
            f.present = true;
            f.paid = s.paid_amount.0;
            f.units = s.paid_units;
            f.buyers = s.paying_buyers;
            f.refunds = s.refund_amount.0;
            f.cogs = cost.map_or(0, |c| mul(c, s.paid_units));
        }
    }
    let mut ad_source = if store_ad != 0 {
        AdSpendSource::StoreColumns
    } else {
        AdSpendSource::None
    };
    if let ScopeSpec::Products(costs) = spec {
        for (id, _) in metrics.products() {
            let cost = costs.get(id).copied();
            for r in metrics.product_range(id, period) {
                let Some(f) = idx(r.day).and_then(|i| days.get_mut(i)) else {
                    continue;
                };
                f.present = true;
                if let Some(c) = cost {
                    f.paid = f.paid.saturating_add(r.paid_amount.0);
                    f.units = f.units.saturating_add(r.paid_units);
                    f.buyers = f.buyers.saturating_add(r.paying_buyers);
                    f.refunds = f.refunds.saturating_add(r.refund_amount.0);
                    f.cogs = f.cogs.saturating_add(mul(c, r.paid_units));
                }
            }
        }
        // the products' own ad rows when there are any
        let item_rows: Vec<_> = metrics
            .ads_in(period)
            .filter(|a| {
                crate::core::metrics::ads::channel_of(a) != AdChannel::Affiliate
                    && costs.contains_key(&a.item_id)
            })
            .collect();
        if !item_rows.is_empty() {
            for f in days.iter_mut() {
                f.ad = 0;
            }
            for a in item_rows {
                if let Some(f) = idx(a.day).and_then(|i| days.get_mut(i)) {
                    f.ad = f.ad.saturating_add(a.spend.0);
                }
            }
            ad_source = AdSpendSource::ItemAdRows;
        } else {
            // the store's spend is not these products' own: unknown for the scope
            for f in days.iter_mut() {
                f.ad = 0;
            }
            ad_source = AdSpendSource::UnknownForScope;
        }
    }
    if ad_source == AdSpendSource::None {
        if let Some(src) = source_in(metrics.ads(), period) {
            for a in metrics.ads_in(period) {
                let accepted = a.item_id.is_empty() == (src == AdSource::PlanReport);
                if !accepted || crate::core::metrics::ads::channel_of(a) == AdChannel::Affiliate {
                    continue;
                }
                if let Some(f) = idx(a.day).and_then(|i| days.get_mut(i)) {
                    f.ad = f.ad.saturating_add(a.spend.0);
                    ad_source = AdSpendSource::AdRows;
                }
            }
        }
    }
    Extracted {
        first: from,
        days,
        ad_source,
    }
}

fn mul(cost: i64, units: u64) -> i64 {
    let v = i128::from(cost) * i128::from(units);
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// round(x × num / den), half away from zero; 0 when den is 0.
fn mul_div(x: i64, num: i64, den: i64) -> i64 {
    if den == 0 {
        return 0;
    }
    let p = i128::from(x) * i128::from(num);
    let d = i128::from(den);
    let q = (p.abs() * 2 + d.abs()) / (d.abs() * 2);
    let q = if (p < 0) != (d < 0) { -q } else { q };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

fn fen(x: f64) -> Fen {
    if x.is_finite() {
        Fen(x.round() as i64)
    } else {
        Fen(0)
    }
}

// ---------------------------------------------------------------------------------------------
// Baseline fit

fn fit(ex: &Extracted, (a, b): (Day, Day)) -> Baseline {
    let mut sum = [0f64; 7];
    let mut cnt = [0u32; 7];
    let mut total = 0f64;
    let mut n = 0u32;
    for d in a..=b {
        if let Some(f) = ex.get(d).filter(|f| f.usable()) {
            let w = weekday(d) as usize;
            if let (Some(s), Some(c)) = (sum.get_mut(w), cnt.get_mut(w)) {
                *s += f.paid as f64;
                *c += 1;
            }
            total += f.paid as f64;
            n += 1;
        }
    }
    let pre_mean = if n > 0 { total / f64::from(n) } else { 0.0 };
    let fitted: Vec<usize> = (0..7)
        .filter(|&w| cnt.get(w).is_some_and(|&c| c >= 2))
        .collect();
    let wmean = |w: usize| {
        let c = cnt.get(w).copied().unwrap_or(0);
        if c == 0 {
            0.0
        } else {
            sum.get(w).copied().unwrap_or(0.0) / f64::from(c)
        }
    };
    let level = if fitted.is_empty() {
        pre_mean
    } else {
        fitted.iter().map(|&w| wmean(w)).sum::<f64>() / fitted.len() as f64
    };
    let mut factors = [1.0f64; 7];
    if level > 0.0 {
        for &w in &fitted {
            if let Some(f) = factors.get_mut(w) {
                *f = (wmean(w) / level).clamp(0.1, 10.0);
            }
        }
    }
    let params = fitted.len().max(1) as u32;
    let mut ss = 0f64;
    for d in a..=b {
        if let Some(f) = ex.get(d).filter(|f| f.usable()) {
            let e = level * factors.get(weekday(d) as usize).copied().unwrap_or(1.0);
            let r = f.paid as f64 - e;
            ss += r * r;
        }
    }
    let dof = n.saturating_sub(params).max(1);
    let sigma = if n > 1 {
        (ss / f64::from(dof)).sqrt()
    } else {
        0.0
    };
    Baseline {
        level,
        weekday_factors: factors,
        pre_mean,
        sigma: if sigma.is_finite() { sigma } else { 0.0 },
        dof,
        days: n,
        weekday_days: cnt,
    }
}

fn expected(b: &Baseline, d: Day) -> f64 {
    b.level
        * b.weekday_factors
            .get(weekday(d) as usize)
            .copied()
            .unwrap_or(1.0)
}

fn lift(ex: &Extracted, b: &Baseline, (a, end): (Day, Day), z: f64) -> Lift {
    let mut actual = 0i64;
    let mut base = 0i64;
    let mut m = 0u32;
    let mut k = [0u32; 7];
    for d in a..=end {
        if let Some(f) = ex.get(d).filter(|f| f.usable()) {
            actual = actual.saturating_add(f.paid);
            // rounded per day, so window sums add up and match the series
            base = base.saturating_add(fen(expected(b, d)).0);
            m += 1;
            if let Some(c) = k.get_mut(weekday(d) as usize) {
                *c += 1;
            }
        }
    }
    let baseline = Fen(base);
    let incremental = Fen(actual) - baseline;
    let margin = fen(z * b.sigma * error_factor(b, &k).sqrt());
    Lift {
        window: range_of((a, end)),
        days: u32::try_from(len(a, end).max(0)).unwrap_or(u32::MAX),
        days_with_data: m,
        actual: Fen(actual),
        baseline,
        incremental,
        margin,
        low: incremental - margin,
        high: incremental + margin,
    }
}

/// Variance of the baseline error of a sum over days with `k[w]` days of weekday w, in units
/// of σ² (see the module doc).
fn error_factor(b: &Baseline, k: &[u32; 7]) -> f64 {
    let m: f64 = k.iter().map(|&x| f64::from(x)).sum();
    let fitted: Vec<(usize, f64)> = b
        .weekday_days
        .iter()
        .enumerate()
        .filter(|(_, &n)| n >= 2)
        .map(|(w, &n)| (w, f64::from(n)))
        .collect();
    if fitted.is_empty() {
        return m + m * m / f64::from(b.days.max(1));
    }
    let own = b.level > 0.0;
    let k_of = |w: usize| f64::from(k.get(w).copied().unwrap_or(0));
    let k_own: f64 = if own {
        fitted.iter().map(|&(w, _)| k_of(w)).sum()
    } else {
        0.0
    };
    let share = (m - k_own) / fitted.len() as f64;
    let mut v = m;
    for &(w, n) in &fitted {
        let c = if own { k_of(w) } else { 0.0 } + share;
        v += c * c / n;
    }
    v
}

fn present_days(ex: &Extracted, (a, b): (Day, Day)) -> u32 {
    (a..=b)
        .filter(|&d| ex.get(d).is_some_and(|f| f.usable()))
        .count() as u32
}

// ---------------------------------------------------------------------------------------------
// Scope

/// item_id → mean 成本 of the catalog products (not deleted) with that 商品ID.
fn catalog_costs<'a>(products: impl Iterator<Item = &'a Product>) -> BTreeMap<String, i64> {
    let mut acc: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for p in products.filter(|p| !p.meta.deleted && !p.item_id.is_empty()) {
        let e = acc.entry(p.item_id.clone()).or_default();
        e.0 = e.0.saturating_add(p.cost.0);
        e.1 += 1;
    }
    acc.into_iter()
        .map(|(k, (s, c))| (k, mul_div(s, 1, c)))
        .collect()
}

/// Unit cost for the store scope and how it was found.
fn store_unit_cost(
    metrics: &MetricsStore,
    products: &[Product],
    period: Period,
) -> Option<CostBasis> {
    let costs: BTreeMap<String, i64> = catalog_costs(products.iter().filter(|p| p.cost.0 > 0));
    let mut value = 0i128;
    let mut units = 0i128;
    for (id, c) in &costs {
        for r in metrics.product_range(id, period) {
            value += i128::from(*c) * i128::from(r.paid_units);
            units += i128::from(r.paid_units);
        }
    }
    if units > 0 {
        let q = (value * 2 + units) / (units * 2);
        return Some(CostBasis::SoldMixAverage {
            unit_cost: Fen(i64::try_from(q).unwrap_or(i64::MAX)),
        });
    }
    let with_cost: Vec<i64> = products
        .iter()
        .filter(|p| !p.meta.deleted && p.cost.0 > 0)
        .map(|p| p.cost.0)
        .collect();
    if with_cost.is_empty() {
        return None;
    }
    let s: i64 = with_cost.iter().fold(0i64, |a, &c| a.saturating_add(c));
    Some(CostBasis::CatalogAverage {
        unit_cost: Fen(mul_div(s, 1, with_cost.len() as i64)),
    })
}

/// Review with explicit settings. See the module documentation for every definition.
pub fn review_with(
    promo: &Promotion,
    metrics: &MetricsStore,
    products: &[Product],
    profile: &StoreProfile,
    today: NaiveDate,
    settings: &ReviewSettings,
) -> Result<Review, ReviewError> {
    review_excluding(promo, metrics, products, profile, today, settings, &[])
}

/// [`review_with`] leaving `excluded` days out of the baseline (see [`baseline_exclusions`]):
/// the pre-period then reaches back until it holds `pre_days` days not excluded (at most three
/// times as far), and its excluded days count neither as data nor as missing.
pub fn review_excluding(
    promo: &Promotion,
    metrics: &MetricsStore,
    products: &[Product],
    profile: &StoreProfile,
    today: NaiveDate,
    settings: &ReviewSettings,
    excluded: &[Excluded],
) -> Result<Review, ReviewError> {
    let s = settings.sane();
    let ex_days: Vec<(i64, i64)> = excluded
        .iter()
        .filter(|e| e.range.start <= e.range.end)
        .map(|e| {
            (
                i64::from(day_of(e.range.start)),
                i64::from(day_of(e.range.end)),
            )
        })
        .collect();
    let is_ex = |d: i64| ex_days.iter().any(|&(a, b)| a <= d && d <= b);
    let span = windows(promo, today, &s, &is_ex)?;
    let fin = Fin {
        is_ex: &is_ex,
        excluded,
    };
    if metrics.store_days().is_empty() && metrics.product_count() == 0 {
        return Err(ReviewError::NoMetrics);
    }
    let range = Period::new(span.pre.0, span.data_end);

    // product scope: the promotion's catalog products with a 商品ID and rows in the promo window
    let ids: BTreeSet<&str> = promo.items.iter().map(|i| i.product_id.as_str()).collect();
    let promo_products: Vec<&Product> = products
        .iter()
        .filter(|p| !p.meta.deleted && ids.contains(p.meta.id.as_str()) && !p.item_id.is_empty())
        .collect();
    let item_costs = catalog_costs(promo_products.iter().copied());
    let promo_period = Period::new(span.promo.0, span.promo.1);
    let has_item_rows = item_costs
        .keys()
        .any(|id| !metrics.product_range(id, promo_period).is_empty());

    let mut first_err = None;
    if has_item_rows {
        let without_cost = promo_products.iter().filter(|p| p.cost.0 <= 0).count() as u32;
        let spec = ScopeSpec::Products(item_costs.clone());
        let scope = Scope::Products {
            item_ids: item_costs.keys().cloned().collect(),
        };
        match finish(
            &fin,
            promo,
            metrics,
            profile,
            &s,
            &span,
            &spec,
            scope,
            Some(CostBasis::ItemCosts),
            without_cost,
            today,
        ) {
            Ok(r) => return Ok(r),
            Err(e) => first_err = Some(e),
        }
    }
    if metrics.store_days().is_empty() {
        return Err(first_err.unwrap_or(ReviewError::NoMetrics));
    }
    let basis = store_unit_cost(metrics, products, range);
    let unit = basis.map(|b| match b {
        CostBasis::SoldMixAverage { unit_cost } | CostBasis::CatalogAverage { unit_cost } => {
            unit_cost.0
        }
        CostBasis::ItemCosts => 0,
    });
    let spec = ScopeSpec::Store(unit);
    finish(
        &fin,
        promo,
        metrics,
        profile,
        &s,
        &span,
        &spec,
        Scope::Store,
        basis,
        0,
        today,
    )
    .map_err(|e| first_err.unwrap_or(e))
}

/// The baseline exclusions, for [`finish`].
struct Fin<'a> {
    is_ex: &'a dyn Fn(i64) -> bool,
    excluded: &'a [Excluded],
}

#[allow(clippy::too_many_arguments)]
fn finish(
    fin: &Fin,
    promo: &Promotion,
    metrics: &MetricsStore,
    profile: &StoreProfile,
    s: &ReviewSettings,
    span: &Span,
    spec: &ScopeSpec,
    scope: Scope,
    cost_basis: Option<CostBasis>,
    products_without_cost: u32,
    today: NaiveDate,
) -> Result<Review, ReviewError> {
    let mut ex = extract(metrics, spec, span.pre.0, span.data_end);
    let mut pre_excluded = 0u32;
    for d in span.pre.0..=span.pre.1 {
        if (fin.is_ex)(i64::from(d)) {
            pre_excluded += 1;
            let i = usize::try_from(i64::from(d) - i64::from(ex.first)).ok();
            if let Some(f) = i.and_then(|i| ex.days.get_mut(i)) {
                f.excluded = true;
            }
        }
    }
    let promo_have = present_days(&ex, span.promo);
    if promo_have == 0 {
        return Err(ReviewError::NoPromotionDays);
    }
    let pre_have = present_days(&ex, span.pre);
    if pre_have < s.min_pre_days {
        return Err(ReviewError::TooFewPreDays {
            have: pre_have,
            need: s.min_pre_days,
        });
    }
    let base = fit(&ex, span.pre);
    let tq = t_quantile(s.z, base.dof);
    let promo_lift = lift(&ex, &base, span.promo, tq);
    let lead_lift = span.lead.map(|w| lift(&ex, &base, w, tq));
    let post_past = span
        .post
        .map(|(a, _)| (a, span.data_end))
        .filter(|(a, b)| a <= b);
    let post_lift = post_past
        .filter(|&w| present_days(&ex, w) > 0)
        .map(|w| lift(&ex, &base, w, tq));
    let net_start = span.lead.map_or(span.promo.0, |l| l.0);
    let net_end = if post_lift.is_some() {
        span.data_end
    } else {
        span.promo.1
    };
    let net = lift(&ex, &base, (net_start, net_end), tq);

    // promo-window totals
    let mut units = 0u64;
    let mut buyers = 0u64;
    let mut refunds = 0i64;
    let mut cogs = 0i64;
    let mut ad = 0i64;
    let mut aff = 0i64;
    let mut store_paid = 0i64;
    let mut recorded_days = 0u32;
    for d in span.promo.0..=span.promo.1 {
        if let Some(f) = ex.get(d).filter(|f| f.usable()) {
            recorded_days += u32::from(f.store_present);
            units = units.saturating_add(f.units);
            buyers = buyers.saturating_add(f.buyers);
            refunds = refunds.saturating_add(f.refunds);
            cogs = cogs.saturating_add(f.cogs);
            ad = ad.saturating_add(f.ad);
            aff = aff.saturating_add(f.affiliate);
            store_paid = store_paid.saturating_add(f.store_paid);
        }
    }
    let (mut pre_paid, mut pre_cogs, mut pre_ad, mut pre_aff, mut pre_store) =
        (0i64, 0i64, 0i64, 0i64, 0i64);
    let (mut pre_refunds, mut pre_buyers) = (0i64, 0u64);
    for d in span.pre.0..=span.pre.1 {
        if let Some(f) = ex.get(d).filter(|f| f.usable()) {
            pre_refunds = pre_refunds.saturating_add(f.refunds);
            pre_buyers = pre_buyers.saturating_add(f.buyers);
            pre_paid = pre_paid.saturating_add(f.paid);
            pre_cogs = pre_cogs.saturating_add(f.cogs);
            pre_ad = pre_ad.saturating_add(f.ad);
            pre_aff = pre_aff.saturating_add(f.affiliate);
            pre_store = pre_store.saturating_add(f.store_paid);
        }
    }

    let fee_bp = profile.fee_rate_bp;
    let ship = profile.shipping_cost_per_order().0;
    let profit = cost_basis.map(|cost_basis| {
        let paid_a = promo_lift.actual;
        let paid_b = promo_lift.baseline;
        let rate = i64::from(promo.affiliate_bp);
        // 淘宝客 is owed only on its own orders: the recorded commission when the store days
        // record it; the rate only estimates when nothing is recorded.
        let (commission_source, commission_a, commission_b) = if recorded_days > 0 {
            (
                CommissionSource::Recorded,
                mul_div(paid_a.0, aff, store_paid),
                mul_div(paid_b.0, pre_aff, pre_store),
            )
        } else if rate > 0 {
            (
                CommissionSource::RateEstimate {
                    bp: promo.affiliate_bp,
                },
                mul_div(paid_a.0, rate, 10_000),
                mul_div(paid_b.0, rate, 10_000),
            )
        } else {
            (CommissionSource::None, 0, 0)
        };
        let actual = ProfitParts::new(
            paid_a,
            Fen(cogs),
            platform_fee(paid_a, fee_bp),
            Fen(commission_a),
            Fen(ad),
            Fen(refunds),
            Fen(mul(ship, buyers)),
        );
        let baseline = ProfitParts::new(
            paid_b,
            Fen(mul_div(paid_b.0, pre_cogs, pre_paid)),
            platform_fee(paid_b, fee_bp),
            Fen(commission_b),
            Fen(mul_div(
                pre_ad,
                i64::from(promo_lift.days_with_data),
                i64::from(pre_have),
            )),
            Fen(mul_div(paid_b.0, pre_refunds, pre_paid)),
            Fen(mul_div(
                mul(ship, 1).saturating_mul(paid_b.0),
                i64::try_from(pre_buyers).unwrap_or(i64::MAX),
                pre_paid,
            )),
        );
        let incremental = actual.profit - baseline.profit;
        let per_fen = if paid_b.0 != 0 {
            ((baseline.profit.0 + baseline.ad_spend.0) as f64 / paid_b.0 as f64).abs()
        } else {
            0.0
        };
        let half = fen(promo_lift.margin.0 as f64 * per_fen);
        Profit {
            actual,
            baseline,
            incremental,
            low: incremental - half,
            high: incremental + half,
            cost_basis,
            ad_source: ex.ad_source,
            commission_source,
            products_without_cost,
        }
    });

    let completion = |target: i64, actual: i64| {
        (target > 0).then(|| Completion {
            target,
            actual,
            bp: mul_div(actual, 10_000, target),
        })
    };
    let gmv_target = completion(promo.target_gmv.0, promo_lift.actual.0);
    let units_target = completion(promo.target_units, i64::try_from(units).unwrap_or(i64::MAX));

    // 爆发系数 over the active days (main and return waves), not the quiet days between them
    let (mut active_paid, mut burst_days) = (0i64, 0u32);
    let waves = promo.phases.price_days();
    for d in span.promo.0..=span.promo.1 {
        let on = waves.iter().any(|r| r.contains(date(d)));
        if let Some(f) = ex.get(d).filter(|f| f.usable() && on) {
            active_paid = active_paid.saturating_add(f.paid);
            burst_days += 1;
        }
    }
    let burst_factor = (base.pre_mean > 0.0 && burst_days > 0)
        .then(|| active_paid as f64 / f64::from(burst_days) / base.pre_mean);
    let lift_ratio = (promo_lift.baseline.0 > 0)
        .then(|| promo_lift.actual.0 as f64 / promo_lift.baseline.0 as f64);

    let mut missing = Vec::new();
    for w in span.lead.into_iter().chain(std::iter::once(span.promo)) {
        for d in w.0..=w.1 {
            if !ex.get(d).is_some_and(|f| f.usable()) {
                missing.push(date(d));
            }
        }
    }
    let count = |w: (Day, Day)| DayCount {
        expected: u32::try_from(len(w.0, w.1).max(0)).unwrap_or(u32::MAX),
        have: present_days(&ex, w),
    };
    let pre_count = count(span.pre);
    let coverage = Coverage {
        pre: DayCount {
            expected: pre_count.expected.saturating_sub(pre_excluded),
            have: pre_count.have,
        },
        lead_in: span.lead.map(count),
        promo: count(span.promo),
        post: post_past.map(count).unwrap_or_default(),
        post_complete: span
            .post
            .is_none_or(|(_, e)| i64::from(e) < i64::from(day_of(today))),
        missing,
    };

    let mut day_margin = [0f64; 7];
    for (w, m) in day_margin.iter_mut().enumerate() {
        let mut k = [0u32; 7];
        if let Some(c) = k.get_mut(w) {
            *c = 1;
        }
        *m = tq * base.sigma * error_factor(&base, &k).sqrt();
    }
    let mut series = Vec::with_capacity(ex.days.len());
    for d in span.pre.0..=span.data_end {
        let phase = if d <= span.pre.1 {
            DayPhase::Pre
        } else if d < span.promo.0 {
            DayPhase::LeadIn
        } else if d <= span.promo.1 {
            DayPhase::Promo
        } else {
            DayPhase::Post
        };
        let e = expected(&base, d);
        let dm = day_margin.get(weekday(d) as usize).copied().unwrap_or(0.0);
        series.push(DayPoint {
            date: date(d),
            phase,
            actual: ex.get(d).filter(|f| f.present).map(|f| Fen(f.paid)),
            excluded: ex.get(d).is_some_and(|f| f.excluded),
            baseline: fen(e),
            low: fen((e - dm).max(0.0)),
            high: fen(e + dm),
        });
    }

    Ok(Review {
        promotion_id: promo.meta.id.clone(),
        scope,
        windows: Windows {
            pre: range_of(span.pre),
            lead_in: span.lead.map(range_of),
            promo: range_of(span.promo),
            post: span.post.map(range_of),
        },
        baseline: base,
        promo: promo_lift,
        lead_in: lead_lift,
        post: post_lift,
        net,
        burst_factor,
        burst_days,
        lift_ratio,
        units,
        buyers,
        refunds: Fen(refunds),
        profit,
        gmv_target,
        units_target,
        coverage,
        series,
        band_quantile: tq,
        excluded: fin
            .excluded
            .iter()
            .filter(|e| e.range.start <= e.range.end)
            .filter_map(|e| {
                let pre = range_of(span.pre);
                let (a, b) = (e.range.start.max(pre.start), e.range.end.min(pre.end));
                (a <= b).then(|| Excluded {
                    range: DateRange::new(a, b),
                    why: e.why.clone(),
                })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_rounds_half_away_from_zero() {
        assert_eq!(mul_div(5, 1, 2), 3);
        assert_eq!(mul_div(-5, 1, 2), -3);
        assert_eq!(mul_div(7, 2, 3), 5); // 4.67
        assert_eq!(mul_div(1, 1, 0), 0);
        assert_eq!(mul_div(i64::MAX, i64::MAX, 1), i64::MAX);
    }

    fn baseline(days: [u32; 7], level: f64) -> Baseline {
        Baseline {
            level,
            weekday_factors: [1.0; 7],
            pre_mean: level,
            sigma: 1.0,
            dof: 1,
            days: days.iter().sum(),
            weekday_days: days,
        }
    }

    #[test]
    fn error_factor_adds_the_fitted_means_error() {
        // four weeks: each day of a full week carries its weekday mean's error 1/4
        let b = baseline([4; 7], 100.0);
        assert!((error_factor(&b, &[1; 7]) - (7.0 + 7.0 / 4.0)).abs() < 1e-9);
        // one Monday: 1 + 1/4
        let mut k = [0; 7];
        k[0] = 1;
        assert!((error_factor(&b, &k) - 1.25).abs() < 1e-9);
        // no weekday with two days: level = plain mean of n days
        let b = baseline([1, 1, 1, 0, 0, 0, 0], 100.0);
        assert!((error_factor(&b, &k) - (1.0 + 1.0 / 3.0)).abs() < 1e-9);
        // level not positive: every day carries the level's error (mean of the weekday means)
        let b = baseline([4; 7], 0.0);
        assert!((error_factor(&b, &k) - (1.0 + 7.0 * (1.0 / 49.0) / 4.0)).abs() < 1e-9);
    }
}
