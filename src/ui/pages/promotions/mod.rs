//! Promotions list: every planned promotion with its tool, dates, status, owner, products and
//! price warnings; filters; a new promotion opens its editor (`/promotions/:id`).

use crate::core::format::yuan;
use crate::core::promo::check::{check_all, conflicts};
use crate::i18n::*;
use crate::model::{OwnerRole, PromoStatus, Promotion};
use crate::ui::router::use_navigate;
use crate::ui::router::A;
use crate::ui::state::{today_date, AppState};
use crate::ui::text;
use crate::ui::text::dyn_text;
use leptos::prelude::*;
use std::collections::HashMap;

mod checks;
pub mod edit;
mod review;
mod stocking;

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let f_status = RwSignal::new(String::new());
    let f_owner = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());

    // Problems per promotion: SKUs with a flag, and conflicts naming it.
    let problems = Memo::new(move |_| {
        state.ws.with(|ws| {
            let mut n: HashMap<String, usize> = HashMap::new();
            let live: Vec<Promotion> = ws.live_promotions().cloned().collect();
            for c in check_all(&live, &ws.products, &ws.profile, &ws.settings) {
                if !c.flags.is_empty() {
                    for id in &c.promo_ids {
                        *n.entry(id.clone()).or_default() += 1;
                    }
                }
            }
            for c in conflicts(&live, &ws.products, &ws.profile, &ws.settings) {
                for id in &c.promo_ids {
                    *n.entry(id.clone()).or_default() += 1;
                }
            }
            n
        })
    });

    let rows = Memo::new(move |_| {
        let st = f_status.get();
        let ow = f_owner.get();
        let q = search.get().trim().to_lowercase();
        state.ws.with(|ws| {
            let mut v: Vec<Promotion> = ws
                .live_promotions()
                .filter(|p| st.is_empty() || p.status.key() == st)
                .filter(|p| ow.is_empty() || p.owner.key() == ow)
                .filter(|p| q.is_empty() || p.name.to_lowercase().contains(&q))
                .cloned()
                .collect();
            v.sort_by(|a, b| (a.phases.main.start, &a.name).cmp(&(b.phases.main.start, &b.name)));
            v
        })
    });

    let new_promo = move |_| {
        let name = t_string!(i18n, common.promotions_new_name).to_string();
        let id = state.draft_promotion(today_date(), name);
        navigate(&format!("/promotions/{id}"), Default::default());
    };

    view! {
        <section class="page promotions" data-testid="page-promotions">
            <div class="page-head">
                <h1>{tr!(common.nav_promotions)}</h1>
                <button class="btn primary" data-testid="new-promotion" on:click=new_promo>{tr!(promotions.new)}</button>
            </div>
            <p class="muted">{tr!(promotions.intro)}</p>
            <div class="filters">
                <input type="search" data-testid="promo-search" placeholder=tr!(common.search_placeholder)
                    on:input=move |e| search.set(event_target_value(&e))/>
                <select data-testid="promo-filter-status" aria-label=tr!(common.filter_by_status) on:change=move |e| f_status.set(event_target_value(&e))>
                    <option value="">{tr!(common.all_statuses)}</option>
                    {PromoStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.key()>{dyn_text(move || text::promo_status(i18n.get_locale(), s))}</option>
                    }).collect_view()}
                </select>
                <select data-testid="promo-filter-owner" aria-label=tr!(common.filter_by_owner) on:change=move |e| f_owner.set(event_target_value(&e))>
                    <option value="">{tr!(common.all_owners)}</option>
                    {OwnerRole::ALL.into_iter().map(|r| view! {
                        <option value=r.key()>{dyn_text(move || text::owner(i18n.get_locale(), r))}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || !rows.with(Vec::is_empty)
                fallback=|| view! { <div class="empty-state"><p>{tr!(promotions.none)}</p></div> }>
                <table class="grid" data-testid="promo-table">
                    <thead><tr>
                        <th>{tr!(common.promotions_name)}</th><th>{tr!(common.promotions_tool)}</th><th>{tr!(common.promotions_dates)}</th>
                        <th>{tr!(common.col_status)}</th><th>{tr!(promotions.owner)}</th><th class="num">{tr!(promotions.items)}</th>
                        <th class="num">{tr!(common.promotions_budget)}</th><th class="num">{tr!(promotions.target_gmv)}</th><th>{tr!(promotions.warnings)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || { let _ = i18n.get_locale(); rows.get() } key=move |p| (p.meta.id.clone(), p.meta.rev, i18n.get_locale_untracked()) let:p>
                            {
                                let l = i18n.get_locale_untracked();
                                let id = p.meta.id.clone();
                                let id2 = id.clone();
                                let warn = move || problems.with(|m| m.get(&id2).copied().unwrap_or(0));
                                let n_items = if p.covers_all() { td_string!(l, promotions.whole_shop).to_string() } else { p.items.len().to_string() };
                                let money = |f: crate::model::Fen| if f.0 == 0 { "—".to_string() } else { yuan(f) };
                                let (budget, target) = (money(p.budget), money(p.target_gmv));
                                view! {
                                    <tr data-testid="promo-row">
                                        <td><A href=format!("/promotions/{id}")>{p.name.clone()}</A></td>
                                        <td>{text::promo_tool(l, &p.rule)}</td>
                                        <td class="nowrap">{format!("{} – {}", p.phases.main.start, p.phases.main.end)}</td>
                                        <td><span class=format!("pill st-{}", p.status.key())>{text::promo_status(l, p.status)}</span></td>
                                        <td>{text::owner(l, p.owner)}</td>
                                        <td class="num">{n_items}</td>
                                        <td class="num">{budget}</td>
                                        <td class="num">{target}</td>
                                        <td data-testid="promo-warnings">{move || {
                                            let n = warn();
                                            (n > 0).then(|| view! { <span class="flag bad">{dyn_text(move || td_string!(i18n.get_locale(), promotions.count_warnings, n = n).to_string())}</span> })
                                        }}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
