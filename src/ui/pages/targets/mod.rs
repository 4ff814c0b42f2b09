//! Targets (目标): the director's year. A plan's headline 支付金额 target split into quarters and
//! months (typing a month or quarter pins it, the unlocked months absorb the change, the year
//! always adds up to the fen), what each month needs (visitors, buyers, paid visitors, ad
//! budget), plan against the imported actuals, a year-end forecast, the drivers and fixed costs.
//! The profit plan, sensitivity and scenarios are in `targets_pnl.rs`; all rules in
//! `core::targets`. Every edit is one undo step on a shared record (`TargetPlan`).

use crate::core::format::{bp_plain, group_thousands, parse_percent_bp, percent_bp, yuan};
use crate::core::metrics::export::to_csv;
use crate::core::metrics::period::{date_of, day_from_ymd};
use crate::core::targets::{self as tg, AmountError, Curve, CurveSource, MonthRow, TargetError};
use crate::formats::xlsx::Sheet;
use crate::i18n::*;
use crate::model::metrics::Day;
use crate::model::target::{CostLine, MONTHS};
use crate::model::{Fen, Record, TargetPlan};
use crate::ui::state::{new_id, now_ms, today, AppState};
pub use crate::ui::text::month_names;
use crate::ui::text::{dyn_bool, dyn_text};
use crate::ui::widgets::download::{download_text, export_xlsx, XlsxFailed};
use leptos::prelude::*;
use pnl::{PnlPanel, Scenarios, Sensitivity};

mod budget;
mod days;
mod headline;
mod pnl;
mod shares;
mod stocking;

/// Why an edit was refused; shown in the user's language, and nothing was changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    Amount(AmountError, String),
    Target(TargetError),
    Percent(String, i64, i64),
    Money(String),
    Year,
    Name,
    /// A net or profit headline no 支付金额 reaches.
    Unreachable,
    /// A typed share refused.
    Share(tg::shares::ShareError, String),
}

fn refusal_text(l: Locale, r: &Refusal) -> String {
    match r {
        Refusal::Amount(AmountError::NotANumber, v) => {
            td_string!(l, targets.err_number, v = v.clone()).to_string()
        }
        Refusal::Amount(AmountError::Negative, _) | Refusal::Target(TargetError::Negative) => {
            td_string!(l, targets.err_negative).to_string()
        }
        Refusal::Amount(AmountError::TooLarge, _) | Refusal::Target(TargetError::TooLarge) => {
            td_string!(l, targets.err_large).to_string()
        }
        Refusal::Target(TargetError::LockedExceed { locked }) => {
            td_string!(l, targets.err_locked, v = yuan(*locked)).to_string()
        }
        Refusal::Target(TargetError::NothingToAbsorb) => {
            td_string!(l, targets.err_absorb).to_string()
        }
        Refusal::Target(TargetError::OutOfRange) => td_string!(l, targets.err_range).to_string(),
        Refusal::Percent(v, min, max) => td_string!(
            l,
            targets.err_percent,
            v = v.clone(),
            min = format!("{}%", min / 100),
            max = format!("{}%", max / 100)
        )
        .to_string(),
        Refusal::Money(v) => td_string!(l, targets.err_money, v = v.clone()).to_string(),
        Refusal::Year => td_string!(l, targets.bad_year).to_string(),
        Refusal::Name => td_string!(l, targets.err_name).to_string(),
        Refusal::Unreachable => td_string!(l, targets.err_unreachable).to_string(),
        Refusal::Share(tg::shares::ShareError::NotAPercent, v) => {
            td_string!(l, targets.err_share, v = v.clone()).to_string()
        }
        Refusal::Share(tg::shares::ShareError::OverWhole { others_bp }, v) => td_string!(
            l,
            targets.err_share_over,
            v = v.clone(),
            others = pct2(i64::from(*others_bp))
        )
        .to_string(),
    }
}

/// An amount as an input box shows it: "4,600,000.00" (what `parse_amount` reads back).
pub fn amount_text(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    format!("{sign}{}.{:02}", group_thousands(a / 100), a % 100)
}

pub use crate::core::format::percent2_bp as pct2;

/// The imported actuals of a plan's year and the year before.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Actuals {
    pub this: [tg::MonthSum; MONTHS],
    pub last: [tg::MonthSum; MONTHS],
    /// The last imported day, if it falls in the plan's year or later.
    pub asof: Option<Day>,
    /// Imported days of the plan's year.
    pub days: u32,
}

/// What every part of the page shares.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub state: AppState,
    pub plan: Memo<Option<TargetPlan>>,
    pub curve: Memo<Option<Curve>>,
    pub actuals: Memo<Actuals>,
    pub inputs: Memo<tg::PnlInputs>,
    pub rows: Memo<Vec<MonthRow>>,
    pub chosen: RwSignal<Option<String>>,
    pub msg: RwSignal<Option<Refusal>>,
}

