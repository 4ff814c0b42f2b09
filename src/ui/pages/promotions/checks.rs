//! The price check of one promotion, part of its page: per SKU what the buyer pays (one unit and
//! the worst cart), discount depth, margin after platform fee, 淘宝客 and postage, and the flags
//! (资损, below the minimum margin, not below the lowest price of the last N days, ¥0 carts);
//! then the conflicts with other promotions in force on the same SKUs. The math is
//! `core::promo::check`.

use crate::core::format::{percent_bp, yuan};
use crate::core::promo::check::{check_product, conflicts, Conflict, Floor, SkuCheck};
use crate::i18n::*;
use crate::model::{Promotion, Record};
use crate::ui::state::AppState;
use crate::ui::text::cart_text;
use crate::ui::widgets::flag::flag_chip;
use leptos::prelude::*;

/// One conflict as a sentence (names of the promotions and the SKU are looked up by the caller).
pub fn conflict_text(l: Locale, c: &Conflict, names: &str, product: &str) -> String {
    let floor = match c.floor {
        Floor::Cost => td_string!(l, promotions.floor_cost),
        Floor::MinMargin => td_string!(l, promotions.floor_margin),
    };
    let only = if c.only_combination() {
        td_string!(l, promotions.conflict_only_combination)
    } else {
        td_string!(l, promotions.conflict_alone_too)
    };
    td_string!(
        l,
        promotions.conflict_text,
        product = product.to_string(),
        promos = names.to_string(),
        from = c.range.start.to_string(),
        to = c.range.end.to_string(),
        paid = yuan(c.worst_paid_unit),
        floor = floor,
        only = only
    )
    .to_string()
}

#[component]
pub fn Checks(promo_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let id = StoredValue::new(promo_id);
    let checks = Memo::new(move |_| {
        let id = id.get_value();
        let mut v = state.ws.with(|ws| {
            let Some(p) = ws.promotion(&id).filter(|p| !p.meta.deleted) else {
                return Vec::new();
            };
            let others: Vec<&Promotion> =
                ws.live_promotions().filter(|o| o.meta.id != id).collect();
            ws.live_products()
                .filter(|x| p.covers(x.id()))
                .take(2_000)
                .map(|x| {
                    let c =
                        check_product(x, &[p], &ws.products, &ws.profile, &ws.settings, &others);
                    (x.sku.clone(), x.title.clone(), c)
                })
                .collect::<Vec<(String, String, SkuCheck)>>()
        });
        // flagged SKUs first (stable: the catalog order within each group)
        v.sort_by_key(|c| c.2.flags.is_empty());
        v
    });
    let clashes = Memo::new(move |_| {
        let id = id.get_value();
        state.ws.with(|ws| {
            let live: Vec<Promotion> = ws.live_promotions().cloned().collect();
            conflicts(&live, &ws.products, &ws.profile, &ws.settings)
                .into_iter()
                .filter(|c| c.promo_ids.contains(&id))
                .map(|c| {
                    // each promotion of the clash with its name (the names line, the ↗ links)
                    let links = c
                        .promo_ids
                        .iter()
                        .filter_map(|p| ws.promotion(p).map(|x| (p.clone(), x.name.clone())))
                        .collect::<Vec<_>>();
                    let names = links
                        .iter()
                        .map(|(_, n)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(" + ");
                    let product = ws
                        .product(&c.product_id)
                        .map(|p| format!("{} {}", p.sku, p.title))
                        .unwrap_or_default();
                    (c, names, product, links)
                })
                .collect::<Vec<_>>()
        })
    });
    let flagged =
        Memo::new(move |_| checks.with(|v| v.iter().filter(|c| !c.2.flags.is_empty()).count()));
    view! {
        <div class="panel" data-testid="promo-checks">
            <h2>{tr!(promotions.check_title)}</h2>
            <p class="muted">{tr!(promotions.check_hint)}</p>
            {move || {
                let n = flagged.get();
                let l = i18n.get_locale();
                if checks.with(Vec::is_empty) {
                    view! { <p class="banner" data-testid="check-none">{td_string!(l, promotions.check_no_products).to_string()}</p> }.into_any()
                } else if n == 0 {
                    view! { <p class="banner ok" data-testid="check-ok">{td_string!(l, promotions.check_all_ok).to_string()}</p> }.into_any()
                } else {
                    view! { <p class="banner warn" data-testid="check-summary">{td_string!(l, promotions.check_n_flagged, n = n).to_string()}</p> }.into_any()
                }
            }}
            <Show when=move || !clashes.with(Vec::is_empty)>
                <h3>{tr!(promotions.conflicts_promo_title)}</h3>
                <ul class="conflicts" data-testid="promo-conflicts">
                    {move || {
                        let l = i18n.get_locale();
                        clashes.get().into_iter().map(|(c, names, product, links)| {
                            view! {
                                <li data-testid="promo-conflict" class=if c.floor == Floor::Cost { "bad" } else { "warn" }>
                                    {conflict_text(l, &c, &names, &product)}" "
                                    {links.into_iter().map(|(p, name)| {
                                        let label = td_string!(l, promotions.conflict_open, name = name).to_string();
                                        view! { <a href=format!("/promotions/{p}") aria-label=label.clone() title=label data-testid="conflict-open">"↗"</a> }
                                    }).collect_view()}
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </Show>
            <div class="table-wrap" tabindex="0" role="region" aria-label=tr!(promotions.check_title)>
            <table class="grid compact" data-testid="check-table">
                <thead><tr>
                    <th>{tr!(common.col_sku)}</th><th>{tr!(common.col_title)}</th><th class="num">{tr!(common.col_price)}</th>
                    <th class="num">{tr!(promotions.item_price)}</th><th class="num">{tr!(common.check_paid_one)}</th><th class="num">{tr!(common.check_paid_worst)}</th>
                    <th class="num">{tr!(common.check_depth)}</th><th class="num">{tr!(promotions.check_margin)}</th><th class="num">{tr!(promotions.check_profit)}</th><th>{tr!(common.check_flags)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let l = i18n.get_locale();
                        checks.get().into_iter().map(|(sku, title, c)| {
                            let w = &c.worst;
                            view! {
                                <tr data-testid="check-row" class:flagged=!c.flags.is_empty()>
                                    <td>{sku}</td>
                                    <td class="title-cell">{title}</td>
                                    <td class="num">{yuan(c.list_price)}</td>
                                    <td class="num">{yuan(c.item_price)}</td>
                                    <td class="num">{yuan(c.single.paid_unit)}</td>
                                    <td class="num">{yuan(c.lowest_paid.paid_unit)}<span class="muted">{format!(" ({})", cart_text(l, &c.lowest_paid.cart, c.lowest_paid.qty))}</span></td>
                                    <td class="num">{percent_bp(c.lowest_paid.depth_bp)}</td>
                                    <td class="num">{w.margin_bp.map(percent_bp).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num" class:neg=w.profit.0 < 0>{yuan(w.profit)}<span class="muted">{format!(" ({})", cart_text(l, &w.cart, w.qty))}</span></td>
                                    <td>{c.flags.iter().map(|f| flag_chip(l, f)).collect_view()}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            </div>
        </div>
    }
}
