//! The Dashboard's target tile: the year's main plan (`TargetPlan` without a `base`) against the
//! imported 支付金额 to the last imported day — this month and the year, each against its
//! target to date (not the whole month), and the daily pace still needed.

use crate::core::format::{percent2_bp as pct2, yuan};
use crate::core::metrics::period::date_of;
use crate::core::targets as tg;
use crate::i18n::*;
use crate::model::{Fen, TargetPlan};
use crate::ui::router::A;
use crate::ui::state::AppState;
use chrono::Datelike;
use leptos::prelude::*;

#[component]
pub fn TargetTile() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    view! {
        {move || {
            let l = i18n.get_locale();
            let (asof, days) = state.metrics.with(|m| {
                let days = m.store_days().to_vec();
                (m.store_days().last().map(|d| d.day), days)
            });
            let asof = asof?;
            let date = date_of(asof)?;
            let year = date.year();
            let plan: Option<TargetPlan> =
                state.ws.with(|ws| tg::main_plan(&ws.targets, year).cloned());
            let Some(plan) = plan else {
                return Some(view! {
                    <div class="panel" data-testid="dash-targets">
                        <h2>{td_string!(l, dashboard.targets_dash_title).to_string()}</h2>
                        <p class="muted">{td_string!(l, dashboard.targets_dash_none, y = year).to_string()}" "<A href="/targets">{td_string!(l, common.nav_targets).to_string()}</A></p>
                    </div>
                }.into_any());
            };
            let actual = tg::month_sums(&days, year);
            let y = tg::year_attainment(&plan, &actual, asof);
            let m = tg::month_attainment(&plan, date.month0() as usize, &actual, asof);
            let tile = move |testid: &'static str, label: String, a: tg::Attainment| view! {
                <div class="kpi" data-testid=testid>
                    <div class="kpi-label">{label}</div>
                    <div class="kpi-value">{a.rate_bp.map(pct2).unwrap_or_else(|| "—".into())}</div>
                    <div class="muted">{td_string!(l, common.targets_target_to_date, t = yuan(Fen(a.target_to_date)), a = yuan(Fen(a.actual_to_date))).to_string()}</div>
                    <div class="muted">{a.daily_needed.map(|v| td_string!(l, common.targets_daily_needed, d = a.days_left, v = yuan(Fen(v))).to_string())}</div>
                </div>
            };
            Some(view! {
                <div class="panel" data-testid="dash-targets">
                    <h2>{td_string!(l, dashboard.targets_dash_title).to_string()}" · "<A href="/targets">{format!("{} {}", plan.year, plan.name)}</A></h2>
                    <p class="muted">{td_string!(l, common.targets_asof, d = date.to_string()).to_string()}</p>
                    <div class="kpis">
                        {tile("dash-month-attainment", td_string!(l, common.targets_month_attain).to_string(), m)}
                        {tile("dash-year-attainment", td_string!(l, common.targets_year_attain).to_string(), y)}
                    </div>
                </div>
            }.into_any())
        }}
    }
}