impl Ctx {
    /// Apply `f` to a copy of the shown plan; store it (one undo step) if it succeeds, else say
    /// why and change nothing.
    pub fn change(
        &self,
        f: impl FnOnce(&mut TargetPlan, &[u64; MONTHS]) -> Result<(), Refusal>,
    ) -> bool {
        let Some(mut p) = self.plan.get_untracked() else {
            return false;
        };
        let curve = self
            .curve
            .with_untracked(|c| c.as_ref().map(|c| c.weights))
            .unwrap_or(tg::DEFAULT_CURVE);
        match f(&mut p, &curve) {
            Ok(()) => {
                self.msg.set(None);
                let id = p.meta.id.clone();
                self.state.edit::<TargetPlan>(&id, move |r| *r = p);
                true
            }
            Err(e) => {
                self.msg.set(Some(e));
                false
            }
        }
    }

    /// An amount typed into `e`: parsed, applied with `f`, or refused with the box reset.
    fn amount(
        &self,
        e: &leptos::ev::Event,
        old: String,
        f: impl FnOnce(&mut TargetPlan, Fen, &[u64; MONTHS]) -> Result<(), TargetError>,
    ) {
        let v = event_target_value(e);
        let ok = match tg::parse_amount(&v) {
            Ok(fen) => self.change(|p, c| f(p, fen, c).map_err(Refusal::Target)),
            Err(a) => {
                self.msg.set(Some(Refusal::Amount(a, v)));
                false
            }
        };
        if !ok {
            event_target::<web_sys::HtmlInputElement>(e).set_value(&old);
        }
    }

    /// A percentage typed into `e` within [min, max] basis points; blank gives `None` when
    /// `blank_ok`.
    fn percent(
        &self,
        e: &leptos::ev::Event,
        old: String,
        (min, max): (i64, i64),
        blank_ok: bool,
        f: impl FnOnce(&mut TargetPlan, Option<u32>),
    ) {
        let v = event_target_value(e);
        let parsed = if blank_ok && v.trim().is_empty() {
            Some(None)
        } else {
            parse_percent_bp(&v, min, max).map(|bp| Some(u32::try_from(bp).unwrap_or(0)))
        };
        let ok = match parsed {
            Some(bp) => self.change(|p, _| {
                f(p, bp);
                Ok(())
            }),
            None => {
                self.msg.set(Some(Refusal::Percent(v, min, max)));
                false
            }
        };
        if !ok {
            event_target::<web_sys::HtmlInputElement>(e).set_value(&old);
        }
    }

    /// A money amount (¥, two decimals, ≥ `min` fen).
    pub(crate) fn money(
        &self,
        e: &leptos::ev::Event,
        old: String,
        min: i64,
        f: impl FnOnce(&mut TargetPlan, Fen),
    ) {
        let v = event_target_value(e);
        let ok = match Fen::parse_yuan(&v).filter(|x| x.0 >= min) {
            Some(x) => self.change(|p, _| {
                f(p, x);
                Ok(())
            }),
            None => {
                self.msg.set(Some(Refusal::Money(v)));
                false
            }
        };
        if !ok {
            event_target::<web_sys::HtmlInputElement>(e).set_value(&old);
        }
    }

    pub(crate) fn read<T>(&self, f: impl Fn(&TargetPlan) -> T) -> Option<T> {
        self.plan.with(|p| p.as_ref().map(f))
    }
}

fn actuals_of(days: &[crate::model::metrics::StoreDay], year: i32) -> Actuals {
    let this = tg::month_sums(days, year);
    let last = tg::month_sums(days, year - 1);
    let first = day_from_ymd(year, 1, 1).unwrap_or(Day::MAX);
    let asof = days.last().map(|d| d.day).filter(|d| *d >= first);
    Actuals {
        this,
        last,
        asof,
        days: this.iter().map(|s| s.days).sum(),
    }
}

