//! 到手价模拟: what a buyer pays for a cart under the promotions in force on a day, per line and
//! in total, with every rule of the stack worded as a sentence (`core::promo::stack`), and each
//! SKU's economics and flags under those promotions (`core::promo::check`).
//!
//! `?promo=<id>` sets the date to that promotion's main start (it and everything overlapping it
//! apply) and offers "one of each of its products". Promotions can be ticked off to test
//! combinations. Bad quantities, postage or dates are refused with a message and change nothing.

use crate::core::format::{percent_bp, yuan};
use crate::core::promo::check::{check_product, Flag, SkuCheck};
use crate::core::promo::stack::{
    in_force, simulate_with, Cart, CartLine, Level, LineResult, RuleProblem, Simulation, Step,
    StepKind,
};
use crate::i18n::*;
use crate::model::{Fen, PromoRule, Promotion, Record, StoreWideBase, ThresholdBasis, Workspace};
use crate::ui::pages::promo_checks::flag_text;
use crate::ui::router::use_query_map;
use crate::ui::router::A;
use crate::ui::state::{today_date, AppState};
use crate::ui::text::{self, dyn_bool, dyn_text};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

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

/// A discount column: "−¥12.30", or "—" for nothing.
fn minus(f: Fen) -> String {
    if f.0 == 0 {
        "—".into()
    } else {
        format!("−{}", yuan(f))
    }
}

fn level_title(l: Locale, lv: Level) -> &'static str {
    match lv {
        Level::Cart => td_string!(l, simulator.lv_cart),
        Level::Item => td_string!(l, simulator.lv_item),
        Level::Bundle => td_string!(l, simulator.lv_bundle),
        Level::StoreWide => td_string!(l, simulator.lv_store),
        Level::Coupon => td_string!(l, simulator.lv_coupon),
        Level::CrossStore => td_string!(l, simulator.lv_cross),
        Level::Postage => td_string!(l, simulator.lv_postage),
    }
}

const LEVELS: [Level; 7] = [
    Level::Cart,
    Level::Item,
    Level::Bundle,
    Level::StoreWide,
    Level::Coupon,
    Level::CrossStore,
    Level::Postage,
];

/// What the step wording needs: names and the simulated lines.
struct Ctx<'a> {
    l: Locale,
    ws: &'a Workspace,
    sim: &'a Simulation,
}

