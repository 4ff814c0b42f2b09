//! The browser shell: the App component (i18n provider, state, router), the header with
//! navigation, language switch and undo/redo, the storage banners, and window listeners
//! (keyboard shortcuts, other tabs' writes, saving when the page is hidden).

pub mod clock;
pub mod facts;
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
    // Before any data, "/" is the first-run choice, drawn by main alone (no page chunk).
    let first_run =
        Memo::new(move |_| !state.prefs.with(|p| p.onboarded) && state.ws.with(|w| w.is_empty()));
    announce_first_screen();
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
        <a class="skip-link" href="#main">{tr!(common.skip_to_content)}</a>
        <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"店"</span>
                    <span class="brand-name">{tr!(common.app_name)}</span>
                    <span class="store-name" data-testid="store-name">
                        {move || state.ws.with(|ws| ws.profile.name.clone())}
                    </span>
                </div>
                <div class="top-actions">
                    <button class="btn ghost" data-testid="undo" title=tr!(common.undo_hint)
                        disabled=dyn_bool(move || !state.can_undo.get()) on:click=move |_| state.undo()>
                        "↶ " {tr!(common.undo)}
                    </button>
                    <button class="btn ghost" data-testid="redo" title=tr!(common.redo_hint)
                        disabled=dyn_bool(move || !state.can_redo.get()) on:click=move |_| state.redo()>
                        "↷ " {tr!(common.redo)}
                    </button>
                    <button class="btn ghost lang" data-testid="lang-switch" on:click=switch_lang>
                        {tr!(common.switch_language)}
                    </button>
                </div>
            </header>
            <nav class="sidenav" aria-label=tr!(common.nav_label)>
                <A href="/">{tr!(common.nav_dashboard)}</A>
                <A href="/products">{tr!(common.nav_products)}</A>
                <A href="/hero">{tr!(common.nav_hero)}</A>
                <A href="/analysis">{tr!(common.nav_analysis)}</A>
                <A href="/mix">{tr!(common.nav_mix)}</A>
                <A href="/promotions">{tr!(common.nav_promotions)}</A>
                <A href="/calendar">{tr!(common.nav_calendar)}</A>
                <A href="/simulator">{tr!(common.nav_simulator)}</A>
                <A href="/targets">{tr!(common.nav_targets)}</A>
                <A href="/tasks">{tr!(common.nav_tasks)}</A>
                <A href="/listings">{tr!(common.nav_listings)}</A>
                <A href="/incentives">{tr!(common.nav_incentives)}</A>
                <A href="/reports">{tr!(common.nav_reports)}</A>
                <A href="/competitors">{tr!(common.nav_competitors)}</A>
                <A href="/service">{tr!(common.nav_service)}</A>
                <A href="/settle">{tr!(common.nav_settle)}</A>
                <A href="/data">{tr!(common.nav_data)}</A>
                <A href="/settings">{tr!(common.nav_settings)}</A>
            </nav>
            <main class="content" id="main">
                <widgets::banner::StorageBanners/>
                {move || match page.get() {
                    Page::Dashboard if first_run.get() => view! { <pages::first_run::FirstRun/> }.into_any(),
                    Page::Dashboard => lazy(dashboard_page()),
                    Page::Products => lazy(products_page()),
                    Page::Analysis => lazy(analysis_page()),
                    Page::Mix => lazy(mix_page()),
                    Page::Promotions => lazy(promotions_page()),
                    Page::Promotion => lazy(promotion_edit_page()),
                    Page::Calendar => lazy(calendar_page()),
                    Page::Simulator => lazy(simulator_page()),
                    Page::Hero => lazy(hero_page()),
                    Page::Targets => lazy(targets_page()),
                    Page::Tasks => lazy(tasks_page()),
                    Page::Listings => lazy(listings_page()),
                    Page::Incentives => lazy(incentives_page()),
                    Page::Reports => lazy(reports_page()),
                    Page::Settle => lazy(settle_page()),
                    Page::Competitors => lazy(competitors_page()),
                    Page::Service => lazy(service_page()),
                    Page::Data => lazy(data_page()),
                    Page::Settings => lazy(settings_page()),
                    Page::NotFound => view! { <pages::not_found::NotFound/> }.into_any(),
                }}
            </main>
    }
}

/// A page whose code may still have to be fetched: its view, or the fetch failed.
type Lazy = Result<AnyView, LoadError>;
#[cfg(feature = "split")]
type LoadError = leptos::wasm_split::SplitLoaderError;
#[cfg(not(feature = "split"))]
type LoadError = std::convert::Infallible;

