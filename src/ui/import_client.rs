//! The page's side of the import worker: starts it on first use (so its wasm, with the
//! spreadsheet reader, loads only then), sends a file, relays progress, and cancels by
//! terminating it. Messages are JSON strings, but for the result, whose records come as bytes
//! (see `src/bin/import_worker.rs`).

use crate::formats::import::{wire, ImportBatch, ImportError, Mapping};
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the worker says.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerMsg {
    Ready,
    Progress {
        #[serde(default)]
        stage: String,
        done: usize,
        total: usize,
    },
    Result {
        name: String,
        mapping: Mapping,
        batch: Box<ImportBatch>,
    },
    Error {
        error: ImportError,
    },
}

/// A running import. Dropping it does not stop the worker; call [`Job::cancel`].
pub struct Job {
    worker: web_sys::Worker,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Job {
    pub fn cancel(&self) {
        self.worker.terminate();
    }
}

/// Start a worker for one file. `on_msg` gets every message; a worker that fails to load
/// reports `None`. The worker reads the file itself: the page never copies its bytes.
pub fn start(
    name: &str,
    file: &web_sys::File,
    mapping: Option<&Mapping>,
    on_msg: impl Fn(Option<WorkerMsg>) + 'static,
) -> Result<Job, JsValue> {
    let worker = web_sys::Worker::new("/import_worker_loader.js")?;
    let on_msg = Rc::new(on_msg);
    // Send the file once the worker says it is ready (earlier messages can be lost).
    let pending = Rc::new(RefCell::new(Some(build_request(name, file, mapping)?)));
    let w2 = worker.clone();
    let cb = on_msg.clone();
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let msg = match data.as_string() {
                Some(s) => serde_json::from_str::<WorkerMsg>(&s).ok(),
                None => result_of(&data),
            };
            if let Some(WorkerMsg::Ready) = msg {
                if let Some(req) = pending.borrow_mut().take() {
                    if w2.post_message(&req).is_err() {
                        cb(None);
                    }
                }
                return;
            }
            cb(msg);
        });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let cb = on_msg.clone();
    let onerror =
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |_e: web_sys::ErrorEvent| cb(None));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    Ok(Job {
        worker,
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

fn build_request(
    name: &str,
    file: &web_sys::File,
    mapping: Option<&Mapping>,
) -> Result<JsValue, JsValue> {
    let obj = js_sys::Object::new();
    js_sys::Reflect::set(&obj, &"name".into(), &JsValue::from_str(name))?;
    js_sys::Reflect::set(&obj, &"file".into(), file)?;
    let m = mapping
        .and_then(|m| serde_json::to_string(m).ok())
        .unwrap_or_default();
    js_sys::Reflect::set(&obj, &"mapping".into(), &JsValue::from_str(&m))?;
    Ok(obj.into())
}

/// The result message: `{type: "result", json, records: ArrayBuffer}`.
fn result_of(data: &JsValue) -> Option<WorkerMsg> {
    #[derive(Deserialize)]
    struct Head {
        name: String,
        mapping: Mapping,
        batch: Box<ImportBatch>,
    }
    let get = |k: &str| js_sys::Reflect::get(data, &JsValue::from_str(k)).ok();
    if get("type")?.as_string()? != "result" {
        return None;
    }
    let head: Head = serde_json::from_str(&get("json")?.as_string()?).ok()?;
    let buffer: js_sys::ArrayBuffer = get("records")?.dyn_into().ok()?;
    let records = js_sys::Uint8Array::new(&buffer);
    let batch = wire::join(*head.batch, &records.to_vec())?;
    Some(WorkerMsg::Result {
        name: head.name,
        mapping: head.mapping,
        batch: Box::new(batch),
    })
}
