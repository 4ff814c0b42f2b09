//! 到手价模拟: what a buyer pays for a cart under the promotions in force on a day, per line and
//! in total, with every rule of the stack worded as a sentence (`core::promo::stack`), and each
//! SKU's economics and flags under those promotions (`core::promo::check`).
//!
//! `?promo=<id>` sets the date to that promotion's main start (it and everything overlapping it
//! apply) and offers "one of each of its products". Promotions can be ticked off to test
//! combinations. Bad quantities, postage or dates are refused with a message and change nothing.

use crate::core::format::{percent_bp, yuan};
use crate::core::promo::check::{check_product, SkuCheck};
use crate::core::promo::stack::{
    in_force, simulate_with, Cart, CartLine, Level, LineResult, RuleProblem, Simulation, Step,
    StepKind,
};
use crate::i18n::*;
use crate::model::{Fen, PromoRule, Promotion, Record, StoreWideBase, ThresholdBasis, Workspace};
use crate::ui::router::use_query_map;
use crate::ui::router::A;
use crate::ui::state::{today_date, AppState};
use crate::ui::text::{self, dyn_bool, dyn_text};
use crate::ui::widgets::flag::flag_chip;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

mod cart;
mod sku_table;
mod steps;

use cart::{line_rows, totals};
use sku_table::sku_rows;
use steps::steps_view;

const MAX_QTY: u32 = 9_999;
const MAX_LINES: usize = 200;

/// Why an input was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bad {
    Qty,
    Money,
    Date,
}

fn bad_text(l: Locale, b: Bad) -> &'static str {
    match b {
        Bad::Qty => td_string!(l, simulator.bad_qty),
        Bad::Money => td_string!(l, common.edit_bad_money),
        Bad::Date => td_string!(l, simulator.bad_date),
    }
}

/// A whole number of units, 0..=9999 (digits only).
fn parse_qty(s: &str) -> Option<u32> {
    let t = s.trim();
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u32>().ok().filter(|n| *n <= MAX_QTY)
}

/// Put the input back to what it showed and say why.
fn refuse(e: &leptos::ev::Event, old: &str, msg: RwSignal<Option<Bad>>, b: Bad) {
    event_target::<web_sys::HtmlInputElement>(e).set_value(old);
    msg.set(Some(b));
}

