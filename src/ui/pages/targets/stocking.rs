//! The Targets page's stock for a month (备货, issue 15 §4): a month of the shown plan, what it
//! still has to sell (`core::stocking::month_left`), turned into units per SKU at each SKU's
//! recent selling price and sales share, with what to order and by when (the table in
//! `widgets::stock`).

use super::{month_names, Ctx};
use crate::core::format::yuan;
use crate::core::metrics::fen_per;
use crate::core::metrics::period::{date_of, day_of, Period};
use crate::core::stocking::{event_units, month_left};
use crate::i18n::*;
use crate::model::date::ymd;
use crate::model::target::MONTHS;
use crate::model::{Fen, Product};
use crate::ui::clock::{today, today_date};
use crate::ui::widgets::stock::{history_paces, stock_rows, StockFor, StockTable, PACE_DAYS};
use chrono::Datelike;
use leptos::prelude::*;

#[component]
pub fn MonthStock() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    // the months of the plan's year not over yet
    let months = Memo::new(move |_| {
        let t = today_date();
        ctx.plan.with(|p| {
            p.as_ref()
                .map(|p| {
                    (0..MONTHS)
                        .filter(|&m| month_left(p.year, m, Fen::ZERO, Fen::ZERO, t).is_some())
                        .collect::<Vec<usize>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = RwSignal::new(None::<usize>);
    let month = Memo::new(move |_| {
        let c = chosen.get();
        months.with(|v| c.filter(|m| v.contains(m)).or(v.first().copied()))
    });
    // (days, target, sold, left, the last imported day sold counts; None for a month ahead)
    let left = Memo::new(move |_| {
        let m = month.get()?;
        let t = today_date();
        let (year, target) = ctx.plan.with(|p| {
            p.as_ref()
                .map(|p| (p.year, p.months.get(m).map(|x| x.gmv).unwrap_or_default()))
        })?;
        // sold so far: the month's imported 支付金额 before today, when it has begun
        let begun = t.year() == year && t.month0() as usize == m;
        let (sold, asof) = if begun {
            let first = day_of(t.with_day(1).unwrap_or(t));
            let end = day_of(t);
            ctx.state.metrics.with(|mx| {
                mx.store_days()
                    .iter()
                    .filter(|d| d.day >= first && d.day < end)
                    .fold((Fen::ZERO, None), |(s, _), d| {
                        (Fen(s.0.saturating_add(d.paid_amount.0)), date_of(d.day))
                    })
            })
        } else {
            (Fen::ZERO, None)
        };
        month_left(year, m, target, sold, t)
            .map(|(days, left)| (days, target, sold, left, asof, begun))
    });
    let rows = Memo::new(move |_| {
        let Some((days, _, _, left, _, _)) = left.get() else {
            return Vec::new();
        };
        let window = Period::ending(today() - 1, PACE_DAYS);
        ctx.state.ws.with(|ws| {
            let skus: Vec<&Product> = ws.live_products().take(2_000).collect();
            ctx.state.metrics.with(|m| {
                let history = history_paces(ws, m, &skus);
                // each SKU's average selling price of the window (its list price without sales)
                let price = |x: &Product| {
                    let (amount, units) = m
                        .product_range(&x.item_id, window)
                        .iter()
                        .fold((Fen::ZERO, 0u64), |(a, u), d| {
                            (Fen(a.0.saturating_add(d.paid_amount.0)), u + d.paid_units)
                        });
                    if x.item_id.is_empty() {
                        x.list_price
                    } else {
                        fen_per(amount, units).unwrap_or(x.list_price)
                    }
                };
                stock_rows(
                    ws,
                    &skus,
                    &history,
                    price,
                    |ins| event_units(0, left, ins),
                    days,
                )
            })
        })
    });
    let picker = move || {
        let l = i18n.get_locale();
        let names = month_names(l);
        let current = month.get();
        let opts = months
            .get()
            .into_iter()
            .map(|m| {
                view! { <option value=m.to_string() selected=current == Some(m)>{names.get(m).cloned().unwrap_or_default()}</option> }
            })
            .collect_view();
        view! {
            <label>{td_string!(l, targets.stock_month)}
                <select data-testid="ms-month" on:change=move |e| chosen.set(event_target_value(&e).parse().ok())>{opts}</select>
            </label>
        }
    };
    let summary = move || {
        let l = i18n.get_locale();
        let (days, target, sold, left, asof, begun) = left.get()?;
        let m = month.get()?;
        let name = month_names(l).get(m).cloned().unwrap_or_default();
        let (from, to) = (ymd(days.start), ymd(days.end));
        let line = if begun {
            let asof_text = asof.map(ymd).unwrap_or_else(|| "—".into());
            td_string!(
                l,
                targets.stock_left,
                month = name,
                target = yuan(target),
                sold = yuan(sold),
                asof = asof_text,
                left = yuan(left),
                from = from,
                to = to
            )
            .to_string()
        } else {
            td_string!(
                l,
                targets.stock_ahead,
                month = name,
                target = yuan(target),
                from = from,
                to = to
            )
            .to_string()
        };
        // imported days missing between the last one and yesterday: their sales are not counted
        let yesterday = today_date().pred_opt();
        let stale =
            begun && asof < yesterday && days.start > days.start.with_day(1).unwrap_or(days.start);
        Some(view! {
            <p data-testid="ms-left">{line}</p>
            {stale.then(|| view! { <p class="warn" data-testid="ms-stale">{td_string!(l, targets.stock_stale)}</p> })}
        })
    };
    view! {
        <div class="panel" data-testid="month-stock">
            <h2>{tr!(targets.stock_title)}</h2>
            <p class="muted">{tr!(targets.stock_intro)}</p>
            <Show when=move || months.with(|v| !v.is_empty())
                fallback=move || view! { <p class="muted" data-testid="ms-none">{move || td_string!(i18n.get_locale(), targets.stock_no_month, y = ctx.read(|p| p.year).unwrap_or_default())}</p> }>
                <div class="form-row">{picker}</div>
                {summary}
                <StockTable rows=rows kind=StockFor::Month file="purchase-list-month"/>
            </Show>
        </div>
    }
}
