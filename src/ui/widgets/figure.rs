//! A compact figure (¥98.80万) that tells its exact value (¥988,008.66): in its title on hover,
//! and as visible text when it has keyboard focus (it is focusable; the exact value is also its
//! accessible name).

use leptos::prelude::*;

#[component]
pub fn Figure(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] exact: Signal<String>,
) -> impl IntoView {
    view! {
        <span class="figure" tabindex="0" title=exact aria-label=exact data-exact=exact>{text}</span>
    }
}