/// The live promotions in force on `day`, without the ones ticked off.
fn applied<'a>(ws: &'a Workspace, day: NaiveDate, off: &HashSet<String>) -> Vec<&'a Promotion> {
    in_force(&ws.promotions, day)
        .into_iter()
        .filter(|p| !off.contains(p.id()))
        .collect()
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let query = use_query_map();
    let promo_q = Memo::new(move |_| query.with(|q| q.get("promo")).filter(|s| !s.is_empty()));
    // The promotion of `?promo=`, if it exists: (name, main start, its products).
    let from_promo = Memo::new(move |_| {
        let id = promo_q.get()?;
        state.ws.with(|ws| {
            ws.promotion(&id).filter(|p| !p.meta.deleted).map(|p| {
                let items: Vec<String> = p
                    .items
                    .iter()
                    .filter(|i| ws.product(&i.product_id).is_some_and(|x| !x.meta.deleted))
                    .map(|i| i.product_id.clone())
                    .collect();
                (p.name.clone(), p.phases.main.start, items)
            })
        })
    });
    let date = RwSignal::new(from_promo.get_untracked().map_or_else(today_date, |p| p.1));
    let off = RwSignal::new(HashSet::<String>::new());
    // Another `?promo=` while the page stays: its start date, every promotion ticked again.
    Effect::new(move |prev: Option<Option<String>>| {
        let id = promo_q.get();
        if prev.is_some_and(|p| p != id) {
            if let Some(p) = from_promo.get_untracked() {
                date.set(p.1);
            }
            off.set(HashSet::new());
        }
        id
    });
    let cart = RwSignal::new(Vec::<CartLine>::new());
    let postage = RwSignal::new(state.ws.with_untracked(|ws| ws.profile.default_postage));
    let msg = RwSignal::new(None::<Bad>);
    let search = RwSignal::new(String::new());
    let pick = RwSignal::new(String::new());

    let listed = Memo::new(move |_| {
        let d = date.get();
        state.ws.with(|ws| {
            in_force(&ws.promotions, d)
                .into_iter()
                .map(|p| {
                    (
                        p.meta.id.clone(),
                        p.name.clone(),
                        p.rule.clone(),
                        p.phases.main,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let sim = Memo::new(move |_| {
        let c = Cart {
            lines: cart.get(),
            postage: postage.get(),
        };
        let d = date.get();
        off.with(|o| {
            state.ws.with(|ws| {
                simulate_with(
                    &c,
                    &ws.products,
                    &applied(ws, d, o),
                    ws.settings.store_wide_base,
                )
            })
        })
    });
    let cart_ids = Memo::new(move |_| {
        cart.with(|c| {
            let mut seen = HashSet::new();
            c.iter()
                .filter(|l| seen.insert(l.product_id.as_str()))
                .map(|l| l.product_id.clone())
                .collect::<Vec<_>>()
        })
    });
    let skus = Memo::new(move |_| {
        let d = date.get();
        let ids = cart_ids.get();
        off.with(|o| {
            state.ws.with(|ws| {
                let promos = applied(ws, d, o);
                let hist: Vec<&Promotion> = ws.live_promotions().collect();
                ids.iter()
                    .filter_map(|id| ws.product(id).filter(|p| !p.meta.deleted))
                    .map(|p| {
                        let c = check_product(
                            p,
                            &promos,
                            &ws.products,
                            &ws.profile,
                            &ws.settings,
                            &hist,
                        );
                        (p.sku.clone(), p.title.clone(), c)
                    })
                    .collect::<Vec<(String, String, SkuCheck)>>()
            })
        })
    });
    let candidates = Memo::new(move |_| {
        let q = search.get().trim().to_lowercase();
        state.ws.with(|ws| {
            ws.live_products()
                .filter(|x| {
                    q.is_empty()
                        || [&x.title, &x.sku, &x.item_id, &x.category]
                            .iter()
                            .any(|s| s.to_lowercase().contains(&q))
                        || x.tags.iter().any(|t| t.to_lowercase().contains(&q))
                })
                .take(200)
                .map(|x| {
                    let label = format!("{} · {} · {}", x.sku, x.title, yuan(x.list_price));
                    (x.meta.id.clone(), label)
                })
                .collect::<Vec<_>>()
        })
    });

    // Add products: one more unit of each (`bump`), or one unit of those not in the cart yet.
    let add = move |ids: Vec<String>, bump: bool| {
        msg.set(None);
        cart.update(|c| {
            for id in ids {
                match c.iter().position(|l| l.product_id == id) {
                    Some(i) if bump => c[i].qty = (c[i].qty + 1).min(MAX_QTY),
                    Some(_) => {}
                    None if c.len() < MAX_LINES => c.push(CartLine::new(id, 1)),
                    None => {}
                }
            }
        });
    };

    let promo_list = move || {
        let l = i18n.get_locale();
        let focus = promo_q.get();
        let rows = listed.get();
        if rows.is_empty() {
            return view! { <p class="muted" data-testid="sim-no-promos">{td_string!(l, simulator.no_promos)}</p> }
                .into_any();
        }
        view! {
            <ul class="sim-promos">
                {rows.into_iter().map(|(id, name, rule, main)| {
                    let is_focus = focus.as_deref() == Some(id.as_str());
                    let (id2, id3, href) = (id.clone(), id.clone(), format!("/promotions/{id}"));
                    view! {
                        <li data-testid="sim-promo" data-id=id3 class:focus=is_focus>
                            <label class="check">
                                <input type="checkbox" data-testid="sim-promo-toggle"
                                    prop:checked=dyn_bool(move || off.with(|o| !o.contains(&id)))
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        let id = id2.clone();
                                        off.update(|o| { if on { o.remove(&id); } else { o.insert(id); } });
                                    }/>
                                <span class="pill">{text::promo_tool(l, &rule)}</span>
                                <A href=href>{name}</A>
                                <span class="muted">{format!("{} ~ {}", main.start, main.end)}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };

    let line_rows = move || line_rows(i18n.get_locale(), state, sim.get(), msg, cart);
    let totals = move || {
        let l = i18n.get_locale();
        sim.with(|s| totals(l, s))
    };
    let steps = move || {
        let l = i18n.get_locale();
        sim.with(|s| state.ws.with(|ws| steps_view(l, ws, s)))
    };
    let sku_rows = move || {
        let names: HashMap<String, String> = state.ws.with(|ws| {
            ws.live_promotions()
                .map(|p| (p.meta.id.clone(), p.name.clone()))
                .collect()
        });
        sku_rows(i18n.get_locale(), &names, skus.get())
    };

    view! {
        <section class="page simulator" data-testid="page-simulator">
            <h1>{tr!(common.nav_simulator)}</h1>
            <p class="muted">{tr!(simulator.intro)}</p>
            {move || msg.get().map(|b| view! {
                <div class="banner error" role="alert" data-testid="sim-error">{bad_text(i18n.get_locale(), b)}</div>
            })}

            <div class="panel">
                <div class="sim-bar">
                    <label class="field">
                        <span>{tr!(simulator.date)}</span>
                        <input type="date" data-testid="sim-date" prop:value=dyn_text(move || date.get().to_string())
                            on:change=move |e| {
                                match crate::model::date::parse_ymd(&event_target_value(&e)).ok_or(()) {
                                    Ok(d) => { msg.set(None); date.set(d); }
                                    Err(_) => refuse(&e, &date.get_untracked().to_string(), msg, Bad::Date),
                                }
                            }/>
                    </label>
                    <label class="field">
                        <span>{tr!(simulator.postage)}</span>
                        <input type="text" inputmode="decimal" class="narrow" data-testid="sim-postage"
                            prop:value=dyn_text(move || postage.get().to_plain())
                            on:change=move |e| match Fen::parse_yuan(&event_target_value(&e)) {
                                Some(f) => { msg.set(None); postage.set(f); }
                                None => refuse(&e, &postage.get_untracked().to_plain(), msg, Bad::Money),
                            }/>
                    </label>
                </div>
                {move || from_promo.get().map(|(name, start, _)| view! {
                    <p class="muted" data-testid="sim-from-promo">
                        {td_string!(i18n.get_locale(), simulator.from_promo, name = name, date = start.to_string()).to_string()}
                    </p>
                })}
                <h2>{tr!(simulator.promos_title)}</h2>
                {promo_list}
            </div>

            <div class="panel">
                <h2>{tr!(simulator.cart_title)}</h2>
                <div class="row-gap">
                    <input type="search" data-testid="sim-search" placeholder=tr!(common.search_placeholder)
                        on:input=move |e| search.set(event_target_value(&e))/>
                    <select data-testid="sim-pick" aria-label=tr!(simulator.pick_label) on:change=move |e| pick.set(event_target_value(&e))>
                        <option value="" selected=dyn_bool(move || pick.get().is_empty())>{tr!(common.item_choose)}</option>
                        {move || candidates.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                    </select>
                    <button class="btn" data-testid="sim-add-product" on:click=move |_| {
                        let id = pick.get_untracked();
                        if !id.is_empty() { add(vec![id], true); }
                    }>{tr!(common.item_add)}</button>
                    <Show when=move || from_promo.with(|p| p.as_ref().is_some_and(|p| !p.2.is_empty()))>
                        <button class="btn" data-testid="sim-one-each" on:click=move |_| {
                            if let Some(p) = from_promo.get_untracked() { add(p.2, false); }
                        }>{tr!(simulator.one_each)}</button>
                    </Show>
                    <button class="btn ghost" data-testid="sim-clear" on:click=move |_| { cart.set(Vec::new()); msg.set(None); }>{tr!(simulator.clear)}</button>
                </div>
                <Show when=move || !cart.with(Vec::is_empty)
                    fallback=|| view! { <p class="empty-state" data-testid="sim-empty">{tr!(simulator.empty_cart)}</p> }>
                    <div class="table-wrap">
                        <table class="grid compact sim-lines" data-testid="sim-lines">
                            <thead><tr>
                                <th>{tr!(common.col_product)}</th><th>{tr!(simulator.col_qty)}</th><th class="num">{tr!(common.col_price)}</th>
                                <th class="num">{tr!(simulator.col_item_unit)}</th><th class="num">{tr!(simulator.col_item_amount)}</th>
                                <th class="num">{tr!(simulator.col_store)}</th><th class="num">{tr!(simulator.col_bundle)}</th>
                                <th class="num">{tr!(common.tool_coupon)}</th><th class="num">{tr!(simulator.col_cross)}</th>
                                <th class="num">{tr!(simulator.col_paid)}</th><th class="num">{tr!(simulator.col_paid_unit)}</th><th></th>
                            </tr></thead>
                            <tbody>{line_rows}</tbody>
                            {totals}
                        </table>
                    </div>
                </Show>
            </div>

            <div class="panel sim-steps" data-testid="sim-steps">
                <h2>{tr!(simulator.steps_title)}</h2>
                {steps}
            </div>

            <Show when=move || !cart_ids.with(Vec::is_empty)>
                <div class="panel" data-testid="sim-skus">
                    <h2>{tr!(simulator.sku_title)}</h2>
                    <p class="muted">{tr!(simulator.sku_hint)}</p>
                    <div class="table-wrap">
                        <table class="grid compact">
                            <thead><tr>
                                <th>{tr!(common.col_sku)}</th><th>{tr!(common.col_title)}</th><th class="num">{tr!(common.col_price)}</th><th class="num">{tr!(common.col_cost)}</th>
                                <th class="num">{tr!(simulator.col_item_unit)}</th><th class="num">{tr!(common.check_paid_one)}</th><th class="num">{tr!(common.check_paid_worst)}</th>
                                <th class="num">{tr!(common.check_depth)}</th><th>{tr!(simulator.col_worst_cart)}</th><th class="num">{tr!(simulator.col_fee)}</th>
                                <th class="num">{tr!(simulator.col_affiliate)}</th><th class="num">{tr!(simulator.col_postage_cost)}</th>
                                <th class="num">{tr!(simulator.col_profit)}</th><th class="num">{tr!(simulator.col_margin)}</th><th>{tr!(common.check_flags)}</th>
                            </tr></thead>
                            <tbody>{sku_rows}</tbody>
                        </table>
                    </div>
                </div>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_numbers_up_to_9999() {
        assert_eq!(parse_qty(" 12 "), Some(12));
        assert_eq!(parse_qty("0"), Some(0));
        assert_eq!(parse_qty("9999"), Some(9_999));
        for bad in [
            "",
            "-1",
            "1.5",
            "10000",
            "1e3",
            "abc",
            "９",
            "99999999999999999999",
        ] {
            assert_eq!(parse_qty(bad), None, "{bad}");
        }
    }
}
