//! Paid mix (投放组合): each channel's response curve fitted to its daily spend and GMV
//! (`core::mix`), a chart per channel, and a budget split that equalises marginal returns under
//! the limits the operator types, against the current split and an equal split, with the reasons
//! in words. Channels without enough data keep their current spend and say why.

use crate::core::format::{bp_plain, group_thousands, yuan};
use crate::core::metrics::ads::{self, AdSource};
use crate::core::metrics::export::{to_csv, CsvCell};
use crate::core::metrics::period::Period;
use crate::core::mix::{
    self, allocate, current_split, equal_split, evaluate, fit, split_fen, split_plans, AllocError,
    Allocation, ChannelInput, Fit, FitRules, Goal, Limit, Outcome, PlanSplit, SeriesKey, Thin,
};
use crate::i18n::*;
use crate::model::metrics::AdChannel;
use crate::model::Fen;
use crate::ui::state::{today, AppState};
use crate::ui::text::channel_label;
use crate::ui::text::dyn_text;
use crate::ui::widgets::download::download_text;
use crate::ui::widgets::period::{PeriodChoice, PeriodControl};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// One channel's history and curve.
#[derive(Clone, Debug, PartialEq)]
struct Chan {
    channel: AdChannel,
    points: Vec<mix::Point>,
    fit: Result<Fit, Thin>,
    /// Average daily spend and ROI over the days with spend.
    current: f64,
    current_roi: f64,
}

/// One plan's curve; its channel's share is split over the channel's plans (`split_plans`).
#[derive(Clone, Debug, PartialEq)]
struct PlanFit {
    channel: AdChannel,
    name: String,
    fit: Result<Fit, Thin>,
    current: f64,
    current_roi: f64,
}

fn history(points: &[mix::Point]) -> (f64, f64) {
    let (mut s, mut g, mut n) = (0.0, 0.0, 0usize);
    for p in points.iter().filter(|p| p.spend > 0.0) {
        s += p.spend;
        g += p.gmv;
        n += 1;
    }
    if n == 0 || s <= 0.0 {
        (0.0, 0.0)
    } else {
        (s / n as f64, g / s)
    }
}

fn money(y: f64) -> String {
    yuan(Fen((y * 100.0).round() as i64))
}

fn num2(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "—".into()
    }
}

fn thin_text(l: Locale, t: Thin) -> String {
    match t {
        Thin::TooFewDays { days, need } => {
            td_string!(l, mix.thin_days, days = days, need = need).to_string()
        }
        Thin::FlatSpend { cv, need } => td_string!(
            l,
            mix.thin_flat,
            cv = format!("{:.0}%", cv * 100.0),
            need = format!("{:.0}%", need * 100.0)
        )
        .to_string(),
        Thin::PoorFit { r2, need } => {
            td_string!(l, mix.thin_fit, r2 = num2(r2), need = num2(need)).to_string()
        }
        Thin::NoReturn => td_string!(l, mix.thin_none).to_string(),
    }
}

fn limit_text(l: Locale, lim: Limit, c: &Chan) -> String {
    match lim {
        Limit::Free | Limit::Fixed => String::new(),
        Limit::Min => td_string!(l, mix.lim_min).to_string(),
        Limit::Max => td_string!(l, mix.lim_max).to_string(),
        Limit::MinRoi => td_string!(l, mix.lim_roi).to_string(),
        Limit::Trust => td_string!(
            l,
            mix.lim_trust,
            max = c
                .fit
                .as_ref()
                .map(|f| money(f.max_spend))
                .unwrap_or_default()
        )
        .to_string(),
        Limit::BreakEven => td_string!(l, mix.lim_be).to_string(),
    }
}

/// The reason for one channel's spend, in words.
fn reason(l: Locale, c: &Chan, s: &mix::Share, margin: f64) -> String {
    let ch = channel_label(l, c.channel);
    let per100 = money(s.marginal * 100.0);
    let mut out = match (&c.fit, s.break_even_spend) {
        (Err(t), _) => td_string!(
            l,
            mix.why_fixed,
            ch = ch.clone(),
            why = thin_text(l, *t),
            s = money(s.spend)
        )
        .to_string(),
        (Ok(_), Some(be)) => td_string!(
            l,
            mix.why_be,
            ch = ch.clone(),
            be = money(be),
            s = money(s.spend),
            m = per100,
            need = money(100.0 / margin),
            verdict = if s.marginal * margin >= 1.0 {
                td_string!(l, mix.above_be)
            } else {
                td_string!(l, mix.under_be)
            }
        )
        .to_string(),
        (Ok(_), None) => td_string!(
            l,
            mix.why_plain,
            ch = ch.clone(),
            s = money(s.spend),
            m = per100
        )
        .to_string(),
    };
    let lim = limit_text(l, s.limit, c);
    if !lim.is_empty() {
        out.push(' ');
        out.push_str(&lim);
    }
    out
}

