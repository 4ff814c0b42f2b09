//! 考核激励 (/incentives): each member's schemes — their share of the sales plan, their task
//! completion rate or a typed KPI — with commission tiers on attainment, and per month the
//! target, the actual, the attainment, the payout and, for the month under way, the projection
//! (`core::incentive`). Printable per person. Schemes are shared records (undo, plan files,
//! merge).

use crate::core::format::{bp_plain, percent2_bp as pct2, yuan};
use crate::core::incentive::{months, parse_tiers, year_total, Inputs, MonthPay, TierError};
use crate::core::targets as tg;
use crate::i18n::*;
use crate::model::incentive::MAX_NAME;
use crate::model::{Basis, Fen, Incentive, KpiMonth, Member, Meta, Record, TargetPlan};
use crate::ui::clock::{new_id, now_ms, today_date};
use crate::ui::state::AppState;
use chrono::Datelike;
use leptos::prelude::*;

/// Tier rows in the form.
const TIER_ROWS: usize = 4;

fn basis_name(l: Locale, b: Basis) -> &'static str {
    match b {
        Basis::Sales => td_string!(l, incentives.b_sales),
        Basis::Tasks => td_string!(l, incentives.b_tasks),
        Basis::Kpi => td_string!(l, incentives.b_kpi),
    }
}

fn tier_error(l: Locale, e: TierError) -> String {
    match e {
        TierError::BadFrom(i) => td_string!(l, incentives.e_from, row = i + 1).to_string(),
        TierError::BadRate(i) => td_string!(l, incentives.e_rate, row = i + 1).to_string(),
        TierError::Repeated(i) => td_string!(l, incentives.e_repeat, row = i + 1).to_string(),
        TierError::Empty => td_string!(l, incentives.e_no_tiers).to_string(),
        TierError::TooMany => td_string!(l, incentives.e_no_tiers).to_string(),
    }
}

/// "≥ 80%: 3% · ≥ 100%: 5%" (of the sales in the band, or of the bonus).
fn tiers_text(l: Locale, inc: &Incentive) -> String {
    let list: Vec<String> = inc
        .tiers
        .iter()
        .map(|t| {
            format!(
                "≥{} → {}",
                pct2(i64::from(t.from_bp)),
                pct2(i64::from(t.rate_bp))
            )
        })
        .collect();
    match inc.basis {
        Basis::Sales => td_string!(l, incentives.tiers_sales, list = list.join(" · ")).to_string(),
        _ => td_string!(
            l,
            incentives.tiers_bonus,
            list = list.join(" · "),
            bonus = yuan(inc.bonus)
        )
        .to_string(),
    }
}

/// A figure of a month in the scheme's unit.
fn figure(basis: Basis, v: Option<i64>) -> String {
    match (basis, v) {
        (_, None) => "—".into(),
        (Basis::Sales, Some(x)) => yuan(Fen(x)),
        (Basis::Tasks, Some(x)) => pct2(x),
        (Basis::Kpi, Some(x)) => x.to_string(),
    }
}

#[derive(Clone, Copy)]
struct Form {
    editing: RwSignal<Option<String>>,
    member: RwSignal<String>,
    name: RwSignal<String>,
    basis: RwSignal<Basis>,
    share: RwSignal<String>,
    task_target: RwSignal<String>,
    kpi_name: RwSignal<String>,
    bonus: RwSignal<String>,
    tiers: [(RwSignal<String>, RwSignal<String>); TIER_ROWS],
    err: RwSignal<Option<String>>,
}

