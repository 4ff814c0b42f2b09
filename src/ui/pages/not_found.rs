use crate::ui::router::A;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page" data-testid="page-not-found">
            <h1>{tr!(common.not_found_title)}</h1>
            <p><A href="/">{tr!(common.nav_dashboard)}</A></p>
        </section>
    }
}
