//! First run: the sample store or an empty start. Part of the main bundle (it is the first screen
//! of a new user, shown before any page chunk is fetched); the sample store's generators are a
//! split point of their own (`ui::sample_store`), fetched when the choice is made or hovered.

use crate::model::Workspace;
use crate::ui::state::{now_ms, AppState};
use crate::ui::text::dyn_bool;
use leptos::prelude::*;

#[component]
pub fn FirstRun() -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let sample = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            match crate::ui::sample_store().await {
                Ok((ws, metrics)) => state.start_with(ws, metrics),
                Err(_) => failed.set(true),
            }
            busy.set(false);
        });
    };
    let empty = move |_| {
        if busy.get_untracked() {
            return;
        }
        let mut ws = Workspace::default();
        ws.profile.meta.updated = now_ms();
        state.start_with(ws, Default::default())
    };
    // Intent: fetch the sample's code while the pointer is on its way (failure-safe).
    let warm = move |_: web_sys::PointerEvent| crate::ui::preload_sample();
    let warm_focus = move |_: web_sys::FocusEvent| crate::ui::preload_sample();
    view! {
        <section class="page first-run" data-testid="first-run">
            <h1>{tr!(common.welcome_title)}</h1>
            <p class="lead">{tr!(common.welcome_text)}</p>
            <div class="choice-row">
                <button class="card-choice" data-testid="load-sample" on:click=sample
                    on:pointerenter=warm on:focus=warm_focus disabled=dyn_bool(move || busy.get())>
                    <strong>{tr!(common.load_sample)}</strong>
                    <span>{tr!(common.load_sample_hint)}</span>
                </button>
                <button class="card-choice" data-testid="start-empty" on:click=empty>
                    <strong>{tr!(common.start_empty)}</strong>
                    <span>{tr!(common.start_empty_hint)}</span>
                </button>
            </div>
            <Show when=move || failed.get()>
                <p class="error" role="alert" data-testid="sample-failed">{tr!(common.chunk_failed)}</p>
            </Show>
        </section>
    }
}
