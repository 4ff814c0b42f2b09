//! 售后 (/service, issue 17 §2): import the refund export of 退款管理 (CSV, GBK; read here in the
//! page's chunk by `formats::refunds`), then the refund rate by product and by reason, the
//! monthly trend and the quality feedback: products whose quality-related refunds (质量问题,
//! 描述不符) run above the store's rate (`core::service`). Refunds are facts kept under
//! `sop/refunds`, one per 退款编号, written only after the size check.

use crate::core::format::{bp_plain, yuan};
use crate::core::metrics::period::Period;
use crate::core::service::{last_days, reasons_text, view, ServiceView};
use crate::formats::import::values::day_to_iso as iso;
use crate::formats::refunds::{self, Reason, Refund, RefundError, RowProblem};
use crate::i18n::*;
use crate::model::Fen;
use crate::ui::facts::{check_room, facts_banner, load_facts, write_facts};
use crate::ui::import_client::read_picked;
use crate::ui::state::AppState;
use crate::ui::widgets::file_drop::FileDrop;
use leptos::prelude::*;

pub const KEY_REFUNDS: &str = "sop/refunds";
/// Fewest quality refunds that flag a product.
const MIN_QUALITY: u32 = 2;

pub fn reason_name(l: Locale, r: Reason) -> &'static str {
    match r {
        Reason::Quality => td_string!(l, service.r_quality),
        Reason::Size => td_string!(l, service.r_size),
        Reason::WrongItem => td_string!(l, service.r_wrong),
        Reason::NotAsDescribed => td_string!(l, service.r_described),
        Reason::Logistics => td_string!(l, service.r_logistics),
        Reason::ChangedMind => td_string!(l, service.r_mind),
        Reason::Other => td_string!(l, service.r_other),
    }
}

fn pct(bp: Option<u32>) -> String {
    bp.map_or_else(
        || "—".to_string(),
        |b| format!("{}%", bp_plain(i64::from(b))),
    )
}

