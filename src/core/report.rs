//! Daily, weekly and monthly reports (日报 / 周报 / 月报, domain reference §6.3), built from what
//! the planner holds: the imported metrics, the catalog, promotions, platform events, tasks and
//! the year's target plan. Nothing here is stored: a report is computed for a day and a kind.
//!
//! - **Period.** The day, the ISO week (Monday–Sunday) or the calendar month of the chosen day,
//!   covered up to that day (a week or month still running is "to date"). KPIs are compared with
//!   the previous period of the same length (环比) and the same dates a year earlier (同比), as on
//!   the Dashboard.
//! - **Sections.** Overview (KPIs), trend (one line per day of a week or month), best sellers
//!   (top products by 支付金额), categories (weekly and monthly), anomalies of the period,
//!   promotions whose main wave overlaps the period (with their review figures where the data
//!   allows), the plan for the next period (open tasks due then, promotions starting, registration
//!   deadlines), and the target: this month's attainment (daily, weekly) or next month's target
//!   (monthly).

use crate::core::metrics::anomaly::{detect_in, Anomaly, AnomalySettings};
use crate::core::metrics::kpi::{dashboard, trend, Dashboard, Grain};
use crate::core::metrics::period::{date_of, day_of, Period};
use crate::core::metrics::products::product_stats;
use crate::core::metrics::store::MetricsStore;
use crate::core::promo::events::{add_days, phase_ranges, PhaseKind};
use crate::core::targets as tg;
use crate::model::{DateRange, Fen, PromoStatus, StoreProfile, Task, TaskStatus, Workspace};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// 日报, 周报 or 月报.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportKind {
    Daily,
    Weekly,
    Monthly,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] = [ReportKind::Daily, ReportKind::Weekly, ReportKind::Monthly];

    pub fn key(self) -> &'static str {
        match self {
            ReportKind::Daily => "daily",
            ReportKind::Weekly => "weekly",
            ReportKind::Monthly => "monthly",
        }
    }

    pub fn from_key(k: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|r| r.key() == k)
    }
}

/// How many best sellers a report lists.
pub const BEST_SELLERS: usize = 5;

/// One of the best sellers: a product of the metrics, named from the catalog where it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductLine {
    pub item_id: String,
    /// The catalog's SKU and title; empty when the product is not in the catalog.
    pub sku: String,
    pub title: String,
    pub paid_amount: Fen,
    pub paid_units: u64,
    /// Share of the period's product 支付金额, in basis points (None when that is zero).
    pub share_bp: Option<i64>,
}

/// 支付金额 of one catalog category (类目/系列) in the period and in the previous one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryLine {
    /// The catalog category; empty for products not in the catalog or without one.
    pub category: String,
    pub paid_amount: Fen,
    pub previous: Fen,
    pub share_bp: Option<i64>,
}

/// A promotion whose main wave overlaps the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoLine {
    pub id: String,
    pub name: String,
    pub status: PromoStatus,
    pub main: DateRange,
    pub target_gmv: Fen,
    /// 支付金额 of the promo window and its increment over the baseline, when the review can be
    /// computed from the data (None: not enough data, or the window has not started).
    pub actual: Option<Fen>,
    pub incremental: Option<Fen>,
}

/// Something planned for the next period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanItem {
    /// An open task due in the next period.
    Task {
        id: String,
        title: String,
        due: NaiveDate,
        owner: String,
        status: TaskStatus,
    },
    /// A promotion whose main wave starts in the next period.
    PromoStart {
        id: String,
        name: String,
        date: NaiveDate,
    },
    /// A registration deadline (报名截止) of a promotion or platform event in the next period.
    Registration {
        id: String,
        name: String,
        date: NaiveDate,
    },
}

impl PlanItem {
    pub fn date(&self) -> NaiveDate {
        match self {
            PlanItem::Task { due, .. } => *due,
            PlanItem::PromoStart { date, .. } | PlanItem::Registration { date, .. } => *date,
        }
    }
}

