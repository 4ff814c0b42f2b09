//! Each SKU of the cart under the promotions: prices, the worst cart's economics and flags.

use super::*;

/// One row per SKU check (`names`: promotion names by id).
pub(super) fn sku_rows(
    l: Locale,
    names: &HashMap<String, String>,
    skus: Vec<(String, String, SkuCheck)>,
) -> impl IntoView {
    skus
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
                    <td class="num">{yuan(c.lowest_paid.paid_unit)}<div class="muted small">{crate::ui::text::cart_text(l, &c.lowest_paid.cart, c.lowest_paid.qty)}</div></td>
                    <td class="num">{percent_bp(c.lowest_paid.depth_bp)}</td>
                    <td class="nowrap">{crate::ui::text::cart_text(l, &w.cart, w.qty)}</td>
                    <td class="num">{yuan(w.fee)}</td>
                    <td class="num">{yuan(w.affiliate)}</td>
                    <td class="num">{yuan(w.postage)}{(w.postage_charged.0 > 0).then(|| view! {
                        <div class="muted small">{td_string!(l, simulator.check_postage_in, amount = yuan(w.postage_charged)).to_string()}</div>
                    })}</td>
                    <td class="num" class:neg=w.profit.0 < 0 data-testid="sim-sku-profit">{yuan(w.profit)}</td>
                    <td class="num">{w.margin_bp.map_or_else(|| "—".into(), percent_bp)}</td>
                    <td class="flags">{c.flags.iter().map(|f| flag_chip(l, f)).collect_view()}</td>
                </tr>
            }
        })
        .collect_view()
}
