//! The cart table: one row per line (quantity editable), the totals and the equation.

use super::*;

/// A discount column: "−¥12.30", or "—" for nothing.
fn minus(f: Fen) -> String {
    if f.0 == 0 {
        "—".into()
    } else {
        format!("−{}", yuan(f))
    }
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

/// One row per simulated line; a quantity typed in is checked and set, or refused with `msg`.
pub(super) fn line_rows(
    l: Locale,
    state: AppState,
    s: Simulation,
    msg: RwSignal<Option<Bad>>,
    cart: RwSignal<Vec<CartLine>>,
) -> impl IntoView {
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
}

/// The totals rows, the postage, what the order pays and the equation that adds up to it.
pub(super) fn totals(l: Locale, s: &Simulation) -> impl IntoView {
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
}