/// The month's target against what happened (daily and weekly reports: the month of the
/// period; monthly: next month's target, with nothing actual yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetLine {
    pub plan_name: String,
    pub year: i32,
    /// 0-based month.
    pub month: usize,
    /// The month's 支付金额 target.
    pub target: Fen,
    /// Target and actual up to the report's day (zero for next month).
    pub target_to_date: Fen,
    pub actual_to_date: Fen,
    /// actual ÷ target to date, basis points.
    pub rate_bp: Option<i64>,
}

/// A report of one kind for one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub kind: ReportKind,
    /// The calendar day, week or month.
    pub full: DateRange,
    /// The days covered: `full` up to the chosen day.
    pub covered: DateRange,
    /// The next day, week or month (the plan's period).
    pub next: DateRange,
    /// Whether any metrics fall in the covered days.
    pub has_data: bool,
    pub overview: Dashboard,
    /// One line per day (weekly and monthly reports; empty for a daily one).
    pub trend: Vec<(NaiveDate, crate::core::metrics::kpi::Kpis)>,
    pub best: Vec<ProductLine>,
    /// Weekly and monthly reports; by 支付金额, largest first.
    pub categories: Vec<CategoryLine>,
    pub anomalies: Vec<Anomaly>,
    pub promotions: Vec<PromoLine>,
    pub plan: Vec<PlanItem>,
    pub target: Option<TargetLine>,
    /// Weekly only: the competitors' moves (竞品动态).
    pub competitors: Vec<CompetitorMove>,
}

/// The calendar unit of `kind` around `day`: the day, its ISO week (Monday first) or its month.
pub fn unit_of(kind: ReportKind, day: NaiveDate) -> DateRange {
    match kind {
        ReportKind::Daily => DateRange::new(day, day),
        ReportKind::Weekly => {
            let back = i64::from(day.weekday().num_days_from_monday());
            let start = add_days(day, -back).unwrap_or(day);
            DateRange::new(start, add_days(start, 6).unwrap_or(start))
        }
        ReportKind::Monthly => {
            let start = day.with_day(1).unwrap_or(day);
            DateRange::new(start, crate::core::tasks::month_end(day))
        }
    }
}

/// The unit after `unit` (the next day, week or month).
fn next_unit(kind: ReportKind, unit: DateRange) -> DateRange {
    let first = add_days(unit.end, 1).unwrap_or(unit.end);
    unit_of(kind, first)
}

fn share(part: Fen, total: Fen) -> Option<i64> {
    if total.0 <= 0 {
        return None;
    }
    let x = i128::from(part.0) * 10_000;
    let t = i128::from(total.0);
    // rounded half away from zero
    let r = (2 * x + t * x.signum()) / (2 * t);
    i64::try_from(r).ok()
}

fn period_of(r: DateRange) -> Period {
    Period::new(day_of(r.start), day_of(r.end))
}

fn target_line(
    ws: &Workspace,
    metrics: &MetricsStore,
    kind: ReportKind,
    day: NaiveDate,
    next: DateRange,
) -> Option<TargetLine> {
    let (month_day, to_date) = match kind {
        ReportKind::Monthly => (next.start, false),
        _ => (day, true),
    };
    let year = month_day.year();
    let plan = tg::main_plan(&ws.targets, year)?;
    let m = month_day.month0() as usize;
    let target = Fen(plan.months.get(m).map_or(0, |x| x.gmv.0));
    let mut line = TargetLine {
        plan_name: plan.name.clone(),
        year,
        month: m,
        target,
        target_to_date: Fen::ZERO,
        actual_to_date: Fen::ZERO,
        rate_bp: None,
    };
    if to_date {
        let actual = tg::month_sums(metrics.store_days(), year);
        let a = tg::month_attainment(plan, m, &actual, day_of(day));
        line.target_to_date = Fen(a.target_to_date);
        line.actual_to_date = Fen(a.actual_to_date);
        line.rate_bp = a.rate_bp;
    }
    Some(line)
}