fn error_text(l: Locale, e: &RefundError) -> String {
    match e {
        RefundError::NoHeader => td_string!(l, service.err_header).to_string(),
        RefundError::NoRows => td_string!(l, service.err_empty).to_string(),
        RefundError::BadRows { listed, total } => {
            let rows = listed
                .iter()
                .map(|p| match p {
                    RowProblem::BadTime { row } => {
                        td_string!(l, service.bad_time, row = *row).to_string()
                    }
                    RowProblem::BadAmount { row } => {
                        td_string!(l, service.bad_amount, row = *row).to_string()
                    }
                    RowProblem::NoId { row } => {
                        td_string!(l, service.bad_id, row = *row).to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(td_string!(l, common.list_separator));
            td_string!(l, common.settle_err_rows, n = *total, rows = rows).to_string()
        }
    }
}

#[derive(Clone)]
struct Pending {
    name: String,
    file: refunds::RefundFile,
    merged: Vec<Refund>,
    encoded: String,
    new: usize,
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let backend = state.backend();
    let (initial, aside) = load_facts(backend.as_ref(), KEY_REFUNDS, refunds::decode);
    let stuck = matches!(aside, Some(Err(())));
    let stored = RwSignal::new(initial);
    let msg = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<Pending>);
    let span = RwSignal::new(90i32);
    let sv = Memo::new(move |_| {
        let days = span.get();
        stored.with(|r| {
            let period: Option<Period> = if days > 0 { last_days(r, days) } else { None };
            state.metrics.with(|m| view(r, m, period, MIN_QUALITY))
        })
    });

    let on_file = move |f: web_sys::File| {
        let l = i18n.get_locale_untracked();
        msg.set(None);
        done.set(None);
        pending.set(None);
        if stuck {
            return msg.set(Some(td_string!(l, common.settle_stuck).to_string()));
        }
        let name = f.name();
        let backend = state.backend();
        read_picked(f, l, msg, move |table| {
            let file = match refunds::parse(&table) {
                Ok(p) => p,
                Err(e) => return msg.set(Some(error_text(l, &e))),
            };
            let (merged, new) = stored.with_untracked(|old| {
                let ids: std::collections::HashSet<&str> =
                    old.iter().map(|r| r.id.as_str()).collect();
                let new = file
                    .refunds
                    .iter()
                    .filter(|r| !ids.contains(r.id.as_str()))
                    .count();
                (refunds::merge(old, &file.refunds), new)
            });
            let encoded = refunds::encode(&merged);
            if let Err(m) = check_room(backend.as_ref(), KEY_REFUNDS, &encoded, l) {
                return msg.set(Some(m));
            }
            pending.set(Some(Pending {
                name,
                file,
                merged,
                encoded,
                new,
            }));
        });
    };

    let confirm = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(p) = pending.get_untracked() else {
            return;
        };
        match write_facts(state, KEY_REFUNDS, &p.encoded, l) {
            Ok(()) => {
                stored.set(p.merged);
                pending.set(None);
                done.set(Some(
                    td_string!(l, service.imported, n = p.file.refunds.len(), name = p.name)
                        .to_string(),
                ));
            }
            Err(m) => msg.set(Some(m)),
        }
    };

    let preview = move || {
        let p = pending.get()?;
        let l = i18n.get_locale();
        let from = p.file.refunds.iter().map(|r| r.day).min().unwrap_or(0);
        let to = p.file.refunds.iter().map(|r| r.day).max().unwrap_or(0);
        let n = p.file.refunds.len();
        Some(view! {
            <section class="panel" data-testid="sv-preview" aria-live="polite">
                <p>{td_string!(l, service.preview, name = p.name.clone(), n = n, from = iso(from), to = iso(to), new = p.new, updated = n - p.new, skipped = p.file.skipped)}</p>
                <button class="btn primary" data-testid="sv-confirm" on:click=confirm>{td_string!(l, common.settle_confirm)}</button>
                <button class="btn" data-testid="sv-cancel" on:click=move |_| pending.set(None)>{td_string!(l, common.settle_cancel)}</button>
            </section>
        })
    };

    let body = move || {
        let l = i18n.get_locale();
        let v: ServiceView = sv.get();
        if v.refunds == 0 && stored.with(Vec::is_empty) {
            return view! { <p class="muted" data-testid="sv-empty">{td_string!(l, service.empty)}</p> }
                .into_any();
        }
        let period = v
            .period
            .map(|p| format!("{} – {}", iso(p.from), iso(p.to)))
            .unwrap_or_default();
        let kv = |label: String, value: String, id: &'static str| {
            view! { <tr><th scope="row">{label}</th><td class="num" data-testid=id>{value}</td></tr> }
        };
        let reason_rows = Reason::ALL
            .iter()
            .zip(v.reasons)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| {
                let share = pct(Some(((f64::from(n) / f64::from(v.refunds.max(1))) * 10_000.0).round() as u32));
                view! { <tr data-testid="sv-reason"><th scope="row">{reason_name(l, *r)}</th><td class="num">{n}</td><td class="num">{share}</td></tr> }
            })
            .collect_view();
        let month_rows = v
            .months
            .iter()
            .map(|m| {
                view! { <tr data-testid="sv-month"><th scope="row">{format!("{:04}-{:02}", m.month.0, m.month.1)}</th><td class="num">{m.refunds}</td><td class="num">{m.quality}</td><td class="num">{yuan(Fen(m.amount))}</td></tr> }
            })
            .collect_view();
        let names = move |r: Reason| reason_name(l, r);
        let flagged: Vec<_> = v.products.iter().filter(|p| p.flagged).cloned().collect();
        let feedback = if flagged.is_empty() {
            view! { <p class="muted" data-testid="sv-no-flags">{td_string!(l, service.no_flags, n = MIN_QUALITY)}</p> }.into_any()
        } else {
            let rows = flagged
                .iter()
                .map(|p| {
                    view! {
                        <tr data-testid="sv-flag">
                            <td>{p.item_id.clone()}</td><td>{p.name.clone()}</td>
                            <td class="num">{p.quality}</td>
                            <td class="num">{pct(p.quality_rate_bp)}</td>
                            <td>{reasons_text(&p.reasons, names)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="grid" data-testid="sv-flags">
                    <thead><tr>
                        <th scope="col">{td_string!(l, service.item)}</th><th scope="col">{td_string!(l, service.name)}</th>
                        <th scope="col" class="num">{td_string!(l, service.quality_n)}</th>
                        <th scope="col" class="num">{td_string!(l, service.quality_rate)}</th>
                        <th scope="col">{td_string!(l, service.reasons)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        let product_rows = v
            .products
            .iter()
            .take(200)
            .map(|p| {
                view! {
                    <tr data-testid="sv-product" class:warn=p.flagged>
                        <td>{p.item_id.clone()}</td><td>{p.name.clone()}</td>
                        <td class="num">{p.refunds}</td>
                        <td class="num">{p.buyers}</td>
                        <td class="num">{pct(p.rate_bp)}</td>
                        <td class="num">{p.quality}</td>
                        <td class="num">{yuan(Fen(p.amount))}</td>
                        <td>{reasons_text(&p.reasons, names)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="panel" data-testid="sv-summary">
                <h2>{td_string!(l, service.summary, period = period)}</h2>
                <table class="grid kv"><tbody>
                    {kv(td_string!(l, service.refunds).to_string(), v.refunds.to_string(), "sv-refunds")}
                    {kv(td_string!(l, service.amount).to_string(), yuan(Fen(v.amount)), "sv-amount")}
                    {kv(td_string!(l, service.open).to_string(), v.open.to_string(), "sv-open")}
                    {kv(td_string!(l, service.buyers).to_string(), v.buyers.to_string(), "sv-buyers")}
                    {kv(td_string!(l, service.rate).to_string(), pct(v.rate_bp), "sv-rate")}
                    {kv(td_string!(l, service.quality_n).to_string(), v.quality.to_string(), "sv-quality")}
                    {kv(td_string!(l, service.store_quality_rate).to_string(), pct(v.quality_rate_bp), "sv-quality-rate")}
                </tbody></table>
                {(v.buyers == 0).then(|| view! { <p class="muted" data-testid="sv-no-metrics">{td_string!(l, service.no_metrics)}</p> })}
            </section>
            <section class="panel" data-testid="sv-feedback">
                <h2>{td_string!(l, service.feedback)}</h2>
                <p class="muted">{td_string!(l, service.feedback_intro, n = MIN_QUALITY)}</p>
                {feedback}
            </section>
            <section class="panel">
                <h2>{td_string!(l, service.by_reason)}</h2>
                <table class="grid" data-testid="sv-reasons">
                    <thead><tr><th scope="col">{td_string!(l, service.reason)}</th><th scope="col" class="num">{td_string!(l, service.refunds)}</th><th scope="col" class="num">{td_string!(l, service.share)}</th></tr></thead>
                    <tbody>{reason_rows}</tbody>
                </table>
                <h2>{td_string!(l, service.trend)}</h2>
                <table class="grid" data-testid="sv-months">
                    <thead><tr><th scope="col">{td_string!(l, common.settle_month)}</th><th scope="col" class="num">{td_string!(l, service.refunds)}</th><th scope="col" class="num">{td_string!(l, service.quality_n)}</th><th scope="col" class="num">{td_string!(l, service.amount)}</th></tr></thead>
                    <tbody>{month_rows}</tbody>
                </table>
            </section>
            <section class="panel">
                <h2>{td_string!(l, service.by_product)}</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, service.by_product)>
                    <table class="grid" data-testid="sv-products">
                        <thead><tr>
                            <th scope="col">{td_string!(l, service.item)}</th><th scope="col">{td_string!(l, service.name)}</th>
                            <th scope="col" class="num">{td_string!(l, service.refunds)}</th>
                            <th scope="col" class="num">{td_string!(l, service.buyers_short)}</th>
                            <th scope="col" class="num">{td_string!(l, service.rate_short)}</th>
                            <th scope="col" class="num">{td_string!(l, service.quality_n)}</th>
                            <th scope="col" class="num">{td_string!(l, service.amount)}</th>
                            <th scope="col">{td_string!(l, service.reasons)}</th>
                        </tr></thead>
                        <tbody>{product_rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    };

    view! {
        <section class="page service" data-testid="page-service">
            <h1>{tr!(common.nav_service)}</h1>
            <p class="muted">{tr!(service.intro)}</p>
            {facts_banner(&aside)}
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="sv-error">{m}</div> })}
            {move || done.get().map(|m| view! { <div class="banner ok" role="status" data-testid="sv-done">{m}</div> })}
            <FileDrop accept=".csv,.txt,.xlsx,.xls" zone_testid="sv-drop" input_testid="sv-file"
                hint=move || tr!(service.drop_hint) on_file=on_file/>
            {preview}
            <div class="form-row"><label>{tr!(service.period)}
                <select data-testid="sv-period" on:change=move |e| span.set(event_target_value(&e).parse().unwrap_or(90))>
                    {move || {
                        let l = i18n.get_locale();
                        [(30, td_string!(l, service.last_30)), (90, td_string!(l, service.last_90)), (365, td_string!(l, service.last_365)), (0, td_string!(l, service.all))]
                            .into_iter()
                            .map(|(d, t)| view! { <option value=d.to_string() selected=span.get() == d>{t}</option> })
                            .collect_view()
                    }}
                </select>
            </label></div>
            {body}
            <Complaints period=Signal::derive(move || sv.with(|v| v.period))/>
        </section>
    }
}

/// 投诉: typed complaints — add one (day, order, product, reason, what was said), the counts by
/// reason and product over the page's period, the list with handled / delete. Shared records.
#[component]
fn Complaints(period: Signal<Option<Period>>) -> impl IntoView {
    use crate::core::service::complaints_view;
    use crate::model::complaint::{MAX_ORDER, MAX_TEXT};
    use crate::model::date::{parse_ymd, ymd};
    use crate::model::{Complaint, Meta, Record};
    use crate::ui::clock::{new_id, now_ms, today_date};
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let day = RwSignal::new(ymd(today_date()));
    let order = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    let reason = RwSignal::new(Reason::Quality);
    let text = RwSignal::new(String::new());
    let msg = RwSignal::new(None::<(bool, String)>);
    let cv = Memo::new(move |_| {
        let p = period.get();
        state.ws.with(|ws| complaints_view(&ws.complaints, p))
    });

    let add = move |_| {
        let l = i18n.get_locale_untracked();
        let d = parse_ymd(&day.get_untracked()).filter(|d| {
            use chrono::Datelike;
            (2000..=2100).contains(&d.year())
        });
        let t = text.get_untracked().trim().to_string();
        let o = order.get_untracked().trim().to_string();
        let it = item.get_untracked().trim().to_string();
        let problem = if d.is_none() {
            Some(td_string!(l, common.competitors_err_day).to_string())
        } else if t.is_empty() || t.chars().count() > MAX_TEXT {
            Some(td_string!(l, service.c_err_text, n = MAX_TEXT).to_string())
        } else if o.chars().count() > MAX_ORDER || it.chars().count() > MAX_ORDER {
            Some(td_string!(l, service.c_err_order, n = MAX_ORDER).to_string())
        } else {
            None
        };
        if let Some(m) = problem {
            return msg.set(Some((false, m)));
        }
        let Some(d) = d else { return };
        let now = now_ms();
        let mut c = Complaint {
            meta: Meta::new(new_id(), now),
            day: d,
            order: o,
            item_id: it,
            reason: reason.get_untracked().key().to_string(),
            text: t,
            done: false,
            note: String::new(),
        };
        c.bump(now);
        state.commit_kind(vec![c]);
        text.set(String::new());
        order.set(String::new());
        msg.set(Some((true, td_string!(l, service.c_added).to_string())));
    };

    let summary = move || {
        let l = i18n.get_locale();
        let v = cv.get();
        let reasons = Reason::ALL
            .iter()
            .zip(v.reasons)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{} {n}", reason_name(l, *r)))
            .collect::<Vec<_>>()
            .join(" · ");
        let products = v
            .products
            .iter()
            .take(10)
            .map(|(id, n, q)| {
                td_string!(l, service.c_product, id = id.clone(), n = *n, q = *q).to_string()
            })
            .collect::<Vec<_>>()
            .join(td_string!(l, common.list_separator));
        view! {
            <p data-testid="sv-c-summary">{td_string!(l, service.c_summary, n = v.total, open = v.open)}</p>
            {(!reasons.is_empty()).then(|| view! { <p data-testid="sv-c-reasons">{reasons}</p> })}
            {(!products.is_empty()).then(|| view! { <p class="muted" data-testid="sv-c-products">{products}</p> })}
        }
    };

    let list = move || {
        let l = i18n.get_locale();
        let p = period.get();
        let mut rows: Vec<Complaint> = state.ws.with(|ws| {
            ws.live::<Complaint>()
                .filter(|c| {
                    let d = crate::core::metrics::period::day_of(c.day);
                    p.is_none_or(|p| d >= p.from && d <= p.to)
                })
                .cloned()
                .collect()
        });
        rows.sort_by(|a, b| b.day.cmp(&a.day).then_with(|| a.meta.id.cmp(&b.meta.id)));
        if rows.is_empty() {
            return view! { <p class="muted" data-testid="sv-c-empty">{td_string!(l, service.c_empty)}</p> }.into_any();
        }
        let body = rows
            .into_iter()
            .take(200)
            .map(|c| {
                let id = c.meta.id.clone();
                let id2 = id.clone();
                let r = Reason::from_key(&c.reason).unwrap_or(Reason::Other);
                let short: String = c.text.chars().take(20).collect();
                view! {
                    <tr data-testid="sv-c-row">
                        <td>{ymd(c.day)}</td><td>{c.order.clone()}</td><td>{c.item_id.clone()}</td>
                        <td>{reason_name(l, r)}</td><td>{c.text.clone()}</td>
                        <td><label class="check"><input type="checkbox" data-testid="sv-c-done" prop:checked=c.done
                            on:change=move |e| {
                                let v = event_target_checked(&e);
                                state.edit::<Complaint>(&id, |x| x.done = v);
                            }/>
                            {td_string!(l, service.c_done_label, what = short.clone())}</label></td>
                        <td><button class="btn small danger" data-testid="sv-c-delete"
                            aria-label=td_string!(l, service.c_delete_label, what = short.clone()).to_string()
                            on:click=move |_| { state.edit::<Complaint>(&id2, |x| x.meta.deleted = true) }>{td_string!(l, common.competitors_delete)}</button></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="grid" data-testid="sv-c-list">
                <thead><tr>
                    <th scope="col">{td_string!(l, common.competitors_day)}</th><th scope="col">{td_string!(l, service.c_order)}</th>
                    <th scope="col">{td_string!(l, service.item)}</th><th scope="col">{td_string!(l, service.c_reason)}</th>
                    <th scope="col">{td_string!(l, service.c_text)}</th><th scope="col">{td_string!(l, service.c_status)}</th>
                    <th scope="col">{td_string!(l, common.competitors_actions)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        }
        .into_any()
    };

    view! {
        <section class="panel" data-testid="sv-complaints">
            <h2>{tr!(service.c_title)}</h2>
            <p class="muted">{tr!(service.c_intro)}</p>
            <div class="form-row">
                <label>{tr!(common.competitors_day)}<input type="date" data-testid="sv-c-day" min="2000-01-01" max="2100-12-31"
                    prop:value=move || day.get() on:change=move |e| day.set(event_target_value(&e))/></label>
                <label>{tr!(service.c_order)}<input type="text" data-testid="sv-c-order" maxlength=MAX_ORDER.to_string()
                    prop:value=move || order.get() on:input=move |e| order.set(event_target_value(&e))/></label>
                <label>{tr!(service.item)}<input type="text" data-testid="sv-c-item" maxlength=MAX_ORDER.to_string()
                    prop:value=move || item.get() on:input=move |e| item.set(event_target_value(&e))/></label>
                <label>{tr!(service.c_reason)}
                    <select data-testid="sv-c-reason" on:change=move |e| {
                        if let Some(r) = Reason::from_key(&event_target_value(&e)) { reason.set(r) }
                    }>
                        {move || {
                            let l = i18n.get_locale();
                            Reason::ALL.into_iter().map(|r| view! {
                                <option value=r.key() selected=reason.get_untracked() == r>{reason_name(l, r)}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label class="wide">{tr!(service.c_text)}<input type="text" data-testid="sv-c-text" maxlength=MAX_TEXT.to_string()
                    prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e))/></label>
                <button class="btn primary" data-testid="sv-c-add" on:click=add>{tr!(service.c_add)}</button>
            </div>
            {move || msg.get().map(|(ok, m)| if ok {
                view! { <div class="banner ok" role="status" data-testid="sv-c-msg">{m}</div> }.into_any()
            } else {
                view! { <div class="banner error" role="alert" data-testid="sv-c-msg">{m}</div> }.into_any()
            })}
            {summary}
            {list}
        </section>
    }
}
