//! The xlsx worker: writes an export's rows as an Excel workbook (`formats::xlsx`, through
//! rust_xlsxwriter) off the main thread. Built by Trunk as its own wasm (`data-type="worker"`),
//! loaded on the first XLSX export, so the writer never weighs on the main bundle.
//!
//! Protocol: the worker says `{"type":"ready"}` once; the page sends the request text
//! ([`formats::xlsx::request`]); the worker answers an object `{type: "xlsx", bytes:
//! ArrayBuffer}` (transferred, not copied) or `{"type":"error","error":"<reason>"}`.

use serde_json::json;
use store_ops_planner::formats::xlsx;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn scope() -> Option<web_sys::DedicatedWorkerGlobalScope> {
    js_sys::global().dyn_into().ok()
}

fn post(v: serde_json::Value) {
    if let Some(s) = scope() {
        let _ = s.post_message(&JsValue::from_str(&v.to_string()));
    }
}

fn answer(bytes: &[u8]) -> bool {
    let Some(s) = scope() else {
        return false;
    };
    let obj = js_sys::Object::new();
    let buffer = js_sys::Uint8Array::from(bytes).buffer();
    let ok = js_sys::Reflect::set(&obj, &"type".into(), &"xlsx".into()).is_ok()
        && js_sys::Reflect::set(&obj, &"bytes".into(), &buffer).is_ok();
    ok && s
        .post_message_with_transfer(&obj, &js_sys::Array::of1(&buffer))
        .is_ok()
}

fn on_message(e: web_sys::MessageEvent) {
    let text = e.data().as_string().unwrap_or_default();
    let result = xlsx::parse_request(&text)
        .ok_or_else(|| "not an export request".to_string())
        .and_then(|sheets| xlsx::workbook(&sheets));
    match result {
        Ok(bytes) => {
            if !answer(&bytes) {
                post(json!({"type": "error", "error": "could not send the file"}));
            }
        }
        Err(e) => post(json!({"type": "error", "error": e})),
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let Some(s) = scope() else {
        return; // not in a worker (e.g. a native build): nothing to do
    };
    let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
    s.set_onmessage(Some(cb.as_ref().unchecked_ref()));
    cb.forget();
    post(json!({"type": "ready"}));
}
