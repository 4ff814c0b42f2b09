//! 爆款计划 (/hero): pick a product (the best-seller candidates first), get four stages —
//! 测款, 推广, 爆发, 维稳 — defaulted from its history and the store's (`core::hero`), edit them,
//! and track each against the imported product and ad metrics with its gate passed / not yet /
//! failed / upcoming and what to do when a gate is missed. Plans are shared records (undo,
//! plan files, merge).

use crate::core::format::{bp_plain, parse_percent_bp, yuan};
use crate::core::hero::{date_ok, default_stages, history, track, GateState, StageActual};
use crate::core::metrics::products::best_seller_candidates;
use crate::i18n::*;
use crate::model::date::{md, parse_ymd, ymd};
use crate::model::hero::STAGES;
use crate::model::{Fen, GateMetric, HeroPlan, HeroStage, Meta, Product, Record};
use crate::ui::clock::{new_id, now_ms, today, today_date};
use crate::ui::state::AppState;
use leptos::prelude::*;

fn stage_name(l: Locale, i: usize) -> &'static str {
    match i {
        0 => td_string!(l, common.hero_stage_test),
        1 => td_string!(l, common.hero_stage_push),
        2 => td_string!(l, common.hero_stage_burst),
        _ => td_string!(l, common.hero_stage_hold),
    }
}

fn metric_name(l: Locale, m: GateMetric) -> &'static str {
    match m {
        GateMetric::Ctr => td_string!(l, hero.m_ctr),
        GateMetric::Conversion => td_string!(l, hero.m_conversion),
        GateMetric::Visitors => td_string!(l, hero.m_visitors),
        GateMetric::Units => td_string!(l, hero.m_units),
    }
}

fn threshold(m: GateMetric, v: u64) -> String {
    if m.is_rate() {
        format!("{}%", bp_plain(v as i64))
    } else {
        v.to_string()
    }
}

fn gate_text(l: Locale, s: &HeroStage) -> String {
    td_string!(
        l,
        hero.gate,
        metric = metric_name(l, s.gate),
        min = threshold(s.gate, s.gate_min),
        days = s.gate_days
    )
    .to_string()
}

fn state_text(l: Locale, a: &StageActual) -> String {
    match a.gate {
        GateState::Passed(d) => td_string!(l, hero.passed, day = md(d)).to_string(),
        GateState::NotYet => td_string!(l, hero.not_yet, run = a.best_run).to_string(),
        GateState::Failed => td_string!(l, hero.failed, run = a.best_run).to_string(),
        GateState::Upcoming => td_string!(l, hero.upcoming).to_string(),
    }
}

/// What to do when a gate is missed, and where in the app to do it.
fn suggestion(l: Locale, m: GateMetric) -> (&'static str, &'static str) {
    match m {
        GateMetric::Ctr => (td_string!(l, hero.fix_ctr), "/products"),
        GateMetric::Conversion => (td_string!(l, hero.fix_conversion), "/simulator"),
        GateMetric::Visitors => (td_string!(l, hero.fix_visitors), "/mix"),
        GateMetric::Units => (td_string!(l, hero.fix_units), "/analysis"),
    }
}

fn opt_bp(v: Option<u32>) -> String {
    v.map(|b| format!("{}%", bp_plain(i64::from(b))))
        .unwrap_or_else(|| "—".into())
}

