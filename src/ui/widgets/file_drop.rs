//! A drop zone with a file input inside: click to choose, or drop a file on it. Hands the first
//! file to `on_file`; the input is cleared so choosing the same file again fires again.

use leptos::prelude::*;

#[component]
pub fn FileDrop(
    /// The `accept` attribute of the file input.
    accept: &'static str,
    /// `data-testid` of the zone and of its input.
    zone_testid: &'static str,
    input_testid: &'static str,
    /// The hint shown inside the zone.
    hint: impl IntoView + 'static,
    on_file: impl Fn(web_sys::File) + Copy + 'static,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_input = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            on_file(f);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            on_file(f);
        }
    };
    view! {
        <label class="dropzone" class:dragging=move || dragging.get() data-testid=zone_testid
            on:dragover=move |e: leptos::ev::DragEvent| { e.prevent_default(); dragging.set(true) }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            // the native input is visually hidden (its button would speak the browser's
            // language, not the UI's) but stays focusable and named by this label
            <input type="file" class="file-input" accept=accept data-testid=input_testid on:change=on_input/>
            <span class="btn file-choose" aria-hidden="true">{tr!(common.choose_file)}</span>
            <span>{hint}</span>
        </label>
    }
}
