//! Data view, metrics part: import 生意参谋 / 万相台 / 直通车 exports through the worker, with a
//! progress bar and cancel, a mapping preview the user can correct (remembered per layout),
//! unknown products offered to the catalog, a size check before anything is written, and the
//! new / updated / unchanged counts after.

use crate::core::format::{group_thousands, yuan};
use crate::core::metrics::period::ymd;
use crate::core::metrics::store::{MetricsBatch, STORAGE_BUDGET_UNITS};
use crate::core::metrics::totals::{file_totals, Amount, TotalMetric, TotalRow};
use crate::formats::import::{
    choose_column, column_letter, duplicate_headers, Field, ImportBatch, ImportError, Mapping,
};
use crate::i18n::*;
use crate::model::{Product, ProductStatus, Record};
use crate::ui::import_client::{self, Job, WorkerMsg};
use crate::ui::state::{new_id, now_ms, AppState};
use crate::ui::text::{self, dyn_bool};
use crate::ui::widgets::file_drop::FileDrop;
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

fn total_name(l: Locale, m: TotalMetric) -> &'static str {
    match m {
        TotalMetric::Visitors => td_string!(l, data.total_visitors),
        TotalMetric::PayingBuyers => td_string!(l, data.total_paying_buyers),
        TotalMetric::PaidUnits => td_string!(l, data.total_paid_units),
        TotalMetric::PaidAmount => td_string!(l, data.total_paid_amount),
        TotalMetric::RefundAmount => td_string!(l, data.total_refund_amount),
        TotalMetric::Impressions => td_string!(l, data.total_impressions),
        TotalMetric::Clicks => td_string!(l, data.total_clicks),
        TotalMetric::Spend => td_string!(l, data.total_spend),
        TotalMetric::AdSales => td_string!(l, data.total_ad_sales),
    }
}

/// An exact figure: "12,345" or "¥38,214.50".
fn amount(a: Amount) -> String {
    match a {
        Amount::Count(n) => group_thousands(n),
        Amount::Money(f) => yuan(f),
    }
}

/// File minus stored, signed ("+1,200", "−¥3.00", "0").
fn difference(r: &TotalRow) -> String {
    let (d, money) = match (r.file, r.stored) {
        (Amount::Count(a), Amount::Count(b)) => (i128::from(a) - i128::from(b), false),
        (Amount::Money(a), Amount::Money(b)) => (i128::from(a.0) - i128::from(b.0), true),
        _ => (0, false),
    };
    let sign = if d > 0 {
        "+"
    } else if d < 0 {
        "−"
    } else {
        ""
    };
    let abs = i64::try_from(d.unsigned_abs()).unwrap_or(i64::MAX);
    if money {
        format!("{sign}{}", yuan(crate::model::Fen(abs)))
    } else {
        format!("{sign}{}", group_thousands(abs.unsigned_abs()))
    }
}

/// Rows shown from the top of the file.
const FIRST_ROWS: usize = 5;

