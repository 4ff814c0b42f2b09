//! The page's side of the import worker: starts it on first use (so its wasm, with the
//! spreadsheet reader, loads only then), sends a file, relays progress, and cancels by
//! terminating it. Messages are JSON strings, but for the results, whose records come as bytes
//! (see `src/bin/import_worker.rs`).
//!
//! A large CSV is read in parts, one worker per core (at most 4, each part at least 2 MB; see
//! `formats::import::parts`), and the parts are joined here into the one-piece result. If the
//! parts can't be joined exactly (a cut inside a quoted field, any error), the file goes to one
//! worker as a whole, which also words any error.

use crate::formats::import::parts::{join_parts, part_count, Part, PartInfo};
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

/// A running import: one worker, or one per part of a large CSV. Dropping it does not stop the
/// workers; call [`Job::cancel`].
pub struct Job(Rc<RefCell<Pool>>);

impl Job {
    pub fn cancel(&self) {
        let handles = std::mem::take(&mut self.0.borrow_mut().handles);
        for h in handles {
            h.worker.terminate();
        }
    }
}

/// A worker and the callbacks it calls (kept alive as long as it runs).
struct Handle {
    worker: web_sys::Worker,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

type OnMsg = Rc<dyn Fn(Option<WorkerMsg>)>;

/// The workers of one import and what the parts have answered so far.
struct Pool {
    name: String,
    file: web_sys::File,
    mapping: Option<Mapping>,
    handles: Vec<Handle>,
    /// Still reading in parts (false once the whole file went to one worker).
    split: bool,
    parts: Vec<Option<Part>>,
    progress: Vec<(usize, usize)>,
    on_msg: OnMsg,
}

/// What a worker says, as the pool reads it.
enum Incoming {
    Msg(WorkerMsg),
    Part(Box<Part>),
    /// A part can't be read on its own: read the file in one piece.
    Unsplit,
}

/// Start reading a file: in parts by several workers if it is a large CSV and the machine has
/// the cores, else in one worker. `on_msg` gets progress and the one result or error; a worker
/// that fails to load reports `None`. The workers read the file themselves: the page never copies
/// its bytes.
pub fn start(
    name: &str,
    file: &web_sys::File,
    mapping: Option<&Mapping>,
    on_msg: impl Fn(Option<WorkerMsg>) + 'static,
) -> Result<Job, JsValue> {
    let lower = name.to_lowercase();
    let text = [".csv", ".txt", ".tsv"].iter().any(|e| lower.ends_with(e));
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0) as usize;
    let count = if text {
        part_count(file.size() as usize, cores)
    } else {
        1
    };
    let pool = Rc::new(RefCell::new(Pool {
        name: name.to_string(),
        file: file.clone(),
        mapping: mapping.cloned(),
        handles: Vec::new(),
        split: count > 1,
        parts: vec![None; count],
        progress: vec![(0, 0); count],
        on_msg: Rc::new(on_msg),
    }));
    if count > 1 {
        for k in 0..count {
            let h = spawn(&pool, Some((k, count)))?;
            pool.borrow_mut().handles.push(h);
        }
    } else {
        let h = spawn(&pool, None)?;
        pool.borrow_mut().handles.push(h);
    }
    Ok(Job(pool))
}

