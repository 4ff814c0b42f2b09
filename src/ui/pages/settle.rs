//! 对账结算 (/settle, issue 17 §3): import the Alipay statement (支付宝账务明细 CSV, GBK, read
//! here in the page's own chunk by `formats::statement`), see a month's account — income,
//! refunds, each fee line by class, net — reconciled against the imported store metrics, book
//! unclassified lines with the team's rules, and mark the month settled. Rules and closings are
//! shared records (`LedgerEntry`); the statement is a fact kept under `sop/statement`, written
//! only after the size check, so a file that would not fit changes nothing.

use crate::core::format::yuan;
use crate::core::settle::{
    self as st, account, closing, closing_id, month_key, reconcile, rules, Month, DEFAULT_RULES,
};
use crate::formats::import::values::day_to_iso as iso;
use crate::formats::import::{csv_table, decode_text};
use crate::formats::statement::{self, Bookings, RowProblem, StatementError};
use crate::i18n::*;
use crate::model::{EntryKind, FeeClass, Fen, LedgerEntry, Meta, Record};

use crate::ui::clock::{new_id, now_ms};
use crate::ui::facts::{check_room, facts_banner, load_facts, write_facts};
use crate::ui::import_client::{read_error_text, BrowserGb18030};
use crate::ui::state::AppState;
use crate::ui::widgets::file_drop::FileDrop;
use leptos::prelude::*;

/// Where the statement is kept (see `formats::statement::encode`).
pub const KEY_STATEMENT: &str = "sop/statement";

/// A `performance.mark` for the benchmark's breakdown (bench/settle.mjs).
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

pub fn class_name(l: Locale, c: Option<FeeClass>) -> &'static str {
    match c {
        Some(FeeClass::Income) => td_string!(l, settle.income),
        Some(FeeClass::Refund) => td_string!(l, settle.refunds),
        Some(FeeClass::Promotion) => td_string!(l, settle.promotion),
        Some(FeeClass::Platform) => td_string!(l, settle.platform),
        Some(FeeClass::Other) => td_string!(l, settle.other),
        None => td_string!(l, settle.unclassified),
    }
}