/// The first rows of the file as the app read them (day, key, the summed facts), so a column
/// read wrongly shows before anything is stored.
fn first_rows(l: Locale, b: &ImportBatch) -> Option<AnyView> {
    let num = |s: String| view! { <td class="num">{s}</td> };
    let (head, rows): (Vec<&'static str>, Vec<AnyView>) = if !b.store_days.is_empty() {
        (
            vec![td_string!(l, data.rows_day), td_string!(l, data.total_visitors), td_string!(l, data.total_paying_buyers),
                td_string!(l, data.total_paid_units), td_string!(l, data.total_paid_amount), td_string!(l, data.total_refund_amount)],
            b.store_days.iter().take(FIRST_ROWS).map(|d| view! {
                <tr data-testid="metrics-first-row"><td>{ymd(d.day)}</td>{num(group_thousands(d.visitors))}{num(group_thousands(d.paying_buyers))}
                    {num(group_thousands(d.paid_units))}{num(yuan(d.paid_amount))}{num(yuan(d.refund_amount))}</tr>
            }.into_any()).collect(),
        )
    } else if !b.product_days.is_empty() {
        (
            vec![td_string!(l, data.rows_day), td_string!(l, data.rows_item), td_string!(l, data.total_visitors),
                td_string!(l, data.total_paying_buyers), td_string!(l, data.total_paid_units), td_string!(l, data.total_paid_amount)],
            b.product_days.iter().take(FIRST_ROWS).map(|d| view! {
                <tr data-testid="metrics-first-row"><td>{ymd(d.day)}</td><td>{d.item_id.clone()}</td>{num(group_thousands(d.visitors))}
                    {num(group_thousands(d.paying_buyers))}{num(group_thousands(d.paid_units))}{num(yuan(d.paid_amount))}</tr>
            }.into_any()).collect(),
        )
    } else if !b.ad_days.is_empty() {
        (
            vec![td_string!(l, data.rows_day), td_string!(l, data.rows_plan), td_string!(l, data.rows_item), td_string!(l, data.total_impressions),
                td_string!(l, data.total_clicks), td_string!(l, data.total_spend), td_string!(l, data.total_ad_sales)],
            b.ad_days.iter().take(FIRST_ROWS).map(|d| view! {
                <tr data-testid="metrics-first-row"><td>{ymd(d.day)}</td><td>{d.plan_name.clone()}</td><td>{d.item_id.clone()}</td>
                    {num(group_thousands(d.impressions))}{num(group_thousands(d.clicks))}{num(yuan(d.spend))}{num(yuan(d.total_amount))}</tr>
            }.into_any()).collect(),
        )
    } else {
        return None;
    };
    let title = td_string!(l, data.rows_title, n = rows.len()).to_string();
    // the first figure column: after the day (store), the day and item (products), or the day,
    // plan and item (ads)
    let first_num = if !b.store_days.is_empty() {
        1
    } else if !b.product_days.is_empty() {
        2
    } else {
        3
    };
    let label = title.clone();
    Some(
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=label>
                <table class="grid compact" data-testid="metrics-first-rows">
                    <caption>{title}</caption>
                    <thead><tr>{head.into_iter().enumerate().map(|(i, h)| {
                        let right = i >= first_num;
                        view! { <th scope="col" class:num=right>{h}</th> }
                    }).collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any(),
    )
}

/// The file's totals beside what is stored on the same days (nothing for an empty file).
fn totals_table(l: Locale, rows: &[TotalRow]) -> Option<AnyView> {
    if rows.is_empty() {
        return None;
    }
    let body = rows
        .iter()
        .map(|r| {
            view! {
                <tr data-testid="metrics-total" data-metric=format!("{:?}", r.metric)>
                    <th scope="row">{total_name(l, r.metric)}</th>
                    <td class="num" data-testid="total-file">{amount(r.file)}</td>
                    <td class="num" data-testid="total-stored">{amount(r.stored)}</td>
                    <td class="num" data-testid="total-diff">{difference(r)}</td>
                </tr>
            }
        })
        .collect_view();
    Some(
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, data.totals_title)>
                <table class="grid compact" data-testid="metrics-totals">
                    <caption>{td_string!(l, data.totals_title)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(l, data.totals_metric)}</th>
                        <th scope="col" class="num">{td_string!(l, data.totals_file)}</th>
                        <th scope="col" class="num">{td_string!(l, data.totals_stored)}</th>
                        <th scope="col" class="num">{td_string!(l, data.totals_diff)}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <p class="muted">{td_string!(l, data.totals_hint)}</p>
        }
        .into_any(),
    )
}

#[derive(Clone)]
struct Preview {
    name: String,
    mapping: Mapping,
    /// Shared: the preview is cloned on every render, the 100,000 records need not be.
    batch: Arc<ImportBatch>,
    /// Items in the file that the catalog does not have.
    unknown: Vec<(String, String)>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Imported {
        new: usize,
        updated: usize,
        unchanged: usize,
    },
    TooLarge {
        needed: usize,
        budget: usize,
    },
    ItemsAdded(usize),
}