/// Plans sorted for the picker: latest year first, its main plan before its scenarios.
fn sorted_plans(state: AppState) -> Vec<TargetPlan> {
    state.ws.with(|ws| {
        let mut v: Vec<TargetPlan> = ws.live::<TargetPlan>().cloned().collect();
        v.sort_by(|a, b| {
            (b.year, a.base.is_some(), &a.name, &a.meta.id).cmp(&(
                a.year,
                b.base.is_some(),
                &b.name,
                &b.meta.id,
            ))
        });
        v
    })
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let chosen = RwSignal::new(None::<String>);
    let msg = RwSignal::new(None::<Refusal>);
    let plans = Memo::new(move |_| sorted_plans(state));
    let plan = Memo::new(move |_| {
        let c = chosen.get();
        plans.with(|v| {
            c.and_then(|id| v.iter().find(|p| p.meta.id == id))
                .or(v.first())
                .cloned()
        })
    });
    let year = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.year)));
    let curve = Memo::new(move |_| {
        year.get()
            .map(|y| state.metrics.with(|m| tg::curve_for(y, m.store_days())))
    });
    let actuals = Memo::new(move |_| {
        year.get()
            .map(|y| state.metrics.with(|m| actuals_of(m.store_days(), y)))
            .unwrap_or_default()
    });
    let inputs = Memo::new(move |_| {
        let y = year.get();
        state.ws.with(|ws| {
            let mut i = tg::PnlInputs::new(
                ws.profile.fee_rate_bp,
                tg::catalog_margin_bp(ws.live_products()),
            );
            if let Some(y) = y {
                let live: Vec<crate::model::Promotion> = ws
                    .live_promotions()
                    .filter(|p| p.target_gmv.0 > 0)
                    .cloned()
                    .collect();
                if !live.is_empty() {
                    let checks = crate::core::promo::check::check_all(
                        &live,
                        &ws.products,
                        &ws.profile,
                        &ws.settings,
                    );
                    i.promo_discount =
                        tg::promo_discount_by_month(y, &tg::promo_discounts(&live, &checks));
                }
            }
            i
        })
    });
    let rows = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| actuals.with(|a| tg::month_table(p, &a.this, &a.last, a.asof)))
                .unwrap_or_default()
        })
    });
    let ctx = Ctx {
        state,
        plan,
        curve,
        actuals,
        inputs,
        rows,
        chosen,
        msg,
    };
    provide_context(ctx);

    // The month table's rows and the file's name (without extension).
    let month_table = move || {
        let l = i18n.get_locale_untracked();
        let p = plan.get_untracked()?;
        let headers: Vec<String> = [
            td_string!(l, targets.col_month).to_string(),
            td_string!(l, targets.col_target).to_string(),
            td_string!(l, targets.col_lock).to_string(),
            td_string!(l, targets.col_share).to_string(),
            td_string!(l, targets.col_daily).to_string(),
            td_string!(l, targets.col_visitors).to_string(),
            td_string!(l, targets.col_buyers).to_string(),
            td_string!(l, targets.col_paid).to_string(),
            td_string!(l, targets.col_budget).to_string(),
            td_string!(l, targets.col_spent).to_string(),
            td_string!(l, targets.col_actual).to_string(),
            td_string!(l, targets.col_attain).to_string(),
            td_string!(l, targets.col_last_year).to_string(),
            td_string!(l, targets.col_yoy).to_string(),
        ]
        .into();
        let table = rows.with_untracked(|r| {
            tg::month_rows(
                &p,
                r,
                &headers,
                &month_names(l),
                td_string!(l, targets.total),
            )
        });
        let safe: String = p
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        Some((format!("{safe}-{}", p.year), p.name, table))
    };
    let export = move |_| {
        if let Some((stem, _, table)) = month_table() {
            download_text(
                &format!("{stem}.csv"),
                &to_csv(&table),
                "text/csv;charset=utf-8",
            );
        }
    };
    let xlsx_failed = RwSignal::new(false);
    let export_x = move |_| {
        if let Some((stem, name, rows)) = month_table() {
            export_xlsx(
                format!("{stem}.xlsx"),
                vec![Sheet { name, rows }],
                xlsx_failed,
            );
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <section class="page targets" data-testid="page-targets">
            <div class="page-head">
                <h1>{tr!(common.nav_targets)}</h1>
                <Show when=move || plan.with(Option::is_some)>
                    <button class="btn" data-testid="targets-export" on:click=export>{tr!(targets.export_csv)}</button>
                    <button class="btn" data-testid="targets-export-xlsx" on:click=export_x>{tr!(common.xlsx_export)}</button>
                    <button class="btn no-print" on:click=print>{tr!(targets.print)}</button>
                </Show>
            </div>
            <p class="muted no-print">{tr!(targets.intro)}</p>
            <XlsxFailed failed=xlsx_failed/>
            {move || msg.get().map(|m| view! {
                <div class="banner error" role="alert" data-testid="targets-error">{refusal_text(i18n.get_locale(), &m)}</div>
            })}
            <PlanPicker plans=plans/>
            <Show when=move || plan.with(Option::is_some)
                fallback=|| view! { <div class="empty-state"><p data-testid="targets-none">{tr!(targets.none)}</p></div> }>
                <YearPanel/>
                <Progress/>
                <MonthTable/>
                <shares::SharesPanel/>
                <GapTable/>
                <days::DaysPanel/>
                <DriversPanel/>
                <PnlPanel/>
                <budget::BudgetPanel/>
                <stocking::MonthStock/>
                <Sensitivity/>
                <Scenarios/>
            </Show>
        </section>
    }
}