fn opt_f(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let msg = RwSignal::new(None::<String>);
    let products = Memo::new(move |_| {
        state.ws.with(|ws| {
            ws.live_products()
                .filter(|p| !p.item_id.is_empty())
                .cloned()
                .collect::<Vec<Product>>()
        })
    });
    let candidates = Memo::new(move |_| {
        let end = today() - 1;
        state.metrics.with(|m| {
            best_seller_candidates(m, end)
                .candidates
                .into_iter()
                .map(|c| c.item_id)
                .collect::<Vec<String>>()
        })
    });
    let plans = Memo::new(move |_| {
        state.ws.with(|ws| {
            let mut v: Vec<HeroPlan> = ws.live::<HeroPlan>().cloned().collect();
            v.sort_by(|a, b| {
                (a.stages.first().map(|s| s.from), &a.name)
                    .cmp(&(b.stages.first().map(|s| s.from), &b.name))
            });
            v
        })
    });
    let chosen = RwSignal::new(None::<String>);
    let plan = Memo::new(move |_| {
        let c = chosen.get();
        plans.with(|v| {
            c.and_then(|id| v.iter().find(|p| p.meta.id == id))
                .or(v.first())
                .cloned()
        })
    });
    let new_product = RwSignal::new(None::<String>);
    let new_start = RwSignal::new(ymd(today_date()));

    let create = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(start) = parse_ymd(&new_start.get_untracked()).filter(|d| date_ok(*d)) else {
            msg.set(Some(td_string!(l, hero.bad_date).to_string()));
            return;
        };
        let list = products.get_untracked();
        let pid = new_product
            .get_untracked()
            .or_else(|| {
                let c = candidates.get_untracked();
                list.iter()
                    .find(|p| c.contains(&p.item_id))
                    .map(|p| p.meta.id.clone())
            })
            .or_else(|| list.first().map(|p| p.meta.id.clone()));
        let Some(prod) = pid.and_then(|id| list.iter().find(|p| p.meta.id == id).cloned()) else {
            msg.set(Some(td_string!(l, hero.no_products).to_string()));
            return;
        };
        let peers: Vec<&str> = list
            .iter()
            .filter(|p| p.category == prod.category && p.item_id != prod.item_id)
            .map(|p| p.item_id.as_str())
            .collect();
        let h = state
            .metrics
            .with_untracked(|m| history(m, &prod.item_id, &peers, today() - 1));
        let title: String = prod.title.chars().take(24).collect();
        let mut p = HeroPlan {
            meta: Meta::new(new_id(), now_ms()),
            product_id: prod.meta.id.clone(),
            name: td_string!(l, hero.default_name, title = title).to_string(),
            stages: default_stages(&h, start),
            notes: String::new(),
        };
        p.bump(now_ms());
        let id = p.meta.id.clone();
        state.commit_kind(vec![p]);
        chosen.set(Some(id));
        msg.set(None);
    };

    // one stage field typed: parsed and stored (one undo step), or refused with a message
    let edit = move |i: usize, field: &'static str, v: String| -> bool {
        let l = i18n.get_locale_untracked();
        let Some(p) = plan.get_untracked() else {
            return false;
        };
        let Some(mut s) = p.stages.get(i).cloned() else {
            return false;
        };
        let v = v.trim().to_string();
        let count = |v: &str| v.parse::<u64>().ok().filter(|x| *x <= 1_000_000_000);
        let ok = match field {
            "from" | "to" => match parse_ymd(&v).filter(|d| date_ok(*d)) {
                Some(d) => {
                    if field == "from" {
                        s.from = d
                    } else {
                        s.to = d
                    }
                    s.from <= s.to
                }
                None => false,
            },
            "budget" => Fen::parse_yuan(&v)
                .filter(|f| f.0 >= 0)
                .map(|f| s.daily_budget = f)
                .is_some(),
            "visitors" => count(&v).map(|x| s.visitors = x).is_some(),
            "units" => count(&v).map(|x| s.units = x).is_some(),
            "ctr" => parse_percent_bp(&v, 0, 10_000)
                .map(|x| s.ctr_bp = x as u32)
                .is_some(),
            "conversion" => parse_percent_bp(&v, 0, 10_000)
                .map(|x| s.conversion_bp = x as u32)
                .is_some(),
            "gate_min" => {
                if s.gate.is_rate() {
                    parse_percent_bp(&v, 0, 10_000)
                        .map(|x| s.gate_min = x as u64)
                        .is_some()
                } else {
                    count(&v).map(|x| s.gate_min = x).is_some()
                }
            }
            "gate_days" => v
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=90).contains(d))
                .map(|d| s.gate_days = d)
                .is_some(),
            _ => false,
        };
        if !ok {
            msg.set(Some(td_string!(l, hero.bad_value, value = v).to_string()));
            return false;
        }
        msg.set(None);
        state.edit::<HeroPlan>(&p.meta.id, move |r| {
            if let Some(x) = r.stages.get_mut(i) {
                *x = s;
            }
        });
        true
    };

    let plan_view = move || {
        let l = i18n.get_locale();
        let Some(p) = plan.get() else {
            return view! { <p class="muted" data-testid="hp-none">{td_string!(l, hero.none)}</p> }
                .into_any();
        };
        let prod = products.with(|v| v.iter().find(|x| x.meta.id == p.product_id).cloned());
        let item = prod.as_ref().map(|x| x.item_id.clone()).unwrap_or_default();
        let actual = state
            .metrics
            .with(|m| track(&p.stages, &item, m, today() - 1));
        let id = p.meta.id.clone();
        let input = move |i: usize, field: &'static str, value: String, label: String| {
            let shown = value.clone();
            view! {
                <input type="text" class="narrow" data-testid=format!("hp-{field}-{}", i + 1) prop:value=value aria-label=label
                    on:change=move |e| {
                        if !edit(i, field, event_target_value(&e)) {
                            event_target::<web_sys::HtmlInputElement>(&e).set_value(&shown);
                        }
                    }/>
            }
        };
        let plan_rows = p
            .stages
            .iter()
            .take(STAGES)
            .enumerate()
            .map(|(i, s)| {
                let st = stage_name(l, i);
                let lab = |k: &str| format!("{st} {k}");
                let gate_val = if s.gate.is_rate() { bp_plain(s.gate_min as i64) } else { s.gate_min.to_string() };
                view! {
                    <tr data-testid="hp-stage">
                        <th scope="row">{st}</th>
                        <td>{input(i, "from", ymd(s.from), lab(td_string!(l, hero.from_text)))}</td>
                        <td>{input(i, "to", ymd(s.to), lab(td_string!(l, hero.to)))}</td>
                        <td>{input(i, "budget", s.daily_budget.to_plain(), lab(td_string!(l, hero.budget)))}</td>
                        <td>{input(i, "visitors", s.visitors.to_string(), lab(td_string!(l, hero.visitors)))}</td>
                        <td>{input(i, "ctr", bp_plain(i64::from(s.ctr_bp)), lab(td_string!(l, hero.ctr)))}</td>
                        <td>{input(i, "conversion", bp_plain(i64::from(s.conversion_bp)), lab(td_string!(l, hero.conversion)))}</td>
                        <td>{input(i, "units", s.units.to_string(), lab(td_string!(l, hero.units)))}</td>
                        <td>{gate_text(l, s)}</td>
                        <td>{input(i, "gate_min", gate_val, lab(td_string!(l, hero.gate_min)))}</td>
                        <td>{input(i, "gate_days", s.gate_days.to_string(), lab(td_string!(l, hero.gate_days)))}</td>
                    </tr>
                }
            })
            .collect_view();
        let track_rows = p
            .stages
            .iter()
            .zip(&actual)
            .enumerate()
            .map(|(i, (s, a))| {
                let missed = matches!(a.gate, GateState::Failed | GateState::NotYet) && a.days > 0;
                let tip = missed.then(|| {
                    let (text, href) = suggestion(l, s.gate);
                    view! { <a href=href data-testid="hp-fix">{text}</a> }
                });
                view! {
                    <tr data-testid="hp-track">
                        <th scope="row">{stage_name(l, i)}</th>
                        <td>{format!("{} – {}", ymd(s.from), ymd(s.to))}</td>
                        <td class="num">{a.days}</td>
                        <td class="num">{format!("{} / {}", opt_f(a.visitors), s.visitors)}</td>
                        <td class="num">{format!("{} / {}", opt_bp(a.ctr_bp), opt_bp(Some(s.ctr_bp)))}</td>
                        <td class="num">{format!("{} / {}", opt_bp(a.conversion_bp), opt_bp(Some(s.conversion_bp)))}</td>
                        <td class="num">{format!("{} / {}", opt_f(a.units), s.units)}</td>
                        <td class="num">{format!("{} / {}", a.spend.map(yuan).unwrap_or_else(|| "—".into()), yuan(s.daily_budget))}</td>
                        <td data-testid="hp-gate" class:good=matches!(a.gate, GateState::Passed(_)) class:warn=matches!(a.gate, GateState::Failed)>{state_text(l, a)}</td>
                        <td>{tip}</td>
                    </tr>
                }
            })
            .collect_view();
        let del = {
            let id = id.clone();
            move |_| state.edit::<HeroPlan>(&id, |r| r.meta.deleted = true)
        };
        view! {
            <section class="panel" data-testid="hp-plan">
                <h2 data-testid="hp-name">{p.name.clone()}</h2>
                <p class="muted">{match &prod {
                    Some(x) => td_string!(l, hero.product, sku = x.sku.clone(), item = x.item_id.clone(), title = x.title.clone()).to_string(),
                    None => td_string!(l, hero.product_gone).to_string(),
                }}</p>
                <h3>{td_string!(l, hero.targets)}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, hero.targets)>
                    <table class="grid" data-testid="hp-stages">
                        <thead><tr>
                            <th scope="col">{td_string!(l, hero.stage)}</th>
                            <th scope="col">{td_string!(l, hero.from_text)}</th>
                            <th scope="col">{td_string!(l, hero.to)}</th>
                            <th scope="col">{td_string!(l, hero.budget)}</th>
                            <th scope="col">{td_string!(l, hero.visitors)}</th>
                            <th scope="col">{td_string!(l, hero.ctr)}</th>
                            <th scope="col">{td_string!(l, hero.conversion)}</th>
                            <th scope="col">{td_string!(l, hero.units)}</th>
                            <th scope="col">{td_string!(l, hero.gate_col)}</th>
                            <th scope="col">{td_string!(l, hero.gate_min)}</th>
                            <th scope="col">{td_string!(l, hero.gate_days)}</th>
                        </tr></thead>
                        <tbody>{plan_rows}</tbody>
                    </table>
                </div>
                <h3>{td_string!(l, hero.tracking)}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, hero.tracking)>
                    <table class="grid" data-testid="hp-tracking">
                        <thead><tr>
                            <th scope="col">{td_string!(l, hero.stage)}</th>
                            <th scope="col">{td_string!(l, hero.dates)}</th>
                            <th scope="col" class="num">{td_string!(l, hero.days)}</th>
                            <th scope="col" class="num">{td_string!(l, hero.visitors)}</th>
                            <th scope="col" class="num">{td_string!(l, hero.ctr)}</th>
                            <th scope="col" class="num">{td_string!(l, hero.conversion)}</th>
                            <th scope="col" class="num">{td_string!(l, hero.units)}</th>
                            <th scope="col" class="num">{td_string!(l, hero.spend)}</th>
                            <th scope="col">{td_string!(l, hero.gate_col)}</th>
                            <th scope="col">{td_string!(l, hero.next)}</th>
                        </tr></thead>
                        <tbody>{track_rows}</tbody>
                    </table>
                </div>
                <p class="muted">{td_string!(l, hero.track_note)}</p>
                <button class="btn" data-testid="hp-delete" on:click=del>{td_string!(l, hero.delete)}</button>
            </section>
        }
        .into_any()
    };

    view! {
        <section class="page hero" data-testid="page-hero">
            <h1>{tr!(common.nav_hero)}</h1>
            <p class="muted">{tr!(hero.intro)}</p>
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="hp-error">{m}</div> })}
            <div class="panel form-row" data-testid="hp-new">
                <label>{tr!(hero.pick)}
                    <select data-testid="hp-product" on:change=move |e| new_product.set(Some(event_target_value(&e)))>
                        {move || {
                            let l = i18n.get_locale();
                            let c = candidates.get();
                            let mut list = products.get();
                            list.sort_by_key(|p| !c.contains(&p.item_id));
                            let first = list.first().map(|p| p.meta.id.clone());
                            list.into_iter().map(|p| {
                                let star = if c.contains(&p.item_id) { td_string!(l, hero.candidate) } else { "" };
                                let label = format!("{star}{} {}", p.sku, p.title.chars().take(30).collect::<String>());
                                let sel = new_product.get().or(first.clone()) == Some(p.meta.id.clone());
                                view! { <option value=p.meta.id.clone() selected=sel>{label}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label>{tr!(hero.start)}
                    <input type="date" data-testid="hp-start" prop:value=move || new_start.get()
                        on:change=move |e| new_start.set(event_target_value(&e))/>
                </label>
                <button class="btn primary" data-testid="hp-create" on:click=create>{tr!(hero.create)}</button>
            </div>
            <p class="muted" data-testid="hp-candidates">{move || {
                let n = candidates.with(Vec::len);
                td_string!(i18n.get_locale(), hero.candidates, n = n).to_string()
            }}</p>
            <Show when=move || { plans.with(Vec::len) > 1 }>
                <label>{tr!(hero.choose)}
                    <select data-testid="hp-choose" on:change=move |e| chosen.set(Some(event_target_value(&e)))>
                        {move || plans.get().into_iter().map(|p| {
                            let sel = plan.with(|c| c.as_ref().is_some_and(|c| c.meta.id == p.meta.id));
                            view! { <option value=p.meta.id.clone() selected=sel>{p.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            {plan_view}
        </section>
    }
}
