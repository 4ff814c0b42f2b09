//! Settings: store profile, title rules, margin floor, language, and storage (usage against the
//! browser's limit, values set aside at start, backup).

use crate::core::format::{bp_plain, group_thousands, parse_percent_bp, percent_bp};
use crate::i18n::*;
use crate::model::{Fen, Platform, StoreWideBase};
use crate::store::{self, LIMIT_CHARS};
use crate::ui::state::{AppState, StorageMode};
use crate::ui::text::{dyn_bool, dyn_text};
use crate::ui::widgets::download::download_text;
use leptos::prelude::*;

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let msg = RwSignal::new(None::<String>);
    // Rerun when storage changes so the list of set-aside values stays current.
    let corrupt = Memo::new(move |_| {
        state.storage_used.track();
        store::corrupt_entries(state.backend().as_ref())
    });
    let bad = move || {
        msg.set(Some(
            t_string!(i18n, settings.settings_bad_value).to_string(),
        ))
    };
    let ok = move || msg.set(None);

    let backup = move |_| crate::ui::widgets::download::download_backup(state);

    view! {
        <section class="page settings" data-testid="page-settings">
            <h1>{tr!(common.nav_settings)}</h1>
            {move || msg.get().map(|m| view! { <div class="banner error" role="alert" data-testid="settings-error">{m}</div> })}
            <div class="panel form">
                <h2>{tr!(settings.store_profile)}</h2>
                <label>{tr!(settings.store_name)}
                    <input data-testid="store-name-input" maxlength="100"
                        prop:value=dyn_text(move || state.ws.with(|w| w.profile.name.clone()))
                        on:change=move |e| { let v = event_target_value(&e); state.edit_profile(|p| p.name = v.trim().to_string()) }/>
                </label>
                <label>{tr!(settings.platform)}
                    <select on:change=move |e| {
                        let v = event_target_value(&e);
                        state.edit_profile(|p| p.platform = if v == "taobao" { Platform::Taobao } else { Platform::Tmall })
                    }>
                        <option value="tmall" selected=move || state.ws.with(|w| w.profile.platform == Platform::Tmall)>{tr!(settings.tmall)}</option>
                        <option value="taobao" selected=move || state.ws.with(|w| w.profile.platform == Platform::Taobao)>{tr!(settings.taobao)}</option>
                    </select>
                </label>
                <label>{tr!(settings.fee_rate)}
                    <input data-testid="fee-rate" inputmode="decimal"
                        prop:value=dyn_text(move || state.ws.with(|w| bp_plain(i64::from(w.profile.fee_rate_bp))))
                        on:change=move |e| match parse_percent_bp(&event_target_value(&e), 0, 10_000) {
                            Some(bp) => { ok(); state.edit_profile(|p| p.fee_rate_bp = u32::try_from(bp).unwrap_or(0)) }
                            None => bad(),
                        }/>
                    <span class="muted">{tr!(settings.fee_rate_hint)}</span>
                </label>
                <label>{tr!(settings.default_postage)}
                    <input inputmode="decimal"
                        prop:value=dyn_text(move || state.ws.with(|w| w.profile.default_postage.to_plain()))
                        on:change=move |e| match Fen::parse_yuan(&event_target_value(&e)) {
                            Some(f) => { ok(); state.edit_profile(|p| p.default_postage = f) }
                            None => bad(),
                        }/>
                    <span class="muted">{tr!(settings.postage_charged_hint)}</span>
                </label>
                <label>{tr!(settings.shipping_cost)}
                    <input data-testid="shipping-cost" inputmode="decimal"
                        prop:value=dyn_text(move || state.ws.with(|w| w.profile.shipping_cost_per_order().to_plain()))
                        on:change=move |e| match Fen::parse_yuan(&event_target_value(&e)) {
                            Some(f) if f.0 >= 0 => { ok(); state.edit_profile(|p| p.shipping_cost = Some(f)) }
                            _ => bad(),
                        }/>
                    <span class="muted">{tr!(settings.shipping_cost_hint)}</span>
                </label>
            </div>
            <div class="panel form">
                <h2>{tr!(settings.title_rules)}</h2>
                <label>{tr!(settings.title_limit)}
                    <input data-testid="title-limit" inputmode="numeric"
                        prop:value=dyn_text(move || state.ws.with(|w| w.settings.title_limit_bytes.to_string()))
                        on:change=move |e| { set_title_limit(state, &event_target_value(&e), ok, bad) }/>
                    <span class="muted">{tr!(settings.title_limit_hint)}</span>
                </label>
                <label>{tr!(settings.title_whitelist)}
                    <textarea data-testid="title-whitelist" rows="4"
                        prop:value=dyn_text(move || state.ws.with(|w| w.settings.title_whitelist.join("\n")))
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            let words: Vec<String> = v.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).take(500).collect();
                            state.edit_settings(|s| s.title_whitelist = words)
                        }></textarea>
                    <span class="muted">{tr!(settings.title_whitelist_hint)}</span>
                </label>
                <label>{tr!(settings.min_margin)}
                    <input data-testid="min-margin" inputmode="decimal"
                        prop:value=dyn_text(move || state.ws.with(|w| bp_plain(i64::from(w.settings.min_margin_bp))))
                        on:change=move |e| match parse_percent_bp(&event_target_value(&e), -10_000, 10_000) {
                            Some(bp) => { ok(); state.edit_settings(|s| s.min_margin_bp = i32::try_from(bp).unwrap_or(0)) }
                            None => bad(),
                        }/>
                </label>
                <label>{tr!(settings.price_lookback)}
                    <select data-testid="price-lookback" on:change=move |e| {
                        if let Ok(n) = event_target_value(&e).parse::<u32>() {
                            if [7, 15, 30].contains(&n) { ok(); state.edit_settings(|s| s.price_lookback_days = n) }
                        }
                    }>
                        {[7u32, 15, 30].into_iter().map(|n| view! {
                            <option value=n.to_string() selected=dyn_bool(move || state.ws.with(|w| w.settings.price_lookback_days == n))>{n}</option>
                        }).collect_view()}
                    </select>
                    <span class="muted">{tr!(settings.price_lookback_hint)}</span>
                </label>
                <label>{tr!(settings.store_wide_base)}
                    <select data-testid="store-wide-base" on:change=move |e| {
                        let v = event_target_value(&e);
                        let b = if v == "before" { StoreWideBase::BeforeBundle } else { StoreWideBase::AfterBundle };
                        ok();
                        state.edit_settings(|s| s.store_wide_base = b)
                    }>
                        <option value="after" selected=dyn_bool(move || state.ws.with(|w| w.settings.store_wide_base == StoreWideBase::AfterBundle))>{tr!(settings.store_wide_after_bundle)}</option>
                        <option value="before" selected=dyn_bool(move || state.ws.with(|w| w.settings.store_wide_base == StoreWideBase::BeforeBundle))>{tr!(settings.store_wide_before_bundle)}</option>
                    </select>
                    <span class="muted">{tr!(settings.store_wide_base_hint)}</span>
                </label>
            </div>
            <div class="panel form">
                <h2>{tr!(common.anomalies_title)}</h2>
                <label>{tr!(settings.anomaly_threshold)}
                    <input data-testid="anomaly-threshold" inputmode="numeric"
                        prop:value=dyn_text(move || state.ws.with(|w| w.settings.anomaly_threshold_pct.to_string()))
                        on:change=move |e| { set_anomaly_pct(state, &event_target_value(&e), ok, bad) }/>
                </label>
                <label>{tr!(settings.change_colors)}
                    <select data-testid="change-colors" on:change=move |e| {
                        let v = event_target_value(&e);
                        if ["", "dir", "good"].contains(&v.as_str()) { ok(); state.edit_prefs(|p| p.change_colors = v) }
                    }>
                        {[("", "auto"), ("dir", "dir"), ("good", "good")].into_iter().map(|(v, k)| view! {
                            <option value=v selected=dyn_bool(move || state.prefs.with(|p| p.change_colors == v))>{move || {
                                let l = i18n.get_locale();
                                match k { "dir" => td_string!(l, settings.change_colors_dir), "good" => td_string!(l, settings.change_colors_good), _ => td_string!(l, settings.change_colors_auto) }
                            }}</option>
                        }).collect_view()}
                    </select>
                    <span class="muted">{tr!(settings.change_colors_hint)}</span>
                </label>
            </div>
            <div class="panel form">
                <h2>{tr!(settings.import_checks_title)}</h2>
                <label>{tr!(settings.refund_tolerance_pct)}
                    <input data-testid="refund-tolerance-pct" inputmode="numeric"
                        prop:value=dyn_text(move || state.ws.with(|w| w.settings.refund_tolerance_pct.to_string()))
                        on:change=move |e| { set_refund_pct(state, &event_target_value(&e), ok, bad) }/>
                </label>
                <label>{tr!(settings.refund_tolerance_min)}
                    <input data-testid="refund-tolerance-min" inputmode="decimal"
                        prop:value=dyn_text(move || state.ws.with(|w| w.settings.refund_tolerance_min.to_plain()))
                        on:change=move |e| match Fen::parse_yuan(&event_target_value(&e)) {
                            Some(f) if f.0 >= 0 => { ok(); state.edit_settings(|s| s.refund_tolerance_min = f) }
                            _ => bad(),
                        }/>
                    <span class="muted">{tr!(settings.refund_tolerance_hint)}</span>
                </label>
            </div>
            <div class="panel">
                <h2>{tr!(settings.storage_title)}</h2>
                <Show when=move || state.mode == StorageMode::MemoryOnly>
                    <p class="banner warn">{tr!(common.banner_memory_only)}</p>
                </Show>
                <div class="meter" data-testid="storage-meter">
                    <div class="meter-fill" style=move || format!("width:{}%", (state.storage_used.get() * 100 / LIMIT_CHARS).min(100))></div>
                </div>
                <p data-testid="storage-used">
                    {move || {
                        let used = state.storage_used.get();
                        td_string!(i18n.get_locale(), settings.storage_used, used = group_thousands(used as u64), limit = group_thousands(LIMIT_CHARS as u64),
                            pct = percent_bp((used as i64) * 10_000 / LIMIT_CHARS as i64)).to_string()
                    }}
                </p>
                <button class="btn" data-testid="export-backup" on:click=backup>{tr!(common.export_backup)}</button>
                <Show when=move || corrupt.with(|c| !c.is_empty())>
                    <h3>{tr!(settings.corrupt_title)}</h3>
                    <p class="muted">{tr!(settings.corrupt_hint)}</p>
                    <ul class="corrupt-list" data-testid="corrupt-list">
                        <For each=move || corrupt.get() key=|(k, _)| k.clone() let:entry>
                            {
                                let (k, n) = entry;
                                let k_dl = k.clone();
                                let k_rm = k.clone();
                                view! {
                                    <li>
                                        <code>{k.clone()}</code> " (" {group_thousands(n as u64)} ") "
                                        <button class="btn small" data-testid="download-corrupt" on:click=move |_| {
                                            if let Ok(Some(v)) = state.backend().get(&k_dl) {
                                                let name = format!("{}.txt", k_dl.replace('/', "_"));
                                                download_text(&name, &v, "text/plain");
                                            }
                                        }>{tr!(settings.download)}</button>
                                        <button class="btn small ghost" on:click=move |_| state.remove_key(&k_rm)>{tr!(common.delete)}</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Show>
            </div>
        </section>
    }
}

fn set_title_limit(state: AppState, v: &str, ok: impl Fn(), bad: impl Fn()) {
    match v.trim().parse::<u32>() {
        Ok(n) if (10..=1000).contains(&n) => {
            ok();
            state.edit_settings(|s| s.title_limit_bytes = n)
        }
        _ => bad(),
    }
}

fn set_refund_pct(state: AppState, v: &str, ok: impl Fn(), bad: impl Fn()) {
    match v.trim().trim_end_matches('%').parse::<u32>() {
        Ok(n) if n <= 1_000 => {
            ok();
            state.edit_settings(|s| s.refund_tolerance_pct = n)
        }
        _ => bad(),
    }
}

fn set_anomaly_pct(state: AppState, v: &str, ok: impl Fn(), bad: impl Fn()) {
    match v.trim().trim_end_matches('%').parse::<u32>() {
        Ok(n) if (1..=500).contains(&n) => {
            ok();
            state.edit_settings(|s| s.anomaly_threshold_pct = n)
        }
        _ => bad(),
    }
}