fn promo_lines(
    ws: &Workspace,
    metrics: &MetricsStore,
    profile: &StoreProfile,
    covered: DateRange,
    day: NaiveDate,
) -> Vec<PromoLine> {
    let products: Vec<_> = ws.live_products().cloned().collect();
    let mut v: Vec<PromoLine> = ws
        .live_promotions()
        .filter(|p| p.phases.main.start <= covered.end && covered.start <= p.phases.main.end)
        .map(|p| {
            let review = crate::core::promo::review::review(p, metrics, &products, profile, day)
                .ok()
                .filter(|r| r.promo.days_with_data > 0);
            PromoLine {
                id: p.meta.id.clone(),
                name: p.name.clone(),
                status: p.status,
                main: p.phases.main,
                target_gmv: p.target_gmv,
                actual: review.as_ref().map(|r| r.promo.actual),
                incremental: review.as_ref().map(|r| r.promo.incremental),
            }
        })
        .collect();
    v.sort_by(|a, b| (a.main.start, &a.name, &a.id).cmp(&(b.main.start, &b.name, &b.id)));
    v
}

fn plan_items(ws: &Workspace, next: DateRange) -> Vec<PlanItem> {
    let mut v = Vec::new();
    let owner_name = |t: &Task| {
        ws.live::<crate::model::Member>()
            .find(|m| m.meta.id == t.owner)
            .map_or_else(|| t.owner.clone(), |m| m.name.clone())
    };
    for t in ws.live::<Task>() {
        let Some(due) = t.due else { continue };
        if t.status != TaskStatus::Done && next.contains(due) {
            v.push(PlanItem::Task {
                id: t.meta.id.clone(),
                title: t.title.clone(),
                due,
                owner: owner_name(t),
                status: t.status,
            });
        }
    }
    for p in ws.live_promotions() {
        if next.contains(p.phases.main.start) {
            v.push(PlanItem::PromoStart {
                id: p.meta.id.clone(),
                name: p.name.clone(),
                date: p.phases.main.start,
            });
        }
    }
    let regs = ws
        .live_promotions()
        .map(|p| (&p.meta.id, &p.name, &p.phases))
        .chain(ws.live_events().map(|e| (&e.meta.id, &e.name, &e.phases)));
    for (id, name, phases) in regs {
        for (k, r) in phase_ranges(phases) {
            if k == PhaseKind::Registration && next.contains(r.start) {
                v.push(PlanItem::Registration {
                    id: id.clone(),
                    name: name.clone(),
                    date: r.start,
                });
            }
        }
    }
    let rank = |p: &PlanItem| match p {
        PlanItem::Registration { .. } => 0,
        PlanItem::PromoStart { .. } => 1,
        PlanItem::Task { .. } => 2,
    };
    v.sort_by(|a, b| {
        (a.date(), rank(a))
            .cmp(&(b.date(), rank(b)))
            .then_with(|| format!("{a:?}").cmp(&format!("{b:?}")))
    });
    v
}

/// A competitor item's move in the report's days (weekly: 竞品动态).
#[derive(Clone, Debug, PartialEq)]
pub struct CompetitorMove {
    pub name: String,
    pub store: String,
    /// Its latest snapshot in the days covered.
    pub day: NaiveDate,
    pub price: Option<Fen>,
    /// Its latest price before these days (None: first noted now).
    pub previous: Option<Fen>,
    /// Ours that day after promotions, and theirs − ours.
    pub ours: Option<Fen>,
    pub gap: Option<i64>,
    pub sales: Option<u64>,
    pub activity: String,
}

/// The competitor items noted in `covered`, each with its latest snapshot there and its price
/// before; those below our price first, then by store and name.
pub fn competitor_moves(
    ws: &Workspace,
    metrics: &MetricsStore,
    covered: DateRange,
) -> Vec<CompetitorMove> {
    let pairs = crate::core::competitors::pairs(
        &ws.competitors,
        &ws.products,
        &ws.promotions,
        metrics,
        ws.settings.store_wide_base,
    );
    let mut out: Vec<CompetitorMove> = pairs
        .iter()
        .filter_map(|p| {
            let now = p.points.iter().rev().find(|x| covered.contains(x.day))?;
            let previous = p
                .points
                .iter()
                .rev()
                .find(|x| x.day < covered.start && x.price.is_some())
                .and_then(|x| x.price);
            Some(CompetitorMove {
                name: p.item.name.clone(),
                store: p.item.store.clone(),
                day: now.day,
                price: now.price,
                previous,
                ours: now.ours,
                gap: now.gap,
                sales: now.sales,
                activity: now.activity.clone(),
            })
        })
        .collect();
    out.sort_by_key(|m| m.gap.is_none_or(|g| g >= 0));
    out
}

