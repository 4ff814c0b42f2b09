//! The Targets page's day split: one month of the plan split into days by the store's weekday
//! profile, with the planned promotions' own targets on their main-wave days, against the
//! imported actuals day by day (`core::targets::day_split`).

use super::{month_names, Ctx};
use crate::core::format::{percent2_bp, yuan};
use crate::core::metrics::period::{day_of, weekday, ymd};
use crate::core::targets::{self as tg, PromoTarget};
use crate::i18n::*;
use crate::model::target::MONTHS;
use crate::model::Fen;
use leptos::prelude::*;

/// Days of history the weekday profile looks back over.
const PROFILE_DAYS: u32 = 91;

#[component]
pub fn DaysPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let month = RwSignal::new(ctx.actuals.with_untracked(|a| {
        a.asof
            .and_then(crate::core::metrics::period::date_of)
            .map(|d| chrono::Datelike::month0(&d) as usize)
            .unwrap_or(0)
    }));
    let profile = Memo::new(move |_| {
        ctx.state.metrics.with(|m| {
            let days = m.store_days();
            days.last()
                .and_then(|l| tg::weekday_profile(days, l.day, PROFILE_DAYS))
        })
    });
    let split = Memo::new(move |_| {
        let m = month.get();
        let Some(plan) = ctx.plan.get() else {
            return Vec::new();
        };
        let promos: Vec<PromoTarget> = ctx.state.ws.with(|ws| {
            ws.live_promotions()
                .filter(|p| p.target_gmv.0 > 0)
                .map(|p| PromoTarget {
                    name: p.name.clone(),
                    first: day_of(p.phases.main.start),
                    last: day_of(p.phases.main.end),
                    target: p.target_gmv.0,
                })
                .collect()
        });
        let events = event_weights(&ctx, &plan, m);
        let days = profile.with(|p| tg::day_split(&plan, m, p.as_ref(), &promos, &events));
        ctx.state.metrics.with(|mx| {
            let mut cum_t = 0i64;
            let mut cum_a = 0i64;
            days.into_iter()
                .map(|d| {
                    let actual = mx.store_day(d.day).map(|s| s.paid_amount.0);
                    cum_t += d.target;
                    if let Some(a) = actual {
                        cum_a += a;
                    }
                    let rate = actual.and_then(|_| {
                        (cum_t > 0).then(|| {
                            ((i128::from(cum_a) * 10_000 + i128::from(cum_t) / 2)
                                / i128::from(cum_t)) as i64
                        })
                    });
                    (d, actual, rate)
                })
                .collect::<Vec<_>>()
        })
    });
    // the weeks of the month: Monday to Sunday, cut at the month's edges
    let weeks = Memo::new(move |_| {
        split.with(|days| {
            let targets: Vec<tg::DayTarget> = days.iter().map(|(d, _, _)| d.clone()).collect();
            let actual: std::collections::HashMap<_, _> = days
                .iter()
                .filter_map(|(d, a, _)| Some((d.day, (*a)?)))
                .collect();
            tg::week_split(&targets, |d| actual.get(&d).copied())
        })
    });
    let weekdays = move || {
        td_string!(i18n.get_locale(), common.calendar_weekdays)
            .to_string()
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="panel" data-testid="day-split">
            <h2>{tr!(targets.days)}</h2>
            <p class="muted">{move || if profile.with(Option::is_some) { td_string!(i18n.get_locale(), targets.days_profile) } else { td_string!(i18n.get_locale(), targets.days_even) }.to_string()}</p>
            <label class="no-print">{tr!(targets.days_month)}" "
                <select data-testid="day-month" on:change=move |e| {
                    if let Ok(m) = event_target_value(&e).parse::<usize>() {
                        if m < MONTHS { month.set(m) }
                    }
                }>
                    {(0..MONTHS).map(|m| view! {
                        <option value=m.to_string() selected=move || month.get() == m>
                            {move || month_names(i18n.get_locale()).get(m).cloned().unwrap_or_default()}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.weeks)>
            <table class="grid" data-testid="week-split">
                <caption>{tr!(targets.weeks)}</caption>
                <thead><tr>
                    <th>{tr!(targets.weeks_week)}</th><th>{tr!(targets.weeks_days)}</th><th class="num">{tr!(targets.days_target)}</th>
                    <th class="num">{tr!(targets.col_actual)}</th><th class="num">{tr!(targets.col_attain)}</th>
                </tr></thead>
                <tbody>
                    {move || weeks.get().into_iter().map(|w| {
                        let rate = w.actual.and_then(|a| (w.target > 0).then(|| ((i128::from(a) * 10_000 + i128::from(w.target) / 2) / i128::from(w.target)) as i64));
                        view! {
                            <tr data-testid="week-row">
                                <th scope="row">{move || td_string!(i18n.get_locale(), targets.weeks_label, n = w.iso_week).to_string()}</th>
                                <td>{format!("{} – {}", ymd(w.first), ymd(w.last))}</td>
                                <td class="num" data-testid="week-target">{yuan(Fen(w.target))}</td>
                                <td class="num">{w.actual.map(|a| yuan(Fen(a))).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{rate.map(percent2_bp).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.days)>
            <table class="grid">
                <thead><tr>
                    <th>{tr!(targets.days_date)}</th><th>{tr!(targets.days_weekday)}</th><th class="num">{tr!(targets.days_target)}</th>
                    <th>{tr!(targets.days_promos)}</th><th class="num">{tr!(targets.col_actual)}</th><th class="num">{tr!(targets.days_cum)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let wd = weekdays();
                        let sep = td_string!(i18n.get_locale(), common.enumeration);
                        split.get().into_iter().map(|(d, actual, rate)| view! {
                            <tr data-testid="day-row" class:promo=!d.promos.is_empty()>
                                <th scope="row">{ymd(d.day)}</th>
                                <td>{wd.get(weekday(d.day) as usize).cloned().unwrap_or_default()}</td>
                                <td class="num">{yuan(Fen(d.target))}</td>
                                <td>{d.promos.join(sep)}</td>
                                <td class="num">{actual.map(|a| yuan(Fen(a))).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{rate.map(percent2_bp).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }).collect_view()
                    }}
                </tbody>
                <tfoot><tr>
                    <th scope="row">{tr!(targets.total)}</th><td></td>
                    <td class="num" data-testid="days-sum">{move || yuan(Fen(split.with(|s| s.iter().map(|x| x.0.target).sum::<i64>())))}</td>
                    <td></td><td></td><td></td>
                </tr></tfoot>
            </table>
            </div>
        </div>
    }
}

/// The platform events whose main days fall in month `m` of the plan's year, each weighed by
/// how last year's same event (`evt-{year − 1}-{key}`: the team's copy, else the seed) sold
/// against the days before it; events without last year's data are left out.
fn event_weights(
    ctx: &super::Ctx,
    plan: &crate::model::TargetPlan,
    m: usize,
) -> Vec<tg::EventWeight> {
    use crate::core::promo::events::{event_id, seed_events};
    let Some(period) = tg::month_period(plan.year, m) else {
        return Vec::new();
    };
    let prefix = format!("evt-{}-", plan.year);
    let seeds = seed_events(plan.year - 1);
    ctx.state.ws.with(|ws| {
        ws.live_events()
            .filter(|e| {
                let (a, b) = (day_of(e.phases.main.start), day_of(e.phases.main.end));
                a <= period.to && b >= period.from
            })
            .filter_map(|e| {
                let key = e.meta.id.strip_prefix(&prefix)?;
                let last_id = event_id(plan.year - 1, key);
                let last = ws
                    .live_events()
                    .find(|x| x.meta.id == last_id)
                    .map(|x| x.phases.clone())
                    .or_else(|| {
                        seeds
                            .iter()
                            .find(|x| x.meta.id == last_id)
                            .map(|x| x.phases.clone())
                    })?;
                let before = day_of(last.warmup.map_or(last.main.start, |w| w.start));
                let up = ctx.state.metrics.with(|mx| {
                    tg::event_uplift(
                        mx.store_days(),
                        day_of(last.main.start),
                        day_of(last.main.end),
                        before,
                    )
                })?;
                Some(tg::EventWeight {
                    name: e.name.clone(),
                    first: day_of(e.phases.main.start),
                    last: day_of(e.phases.main.end),
                    uplift_permille: up,
                })
            })
            .collect()
    })
}