#[component]
pub fn MetricsImport() -> impl IntoView {
    let state = expect_context::<AppState>();
    // the refund check's tolerance, a setting (read when a file is read and when it is worded)
    let refund_now = move || {
        state.ws.with_untracked(|w| {
            crate::formats::import::RefundTolerance::new(
                i64::from(w.settings.refund_tolerance_pct),
                w.settings.refund_tolerance_min.0,
            )
        })
    };
    let i18n = use_i18n();
    let job = StoredValue::new_local(None::<Job>);
    // The chosen file (the worker reads it; kept for reading again with a corrected mapping).
    let file = StoredValue::new_local(None::<(String, web_sys::File)>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let preview = RwSignal::new(None::<Preview>);
    let edited = RwSignal::new(None::<Mapping>);
    let error = RwSignal::new(None::<ImportError>);
    let worker_failed = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    // A re-run requested from inside the worker callback (which cannot call `run` itself).
    let rerun = RwSignal::new(None::<Mapping>);
    // The user changed a column's meaning and read the file again.
    let corrected = RwSignal::new(false);
    // The column mapping was opened: its table (a menu of every meaning for every column, 600+
    // options for a 生意参谋 export) is built only from then on, not with every preview. Never
    // reset: a new preview may keep the same, still open, <details> element.
    let mapping_open = RwSignal::new(false);
    // The user ticked "我已核对这些行，仍要导入" for the rows that break a relation (issue 18).
    let ack = RwSignal::new(false);

    let stop = move || {
        if let Some(Some(j)) = job.try_update_value(|j| j.take()) {
            j.cancel();
        }
        progress.set(None);
    };

    // Run (or re-run with a corrected mapping) the worker on the remembered bytes.
    let run = move |mapping: Option<Mapping>| {
        stop();
        error.set(None);
        worker_failed.set(false);
        outcome.set(None);
        let Some((name, data)) = file.get_value() else {
            return;
        };
        progress.set(Some((0, 0)));
        let first_try = mapping.is_none();
        let on_msg = move |msg: Option<WorkerMsg>| match msg {
            Some(WorkerMsg::Progress { done, total, .. }) => progress.set(Some((done, total))),
            Some(WorkerMsg::Result {
                name,
                mapping,
                batch,
            }) => {
                stop();
                // A layout the user corrected before: read again with their meanings.
                let remembered = state
                    .prefs
                    .with_untracked(|p| p.mappings.get(&mapping.signature()).cloned());
                if let Some(r) = remembered.filter(|r| first_try && *r != mapping) {
                    let mut m = mapping.clone();
                    if m.adopt(&r) {
                        rerun.set(Some(m));
                        return;
                    }
                }
                let known: BTreeSet<String> = state.ws.with_untracked(|ws| {
                    ws.live_products()
                        .map(|p| p.item_id.clone())
                        .filter(|i| !i.is_empty())
                        .collect()
                });
                let unknown = batch
                    .items
                    .iter()
                    .filter(|(id, _)| !known.contains(id))
                    .cloned()
                    .collect();
                edited.set(Some(mapping.clone()));
                ack.set(false);
                preview.set(Some(Preview {
                    name,
                    mapping,
                    batch: Arc::from(batch),
                    unknown,
                }));
            }
            Some(WorkerMsg::Error { error: e }) => {
                stop();
                preview.set(None);
                error.set(Some(e));
            }
            Some(WorkerMsg::Ready) => {}
            None => {
                stop();
                worker_failed.set(true);
            }
        };
        match import_client::start(&name, &data, mapping.as_ref(), refund_now(), on_msg) {
            Ok(j) => job.set_value(Some(j)),
            Err(_) => {
                progress.set(None);
                worker_failed.set(true);
            }
        }
    };
    Effect::new(move |_| {
        if let Some(m) = rerun.get() {
            rerun.set(None);
            run(Some(m));
        }
    });

    // The worker starts at once and reads the file itself (a file that can't be read is its
    // NotText error).
    let take_file = move |f: web_sys::File| {
        corrected.set(false);
        preview.set(None);
        file.set_value(Some((f.name(), f)));
        run(None);
    };
    let apply = move |_| {
        let Some(p) = preview.get_untracked() else {
            return;
        };
        // Rows that break a relation are stored only once the user has checked them.
        if p.batch.needs_ack() && !ack.get_untracked() {
            return;
        }
        let batch = MetricsBatch {
            store: p.batch.store_days.clone(),
            products: p.batch.product_days.clone(),
            ads: p.batch.ad_days.clone(),
        };
        let fits = state
            .metrics
            .with_untracked(|m| m.check_fits(&batch, STORAGE_BUDGET_UNITS));
        match fits {
            Err(t) => outcome.set(Some(Outcome::TooLarge {
                needed: t.needed_units,
                budget: t.budget_units,
            })),
            Ok(_) => {
                let r = state.import_metrics(batch);
                let sum = |f: fn(&crate::core::metrics::store::KindReport) -> usize| {
                    f(&r.store) + f(&r.products) + f(&r.ads)
                };
                outcome.set(Some(Outcome::Imported {
                    new: sum(|k| k.new),
                    updated: sum(|k| k.updated),
                    unchanged: sum(|k| k.unchanged),
                }));
                // Remember the mapping the file was read with when the user corrected it (or a
                // remembered one was used): the same layout then reads the same way next time.
                let remembered = state
                    .prefs
                    .with_untracked(|pr| pr.mappings.contains_key(&p.mapping.signature()));
                if corrected.get_untracked() || remembered {
                    let m = p.mapping.clone();
                    state.edit_prefs(|pr| {
                        pr.mappings.insert(m.signature(), m);
                    });
                }
                preview.set(None);
            }
        }
    };

    let add_unknown = move |_| {
        let Some(p) = preview.get_untracked() else {
            return;
        };
        let now = now_ms();
        let new: Vec<Product> = p
            .unknown
            .iter()
            .map(|(id, name)| {
                let mut q = Product::new(new_id(), now);
                q.item_id = id.clone();
                q.title = name.clone();
                q.status = ProductStatus::Draft;
                q.bump(now);
                q
            })
            .collect();
        let n = new.len();
        state.commit_products(new);
        preview.update(|p| {
            if let Some(p) = p {
                p.unknown.clear();
            }
        });
        outcome.set(Some(Outcome::ItemsAdded(n)));
    };

    view! {
        <div class="panel" data-testid="metrics-import">
            <h2>{tr!(data.metrics_import_title)}</h2>
            <p class="muted">{tr!(data.metrics_import_hint)}</p>
            <FileDrop accept=".csv,.txt,.xlsx,.xls" zone_testid="metrics-dropzone" input_testid="metrics-file"
                hint=tr!(data.metrics_drop_hint) on_file=take_file/>
            {move || progress.get().map(|(done, total)| {
                let pct = (done * 100).checked_div(total).unwrap_or(0);
                view! {
                    <div class="progress-row" data-testid="metrics-progress">
                        <span>{tr!(data.parsing)}</span>
                        <div class="meter"><div class="meter-fill" style=format!("width:{pct}%")></div></div>
                        <span class="muted">{td_string!(i18n.get_locale(), data.parse_progress, done = done, total = total).to_string()}</span>
                        <button class="btn ghost" data-testid="metrics-cancel" on:click=move |_| { stop(); error.set(Some(ImportError::Cancelled)) }>{tr!(data.cancel_import)}</button>
                    </div>
                }
            })}
            <Show when=move || worker_failed.get()>
                <div class="banner error" role="alert">{tr!(data.worker_failed)}</div>
            </Show>
            {move || error.get().map(|e| {
                let l = i18n.get_locale();
                let rows = match &e {
                    ImportError::Rows { errors, .. } => errors.iter().map(|r| view! { <li>{text::row_error(l, r)}</li> }).collect_view().into_any(),
                    _ => ().into_any(),
                };
                view! {
                    <div class="banner error" role="alert" data-testid="metrics-error">
                        <div>{text::import_error(l, &e)}</div>
                        <ul class="field-errors">{rows}</ul>
                        <div class="muted">{tr!(data.import_nothing_changed)}</div>
                    </div>
                }
            })}
            {move || outcome.get().map(|o| {
                let l = i18n.get_locale();
                match o {
                    Outcome::Imported { new, updated, unchanged } => view! {
                        <div class="banner ok" data-testid="metrics-done">{td_string!(l, data.metrics_imported, new = new, updated = updated, unchanged = unchanged).to_string()}</div>
                    }.into_any(),
                    Outcome::TooLarge { needed, budget } => view! {
                        <div class="banner error" role="alert" data-testid="metrics-too-large">{td_string!(l, data.too_large_for_storage, needed = needed, budget = budget).to_string()}</div>
                    }.into_any(),
                    Outcome::ItemsAdded(n) => view! {
                        <div class="banner ok">{td_string!(l, data.import_done, n = n).to_string()}</div>
                    }.into_any(),
                }
            })}
            {move || preview.get().map(|p| {
                let l = i18n.get_locale();
                let b = &p.batch;
                let warning_count = b.warning_count;
                let range = match (b.first_day, b.last_day) {
                    (Some(a), Some(z)) => td_string!(l, data.batch_summary, from = ymd(a), to = ymd(z), rows = b.len()).to_string(),
                    _ => String::new(),
                };
                let unknown = p.unknown.clone();
                let has_unknown = !unknown.is_empty();
                let mapping = p.mapping.clone();
                view! {
                    <div class="preview" data-testid="metrics-preview">
                        <p><strong>{p.name.clone()}</strong> " · "
                            <span data-testid="metrics-kind">{td_string!(l, data.detected_kind, kind = text::file_kind(l, mapping.kind), row = mapping.header_row).to_string()}</span></p>
                        <p data-testid="metrics-range">{range}</p>
                        <p class="muted">{td_string!(l, data.batch_skipped, totals = b.skipped_total_rows, dups = b.duplicate_count, empty = b.empty_values).to_string()}</p>
                        {first_rows(l, b)}
                        {
                            // its own closure: a change of the stored data redraws this table, not the preview
                            let batch = p.batch.clone();
                            move || {
                                let l = i18n.get_locale();
                                let rows = state.metrics.with(|m| file_totals(&batch.store_days, &batch.product_days, &batch.ad_days, m));
                                totals_table(l, &rows)
                            }
                        }
                        <Show when={let n = b.warning_count; move || n > 0}>
                            <p class="muted">{td_string!(l, data.batch_warnings, n = warning_count).to_string()}</p>
                        </Show>
                        {(b.formula_cells > 0).then(|| view! {
                            <p class="muted" data-testid="metrics-formulas">{td_string!(l, data.formula_count, n = b.formula_cells).to_string()}</p>
                        })}
                        {(b.relation_count > 0).then(|| {
                            let shown = b.relations.len();
                            let more = (b.relation_count > shown).then(|| td_string!(l, data.check_more, shown = shown).to_string());
                            view! {
                                <div class="banner warn import-check" role="alert" data-testid="metrics-relations">
                                    <h3>{td_string!(l, data.check_title, n = b.relation_count).to_string()}</h3>
                                    <ul class="check-list">
                                        {b.relations.iter().map(|w| view! { <li>{text::relation_warning(l, w, refund_now())}</li> }).collect_view()}
                                    </ul>
                                    {more.map(|m| view! { <p class="muted">{m}</p> })}
                                    <label class="ack">
                                        <input type="checkbox" data-testid="metrics-ack"
                                            prop:checked=dyn_bool(move || ack.get())
                                            on:change=move |e| ack.set(event_target_checked(&e))/>
                                        <span>{tr!(data.check_ack)}</span>
                                    </label>
                                    <Show when=move || !ack.get()>
                                        <p class="muted">{tr!(data.check_ack_needed)}</p>
                                    </Show>
                                </div>
                            }
                        })}
                        {
                            let dups = duplicate_headers(&p.mapping);
                            (!dups.is_empty()).then(|| {
                                let lines = dups.iter().map(|g| {
                                    let cols = g.columns.iter().map(|&c| column_letter(c)).collect::<Vec<_>>().join(", ");
                                    view! { <li>{td_string!(l, data.duplicate_line, header = g.header.clone(), cols = cols).to_string()}</li> }
                                }).collect_view();
                                let choices = dups.iter().enumerate().filter(|(_, g)| g.field != Field::Ignore).map(|(k, g)| {
                                    let id = format!("dup-field-{k}");
                                    let group = g.clone();
                                    let base = p.mapping.clone();
                                    view! {
                                        <div class="dup-choice">
                                            <label for=id.clone()>{td_string!(l, data.duplicate_choose, header = g.header.clone(), field = text::field(l, g.field)).to_string()}</label>
                                            <select id=id on:change=move |e| {
                                                let Ok(col) = event_target_value(&e).parse::<usize>() else { return };
                                                let mut m = base.clone();
                                                if choose_column(&mut m, &group, col) {
                                                    corrected.set(true);
                                                    edited.set(Some(m.clone()));
                                                    run(Some(m));
                                                }
                                            }>
                                                {g.columns.iter().map(|&c| {
                                                    let sel = g.chosen == Some(c);
                                                    view! { <option value=c.to_string() selected=sel>{td_string!(l, data.duplicate_col_option, letter = column_letter(c), n = c + 1).to_string()}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                    }
                                }).collect_view();
                                view! {
                                    <div class="banner warn import-check" data-testid="metrics-duplicates">
                                        <h3>{tr!(data.duplicate_title)}</h3>
                                        <ul class="check-list">{lines}</ul>
                                        {choices}
                                    </div>
                                }
                            })
                        }
                        <Show when=move || has_unknown>
                            <div class="banner warn" data-testid="metrics-unknown">
                                <span>{td_string!(l, data.unknown_items, n = unknown.len()).to_string()}</span>
                                <span class="muted">{unknown.iter().take(8).map(|(id, n)| format!("{id} {n}")).collect::<Vec<_>>().join(td_string!(l, common.list_separator))}</span>
                                <button class="btn" on:click=add_unknown>{tr!(data.add_unknown_items)}</button>
                            </div>
                        </Show>
                        <details class="mapping" on:toggle=move |e| {
                            let open = e.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                            if open == Some(true) && !mapping_open.get_untracked() {
                                mapping_open.set(true);
                            }
                        }>
                            <summary>{tr!(data.mapping_title)}</summary>
                            {move || mapping_open.get().then(|| {
                                let keys: Vec<String> = Field::ALL.iter().map(|x| field_key(*x)).collect();
                                view! {
                                    <table class="grid small-grid" data-testid="mapping-table">
                                        <thead><tr><th>{tr!(data.mapping_col_header)}</th><th>{tr!(data.mapping_col_field)}</th></tr></thead>
                                        <tbody>
                                            {mapping.columns.iter().enumerate().map(|(i, (h, f))| {
                                                let current = *f;
                                                let keys2 = keys.clone();
                                                view! {
                                                    <tr>
                                                        <td>{h.clone()}</td>
                                                        <td>
                                                            <select on:change=move |e| {
                                                                let v = event_target_value(&e);
                                                                let nf = Field::ALL.iter().zip(&keys2).find(|(_, k)| **k == v).map_or(Field::Ignore, |(x, _)| *x);
                                                                edited.update(|m| if let Some(m) = m { if let Some(c) = m.columns.get_mut(i) { c.1 = nf; } });
                                                            }>
                                                                {Field::ALL.iter().zip(&keys).map(|(x, k)| {
                                                                    let sel = *x == current;
                                                                    view! { <option value=k.clone() selected=sel>{text::field(l, *x)}</option> }
                                                                }).collect_view()}
                                                            </select>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }
                            })}
                            <button class="btn" data-testid="reapply-mapping" on:click=move |_| { corrected.set(true); run(edited.get_untracked()) }>{tr!(data.reapply_mapping)}</button>
                        </details>
                        <div class="row-gap">
                            <button class="btn primary" data-testid="metrics-apply" on:click=apply
                                title=tr!(data.mapping_unapplied)
                                disabled=dyn_bool(move || edited.get() != preview.with(|p| p.as_ref().map(|p| p.mapping.clone()))
                                    || (preview.with(|p| p.as_ref().is_some_and(|p| p.batch.needs_ack())) && !ack.get()))>{tr!(data.import_metrics)}</button>
                            <button class="btn ghost" on:click=move |_| preview.set(None)>{tr!(common.cancel)}</button>
                        </div>
                    </div>
                }
            })}
        </div>
    }
}

/// A field's stable key (its serde name) for the `<select>` values.
fn field_key(f: Field) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
