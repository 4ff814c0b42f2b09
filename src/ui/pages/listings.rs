//! 上新 (/listings): new and reworked products through photos → copy → design/detail page →
//! upload → mutual check (互检). A board by step, and the chosen listing's steps (owner, due,
//! done, blocked with a reason) with the mutual check's automatic checks (`core::listing`): the
//! check cannot be marked done while one fails, unless the checker gives a reason. Listings are
//! shared records (undo, plan files, merge).

use crate::core::hero::date_ok;
use crate::core::listing::{
    auto_checks, board, current_step, mark_done, new_listing, overdue, parse_images, reopen,
    AutoCheck, StepError,
};
use crate::i18n::*;
use crate::model::date::{md, parse_ymd, ymd};
use crate::model::listing::{CHECK_STEP, STEPS};
use crate::model::{Listing, ListingKind, Member, Product};
use crate::ui::clock::{new_id, now_ms, today_date};
use crate::ui::state::AppState;
use leptos::prelude::*;

fn step_name(l: Locale, i: usize) -> &'static str {
    match i {
        0 => td_string!(l, listings.step_photos),
        1 => td_string!(l, listings.step_copy),
        2 => td_string!(l, listings.step_design),
        3 => td_string!(l, listings.step_upload),
        4 => td_string!(l, listings.step_check),
        _ => td_string!(l, listings.listed),
    }
}

fn kind_name(l: Locale, k: ListingKind) -> &'static str {
    match k {
        ListingKind::New => td_string!(l, listings.kind_new),
        ListingKind::Rework => td_string!(l, listings.kind_rework),
    }
}

/// A check's line: what it checks and what it found.
fn check_text(l: Locale, c: &AutoCheck) -> String {
    match *c {
        AutoCheck::Title { issues: 0 } => td_string!(l, listings.c_title_ok).to_string(),
        AutoCheck::Title { issues } => td_string!(l, listings.c_title_bad, n = issues).to_string(),
        AutoCheck::PriceCost { price, cost } => match (price, cost) {
            (true, true) => td_string!(l, listings.c_price_ok).to_string(),
            (false, true) => td_string!(l, listings.c_no_price).to_string(),
            (true, false) => td_string!(l, listings.c_no_cost).to_string(),
            (false, false) => td_string!(l, listings.c_no_price_cost).to_string(),
        },
        AutoCheck::PriceGuard { promotions: 0 } => td_string!(l, listings.c_guard_ok).to_string(),
        AutoCheck::PriceGuard { promotions } => {
            td_string!(l, listings.c_guard_bad, n = promotions).to_string()
        }
        AutoCheck::MainImages { count: Some(n) } if n >= 1 => {
            td_string!(l, listings.c_images_ok, n = n).to_string()
        }
        AutoCheck::MainImages { .. } => td_string!(l, listings.c_images_bad).to_string(),
        AutoCheck::Category { set: true } => td_string!(l, listings.c_category_ok).to_string(),
        AutoCheck::Category { set: false } => td_string!(l, listings.c_category_bad).to_string(),
    }
}

/// Where to fix a failing check.
fn fix_href(c: &AutoCheck) -> Option<&'static str> {
    match c {
        AutoCheck::Title { .. } | AutoCheck::PriceCost { .. } | AutoCheck::Category { .. } => {
            Some("/products")
        }
        AutoCheck::PriceGuard { .. } => Some("/promotions"),
        AutoCheck::MainImages { .. } => None,
    }
}