impl Form {
    fn new() -> Form {
        Form {
            editing: RwSignal::new(None),
            member: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            basis: RwSignal::new(Basis::Sales),
            share: RwSignal::new(String::new()),
            task_target: RwSignal::new("90".into()),
            kpi_name: RwSignal::new(String::new()),
            bonus: RwSignal::new(String::new()),
            tiers: std::array::from_fn(|_| {
                (RwSignal::new(String::new()), RwSignal::new(String::new()))
            }),
            err: RwSignal::new(None),
        }
    }
    fn clear(&self) {
        self.editing.set(None);
        self.name.set(String::new());
        self.share.set(String::new());
        self.task_target.set("90".into());
        self.kpi_name.set(String::new());
        self.bonus.set(String::new());
        for (f, r) in &self.tiers {
            f.set(String::new());
            r.set(String::new());
        }
        self.err.set(None);
    }
    fn load(&self, x: &Incentive) {
        self.editing.set(Some(x.meta.id.clone()));
        self.member.set(x.member.clone());
        self.name.set(x.name.clone());
        self.basis.set(x.basis);
        self.share.set(bp_plain(i64::from(x.share_bp)));
        self.task_target.set(bp_plain(i64::from(x.task_target_bp)));
        self.kpi_name.set(x.kpi_name.clone());
        self.bonus.set(x.bonus.to_plain());
        for (i, (f, r)) in self.tiers.iter().enumerate() {
            let t = x.tiers.get(i);
            f.set(
                t.map(|t| bp_plain(i64::from(t.from_bp)))
                    .unwrap_or_default(),
            );
            r.set(
                t.map(|t| bp_plain(i64::from(t.rate_bp)))
                    .unwrap_or_default(),
            );
        }
        self.err.set(None);
    }
}

