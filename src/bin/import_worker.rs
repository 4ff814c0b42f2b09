//! The import worker: reads a dropped file off the main thread (so the page never freezes) and
//! answers with the parsed rows' mapping and daily facts. Built by Trunk as its own wasm
//! (`data-type="worker"`), loaded only when the first file is imported; the xlsx/xls reader
//! (calamine) lives only here, never in the main bundle.
//!
//! Protocol: the page sends `{name, file: File, mapping: "<json>"|""}` (the worker reads the
//! file itself, so the page never copies it); the worker answers `{"type":"ready"}` once, then
//! `progress` / `error` messages as JSON strings, and the result as an object
//! `{type: "result", json: "<name, mapping and the batch without its records>", records:
//! ArrayBuffer}` with the records in [`import::wire`] bytes, transferred rather than copied.
//! Cancelling is the page terminating the worker.

use serde_json::json;
use store_ops_planner::formats::import::{
    self, apply_table_with_progress, detect_table, wire, Gb18030, ImportError, Mapping, Table,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// GB18030 (a superset of GBK), decoded in wasm by encoding_rs.
struct BrowserGb18030;

impl Gb18030 for BrowserGb18030 {
    /// encoding_rs, in wasm: about twice as fast as the browser's TextDecoder plus copying its
    /// string back into wasm, and free in size (calamine already links its tables).
    fn decode(&self, bytes: &[u8]) -> String {
        encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }
}

fn post(v: serde_json::Value) {
    if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
        let _ = scope.post_message(&JsValue::from_str(&v.to_string()));
    }
}

/// A spreadsheet's first sheet as rows of text, the way the CSV reader produces them.
fn sheet_rows(bytes: Vec<u8>) -> Result<Table, ImportError> {
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
    let mut table = Table::new();
    for row in range.rows() {
        for d in row {
            table.push_cell(&cell(d));
        }
        table.end_row();
    }
    Ok(table)
}

/// The result: name, mapping and the batch's counts as JSON, its records as bytes.
struct Answer {
    json: String,
    records: Vec<u8>,
}

fn handle(name: String, bytes: Vec<u8>, mapping: Option<Mapping>) -> Result<Answer, ImportError> {
    post(json!({"type": "progress", "stage": "read", "done": 0, "total": bytes.len()}));
    // CSV, TSV and HTML-table ".xls" are text; real workbooks go to calamine.
    let rows = match import::read_table(&bytes, &BrowserGb18030) {
        Ok((rows, _)) => rows,
        Err(ImportError::Spreadsheet(_)) => sheet_rows(bytes)?,
        Err(e) => return Err(e),
    };
    let mapping = match mapping {
        Some(m) => m,
        None => detect_table(&rows)?,
    };
    let mut last = 0usize;
    let batch = apply_table_with_progress(&rows, &mapping, &mut |done, total| {
        if done >= last + 8192 || done == total {
            last = done;
            post(json!({"type": "progress", "stage": "rows", "done": done, "total": total}));
        }
        true
    })?;
    drop(rows);
    let (batch, records) = wire::split(batch);
    let json = json!({"name": name, "mapping": mapping, "batch": batch}).to_string();
    Ok(Answer { json, records })
}

fn post_answer(a: Answer) {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    let obj = js_sys::Object::new();
    let records = js_sys::Uint8Array::from(a.records.as_slice());
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    let ok = set("type", &JsValue::from_str("result")).is_ok()
        && set("json", &JsValue::from_str(&a.json)).is_ok()
        && set("records", &records.buffer()).is_ok();
    let sent = ok
        && scope
            .post_message_with_transfer(&obj, &js_sys::Array::of1(&records.buffer()))
            .is_ok();
    if !sent {
        post(json!({"type": "error", "error": ImportError::NotText}));
    }
}

/// The bytes of the `File` the page sent.
async fn read(data: &JsValue) -> Option<Vec<u8>> {
    let file = js_sys::Reflect::get(data, &JsValue::from_str("file")).ok()?;
    let blob = file.dyn_into::<web_sys::Blob>().ok()?;
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

fn on_message(e: web_sys::MessageEvent) {
    let data = e.data();
    let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
    let name = get("name").and_then(|v| v.as_string()).unwrap_or_default();
    let mapping = get("mapping")
        .and_then(|v| v.as_string())
        .filter(|s| !s.is_empty())
        .and_then(|s| serde_json::from_str::<Mapping>(&s).ok());
    wasm_bindgen_futures::spawn_local(async move {
        // A file that can't be read any more (deleted or changed since it was chosen).
        let Some(bytes) = read(&data).await else {
            post(json!({"type": "error", "error": ImportError::NotText}));
            return;
        };
        match handle(name, bytes, mapping) {
            Ok(a) => post_answer(a),
            Err(err) => post(json!({"type": "error", "error": err})),
        }
    });
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
