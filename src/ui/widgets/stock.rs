//! The 备货 table shared by a promotion's stocking panel and the Targets page's stock for a month:
//! per SKU the expected units, what that needs, what to order and by when, and the day it runs
//! out without an order (`core::stocking`). Stock in transit and the lead time are product fields
//! edited in the rows; the safety stock and the default lead time are settings; a stock file
//! (CSV/XLSX) updates many SKUs at once. The purchase list downloads as CSV or XLSX.

use crate::core::format::group_thousands;
use crate::core::metrics::export::{to_csv, CsvCell};
use crate::core::metrics::period::Period;
use crate::core::metrics::MetricsStore;
use crate::core::stocking::{
    parse_stock_file, plan, plan_stock_update, SkuIn, StockFileError, StockLine, StockUpdate,
};
use crate::formats::xlsx::Sheet;
use crate::i18n::*;
use crate::model::date::ymd;
use crate::model::{DateRange, Fen, Product, Workspace};
use crate::ui::clock::{now_ms, today, today_date};
use crate::ui::import_client::read_picked;
use crate::ui::state::AppState;
use crate::ui::widgets::download::{download_text, export_xlsx, XlsxFailed};
use crate::ui::widgets::file_drop::FileDrop;
use leptos::prelude::*;

/// Days of sales the usual pace is read from.
pub const PACE_DAYS: u32 = 28;

/// One SKU's row.
#[derive(Clone, Debug, PartialEq)]
pub struct StockRow {
    pub product: Product,
    /// The unit price the expected units were counted at.
    pub price: Fen,
    /// Units a day at the usual pace (typed, else from history).
    pub pace: f64,
    /// Units a day from the last [`PACE_DAYS`] days' sales.
    pub history: f64,
    /// The lead time used (the product's, else the store's default).
    pub lead: u32,
    pub line: StockLine,
}

/// The usual pace of each SKU from history: its item's units over the last [`PACE_DAYS`] days (to
/// yesterday), shared equally by the item's live SKUs.
pub fn history_paces(ws: &Workspace, m: &MetricsStore, skus: &[&Product]) -> Vec<f64> {
    let window = Period::ending(today() - 1, PACE_DAYS);
    let mut per_item: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in ws.live_products().filter(|p| !p.item_id.is_empty()) {
        *per_item.entry(p.item_id.as_str()).or_default() += 1;
    }
    skus.iter()
        .map(|x| {
            if x.item_id.is_empty() {
                return 0.0;
            }
            let units: u64 = m
                .product_range(&x.item_id, window)
                .iter()
                .map(|d| d.paid_units)
                .sum();
            let n = per_item
                .get(x.item_id.as_str())
                .copied()
                .unwrap_or(1)
                .max(1);
            units as f64 / f64::from(PACE_DAYS) / n as f64
        })
        .collect()
}

/// The pace the plan uses: the team's typed 日均件数, else the history's.
pub fn pace_of(p: &Product, history: f64) -> f64 {
    p.typed_pace_x100.map_or(history, |x| f64::from(x) / 100.0)
}

/// The stocking rows of `skus` for the days `event` as of today: each SKU's pace (typed, else
/// `history`), its lead time and its unit price (`price`); the event's units from `units`
/// (`core::stocking::event_units` with the caller's target); then `core::stocking::plan`.
pub fn stock_rows(
    ws: &Workspace,
    skus: &[&Product],
    history: &[f64],
    price: impl Fn(&Product) -> Fen,
    units: impl FnOnce(&[SkuIn]) -> Vec<u64>,
    event: DateRange,
) -> Vec<StockRow> {
    let ins: Vec<SkuIn> = skus
        .iter()
        .zip(history)
        .map(|(x, &h)| SkuIn {
            stock: x.stock,
            in_transit: x.in_transit,
            lead_days: lead_of(ws, x),
            daily_units: pace_of(x, h),
            price: price(x),
        })
        .collect();
    let lines = plan(
        &ins,
        &units(&ins),
        event,
        today_date(),
        ws.settings.safety_days,
    );
    skus.iter()
        .zip(ins)
        .zip(lines)
        .zip(history)
        .map(|(((x, s), line), &history)| StockRow {
            product: (*x).clone(),
            price: s.price,
            pace: s.daily_units,
            history,
            lead: s.lead_days,
            line,
        })
        .collect()
}

/// The lead time of a product: its own, else the store's default.
pub fn lead_of(ws: &Workspace, p: &Product) -> u32 {
    if p.lead_days > 0 {
        p.lead_days
    } else {
        ws.settings.lead_days
    }
}

/// What the table is for: a promotion's days, or a month of the sales plan (the headings and the
/// run-out words differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StockFor {
    Promotion,
    Month,
}