/// The report of `kind` for `day`.
pub fn build(
    kind: ReportKind,
    day: NaiveDate,
    ws: &Workspace,
    metrics: &MetricsStore,
    anomaly: &AnomalySettings,
) -> Report {
    let full = unit_of(kind, day);
    let covered = DateRange::new(full.start, day.min(full.end));
    let next = next_unit(kind, full);
    let period = period_of(covered);
    let overview = dashboard(metrics, period);
    let has_data = overview.current.totals.rows > 0;

    let trend_lines = match kind {
        ReportKind::Daily => Vec::new(),
        _ => trend(metrics, period, Grain::Day)
            .into_iter()
            .filter_map(|k| Some((date_of(k.period.from)?, k)))
            .collect(),
    };

    // products of the period and of the previous one, named and grouped from the catalog
    let by_item: BTreeMap<&str, &crate::model::Product> = ws
        .live_products()
        .filter(|p| !p.item_id.is_empty())
        .map(|p| (p.item_id.as_str(), p))
        .collect();
    let stats = product_stats(metrics, period);
    let total: Fen = stats
        .iter()
        .map(|s| s.paid_amount)
        .fold(Fen::ZERO, |a, b| a + b);
    let mut ranked: Vec<_> = stats.iter().filter(|s| s.paid_amount.0 > 0).collect();
    ranked.sort_by(|a, b| {
        b.paid_amount
            .cmp(&a.paid_amount)
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    let best = ranked
        .into_iter()
        .take(BEST_SELLERS)
        .map(|s| {
            let p = by_item.get(s.item_id.as_str());
            ProductLine {
                item_id: s.item_id.clone(),
                sku: p.map(|p| p.sku.clone()).unwrap_or_default(),
                title: p.map(|p| p.title.clone()).unwrap_or_default(),
                paid_amount: s.paid_amount,
                paid_units: s.paid_units,
                share_bp: share(s.paid_amount, total),
            }
        })
        .collect();

    let categories = if kind == ReportKind::Daily {
        Vec::new()
    } else {
        let mut cats: BTreeMap<String, (Fen, Fen)> = BTreeMap::new();
        let cat_of = |item: &str| {
            by_item
                .get(item)
                .map(|p| p.category.trim().to_string())
                .unwrap_or_default()
        };
        for s in &stats {
            let e = cats.entry(cat_of(&s.item_id)).or_default();
            e.0 = e.0 + s.paid_amount;
        }
        for s in product_stats(metrics, period.previous()) {
            let e = cats.entry(cat_of(&s.item_id)).or_default();
            e.1 = e.1 + s.paid_amount;
        }
        let mut v: Vec<CategoryLine> = cats
            .into_iter()
            .filter(|(_, (now, prev))| now.0 != 0 || prev.0 != 0)
            .map(|(category, (paid_amount, previous))| CategoryLine {
                category,
                paid_amount,
                previous,
                share_bp: share(paid_amount, total),
            })
            .collect();
        v.sort_by(|a, b| {
            b.paid_amount
                .cmp(&a.paid_amount)
                .then_with(|| a.category.cmp(&b.category))
        });
        v
    };

    Report {
        kind,
        full,
        covered,
        next,
        has_data,
        overview,
        trend: trend_lines,
        best,
        categories,
        anomalies: detect_in(metrics, period, anomaly),
        promotions: promo_lines(ws, metrics, &ws.profile, covered, day),
        plan: plan_items(ws, next),
        target: target_line(ws, metrics, kind, day, next),
        competitors: if kind == ReportKind::Weekly {
            competitor_moves(ws, metrics, covered)
        } else {
            Vec::new()
        },
    }
}