/// A curve's cells in a table: status (fitted, or not enough data and why), R², the GMV of the
/// next ¥100 at `current` daily spend, and the break-even daily spend at margin `m`.
fn curve_cells(
    l: Locale,
    fit: &Result<Fit, Thin>,
    current: f64,
    m: f64,
) -> (String, String, String, String) {
    match fit {
        Ok(f) => (
            td_string!(l, mix.fitted).to_string(),
            num2(f.r2),
            money(f.curve.marginal(current) * 100.0),
            if m > 0.0 {
                money(f.curve.spend_at_marginal(1.0 / m))
            } else {
                "—".into()
            },
        ),
        Err(t) => (
            td_string!(
                l,
                common.labelled,
                label = td_string!(l, mix.thin),
                value = thin_text(l, *t)
            ),
            "—".into(),
            "—".into(),
            "—".into(),
        ),
    }
}

/// A channel's typed limits (min, max, minimum ROI), as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Typed {
    min: String,
    max: String,
    roi: String,
}

fn parse_yuan(s: &str) -> Result<Option<f64>, ()> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match Fen::parse_yuan(t) {
        Some(f) if f.0 >= 0 => Ok(Some(f.0 as f64 / 100.0)),
        _ => Err(()),
    }
}

fn parse_ratio(s: &str) -> Result<Option<f64>, ()> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=1000.0).contains(&x) => Ok(Some(x)),
        _ => Err(()),
    }
}

/// What the page computed from the inputs: the allocation and the two splits to compare.
#[derive(Clone, Debug, PartialEq)]
struct Plan {
    inputs: Vec<ChannelInput>,
    alloc: Allocation,
    current: Outcome,
    equal: Outcome,
    /// Whole-fen totals over the days, per channel (add up to the spent budget).
    totals: Vec<i64>,
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let t = today();
    let choice = PeriodChoice {
        preset: RwSignal::new(None),
        custom: RwSignal::new(Period::new(t - 90, t - 1)),
    };
    let budget_text = RwSignal::new(None::<String>);
    let days_text = RwSignal::new("30".to_string());
    let goal = RwSignal::new(Goal::Gmv);
    let margin_text = RwSignal::new(None::<String>);
    let typed = RwSignal::new(BTreeMap::<AdChannel, Typed>::new());

