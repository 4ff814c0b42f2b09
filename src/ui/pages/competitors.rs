//! 竞品 (/competitors, issue 17 §1): the competitor items the team watches, matched to our SKUs;
//! snapshots typed in a grid for a day or imported from a competitor log (CSV, GBK; a preview
//! before anything is stored); per pair the price gap against our 到手价 after promotions and the
//! sales gap over time (chart and table), and alerts when a competitor's latest price is below
//! ours. Items and snapshots are shared records (`CompetitorEntry`: undo, plan files, merge);
//! the figures come from `core::competitors` on the fly.

use crate::core::competitors::{
    column_map, pairs, parse, plan_import, ColumnMap, ImportPlan, LogError, LogField, Pair,
    RowProblem,
};
use crate::core::format::yuan;
use crate::i18n::*;
use crate::model::competitor::{
    item_id, snap_id, CompKind, CompetitorEntry, MAX_COUNT, MAX_LINK, MAX_NAME, MAX_NOTE,
};
use crate::model::date::{parse_ymd, ymd};
use crate::model::{Fen, Record};
use crate::store;
use crate::ui::clock::{now_ms, today_date};
use crate::ui::facts::RESERVE_UNITS;
use crate::ui::import_client::read_picked;
use crate::ui::state::AppState;
use crate::ui::widgets::chart::{LineChart, LineData, Series};
use crate::ui::widgets::figure::{fmt_yuan_en, fmt_yuan_zh};
use crate::ui::widgets::file_drop::FileDrop;
use leptos::prelude::*;
use std::collections::HashMap;

