//! A minimal client-side router, in place of leptos_router: the app has a dozen fixed paths and
//! one parameter, and leptos_router cost about 44 KB gz of the main bundle (measured, see
//! docs/size-experiments.md). It owns the location (path and query as signals), follows the
//! browser's Back/Forward (`popstate`), and turns clicks on same-origin links into history
//! entries (any `<a href>` in the app, as leptos_router did). The pages use the same few names
//! they used from leptos_router: `A`, `use_navigate`, `use_location`, `use_query_map`,
//! `use_params_map`, `NavigateOptions`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The current location. `pathname` is decoded nowhere: pages decode what they read.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: RwSignal<String>,
    /// The query string with its leading `?` (empty when there is none), as `location.search`.
    pub search: RwSignal<String>,
}

/// How to navigate: push (default) or replace the history entry; scroll to the top (default).
#[derive(Clone, Copy, Debug)]
pub struct NavigateOptions {
    pub replace: bool,
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

/// Query or path parameters by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// Split `?a=1&b=x%20y` into decoded pairs (`+` is a space, as in forms).
pub fn parse_query(search: &str) -> ParamsMap {
    let s = search.strip_prefix('?').unwrap_or(search);
    ParamsMap(
        s.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect(),
    )
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::decode_uri_component(&s)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or(s)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s
    }
}

fn window_location() -> (String, String) {
    let loc = window().location();
    (
        loc.pathname().unwrap_or_else(|_| "/".into()),
        loc.search().unwrap_or_default(),
    )
}

/// Set up the router for the app (once, in the shell): the location context, Back/Forward, and
/// link clicks.
pub fn provide_router() -> Location {
    let (p, s) = window_location();
    let loc = Location {
        pathname: RwSignal::new(p),
        search: RwSignal::new(s),
    };
    provide_context(loc);
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        let (p, s) = window_location();
        loc.pathname.set(p);
        loc.search.set(s);
    });
    let _ = window_event_listener(leptos::ev::click, move |e: web_sys::MouseEvent| {
        if e.default_prevented()
            || e.button() != 0
            || e.meta_key()
            || e.alt_key()
            || e.ctrl_key()
            || e.shift_key()
        {
            return;
        }
        let Some(a) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let target = a.target();
        if (!target.is_empty() && target != "_self")
            || a.has_attribute("download")
            || a.get_attribute("rel")
                .is_some_and(|r| r.contains("external"))
        {
            return;
        }
        let here = window().location();
        if a.origin() != here.origin().unwrap_or_default() {
            return;
        }
        let (path, search, hash) = (a.pathname(), a.search(), a.hash());
        if !hash.is_empty()
            && path == here.pathname().unwrap_or_default()
            && search == here.search().unwrap_or_default()
        {
            return; // an anchor on this page: the browser scrolls
        }
        e.prevent_default();
        go(
            loc,
            &format!("{path}{search}{hash}"),
            NavigateOptions::default(),
        );
    });
    loc
}

/// Navigate. Within the page on screen (its query, or another id of the same page) at once, so
/// the address is current before anything else happens (a reload keeps a filter just set); to
/// another page once the event being handled has finished: a page must not be disposed under its
/// own handler (or under a handler further up the same event).
fn go(loc: Location, to: &str, opts: NavigateOptions) {
    let target = to.split(['?', '#']).next().unwrap_or_default();
    if page_of(target) == page_of(&loc.pathname.get_untracked()) {
        go_now(loc, to, opts);
        return;
    }
    let to = to.to_string();
    set_timeout(move || go_now(loc, &to, opts), std::time::Duration::ZERO);
}

fn go_now(loc: Location, to: &str, opts: NavigateOptions) {
    let w = window();
    if let Ok(h) = w.history() {
        let r = if opts.replace {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
        } else {
            h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
        };
        if r.is_err() {
            return;
        }
    }
    let (p, s) = window_location();
    if loc.pathname.get_untracked() != p {
        loc.pathname.set(p);
    }
    if loc.search.get_untracked() != s {
        loc.search.set(s);
    }
    if opts.scroll {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// `navigate("/path?query", options)`.
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone {
    let loc = use_location();
    move |to: &str, opts: NavigateOptions| go(loc, to, opts)
}

pub fn use_query_map() -> Memo<ParamsMap> {
    let loc = use_location();
    Memo::new(move |_| parse_query(&loc.search.get()))
}

/// Path parameters of the routes that have one: `/promotions/:id`.
pub fn use_params_map() -> Memo<ParamsMap> {
    let loc = use_location();
    Memo::new(move |_| {
        let p = loc.pathname.get();
        let mut m = Vec::new();
        if let Some(id) = p.strip_prefix("/promotions/").filter(|r| !r.is_empty()) {
            m.push(("id".to_string(), decode(id.trim_end_matches('/'))));
        }
        ParamsMap(m)
    })
}

/// A link. Its clicks are handled by the router like any other same-origin `<a>`;
/// `aria-current="page"` marks the link of the page on screen.
#[component]
pub fn A(#[prop(into)] href: Signal<String>, children: Children) -> impl IntoView {
    let loc = use_location();
    // try_get: a navigation notifies this link and disposes the page that holds it in the same
    // turn, so the link's effect may run once after its page is gone.
    let current = move || {
        let h = href.try_get()?;
        let path = h.split(['?', '#']).next().unwrap_or_default().to_string();
        (loc.pathname.try_get()? == path).then_some("page")
    };
    view! { <a href=move || href.try_get().unwrap_or_default() aria-current=current>{children()}</a> }
}

/// The pages of the app, from a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Products,
    Analysis,
    Mix,
    Promotions,
    Promotion,
    Calendar,
    Simulator,
    Hero,
    Settle,
    Competitors,
    Service,
    Targets,
    Tasks,
    Listings,
    Incentives,
    Reports,
    Data,
    Settings,
    NotFound,
}

pub fn page_of(path: &str) -> Page {
    let p = path.trim_end_matches('/');
    match p {
        "" => Page::Dashboard,
        "/products" => Page::Products,
        "/analysis" => Page::Analysis,
        "/mix" => Page::Mix,
        "/promotions" => Page::Promotions,
        "/calendar" => Page::Calendar,
        "/simulator" => Page::Simulator,
        "/hero" => Page::Hero,
        "/settle" => Page::Settle,
        "/competitors" => Page::Competitors,
        "/service" => Page::Service,
        "/targets" => Page::Targets,
        "/tasks" => Page::Tasks,
        "/listings" => Page::Listings,
        "/incentives" => Page::Incentives,
        "/reports" => Page::Reports,
        "/data" => Page::Data,
        "/settings" => Page::Settings,
        _ => match p.strip_prefix("/promotions/") {
            Some(id) if !id.is_empty() && !id.contains('/') => Page::Promotion,
            _ => Page::NotFound,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_pages_and_queries_decode() {
        assert_eq!(page_of("/"), Page::Dashboard);
        assert_eq!(page_of("/products/"), Page::Products);
        assert_eq!(page_of("/promotions/abc"), Page::Promotion);
        assert_eq!(page_of("/promotions/abc/x"), Page::NotFound);
        assert_eq!(page_of("/nope"), Page::NotFound);
        let q = parse_query("?v=month&d=2026-12-01&x");
        assert_eq!(q.get("v").as_deref(), Some("month"));
        assert_eq!(q.get("x").as_deref(), Some(""));
        assert_eq!(q.get("y"), None);
    }
}
