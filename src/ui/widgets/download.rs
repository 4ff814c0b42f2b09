//! Save text as a file through a temporary object URL (no server involved).

use wasm_bindgen::JsCast;

/// Offer `text` as a download named `name`. Returns false if the browser refused.
pub fn download_text(name: &str, text: &str, mime: &str) -> bool {
    download_parts(name, &wasm_bindgen::JsValue::from_str(text), mime)
}

/// Offer a string or an ArrayBuffer as a download.
fn download_parts(name: &str, part: &wasm_bindgen::JsValue, mime: &str) -> bool {
    (|| -> Option<()> {
        let parts = js_sys::Array::of1(part);
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let doc = web_sys::window()?.document()?;
        let a = doc
            .create_element("a")
            .ok()?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    })()
    .is_some()
}

/// Read a dropped or chosen file's bytes.
pub async fn read_file(file: &web_sys::File) -> Option<Vec<u8>> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Write `sheets` as an Excel workbook in the xlsx worker (started for this export, so its
/// writer loads only when someone exports) and offer it as a download named `name`. Returns
/// false if the worker could not start or write the file.
pub async fn download_xlsx(name: &str, sheets: &[crate::formats::xlsx::Sheet]) -> bool {
    let request = wasm_bindgen::JsValue::from_str(&crate::formats::xlsx::request(sheets));
    let bytes = crate::ui::import_client::ask_worker("/xlsx_worker_loader.js", &request)
        .await
        .and_then(|v| js_sys::Reflect::get(&v, &"bytes".into()).ok())
        .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>());
    match bytes {
        Some(b) => download_parts(
            name,
            &b,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        None => false,
    }
}

/// [`download_xlsx`] started from a click: `failed` turns true if the file could not be made
/// (shown by [`XlsxFailed`]).
pub fn export_xlsx(
    name: String,
    sheets: Vec<crate::formats::xlsx::Sheet>,
    failed: leptos::prelude::RwSignal<bool>,
) {
    use leptos::prelude::*;
    failed.set(false);
    leptos::task::spawn_local(async move {
        let ok = download_xlsx(&name, &sheets).await;
        failed.try_set(!ok);
    });
}

/// The message shown when an XLSX export failed.
#[leptos::component]
pub fn XlsxFailed(failed: leptos::prelude::RwSignal<bool>) -> impl leptos::IntoView {
    use leptos::prelude::*;
    move || {
        failed.get().then(|| {
            view! { <div class="banner error" role="alert" data-testid="xlsx-failed">{tr!(common.xlsx_failed)}</div> }
        })
    }
}

/// Downloads the whole workspace as a plan file (the backup offered by Settings and by the
/// storage banners).
pub fn download_backup(state: crate::ui::state::AppState) {
    use crate::formats::plan_file;
    use leptos::prelude::WithUntracked;
    let now = crate::ui::clock::now_ms();
    let (name, text) = state.ws.with_untracked(|ws| {
        (
            plan_file::file_name(&ws.profile.name, now),
            plan_file::export(ws, None, now),
        )
    });
    download_text(&name, &text, "application/json");
}