fn step_error(l: Locale, e: &StepError) -> String {
    match e {
        StepError::NoStep => td_string!(l, listings.e_no_step).to_string(),
        StepError::EarlierOpen(i) => {
            td_string!(l, listings.e_earlier, step = step_name(l, *i)).to_string()
        }
        StepError::ChecksFail(f) => {
            let list: Vec<String> = f.iter().map(|c| check_text(l, c)).collect();
            td_string!(
                l,
                listings.e_checks,
                list = list.join(td_string!(l, common.list_separator))
            )
            .to_string()
        }
        StepError::NoProduct => td_string!(l, listings.e_no_product).to_string(),
        StepError::ReasonTooLong => td_string!(l, listings.e_reason_long).to_string(),
    }
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let msg = RwSignal::new(None::<String>);
    let listings = Memo::new(move |_| {
        state
            .ws
            .with(|ws| ws.live::<Listing>().cloned().collect::<Vec<Listing>>())
    });
    let members = Memo::new(move |_| {
        state.ws.with(|ws| {
            ws.live::<Member>()
                .map(|m| (m.meta.id.clone(), m.name.clone(), m.role.clone()))
                .collect::<Vec<_>>()
        })
    });
    let products = Memo::new(move |_| {
        state.ws.with(|ws| {
            let mut v: Vec<(String, String)> = ws
                .live_products()
                .map(|p| {
                    let title: String = p.title.chars().take(30).collect();
                    (p.meta.id.clone(), format!("{} {title}", p.sku))
                })
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });
    let chosen = RwSignal::new(None::<String>);
    let listing = Memo::new(move |_| {
        let c = chosen.get();
        listings.with(|v| c.and_then(|id| v.iter().find(|x| x.meta.id == id).cloned()))
    });
    let new_product = RwSignal::new(None::<String>);
    let new_kind = RwSignal::new(ListingKind::New);
    let new_start = RwSignal::new(ymd(today_date()));
    let override_reason = RwSignal::new(String::new());

    let create = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(start) = parse_ymd(&new_start.get_untracked()).filter(|d| date_ok(*d)) else {
            msg.set(Some(td_string!(l, listings.e_start).to_string()));
            return;
        };
        let pid = new_product
            .get_untracked()
            .or_else(|| products.with_untracked(|v| v.first().map(|p| p.0.clone())));
        let Some(prod) = pid.and_then(|id| {
            state
                .ws
                .with_untracked(|ws| ws.get::<Product>(&id).filter(|p| !p.meta.deleted).cloned())
        }) else {
            msg.set(Some(td_string!(l, listings.e_no_products).to_string()));
            return;
        };
        let team: Vec<(String, String)> = members
            .get_untracked()
            .into_iter()
            .map(|(id, _, role)| (id, role))
            .collect();
        let x = new_listing(
            new_id(),
            &prod,
            new_kind.get_untracked(),
            start,
            &team,
            now_ms(),
        );
        let id = x.meta.id.clone();
        state.commit_kind(vec![x]);
        chosen.set(Some(id));
        msg.set(None);
    };

    let member_name = move |id: &str| {
        members.with(|v| {
            v.iter()
                .find(|m| m.0 == id)
                .map(|m| m.1.clone())
                .unwrap_or_default()
        })
    };

    let board_view = move || {
        let l = i18n.get_locale();
        let today = today_date();
        let all = listings.get();
        let cols = board(&all);
        cols.into_iter()
            .enumerate()
            .map(|(c, col)| {
                let n = col.len();
                let cards = col
                    .into_iter()
                    .map(|x| {
                        let id = x.meta.id.clone();
                        let step = x.steps.get(c);
                        let owner = step.map(|s| member_name(&s.owner)).unwrap_or_default();
                        let due = step.and_then(|s| s.due).map(md);
                        let blocked = step.map(|s| s.blocked.clone()).filter(|b| !b.is_empty());
                        let late = overdue(x, today);
                        let sel = move || chosen.get().as_deref() == Some(id.as_str());
                        let id2 = x.meta.id.clone();
                        view! {
                            <li>
                                <button type="button" class="ls-card" data-testid="ls-card" data-id=x.meta.id.clone()
                                    aria-pressed=move || if sel() { "true" } else { "false" }
                                    on:click=move |_| { chosen.set(Some(id2.clone())); override_reason.set(String::new()); msg.set(None); }>
                                    <span class="ls-name">{x.name.clone()}</span>
                                    <span class="muted small">{kind_name(l, x.kind)}</span>
                                    {(!owner.is_empty()).then(|| view! { <span class="muted small" data-testid="ls-card-owner">{owner}</span> })}
                                    {due.map(|d| view! { <span class="muted small">{td_string!(l, listings.due_on, day = d).to_string()}</span> })}
                                    {late.then(|| view! { <span class="flag bad" data-testid="ls-card-overdue">{td_string!(l, listings.overdue)}</span> })}
                                    {blocked.map(|b| view! { <span class="flag" data-testid="ls-card-blocked">{td_string!(l, listings.blocked_by, reason = b).to_string()}</span> })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="ls-col" data-testid=format!("ls-col-{c}") aria-label=step_name(l, c)>
                        <h3>{step_name(l, c)}" "<span class="muted" data-testid="ls-col-count">{format!("({n})")}</span></h3>
                        <ul class="ls-cards">{cards}</ul>
                    </section>
                }
            })
            .collect_view()
    };

    // one step field changed: stored as one undo step, or refused with a message
    let set_field = move |i: usize, field: &'static str, v: String| -> bool {
        let l = i18n.get_locale_untracked();
        let Some(x) = listing.get_untracked() else {
            return false;
        };
        let v = v.trim().to_string();
        match field {
            "due" => {
                let due = if v.is_empty() {
                    None
                } else {
                    match parse_ymd(&v).filter(|d| date_ok(*d)) {
                        Some(d) => Some(d),
                        None => {
                            msg.set(Some(td_string!(l, listings.e_due, value = v).to_string()));
                            return false;
                        }
                    }
                };
                state.edit::<Listing>(&x.meta.id, move |r| {
                    if let Some(s) = r.steps.get_mut(i) {
                        s.due = due;
                    }
                });
            }
            "owner" => state.edit::<Listing>(&x.meta.id, move |r| {
                if let Some(s) = r.steps.get_mut(i) {
                    s.owner = v;
                }
            }),
            "blocked" => {
                if v.chars().count() > crate::model::listing::MAX_REASON {
                    msg.set(Some(td_string!(l, listings.e_reason_long).to_string()));
                    return false;
                }
                state.edit::<Listing>(&x.meta.id, move |r| {
                    if let Some(s) = r.steps.get_mut(i) {
                        s.blocked = v;
                    }
                })
            }
            _ => return false,
        }
        msg.set(None);
        true
    };

    let done_step = move |i: usize| {
        let l = i18n.get_locale_untracked();
        let Some(mut x) = listing.get_untracked() else {
            return;
        };
        let checks = (i == CHECK_STEP)
            .then(|| {
                state
                    .ws
                    .with_untracked(|ws| auto_checks(&x, ws, today_date()))
            })
            .flatten();
        match mark_done(
            &mut x,
            i,
            today_date(),
            checks.as_deref(),
            &override_reason.get_untracked(),
        ) {
            Ok(()) => {
                msg.set(None);
                override_reason.set(String::new());
                let id = x.meta.id.clone();
                state.edit::<Listing>(&id, move |r| {
                    r.steps = x.steps;
                    r.override_reason = x.override_reason;
                });
            }
            Err(e) => msg.set(Some(step_error(l, &e))),
        }
    };

    let editor = move || {
        let l = i18n.get_locale();
        let Some(x) = listing.get() else {
            return view! { <p class="muted" data-testid="ls-pick-hint">{td_string!(l, listings.pick_hint)}</p> }.into_any();
        };
        let at = current_step(&x);
        let checks = state.ws.with(|ws| auto_checks(&x, ws, today_date()));
        let prod = state.ws.with(|ws| {
            ws.get::<Product>(&x.product_id)
                .filter(|p| !p.meta.deleted)
                .map(|p| format!("{} · {} · {}", p.sku, p.item_id, p.title))
        });
        let team = members.get();
        let rows = x
            .steps
            .iter()
            .take(STEPS)
            .enumerate()
            .map(|(i, s)| {
                let name = step_name(l, i);
                let owner_opts = {
                    let cur = s.owner.clone();
                    let mut opts = vec![view! { <option value="" selected=cur.is_empty()>{td_string!(l, listings.nobody)}</option> }.into_any()];
                    for (id, n, role) in &team {
                        let label = format!("{n} · {}", crate::ui::text::member_role(l, role));
                        opts.push(view! { <option value=id.clone() selected=*id == cur>{label}</option> }.into_any());
                    }
                    opts
                };
                let due = s.due.map(ymd).unwrap_or_default();
                let due_shown = due.clone();
                let blocked = s.blocked.clone();
                let blocked_shown = blocked.clone();
                let is_done = s.done.is_some();
                let reopen_id = x.meta.id.clone();
                let reopen_step = move |_| {
                    msg.set(None);
                    state.edit::<Listing>(&reopen_id, |r| reopen(r, i));
                };
                let is_current = at == Some(i);
                let lab = |k: &str| format!("{name} {k}");
                view! {
                    <tr data-testid="ls-step" data-step=i.to_string() class:current=is_current class:done=is_done>
                        <th scope="row">{name}</th>
                        <td><select data-testid=format!("ls-owner-{i}") aria-label=lab(td_string!(l, listings.owner))
                            on:change=move |e| { set_field(i, "owner", event_target_value(&e)); }>{owner_opts}</select></td>
                        <td><input type="date" data-testid=format!("ls-due-{i}") aria-label=lab(td_string!(l, listings.due)) prop:value=due
                            on:change=move |e| {
                                if !set_field(i, "due", event_target_value(&e)) {
                                    event_target::<web_sys::HtmlInputElement>(&e).set_value(&due_shown);
                                }
                            }/></td>
                        <td data-testid=format!("ls-done-{i}")>{s.done.map(ymd).unwrap_or_else(|| "—".into())}</td>
                        <td><input type="text" data-testid=format!("ls-blocked-{i}") maxlength="500" aria-label=lab(td_string!(l, listings.blocked))
                            placeholder=td_string!(l, listings.blocked_ph) prop:value=blocked disabled=is_done
                            on:change=move |e| {
                                if !set_field(i, "blocked", event_target_value(&e)) {
                                    event_target::<web_sys::HtmlInputElement>(&e).set_value(&blocked_shown);
                                }
                            }/></td>
                        <td>{if is_done {
                            view! { <button type="button" class="btn ghost small" data-testid=format!("ls-reopen-{i}") aria-label=lab(td_string!(l, listings.reopen))
                                on:click=reopen_step>{td_string!(l, listings.reopen)}</button> }.into_any()
                        } else {
                            view! { <button type="button" class="btn small" class:primary=is_current data-testid=format!("ls-mark-{i}") aria-label=lab(td_string!(l, listings.mark))
                                on:click=move |_| done_step(i)>{td_string!(l, listings.mark)}</button> }.into_any()
                        }}</td>
                    </tr>
                }
            })
            .collect_view();
        let images = x.main_images.map(|n| n.to_string()).unwrap_or_default();
        let images_shown = images.clone();
        let id_img = x.meta.id.clone();
        let set_images = move |e: leptos::ev::Event| {
            let l = i18n.get_locale_untracked();
            let v = event_target_value(&e);
            match parse_images(&v) {
                Ok(n) => {
                    msg.set(None);
                    state.edit::<Listing>(&id_img, move |r| r.main_images = n);
                }
                Err(_) => {
                    msg.set(Some(
                        td_string!(l, listings.e_images, value = v.trim().to_string()).to_string(),
                    ));
                    event_target::<web_sys::HtmlInputElement>(&e).set_value(&images_shown);
                }
            }
        };
        let check_list = match &checks {
            None => view! { <p class="banner warn" data-testid="ls-no-product">{td_string!(l, listings.e_no_product)}</p> }.into_any(),
            Some(list) => {
                let failing = list.iter().filter(|c| !c.passes()).count();
                let items = list
                    .iter()
                    .map(|c| {
                        let ok = c.passes();
                        let fix = (!ok).then(|| fix_href(c)).flatten();
                        view! {
                            <li data-testid="ls-check" data-key=c.key() data-pass=if ok { "true" } else { "false" } class:good=ok class:bad=!ok>
                                <span aria-hidden="true">{if ok { "✓ " } else { "✗ " }}</span>
                                <span class="sr-only">{if ok { td_string!(l, listings.pass_text) } else { td_string!(l, listings.fail) }}</span>
                                {check_text(l, c)}
                                {fix.map(|h| view! { " " <a href=h data-testid="ls-fix">{td_string!(l, listings.fix)}</a> })}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <ul class="ls-checks" data-testid="ls-checks">{items}</ul>
                    <p class="muted" data-testid="ls-checks-summary">{if failing == 0 {
                        td_string!(l, listings.checks_all_pass).to_string()
                    } else {
                        td_string!(l, listings.checks_failing, n = failing).to_string()
                    }}</p>
                }
                .into_any()
            }
        };
        let overridden = (!x.override_reason.is_empty()).then(|| {
            view! { <p class="banner warn" data-testid="ls-overridden">{td_string!(l, listings.overridden, reason = x.override_reason.clone()).to_string()}</p> }
        });
        let id_del = x.meta.id.clone();
        let delete = move |_| {
            state.edit::<Listing>(&id_del, |r| r.meta.deleted = true);
            chosen.set(None);
        };
        view! {
            <section class="panel" data-testid="ls-edit">
                <h2 data-testid="ls-name">{x.name.clone()}" "<span class="muted small">{kind_name(l, x.kind)}</span></h2>
                <p class="muted" data-testid="ls-product">{prod.unwrap_or_else(|| td_string!(l, listings.e_no_product).to_string())}</p>
                <p data-testid="ls-at">{match at {
                    Some(i) => td_string!(l, listings.at, step = step_name(l, i)).to_string(),
                    None => td_string!(l, listings.all_done).to_string(),
                }}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, listings.steps)>
                    <table class="grid" data-testid="ls-steps">
                        <thead><tr>
                            <th scope="col">{td_string!(l, listings.step)}</th>
                            <th scope="col">{td_string!(l, listings.owner)}</th>
                            <th scope="col">{td_string!(l, listings.due)}</th>
                            <th scope="col">{td_string!(l, listings.done)}</th>
                            <th scope="col">{td_string!(l, listings.blocked)}</th>
                            <th scope="col">{td_string!(l, listings.action)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <label>{td_string!(l, listings.images)}
                    <input type="text" class="narrow" inputmode="numeric" maxlength="3" data-testid="ls-images" prop:value=images on:change=set_images/>
                </label>
                <h3>{td_string!(l, listings.check_title)}</h3>
                {check_list}
                {overridden}
                <label>{td_string!(l, listings.override_text)}
                    <input type="text" data-testid="ls-override" maxlength="500" placeholder=td_string!(l, listings.override_ph)
                        prop:value=move || override_reason.get() on:input=move |e| override_reason.set(event_target_value(&e))/>
                </label>
                <p class="row-gap no-print">
                    <button type="button" class="btn ghost danger" data-testid="ls-delete"
                        on:click=delete>{td_string!(l, listings.delete)}</button>
                </p>
            </section>
        }
        .into_any()
    };

    view! {
        <section class="page listings" data-testid="page-listings">
            <h1>{tr!(common.nav_listings)}</h1>
            <p class="muted">{tr!(listings.intro)}</p>
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="ls-error">{m}</div> })}
            <div class="panel form-row no-print" data-testid="ls-new">
                <label>{tr!(listings.pick_product)}
                    <select data-testid="ls-product-input" on:change=move |e| new_product.set(Some(event_target_value(&e)))>
                        {move || {
                            let first = products.with(|v| v.first().map(|p| p.0.clone()));
                            products.get().into_iter().map(|(id, label)| {
                                let sel = new_product.get().or(first.clone()) == Some(id.clone());
                                view! { <option value=id selected=sel>{label}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label>{tr!(listings.kind)}
                    <select data-testid="ls-kind-input" on:change=move |e| new_kind.set(ListingKind::from_key(&event_target_value(&e)).unwrap_or_default())>
                        {move || {
                            let l = i18n.get_locale();
                            ListingKind::ALL.into_iter().map(|k| view! {
                                <option value=k.key() selected=new_kind.get() == k>{kind_name(l, k)}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label>{tr!(listings.start)}
                    <input type="date" data-testid="ls-start" prop:value=move || new_start.get()
                        on:change=move |e| new_start.set(event_target_value(&e))/>
                </label>
                <button type="button" class="btn primary" data-testid="ls-create" on:click=create>{tr!(listings.create)}</button>
                <button type="button" class="btn" data-testid="ls-print" on:click=|_| { let _ = window().print(); }>{tr!(common.tasks_print)}</button>
            </div>
            <p class="muted small">{tr!(listings.defaults_hint)}</p>
            <div class="ls-board" data-testid="ls-board">{board_view}</div>
            {editor}
        </section>
    }
}
