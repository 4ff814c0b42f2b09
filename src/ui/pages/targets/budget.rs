//! Budget lines (预算) of a target plan: per line (ads per channel, promotions, content, staff,
//! other) the month's plan against what the imported metrics say was spent (ad channels), the
//! year's totals, and the ad lines against the month's 推广占比 budget. The Paid mix page saves
//! its split into the month's ad lines (`core::targets::set_ad_budget`).

use super::{month_names, Ctx};
use crate::core::format::yuan;
use crate::core::targets::{self as tg};
use crate::i18n::*;
use crate::model::target::MONTHS;
use crate::model::{BudgetKind, BudgetLine, Fen};
use crate::ui::state::today_date;
use crate::ui::text::channel_label;
use crate::ui::text::dyn_text;
use chrono::Datelike;
use leptos::prelude::*;

pub fn kind_label(l: Locale, k: BudgetKind) -> String {
    match k.ad_channel() {
        Some(c) => channel_label(l, c),
        None => match k {
            BudgetKind::Promotions => td_string!(l, targets.budget_promotions),
            BudgetKind::Content => td_string!(l, targets.budget_content),
            BudgetKind::Staff => td_string!(l, targets.budget_staff),
            _ => td_string!(l, targets.budget_other),
        }
        .to_string(),
    }
}

fn line_label(l: Locale, line: &BudgetLine) -> String {
    if line.name.is_empty() {
        kind_label(l, line.kind)
    } else {
        line.name.clone()
    }
}

