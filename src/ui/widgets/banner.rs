//! Storage banners: storage full (with a backup download and a retry), memory-only mode,
//! values set aside or refused at start, and a notice when another tab's edit arrived.

use crate::i18n::*;
use crate::store::LoadIssue;
use crate::ui::state::{AppState, StorageMode};
use leptos::prelude::*;

#[component]
pub fn StorageBanners() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let backup = move |_| crate::ui::widgets::download::download_backup(state);
    view! {
        <Show when=move || state.mode == StorageMode::MemoryOnly>
            <div class="banner warn" role="alert" data-testid="banner-memory">
                {tr!(common.banner_memory_only)}
            </div>
        </Show>
        <Show when=move || state.quota_full.get()>
            <div class="banner error" role="alert" data-testid="banner-quota">
                <span>{tr!(common.banner_quota)}</span>
                <button class="btn" on:click=backup>{tr!(common.export_backup)}</button>
                <button class="btn ghost" on:click=move |_| state.flush()>{tr!(common.retry_save)}</button>
            </div>
        </Show>
        <Show when=move || state.newer_elsewhere.get()>
            <div class="banner error" role="alert" data-testid="banner-newer">
                <span>{tr!(common.banner_newer_elsewhere)}</span>
                <button class="btn" on:click=backup>{tr!(common.export_backup)}</button>
            </div>
        </Show>
        <For
            each=move || state.load_issues.get().into_iter().enumerate()
            key=|(i, _)| *i
            children=move |(_, issue)| {
                let text = move || match &issue {
                    LoadIssue::Corrupt { key, kept_as: Some(k) } => {
                        td_string!(i18n.get_locale(), common.banner_corrupt_kept, key = key.clone(), kept = k.clone()).to_string()
                    }
                    LoadIssue::Corrupt { key, kept_as: None } => {
                        td_string!(i18n.get_locale(), common.banner_corrupt_not_kept, key = key.clone()).to_string()
                    }
                    LoadIssue::TooNew { key, found, supported } => {
                        td_string!(i18n.get_locale(), common.banner_too_new, key = key.clone(), found = *found, supported = *supported).to_string()
                    }
                };
                view! { <div class="banner warn" role="alert" data-testid="banner-load">{text}</div> }
            }
        />
        <Show when=move || state.synced_at.get().is_some()>
            <div class="banner info" data-testid="banner-synced">
                {tr!(common.banner_synced)}
                <button class="btn ghost small" on:click=move |_| state.synced_at.set(None)>"×"</button>
            </div>
        </Show>
    }
}