/// The settings, the stock file, the rows and the purchase list. `file` names the downloads.
#[component]
pub fn StockTable(
    rows: Memo<Vec<StockRow>>,
    kind: StockFor,
    #[prop(into)] file: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let msg = RwSignal::new(None::<String>);
    let file = StoredValue::new(file);
    // a product field typed into a row: a whole number in range, else a message and no change
    let set_field = move |pid: String, transit: bool, e: leptos::ev::Event, old: String| {
        let l = i18n.get_locale_untracked();
        let v = event_target_value(&e);
        let parsed = v.trim().parse::<i64>().ok().filter(|n| {
            if transit {
                (0..=100_000_000).contains(n)
            } else {
                (0..=365).contains(n)
            }
        });
        match parsed {
            Some(n) => {
                msg.set(None);
                state.edit::<Product>(&pid, move |p| {
                    if transit {
                        p.in_transit = n;
                    } else {
                        p.lead_days = n as u32;
                    }
                });
            }
            None => {
                msg.set(Some(
                    td_string!(l, promotions.stock_bad_number, value = v.trim().to_string())
                        .to_string(),
                ));
                event_target::<web_sys::HtmlInputElement>(&e).set_value(&old);
            }
        }
    };
    // a typed 日均件数: up to two decimals, empty = back to the history's
    let set_pace = move |pid: String, e: leptos::ev::Event, old: String| {
        let l = i18n.get_locale_untracked();
        let v = event_target_value(&e);
        match crate::core::stocking::parse_pace(&v) {
            Ok(x) => {
                msg.set(None);
                state.edit::<Product>(&pid, move |p| p.typed_pace_x100 = x);
            }
            Err(_) => {
                msg.set(Some(
                    td_string!(l, promotions.stock_bad_pace, value = v.trim().to_string())
                        .to_string(),
                ));
                event_target::<web_sys::HtmlInputElement>(&e).set_value(&old);
            }
        }
    };
    let set_setting = move |safety: bool, e: leptos::ev::Event| {
        let l = i18n.get_locale_untracked();
        let v = event_target_value(&e);
        match v.trim().parse::<u32>().ok().filter(|n| *n <= 365) {
            Some(n) => {
                msg.set(None);
                state.edit_settings(|s| {
                    if safety {
                        s.safety_days = n
                    } else {
                        s.lead_days = n
                    }
                });
            }
            None => {
                msg.set(Some(
                    td_string!(l, promotions.stock_bad_number, value = v.trim().to_string())
                        .to_string(),
                ));
                let old = state.ws.with_untracked(|ws| {
                    if safety {
                        ws.settings.safety_days
                    } else {
                        ws.settings.lead_days
                    }
                });
                event_target::<web_sys::HtmlInputElement>(&e).set_value(&old.to_string());
            }
        }
    };
    let purchase_rows = move || {
        let l = i18n.get_locale_untracked();
        let mut out = vec![vec![
            CsvCell::Text(td_string!(l, common.col_sku).into()),
            CsvCell::Text(td_string!(l, common.col_item_id).into()),
            CsvCell::Text(td_string!(l, common.col_title).into()),
            CsvCell::Text(td_string!(l, promotions.stock_order).into()),
            CsvCell::Text(td_string!(l, promotions.stock_order_by).into()),
            CsvCell::Text(td_string!(l, promotions.stock_runs_out).into()),
        ]];
        rows.with_untracked(|v| {
            for r in v.iter().filter(|r| r.line.order > 0) {
                out.push(vec![
                    CsvCell::Text(r.product.sku.clone()),
                    CsvCell::Text(r.product.item_id.clone()),
                    CsvCell::Text(r.product.title.clone()),
                    CsvCell::Count(r.line.order),
                    CsvCell::Text(ymd(r.line.order_by)),
                    CsvCell::Text(r.line.runs_out.map(ymd).unwrap_or_default()),
                ]);
            }
        });
        out
    };
    let export = move |_| {
        download_text(
            &format!("{}.csv", file.get_value()),
            &to_csv(&purchase_rows()),
            "text/csv;charset=utf-8",
        );
    };
    let xlsx_failed = RwSignal::new(false);
    let export_x = move |_| {
        let name = td_string!(i18n.get_locale_untracked(), promotions.stock_title).to_string();
        let rows = purchase_rows();
        export_xlsx(
            format!("{}.xlsx", file.get_value()),
            vec![Sheet { name, rows }],
            xlsx_failed,
        );
    };
    let table = move || {
        let l = i18n.get_locale();
        let list = rows.get();
        if list.is_empty() {
            let none = match kind {
                StockFor::Promotion => td_string!(l, promotions.stock_none),
                StockFor::Month => td_string!(l, targets.stock_none),
            };
            return view! { <p class="muted" data-testid="st-none">{none}</p> }.into_any();
        }
        let total_order: u64 = list.iter().map(|r| r.line.order).sum();
        let body = list
            .into_iter()
            .map(|r| {
                let pid = r.product.meta.id.clone();
                let pid2 = pid.clone();
                let transit_old = r.product.in_transit.to_string();
                // 0 = the store's default, shown as the box's placeholder
                let lead_old = if r.product.lead_days == 0 { String::new() } else { r.product.lead_days.to_string() };
                let sku = r.product.sku.clone();
                let pid3 = r.product.meta.id.clone();
                let pace_old = r
                    .product
                    .typed_pace_x100
                    .map(|x| crate::core::format::bp_plain(i64::from(x)))
                    .unwrap_or_default();
                let out = match (r.line.runs_out, r.line.runs_out_in_event, kind) {
                    (Some(d), true, StockFor::Promotion) => td_string!(l, promotions.stock_out_in_event, day = ymd(d)).to_string(),
                    (Some(d), false, StockFor::Promotion) => td_string!(l, promotions.stock_out_before, day = ymd(d)).to_string(),
                    (None, _, StockFor::Promotion) => td_string!(l, promotions.stock_lasts).to_string(),
                    (Some(d), true, StockFor::Month) => td_string!(l, targets.stock_out_in_month, day = ymd(d)).to_string(),
                    (Some(d), false, StockFor::Month) => td_string!(l, targets.stock_out_before, day = ymd(d)).to_string(),
                    (None, _, StockFor::Month) => td_string!(l, targets.stock_lasts).to_string(),
                };
                let late = r.line.late;
                view! {
                    <tr data-testid="st-row" class:warn-row=r.line.runs_out.is_some()>
                        <th scope="row">{sku.clone()}</th>
                        <td class="num">{crate::core::format::yuan(r.price)}</td>
                        <td><input class="narrow" inputmode="decimal" data-testid="st-pace" prop:value=pace_old.clone()
                            aria-label=format!("{sku} {}", td_string!(l, promotions.stock_pace))
                            placeholder=format!("{:.2}", r.history)
                            on:change=move |e| set_pace(pid3.clone(), e, pace_old.clone())/></td>
                        <td class="num" data-testid="st-event">{group_thousands(r.line.event_units)}</td>
                        <td class="num">{r.product.stock}</td>
                        <td><input class="narrow" inputmode="numeric" prop:value=transit_old.clone()
                            aria-label=format!("{sku} {}", td_string!(l, promotions.stock_in_transit))
                            on:change=move |e| set_field(pid.clone(), true, e, transit_old.clone())/></td>
                        <td><input class="narrow" inputmode="numeric" prop:value=lead_old.clone()
                            aria-label=format!("{sku} {}", td_string!(l, promotions.stock_lead))
                            placeholder=r.lead.to_string()
                            on:change=move |e| set_field(pid2.clone(), false, e, lead_old.clone())/></td>
                        <td class="num" data-testid="st-need">{group_thousands(r.line.need)}</td>
                        <td class="num" data-testid="st-order">{group_thousands(r.line.order)}</td>
                        <td data-testid="st-order-by" class:warn=late>{if late { td_string!(l, promotions.stock_late, day = ymd(r.line.order_by)).to_string() } else { ymd(r.line.order_by) }}</td>
                        <td data-testid="st-out" class:warn=r.line.runs_out.is_some()>{out}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, promotions.stock_title)>
                <table class="grid" data-testid="st-table">
                    <thead><tr>
                        <th scope="col">{td_string!(l, common.col_sku)}</th>
                        <th scope="col" class="num">{match kind { StockFor::Promotion => td_string!(l, promotions.stock_price), StockFor::Month => td_string!(l, targets.stock_price) }}</th>
                        <th scope="col">{td_string!(l, promotions.stock_pace)}</th>
                        <th scope="col" class="num">{match kind { StockFor::Promotion => td_string!(l, promotions.stock_event), StockFor::Month => td_string!(l, targets.stock_units) }}</th>
                        <th scope="col" class="num">{td_string!(l, promotions.stock_stock)}</th>
                        <th scope="col">{td_string!(l, promotions.stock_in_transit)}</th>
                        <th scope="col">{td_string!(l, promotions.stock_lead)}</th>
                        <th scope="col" class="num">{td_string!(l, promotions.stock_need)}</th>
                        <th scope="col" class="num">{td_string!(l, promotions.stock_order)}</th>
                        <th scope="col">{td_string!(l, promotions.stock_order_by)}</th>
                        <th scope="col">{td_string!(l, promotions.stock_runs_out)}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot><tr class="total-row">
                        <th scope="row">{td_string!(l, common.col_total)}</th>
                        <td></td><td></td><td></td><td></td><td></td><td></td><td></td>
                        <td class="num" data-testid="st-order-total">{group_thousands(total_order)}</td>
                        <td></td><td></td>
                    </tr></tfoot>
                </table>
            </div>
            <button class="btn" data-testid="st-csv" on:click=export>{td_string!(l, promotions.stock_csv)}</button>
            <button class="btn" data-testid="st-xlsx" on:click=export_x>{td_string!(l, promotions.stock_xlsx)}</button>
        }
        .into_any()
    };
    view! {
        <XlsxFailed failed=xlsx_failed/>
        <div class="form-row">
            <label>{tr!(promotions.stock_safety)}
                <input class="narrow" inputmode="numeric" data-testid="st-safety"
                    prop:value=move || state.ws.with(|ws| ws.settings.safety_days.to_string())
                    on:change=move |e| set_setting(true, e)/>
            </label>
            <label>{tr!(promotions.stock_default_lead)}
                <input class="narrow" inputmode="numeric" data-testid="st-default-lead"
                    prop:value=move || state.ws.with(|ws| ws.settings.lead_days.to_string())
                    on:change=move |e| set_setting(false, e)/>
            </label>
        </div>
        {move || msg.get().map(|m| view! { <p class="error" role="alert" data-testid="st-error">{m}</p> })}
        <StockFile/>
        {table}
    }
}

/// A stock file waiting for the user's yes.
#[derive(Clone)]
struct PendingStock {
    name: String,
    update: StockUpdate,
}

fn stock_error_text(l: Locale, e: &StockFileError) -> String {
    match e {
        StockFileError::NoHeader => td_string!(l, promotions.stock_file_no_header).to_string(),
        StockFileError::NoRows => td_string!(l, promotions.stock_file_no_rows).to_string(),
        StockFileError::BadRows { rows, total } => {
            let rows = rows
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            td_string!(l, promotions.stock_file_bad_rows, n = *total, rows = rows).to_string()
        }
    }
}

/// Stock on hand, in transit and lead times for many SKUs at once, from a CSV or XLSX file (商家编码
/// or 商品ID, 库存, 在途, 采购周期): a preview, then one undoable change.
#[component]
fn StockFile() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let msg = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<PendingStock>);
    let on_file = move |f: web_sys::File| {
        let l = i18n.get_locale_untracked();
        msg.set(None);
        done.set(None);
        pending.set(None);
        let name = f.name();
        read_picked(f, l, msg, move |table| {
            let rows = match parse_stock_file(&table) {
                Ok(r) => r,
                Err(e) => return msg.set(Some(stock_error_text(l, &e))),
            };
            let update = state
                .ws
                .with_untracked(|ws| plan_stock_update(&rows, &ws.products, now_ms()));
            pending.set(Some(PendingStock { name, update }));
        });
    };
    let confirm = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let n = p.update.products.len();
        state.commit_kind(p.update.products);
        pending.set(None);
        done.set(Some(
            td_string!(l, promotions.stock_file_done, n = n, name = p.name).to_string(),
        ));
    };
    let preview = move || {
        let p = pending.get()?;
        let l = i18n.get_locale();
        let u = &p.update;
        Some(view! {
            <div class="panel" data-testid="st-file-preview" aria-live="polite">
                <p>{td_string!(l, promotions.stock_file_preview, name = p.name.clone(), n = u.products.len(), same = u.unchanged)}</p>
                {(!u.unmatched.is_empty()).then(|| view! {
                    <p class="warn" data-testid="st-file-unmatched">{td_string!(l, promotions.stock_file_unmatched, n = u.unmatched.len(), keys = u.unmatched.join(", "))}</p>
                })}
                <button class="btn primary" data-testid="st-file-confirm" on:click=confirm>{td_string!(l, common.settle_confirm)}</button>
                <button class="btn" data-testid="st-file-cancel" on:click=move |_| pending.set(None)>{td_string!(l, common.settle_cancel)}</button>
            </div>
        })
    };
    view! {
        <details class="st-file no-print" data-testid="st-file">
            <summary>{tr!(promotions.stock_file_title)}</summary>
            <p class="muted">{tr!(promotions.stock_file_hint)}</p>
            <FileDrop accept=".csv,.txt,.xlsx,.xls" zone_testid="st-file-drop" input_testid="st-file-input"
                hint=move || tr!(promotions.stock_file_drop) on_file=on_file/>
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="st-file-error">{m}</div> })}
            {move || done.get().map(|m| view! { <div class="banner ok" role="status" data-testid="st-file-done">{m}</div> })}
            {preview}
        </details>
    }
}
