//! The import worker: reads a dropped file off the main thread (so the page never freezes) and
//! answers with the parsed rows' mapping and daily facts. Built by Trunk as its own wasm
//! (`data-type="worker"`), loaded only when the first file is imported; the xlsx/xls reader
//! (calamine) lives only here, never in the main bundle.
//!
//! Protocol (JSON strings): the page sends `{name, bytes: Uint8Array, mapping: "<json>"|""}`;
//! the worker answers `{"type":"ready"}` once, then `progress` / `result` / `error` messages.
//! Cancelling is the page terminating the worker.

use serde_json::json;
use store_ops_planner::formats::import::{
    self, apply_with_progress, detect, Gb18030, ImportError, Mapping,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// GB18030 (a superset of GBK) through the browser's TextDecoder.
struct BrowserGb18030;

impl Gb18030 for BrowserGb18030 {
    fn decode(&self, bytes: &[u8]) -> String {
        web_sys::TextDecoder::new_with_label("gb18030")
            .ok()
            .and_then(|d| d.decode_with_u8_array(bytes).ok())
            .unwrap_or_default()
    }
}

fn post(v: serde_json::Value) {
    if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
        let _ = scope.post_message(&JsValue::from_str(&v.to_string()));
    }
}

/// A spreadsheet's first sheet as rows of text, the way the CSV reader produces them.
fn sheet_rows(bytes: Vec<u8>) -> Result<Vec<Vec<String>>, ImportError> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| ImportError::NotText)?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportError::Empty)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|_| ImportError::NotText)?;
    let cell = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            // integral floats (IDs, counts) without a trailing ".0"
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            // Excel dates as serial numbers; the date parser reads serials
            Data::DateTime(dt) => format!("{}", dt.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(_) => String::new(),
        }
    };
    Ok(range.rows().map(|r| r.iter().map(cell).collect()).collect())
}

fn handle(
    name: String,
    bytes: Vec<u8>,
    mapping: Option<Mapping>,
) -> Result<serde_json::Value, ImportError> {
    post(json!({"type": "progress", "stage": "read", "done": 0, "total": bytes.len()}));
    // CSV, TSV and HTML-table ".xls" are text; real workbooks go to calamine.
    let rows = match import::read_rows(&bytes, &BrowserGb18030) {
        Ok((rows, _)) => rows,
        Err(ImportError::Spreadsheet(_)) => sheet_rows(bytes)?,
        Err(e) => return Err(e),
    };
    let mapping = match mapping {
        Some(m) => m,
        None => detect(&rows)?,
    };
    let mut last = 0usize;
    let batch = apply_with_progress(&rows, &mapping, &mut |done, total| {
        if done >= last + 8192 || done == total {
            last = done;
            post(json!({"type": "progress", "stage": "rows", "done": done, "total": total}));
        }
        true
    })?;
    Ok(json!({"type": "result", "name": name, "mapping": mapping, "batch": batch}))
}

fn on_message(e: web_sys::MessageEvent) {
    let data = e.data();
    let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
    let name = get("name").and_then(|v| v.as_string()).unwrap_or_default();
    let bytes = get("bytes")
        .map(|v| js_sys::Uint8Array::new(&v).to_vec())
        .unwrap_or_default();
    let mapping = get("mapping")
        .and_then(|v| v.as_string())
        .filter(|s| !s.is_empty())
        .and_then(|s| serde_json::from_str::<Mapping>(&s).ok());
    match handle(name, bytes, mapping) {
        Ok(v) => post(v),
        Err(err) => post(json!({"type": "error", "error": err})),
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return; // not in a worker (e.g. a native build): nothing to do
    };
    let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
    scope.set_onmessage(Some(cb.as_ref().unchecked_ref()));
    cb.forget();
    post(json!({"type": "ready"}));
}