#[component]
pub fn BudgetPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let today = today_date();
    let month = RwSignal::new(None::<usize>);
    // the month shown: typed, else this month in this year's plan, else January
    let m = Memo::new(move |_| {
        month.get().unwrap_or_else(|| match ctx.read(|p| p.year) {
            Some(y) if y == today.year() => today.month0() as usize,
            _ => 0,
        })
    });
    let count = move || ctx.read(|p| p.budget.len()).unwrap_or(0);
    let new_kind = RwSignal::new(BudgetKind::Promotions);
    let new_name = RwSignal::new(String::new());
    let add = move |_| {
        let kind = new_kind.get_untracked();
        let name = new_name
            .get_untracked()
            .trim()
            .chars()
            .take(100)
            .collect::<String>();
        if ctx.change(|p, _| {
            p.budget.push(BudgetLine::new(kind, name));
            Ok(())
        }) {
            new_name.set(String::new());
        }
    };
    // spent per line in the shown month and in the year (None: not in the metrics), computed once
    // per plan, month or metrics change and read by the rows
    let spent = Memo::new(move |_| {
        let mm = m.get();
        let lines = ctx.read(|p| (p.year, p.budget.iter().map(|l| l.kind).collect::<Vec<_>>()));
        let Some((year, kinds)) = lines else {
            return Vec::new();
        };
        ctx.state.metrics.with(|s| {
            kinds
                .into_iter()
                .map(|kind| {
                    let months: Vec<Option<Fen>> = (0..MONTHS)
                        .map(|x| tg::budget_spent(s, kind, year, x))
                        .collect();
                    let month = months.get(mm).copied().flatten();
                    let year = months.into_iter().flatten().reduce(|a, b| a + b);
                    (month, year)
                })
                .collect::<Vec<(Option<Fen>, Option<Fen>)>>()
        })
    });
    let spent_month = move |i: usize| spent.with(|v| v.get(i).and_then(|x| x.0));
    let spent_year = move |i: usize| spent.with(|v| v.get(i).and_then(|x| x.1));
    let shown = |f: Option<Fen>| f.map(yuan).unwrap_or_else(|| "—".into());
    let totals = move || {
        let mm = m.get();
        ctx.read(|p| {
            let month: Fen = p
                .budget
                .iter()
                .filter_map(|l| l.planned.get(mm))
                .fold(Fen::ZERO, |a, &b| a + b);
            let year: Fen = p
                .budget
                .iter()
                .flat_map(|l| l.planned.iter())
                .fold(Fen::ZERO, |a, &b| a + b);
            (
                month,
                year,
                tg::ad_lines_planned(p, mm),
                tg::month_needs(p, mm, None).ad_budget,
            )
        })
    };
    view! {
        <section class="panel" data-testid="budget-panel">
            <h2>{tr!(targets.budget_title)}</h2>
            <p class="muted">{tr!(targets.budget_intro)}</p>
            <label class="no-print">{tr!(targets.budget_month)}
                <select data-testid="budget-month" on:change=move |e| month.set(event_target_value(&e).parse().ok())>
                    {move || month_names(i18n.get_locale()).into_iter().enumerate().map(|(i, n)| view! {
                        <option value=i.to_string() selected=move || m.get() == i>{n}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || { count() > 0 } fallback=|| view! { <p class="muted" data-testid="budget-none">{tr!(targets.budget_none)}</p> }>
                <div class="table-scroll" tabindex="0" role="region" aria-label=tr!(targets.budget_title)>
                <table class="grid" data-testid="budget-lines">
                    <thead><tr>
                        <th scope="col">{tr!(targets.budget_line)}</th>
                        <th scope="col" class="num">{tr!(targets.budget_planned)}</th>
                        <th scope="col" class="num">{tr!(targets.budget_spent)}</th>
                        <th scope="col" class="num">{tr!(targets.budget_left)}</th>
                        <th scope="col" class="num">{tr!(targets.budget_year_planned)}</th>
                        <th scope="col" class="num">{tr!(targets.budget_year_spent)}</th>
                        <th scope="col">{tr!(targets.budget_remove_col)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || 0..count() key=|i| *i let:i>
                            {
                                let label = move || ctx.read(|p| p.budget.get(i).map(|l| line_label(i18n.get_locale(), l))).flatten().unwrap_or_default();
                                let planned = move || ctx.read(|p| p.budget.get(i).and_then(|l| l.planned.get(m.get()).copied())).flatten().unwrap_or_default();
                                let year_planned = move || ctx.read(|p| p.budget.get(i).map(|l| l.planned.iter().fold(Fen::ZERO, |a, &b| a + b))).flatten().unwrap_or_default();
                                view! {
                                    <tr data-testid="budget-line">
                                        <th scope="row">{label}</th>
                                        <td class="num"><input class="num" inputmode="decimal" data-testid="budget-planned"
                                            aria-label=dyn_text(move || format!("{} {}", label(), td_string!(i18n.get_locale(), targets.budget_planned)))
                                            prop:value=move || planned().to_plain()
                                            on:change=move |e| {
                                                let mm = m.get_untracked();
                                                ctx.money(&e, planned().to_plain(), 0, move |p, v| {
                                                    if let Some(x) = p.budget.get_mut(i).and_then(|l| l.planned.get_mut(mm)) { *x = v }
                                                })
                                            }/></td>
                                        <td class="num" data-testid="budget-spent">{move || shown(spent_month(i))}</td>
                                        <td class="num" data-testid="budget-left">{move || spent_month(i).map(|s| yuan(planned() - s)).unwrap_or_else(|| "—".into())}</td>
                                        <td class="num" data-testid="budget-year">{move || yuan(year_planned())}</td>
                                        <td class="num">{move || shown(spent_year(i))}</td>
                                        <td><button class="btn small no-print" aria-label=dyn_text(move || td_string!(i18n.get_locale(), targets.fixed_remove, name = label()).to_string())
                                            on:click=move |_| { ctx.change(|p, _| { if i < p.budget.len() { p.budget.remove(i); } Ok(()) }); }>"×"</button></td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                    <tfoot><tr class="total-row">
                        <th scope="row">{tr!(common.col_total)}</th>
                        <td class="num" data-testid="budget-total">{move || totals().map(|t| yuan(t.0)).unwrap_or_default()}</td>
                        <td></td><td></td>
                        <td class="num" data-testid="budget-year-total">{move || totals().map(|t| yuan(t.1)).unwrap_or_default()}</td>
                        <td></td><td></td>
                    </tr></tfoot>
                </table>
                </div>
                <p data-testid="budget-ads-check">{move || totals().map(|(_, _, ads, by_ratio)| {
                    td_string!(i18n.get_locale(), targets.budget_ads_check, ads = yuan(ads), ratio = yuan(by_ratio)).to_string()
                })}</p>
            </Show>
            <div class="form-row no-print">
                <label>{tr!(targets.budget_kind)}
                    <select data-testid="budget-kind" on:change=move |e| {
                        if let Some(k) = BudgetKind::from_key(&event_target_value(&e)) { new_kind.set(k) }
                    }>
                        {move || BudgetKind::ALL.into_iter().map(|k| view! {
                            <option value=k.key() selected=move || new_kind.get() == k>{kind_label(i18n.get_locale(), k)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{tr!(targets.budget_name)}
                    <input maxlength="100" data-testid="budget-name" prop:value=move || new_name.get()
                        on:input=move |e| new_name.set(event_target_value(&e))/>
                </label>
                <button class="btn" data-testid="budget-add" on:click=add>{tr!(targets.budget_add)}</button>
            </div>
        </section>
    }
}