/// Starts a worker for part `part` (index, count), or for the whole file.
fn spawn(pool: &Rc<RefCell<Pool>>, part: Option<(usize, usize)>) -> Result<Handle, JsValue> {
    let worker = web_sys::Worker::new("/import_worker_loader.js")?;
    let request = {
        let p = pool.borrow();
        build_request(&p.name, &p.file, p.mapping.as_ref(), part)?
    };
    // Send the file once the worker says it is ready (earlier messages can be lost).
    let pending = RefCell::new(Some(request));
    let w2 = worker.clone();
    let weak = Rc::downgrade(pool);
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(pool) = weak.upgrade() else {
                return;
            };
            let incoming = incoming(&e.data());
            if let Some(Incoming::Msg(WorkerMsg::Ready)) = incoming {
                if let Some(req) = pending.borrow_mut().take() {
                    if w2.post_message(&req).is_err() {
                        on_part(&pool, part, None);
                    }
                }
                return;
            }
            on_part(&pool, part, incoming);
        });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let weak = Rc::downgrade(pool);
    let onerror = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |_e: web_sys::ErrorEvent| {
        if let Some(pool) = weak.upgrade() {
            on_part(&pool, part, None);
        }
    });
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    Ok(Handle {
        worker,
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

/// A message from the worker of `part` (or of the whole file). Never calls `on_msg` while the
/// pool is borrowed: it may cancel the job.
fn on_part(pool: &Rc<RefCell<Pool>>, part: Option<(usize, usize)>, msg: Option<Incoming>) {
    let on_msg = pool.borrow().on_msg.clone();
    let Some((k, _)) = part else {
        // The whole file in one worker: its messages are the page's.
        match msg {
            Some(Incoming::Msg(m)) => on_msg(Some(m)),
            Some(Incoming::Part(_) | Incoming::Unsplit) | None => on_msg(None),
        }
        return;
    };
    if !pool.borrow().split {
        return; // a part's late message after the file went to one worker
    }
    match msg {
        Some(Incoming::Msg(WorkerMsg::Progress {
            stage, done, total, ..
        })) => {
            let sum = {
                let mut p = pool.borrow_mut();
                if let Some(slot) = p.progress.get_mut(k) {
                    *slot = (done, total);
                }
                p.progress
                    .iter()
                    .fold((0, 0), |(d, t), (a, b)| (d + a, t + b))
            };
            on_msg(Some(WorkerMsg::Progress {
                stage,
                done: sum.0,
                total: sum.1,
            }));
        }
        Some(Incoming::Part(p)) => {
            let joined = {
                let mut pool = pool.borrow_mut();
                if let Some(slot) = pool.parts.get_mut(k) {
                    *slot = Some(*p);
                }
                if pool.parts.iter().all(Option::is_some) {
                    let parts = pool.parts.iter_mut().filter_map(Option::take).collect();
                    Some(join_parts(parts))
                } else {
                    None
                }
            };
            match joined {
                None => {}
                Some(Some((mapping, batch))) => {
                    let name = pool.borrow().name.clone();
                    on_msg(Some(WorkerMsg::Result {
                        name,
                        mapping,
                        batch: Box::new(batch),
                    }));
                }
                Some(None) => whole_file(pool),
            }
        }
        Some(Incoming::Msg(WorkerMsg::Ready)) => {}
        // Anything else (an error, a worker that failed to load, a part that can't be read on
        // its own): read the file in one piece, which words any error exactly.
        _ => whole_file(pool),
    }
}

/// Stops the part workers and reads the file in one worker.
fn whole_file(pool: &Rc<RefCell<Pool>>) {
    let handles = {
        let mut p = pool.borrow_mut();
        p.split = false;
        std::mem::take(&mut p.handles)
    };
    for h in handles {
        h.worker.terminate();
    }
    match spawn(pool, None) {
        Ok(h) => pool.borrow_mut().handles.push(h),
        Err(_) => {
            let on_msg = pool.borrow().on_msg.clone();
            on_msg(None);
        }
    }
}

/// Reads a worker's message.
fn incoming(data: &JsValue) -> Option<Incoming> {
    if let Some(s) = data.as_string() {
        if s.contains("\"unsplit\"") {
            return Some(Incoming::Unsplit);
        }
        return serde_json::from_str::<WorkerMsg>(&s)
            .ok()
            .map(Incoming::Msg);
    }
    let get = |k: &str| js_sys::Reflect::get(data, &JsValue::from_str(k)).ok();
    match get("type")?.as_string()?.as_str() {
        "result" => result_of(data).map(Incoming::Msg),
        "part" => {
            #[derive(Deserialize)]
            struct Head {
                mapping: Mapping,
                info: PartInfo,
                batch: Box<ImportBatch>,
            }
            let head: Head = serde_json::from_str(&get("json")?.as_string()?).ok()?;
            let bytes = |k: &str| -> Option<Vec<u8>> {
                let buffer: js_sys::ArrayBuffer = get(k)?.dyn_into().ok()?;
                Some(js_sys::Uint8Array::new(&buffer).to_vec())
            };
            let batch = wire::join(*head.batch, &bytes("records")?)?;
            let first_rows = bytes("rows")?
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            Some(Incoming::Part(Box::new(Part {
                info: head.info,
                mapping: head.mapping,
                batch,
                first_rows,
            })))
        }
        _ => None,
    }
}

fn build_request(
    name: &str,
    file: &web_sys::File,
    mapping: Option<&Mapping>,
    part: Option<(usize, usize)>,
) -> Result<JsValue, JsValue> {
    let obj = js_sys::Object::new();
    if let Some((k, count)) = part {
        js_sys::Reflect::set(&obj, &"part".into(), &JsValue::from_f64(k as f64))?;
        js_sys::Reflect::set(&obj, &"parts".into(), &JsValue::from_f64(count as f64))?;
    }
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
