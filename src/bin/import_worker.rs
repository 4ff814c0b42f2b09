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
//!
//! `{op: "table", file: File}` asks for a workbook's first sheet as rows of text (for pages with
//! their own reader: refunds, competitor logs); the answer is `{"type":"table","rows":[[...]]}`
//! or an `error`.
//!
//! A large CSV is read by several of these workers at once ([`import::parts`]): the request then
//! also has `part` and `parts`, `bytes` (the part's bytes, read and cut by the page while the
//! worker started) and, for parts after the first, `head` (the file's first bytes). It posts
//! `progress` with its `part`, and answers `{type: "part", json: "<name, mapping, info and the
//! batch without its records>", records: ArrayBuffer, rows: ArrayBuffer}` (`rows`: each
//! record's first row as u32 little-endian), or `{"type":"unsplit"}` when the page must read the
//! file in one piece (which also words any error).

use serde_json::json;
use store_ops_planner::formats::import::parts::parse_part;
use store_ops_planner::formats::import::{self, detect_table, wire, Gb18030, ImportError, Mapping};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// GB18030 (a superset of GBK): a table-driven loop for ASCII and two-byte characters,
    /// encoding_rs for anything else (both in wasm: faster than the browser's TextDecoder plus
    /// copying its string back into wasm, and free in size, as calamine links encoding_rs).
    static GB18030: import::FastGb18030 = import::FastGb18030::new();
}

/// [`GB18030`] as the importer's decoder.
struct BrowserGb18030;

impl Gb18030 for BrowserGb18030 {
    fn decode(&self, bytes: &[u8]) -> String {
        GB18030.with(|d| d.decode(bytes))
    }
}

fn post(v: serde_json::Value) {
    if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
        let _ = scope.post_message(&JsValue::from_str(&v.to_string()));
    }
}

/// The result: name, mapping and the batch's counts as JSON, its records as bytes.
struct Answer {
    json: String,
    records: Vec<u8>,
}

fn handle(
    name: String,
    bytes: Vec<u8>,
    mapping: Option<Mapping>,
    refund: import::RefundTolerance,
) -> Result<Answer, ImportError> {
    post(json!({"type": "progress", "stage": "read", "done": 0, "total": bytes.len()}));
    // CSV, TSV and HTML-table ".xls" are text; real workbooks go to calamine.
    let (rows, formulas) = match import::read_table(&bytes, &BrowserGb18030) {
        Ok((rows, _)) => (rows, import::FormulaCells::default()),
        Err(ImportError::Spreadsheet(_)) => import::sheet_rows_with_formulas(bytes)?,
        Err(e) => return Err(e),
    };
    let mapping = match mapping {
        Some(m) => m,
        None => detect_table(&rows)?,
    };
    // A column the mapping reads must not hold formulas without a saved result (they read as 0).
    import::check_formulas(&formulas, &mapping)?;
    let mut last = 0usize;
    let batch = import::apply_table_with(&rows, &mapping, refund, &mut |done, total| {
        if done >= last + 8192 || done == total {
            last = done;
            post(json!({"type": "progress", "stage": "rows", "done": done, "total": total}));
        }
        true
    })?;
    drop(rows);
    let batch = import::ImportBatch {
        formula_cells: formulas.count,
        ..batch
    };
    let (batch, records) = wire::split(batch);
    let json = json!({"name": name, "mapping": mapping, "batch": batch}).to_string();
    Ok(Answer { json, records })
}

fn post_answer(a: Answer) {
    if !post_with_buffers("result", &a.json, &[a.records]) {
        post(json!({"type": "error", "error": ImportError::NotText}));
    }
}

