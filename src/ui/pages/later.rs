//! Views the product will have but that are not built yet: they say so plainly.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Later(which: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || match which {
        "targets" => t_string!(i18n, nav_targets),
        _ => t_string!(i18n, nav_tasks),
    };
    let what = move || match which {
        "targets" => t_string!(i18n, later_targets),
        _ => t_string!(i18n, later_tasks),
    };
    view! {
        <section class="page" data-testid=format!("page-{which}")>
            <h1>{title}</h1>
            <div class="empty-state">
                <p class="not-yet">{tr!(not_built_yet)}</p>
                <p>{what}</p>
            </div>
        </section>
    }
}