/// `lazy_page!(group, fun, Component)`: `async fn fun() -> Lazy` rendering the page. With the
/// `split` feature (the Trunk build) it is a split point of the wasm module `group`: the code of
/// every page of one group, and whatever only they reach, goes into one chunk fetched on first use
/// (scripts/wasm_split.py splits the module; code shared by groups goes into shared chunks, so
/// few groups mean few files). `fallible`: a chunk that cannot be fetched is an `Err` (the shell
/// says so), never a panic, which would kill the page. Without the feature (cargo test, the wasm
/// browser tests) it is an ordinary async function.
macro_rules! lazy_page {
    ($group:ident, $fun:ident, $($page:tt)+) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
            $group,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            return_wrapper(let future = _; { future.await } -> Lazy),
        )]
        fn $fun() -> std::pin::Pin<Box<dyn std::future::Future<Output = Lazy> + Send + Sync>> {
            Box::pin(leptos::__reexports::send_wrapper::SendWrapper::new(async move {
                Ok(view! { <$($page)+/> }.into_any())
            }))
        }
        #[cfg(not(feature = "split"))]
        async fn $fun() -> Lazy {
            Ok(view! { <$($page)+/> }.into_any())
        }
    };
}

// Pages grouped by what they share, four chunks instead of one per page: each group's first
// page fetches its chunk (plus the few chunks of code two groups share), the next pages of the
// same group fetch nothing (issue 10 §2). Metrics views; catalog and price stack; plans; data.
lazy_page!(metrics, dashboard_page, pages::dashboard::Page);
lazy_page!(metrics, analysis_page, pages::analysis::Page);
lazy_page!(metrics, reports_page, pages::reports::Page);
lazy_page!(metrics, mix_page, pages::mix::Page);
lazy_page!(catalog, products_page, pages::products::Page);
lazy_page!(catalog, promotions_page, pages::promotions::Page);
lazy_page!(catalog, promotion_edit_page, pages::promotions::edit::Page);
lazy_page!(catalog, calendar_page, pages::calendar::Page);
lazy_page!(catalog, simulator_page, pages::simulator::Page);
lazy_page!(catalog, hero_page, pages::hero::Page);
lazy_page!(catalog, competitors_page, pages::competitors::Page);
lazy_page!(plans, targets_page, pages::targets::Page);
lazy_page!(plans, tasks_page, pages::tasks::Page);
lazy_page!(plans, listings_page, pages::listings::Page);
lazy_page!(plans, incentives_page, pages::incentives::Page);
lazy_page!(admin, data_page, pages::data::Page);
lazy_page!(admin, settle_page, pages::settle::Page);
lazy_page!(admin, service_page, pages::service::Page);
lazy_page!(admin, settings_page, pages::settings::Page);

/// Renders a lazily fetched page: nothing until its code is there, then the page, or a message
/// with a retry when the code could not be fetched.
fn lazy(page: impl std::future::Future<Output = Lazy> + Send + 'static) -> AnyView {
    Suspend::new(async move {
        page.await
            .unwrap_or_else(|_| view! { <LoadFailed/> }.into_any())
    })
    .into_any()
}

#[component]
fn LoadFailed() -> impl IntoView {
    view! {
        <section class="page" data-testid="chunk-failed">
            <p class="error" role="alert">{tr!(common.chunk_failed)}</p>
            <button class="btn" on:click=|_| { let _ = window().location().reload(); }>
                {tr!(common.chunk_retry)}
            </button>
        </section>
    }
}

/// The sample store (catalog, two years of metrics, promotions and price history), generated in
/// a chunk of its own: its tables and generators are not needed by anyone who starts empty.
type Sample = Result<
    (
        crate::model::Workspace,
        crate::core::metrics::store::MetricsStore,
    ),
    LoadError,
>;

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    sample,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(#[doc(hidden)] preload_sample_chunk)
)]
pub fn sample_store() -> Sample {
    Ok(make_sample())
}

#[cfg(not(feature = "split"))]
pub async fn sample_store() -> Sample {
    Ok(make_sample())
}

fn make_sample() -> (
    crate::model::Workspace,
    crate::core::metrics::store::MetricsStore,
) {
    crate::sample::sample_store(clock::now_ms(), clock::today_date())
}

/// Starts fetching the sample's chunk (on hover or focus of its button); a failure is ignored
/// here and reported by the click.
pub fn preload_sample() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_sample_chunk().await;
    });
}

/// Tells index.html that the first screen is up (the next frame): it then registers the service
/// worker when the browser is idle, whose install precaches every other file (the failure-safe
/// preload of the other pages: a failed fetch only leaves that file uncached).
fn announce_first_screen() {
    request_animation_frame(|| {
        if let Ok(ev) = web_sys::Event::new("sop:first-screen") {
            let _ = window().dispatch_event(&ev);
        }
    });
}

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