fn month_label(l: Locale, m: usize) -> String {
    td_string!(l, common.calendar_months)
        .split_whitespace()
        .nth(m)
        .map(str::to_string)
        .unwrap_or_else(|| (m + 1).to_string())
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let year = RwSignal::new(today_date().year());
    let form = Form::new();
    let printing = RwSignal::new(None::<String>);
    let members = Memo::new(move |_| {
        state.ws.with(|ws| {
            ws.live::<Member>()
                .map(|m| (m.meta.id.clone(), m.name.clone(), m.role.clone()))
                .collect::<Vec<_>>()
        })
    });
    let schemes = Memo::new(move |_| {
        let y = year.get();
        state.ws.with(|ws| {
            let mut v: Vec<Incentive> = ws
                .live::<Incentive>()
                .filter(|x| x.year == y)
                .cloned()
                .collect();
            v.sort_by(|a, b| (&a.name, &a.meta.id).cmp(&(&b.name, &b.meta.id)));
            v
        })
    });

    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let l = i18n.get_locale_untracked();
        let fail = |m: String| form.err.set(Some(m));
        let member = form.member.get_untracked();
        let member = if member.is_empty() {
            members.with_untracked(|v| v.first().map(|m| m.0.clone()).unwrap_or_default())
        } else {
            member
        };
        if member.is_empty() {
            return fail(td_string!(l, incentives.e_no_member).to_string());
        }
        let name = form.name.get_untracked().trim().to_string();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return fail(td_string!(l, incentives.e_name).to_string());
        }
        let basis = form.basis.get_untracked();
        let pct = |s: String, max: i64| crate::core::format::parse_percent_bp(s.trim(), 0, max);
        let share = match basis {
            Basis::Sales => match pct(form.share.get_untracked(), 10_000) {
                Some(b) if b > 0 => b as u32,
                _ => return fail(td_string!(l, incentives.e_share).to_string()),
            },
            _ => 0,
        };
        let task_target = match basis {
            Basis::Tasks => match pct(form.task_target.get_untracked(), 10_000) {
                Some(b) if b > 0 => b as u32,
                _ => return fail(td_string!(l, incentives.e_task_target).to_string()),
            },
            _ => 0,
        };
        let kpi_name = form.kpi_name.get_untracked().trim().to_string();
        if basis == Basis::Kpi && (kpi_name.is_empty() || kpi_name.chars().count() > MAX_NAME) {
            return fail(td_string!(l, incentives.e_kpi_name).to_string());
        }
        let bonus = match basis {
            Basis::Sales => Fen::ZERO,
            _ => match Fen::parse_yuan(&form.bonus.get_untracked()) {
                Some(f) if f.0 > 0 && f.0 <= crate::model::money::MAX_FEN => f,
                _ => return fail(td_string!(l, incentives.e_bonus).to_string()),
            },
        };
        let rows: Vec<(String, String)> = form
            .tiers
            .iter()
            .map(|(f, r)| (f.get_untracked(), r.get_untracked()))
            .collect();
        let tiers = match parse_tiers(&rows) {
            Ok(t) => t,
            Err(e) => return fail(tier_error(l, e)),
        };
        let y = year.get_untracked();
        match form.editing.get_untracked() {
            Some(id) => state.edit::<Incentive>(&id, move |r| {
                r.member = member;
                r.name = name;
                r.basis = basis;
                r.share_bp = share;
                r.task_target_bp = task_target;
                r.kpi_name = kpi_name;
                r.bonus = bonus;
                r.tiers = tiers;
            }),
            None => {
                let mut x = Incentive {
                    meta: Meta::new(new_id(), now_ms()),
                    member,
                    name,
                    year: y,
                    basis,
                    share_bp: share,
                    task_target_bp: task_target,
                    kpi_name,
                    kpi: Vec::new(),
                    bonus,
                    tiers,
                };
                x.bump(now_ms());
                state.commit_kind(vec![x]);
            }
        }
        form.clear();
    };

    // a KPI month's target or actual typed
    let set_kpi = move |id: String, m: usize, field: &'static str, v: String| -> bool {
        let v = v.trim().to_string();
        let n = if v.is_empty() {
            None
        } else {
            match v
                .parse::<i64>()
                .ok()
                .filter(|x| (0..=crate::model::money::MAX_FEN).contains(x))
            {
                Some(x) => Some(x),
                None => {
                    let l = i18n.get_locale_untracked();
                    form.err.set(Some(
                        td_string!(l, incentives.e_kpi_value, value = v).to_string(),
                    ));
                    return false;
                }
            }
        };
        form.err.set(None);
        state.edit::<Incentive>(&id, move |r| {
            let month = (m + 1) as u8;
            let pos = r.kpi.iter().position(|k| k.month == month);
            match (field, pos, n) {
                ("target", Some(p), Some(t)) => {
                    if let Some(k) = r.kpi.get_mut(p) {
                        k.target = t;
                    }
                }
                ("target", Some(p), None) => {
                    r.kpi.remove(p);
                }
                ("target", None, Some(t)) => {
                    r.kpi.push(KpiMonth {
                        month,
                        target: t,
                        actual: None,
                    });
                    r.kpi.sort_by_key(|k| k.month);
                }
                ("actual", Some(p), a) => {
                    if let Some(k) = r.kpi.get_mut(p) {
                        k.actual = a;
                    }
                }
                _ => {}
            }
        });
        true
    };

    let person_view = move || {
        let l = i18n.get_locale();
        let y = year.get();
        let list = schemes.get();
        let team = members.get();
        let (plan, actual, asof) = {
            let plan: Option<TargetPlan> =
                state.ws.with(|ws| tg::main_plan(&ws.targets, y).cloned());
            // the month sums straight from the stored days (no copy of them)
            let (actual, asof) = state.metrics.with(|m| {
                (
                    tg::month_sums(m.store_days(), y),
                    m.store_days().last().map(|d| d.day),
                )
            });
            (plan, actual, asof)
        };
        let today = today_date();
        if list.is_empty() {
            return view! { <p class="muted" data-testid="inc-none">{td_string!(l, incentives.none)}</p> }
                .into_any();
        }
        let no_plan = plan.is_none() && list.iter().any(|x| x.basis == Basis::Sales);
        let people = team
            .into_iter()
            .filter(|(id, _, _)| list.iter().any(|x| &x.member == id))
            .map(|(mid, mname, mrole)| {
                let mine: Vec<Incentive> = list.iter().filter(|x| x.member == mid).cloned().collect();
                let cards = mine.into_iter().map(|x| {
                    let rows: Vec<MonthPay> = state.ws.with(|ws| {
                        months(&x, &Inputs { plan: plan.as_ref(), actual: &actual, asof, tasks: &ws.tasks, today })
                    });
                    let (paid, projected) = year_total(&rows);
                    let basis = x.basis;
                    let body = rows.iter().map(|r| {
                        let m = r.month;
                        let kpi_cells = (basis == Basis::Kpi).then(|| {
                            let id_t = x.meta.id.clone();
                            let id_a = x.meta.id.clone();
                            let t = r.target.map(|v| v.to_string()).unwrap_or_default();
                            let a = r.actual.map(|v| v.to_string()).unwrap_or_default();
                            let (t2, a2) = (t.clone(), a.clone());
                            let ml = month_label(l, m);
                            view! {
                                <td><input type="text" class="narrow" inputmode="numeric" data-testid=format!("inc-kpi-target-{}", m + 1)
                                    aria-label=format!("{ml} {}", td_string!(l, incentives.target)) prop:value=t
                                    on:change=move |e| { if !set_kpi(id_t.clone(), m, "target", event_target_value(&e)) { event_target::<web_sys::HtmlInputElement>(&e).set_value(&t2); } }/></td>
                                <td><input type="text" class="narrow" inputmode="numeric" data-testid=format!("inc-kpi-actual-{}", m + 1)
                                    aria-label=format!("{ml} {}", td_string!(l, incentives.actual)) prop:value=a disabled=r.target.is_none()
                                    on:change=move |e| { if !set_kpi(id_a.clone(), m, "actual", event_target_value(&e)) { event_target::<web_sys::HtmlInputElement>(&e).set_value(&a2); } }/></td>
                            }
                        });
                        let plain_cells = (basis != Basis::Kpi).then(|| {
                            let actual_text = match (basis, r.tasks) {
                                (Basis::Tasks, Some((done, due))) if due > 0 => format!("{} ({done}/{due})", figure(basis, r.actual)),
                                _ => figure(basis, r.actual),
                            };
                            view! {
                                <td class="num" data-testid="inc-m-target">{figure(basis, r.target)}</td>
                                <td class="num" data-testid="inc-m-actual">{actual_text}</td>
                            }
                        });
                        view! {
                            <tr data-testid="inc-month" data-month=(m + 1).to_string()>
                                <th scope="row">{month_label(l, m)}{(!r.complete && r.actual.is_some()).then(|| format!(" {}", td_string!(l, incentives.running)))}</th>
                                {plain_cells}
                                {kpi_cells}
                                <td class="num" data-testid="inc-m-attain">{r.attainment_bp.map(pct2).unwrap_or_else(|| "—".into())}</td>
                                <td class="num" data-testid="inc-m-payout">{r.payout.map(|p| yuan(Fen(p))).unwrap_or_else(|| "—".into())}</td>
                                <td class="num" data-testid="inc-m-projected">{match (r.projected, r.projected_payout) {
                                    (Some(p), Some(pp)) => format!("{} → {}", yuan(Fen(p)), yuan(Fen(pp))),
                                    _ => "—".into(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view();
                    let edit_x = x.clone();
                    let del_id = x.meta.id.clone();
                    let del = move |_| state.edit::<Incentive>(&del_id, |r| r.meta.deleted = true);
                    let target_note = match basis {
                        Basis::Sales => td_string!(l, incentives.share_note, share = pct2(i64::from(x.share_bp))).to_string(),
                        Basis::Tasks => td_string!(l, incentives.task_note, target = pct2(i64::from(x.task_target_bp))).to_string(),
                        Basis::Kpi => td_string!(l, incentives.kpi_note, name = x.kpi_name.clone()).to_string(),
                    };
                    view! {
                        <article class="inc-scheme" data-testid="inc-scheme" data-id=x.meta.id.clone()>
                            <h3 data-testid="inc-scheme-name">{x.name.clone()}" · "{basis_name(l, basis)}</h3>
                            <p class="muted">{target_note}</p>
                            <p class="muted" data-testid="inc-tiers">{tiers_text(l, &x)}</p>
                            <div class="table-scroll" tabindex="0" role="region" aria-label=x.name.clone()>
                                <table class="grid" data-testid="inc-months">
                                    <thead><tr>
                                        <th scope="col">{td_string!(l, incentives.month)}</th>
                                        <th scope="col" class="num">{td_string!(l, incentives.target)}</th>
                                        <th scope="col" class="num">{td_string!(l, incentives.actual)}</th>
                                        <th scope="col" class="num">{td_string!(l, incentives.attain)}</th>
                                        <th scope="col" class="num">{td_string!(l, incentives.payout)}</th>
                                        <th scope="col" class="num">{td_string!(l, incentives.projected)}</th>
                                    </tr></thead>
                                    <tbody>{body}</tbody>
                                </table>
                            </div>
                            <p data-testid="inc-total">{td_string!(l, incentives.total, paid = yuan(Fen(paid)), projected = yuan(Fen(projected))).to_string()}</p>
                            <p class="row-gap no-print">
                                <button type="button" class="btn ghost small" data-testid="inc-edit" aria-label=format!("{} {}", td_string!(l, incentives.edit), x.name)
                                    on:click=move |_| form.load(&edit_x)>{td_string!(l, incentives.edit)}</button>
                                <button type="button" class="btn ghost small danger" data-testid="inc-delete" aria-label=format!("{} {}", td_string!(l, incentives.delete), x.name)
                                    on:click=del>{td_string!(l, incentives.delete)}</button>
                            </p>
                        </article>
                    }
                }).collect_view();
                let mid_p = mid.clone();
                let mid_c = mid.clone();
                view! {
                    <section class="panel inc-person" data-testid="inc-person" data-member=mid.clone()
                        class:printing=move || printing.get().as_deref() == Some(mid_c.as_str())>
                        <h2>{format!("{mname} · {}", crate::ui::text::member_role(l, &mrole))}</h2>
                        <button type="button" class="btn small no-print" data-testid="inc-print" aria-label=format!("{} {mname}", td_string!(l, incentives.print))
                            on:click=move |_| {
                                printing.set(Some(mid_p.clone()));
                                request_animation_frame(move || {
                                    let _ = window().print();
                                    printing.set(None);
                                });
                            }>{td_string!(l, incentives.print)}</button>
                        {cards}
                    </section>
                }
            })
            .collect_view();
        view! {
            {no_plan.then(|| view! { <p class="banner warn" data-testid="inc-no-plan">{td_string!(l, incentives.no_plan, y = y).to_string()}" "<a href="/targets">{td_string!(l, common.nav_targets)}</a></p> })}
            {people}
        }
        .into_any()
    };

    let basis_is = move |b: Basis| form.basis.get() == b;
    view! {
        <section class="page incentives" class:print-one=move || printing.get().is_some() data-testid="page-incentives">
            <h1>{tr!(common.nav_incentives)}</h1>
            <p class="muted">{tr!(incentives.intro)}</p>
            <label class="no-print">{tr!(incentives.year)}
                <input type="number" min="2000" max="2100" class="narrow" data-testid="inc-year" prop:value=move || year.get().to_string()
                    on:change=move |e| {
                        match event_target_value(&e).trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)) {
                            Some(y) => year.set(y),
                            None => event_target::<web_sys::HtmlInputElement>(&e).set_value(&year.get_untracked().to_string()),
                        }
                    }/>
            </label>
            <form class="panel form no-print" data-testid="inc-form" on:submit=save>
                <h2>{move || { let l = i18n.get_locale(); if form.editing.get().is_some() { td_string!(l, incentives.edit_title) } else { td_string!(l, incentives.new_title) } }}</h2>
                <Show when=move || members.with(Vec::is_empty)>
                    <p class="muted" data-testid="inc-no-team">{tr!(incentives.no_team)}" "<a href="/tasks">{tr!(common.nav_tasks)}</a></p>
                </Show>
                <div class="form-row">
                    <label>{tr!(incentives.member)}
                        <select data-testid="inc-member" on:change=move |e| form.member.set(event_target_value(&e))>
                            {move || {
                                let l = i18n.get_locale();
                                let cur = form.member.get();
                                let first = members.with(|v| v.first().map(|m| m.0.clone()));
                                members.get().into_iter().map(|(id, n, role)| {
                                    let sel = if cur.is_empty() { first.as_deref() == Some(id.as_str()) } else { cur == id };
                                    view! { <option value=id.clone() selected=sel>{format!("{n} · {}", crate::ui::text::member_role(l, &role))}</option> }
                                }).collect_view()
                            }}
                        </select>
                    </label>
                    <label>{tr!(incentives.name)}
                        <input type="text" data-testid="inc-name" maxlength="100" placeholder=tr!(incentives.name_ph) prop:value=move || form.name.get()
                            on:input=move |e| form.name.set(event_target_value(&e))/>
                    </label>
                    <label>{tr!(incentives.basis)}
                        <select data-testid="inc-basis" on:change=move |e| form.basis.set(Basis::from_key(&event_target_value(&e)).unwrap_or_default())>
                            {move || {
                                let l = i18n.get_locale();
                                Basis::ALL.into_iter().map(|b| view! { <option value=b.key() selected=form.basis.get() == b>{basis_name(l, b)}</option> }).collect_view()
                            }}
                        </select>
                    </label>
                    <Show when=move || basis_is(Basis::Sales)>
                        <label>{tr!(incentives.share)}
                            <input type="text" class="narrow" data-testid="inc-share" placeholder="50" prop:value=move || form.share.get()
                                on:input=move |e| form.share.set(event_target_value(&e))/>
                        </label>
                    </Show>
                    <Show when=move || basis_is(Basis::Tasks)>
                        <label>{tr!(incentives.task_target)}
                            <input type="text" class="narrow" data-testid="inc-task-target" prop:value=move || form.task_target.get()
                                on:input=move |e| form.task_target.set(event_target_value(&e))/>
                        </label>
                    </Show>
                    <Show when=move || basis_is(Basis::Kpi)>
                        <label>{tr!(incentives.kpi_name)}
                            <input type="text" data-testid="inc-kpi-name" maxlength="100" placeholder=tr!(incentives.kpi_ph) prop:value=move || form.kpi_name.get()
                                on:input=move |e| form.kpi_name.set(event_target_value(&e))/>
                        </label>
                    </Show>
                    <Show when=move || !basis_is(Basis::Sales)>
                        <label>{tr!(incentives.bonus)}
                            <input type="text" class="narrow" data-testid="inc-bonus" placeholder="2000" prop:value=move || form.bonus.get()
                                on:input=move |e| form.bonus.set(event_target_value(&e))/>
                        </label>
                    </Show>
                </div>
                <fieldset class="inc-tiers">
                    <legend>{move || { let l = i18n.get_locale(); if basis_is(Basis::Sales) { td_string!(l, incentives.tiers_legend_sales) } else { td_string!(l, incentives.tiers_legend_bonus) } }}</legend>
                    {(0..TIER_ROWS).map(|i| {
                        let (f, r) = form.tiers[i];
                        view! {
                            <div class="form-row">
                                <label>{move || td_string!(i18n.get_locale(), incentives.tier_from, row = i + 1).to_string()}
                                    <input type="text" class="narrow" data-testid=format!("inc-tier-from-{i}") prop:value=move || f.get()
                                        on:input=move |e| f.set(event_target_value(&e))/>
                                </label>
                                <label>{move || td_string!(i18n.get_locale(), incentives.tier_rate, row = i + 1).to_string()}
                                    <input type="text" class="narrow" data-testid=format!("inc-tier-rate-{i}") prop:value=move || r.get()
                                        on:input=move |e| r.set(event_target_value(&e))/>
                                </label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="muted small">{tr!(incentives.tiers_hint)}</p>
                </fieldset>
                {move || form.err.get().map(|m| view! { <div class="banner error" role="alert" data-testid="inc-error">{m}</div> })}
                <p class="row-gap">
                    <button type="submit" class="btn primary" data-testid="inc-save">{tr!(incentives.save)}</button>
                    <button type="button" class="btn ghost" data-testid="inc-cancel" on:click=move |_| form.clear()>{tr!(common.cancel)}</button>
                </p>
            </form>
            {person_view}
        </section>
    }
}