#[component]
fn PlanPicker(plans: Memo<Vec<TargetPlan>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let default_year = move || {
        ctx.state
            .metrics
            .with_untracked(|m| m.store_days().last().map(|d| d.day))
            .and_then(date_of)
            .map(|d| chrono::Datelike::year(&d))
            .or_else(|| date_of(today()).map(|d| chrono::Datelike::year(&d)))
            .unwrap_or(2026)
    };
    let new_year = RwSignal::new(default_year().to_string());
    let create = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(y) = new_year
            .get_untracked()
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
        else {
            ctx.msg.set(Some(Refusal::Year));
            return;
        };
        ctx.msg.set(None);
        let id = new_id();
        let name = td_string!(l, targets.new_name, y = y).to_string();
        let mut p = TargetPlan::new(id.clone(), y, name, now_ms());
        // the drivers start from the store's own fee rate; the rest are editable defaults
        p.bump(now_ms());
        ctx.state.commit_kind(vec![p]);
        ctx.chosen.set(Some(id));
    };
    view! {
        <div class="panel form-row no-print" data-testid="plan-picker">
            <Show when=move || !plans.with(Vec::is_empty)>
                <label>{tr!(targets.plan)}
                    <select data-testid="plan-select" on:change=move |e| ctx.chosen.set(Some(event_target_value(&e)))>
                        <For each=move || plans.get() key=|p| (p.meta.id.clone(), p.meta.rev) let:p>
                            {
                                let id = p.meta.id.clone();
                                let id2 = id.clone();
                                view! {
                                    <option value=id selected=dyn_bool(move || ctx.plan.with(|c| c.as_ref().is_some_and(|c| c.meta.id == id2)))>
                                        {format!("{} · {}", p.year, p.name)}
                                    </option>
                                }
                            }
                        </For>
                    </select>
                </label>
            </Show>
            <label>{tr!(targets.year)}
                <input data-testid="new-plan-year" inputmode="numeric" size="6"
                    prop:value=move || new_year.get()
                    on:input=move |e| new_year.set(event_target_value(&e))/>
            </label>
            <button class="btn primary" data-testid="new-plan" on:click=create>{tr!(targets.new_plan)}</button>
        </div>
    }
}

