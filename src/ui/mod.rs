//! The browser shell: the App component (i18n provider, state, router), the header with
//! navigation, language switch and undo/redo, the storage banners, and window listeners
//! (keyboard shortcuts, other tabs' writes, saving when the page is hidden).

pub mod clock;
pub mod import_client;
pub mod pages;
pub mod router;
pub mod state;
pub mod text;
pub mod widgets;

use crate::i18n::*;
use crate::ui::text::dyn_bool;
use leptos::prelude::*;
use router::{Page, A};
use state::AppState;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::open();
    provide_context(state);
    view! {
        <I18nContextProvider>
            <Shell/>
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();

    // The colour convention of changes, as <html data-chg="dir|good"> (CSS colours by it).
    Effect::new(move |_| {
        let mode = state.prefs.with(|p| p.change_colors.clone());
        let mode = match mode.as_str() {
            "dir" | "good" => mode,
            _ if i18n.get_locale() == Locale::zh => "dir".to_string(),
            _ => "good".to_string(),
        };
        if let Some(de) = document().document_element() {
            let _ = de.set_attribute("data-chg", &mode);
        }
    });

    // A remembered language wins over the browser's; set it after the provider's first effect.
    Effect::new(move |_| {
        let want = state.prefs.with(|p| p.locale.clone());
        let loc = match want.as_str() {
            "zh" => Some(Locale::zh),
            "en" => Some(Locale::en),
            _ => None,
        };
        if let Some(l) = loc {
            if i18n.get_locale_untracked() != l {
                i18n.set_locale(l);
            }
        }
    });

    install_listeners(state);
    let loc = router::provide_router();
    let page = Memo::new(move |_| router::page_of(&loc.pathname.get()));
    // The platform event calendar of this year and next (stable ids: seeds never duplicate).
    state.ensure_events(crate::core::promo::events::seed_calendar(
        state::today_date(),
    ));

    let switch_lang = move |_| {
        let next = match i18n.get_locale_untracked() {
            Locale::zh => Locale::en,
            Locale::en => Locale::zh,
        };
        i18n.set_locale(next);
        state.edit_prefs(|p| p.locale = next.to_string());
    };

    view! {
        <a class="skip-link" href="#main">{tr!(skip_to_content)}</a>
        <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"店"</span>
                    <span class="brand-name">{tr!(app_name)}</span>
                    <span class="store-name" data-testid="store-name">
                        {move || state.ws.with(|ws| ws.profile.name.clone())}
                    </span>
                </div>
                <div class="top-actions">
                    <button class="btn ghost" data-testid="undo" title=tr!(undo_hint)
                        disabled=dyn_bool(move || !state.can_undo.get()) on:click=move |_| state.undo()>
                        "↶ " {tr!(undo)}
                    </button>
                    <button class="btn ghost" data-testid="redo" title=tr!(redo_hint)
                        disabled=dyn_bool(move || !state.can_redo.get()) on:click=move |_| state.redo()>
                        "↷ " {tr!(redo)}
                    </button>
                    <button class="btn ghost lang" data-testid="lang-switch" on:click=switch_lang>
                        {tr!(switch_language)}
                    </button>
                </div>
            </header>
            <nav class="sidenav" aria-label=tr!(nav_label)>
                <A href="/">{tr!(nav_dashboard)}</A>
                <A href="/products">{tr!(nav_products)}</A>
                <A href="/analysis">{tr!(nav_analysis)}</A>
                <A href="/promotions">{tr!(nav_promotions)}</A>
                <A href="/calendar">{tr!(nav_calendar)}</A>
                <A href="/simulator">{tr!(nav_simulator)}</A>
                <A href="/targets">{tr!(nav_targets)}</A>
                <A href="/tasks">{tr!(nav_tasks)}</A>
                <A href="/data">{tr!(nav_data)}</A>
                <A href="/settings">{tr!(nav_settings)}</A>
            </nav>
            <main class="content" id="main">
                <widgets::banner::StorageBanners/>
                {move || match page.get() {
                    Page::Dashboard => Suspend::new(dashboard_page()).into_any(),
                    Page::Products => Suspend::new(products_page()).into_any(),
                    Page::Analysis => Suspend::new(analysis_page()).into_any(),
                    Page::Promotions => Suspend::new(promotions_page()).into_any(),
                    Page::Promotion => Suspend::new(promotion_edit_page()).into_any(),
                    Page::Calendar => Suspend::new(calendar_page()).into_any(),
                    Page::Simulator => Suspend::new(simulator_page()).into_any(),
                    Page::Targets => Suspend::new(targets_page()).into_any(),
                    Page::Tasks => Suspend::new(tasks_page()).into_any(),
                    Page::Data => Suspend::new(data_page()).into_any(),
                    Page::Settings => Suspend::new(settings_page()).into_any(),
                    Page::NotFound => view! { <pages::not_found::NotFound/> }.into_any(),
                }}
            </main>
    }
}

/// `lazy_page!(fun, Component)`: `async fn fun() -> AnyView` rendering the page. With the `split`
/// feature (the Trunk build) it is a split point: the page's code, and whatever only it reaches,
/// goes into a separate wasm chunk fetched on first use (scripts/wasm_split.py splits the module).
/// Without the feature (cargo test, the wasm browser tests) it is an ordinary async function.
macro_rules! lazy_page {
    ($fun:ident, $($page:tt)+) => {
        #[cfg_attr(feature = "split", leptos::lazy)]
        async fn $fun() -> AnyView {
            view! { <$($page)+/> }.into_any()
        }
    };
}

lazy_page!(dashboard_page, pages::dashboard::Dashboard);
lazy_page!(products_page, pages::products::Products);
lazy_page!(analysis_page, pages::analysis::Analysis);
lazy_page!(promotions_page, pages::promotions::Promotions);
lazy_page!(promotion_edit_page, pages::promotion_edit::PromotionEdit);
lazy_page!(calendar_page, pages::calendar::Page);
lazy_page!(simulator_page, pages::simulator::Page);
lazy_page!(data_page, pages::data::DataPage);
lazy_page!(settings_page, pages::settings::SettingsPage);
lazy_page!(targets_page, pages::targets::Targets);
lazy_page!(tasks_page, pages::tasks::Tasks);

/// Window-level listeners: Ctrl+Z / Ctrl+Shift+Z (outside text fields), other tabs' writes,
/// and an immediate save when the page is hidden or closed.
fn install_listeners(state: AppState) {
    let _ = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if !(e.ctrl_key() || e.meta_key()) {
            return;
        }
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        if in_field {
            return; // let the field undo its own typing
        }
        let key = e.key().to_lowercase();
        if key == "z" && e.shift_key() || key == "y" {
            e.prevent_default();
            state.redo();
        } else if key == "z" {
            e.prevent_default();
            state.undo();
        }
    });
    let _ = window_event_listener(
        leptos::ev::storage,
        move |e: web_sys::StorageEvent| match e.key() {
            Some(k) => state.on_external_change(&k),
            None => state.on_storage_cleared(),
        },
    );
    let _ = window_event_listener(leptos::ev::pagehide, move |_| state.flush());
    let _ = window_event_listener_untyped("visibilitychange", move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .map(|d| d.hidden())
            .unwrap_or(false);
        if hidden {
            state.flush();
        }
    });
}
