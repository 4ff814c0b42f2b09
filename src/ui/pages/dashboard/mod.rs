//! Dashboard: what the catalog says today, the store's metrics and the year's targets. (The
//! first-run choice before any data is `pages::first_run`, in the main bundle.)

use crate::core::format::{yuan, yuan_compact};
use crate::core::margin::margin_bp;
use crate::core::title::{check_title, TitleRules};
use crate::i18n::*;
use crate::model::{Fen, ProductStatus};
use crate::ui::router::A;
use crate::ui::state::AppState;
use crate::ui::text::dyn_text;
use leptos::prelude::*;

mod metrics;
mod targets;

#[component]
pub fn Page() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Recurring tasks missed while the app was closed, each once (here and on the Tasks page,
    // not in the shell: the main bundle stays small).
    state.ensure_recurring(crate::ui::state::today_date());
    view! { <Summary/> }
}

#[derive(Clone, Copy, PartialEq, Default)]
struct Counts {
    live: usize,
    on_shelf: usize,
    off_shelf: usize,
    draft: usize,
    title_problems: usize,
    low_margin: usize,
    out_of_stock: usize,
    /// 库存货值: stock × cost over live products, in fen
    stock_value: i64,
    /// 在售货值: stock × list price of on-shelf products, in fen
    shelf_value: i64,
}

#[component]
fn Summary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let counts = Memo::new(move |_| {
        state.ws.with(|ws| {
            let rules = TitleRules {
                limit_bytes: ws.settings.title_limit_bytes,
                whitelist: &ws.settings.title_whitelist,
            };
            let mut c = Counts::default();
            for p in ws.live_products() {
                c.live += 1;
                match p.status {
                    ProductStatus::OnShelf => c.on_shelf += 1,
                    ProductStatus::OffShelf => c.off_shelf += 1,
                    ProductStatus::Draft => c.draft += 1,
                }
                if !check_title(&p.title, &p.keywords, &rules).is_empty() {
                    c.title_problems += 1;
                }
                if margin_bp(p.list_price, p.cost, ws.profile.fee_rate_bp)
                    .is_some_and(|m| m < i64::from(ws.settings.min_margin_bp))
                {
                    c.low_margin += 1;
                }
                if p.status == ProductStatus::OnShelf && p.stock <= 0 {
                    c.out_of_stock += 1;
                }
                c.stock_value = c
                    .stock_value
                    .saturating_add(p.cost.0.saturating_mul(p.stock.max(0)));
                if p.status == ProductStatus::OnShelf {
                    c.shelf_value = c
                        .shelf_value
                        .saturating_add(p.list_price.0.saturating_mul(p.stock.max(0)));
                }
            }
            c
        })
    });
    let count = move |label, value: fn(&Counts) -> usize, testid| {
        tile(
            label,
            dyn_text(move || value(&counts.get()).to_string()),
            testid,
        )
    };
    let i18n = use_i18n();
    // Money tiles in 万/亿 (Chinese) or K/M (English), as operators read large figures.
    let money = move |label, value: fn(&Counts) -> i64, testid| {
        let text = dyn_text(move || {
            yuan_compact(Fen(value(&counts.get())), i18n.get_locale() == Locale::zh)
        });
        let exact = dyn_text(move || yuan(Fen(value(&counts.get()))));
        view! {
            <div class="tile" data-testid=testid>
                <div class="tile-value"><crate::ui::widgets::figure::Figure text=text exact=exact/></div>
                <div class="tile-label">{label}</div>
            </div>
        }
    };
    view! {
        <section class="page" data-testid="page-dashboard">
            <h1>{tr!(common.nav_dashboard)}</h1>
            <crate::ui::widgets::deadlines::UpcomingDeadlines/>
            <targets::TargetTile/>
            <metrics::MetricsDashboard/>
            <h2>{tr!(dashboard.catalog)}</h2>
            <div class="tiles">
                {count(tr!(dashboard.products), |c| c.live, "tile-products")}
                {count(tr!(common.status_on_shelf), |c| c.on_shelf, "tile-on-shelf")}
                {count(tr!(common.status_off_shelf), |c| c.off_shelf, "tile-off-shelf")}
                {count(tr!(common.status_draft), |c| c.draft, "tile-draft")}
                {money(tr!(dashboard.stock_value), |c| c.stock_value, "tile-stock-value")}
                {money(tr!(dashboard.shelf_value), |c| c.shelf_value, "tile-shelf-value")}
            </div>
            <MyTasks/>
            <h2>{tr!(dashboard.attention)}</h2>
            <div class="tiles">
                {count(tr!(dashboard.title_problems), |c| c.title_problems, "tile-title-problems")}
                {count(tr!(dashboard.low_margin), |c| c.low_margin, "tile-low-margin")}
                {count(tr!(dashboard.out_of_stock), |c| c.out_of_stock, "tile-out-of-stock")}
            </div>
            <p><A href="/products">{tr!(dashboard.go_products)}</A></p>
        </section>
    }
}

fn tile(
    label: impl IntoView + 'static,
    value: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="tile" data-testid=testid>
            <div class="tile-value">{value}</div>
            <div class="tile-label">{label}</div>
        </div>
    }
}

/// Today's and overdue task counts for "me" (the member chosen in this browser).
#[component]
fn MyTasks() -> impl IntoView {
    let state = expect_context::<AppState>();
    let counts = Memo::new(move |_| {
        let me = state.prefs.with(|p| p.me.clone());
        state.ws.with(|ws| {
            let role = ws
                .get::<crate::model::Member>(&me)
                .filter(|m| !m.meta.deleted)
                .map(|m| m.role.clone());
            role.map(|r| {
                crate::core::tasks::my_counts(&ws.tasks, &me, &r, crate::ui::state::today_date())
            })
        })
    });
    view! {
        <h2>{tr!(dashboard.tasks)}</h2>
        <Show when=move || counts.with(Option::is_some)
            fallback=|| view! { <p class="muted" data-testid="dash-tasks-unset">{tr!(dashboard.tasks_me_unset)}</p> }>
            <div class="tiles">
                {tile(tr!(dashboard.tasks_today), dyn_text(move || counts.get().map(|c| c.0).unwrap_or(0).to_string()), "tile-tasks-today")}
                {tile(tr!(dashboard.tasks_overdue), dyn_text(move || counts.get().map(|c| c.1).unwrap_or(0).to_string()), "tile-tasks-overdue")}
            </div>
        </Show>
        <p><A href="/tasks">{tr!(dashboard.go_tasks)}</A></p>
    }
}