#[component]
fn YearPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let target_text = move || ctx.read(|p| amount_text(p.target)).unwrap_or_default();
    let curve_note = move || {
        let l = i18n.get_locale();
        let curve = ctx.curve.get();
        let cny = curve.as_ref().and_then(|c| c.cny);
        match curve.map(|c| c.source) {
            Some(CurveSource::History { first, last }) => {
                let mut t = td_string!(
                    l,
                    targets.curve_history,
                    from = date_of(first).map(|d| d.to_string()).unwrap_or_default(),
                    to = date_of(last).map(|d| d.to_string()).unwrap_or_default()
                )
                .to_string();
                if let Some((a, b)) = cny {
                    t.push(' ');
                    t.push_str(
                        &td_string!(
                            l,
                            targets.curve_cny,
                            from = date_of(a).map(|d| d.to_string()).unwrap_or_default(),
                            to = date_of(b).map(|d| d.to_string()).unwrap_or_default()
                        )
                        .to_string(),
                    );
                }
                t
            }
            Some(CurveSource::Default { missing }) => {
                td_string!(l, targets.curve_default, n = missing.len()).to_string()
            }
            None => String::new(),
        }
    };
    let base_note = move || {
        let l = i18n.get_locale();
        let base = ctx.read(|p| p.base.clone()).flatten();
        match base {
            None => td_string!(l, targets.main_plan).to_string(),
            Some(b) => {
                let name = ctx
                    .state
                    .ws
                    .with(|ws| ws.get::<TargetPlan>(&b).map(|p| p.name.clone()))
                    .unwrap_or(b);
                td_string!(l, targets.scenario_of, name = name).to_string()
            }
        }
    };
    let delete = move |_| {
        if let Some(id) = ctx.read(|p| p.meta.id.clone()) {
            ctx.msg.set(None);
            ctx.state.edit::<TargetPlan>(&id, |p| p.meta.deleted = true);
            ctx.chosen.set(None);
        }
    };
    view! {
        <div class="panel form" data-testid="year-panel">
            <div class="form-row">
                <label>{tr!(targets.name)}
                    <input data-testid="plan-name" maxlength="100"
                        prop:value=move || ctx.read(|p| p.name.clone()).unwrap_or_default()
                        on:change=move |e| {
                            let v = event_target_value(&e).trim().to_string();
                            let old = ctx.read(|p| p.name.clone()).unwrap_or_default();
                            let ok = ctx.change(|p, _| if v.is_empty() { Err(Refusal::Name) } else { p.name = v; Ok(()) });
                            if !ok { event_target::<web_sys::HtmlInputElement>(&e).set_value(&old) }
                        }/>
                </label>
                <label>{tr!(targets.year_target)}
                    <input data-testid="year-target" inputmode="decimal" class="num"
                        prop:value=target_text
                        on:change=move |e| ctx.amount(&e, target_text(), tg::set_year)/>
                </label>
                <span class="figure" data-testid="year-target-exact">{move || ctx.read(|p| yuan(p.target)).unwrap_or_default()}</span>
            </div>
            <headline::Headline/>
            <p class="muted" data-testid="curve-note">{curve_note}</p>
            <p class="muted">{base_note}</p>
            <div class="form-row no-print">
                <button class="btn" data-testid="respread" on:click=move |_| { ctx.change(|p, c| { tg::apply_curve(p, c); Ok(()) }); }>{tr!(targets.respread)}</button>
                <button class="btn danger" data-testid="delete-plan" on:click=delete>{tr!(targets.delete)}</button>
            </div>
            <h2>{tr!(targets.quarters)}</h2>
            <div class="form-row" data-testid="quarters">
                {(0..4usize).map(|q| {
                    let value = move || ctx.read(|p| amount_text(Fen(tg::quarters(p)[q]))).unwrap_or_default();
                    view! {
                        <label>{dyn_text(move || td_string!(i18n.get_locale(), targets.q_label, q = q + 1).to_string())}
                            <input class="num" inputmode="decimal" data-testid=format!("quarter-{}", q + 1)
                                prop:value=value
                                on:change=move |e| ctx.amount(&e, value(), |p, v, c| tg::set_quarter(p, q, v, c))/>
                        </label>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

#[component]
fn Progress() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    view! {
        <div class="panel" data-testid="targets-progress">
            <h2>{tr!(targets.progress)}</h2>
            {move || {
                let l = i18n.get_locale();
                let a = ctx.actuals.get();
                let plan = ctx.plan.get()?;
                let Some(asof) = a.asof else {
                    return Some(view! { <p class="muted" data-testid="no-actuals">{td_string!(l, targets.no_actuals, y = plan.year).to_string()}</p> }.into_any());
                };
                let year = tg::year_attainment(&plan, &a.this, asof);
                let date = date_of(asof)?;
                let in_year = chrono::Datelike::year(&date) == plan.year;
                let month = in_year.then(|| tg::month_attainment(&plan, chrono::Datelike::month0(&date) as usize, &a.this, asof));
                let fc = tg::forecast(&plan, &a.this, &a.last, asof);
                let line = move |x: &tg::Attainment| {
                    (
                        x.rate_bp.map(pct2).unwrap_or_else(|| "—".into()),
                        td_string!(l, common.targets_target_to_date, t = yuan(Fen(x.target_to_date)), a = yuan(Fen(x.actual_to_date))).to_string(),
                        x.daily_needed.map(|v| td_string!(l, common.targets_daily_needed, d = x.days_left, v = yuan(Fen(v))).to_string()).unwrap_or_default(),
                    )
                };
                let (yr, yt, yd) = line(&year);
                let mview = month.map(|m| {
                    let (r, t, d) = line(&m);
                    view! {
                        <div class="kpi" data-testid="month-attainment">
                            <div class="kpi-label">{td_string!(l, common.targets_month_attain).to_string()}</div>
                            <div class="kpi-value">{r}</div>
                            <div class="muted">{t}</div>
                            <div class="muted">{d}</div>
                        </div>
                    }
                });
                let fview = match fc {
                    tg::Forecast::TooEarly { days } => view! {
                        <div class="kpi" data-testid="forecast"><div class="kpi-label">{td_string!(l, targets.forecast).to_string()}</div>
                        <p class="muted">{td_string!(l, targets.too_early, n = days).to_string()}</p></div>
                    }.into_any(),
                    tg::Forecast::Year { total, backtest_error_bp } => view! {
                        <div class="kpi" data-testid="forecast">
                            <div class="kpi-label">{td_string!(l, targets.forecast).to_string()}</div>
                            <div class="kpi-value">{yuan(Fen(total))}</div>
                            <div class="muted">{match backtest_error_bp {
                                Some(e) => td_string!(l, targets.forecast_band, e = format!("{} ({})", pct2(e), yuan(Fen((i128::from(total) * i128::from(e) / 10_000) as i64)))).to_string(),
                                None => td_string!(l, targets.forecast_no_band).to_string(),
                            }}</div>
                            <div class="muted">{plan.target.0.checked_sub(0).filter(|t| *t > 0).map(|t| td_string!(l, targets.forecast_of_target, v = pct2(((i128::from(total) * 10_000 + i128::from(t) / 2) / i128::from(t)) as i64)).to_string())}</div>
                        </div>
                    }.into_any(),
                };
                Some(view! {
                    <p class="muted">{td_string!(l, common.targets_asof, d = date.to_string()).to_string()}</p>
                    <div class="kpis">
                        <div class="kpi" data-testid="year-attainment">
                            <div class="kpi-label">{td_string!(l, common.targets_year_attain).to_string()}</div>
                            <div class="kpi-value">{yr}</div>
                            <div class="muted">{yt}</div>
                            <div class="muted">{yd}</div>
                        </div>
                        {mview}
                        {fview}
                    </div>
                }.into_any())
            }}
        </div>
    }
}

#[component]
fn MonthTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let row = move |m: usize| ctx.rows.with(|r| r.get(m).copied());
    let opt_yuan = |v: Option<i64>| v.map(|x| yuan(Fen(x))).unwrap_or_else(|| "—".into());
    let opt_pct = |v: Option<i64>| v.map(pct2).unwrap_or_else(|| "—".into());
    view! {
        <div class="panel">
            <h2>{tr!(targets.months)}</h2>
            <p class="muted no-print">{tr!(targets.locked_note)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.months)>
            <table class="grid targets-months" data-testid="month-table">
                <thead><tr>
                    <th>{tr!(targets.col_month)}</th><th class="num">{tr!(targets.col_target)}</th><th>{tr!(targets.col_lock)}</th>
                    <th class="num">{tr!(targets.col_share)}</th><th class="num">{tr!(targets.col_daily)}</th>
                    <th class="num">{tr!(targets.col_visitors)}</th><th class="num">{tr!(targets.col_buyers)}</th>
                    <th class="num">{tr!(targets.col_paid)}</th><th class="num">{tr!(targets.col_budget)}</th>
                    <th class="num">{tr!(targets.col_spent)}</th>
                    <th class="num">{tr!(targets.col_cpc)}</th><th class="num">{tr!(targets.col_actual)}</th>
                    <th class="num">{tr!(targets.col_attain)}</th><th class="num">{tr!(targets.col_last_year)}</th>
                    <th class="num">{tr!(targets.col_yoy)}</th>
                </tr></thead>
                <tbody>
                    {(0..MONTHS).map(|m| {
                        let name = move || month_names(i18n.get_locale()).get(m).cloned().unwrap_or_default();
                        let value = move || ctx.read(|p| amount_text(p.months.get(m).map(|x| x.gmv).unwrap_or_default())).unwrap_or_default();
                        view! {
                            <tr data-testid="month-row" class:stretch=move || row(m).is_some_and(|r| r.needs.stretch)>
                                <th scope="row">{name}</th>
                                <td class="num">
                                    <input class="num cell" inputmode="decimal" data-testid=format!("month-{}", m + 1)
                                        aria-label=dyn_text(move || td_string!(i18n.get_locale(), targets.month_input, m = name()).to_string())
                                        prop:value=value
                                        on:change=move |e| ctx.amount(&e, value(), |p, v, c| tg::set_month(p, m, v, c))/>
                                    {move || row(m).filter(|r| r.needs.stretch).map(|_| view! { <span class="flag warn" title=tr!(targets.stretch) aria-label=tr!(targets.stretch)>{tr!(targets.stretch_short)}</span> })}
                                </td>
                                <td>
                                    <input type="checkbox" data-testid=format!("lock-{}", m + 1)
                                        aria-label=dyn_text(move || td_string!(i18n.get_locale(), targets.lock_input, m = name()).to_string())
                                        prop:checked=move || row(m).is_some_and(|r| r.locked)
                                        on:change=move |e| { let on = event_target_checked(&e); ctx.change(|p, _| { tg::set_locked(p, m, on); Ok(()) }); }/>
                                </td>
                                <td class="num">{move || opt_pct(row(m).and_then(|r| r.share_bp))}</td>
                                <td class="num">{move || row(m).map(|r| yuan(r.needs.daily)).unwrap_or_default()}</td>
                                <td class="num">{move || row(m).map(|r| group_thousands(r.needs.visitors)).unwrap_or_default()}</td>
                                <td class="num">{move || row(m).map(|r| group_thousands(r.needs.buyers)).unwrap_or_default()}</td>
                                <td class="num">{move || row(m).map(|r| group_thousands(r.needs.paid_visitors)).unwrap_or_default()}</td>
                                <td class="num">{move || row(m).map(|r| yuan(r.needs.ad_budget)).unwrap_or_default()}</td>
                                <td class="num">{move || opt_yuan(row(m).and_then(|r| r.spent))}</td>
                                <td class="num">{move || row(m).and_then(|r| r.needs.cpc).map(yuan).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{move || opt_yuan(row(m).and_then(|r| r.actual))}</td>
                                <td class="num">{move || opt_pct(row(m).and_then(|r| r.attainment).and_then(|a| a.rate_bp))}</td>
                                <td class="num">{move || opt_yuan(row(m).and_then(|r| r.last_year))}</td>
                                <td class="num">{move || opt_pct(row(m).and_then(|r| r.yoy_bp))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr class="total" data-testid="month-total">
                        <th scope="row">{tr!(targets.total)}</th>
                        <td class="num" data-testid="months-sum">{move || yuan(Fen(ctx.rows.with(|r| r.iter().map(|x| x.needs.gmv.0).sum::<i64>())))}</td>
                        <td></td>
                        <td class="num">{move || if ctx.read(|p| p.target.0 > 0).unwrap_or(false) { "100.00%" } else { "—" }}</td>
                        <td></td>
                        <td class="num">{move || group_thousands(ctx.rows.with(|r| r.iter().map(|x| x.needs.visitors).sum::<u64>()))}</td>
                        <td class="num">{move || group_thousands(ctx.rows.with(|r| r.iter().map(|x| x.needs.buyers).sum::<u64>()))}</td>
                        <td class="num">{move || group_thousands(ctx.rows.with(|r| r.iter().map(|x| x.needs.paid_visitors).sum::<u64>()))}</td>
                        <td class="num">{move || yuan(Fen(ctx.rows.with(|r| r.iter().map(|x| x.needs.ad_budget.0).sum::<i64>())))}</td>
                        <td class="num">{move || {
                            let s: Vec<i64> = ctx.rows.with(|r| r.iter().filter_map(|x| x.spent).collect());
                            if s.is_empty() { "—".to_string() } else { yuan(Fen(s.iter().sum())) }
                        }}</td>
                        <td></td>
                        <td class="num">{move || {
                            let s: Vec<i64> = ctx.rows.with(|r| r.iter().filter_map(|x| x.actual).collect());
                            if s.is_empty() { "—".to_string() } else { yuan(Fen(s.iter().sum())) }
                        }}</td>
                        <td class="num">{move || ctx.actuals.with(|a| a.asof).and_then(|d| ctx.read(|p| ctx.actuals.with(|a| tg::year_attainment(p, &a.this, d))).and_then(|a| a.rate_bp)).map(pct2).unwrap_or_else(|| "—".into())}</td>
                        <td></td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
            </div>
        </div>
    }
}

#[component]
fn DriversPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    // (label, testid, read, range, blank ok, write)
    type Read = fn(&TargetPlan) -> Option<u32>;
    type Write = fn(&mut TargetPlan, Option<u32>);
    type Rate = (&'static str, Read, (i64, i64), bool, Write);
    let rates: [Rate; 7] = [
        (
            "conversion",
            |p| Some(p.drivers.conversion_bp),
            (1, 10_000),
            false,
            |p, v| p.drivers.conversion_bp = v.unwrap_or(1),
        ),
        (
            "refund",
            |p| Some(p.drivers.refund_bp),
            (0, 10_000),
            false,
            |p, v| p.drivers.refund_bp = v.unwrap_or(0),
        ),
        (
            "paid-share",
            |p| Some(p.drivers.paid_share_bp),
            (0, 10_000),
            false,
            |p, v| p.drivers.paid_share_bp = v.unwrap_or(0),
        ),
        (
            "ad-ratio",
            |p| Some(p.drivers.ad_ratio_bp),
            (0, 10_000),
            false,
            |p, v| p.drivers.ad_ratio_bp = v.unwrap_or(0),
        ),
        (
            "affiliate",
            |p| Some(p.drivers.affiliate_bp),
            (0, 10_000),
            false,
            |p, v| p.drivers.affiliate_bp = v.unwrap_or(0),
        ),
        (
            "margin",
            |p| p.drivers.gross_margin_bp,
            (0, 10_000),
            true,
            |p, v| p.drivers.gross_margin_bp = v,
        ),
        (
            "fee",
            |p| p.drivers.fee_bp,
            (0, 10_000),
            true,
            |p, v| p.drivers.fee_bp = v,
        ),
    ];
    let label = move |key: &'static str| {
        let l = i18n.get_locale();
        match key {
            "conversion" => td_string!(l, targets.conversion),
            "refund" => td_string!(l, targets.refund),
            "paid-share" => td_string!(l, targets.paid_share),
            "ad-ratio" => td_string!(l, targets.ad_ratio),
            "affiliate" => td_string!(l, targets.affiliate),
            "margin" => td_string!(l, targets.margin),
            _ => td_string!(l, targets.fee),
        }
        .to_string()
    };
    let margin_in_use = move || {
        let v = ctx
            .read(|p| ctx.inputs.with(|i| tg::margin_in_use(p, i)))
            .unwrap_or(0);
        td_string!(
            i18n.get_locale(),
            targets.margin_in_use,
            v = percent_bp(i64::from(v))
        )
        .to_string()
    };
    view! {
        <div class="panel form" data-testid="drivers">
            <h2>{tr!(targets.drivers)}</h2>
            <div class="form-grid">
                {rates.into_iter().map(|(key, read, range, blank, write)| {
                    let text = move || ctx.read(|p| read(p).map(|v| bp_plain(i64::from(v))).unwrap_or_default()).unwrap_or_default();
                    view! {
                        <label>{move || label(key)}
                            <input inputmode="decimal" data-testid=format!("drv-{key}")
                                prop:value=text
                                on:change=move |e| ctx.percent(&e, text(), range, blank, write)/>
                            {(key == "margin").then(|| view! { <span class="muted">{margin_in_use}</span> })}
                        </label>
                    }
                }).collect_view()}
                <label>{tr!(targets.aov)}
                    <input inputmode="decimal" data-testid="drv-aov"
                        prop:value=move || ctx.read(|p| p.drivers.aov.to_plain()).unwrap_or_default()
                        on:change=move |e| ctx.money(&e, ctx.read(|p| p.drivers.aov.to_plain()).unwrap_or_default(), 1, |p, v| p.drivers.aov = v)/>
                </label>
                <label>{tr!(targets.shipping)}
                    <input inputmode="decimal" data-testid="drv-shipping"
                        prop:value=move || ctx.read(|p| p.drivers.shipping_per_order.to_plain()).unwrap_or_default()
                        on:change=move |e| ctx.money(&e, ctx.read(|p| p.drivers.shipping_per_order.to_plain()).unwrap_or_default(), 0, |p, v| p.drivers.shipping_per_order = v)/>
                </label>
            </div>
            <h2>{tr!(targets.fixed)}</h2>
            <FixedCosts/>
        </div>
    }
}

#[component]
fn FixedCosts() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let count = move || ctx.read(|p| p.fixed.len()).unwrap_or(0);
    let add = move |_| {
        let name = td_string!(i18n.get_locale_untracked(), targets.fixed_new).to_string();
        ctx.change(|p, _| {
            p.fixed.push(CostLine {
                name,
                monthly: Fen::ZERO,
            });
            Ok(())
        });
    };
    view! {
        <Show when=move || { count() > 0 } fallback=|| view! { <p class="muted">{tr!(targets.fixed_none)}</p> }>
            <table class="grid" data-testid="fixed-costs">
                <thead><tr><th>{tr!(targets.fixed_name)}</th><th class="num">{tr!(targets.fixed_amount)}</th><th></th></tr></thead>
                <tbody>
                    <For each=move || 0..count() key=|i| *i let:i>
                        {
                            let name = move || ctx.read(|p| p.fixed.get(i).map(|l| l.name.clone())).flatten().unwrap_or_default();
                            let amount = move || ctx.read(|p| p.fixed.get(i).map(|l| l.monthly.to_plain())).flatten().unwrap_or_default();
                            view! {
                                <tr>
                                    <td><input maxlength="100" aria-label=tr!(targets.fixed_name) prop:value=name
                                        on:change=move |e| {
                                            let v = event_target_value(&e).trim().to_string();
                                            let ok = ctx.change(|p, _| match p.fixed.get_mut(i) {
                                                Some(l) if !v.is_empty() => { l.name = v; Ok(()) }
                                                _ => Err(Refusal::Name),
                                            });
                                            if !ok { event_target::<web_sys::HtmlInputElement>(&e).set_value(&name()) }
                                        }/></td>
                                    <td class="num"><input class="num" inputmode="decimal" data-testid=format!("fixed-{}", i + 1)
                                        aria-label=dyn_text(move || format!("{} {}", name(), td_string!(i18n.get_locale(), targets.fixed_amount)))
                                        prop:value=amount
                                        on:change=move |e| ctx.money(&e, amount(), 0, move |p, v| if let Some(l) = p.fixed.get_mut(i) { l.monthly = v })/></td>
                                    <td><button class="btn small" aria-label=dyn_text(move || td_string!(i18n.get_locale(), targets.fixed_remove, name = name()).to_string())
                                        on:click=move |_| { ctx.change(|p, _| { if i < p.fixed.len() { p.fixed.remove(i); } Ok(()) }); }>"×"</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </Show>
        <button class="btn no-print" data-testid="fixed-add" on:click=add>{tr!(targets.fixed_add)}</button>
    }
}

/// Months with actuals: the gap to the target to date split into visitors, conversion and
/// order value against the plan's own drivers (the three always add up to the gap).
#[component]
fn GapTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let signed = |v: i64| {
        if v > 0 {
            format!("+{}", yuan(Fen(v)))
        } else {
            yuan(Fen(v))
        }
    };
    view! {
        <Show when=move || ctx.rows.with(|r| r.iter().any(|x| x.gap.is_some()))>
            <div class="panel" data-testid="gap-table">
                <h2>{tr!(targets.gap)}</h2>
                <p class="muted">{tr!(targets.gap_note)}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.gap)>
                <table class="grid">
                    <thead><tr>
                        <th>{tr!(targets.col_month)}</th><th class="num">{tr!(targets.gap_target)}</th><th class="num">{tr!(targets.col_actual)}</th>
                        <th class="num">{tr!(targets.gap_total)}</th><th class="num">{tr!(targets.gap_visitors)}</th>
                        <th class="num">{tr!(targets.gap_conversion)}</th><th class="num">{tr!(targets.gap_aov)}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let names = month_names(i18n.get_locale());
                            ctx.rows.get().into_iter().filter_map(|r| {
                                let g = r.gap?;
                                Some(view! {
                                    <tr data-testid="gap-row">
                                        <th scope="row">{names.get(r.month).cloned().unwrap_or_default()}</th>
                                        <td class="num">{yuan(g.before)}</td>
                                        <td class="num">{yuan(g.after)}</td>
                                        <td class="num">{signed(g.change.0)}</td>
                                        <td class="num">{signed(g.visitors.0)}</td>
                                        <td class="num">{signed(g.conversion.0)}</td>
                                        <td class="num">{signed(g.order_value.0)}</td>
                                    </tr>
                                })
                            }).collect_view()
                        }}
                    </tbody>
                </table>
                </div>
            </div>
        </Show>
    }
}