    let has_ads = Memo::new(move |_| state.metrics.with(|m| !m.ads().is_empty()));
    let source = Memo::new(move |_| {
        let p = choice.period();
        state.metrics.with(|m| ads::source_in(m.ads(), p))
    });
    // curves of the period's channels and plans
    let fits = Memo::new(move |_| {
        let p = choice.period();
        let src = source.get().unwrap_or(AdSource::PlanReport);
        let series = state.metrics.with(|m| mix::daily_series(m.ads(), p, src));
        let rules = FitRules::default();
        let mut chans = Vec::new();
        let mut plans = Vec::new();
        for s in series {
            let (current, current_roi) = history(&s.points);
            let f = fit(&s.points, &rules);
            match s.key {
                SeriesKey::Channel(channel) => chans.push(Chan {
                    channel,
                    points: s.points,
                    fit: f,
                    current,
                    current_roi,
                }),
                SeriesKey::Plan(channel, id, name) => plans.push(PlanFit {
                    channel,
                    name: if name.is_empty() { id } else { name },
                    fit: f,
                    current,
                    current_roi,
                }),
            }
        }
        (chans, plans)
    });
    // profit per yuan of GMV before ads: the catalog's margins weighted by the period's net sales
    let catalog_margin = Memo::new(move |_| {
        let p = choice.period();
        let fee = state.ws.with(|ws| ws.profile.fee_rate_bp);
        let prices = state.ws.with(|ws| ads::price_cost_map(&ws.products));
        state.metrics.with(|m| {
            let sales = ads::item_sales(m, p);
            let (mut num, mut den) = (0.0, 0.0);
            for (id, s) in &sales {
                let Some(&(price, cost)) = prices.get(id) else {
                    continue;
                };
                let unit =
                    crate::core::metrics::fen_per(s.paid_amount, s.paid_units).unwrap_or(price);
                if let Some(bp) = crate::core::margin::margin_bp(unit, cost, fee) {
                    let net = (s.paid_amount.0 - s.refund_amount.0).max(0) as f64;
                    num += bp as f64 / 10_000.0 * net;
                    den += s.paid_amount.0 as f64;
                }
            }
            (den > 0.0).then(|| num / den)
        })
    });
    let days = Memo::new(move |_| {
        days_text
            .get()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=366).contains(d))
    });
    // the same money as now over the chosen days, until the operator types a budget
    let default_budget = move || {
        let d = f64::from(days.get().unwrap_or(30));
        fits.with(|(c, _)| c.iter().map(|c| c.current).sum::<f64>()) * d
    };
    let margin = Memo::new(move |_| match margin_text.get() {
        None => Ok(catalog_margin.get().unwrap_or(0.3)),
        Some(t) => crate::core::format::parse_percent_bp(&t, 1, 10_000)
            .map(|bp| bp as f64 / 10_000.0)
            .ok_or(()),
    });
    let budget = Memo::new(move |_| match budget_text.get() {
        None => Ok((default_budget() * 100.0).round() / 100.0),
        Some(t) => match parse_yuan(&t) {
            Ok(Some(b)) if b > 0.0 => Ok(b),
            _ => Err(()),
        },
    });

    // problems with the inputs, in the user's language
    let problems = Memo::new(move |_| {
        let l = i18n.get_locale();
        let mut out = Vec::new();
        if budget.get().is_err() {
            out.push(td_string!(l, mix.bad_budget).to_string());
        }
        if days.get().is_none() {
            out.push(td_string!(l, mix.bad_days).to_string());
        }
        if margin.get().is_err() {
            out.push(td_string!(l, mix.bad_margin).to_string());
        }
        typed.with(|m| {
            for (c, t) in m {
                let ch = channel_label(l, *c);
                if parse_yuan(&t.min).is_err() || parse_yuan(&t.max).is_err() {
                    out.push(td_string!(l, mix.bad_spend, ch = ch.clone()).to_string());
                }
                if parse_ratio(&t.roi).is_err() {
                    out.push(td_string!(l, mix.bad_roi, ch = ch).to_string());
                }
            }
        });
        out
    });

    let plan = Memo::new(move |_| -> Option<Result<Plan, AllocError>> {
        if !problems.with(Vec::is_empty) {
            return None;
        }
        let (b, d, m) = (budget.get().ok()?, days.get()?, margin.get().ok()?);
        let daily = b / f64::from(d);
        let inputs: Vec<ChannelInput> = fits.with(|(chans, _)| {
            typed.with(|ty| {
                chans
                    .iter()
                    .map(|c| {
                        let t = ty.get(&c.channel).cloned().unwrap_or_default();
                        ChannelInput {
                            fit: c.fit.ok(),
                            current: c.current,
                            current_roi: c.current_roi,
                            margin: m,
                            min: parse_yuan(&t.min).ok().flatten().unwrap_or(0.0),
                            max: parse_yuan(&t.max).ok().flatten(),
                            min_roi: parse_ratio(&t.roi).ok().flatten(),
                        }
                    })
                    .collect()
            })
        });
        if inputs.is_empty() {
            return None;
        }
        Some(allocate(&inputs, daily, goal.get()).map(|alloc| {
            let spends: Vec<f64> = alloc.shares.iter().map(|s| s.spend).collect();
            let totals = split_fen(&spends, d);
            let current = evaluate(&inputs, &current_split(&inputs, daily));
            let equal = evaluate(&inputs, &equal_split(inputs.len(), daily));
            Plan {
                inputs,
                alloc,
                current,
                equal,
                totals,
            }
        }))
    });

    let set_typed = move |c: AdChannel, which: u8, v: String| {
        typed.update(|m| {
            let t = m.entry(c).or_default();
            match which {
                0 => t.min = v,
                1 => t.max = v,
                _ => t.roi = v,
            }
        })
    };

    let channels_table = move || {
        let l = i18n.get_locale();
        let m = margin.get().unwrap_or(0.0);
        let rows = fits.with(|(chans, _)| {
            chans
                .iter()
                .map(|c| {
                    let ch = channel_label(l, c.channel);
                    let cc = c.channel;
                    let (status, r2, marg, be) = curve_cells(l, &c.fit, c.current, m);
                    let ty = typed.with_untracked(|t| t.get(&cc).cloned().unwrap_or_default());
                    let lab = |k: &str| format!("{ch} · {k}");
                    view! {
                        <tr data-testid="mx-channel" data-channel=format!("{cc:?}")>
                            <th scope="row">{ch.clone()}</th>
                            <td data-testid="mx-status">{status}</td>
                            <td class="num">{group_thousands(c.points.iter().filter(|p| p.spend > 0.0).count() as u64)}</td>
                            <td class="num">{r2}</td>
                            <td class="num">{money(c.current)}</td>
                            <td class="num">{num2(c.current_roi)}</td>
                            <td class="num">{marg}</td>
                            <td class="num" data-testid="mx-be-spend">{be}</td>
                            <td><input type="text" inputmode="decimal" class="narrow" prop:value=ty.min
                                aria-label=lab(td_string!(l, mix.col_min))
                                on:change=move |e| set_typed(cc, 0, event_target_value(&e))/></td>
                            <td><input type="text" inputmode="decimal" class="narrow" prop:value=ty.max
                                aria-label=lab(td_string!(l, mix.col_max))
                                on:change=move |e| set_typed(cc, 1, event_target_value(&e))/></td>
                            <td><input type="text" inputmode="decimal" class="narrow" prop:value=ty.roi
                                aria-label=lab(td_string!(l, mix.col_min_roi))
                                on:change=move |e| set_typed(cc, 2, event_target_value(&e))/></td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, mix.channels)>
                <table class="grid" data-testid="mx-channels">
                    <caption>{td_string!(l, mix.channels)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(l, mix.col_channel)}</th>
                        <th scope="col">{td_string!(l, mix.col_curve)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_days)}</th>
                        <th scope="col" class="num">"R²"</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_current)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_roi)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_next100)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_be_spend)}</th>
                        <th scope="col">{td_string!(l, mix.col_min)}</th>
                        <th scope="col">{td_string!(l, mix.col_max)}</th>
                        <th scope="col">{td_string!(l, mix.col_min_roi)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    };

    let result_view = move || {
        let l = i18n.get_locale();
        let Some(res) = plan.get() else {
            return ().into_any();
        };
        let p = match res {
            Ok(p) => p,
            Err(e) => {
                let msg = match e {
                    AllocError::BadBudget => td_string!(l, mix.bad_budget).to_string(),
                    AllocError::BelowMinimums { need } => td_string!(
                        l,
                        mix.err_minimums,
                        need = money(need * f64::from(days.get().unwrap_or(1)))
                    )
                    .to_string(),
                    AllocError::MinAboveMax { .. } => td_string!(l, mix.err_min_max).to_string(),
                };
                return view! { <p class="error" role="alert" data-testid="mx-error">{msg}</p> }
                    .into_any();
            }
        };
        let d = f64::from(days.get().unwrap_or(1));
        let m = margin.get().unwrap_or(0.0);
        let spent: i64 = p.totals.iter().sum();
        let (chans, plan_fits) = fits.get();
        let rows = chans
            .iter()
            .zip(&p.alloc.shares)
            .zip(&p.totals)
            .map(|((c, s), &total)| {
                let share_bp = if spent > 0 { total * 10_000 / spent } else { 0 };
                view! {
                    <tr data-testid="mx-row" data-channel=format!("{:?}", c.channel)>
                        <th scope="row">{channel_label(l, c.channel)}</th>
                        <td class="num" data-testid="mx-total">{yuan(Fen(total))}</td>
                        <td class="num">{money(s.spend)}</td>
                        <td class="num">{format!("{}%", bp_plain(share_bp))}</td>
                        <td class="num">{money(c.current * d)}</td>
                        <td class="num">{format!("{} ± {}", money(s.gmv * d), money(s.band * d))}</td>
                        <td class="num">{num2(if s.spend > 0.0 { s.gmv / s.spend } else { f64::NAN })}</td>
                        <td class="num">{money(s.marginal * 100.0)}</td>
                    </tr>
                }
            })
            .collect_view();
        let outcome_row = |name: String, o: Outcome, id: &'static str| {
            view! {
                <tr data-testid=id>
                    <th scope="row">{name}</th>
                    <td class="num">{money(o.spend * d)}</td>
                    <td class="num">{format!("{} ± {}", money(o.gmv * d), money(o.band * d))}</td>
                    <td class="num">{o.roi().map(num2).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{money(o.profit * d)}</td>
                </tr>
            }
        };
        let reasons = chans
            .iter()
            .zip(&p.alloc.shares)
            .map(|(c, s)| view! { <li data-testid="mx-reason">{reason(l, c, s, m)}</li> })
            .collect_view();
        let unspent = (p.alloc.unspent > 0.005).then(|| {
            view! { <p class="warn" data-testid="mx-unspent">{td_string!(l, mix.unspent, amount = money(p.alloc.unspent * d))}</p> }
        });
        // CSV of the split
        let csv = {
            let mut rows = vec![vec![
                CsvCell::Text(td_string!(l, mix.col_channel).into()),
                CsvCell::Text(td_string!(l, mix.col_total).into()),
                CsvCell::Text(td_string!(l, mix.col_daily).into()),
                CsvCell::Text(td_string!(l, mix.col_gmv).into()),
            ]];
            for ((c, s), &total) in chans.iter().zip(&p.alloc.shares).zip(&p.totals) {
                rows.push(vec![
                    CsvCell::Text(channel_label(l, c.channel)),
                    CsvCell::Money(Fen(total)),
                    CsvCell::Money(Fen((s.spend * 100.0).round() as i64)),
                    CsvCell::Money(Fen((s.gmv * d * 100.0).round() as i64)),
                ]);
            }
            to_csv(&rows)
        };
        let charts = chans
            .iter()
            .zip(&p.alloc.shares)
            .filter_map(|(c, s)| c.fit.as_ref().ok().map(|f| chart(l, c, f, s, m)))
            .collect_view();
        view! {
            <h2>{td_string!(l, mix.result)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, mix.result)>
                <table class="grid" data-testid="mx-split">
                    <thead><tr>
                        <th scope="col">{td_string!(l, mix.col_channel)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_total)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_daily)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_share)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_now_total)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_gmv)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_roi)}</th>
                        <th scope="col" class="num">{td_string!(l, mix.col_next100)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr class="total-row">
                        <th scope="row">{td_string!(l, common.col_total)}</th>
                        <td class="num" data-testid="mx-sum">{yuan(Fen(spent))}</td>
                        <td class="num">{money(p.alloc.total.spend)}</td>
                        <td></td><td></td>
                        <td class="num">{format!("{} ± {}", money(p.alloc.total.gmv * d), money(p.alloc.total.band * d))}</td>
                        <td class="num">{p.alloc.total.roi().map(num2).unwrap_or_else(|| "—".into())}</td>
                        <td></td>
                    </tr></tfoot>
                </table>
            </div>
            {unspent}
            <ul class="reasons" data-testid="mx-reasons">{reasons}</ul>
            {plan_split_view(l, &chans, &p, &plan_fits, m, days.get().unwrap_or(1))}
            <h2>{td_string!(l, mix.compare)}</h2>
            <table class="grid" data-testid="mx-compare">
                <thead><tr>
                    <th scope="col">{td_string!(l, mix.col_split)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_total)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_gmv)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_roi)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_profit)}</th>
                </tr></thead>
                <tbody>
                    {outcome_row(td_string!(l, mix.split_best).into(), p.alloc.total, "mx-cmp-best")}
                    {outcome_row(td_string!(l, mix.split_current).into(), p.current, "mx-cmp-current")}
                    {outcome_row(td_string!(l, mix.split_equal).into(), p.equal, "mx-cmp-equal")}
                </tbody>
            </table>
            <p class="muted">{td_string!(l, mix.band_note)}</p>
            <button class="btn" data-testid="mx-csv" on:click=move |_| {
                download_text("ad-mix.csv", &csv, "text/csv;charset=utf-8");
            }>{td_string!(l, mix.csv)}</button>
            {save_view(l, &chans, &p.totals)}
            <h2>{td_string!(l, mix.curves)}</h2>
            <p class="muted">{td_string!(l, mix.legend)}</p>
            <div class="mx-charts">{charts}</div>
        }
        .into_any()
    };

    let plans_view = move || {
        let l = i18n.get_locale();
        let m = margin.get().unwrap_or(0.0);
        let rows = fits.with(|(_, plans)| {
            plans
                .iter()
                .map(|p| {
                    let (status, r2, marg, be) = curve_cells(l, &p.fit, p.current, m);
                    let status = if p.fit.is_ok() {
                        format!("{status} · R² {r2}")
                    } else {
                        status
                    };
                    view! {
                        <tr>
                            <th scope="row">{p.name.clone()}</th>
                            <td>{channel_label(l, p.channel)}</td>
                            <td>{status}</td>
                            <td class="num">{money(p.current)}</td>
                            <td class="num">{marg}</td>
                            <td class="num">{be}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <details class="panel">
                <summary>{td_string!(l, mix.plans)}</summary>
                <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, mix.plans)>
                    <table class="grid" data-testid="mx-plans">
                        <thead><tr>
                            <th scope="col">{td_string!(l, mix.col_plan)}</th>
                            <th scope="col">{td_string!(l, mix.col_channel)}</th>
                            <th scope="col">{td_string!(l, mix.col_curve)}</th>
                            <th scope="col" class="num">{td_string!(l, mix.col_current)}</th>
                            <th scope="col" class="num">{td_string!(l, mix.col_next100)}</th>
                            <th scope="col" class="num">{td_string!(l, mix.col_be_spend)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        }
    };

    let margin_shown = dyn_text(move || match margin_text.get() {
        Some(t) => t,
        None => bp_plain((catalog_margin.get().unwrap_or(0.3) * 10_000.0).round() as i64),
    });
    let budget_shown = dyn_text(move || match budget_text.get() {
        Some(t) => t,
        None => crate::core::format::yuan_plain(Fen((default_budget() * 100.0).round() as i64)),
    });

    view! {
        <section class="page mix" data-testid="page-mix">
            <h1>{tr!(common.nav_mix)}</h1>
            <p class="muted">{tr!(mix.intro)}</p>
            <Show when=move || has_ads.get() fallback=|| view! {
                <div class="empty-state"><p class="not-yet" data-testid="mx-no-ads">{tr!(common.no_ads)}</p></div>
            }>
                <PeriodControl choice=choice/>
                <div class="form-row mx-inputs">
                    <label>{tr!(mix.budget)}
                        <input type="text" inputmode="decimal" data-testid="mx-budget" prop:value=budget_shown
                            on:change=move |e| budget_text.set(Some(event_target_value(&e)))/>
                    </label>
                    <label>{tr!(mix.days)}
                        <input type="text" inputmode="numeric" class="narrow" data-testid="mx-days" prop:value=move || days_text.get()
                            on:change=move |e| days_text.set(event_target_value(&e))/>
                    </label>
                    <label>{tr!(mix.goal)}
                        <select data-testid="mx-goal" on:change=move |e| goal.set(if event_target_value(&e) == "profit" { Goal::Profit } else { Goal::Gmv })>
                            <option value="gmv" selected=move || goal.get() == Goal::Gmv>{tr!(mix.goal_gmv)}</option>
                            <option value="profit" selected=move || goal.get() == Goal::Profit>{tr!(mix.goal_profit)}</option>
                        </select>
                    </label>
                    <label>{tr!(mix.margin)}
                        <input type="text" inputmode="decimal" class="narrow" data-testid="mx-margin" prop:value=margin_shown
                            on:change=move |e| margin_text.set(Some(event_target_value(&e)))/>
                    </label>
                </div>
                <p class="muted">{tr!(mix.margin_hint)}</p>
                <div role="alert" data-testid="mx-problems">
                    {move || problems.get().into_iter().map(|p| view! { <p class="error">{p}</p> }).collect_view()}
                </div>
                {channels_table}
                {result_view}
                {plans_view}
            </Show>
        </section>
    }
}

/// One plan's row of the split: its daily spend, its whole-fen total, its expected GMV and band
/// (per day), and how its spend was decided.
struct PlanRow<'a> {
    plan: &'a PlanFit,
    spend: f64,
    total: i64,
    gmv: f64,
    band: f64,
    how: String,
}

/// The rows of one channel's plans: its share split by `split_plans`, as whole fen that add up to
/// the channel's total (less what no plan's curve can take).
fn plan_rows<'a>(
    l: Locale,
    plans: &[&'a PlanFit],
    share: f64,
    channel_total: i64,
    margin: f64,
    days: u32,
) -> Vec<PlanRow<'a>> {
    let inputs: Vec<ChannelInput> = plans
        .iter()
        .map(|p| ChannelInput {
            fit: p.fit.ok(),
            current: p.current,
            current_roi: p.current_roi,
            margin,
            min: 0.0,
            max: None,
            min_roi: None,
        })
        .collect();
    let split = split_plans(&inputs, share);
    let spends = split.spends();
    let spent: f64 = spends.iter().sum();
    // all of the channel's fen when the plans take all of its share, else their own rounding
    let totals = if (spent - share).abs() <= 1e-6 * share.max(1.0) {
        let w: Vec<u64> = spends
            .iter()
            .map(|s| (s.max(0.0) * 10_000.0).round().min(1e15) as u64)
            .collect();
        crate::core::targets::spread(channel_total, &w)
    } else {
        // the plans' own rounded total, never above the channel's, so the remainder row is ≥ 0
        let assigned = (spent * f64::from(days) * 100.0).round();
        let assigned = if assigned.is_finite() {
            (assigned.min(1e15) as i64).clamp(0, channel_total.max(0))
        } else {
            0
        };
        let w: Vec<u64> = spends
            .iter()
            .map(|s| (s.max(0.0) * 10_000.0).round().min(1e15) as u64)
            .collect();
        crate::core::targets::spread(assigned, &w)
    };
    plans
        .iter()
        .zip(inputs.iter())
        .zip(spends.iter().zip(totals))
        .enumerate()
        .map(|(i, ((p, input), (&spend, total)))| {
            let by_curve = match &split {
                PlanSplit::Curves(a) => a.shares.get(i).filter(|_| input.fit.is_some()),
                _ => None,
            };
            let (gmv, band, how) = match (by_curve, &split) {
                (Some(s), _) => (s.gmv, s.band, td_string!(l, mix.plan_by_curve)),
                (None, PlanSplit::Curves(_)) => {
                    (spend * p.current_roi, 0.0, td_string!(l, mix.plan_kept))
                }
                (None, PlanSplit::NoCurve(_)) => {
                    (spend * p.current_roi, 0.0, td_string!(l, mix.plan_no_curve))
                }
                (None, PlanSplit::FixedAbove(_)) => (
                    spend * p.current_roi,
                    0.0,
                    td_string!(l, mix.plan_fixed_above),
                ),
            };
            let how = how.to_string();
            PlanRow {
                plan: p,
                spend,
                total,
                gmv,
                band,
                how,
            }
        })
        .collect()
}

/// Each channel's share split over its plans: whole-fen totals per plan that add up to the
/// channel's total, with the plan's expected GMV and how its spend was decided.
fn plan_split_view(
    l: Locale,
    chans: &[Chan],
    p: &Plan,
    plans: &[PlanFit],
    margin: f64,
    days: u32,
) -> impl IntoView {
    if plans.is_empty() {
        return ().into_any();
    }
    let d = f64::from(days);
    let mut body = Vec::new();
    for ((c, s), &total) in chans.iter().zip(&p.alloc.shares).zip(&p.totals) {
        let mine: Vec<&PlanFit> = plans.iter().filter(|x| x.channel == c.channel).collect();
        if mine.is_empty() {
            continue;
        }
        let rows = plan_rows(l, &mine, s.spend, total, margin, days);
        let left = total - rows.iter().map(|r| r.total).sum::<i64>();
        let ch = channel_label(l, c.channel);
        for r in rows {
            body.push(view! {
                <tr data-testid="mx-plan-row" data-channel=format!("{:?}", c.channel)>
                    <th scope="row">{r.plan.name.clone()}</th>
                    <td>{ch.clone()}</td>
                    <td class="num" data-testid="mx-plan-total">{yuan(Fen(r.total))}</td>
                    <td class="num">{money(r.spend)}</td>
                    <td class="num">{money(r.plan.current)}</td>
                    <td class="num">{format!("{} ± {}", money(r.gmv * d), money(r.band * d))}</td>
                    <td data-testid="mx-plan-how">{r.how}</td>
                </tr>
            }.into_any());
        }
        if left > 0 {
            body.push(
                view! {
                    <tr data-testid="mx-plan-left">
                        <th scope="row">{td_string!(l, mix.plan_left)}</th>
                        <td>{ch.clone()}</td>
                        <td class="num">{yuan(Fen(left))}</td>
                        <td colspan="4">{td_string!(l, mix.plan_left_why)}</td>
                    </tr>
                }
                .into_any(),
            );
        }
    }
    view! {
        <h2>{td_string!(l, mix.plan_split)}</h2>
        <p class="muted">{td_string!(l, mix.plan_split_hint)}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, mix.plan_split)>
            <table class="grid" data-testid="mx-plan-split">
                <thead><tr>
                    <th scope="col">{td_string!(l, mix.col_plan)}</th>
                    <th scope="col">{td_string!(l, mix.col_channel)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_total)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_daily)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_current)}</th>
                    <th scope="col" class="num">{td_string!(l, mix.col_gmv)}</th>
                    <th scope="col">{td_string!(l, mix.col_how)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Save the split (whole-fen totals per channel) into a target plan's ad budget lines for a month
/// (`core::targets::set_ad_budget`): one undo step on the plan, shared through plan files.
fn save_view(l: Locale, chans: &[Chan], totals: &[i64]) -> impl IntoView {
    use crate::model::TargetPlan;
    let state = expect_context::<AppState>();
    let amounts: Vec<(AdChannel, Fen)> = chans
        .iter()
        .zip(totals)
        .map(|(c, &t)| (c.channel, Fen(t)))
        .collect();
    let plans: Vec<(String, String, i32)> = state.ws.with_untracked(|ws| {
        let mut v: Vec<&TargetPlan> = ws.live::<TargetPlan>().collect();
        v.sort_by(|a, b| {
            (b.year, a.base.is_some(), &a.name).cmp(&(a.year, b.base.is_some(), &b.name))
        });
        v.into_iter()
            .map(|p| (p.meta.id.clone(), format!("{} {}", p.year, p.name), p.year))
            .collect()
    });
    if plans.is_empty() {
        return view! { <p class="muted" data-testid="mx-save-none">{td_string!(l, mix.save_none)}</p> }.into_any();
    }
    let t = crate::ui::state::today_date();
    use chrono::Datelike;
    let first = plans
        .iter()
        .find(|p| p.2 == t.year())
        .unwrap_or(&plans[0])
        .clone();
    let plan = RwSignal::new(first.0.clone());
    let month = RwSignal::new(if first.2 == t.year() {
        t.month0() as usize
    } else {
        0
    });
    let saved = RwSignal::new(None::<String>);
    let names = crate::ui::text::month_names(l);
    let names2 = names.clone();
    let plans2 = plans.clone();
    let save = move |_| {
        let (id, m) = (plan.get_untracked(), month.get_untracked());
        state.edit::<TargetPlan>(&id, |p| crate::core::targets::set_ad_budget(p, m, &amounts));
        let name = plans2
            .iter()
            .find(|p| p.0 == id)
            .map(|p| p.1.clone())
            .unwrap_or_default();
        let mname = names2.get(m).cloned().unwrap_or_default();
        saved.set(Some(
            td_string!(l, mix.saved, plan = name, month = mname).to_string(),
        ));
    };
    view! {
        <div class="panel form-row" data-testid="mx-save">
            <strong>{td_string!(l, mix.save_title)}</strong>
            <label>{td_string!(l, mix.save_plan)}
                <select data-testid="mx-save-plan" on:change=move |e| plan.set(event_target_value(&e))>
                    {plans.iter().map(|(id, name, _)| view! {
                        <option value=id.clone() selected=*id == first.0>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{td_string!(l, mix.save_month)}
                <select data-testid="mx-save-month" on:change=move |e| month.set(event_target_value(&e).parse().unwrap_or(0))>
                    {names.iter().enumerate().map(|(i, n)| view! {
                        <option value=i.to_string() selected=i == month.get_untracked()>{n.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button class="btn primary" data-testid="mx-save-btn" on:click=save>{td_string!(l, mix.save)}</button>
            <span role="status" data-testid="mx-saved">{move || saved.get()}</span>
        </div>
    }
    .into_any()
}

/// One channel's chart: the daily points, the fitted curve with its band, and the current,
/// suggested and break-even spends as vertical lines.
fn chart(l: Locale, c: &Chan, f: &Fit, s: &mix::Share, margin: f64) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 180.0;
    const PAD: f64 = 28.0;
    let be = (margin > 0.0).then(|| f.curve.spend_at_marginal(1.0 / margin));
    // the range the operator decides in: most days, the current, suggested and break-even spends
    // (a few event days at many times the usual spend would squeeze everything into a corner)
    let mut spends: Vec<f64> = c
        .points
        .iter()
        .map(|p| p.spend)
        .filter(|s| *s > 0.0)
        .collect();
    spends.sort_by(f64::total_cmp);
    let q95 = spends
        .get((spends.len() * 95 / 100).min(spends.len().saturating_sub(1)))
        .copied()
        .unwrap_or(f.max_spend);
    let x_max = [
        q95 * 1.2,
        c.current * 1.5,
        s.spend * 1.2,
        be.unwrap_or(0.0).min(q95 * 3.0) * 1.1,
    ]
    .into_iter()
    .fold(1.0, f64::max);
    let shown: Vec<&mix::Point> = c
        .points
        .iter()
        .filter(|p| p.spend > 0.0 && p.spend <= x_max)
        .collect();
    let y_max = shown
        .iter()
        .map(|p| p.gmv)
        .chain([f.curve.gmv(x_max) + f.band(x_max)])
        .fold(1.0, f64::max)
        * 1.05;
    let x = move |v: f64| PAD + (W - PAD - 6.0) * v / x_max;
    let y = move |v: f64| H - PAD - (H - PAD - 6.0) * v / y_max;
    let dots = shown
        .iter()
        .map(|p| format!("M{:.1} {:.1}h0", x(p.spend), y(p.gmv)))
        .collect::<String>();
    let curve_at = |k: f64| -> String {
        (0..=40)
            .map(|i| {
                let v = x_max * f64::from(i) / 40.0;
                format!(
                    "{}{:.1} {:.1}",
                    if i == 0 { "M" } else { "L" },
                    x(v),
                    y(f.curve.gmv(v) + k * f.band(v))
                )
            })
            .collect()
    };
    let vline = |v: f64| format!("M{:.1} {:.1}V{:.1}", x(v), y(0.0), 6.0);
    let ch = channel_label(l, c.channel);
    let alt = td_string!(
        l,
        mix.chart_alt,
        ch = ch.clone(),
        days = f.days,
        r2 = num2(f.r2),
        now = money(c.current),
        best = money(s.spend),
        be = be.map(money).unwrap_or_else(|| "—".into())
    )
    .to_string();
    view! {
        <figure class="mx-chart" data-testid="mx-chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=alt.clone()>
                <path d=format!("M{PAD} {:.1}H{W}M{PAD} {:.1}V6", y(0.0), y(0.0)) class="axis"/>
                <path d=curve_at(1.0) class="band"/>
                <path d=curve_at(-1.0) class="band"/>
                <path d=dots class="dots"/>
                <path d=curve_at(0.0) class="curve"/>
                <path d=vline(c.current) class="now"/>
                <path d=vline(s.spend) class="best"/>
                {be.filter(|&b| b <= x_max).map(|b| view! { <path d=vline(b) class="be"/> })}
                <text x={PAD + 2.0} y="14" class="tick">{money(y_max)}</text>
                <text x={W - 4.0} y={H - 10.0} class="tick end">{money(x_max)}</text>
                <text x=PAD y={H - 10.0} class="tick">"0"</text>
            </svg>
            <figcaption>{alt}</figcaption>
        </figure>
    }
}