fn money(f: Option<Fen>) -> String {
    f.map_or_else(|| "—".to_string(), yuan)
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

fn signed(n: Option<i64>, as_money: bool) -> String {
    match n {
        None => "—".to_string(),
        Some(v) if as_money => {
            let s = yuan(Fen(v));
            if v > 0 {
                format!("+{s}")
            } else {
                s
            }
        }
        Some(v) if v > 0 => format!("+{v}"),
        Some(v) => v.to_string(),
    }
}

fn error_text(l: Locale, e: &LogError) -> String {
    match e {
        LogError::NoHeader => td_string!(l, competitors.err_header).to_string(),
        LogError::NoRows => td_string!(l, competitors.err_empty).to_string(),
        LogError::BadRows { listed, total } => {
            let rows = listed
                .iter()
                .map(|p| match p {
                    RowProblem::BadDate { row } => td_string!(l, competitors.bad_date, row = *row),
                    RowProblem::BadPrice { row } => {
                        td_string!(l, competitors.bad_price, row = *row)
                    }
                    RowProblem::BadCount { row } => {
                        td_string!(l, competitors.bad_count, row = *row)
                    }
                    RowProblem::NoName { row } => td_string!(l, competitors.bad_name, row = *row),
                })
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(td_string!(l, common.list_separator));
            td_string!(l, common.settle_err_rows, n = *total, rows = rows).to_string()
        }
    }
}

/// Whether `records` fit in storage next to what is there (the save loop would otherwise hit the
/// quota after the fact): the message when not.
fn check_fits(state: AppState, records: &[CompetitorEntry], l: Locale) -> Result<(), String> {
    let b = state.backend();
    let used = store::used_chars(b.as_ref());
    let add: usize = records
        .iter()
        .map(|r| serde_json::to_string(r).map_or(0, |s| s.encode_utf16().count() + 1))
        .sum();
    if used + add + RESERVE_UNITS > store::LIMIT_CHARS {
        let limit = (store::LIMIT_CHARS - RESERVE_UNITS) / 1024;
        return Err(td_string!(
            l,
            common.settle_err_size,
            need = (used + add) / 1024,
            limit = limit
        )
        .to_string());
    }
    Ok(())
}

#[derive(Clone)]
struct Pending {
    name: String,
    plan: ImportPlan,
    /// Which column each field is read from, and the columns not read.
    columns: ColumnMap,
}

/// The preview's line on the columns: "日期 ←「统计日期」, 价格 ←「到手价」…; 未使用：…".
fn columns_text(l: Locale, ColumnMap { read, unread }: &ColumnMap) -> String {
    let field = |f: LogField| match f {
        LogField::Day => td_string!(l, common.competitors_day),
        LogField::Store => td_string!(l, competitors.store),
        LogField::Name => td_string!(l, common.competitors_item),
        LogField::Sku => td_string!(l, competitors.col_sku),
        LogField::Link => td_string!(l, competitors.link),
        LogField::Ours => td_string!(l, competitors.ours),
        LogField::Price => td_string!(l, competitors.price),
        LogField::Sales => td_string!(l, common.competitors_sales),
        LogField::Favs => td_string!(l, competitors.favs),
        LogField::Activity => td_string!(l, common.competitors_activity),
    };
    let sep = td_string!(l, common.comma);
    let map = read
        .iter()
        .map(|(f, h)| format!("{} ← “{h}”", field(*f)))
        .collect::<Vec<_>>()
        .join(sep);
    let mut out = td_string!(l, competitors.columns, map = map).to_string();
    if !unread.is_empty() {
        out.push_str(&td_string!(
            l,
            competitors.columns_unread,
            cols = unread.join(sep)
        ));
    }
    out
}

/// The grid's typed cells for one item: price, monthly sales, favourites, activity.
type Draft = HashMap<String, [String; 4]>;

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let msg = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<Pending>);
    let day = RwSignal::new(ymd(today_date()));
    let draft = RwSignal::new(Draft::new());
    let chosen = RwSignal::new(None::<String>);
    let new_name = RwSignal::new(String::new());
    let new_store = RwSignal::new(String::new());
    let new_link = RwSignal::new(String::new());
    let new_product = RwSignal::new(String::new());

    let all = Memo::new(move |_| {
        state.ws.with(|ws| {
            state.metrics.with(|m| {
                pairs(
                    &ws.competitors,
                    &ws.products,
                    &ws.promotions,
                    m,
                    ws.settings.store_wide_base,
                )
            })
        })
    });
    let products = Memo::new(move |_| {
        state.ws.with(|ws| {
            ws.live::<crate::model::Product>()
                .map(|p| (p.id().to_string(), format!("{} {}", p.sku, p.title)))
                .collect::<Vec<_>>()
        })
    });

    let add_item = move |_| {
        let l = i18n.get_locale_untracked();
        msg.set(None);
        done.set(None);
        let name = new_name.get_untracked().trim().to_string();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return msg.set(Some(
                td_string!(l, competitors.err_name, n = MAX_NAME).to_string(),
            ));
        }
        let link = new_link.get_untracked().trim().to_string();
        if link.chars().count() > MAX_LINK {
            return msg.set(Some(
                td_string!(l, competitors.err_link, n = MAX_LINK).to_string(),
            ));
        }
        let store: String = new_store
            .get_untracked()
            .trim()
            .chars()
            .take(MAX_NAME)
            .collect();
        let id = item_id(&store, &name);
        let old = state
            .ws
            .with_untracked(|ws| ws.get::<CompetitorEntry>(&id).cloned());
        let mut it = match old {
            Some(o) if !o.meta.deleted => {
                return msg.set(Some(
                    td_string!(l, competitors.err_exists, name = name).to_string(),
                ))
            }
            // added again after a delete: a new revision of the tombstone
            Some(mut o) => {
                o.meta.deleted = false;
                o.entry = CompKind::Item;
                o
            }
            None => CompetitorEntry::item(id, now_ms(), name.clone()),
        };
        it.name = name.clone();
        it.store = store;
        it.link = link;
        it.product = new_product.get_untracked();
        it.bump(now_ms());
        state.commit_kind(vec![it]);
        new_name.set(String::new());
        new_store.set(String::new());
        new_link.set(String::new());
        done.set(Some(
            td_string!(l, competitors.added, name = name).to_string(),
        ));
    };

    let save_grid = move |_| {
        let l = i18n.get_locale_untracked();
        msg.set(None);
        done.set(None);
        let Some(d) = parse_ymd(&day.get_untracked()).filter(|d| {
            use chrono::Datelike;
            (2000..=2100).contains(&d.year())
        }) else {
            return msg.set(Some(td_string!(l, common.competitors_err_day).to_string()));
        };
        let typed = draft.get_untracked();
        let now = now_ms();
        let mut errors = Vec::new();
        let mut out = Vec::new();
        state.ws.with_untracked(|ws| {
            for it in ws
                .live::<CompetitorEntry>()
                .filter(|e| e.entry == CompKind::Item)
            {
                let Some(cells) = typed.get(it.id()) else {
                    continue;
                };
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let price = Fen::parse_yuan(&cells[0]).filter(|f| f.0 > 0);
                let num = |s: &str| -> Result<Option<u64>, ()> {
                    let s = s.trim().replace(',', "");
                    if s.is_empty() {
                        return Ok(None);
                    }
                    s.parse::<u64>()
                        .ok()
                        .filter(|n| *n <= MAX_COUNT)
                        .map(Some)
                        .ok_or(())
                };
                let (Some(price), Ok(sales), Ok(favs)) = (price, num(&cells[1]), num(&cells[2]))
                else {
                    errors.push(it.name.clone());
                    continue;
                };
                let id = snap_id(it.id(), d);
                let old = ws.get::<CompetitorEntry>(&id);
                let mut s = old
                    .cloned()
                    .unwrap_or_else(|| CompetitorEntry::snap(it, d, now));
                s.meta.deleted = false;
                s.price = price;
                s.sales = sales;
                s.favs = favs;
                s.note = cells[3].trim().chars().take(MAX_NOTE).collect();
                if old.is_none_or(|o| o.meta.deleted || !s.same_content(o)) {
                    s.bump(now);
                    out.push(s);
                }
            }
        });
        if !errors.is_empty() {
            return msg.set(Some(
                td_string!(
                    l,
                    competitors.err_grid,
                    names = errors.join(td_string!(l, common.enumeration))
                )
                .to_string(),
            ));
        }
        if let Err(m) = check_fits(state, &out, l) {
            return msg.set(Some(m));
        }
        let n = out.len();
        state.commit_kind(out);
        draft.set(Draft::new());
        done.set(Some(
            td_string!(l, competitors.saved, n = n, day = ymd(d)).to_string(),
        ));
    };

    let on_file = move |f: web_sys::File| {
        let l = i18n.get_locale_untracked();
        msg.set(None);
        done.set(None);
        pending.set(None);
        let name = f.name();
        read_picked(f, l, msg, move |table| {
            let rows = match parse(&table) {
                Ok(r) => r,
                Err(e) => return msg.set(Some(error_text(l, &e))),
            };
            let plan = state
                .ws
                .with_untracked(|ws| plan_import(&rows, &ws.competitors, &ws.products, now_ms()));
            if let Err(m) = check_fits(state, &plan.records, l) {
                return msg.set(Some(m));
            }
            let columns = column_map(&table).unwrap_or_default();
            pending.set(Some(Pending {
                name,
                plan,
                columns,
            }));
        });
    };

    let confirm = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let n = p.plan.new_snaps + p.plan.changed_snaps;
        state.commit_kind(p.plan.records);
        pending.set(None);
        done.set(Some(
            td_string!(l, competitors.imported, n = n, name = p.name).to_string(),
        ));
    };

    let preview = move || {
        let p = pending.get()?;
        let l = i18n.get_locale();
        let span = match (p.plan.from, p.plan.to) {
            (Some(a), Some(b)) => format!("{} – {}", ymd(a), ymd(b)),
            _ => String::new(),
        };
        Some(view! {
            <section class="panel" data-testid="cp-preview" aria-live="polite">
                <p>{td_string!(l, competitors.preview, name = p.name.clone(), span = span, items = p.plan.new_items, snaps = p.plan.new_snaps, changed = p.plan.changed_snaps, same = p.plan.unchanged)}</p>
                {(p.plan.unmatched > 0).then(|| view! { <p class="muted">{td_string!(l, competitors.unmatched, n = p.plan.unmatched)}</p> })}
                <p class="muted" data-testid="cp-columns">{columns_text(l, &p.columns)}</p>
                <button class="btn primary" data-testid="cp-confirm" on:click=confirm>{td_string!(l, common.settle_confirm)}</button>
                <button class="btn" data-testid="cp-cancel" on:click=move |_| pending.set(None)>{td_string!(l, common.settle_cancel)}</button>
            </section>
        })
    };

    let alerts = move || {
        let l = i18n.get_locale();
        let list: Vec<Pair> = all.get().into_iter().filter(|p| p.below).collect();
        if list.is_empty() {
            return view! { <p class="muted" data-testid="cp-no-alerts">{td_string!(l, competitors.no_alerts)}</p> }.into_any();
        }
        view! {
            <ul class="alerts" data-testid="cp-alerts">
                {list.into_iter().map(|p| {
                    let pt = p.latest().cloned();
                    let text = pt.map(|pt| td_string!(l, competitors.alert,
                        name = p.item.name.clone(),
                        store = p.item.store.clone(),
                        day = ymd(pt.day),
                        price = money(pt.price),
                        ours = money(pt.ours),
                        gap = signed(pt.gap, true)).to_string()).unwrap_or_default();
                    view! {
                        <li class="warn" data-testid="cp-alert">
                            {p.dropped.then(|| view! { <strong>{td_string!(l, competitors.dropped)}" "</strong> })}
                            {text}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };

    let grid = move || {
        let l = i18n.get_locale();
        let d = parse_ymd(&day.get());
        let items: Vec<CompetitorEntry> = state.ws.with(|ws| {
            ws.live::<CompetitorEntry>()
                .filter(|e| e.entry == CompKind::Item)
                .cloned()
                .collect()
        });
        if items.is_empty() {
            return view! { <p class="muted" data-testid="cp-empty">{td_string!(l, competitors.empty)}</p> }
                .into_any();
        }
        let rows = items
            .into_iter()
            .map(|it| {
                let id = it.id().to_string();
                // the row starts from the day's stored snapshot; typing changes the draft only
                let seed = existing_cells(state, &id, d);
                draft.update_untracked(|m| {
                    m.entry(id.clone()).or_insert(seed);
                });
                let name = it.name.clone();
                let cell = move |k: usize, what: &str, testid: &'static str| {
                    let id = id.clone();
                    let id2 = id.clone();
                    view! {
                        <td><input type="text" class="cell" data-testid=testid aria-label=format!("{name} {what}")
                            inputmode=if k < 3 { "decimal" } else { "text" }
                            prop:value=move || draft.with(|m| m.get(&id).map(|c| c[k].clone())).unwrap_or_default()
                            on:input=move |e| {
                                let v = event_target_value(&e);
                                draft.update(|m| m.entry(id2.clone()).or_default()[k] = v);
                            }/></td>
                    }
                };
                view! {
                    <tr data-testid="cp-grid-row">
                        <th scope="row">{it.name.clone()}<span class="muted small">{if it.store.is_empty() { String::new() } else { format!(" · {}", it.store) }}</span></th>
                        {cell(0, td_string!(l, competitors.price), "cp-grid-price")}
                        {cell(1, td_string!(l, common.competitors_sales), "cp-grid-sales")}
                        {cell(2, td_string!(l, competitors.favs), "cp-grid-favs")}
                        {cell(3, td_string!(l, common.competitors_activity), "cp-grid-activity")}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="grid" data-testid="cp-grid">
                <thead><tr>
                    <th scope="col">{td_string!(l, common.competitors_item)}</th>
                    <th scope="col">{td_string!(l, competitors.price)}</th>
                    <th scope="col">{td_string!(l, common.competitors_sales)}</th>
                    <th scope="col">{td_string!(l, competitors.favs)}</th>
                    <th scope="col">{td_string!(l, common.competitors_activity)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button class="btn primary" data-testid="cp-save" on:click=save_grid>{td_string!(l, competitors.save)}</button>
        }
        .into_any()
    };

    let table = move || {
        let l = i18n.get_locale();
        let list = all.get();
        if list.is_empty() {
            return None;
        }
        let opts = products.get();
        let rows = list
            .into_iter()
            .map(|p| {
                let id = p.item.id().to_string();
                let pt = p.latest().cloned();
                let matched = p.item.product.clone();
                let opts = opts.clone();
                let id_match = id.clone();
                let id_del = id.clone();
                let name = p.item.name.clone();
                let link = p.item.link.clone();
                view! {
                    <tr data-testid="cp-row" class:warn=p.below>
                        <th scope="row">{p.item.name.clone()}
                            {(!link.is_empty()).then(|| view! { <div class="muted small">{link}</div> })}</th>
                        <td>{p.item.store.clone()}</td>
                        <td>
                            <select data-testid="cp-match" aria-label=td_string!(l, competitors.match_label, name = name.clone()).to_string()
                                on:change=move |e| {
                                    let v = event_target_value(&e);
                                    state.edit::<CompetitorEntry>(&id_match, |r| r.product = v);
                                }>
                                <option value="" selected=matched.is_empty()>{td_string!(l, competitors.unmatched_opt)}</option>
                                {opts.into_iter().map(|(pid, label)| {
                                    let sel = pid == matched;
                                    view! { <option value=pid selected=sel>{label}</option> }
                                }).collect_view()}
                            </select>
                        </td>
                        <td data-testid="cp-day">{pt.as_ref().map(|x| ymd(x.day)).unwrap_or_default()}</td>
                        <td class="num" data-testid="cp-their-price">{money(pt.as_ref().and_then(|x| x.price))}</td>
                        <td class="num" data-testid="cp-our-price">{money(pt.as_ref().and_then(|x| x.ours))}</td>
                        <td class="num" data-testid="cp-gap">{signed(pt.as_ref().and_then(|x| x.gap), true)}</td>
                        <td class="num" data-testid="cp-their-sales">{count(pt.as_ref().and_then(|x| x.sales))}</td>
                        <td class="num" data-testid="cp-our-units">{count(pt.as_ref().and_then(|x| x.our_units))}</td>
                        <td class="num" data-testid="cp-sales-gap">{signed(pt.as_ref().and_then(|x| x.sales_gap), false)}</td>
                        <td>{pt.as_ref().map(|x| x.activity.clone()).unwrap_or_default()}</td>
                        <td>
                            <button class="btn small" data-testid="cp-show" aria-label=td_string!(l, competitors.show_label, name = name.clone()).to_string()
                                on:click={ let id = id.clone(); move |_| chosen.set(Some(id.clone())) }>{td_string!(l, competitors.show)}</button>
                            <button class="btn small danger" data-testid="cp-delete" aria-label=td_string!(l, competitors.delete_label, name = name.clone()).to_string()
                                on:click=move |_| {
                                    let ids: Vec<String> = state.ws.with_untracked(|ws| {
                                        ws.live::<CompetitorEntry>()
                                            .filter(|e| e.id() == id_del || e.item == id_del)
                                            .map(|e| e.id().to_string())
                                            .collect()
                                    });
                                    state.edit_many::<CompetitorEntry>(&ids, |e| e.meta.deleted = true);
                                }>{td_string!(l, common.competitors_delete)}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, competitors.pairs)>
                <table class="grid" data-testid="cp-pairs">
                    <thead><tr>
                        <th scope="col">{td_string!(l, common.competitors_item)}</th>
                        <th scope="col">{td_string!(l, competitors.store)}</th>
                        <th scope="col">{td_string!(l, competitors.ours)}</th>
                        <th scope="col">{td_string!(l, competitors.latest)}</th>
                        <th scope="col" class="num">{td_string!(l, common.competitors_their_price)}</th>
                        <th scope="col" class="num">{td_string!(l, common.competitors_our_price)}</th>
                        <th scope="col" class="num">{td_string!(l, common.competitors_gap)}</th>
                        <th scope="col" class="num">{td_string!(l, common.competitors_sales)}</th>
                        <th scope="col" class="num">{td_string!(l, competitors.our_units)}</th>
                        <th scope="col" class="num">{td_string!(l, competitors.sales_gap)}</th>
                        <th scope="col">{td_string!(l, common.competitors_activity)}</th>
                        <th scope="col">{td_string!(l, common.competitors_actions)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    };

    let chart = move || {
        let l = i18n.get_locale();
        let list = all.get();
        let pick = chosen
            .get()
            .and_then(|id| list.iter().find(|p| p.item.id() == id).cloned())
            .or_else(|| list.iter().find(|p| !p.points.is_empty()).cloned())?;
        let f = |v: Option<Fen>| v.map_or(f64::NAN, |f| f.0 as f64 / 100.0);
        let prices = LineData {
            labels: pick.points.iter().map(|p| ymd(p.day)).collect(),
            series: vec![
                Series {
                    name: td_string!(l, common.competitors_their_price).to_string(),
                    values: pick.points.iter().map(|p| f(p.price)).collect(),
                    color: "#cf1322",
                },
                Series {
                    name: td_string!(l, common.competitors_our_price).to_string(),
                    values: pick.points.iter().map(|p| f(p.ours)).collect(),
                    color: "#1677ff",
                },
                Series {
                    name: td_string!(l, common.competitors_gap).to_string(),
                    values: pick
                        .points
                        .iter()
                        .map(|p| p.gap.map_or(f64::NAN, |g| g as f64 / 100.0))
                        .collect(),
                    color: "#faad14",
                },
            ],
        };
        let n = |v: Option<u64>| v.map_or(f64::NAN, |v| v as f64);
        let sales = LineData {
            labels: prices.labels.clone(),
            series: vec![
                Series {
                    name: td_string!(l, common.competitors_sales).to_string(),
                    values: pick.points.iter().map(|p| n(p.sales)).collect(),
                    color: "#cf1322",
                },
                Series {
                    name: td_string!(l, competitors.our_units).to_string(),
                    values: pick.points.iter().map(|p| n(p.our_units)).collect(),
                    color: "#1677ff",
                },
            ],
        };
        let fmt: fn(f64) -> String = if l == Locale::zh {
            fmt_yuan_zh
        } else {
            fmt_yuan_en
        };
        let plain: fn(f64) -> String = |v| format!("{v:.0}");
        Some(view! {
            <section class="panel" data-testid="cp-chart">
                <h2>{td_string!(l, competitors.chart_title, name = pick.item.name.clone())}</h2>
                <LineChart data=Signal::stored(prices) fmt=Signal::stored(fmt) testid="cp-price-chart"/>
                <h3>{td_string!(l, competitors.sales_chart)}</h3>
                <LineChart data=Signal::stored(sales) fmt=Signal::stored(plain) testid="cp-sales-chart"/>
            </section>
        })
    };

    view! {
        <section class="page competitors" data-testid="page-competitors">
            <h1>{tr!(common.nav_competitors)}</h1>
            <p class="muted">{tr!(competitors.intro)}</p>
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="cp-error">{m}</div> })}
            {move || done.get().map(|m| view! { <div class="banner ok" role="status" data-testid="cp-done">{m}</div> })}
            <section class="panel">
                <h2>{tr!(competitors.alerts)}</h2>
                {alerts}
            </section>
            <section class="panel">
                <h2>{tr!(competitors.add)}</h2>
                <div class="form-row">
                    <label>{tr!(common.competitors_item)}<input type="text" data-testid="cp-new-name" maxlength=MAX_NAME.to_string()
                        prop:value=move || new_name.get() on:input=move |e| new_name.set(event_target_value(&e))/></label>
                    <label>{tr!(competitors.store)}<input type="text" data-testid="cp-new-store" maxlength=MAX_NAME.to_string()
                        prop:value=move || new_store.get() on:input=move |e| new_store.set(event_target_value(&e))/></label>
                    <label>{tr!(competitors.link)}<input type="text" data-testid="cp-new-link"
                        prop:value=move || new_link.get() on:input=move |e| new_link.set(event_target_value(&e))/></label>
                    <label>{tr!(competitors.ours)}
                        <select data-testid="cp-new-product" on:change=move |e| new_product.set(event_target_value(&e))>
                            <option value="">{tr!(competitors.unmatched_opt)}</option>
                            {move || products.get().into_iter().map(|(pid, label)| view! { <option value=pid>{label}</option> }).collect_view()}
                        </select>
                    </label>
                    <button class="btn primary" data-testid="cp-add" on:click=add_item>{tr!(competitors.add_button)}</button>
                </div>
            </section>
            <section class="panel">
                <h2>{tr!(competitors.grid_title)}</h2>
                <div class="form-row"><label>{tr!(common.competitors_day)}
                    <input type="date" data-testid="cp-day-input" min="2000-01-01" max="2100-12-31"
                        prop:value=move || day.get()
                        on:change=move |e| { draft.set(Draft::new()); day.set(event_target_value(&e)); }/>
                </label></div>
                {grid}
            </section>
            <section class="panel">
                <h2>{tr!(competitors.import_text)}</h2>
                <p class="muted">{tr!(competitors.import_hint)}</p>
                <FileDrop accept=".csv,.txt,.xlsx,.xls" zone_testid="cp-drop" input_testid="cp-file"
                    hint=move || tr!(competitors.drop_hint) on_file=on_file/>
                {preview}
            </section>
            <section class="panel">
                <h2>{tr!(competitors.pairs)}</h2>
                <p class="muted">{tr!(competitors.pairs_hint)}</p>
                {table}
            </section>
            {chart}
        </section>
    }
}

/// The cells shown for `item` on `day` before anything is typed: its stored snapshot's.
fn existing_cells(state: AppState, item: &str, day: Option<chrono::NaiveDate>) -> [String; 4] {
    let Some(d) = day else {
        return Default::default();
    };
    state.ws.with_untracked(|ws| {
        ws.get::<CompetitorEntry>(&snap_id(item, d))
            .filter(|s| !s.meta.deleted)
            .map_or_else(Default::default, |s| {
                [
                    if s.price.0 > 0 {
                        crate::core::format::yuan_terse(s.price)
                    } else {
                        String::new()
                    },
                    s.sales.map(|n| n.to_string()).unwrap_or_default(),
                    s.favs.map(|n| n.to_string()).unwrap_or_default(),
                    s.note.clone(),
                ]
            })
    })
}