impl Ctx<'_> {
    fn name(&self, id: &str) -> String {
        self.ws
            .promotion(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
    fn rule(&self, id: &str) -> Option<&PromoRule> {
        self.ws.promotion(id).map(|p| &p.rule)
    }
    fn line_label(&self, i: usize) -> String {
        let sku = self
            .sim
            .lines
            .get(i)
            .and_then(|r| self.ws.product(&r.product_id))
            .map(|p| p.sku.clone())
            .unwrap_or_default();
        td_string!(self.l, simulator.head_line, n = i + 1, sku = sku).to_string()
    }
    /// Item-level amount, amount after store level and units of the live lines `id` covers.
    fn base(&self, id: &str) -> (Fen, Fen, i64) {
        let Some(p) = self.ws.promotion(id) else {
            return (Fen::ZERO, Fen::ZERO, 0);
        };
        let mut b = (Fen::ZERO, Fen::ZERO, 0i64);
        for r in self
            .sim
            .lines
            .iter()
            .filter(|r| r.known && r.qty > 0 && p.covers(&r.product_id))
        {
            b.0 = b.0 + r.item_amount;
            b.1 = b.1 + r.item_amount - r.store_wide - r.bundle;
            b.2 = b.2.saturating_add(i64::from(r.qty));
        }
        b
    }
    fn units(&self, n: i64) -> String {
        td_string!(self.l, simulator.units, n = n).to_string()
    }
}

/// Steps that say a rule did not apply (shown muted).
fn skipped(k: &StepKind) -> bool {
    matches!(
        k,
        StepKind::UnknownProduct
            | StepKind::ZeroQty
            | StepKind::Deleted
            | StepKind::NotCovered
            | StepKind::Invalid { .. }
            | StepKind::BetterItemPriceChosen { .. }
            | StepKind::NoItemDiscount
            | StepKind::AboveList { .. }
            | StepKind::ThresholdNotMet { .. }
            | StepKind::NoBenefit
            | StepKind::LargerDiscountChosen { .. }
            | StepKind::OnlyOneCoupon { .. }
            | StepKind::NoCompleteSet
    )
}

/// One step as a clause of a sentence, in the user's language.
fn step_text(c: &Ctx, s: &Step) -> String {
    let l = c.l;
    let pid = s.promo_id.as_deref().unwrap_or("");
    let m = |f: Fen| yuan(f);
    match &s.kind {
        StepKind::UnknownProduct => td_string!(l, simulator.s_unknown).to_string(),
        StepKind::ZeroQty => td_string!(l, simulator.s_zero_qty).to_string(),
        StepKind::Deleted => td_string!(l, simulator.s_deleted).to_string(),
        StepKind::NotCovered => td_string!(l, simulator.s_not_covered).to_string(),
        StepKind::Invalid {
            problem: RuleProblem::NoTiers,
        } => td_string!(l, simulator.s_no_tiers).to_string(),
        StepKind::Invalid {
            problem: RuleProblem::EveryNotPositive,
        } => td_string!(l, simulator.s_every_bad).to_string(),
        StepKind::ItemPrice { unit } => {
            td_string!(l, simulator.s_item_price, unit = m(*unit)).to_string()
        }
        StepKind::BetterItemPriceChosen { chosen, unit } => td_string!(
            l,
            simulator.s_better_item,
            unit = m(*unit),
            chosen = c.name(chosen)
        )
        .to_string(),
        StepKind::NoItemDiscount => td_string!(l, simulator.s_no_item_discount).to_string(),
        StepKind::AboveList { unit } => {
            let list = s
                .line
                .and_then(|i| c.sim.lines.get(i))
                .map_or(Fen::ZERO, |r| r.list_unit);
            td_string!(l, simulator.s_above_list, unit = m(*unit), list = m(list)).to_string()
        }
        StepKind::ThresholdNotMet { basis, needed, had } => {
            let (base, needed, had) = match (basis, s.level) {
                (ThresholdBasis::Count, _) => (
                    td_string!(l, simulator.base_units),
                    c.units(*needed),
                    c.units(*had),
                ),
                (_, Level::Coupon) => (
                    td_string!(l, simulator.base_after_store),
                    m(Fen(*needed)),
                    m(Fen(*had)),
                ),
                _ => (
                    td_string!(l, simulator.base_item),
                    m(Fen(*needed)),
                    m(Fen(*had)),
                ),
            };
            td_string!(
                l,
                simulator.s_not_met,
                needed = needed,
                base = base,
                had = had
            )
            .to_string()
        }
        StepKind::TierReached {
            tier,
            basis,
            threshold,
        } => {
            let (item, _, units) = c.base(pid);
            let (base, had, thr) = match basis {
                ThresholdBasis::Count => (
                    td_string!(l, simulator.base_units),
                    c.units(units),
                    c.units(*threshold),
                ),
                ThresholdBasis::Amount => (
                    td_string!(l, simulator.base_item),
                    m(item),
                    m(Fen(*threshold)),
                ),
            };
            td_string!(
                l,
                simulator.s_tier,
                base = base,
                had = had,
                n = tier + 1,
                threshold = thr
            )
            .to_string()
        }
        StepKind::Repeated { times } if s.level == Level::CrossStore => {
            let every = match c.rule(pid) {
                Some(PromoRule::CrossStore { every, .. }) => *every,
                _ => Fen::ZERO,
            };
            td_string!(
                l,
                simulator.s_cross_reached,
                amount = m(c.base(pid).0),
                every = m(every),
                times = *times
            )
            .to_string()
        }
        StepKind::Repeated { times } => {
            td_string!(l, simulator.s_repeated, times = *times).to_string()
        }
        StepKind::Discount { fen } => match s.level {
            Level::Coupon => {
                let thr = match c.rule(pid) {
                    Some(PromoRule::Coupon { threshold, .. }) => *threshold,
                    _ => Fen::ZERO,
                };
                td_string!(
                    l,
                    simulator.s_coupon_used,
                    amount = m(c.base(pid).1),
                    threshold = m(thr),
                    fen = m(*fen)
                )
                .to_string()
            }
            Level::Bundle => td_string!(l, simulator.s_bundle_saving, fen = m(*fen)).to_string(),
            _ => td_string!(l, simulator.s_off, fen = m(*fen)).to_string(),
        },
        StepKind::Gift { cost, times } => {
            td_string!(l, simulator.s_gift, cost = m(*cost), times = *times).to_string()
        }
        StepKind::NoBenefit => td_string!(l, simulator.s_no_benefit).to_string(),
        StepKind::LargerDiscountChosen { chosen } => {
            td_string!(l, simulator.s_larger_chosen, chosen = c.name(chosen)).to_string()
        }
        StepKind::OnlyOneCoupon { chosen } => {
            td_string!(l, simulator.s_one_coupon, chosen = c.name(chosen)).to_string()
        }
        StepKind::NoCompleteSet => td_string!(l, simulator.s_no_set).to_string(),
        StepKind::Sets { sets } => {
            let price = match c.rule(pid) {
                Some(PromoRule::Bundle { price }) => *price,
                _ => Fen::ZERO,
            };
            td_string!(l, simulator.s_sets, sets = *sets, price = m(price)).to_string()
        }
        StepKind::CappedAtZero { by } => td_string!(l, simulator.s_capped, by = m(*by)).to_string(),
        StepKind::RemainderTo { line_index, fen } => {
            td_string!(l, simulator.s_remainder, fen = m(*fen), n = line_index + 1).to_string()
        }
        StepKind::PostageAdded { postage } => {
            td_string!(l, simulator.s_postage, postage = m(*postage)).to_string()
        }
        StepKind::StoreWideOn {
            base: StoreWideBase::AfterBundle,
            amount,
        } => td_string!(l, simulator.s_store_after_bundle, amount = m(*amount)).to_string(),
        StepKind::StoreWideOn {
            base: StoreWideBase::BeforeBundle,
            amount,
        } => td_string!(l, simulator.s_store_before_bundle, amount = m(*amount)).to_string(),
    }
}

/// The steps grouped by level (rule order), then by (promotion, line) in order of first
/// appearance; each group is one sentence. `bool` = the rule did not apply.
fn step_groups(l: Locale, ws: &Workspace, sim: &Simulation) -> Vec<(Level, Vec<(String, bool)>)> {
    let c = Ctx { l, ws, sim };
    let mut out = Vec::new();
    for lv in LEVELS {
        let mut idx: HashMap<(Option<&str>, Option<usize>), usize> = HashMap::new();
        let mut groups: Vec<(String, Vec<String>, bool)> = Vec::new();
        for s in sim.steps.iter().filter(|s| s.level == lv) {
            let key = (s.promo_id.as_deref(), s.line);
            let gi = *idx.entry(key).or_insert_with(|| {
                let mut head = match (&s.promo_id, s.line) {
                    (Some(id), _) => {
                        let tool = c
                            .rule(id)
                            .map(|r| text::promo_tool(l, r))
                            .unwrap_or_default();
                        td_string!(l, simulator.head_promo, tool = tool, name = c.name(id))
                            .to_string()
                    }
                    (None, Some(i)) => c.line_label(i),
                    (None, None) => String::new(),
                };
                if let (Some(_), Some(i)) = (&s.promo_id, s.line) {
                    head = format!("{head} · {}", c.line_label(i));
                }
                groups.push((head, Vec::new(), false));
                groups.len() - 1
            });
            let g = &mut groups[gi];
            g.1.push(step_text(&c, s));
            g.2 |= skipped(&s.kind);
        }
        if groups.is_empty() {
            continue;
        }
        let (colon, comma, stop) = (
            td_string!(l, common.colon),
            td_string!(l, common.comma),
            td_string!(l, common.full_stop),
        );
        let items = groups
            .into_iter()
            .map(|(head, parts, skip)| {
                let body = parts.join(comma);
                let t = if head.is_empty() {
                    // a sentence of its own (postage): capitalised
                    let mut ch = body.chars();
                    ch.next().map_or_else(String::new, |f| {
                        format!("{}{}{stop}", f.to_uppercase(), ch.as_str())
                    })
                } else {
                    format!("{head}{colon}{body}{stop}")
                };
                (t, skip)
            })
            .collect();
        out.push((lv, items));
    }
    out
}

/// A cart line as the table shows it: product label and the name of its item-level promotion.
fn line_labels(l: Locale, ws: &Workspace, r: &LineResult) -> (String, String) {
    let label = ws
        .product(&r.product_id)
        .filter(|p| !p.meta.deleted)
        .map_or_else(
            || td_string!(l, common.item_missing_product).to_string(),
            |p| format!("{} {}", p.sku, p.title),
        );
    let promo = r
        .item_promo
        .as_deref()
        .and_then(|id| ws.promotion(id))
        .map(|p| p.name.clone())
        .unwrap_or_default();
    (label, promo)
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

    let line_rows = move || {
        let l = i18n.get_locale();
        let s = sim.get();
        let labels: Vec<(String, String)> = state
            .ws
            .with(|ws| s.lines.iter().map(|r| line_labels(l, ws, r)).collect());
        s.lines
            .into_iter()
            .zip(labels)
            .enumerate()
            .map(|(i, (r, (label, promo)))| {
                let old = r.qty.to_string();
                view! {
                    <tr data-testid="sim-line" class:unknown=!r.known>
                        <td class="sim-product">{label}</td>
                        <td><input type="text" inputmode="numeric" class="narrow" data-testid="sim-qty" value=old.clone()
                            on:change=move |e| match parse_qty(&event_target_value(&e)) {
                                Some(q) => {
                                    msg.set(None);
                                    cart.update(|c| if let Some(x) = c.get_mut(i) { x.qty = q; });
                                }
                                None => refuse(&e, &old, msg, Bad::Qty),
                            }/></td>
                        <td class="num">{yuan(r.list_unit)}</td>
                        <td class="num" data-testid="sim-item-unit">{yuan(r.item_unit)}<div class="muted small">{promo}</div></td>
                        <td class="num" data-testid="sim-item-amount">{yuan(r.item_amount)}</td>
                        <td class="num" data-testid="sim-line-store">{minus(r.store_wide)}</td>
                        <td class="num" data-testid="sim-line-bundle">{minus(r.bundle)}</td>
                        <td class="num" data-testid="sim-line-coupon">{minus(r.coupon)}</td>
                        <td class="num" data-testid="sim-line-cross">{minus(r.cross_store)}</td>
                        <td class="num strong" data-testid="sim-line-paid">{yuan(r.paid)}</td>
                        <td class="num" data-testid="sim-line-unit">{r.paid_unit().map_or_else(|| "—".into(), yuan)}</td>
                        <td><button class="btn ghost small" data-testid="sim-remove"
                            on:click=move |_| cart.update(|c| if i < c.len() { c.remove(i); })>{tr!(common.remove)}</button></td>
                    </tr>
                }
            })
            .collect_view()
    };

    let totals = move || {
        let l = i18n.get_locale();
        let s = sim.get();
        let t = &s.totals;
        let qty: u64 = s.lines.iter().map(|r| u64::from(r.qty)).sum();
        let equation = td_string!(
            l,
            simulator.equation,
            item = yuan(t.item),
            store = yuan(t.store_wide),
            bundle = yuan(t.bundle),
            coupon = yuan(t.coupon),
            cross = yuan(t.cross_store),
            goods = yuan(t.goods),
            postage = yuan(t.postage),
            paid = yuan(t.paid)
        )
        .to_string();
        let gift = (t.gift_cost.0 > 0)
            .then(|| td_string!(l, simulator.gift_note, cost = yuan(t.gift_cost)).to_string());
        let zero = t.goods.0 == 0 && t.item.0 > 0;
        view! {
            <tfoot>
                <tr class="sim-total" data-testid="sim-totals">
                    <td>{td_string!(l, simulator.total)}</td>
                    <td class="num">{qty}</td>
                    <td class="num">{yuan(t.list)}</td>
                    <td></td>
                    <td class="num" data-testid="sim-total-item">{yuan(t.item)}</td>
                    <td class="num" data-testid="sim-total-store">{minus(t.store_wide)}</td>
                    <td class="num" data-testid="sim-total-bundle">{minus(t.bundle)}</td>
                    <td class="num" data-testid="sim-total-coupon">{minus(t.coupon)}</td>
                    <td class="num" data-testid="sim-total-cross">{minus(t.cross_store)}</td>
                    <td class="num strong" data-testid="sim-total-goods">{yuan(t.goods)}</td>
                    <td></td><td></td>
                </tr>
                <tr>
                    <td colspan="9">{td_string!(l, simulator.postage_row)}</td>
                    <td class="num" data-testid="sim-total-postage">{format!("+{}", yuan(t.postage))}</td>
                    <td></td><td></td>
                </tr>
                <tr class="sim-paid">
                    <td colspan="9">{td_string!(l, simulator.order_paid)}</td>
                    <td class="num" data-testid="sim-total-paid">{yuan(t.paid)}</td>
                    <td></td><td></td>
                </tr>
                <tr>
                    <td colspan="12" class="muted" data-testid="sim-equation">
                        {equation}
                        {gift.map(|g| view! { <div>{g}</div> })}
                        {zero.then(|| view! { <div class="flag bad" data-testid="sim-zero-order">{td_string!(l, simulator.zero_order)}</div> })}
                    </td>
                </tr>
            </tfoot>
        }
    };

    let steps = move || {
        let l = i18n.get_locale();
        let groups = sim.with(|s| state.ws.with(|ws| step_groups(l, ws, s)));
        groups
            .into_iter()
            .map(|(lv, items)| {
                view! {
                    <div class="sim-level">
                        <h3>{level_title(l, lv)}</h3>
                        <ul>
                            {items.into_iter().map(|(t, skip)| view! {
                                <li data-testid="sim-step" class:skip=skip>{t}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })
            .collect_view()
    };

    let sku_rows = move || {
        let l = i18n.get_locale();
        let names: HashMap<String, String> = state.ws.with(|ws| {
            ws.live_promotions()
                .map(|p| (p.meta.id.clone(), p.name.clone()))
                .collect()
        });
        skus.get()
            .into_iter()
            .map(|(sku, title, c)| {
                let w = &c.worst;
                let promo = c
                    .item_promo
                    .as_ref()
                    .and_then(|id| names.get(id).cloned())
                    .unwrap_or_default();
                view! {
                    <tr data-testid="sim-sku" class:flagged=!c.flags.is_empty()>
                        <td>{sku}</td>
                        <td class="title-cell">{title}</td>
                        <td class="num">{yuan(c.list_price)}</td>
                        <td class="num">{yuan(c.cost)}</td>
                        <td class="num">{yuan(c.item_price)}<div class="muted small">{promo}</div></td>
                        <td class="num" data-testid="sim-sku-paid-one">{yuan(c.single.paid_unit)}</td>
                        <td class="num">{yuan(c.lowest_paid.paid_unit)}<div class="muted small">{super::promo_checks::cart_text(l, &c.lowest_paid.cart, c.lowest_paid.qty)}</div></td>
                        <td class="num">{percent_bp(c.lowest_paid.depth_bp)}</td>
                        <td class="nowrap">{super::promo_checks::cart_text(l, &w.cart, w.qty)}</td>
                        <td class="num">{yuan(w.fee)}</td>
                        <td class="num">{yuan(w.affiliate)}</td>
                        <td class="num">{yuan(w.postage)}{(w.postage_charged.0 > 0).then(|| view! {
                            <div class="muted small">{td_string!(l, simulator.check_postage_in, amount = yuan(w.postage_charged)).to_string()}</div>
                        })}</td>
                        <td class="num" class:neg=w.profit.0 < 0 data-testid="sim-sku-profit">{yuan(w.profit)}</td>
                        <td class="num">{w.margin_bp.map_or_else(|| "—".into(), percent_bp)}</td>
                        <td class="flags">{c.flags.iter().map(|f| view! {
                            <span class=if matches!(f, Flag::BelowCost { .. } | Flag::ZeroCart { .. } | Flag::LossAtList { .. }) { "flag bad" } else { "flag warn" }
                                data-testid=super::promo_checks::flag_key(f)>{flag_text(l, f)}</span>
                        }).collect_view()}</td>
                    </tr>
                }
            })
            .collect_view()
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

    /// Every step kind is worded in both languages, with every placeholder filled.
    #[test]
    fn every_step_kind_is_worded() {
        let kinds = [
            StepKind::UnknownProduct,
            StepKind::ZeroQty,
            StepKind::Deleted,
            StepKind::NotCovered,
            StepKind::Invalid {
                problem: RuleProblem::NoTiers,
            },
            StepKind::Invalid {
                problem: RuleProblem::EveryNotPositive,
            },
            StepKind::ItemPrice { unit: Fen(40_000) },
            StepKind::BetterItemPriceChosen {
                chosen: "x".into(),
                unit: Fen(1),
            },
            StepKind::NoItemDiscount,
            StepKind::AboveList { unit: Fen(1) },
            StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Count,
                needed: 3,
                had: 1,
            },
            StepKind::ThresholdNotMet {
                basis: ThresholdBasis::Amount,
                needed: 40_000,
                had: 29_900,
            },
            StepKind::TierReached {
                tier: 0,
                basis: ThresholdBasis::Amount,
                threshold: 30_000,
            },
            StepKind::TierReached {
                tier: 1,
                basis: ThresholdBasis::Count,
                threshold: 2,
            },
            StepKind::Repeated { times: 2 },
            StepKind::Discount { fen: Fen(5_000) },
            StepKind::Gift {
                cost: Fen(900),
                times: 1,
            },
            StepKind::NoBenefit,
            StepKind::LargerDiscountChosen { chosen: "x".into() },
            StepKind::OnlyOneCoupon { chosen: "x".into() },
            StepKind::NoCompleteSet,
            StepKind::Sets { sets: 2 },
            StepKind::CappedAtZero { by: Fen(3_000) },
            StepKind::RemainderTo {
                line_index: 1,
                fen: Fen(1),
            },
            StepKind::PostageAdded {
                postage: Fen(1_000),
            },
        ];
        let ws = Workspace::default();
        let sim = Simulation::default();
        for l in [Locale::zh, Locale::en] {
            let c = Ctx {
                l,
                ws: &ws,
                sim: &sim,
            };
            for lv in LEVELS {
                for k in &kinds {
                    let s = Step {
                        level: lv,
                        promo_id: Some("p".into()),
                        line: Some(0),
                        kind: k.clone(),
                    };
                    let t = step_text(&c, &s);
                    assert!(!t.is_empty() && !t.contains("{{"), "{k:?}: {t}");
                }
            }
        }
    }

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
