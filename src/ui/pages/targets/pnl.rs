//! The Targets page's money side: the profit plan month by month (利润表), the sensitivity of the
//! year's operating profit to each driver (a tornado), and scenarios side by side. Figures are
//! exact yuan; the rules are in `core::targets`.

use super::{month_names, pct2, Ctx};
use crate::core::format::{group_thousands, yuan};
use crate::core::targets::{self as tg, Driver, Pnl};
use crate::i18n::*;
use crate::model::target::MONTHS;
use crate::model::{Fen, TargetPlan};
use crate::ui::state::{new_id, now_ms};
use crate::ui::text::dyn_text;
use leptos::prelude::*;

/// The rows of the profit plan: a label key and the figure of a month.
type PnlRow = (&'static str, fn(&Pnl) -> i64);
const ROWS: [PnlRow; 13] = [
    ("list", |p| p.gmv.saturating_add(p.promo)),
    ("promo", |p| p.promo),
    ("gmv", |p| p.gmv),
    ("refunds", |p| p.refunds),
    ("net", |p| p.net_sales),
    ("cogs", |p| p.cogs),
    ("fees", |p| p.fees),
    ("affiliate", |p| p.affiliate),
    ("ads", |p| p.ads),
    ("shipping", |p| p.shipping),
    ("contribution", |p| p.contribution),
    ("fixed", |p| p.fixed),
    ("profit", |p| p.profit),
];

fn row_label(l: Locale, key: &str) -> String {
    match key {
        "list" => td_string!(l, targets.pnl_list),
        "promo" => td_string!(l, targets.pnl_promo),
        "gmv" => td_string!(l, targets.pnl_gmv),
        "refunds" => td_string!(l, targets.pnl_refunds),
        "net" => td_string!(l, targets.pnl_net),
        "cogs" => td_string!(l, targets.pnl_cogs),
        "fees" => td_string!(l, targets.pnl_fees),
        "affiliate" => td_string!(l, targets.pnl_affiliate),
        "ads" => td_string!(l, targets.pnl_ads),
        "shipping" => td_string!(l, targets.pnl_shipping),
        "contribution" => td_string!(l, targets.pnl_contribution),
        "fixed" => td_string!(l, targets.pnl_fixed),
        _ => td_string!(l, targets.pnl_profit),
    }
    .to_string()
}

fn driver_label(l: Locale, d: Driver) -> String {
    match d {
        Driver::Gmv => td_string!(l, targets.drv_gmv),
        Driver::GrossMargin => td_string!(l, targets.drv_margin),
        Driver::RefundRate => td_string!(l, targets.drv_refund),
        Driver::AdRatio => td_string!(l, targets.drv_ad),
        Driver::Aov => td_string!(l, targets.drv_aov),
        Driver::FeeRate => td_string!(l, targets.drv_fee),
        Driver::FixedCosts => td_string!(l, targets.drv_fixed),
    }
    .to_string()
}

/// Twelve months and the year.
fn pnl_of(plan: &TargetPlan, inputs: &tg::PnlInputs) -> Vec<Pnl> {
    let mut v: Vec<Pnl> = (0..MONTHS)
        .map(|m| tg::month_pnl(plan, m, inputs))
        .collect();
    let mut year = Pnl::default();
    for p in &v {
        year.add(p);
    }
    v.push(year);
    v
}

#[component]
pub fn PnlPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let table = Memo::new(move |_| {
        ctx.plan
            .with(|p| p.as_ref().map(|p| ctx.inputs.with(|i| pnl_of(p, i))))
            .unwrap_or_default()
    });
    let cell = move |c: usize, f: fn(&Pnl) -> i64| {
        table.with(|t| t.get(c).map(|p| yuan(Fen(f(p)))).unwrap_or_default())
    };
    view! {
        <div class="panel" data-testid="pnl">
            <h2>{tr!(targets.pnl)}</h2>
            <p class="muted">{tr!(targets.pnl_note)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.pnl)>
            <table class="grid pnl">
                <thead><tr>
                    <th></th>
                    {(0..MONTHS).map(|m| view! { <th class="num">{move || month_names(i18n.get_locale()).get(m).cloned().unwrap_or_default()}</th> }).collect_view()}
                    <th class="num">{tr!(targets.total)}</th>
                </tr></thead>
                <tbody>
                    {ROWS.into_iter().map(|(key, f)| view! {
                        <tr data-testid=format!("pnl-{key}") class:total=matches!(key, "net" | "contribution" | "profit")>
                            <th scope="row">{move || row_label(i18n.get_locale(), key)}</th>
                            {(0..=MONTHS).map(|c| view! { <td class="num">{move || cell(c, f)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                    <tr data-testid="pnl-margin">
                        <th scope="row">{tr!(targets.pnl_margin)}</th>
                        {(0..=MONTHS).map(|c| view! { <td class="num">{move || table.with(|t| t.get(c).and_then(Pnl::margin_bp)).map(pct2).unwrap_or_else(|| "—".into())}</td> }).collect_view()}
                    </tr>
                    <tr data-testid="pnl-break-even">
                        <th scope="row">{tr!(targets.pnl_break_even)}</th>
                        {(0..=MONTHS).map(|c| view! { <td class="num">{move || table.with(|t| t.get(c).and_then(Pnl::break_even)).map(|v| yuan(Fen(v))).unwrap_or_else(|| "—".into())}</td> }).collect_view()}
                    </tr>
                </tbody>
            </table>
            </div>
        </div>
    }
}

#[component]
pub fn Sensitivity() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let bars = Memo::new(move |_| {
        ctx.plan
            .with(|p| {
                p.as_ref()
                    .map(|p| ctx.inputs.with(|i| tg::sensitivity(p, i, 10)))
            })
            .unwrap_or_default()
    });
    view! {
        <div class="panel" data-testid="sensitivity">
            <h2>{tr!(targets.sensitivity)}</h2>
            <table class="grid tornado">
                <thead><tr><th>{tr!(targets.sens_driver)}</th><th class="num">{tr!(targets.sens_down)}</th><th class="bars" aria-hidden="true"></th><th class="num">{tr!(targets.sens_up)}</th></tr></thead>
                <tbody>
                    {move || {
                        let l = i18n.get_locale();
                        let v = bars.get();
                        let max = v.iter().map(|s| s.down.abs().max(s.up.abs())).max().unwrap_or(0).max(1);
                        let width = move |x: i64| (i128::from(x.abs()) * 50 / i128::from(max)) as i64;
                        v.into_iter().map(|s| {
                            let (lo, hi) = (s.down.min(s.up), s.down.max(s.up));
                            let left = width(lo.min(0));
                            let right = width(hi.max(0));
                            view! {
                                <tr data-testid="sens-row">
                                    <th scope="row">{driver_label(l, s.driver)}</th>
                                    <td class="num">{yuan(Fen(s.down))}</td>
                                    <td class="bars" aria-hidden="true">
                                        <div class="tornado-track">
                                            <span class="bar neg" style=format!("right:50%;width:{left}%")></span>
                                            <span class="bar pos" style=format!("left:50%;width:{right}%")></span>
                                        </div>
                                    </td>
                                    <td class="num">{yuan(Fen(s.up))}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn Scenarios() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let same_year = Memo::new(move |_| {
        let Some(year) = ctx.plan.with(|p| p.as_ref().map(|p| p.year)) else {
            return Vec::new();
        };
        let inputs = ctx.inputs.get();
        ctx.state.ws.with(|ws| {
            let mut v: Vec<(TargetPlan, Pnl, u64)> = ws
                .targets
                .iter()
                .filter(|p| !p.meta.deleted && p.year == year)
                .map(|p| {
                    let visitors = (0..MONTHS)
                        .map(|m| tg::month_needs(p, m, None).visitors)
                        .sum();
                    (p.clone(), tg::year_pnl(p, &inputs), visitors)
                })
                .collect();
            v.sort_by(|a, b| (a.0.base.is_some(), &a.0.name).cmp(&(b.0.base.is_some(), &b.0.name)));
            v
        })
    });
    let copy = move |_| {
        let Some(p) = ctx.plan.get_untracked() else {
            return;
        };
        let typed = name.get_untracked().trim().to_string();
        let n = if typed.is_empty() {
            td_string!(i18n.get_locale_untracked(), targets.scenario_default).to_string()
        } else {
            typed
        };
        let id = new_id();
        let s = tg::scenario_of(&p, id.clone(), n, now_ms());
        ctx.msg.set(None);
        ctx.state.commit_kind(vec![s]);
        ctx.chosen.set(Some(id));
        name.set(String::new());
    };
    view! {
        <div class="panel" data-testid="scenarios">
            <h2>{tr!(targets.scenarios)}</h2>
            <div class="form-row no-print">
                <label>{tr!(targets.scenario_name)}
                    <input data-testid="scenario-name" maxlength="100" placeholder=tr!(targets.scenario_default)
                        prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e))/>
                </label>
                <button class="btn" data-testid="scenario-copy" on:click=copy>{tr!(targets.scenario_copy)}</button>
            </div>
            <table class="grid" data-testid="scenario-table">
                <thead><tr>
                    <th>{tr!(targets.sc_plan)}</th><th class="num">{tr!(targets.year_target)}</th><th class="num">{tr!(targets.sc_profit)}</th>
                    <th class="num">{tr!(targets.sc_margin)}</th><th class="num">{tr!(targets.sc_budget)}</th><th class="num">{tr!(targets.sc_visitors)}</th><th></th>
                </tr></thead>
                <tbody>
                    {move || same_year.get().into_iter().map(|(p, pnl, visitors)| {
                        let id = p.meta.id.clone();
                        let current = ctx.plan.with_untracked(|c| c.as_ref().is_some_and(|c| c.meta.id == id));
                        let open_label = dyn_text({
                            let n = p.name.clone();
                            move || format!("{} {}", td_string!(i18n.get_locale(), targets.sc_show), n)
                        });
                        view! {
                            <tr data-testid="scenario-row" class:current=current>
                                <th scope="row">{p.name.clone()}</th>
                                <td class="num">{yuan(p.target)}</td>
                                <td class="num">{yuan(Fen(pnl.profit))}</td>
                                <td class="num">{pnl.margin_bp().map(pct2).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{yuan(Fen(pnl.ads))}</td>
                                <td class="num">{group_thousands(visitors)}</td>
                                <td>{(!current).then(|| view! {
                                    <button class="btn small" aria-label=open_label on:click=move |_| ctx.chosen.set(Some(id.clone()))>{tr!(targets.sc_show)}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