fn error_text(l: Locale, e: &StatementError) -> String {
    match e {
        StatementError::NoHeader => td_string!(l, settle.err_header).to_string(),
        StatementError::NoLines => td_string!(l, settle.err_empty).to_string(),
        StatementError::TooManyTexts => td_string!(l, settle.err_texts).to_string(),
        StatementError::BadRows { listed, total } => {
            let rows = listed
                .iter()
                .map(|p| match p {
                    RowProblem::BadTime { row } => {
                        td_string!(l, settle.bad_time, row = *row).to_string()
                    }
                    RowProblem::BadAmount { row } => {
                        td_string!(l, settle.bad_amount, row = *row).to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(td_string!(l, common.list_separator));
            td_string!(l, common.settle_err_rows, n = *total, rows = rows).to_string()
        }
    }
}

/// A file read and checked, waiting for the user's yes.
#[derive(Clone)]
struct Pending {
    name: String,
    parsed: statement::Statement,
    /// The stored statement with this file's days replaced.
    merged: Bookings,
    encoded: String,
}

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let backend = state.backend();
    let (initial, aside) = load_facts(backend.as_ref(), KEY_STATEMENT, statement::decode);
    let stuck = matches!(aside, Some(Err(())));
    let stored = RwSignal::new(initial);
    let msg = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<Pending>);
    let busy = RwSignal::new(false);
    let months = Memo::new(move |_| stored.with(st::months));
    let chosen = RwSignal::new(None::<Month>);
    let month = Memo::new(move |_| {
        let ms = months.get();
        chosen
            .get()
            .filter(|m| ms.contains(m))
            .or_else(|| ms.last().copied())
    });
    let entries = Memo::new(move |_| state.ws.with(|ws| ws.records.ledger.clone()));
    let rule_list = Memo::new(move |_| entries.with(|e| rules(e)));
    let acct = Memo::new(move |_| {
        let m = month.get()?;
        Some(rule_list.with(|r| stored.with(|b| account(b, r, m))))
    });

    let on_file = move |f: web_sys::File| {
        let l = i18n.get_locale_untracked();
        msg.set(None);
        done.set(None);
        pending.set(None);
        if stuck {
            return msg.set(Some(td_string!(l, common.settle_stuck).to_string()));
        }
        busy.set(true);
        let name = f.name();
        let backend = state.backend();
        leptos::task::spawn_local(async move {
            let buf = wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await;
            busy.set(false);
            let Ok(buf) = buf else {
                msg.set(Some(td_string!(l, settle.err_not_text).to_string()));
                return;
            };
            mark("sop-st-read");
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            mark("sop-st-copied");
            // on the bytes (only descriptions decoded); else decoded, then line by line, and a
            // quoted cell over several lines reads the whole table
            let parsed = match statement::parse_bytes(&bytes, &BrowserGb18030) {
                Some(p) => p,
                None => {
                    let text = match decode_text(&bytes, &BrowserGb18030) {
                        Ok((t, _)) => t,
                        Err(e) => return msg.set(Some(read_error_text(l, &e))),
                    };
                    mark("sop-st-decoded");
                    statement::parse_text(&text, || csv_table(&text).ok())
                }
            };
            drop(bytes);
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) => return msg.set(Some(error_text(l, &e))),
            };
            mark("sop-st-parsed");
            let merged =
                stored.with_untracked(|old| statement::replace_days(old, &parsed.bookings));
            let encoded = statement::encode(&merged);
            if let Err(m) = check_room(backend.as_ref(), KEY_STATEMENT, &encoded, l) {
                return msg.set(Some(m));
            }
            mark("sop-st-checked");
            pending.set(Some(Pending {
                name,
                parsed,
                merged,
                encoded,
            }));
        });
    };

    let confirm = move |_| {
        let l = i18n.get_locale_untracked();
        let Some(p) = pending.get_untracked() else {
            return;
        };
        match write_facts(state, KEY_STATEMENT, &p.encoded, l) {
            Ok(()) => {
                let last = p.parsed.last_day;
                stored.set(p.merged);
                chosen.set(Some(st::month_of_day(last)));
                pending.set(None);
                done.set(Some(
                    td_string!(l, settle.imported, n = p.parsed.lines, name = p.name).to_string(),
                ));
            }
            Err(m) => msg.set(Some(m)),
        }
    };

    let preview = move || {
        let p = pending.get()?;
        let l = i18n.get_locale();
        let (first, last) = (p.parsed.first_day, p.parsed.last_day);
        let settled: Vec<String> = {
            let ms = st::months(&p.parsed.bookings);
            entries.with(|e| {
                ms.into_iter()
                    .filter(|m| closing(e, *m).is_some())
                    .map(month_key)
                    .collect()
            })
        };
        let warn = (!settled.is_empty()).then(|| {
            view! { <p class="warn" data-testid="st-settled-warn">{td_string!(l, settle.preview_settled, months = settled.join(td_string!(l, common.enumeration)))}</p> }
        });
        Some(view! {
            <section class="panel" data-testid="st-preview" aria-live="polite">
                <p>{td_string!(l, settle.preview, name = p.name.clone(), n = p.parsed.lines, from = iso(first), to = iso(last), skipped = p.parsed.skipped)}</p>
                {warn}
                <button class="btn primary" data-testid="st-confirm" on:click=confirm>{td_string!(l, common.settle_confirm)}</button>
                <button class="btn" data-testid="st-cancel" on:click=move |_| pending.set(None)>{td_string!(l, common.settle_cancel)}</button>
            </section>
        })
    };

    // the add-a-rule form (prefilled from an unclassified line)
    let rule_text = RwSignal::new(String::new());
    let rule_class = RwSignal::new(FeeClass::Platform);
    let rule_line = RwSignal::new(String::new());
    let rule_msg = RwSignal::new(None::<String>);
    let pattern_seed = move |line: &str| {
        // the remark is the useful part: "收费 · 神秘费用" → "神秘费用"
        let seed = line.split(" · ").nth(1).unwrap_or(line).to_string();
        rule_text.set(
            seed.chars()
                .take(crate::model::ledger::MAX_PATTERN)
                .collect(),
        );
        rule_msg.set(None);
        if let Some(el) = document().get_element_by_id("st-rule-text") {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let account_view = move || {
        let l = i18n.get_locale();
        let m = month.get()?;
        let a = acct.get()?;
        let figure = |label: &'static str, v: i64, id: &'static str| {
            view! { <tr><th scope="row">{label}</th><td class="num" data-testid=id>{yuan(Fen(v))}</td></tr> }
        };
        let lines = a
            .lines
            .iter()
            .map(|x| {
                let unclassified = x.class.is_none();
                let line = x.line.clone();
                let add = unclassified.then(|| {
                    let line = line.clone();
                    view! { <button class="btn small" data-testid="st-make-rule"
                    on:click=move |_| pattern_seed(&line)>{td_string!(l, settle.make_rule)}</button> }
                });
                view! {
                    <tr data-testid="st-line" class:warn=unclassified>
                        <td>{class_name(l, x.class)}</td>
                        <td>{line}</td>
                        <td class="num">{x.count}</td>
                        <td class="num">{yuan(Fen(x.amount))}</td>
                        <td>{add}</td>
                    </tr>
                }
            })
            .collect_view();
        let rec = state.metrics.with(|ms| {
            reconcile(
                &a,
                ms.store_days(),
                m,
                state.ws.with(|w| w.settings.confirm_days),
            )
        });
        let coverage = if rec.metric_days == 0 {
            td_string!(l, settle.no_metrics).to_string()
        } else if rec.metric_days < rec.month_days {
            td_string!(
                l,
                settle.some_metrics,
                n = rec.metric_days,
                of = rec.month_days
            )
            .to_string()
        } else {
            String::new()
        };
        let carried_in_note = (!rec.carried_in_known && rec.lag_days > 0)
            .then(|| td_string!(l, settle.carried_in_unknown).to_string());
        Some(view! {
            <section class="panel" data-testid="st-account">
                <h2>{td_string!(l, settle.account_title, month = month_key(m))}</h2>
                <table class="grid kv" data-testid="st-summary">
                    <tbody>
                        {figure(td_string!(l, settle.income), a.income, "st-income")}
                        {figure(td_string!(l, settle.refunds), a.refunds, "st-refunds")}
                        {figure(td_string!(l, settle.promotion), a.promotion, "st-promotion")}
                        {figure(td_string!(l, settle.platform), a.platform, "st-platform")}
                        {figure(td_string!(l, settle.unclassified), a.unclassified, "st-unclassified")}
                        {figure(td_string!(l, settle.net), a.net, "st-net")}
                        {figure(td_string!(l, settle.other_out), a.other, "st-other")}
                    </tbody>
                </table>
                <h3>{td_string!(l, settle.lines_title)}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(l, settle.lines_title)>
                    <table class="grid" data-testid="st-lines">
                        <thead><tr>
                            <th scope="col">{td_string!(l, settle.col_class)}</th>
                            <th scope="col">{td_string!(l, settle.col_line)}</th>
                            <th scope="col" class="num">{td_string!(l, settle.col_count)}</th>
                            <th scope="col" class="num">{td_string!(l, settle.col_amount)}</th>
                            <th scope="col">{td_string!(l, settle.col_action)}</th>
                        </tr></thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
                <h2>{td_string!(l, settle.rec_title)}</h2>
                <p class="muted" data-testid="st-coverage">{coverage}</p>
                <table class="grid kv" data-testid="st-reconcile">
                    <tbody>
                        {figure(td_string!(l, settle.paid), rec.paid, "st-paid")}
                        {figure(td_string!(l, settle.refunded), rec.refunded, "st-refunded")}
                        {figure(td_string!(l, settle.expected), rec.expected, "st-expected")}
                        {figure(td_string!(l, settle.received), rec.received, "st-received")}
                        {figure(td_string!(l, settle.difference), rec.difference, "st-difference")}
                        <tr><th scope="row">{td_string!(l, settle.carried_in, n = rec.lag_days)}</th><td class="num" data-testid="st-carried-in">{format!("+{}", yuan(Fen(rec.carried_in)))}</td></tr>
                        <tr><th scope="row">{td_string!(l, settle.carried_out, n = rec.lag_days)}</th><td class="num" data-testid="st-carried-out">{format!("−{}", yuan(Fen(rec.carried_out)))}</td></tr>
                        {figure(td_string!(l, settle.unexplained), rec.unexplained, "st-unexplained")}
                    </tbody>
                </table>
                {carried_in_note.map(|t| view! { <p class="muted">{t}</p> })}
                <p class="muted">{td_string!(l, settle.rec_note)}</p>
            </section>
        })
    };

    let add_rule = move |_| {
        let l = i18n.get_locale_untracked();
        let text = rule_text.get_untracked().trim().to_string();
        let line = rule_line.get_untracked().trim().to_string();
        if text.is_empty() || text.chars().count() > crate::model::ledger::MAX_PATTERN {
            return rule_msg.set(Some(td_string!(l, settle.rule_bad).to_string()));
        }
        if line.chars().count() > crate::model::ledger::MAX_LINE {
            return rule_msg.set(Some(td_string!(l, settle.rule_bad).to_string()));
        }
        let mut e = LedgerEntry {
            meta: Meta::new(new_id(), now_ms()),
            entry: EntryKind::Rule,
            name: text,
            class: rule_class.get_untracked(),
            line,
            note: String::new(),
        };
        e.bump(now_ms());
        state.commit_kind(vec![e]);
        rule_text.set(String::new());
        rule_line.set(String::new());
        rule_msg.set(None);
    };

    let own_rules = move || {
        let l = i18n.get_locale();
        let list: Vec<LedgerEntry> = entries.with(|e| {
            e.iter()
                .filter(|x| !x.meta.deleted && x.entry == EntryKind::Rule)
                .cloned()
                .collect()
        });
        if list.is_empty() {
            return view! { <p class="muted" data-testid="st-no-rules">{td_string!(l, settle.no_rules)}</p> }.into_any();
        }
        let rows = list
            .into_iter()
            .map(|r| {
                let id = r.meta.id.clone();
                let label = td_string!(l, settle.rule_delete, text = r.name.clone()).to_string();
                view! {
                    <tr data-testid="st-rule">
                        <td>{r.name.clone()}</td>
                        <td>{class_name(l, Some(r.class))}</td>
                        <td>{if r.line.is_empty() { r.name.clone() } else { r.line.clone() }}</td>
                        <td><button class="btn small" aria-label=label data-testid="st-rule-delete"
                            on:click=move |_| { state.edit::<LedgerEntry>(&id, |x| x.meta.deleted = true) }>
                            {td_string!(l, settle.delete)}</button></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="grid" data-testid="st-rules">
                <thead><tr>
                    <th scope="col">{td_string!(l, settle.rule_text)}</th>
                    <th scope="col">{td_string!(l, settle.col_class)}</th>
                    <th scope="col">{td_string!(l, settle.col_line)}</th>
                    <th scope="col">{td_string!(l, settle.col_action)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };

    // settle / reopen the month
    let note = RwSignal::new(String::new());
    let settle_view = move || {
        let l = i18n.get_locale();
        let m = month.get()?;
        let closed = entries.with(|e| closing(e, m).cloned());
        Some(match closed {
            Some(c) => {
                let id = c.meta.id.clone();
                view! {
                    <section class="panel" data-testid="st-closed">
                        <p class="good" data-testid="st-status">{td_string!(l, settle.settled, month = month_key(m))}</p>
                        {(!c.note.is_empty()).then(|| view! { <p data-testid="st-note">{c.note.clone()}</p> })}
                        <button class="btn" data-testid="st-reopen"
                            on:click=move |_| { state.edit::<LedgerEntry>(&id, |x| x.meta.deleted = true) }>
                            {td_string!(l, settle.reopen)}</button>
                    </section>
                }
                .into_any()
            }
            None => view! {
                <section class="panel form-row" data-testid="st-open">
                    <p data-testid="st-status">{td_string!(l, settle.not_settled, month = month_key(m))}</p>
                    <label>{td_string!(l, settle.note)}
                        <input type="text" data-testid="st-note-input" maxlength="500" prop:value=move || note.get()
                            on:input=move |e| note.set(event_target_value(&e))/>
                    </label>
                    <button class="btn primary" data-testid="st-settle" on:click=move |_| {
                        let id = closing_id(m);
                        let text: String = note.get_untracked().trim().chars().take(crate::model::ledger::MAX_NOTE).collect();
                        let existing = state.ws.with_untracked(|ws| ws.records.get::<LedgerEntry>(&id).cloned());
                        let mut e = existing.unwrap_or_else(|| LedgerEntry {
                            meta: Meta::new(id.clone(), now_ms()),
                            entry: EntryKind::Close,
                            name: month_key(m),
                            class: FeeClass::default(),
                            line: String::new(),
                            note: String::new(),
                        });
                        e.meta.deleted = false;
                        e.note = text;
                        e.bump(now_ms());
                        state.commit_kind(vec![e]);
                        note.set(String::new());
                    }>{td_string!(l, settle.settle)}</button>
                </section>
            }
            .into_any(),
        })
    };

    let builtin = move || {
        let l = i18n.get_locale();
        DEFAULT_RULES
            .iter()
            .map(|(p, c, line)| {
                view! { <tr><td>{*p}</td><td>{class_name(l, Some(*c))}</td><td>{*line}</td></tr> }
            })
            .collect_view()
    };

    let lag_input = move |e: leptos::ev::Event| {
        let l = i18n.get_locale_untracked();
        match event_target_value(&e).trim().parse::<u32>() {
            Ok(n) if n <= 28 => {
                state.edit_settings(|s| s.confirm_days = n);
                msg.set(None);
            }
            _ => {
                msg.set(Some(td_string!(l, settle.bad_lag).to_string()));
                let v = state
                    .ws
                    .with_untracked(|w| w.settings.confirm_days)
                    .to_string();
                event_target::<web_sys::HtmlInputElement>(&e).set_value(&v);
            }
        }
    };

    view! {
        <section class="page settle" data-testid="page-settle">
            <h1>{tr!(common.nav_settle)}</h1>
            <p class="muted">{tr!(settle.intro)}</p>
            {facts_banner(&aside)}
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="st-error">{m}</div> })}
            {move || done.get().map(|m| view! { <div class="banner ok" role="status" data-testid="st-done">{m}</div> })}
            <FileDrop accept=".csv,.txt,.xlsx,.xls" zone_testid="st-drop" input_testid="st-file"
                hint=move || tr!(settle.drop_hint) on_file=on_file/>
            {move || busy.get().then(|| view! { <p class="muted" role="status">{tr!(settle.reading)}</p> })}
            {preview}
            <div class="form-row">
                <Show when=move || !months.with(Vec::is_empty)
                    fallback=move || view! { <p class="muted" data-testid="st-empty">{tr!(settle.empty)}</p> }>
                    <label>{tr!(common.settle_month)}
                        <select data-testid="st-month" on:change=move |e| chosen.set(st::month_of_key(&event_target_value(&e)))>
                            {move || months.get().into_iter().rev().map(|m| {
                                let sel = month.get() == Some(m);
                                view! { <option value=month_key(m) selected=sel>{month_key(m)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <label>{tr!(settle.lag)}
                    <input type="number" min="0" max="28" class="narrow" data-testid="st-lag"
                        prop:value=move || state.ws.with(|w| w.settings.confirm_days.to_string())
                        on:change=lag_input/>
                </label>
            </div>
            {account_view}
            {settle_view}
            <section class="panel" data-testid="st-rules-panel">
                <h2>{tr!(settle.rules_title)}</h2>
                <p class="muted">{tr!(settle.rules_intro)}</p>
                {own_rules}
                {move || rule_msg.get().map(|m| view! { <p class="error" role="alert" data-testid="st-rule-error">{m}</p> })}
                <div class="form-row">
                    <label>{tr!(settle.rule_text)}
                        <input type="text" id="st-rule-text" data-testid="st-rule-text" prop:value=move || rule_text.get()
                            on:input=move |e| rule_text.set(event_target_value(&e))/>
                    </label>
                    <label>{tr!(settle.col_class)}
                        <select data-testid="st-rule-class" on:change=move |e| {
                            if let Some(c) = FeeClass::from_key(&event_target_value(&e)) { rule_class.set(c) }
                        }>
                            {move || {
                                let l = i18n.get_locale();
                                FeeClass::ALL.into_iter().map(|c| {
                                    let sel = rule_class.get() == c;
                                    view! { <option value=c.key() selected=sel>{class_name(l, Some(c))}</option> }
                                }).collect_view()
                            }}
                        </select>
                    </label>
                    <label>{tr!(settle.rule_line)}
                        <input type="text" data-testid="st-rule-line" prop:value=move || rule_line.get()
                            on:input=move |e| rule_line.set(event_target_value(&e))/>
                    </label>
                    <button class="btn" data-testid="st-rule-add" on:click=add_rule>{tr!(settle.rule_add)}</button>
                </div>
                <details>
                    <summary>{tr!(settle.builtin)}</summary>
                    <table class="grid" data-testid="st-builtin">
                        <thead><tr>
                            <th scope="col">{tr!(settle.rule_text)}</th>
                            <th scope="col">{tr!(settle.col_class)}</th>
                            <th scope="col">{tr!(settle.col_line)}</th>
                        </tr></thead>
                        <tbody>{builtin}</tbody>
                    </table>
                </details>
            </section>
        </section>
    }
}
