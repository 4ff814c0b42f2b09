//! The Dashboard's target tile: the year's main plan (`TargetPlan` without a `base`) against the
//! imported 支付金额 to the last imported day — this month and the year, each against its
//! target to date (not the whole month), and the daily pace still needed.

use crate::core::format::{percent2_bp as pct2, yuan};
use crate::core::metrics::period::date_of;
use crate::core::targets as tg;
use crate::core::targets::shares as sh;
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
            let cats = category_rows(state, &plan, asof, date.month0() as usize);
            Some(view! {
                <div class="panel" data-testid="dash-targets">
                    <h2>{td_string!(l, dashboard.targets_dash_title).to_string()}" · "<A href="/targets">{format!("{} {}", plan.year, plan.name)}</A></h2>
                    <p class="muted">{td_string!(l, common.targets_asof, d = date.to_string()).to_string()}</p>
                    <div class="kpis">
                        {tile("dash-month-attainment", td_string!(l, common.targets_month_attain).to_string(), m)}
                        {tile("dash-year-attainment", td_string!(l, common.targets_year_attain).to_string(), y)}
                    </div>
                    {(!cats.is_empty()).then(|| view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, dashboard.targets_by_category).to_string()>
                        <table class="grid" data-testid="dash-category-attainment">
                            <caption>{td_string!(l, dashboard.targets_by_category).to_string()}</caption>
                            <thead><tr>
                                <th>{td_string!(l, dashboard.targets_category).to_string()}</th>
                                <th class="num">{td_string!(l, dashboard.targets_cat_month).to_string()}</th>
                                <th class="num">{td_string!(l, dashboard.targets_cat_month_to_date).to_string()}</th>
                                <th class="num">{td_string!(l, dashboard.targets_cat_month_actual).to_string()}</th>
                                <th class="num">{td_string!(l, dashboard.targets_cat_year).to_string()}</th>
                            </tr></thead>
                            <tbody>
                                {cats.into_iter().map(|(name, m, y)| {
                                    let name = if name.is_empty() { td_string!(l, dashboard.targets_uncategorised).to_string() } else { name };
                                    view! {
                                        <tr data-testid="dash-category-row">
                                            <th scope="row">{name}</th>
                                            <td class="num">{m.rate_bp().map(pct2).unwrap_or_else(|| "—".into())}</td>
                                            <td class="num">{yuan(Fen(m.to_date))}</td>
                                            <td class="num">{yuan(Fen(m.actual))}</td>
                                            <td class="num">{y.rate_bp().map(pct2).unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    })}
                </div>
            }.into_any())
        }}
    }
}

/// Each category's attainment this month and this year (`core::targets::shares`), from the
/// imported product days up to `asof`; empty without products or without product data.
fn category_rows(
    state: AppState,
    plan: &TargetPlan,
    asof: crate::model::metrics::Day,
    month: usize,
) -> Vec<(String, sh::Part, sh::Part)> {
    let items = state.ws.with(|ws| sh::items_of(&ws.products));
    let (last, this) = state.metrics.with(|m| {
        (
            sh::item_months(m, plan.year - 1, None),
            sh::item_months(m, plan.year, Some(asof)),
        )
    });
    if items.is_empty() || this.is_empty() {
        return Vec::new();
    }
    let inputs = sh::SplitInputs {
        items: &items,
        last_year: &last,
        this_year: &this,
        asof: Some(asof),
    };
    let m = sh::split(plan, sh::Span::Month(month), None, &inputs);
    let y = sh::split(plan, sh::Span::Year, None, &inputs);
    m.parts
        .into_iter()
        .zip(y.parts)
        .map(|(m, y)| (m.key.clone(), m, y))
        .collect()
}
