//! 备货 panel of a promotion: per SKU the event's expected units (from the promotion's targets
//! and the SKUs' prices after its discounts) with what to order and by when
//! (`core::stocking`, the table in `widgets::stock`).

use crate::core::promo::check::check_product;
use crate::core::stocking::event_units;
use crate::model::{Product, Promotion, Record};
use crate::ui::state::AppState;
use crate::ui::widgets::stock::{history_paces, stock_rows, StockFor, StockTable};
use leptos::prelude::*;

#[component]
pub fn Stocking(promo_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(promo_id);
    let rows = Memo::new(move |_| {
        let id = id.get_value();
        state.ws.with(|ws| {
            let Some(p) = ws.promotion(&id).filter(|p| !p.meta.deleted) else {
                return Vec::new();
            };
            let covered: Vec<&Product> = ws
                .live_products()
                .filter(|x| p.covers(x.id()))
                .take(2_000)
                .collect();
            let promo: &Promotion = p;
            let history = state.metrics.with(|m| history_paces(ws, m, &covered));
            stock_rows(
                ws,
                &covered,
                &history,
                |x| {
                    check_product(x, &[promo], &ws.products, &ws.profile, &ws.settings, &[])
                        .single
                        .paid_unit
                },
                |skus| event_units(promo.target_units, promo.target_gmv, skus),
                promo.phases.main,
            )
        })
    });
    let has_target = Memo::new(move |_| {
        let id = id.get_value();
        state.ws.with(|ws| {
            ws.promotion(&id)
                .is_some_and(|p| p.target_units > 0 || p.target_gmv.0 > 0)
        })
    });
    view! {
        <div class="panel" data-testid="promo-stocking">
            <h2>{tr!(promotions.stock_title)}</h2>
            <p class="muted">{tr!(promotions.stock_intro)}</p>
            {move || (!has_target.get()).then(|| view! { <p class="warn" data-testid="st-no-target">{tr!(promotions.stock_no_target)}</p> })}
            <StockTable rows=rows kind=StockFor::Promotion file="purchase-list"/>
        </div>
    }
}
