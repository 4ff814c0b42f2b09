use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" data-testid="page-not-found">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p><A href="/">{t!(i18n, nav_dashboard)}</A></p>
        </section>
    }
}