/// Posts `{type, json, records, rows...}` with the byte buffers transferred, not copied.
fn post_with_buffers(kind: &str, json: &str, buffers: &[Vec<u8>]) -> bool {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return false;
    };
    let obj = js_sys::Object::new();
    let transfer = js_sys::Array::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    let mut ok = set("type", &JsValue::from_str(kind)).is_ok()
        && set("json", &JsValue::from_str(json)).is_ok();
    for (name, bytes) in ["records", "rows"].iter().zip(buffers) {
        let buffer = js_sys::Uint8Array::from(bytes.as_slice()).buffer();
        ok = ok && set(name, &buffer).is_ok();
        transfer.push(&buffer);
    }
    ok && scope.post_message_with_transfer(&obj, &transfer).is_ok()
}

/// Reads part `index` of `count` of the file; `None`: the page reads it in one piece.
async fn run_part(
    data: &JsValue,
    name: String,
    mapping: Option<Mapping>,
    refund: import::RefundTolerance,
    index: usize,
    count: usize,
) -> Option<()> {
    // The page sends the part's bytes (and, to the later parts, the file's head), read while
    // this worker started.
    let buffer = |k: &str| -> Option<Vec<u8>> {
        let b = js_sys::Reflect::get(data, &JsValue::from_str(k)).ok()?;
        let b = b.dyn_into::<js_sys::ArrayBuffer>().ok()?;
        Some(js_sys::Uint8Array::new(&b).to_vec())
    };
    let bytes = buffer("bytes")?;
    let head = if index == 0 {
        Vec::new()
    } else {
        buffer("head")?
    };
    let mut last = 0usize;
    let mut progress = |done: usize, total: usize| {
        if done >= last + 8192 || done == total {
            last = done;
            post(
                json!({"type": "progress", "stage": "rows", "part": index, "done": done, "total": total}),
            );
        }
        true
    };
    let part = parse_part(
        index,
        count,
        &bytes,
        &head,
        mapping.as_ref(),
        &BrowserGb18030,
        refund,
        &mut progress,
    )?;
    drop(bytes);
    let (batch, records) = wire::split(part.batch);
    let json = json!({"name": name, "mapping": part.mapping, "info": part.info, "batch": batch})
        .to_string();
    let rows: Vec<u8> = part
        .first_rows
        .iter()
        .flat_map(|r| r.to_le_bytes())
        .collect();
    post_with_buffers("part", &json, &[records, rows]).then_some(())
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
    // the user's refund tolerance (Settings); the default when the page sends none
    let num = |k: &str| get(k).and_then(|v| v.as_f64()).filter(|x| x.is_finite());
    let refund = match (num("refund_pct"), num("refund_min")) {
        (Some(p), Some(f)) => import::RefundTolerance::new(p as i64, f as i64),
        _ => import::REFUND_TOLERANCE,
    };
    // A workbook read for a page's own reader (售后, 竞品): its first sheet as rows of text.
    if get("op").and_then(|v| v.as_string()).as_deref() == Some("table") {
        wasm_bindgen_futures::spawn_local(async move {
            let table = match read(&data).await {
                Some(bytes) => import::sheet_rows(bytes),
                None => Err(ImportError::NotText),
            };
            match table {
                Ok(t) => post(json!({"type": "table", "rows": t.to_rows(0..t.len())})),
                Err(err) => post(json!({"type": "error", "error": err})),
            }
        });
        return;
    }
    let part = get("part").and_then(|v| v.as_f64());
    let parts = get("parts").and_then(|v| v.as_f64());
    if let (Some(part), Some(parts)) = (part, parts) {
        wasm_bindgen_futures::spawn_local(async move {
            let (index, count) = (part as usize, parts as usize);
            if run_part(&data, name, mapping, refund, index, count)
                .await
                .is_none()
            {
                post(json!({"type": "unsplit"}));
            }
        });
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        // A file that can't be read any more (deleted or changed since it was chosen).
        let Some(bytes) = read(&data).await else {
            post(json!({"type": "error", "error": ImportError::NotText}));
            return;
        };
        match handle(name, bytes, mapping, refund) {
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
