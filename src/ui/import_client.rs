//! The page's side of the import worker: starts it on first use (so its wasm, with the
//! spreadsheet reader, loads only then), sends a file, relays progress, and cancels by
//! terminating it. Messages are JSON strings, but for the results, whose records come as bytes
//! (see `src/bin/import_worker.rs`).
//!
//! A large CSV is read in parts, one worker per core (at most 4, each part at least 2 MB; see
//! `formats::import::parts`), and the parts are joined here into the one-piece result. If the
//! parts can't be joined exactly (a cut inside a quoted field, any error), the file goes to one
//! worker as a whole, which also words any error.

use crate::formats::import::parts::{
    join_parts, nominal_start, part_count, seek_window, split_point, Part, PartInfo, HEAD_BYTES,
};
use crate::formats::import::{wire, ImportBatch, ImportError, Mapping, RefundTolerance};
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
    gate: Rc<Gate>,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

type OnMsg = Rc<dyn Fn(Option<WorkerMsg>)>;

/// The workers of one import and what the parts have answered so far.
struct Pool {
    name: String,
    file: web_sys::File,
    mapping: Option<Mapping>,
    /// The user's refund tolerance for the 成功退款金额 ≤ 支付金额 check.
    refund: RefundTolerance,
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
/// that fails to load reports `None`. One worker reads the file itself; parts are read by the
/// page and transferred to their workers (`read_parts`), never copied.
pub fn start(
    name: &str,
    file: &web_sys::File,
    mapping: Option<&Mapping>,
    refund: RefundTolerance,
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
        refund,
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
        wasm_bindgen_futures::spawn_local(read_parts(Rc::downgrade(&pool), count));
    } else {
        let h = spawn(&pool, None)?;
        pool.borrow_mut().handles.push(h);
    }
    Ok(Job(pool))
}

/// Starts a worker for part `part` (index, count), or for the whole file.
fn spawn(pool: &Rc<RefCell<Pool>>, part: Option<(usize, usize)>) -> Result<Handle, JsValue> {
    let worker = web_sys::Worker::new("/import_worker_loader.js")?;
    // The whole file's request is ready now; a part's comes with its bytes (`read_parts`).
    let request = match part {
        None => {
            let p = pool.borrow();
            let req = build_request(&p.name, &p.file, p.mapping.as_ref(), p.refund, None)?;
            Some((req, js_sys::Array::new()))
        }
        Some(_) => None,
    };
    let gate = Rc::new(Gate {
        worker: worker.clone(),
        ready: std::cell::Cell::new(false),
        request: RefCell::new(request),
    });
    let g2 = gate.clone();
    let weak = Rc::downgrade(pool);
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(pool) = weak.upgrade() else {
                return;
            };
            let incoming = incoming(&e.data());
            if let Some(Incoming::Msg(WorkerMsg::Ready)) = incoming {
                g2.ready.set(true);
                if !g2.send() {
                    on_part(&pool, part, None);
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
        gate,
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

/// A worker's request waits for two things: the worker saying it is ready (messages sent
/// earlier can be lost) and, for a part, its bytes read by the page meanwhile.
struct Gate {
    worker: web_sys::Worker,
    ready: std::cell::Cell<bool>,
    /// The request and the buffers it transfers.
    request: RefCell<Option<(JsValue, js_sys::Array)>>,
}

impl Gate {
    /// Sends the request if both are there; false if sending failed.
    fn send(&self) -> bool {
        if !self.ready.get() {
            return true;
        }
        match self.request.borrow_mut().take() {
            Some((req, transfer)) => self
                .worker
                .post_message_with_transfer(&req, &transfer)
                .is_ok(),
            None => true,
        }
    }
}

/// Reads the parts' bytes on the page while the workers start (the main thread is idle then)
/// and hands each to its worker, transferred, not copied. If the file has no cut where the
/// workers would look, the whole file goes to one worker.
async fn read_parts(pool: std::rc::Weak<RefCell<Pool>>, count: usize) {
    let Some(file) = pool.upgrade().map(|p| p.borrow().file.clone()) else {
        return;
    };
    let buffers = read_part_buffers(&file, count).await;
    let Some(pool) = pool.upgrade() else {
        return;
    };
    if !pool.borrow().split {
        return;
    }
    let Some(buffers) = buffers else {
        whole_file(&pool);
        return;
    };
    let head_len = HEAD_BYTES.min(buffers.first().map_or(0, |b| b.byte_length() as usize));
    // Copies of the file's head for the later parts, taken before part 0's buffer is sent away.
    let mut heads: Vec<js_sys::ArrayBuffer> = buffers
        .first()
        .map(|b| {
            (1..count)
                .map(|_| b.slice_with_end(0, head_len as u32))
                .collect()
        })
        .unwrap_or_default();
    heads.reverse();
    let gates: Vec<Rc<Gate>> = pool
        .borrow()
        .handles
        .iter()
        .map(|h| h.gate.clone())
        .collect();
    let mut failed = false;
    for (k, (buffer, gate)) in buffers.into_iter().zip(gates).enumerate() {
        let request = {
            let p = pool.borrow();
            build_request(
                &p.name,
                &p.file,
                p.mapping.as_ref(),
                p.refund,
                Some((k, count)),
            )
        };
        let Ok(request) = request else {
            failed = true;
            break;
        };
        let transfer = js_sys::Array::new();
        let _ = js_sys::Reflect::set(&request, &"bytes".into(), &buffer);
        transfer.push(&buffer);
        if k > 0 {
            if let Some(head) = heads.pop() {
                let _ = js_sys::Reflect::set(&request, &"head".into(), &head);
                transfer.push(&head);
            }
        }
        *gate.request.borrow_mut() = Some((request, transfer));
        failed |= !gate.send();
    }
    if failed {
        whole_file(&pool);
    }
}

/// The bytes of each part of `file`, cut where the workers would cut.
async fn read_part_buffers(file: &web_sys::File, count: usize) -> Option<Vec<js_sys::ArrayBuffer>> {
    let len = file.size() as usize;
    let mut cuts = vec![0];
    for k in 1..count {
        let nominal = nominal_start(len, k, count);
        let (start, end) = seek_window(nominal, len);
        let window = read_buffer(file, start, end).await?;
        let window = js_sys::Uint8Array::new(&window).to_vec();
        let cut = split_point(&window, start, nominal)?;
        if cut <= *cuts.last()? {
            return None;
        }
        cuts.push(cut);
    }
    cuts.push(len);
    // All reads started at once, then awaited in turn.
    let reads: Vec<_> = cuts
        .windows(2)
        .map(|w| {
            file.slice_with_f64_and_f64(w[0] as f64, w[1] as f64)
                .ok()
                .map(|b| wasm_bindgen_futures::JsFuture::from(b.array_buffer()))
        })
        .collect();
    let mut out = Vec::with_capacity(count);
    for r in reads {
        out.push(r?.await.ok()?.dyn_into::<js_sys::ArrayBuffer>().ok()?);
    }
    Some(out)
}

/// Bytes `start..end` of `file`.
async fn read_buffer(
    file: &web_sys::File,
    start: usize,
    end: usize,
) -> Option<js_sys::ArrayBuffer> {
    let slice = file.slice_with_f64_and_f64(start as f64, end as f64).ok()?;
    wasm_bindgen_futures::JsFuture::from(slice.array_buffer())
        .await
        .ok()?
        .dyn_into()
        .ok()
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
    refund: RefundTolerance,
    part: Option<(usize, usize)>,
) -> Result<JsValue, JsValue> {
    let obj = js_sys::Object::new();
    js_sys::Reflect::set(
        &obj,
        &"refund_pct".into(),
        &JsValue::from_f64(refund.percent as f64),
    )?;
    js_sys::Reflect::set(
        &obj,
        &"refund_min".into(),
        &JsValue::from_f64(refund.fen as f64),
    )?;
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

/// Starts the worker at `url` for one request: sends `request` once the worker says it is ready
/// (a message sent earlier can be lost), and returns its first answer (`None` if the worker
/// failed to load or to answer). The worker is terminated after.
pub async fn ask_worker(url: &str, request: &JsValue) -> Option<JsValue> {
    let worker = web_sys::Worker::new(url).ok()?;
    let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let done = js_sys::Promise::new(&mut |res, _| *resolve.borrow_mut() = Some(res));
    let settle = move |v: &JsValue| {
        if let Some(f) = resolve.borrow_mut().take() {
            let _ = f.call1(&JsValue::NULL, v);
        }
    };
    let settle = Rc::new(settle);
    let (w, on_done, request) = (worker.clone(), settle.clone(), request.clone());
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let d = e.data();
            if d.as_string().is_some_and(|s| s.contains("\"ready\"")) {
                if w.post_message(&request).is_err() {
                    on_done(&JsValue::UNDEFINED);
                }
            } else {
                on_done(&d);
            }
        });
    let onerror =
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |_| settle(&JsValue::UNDEFINED));
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    let answer = wasm_bindgen_futures::JsFuture::from(done).await.ok();
    worker.terminate();
    drop((onmessage, onerror));
    answer.filter(|v| !v.is_undefined())
}

/// A chosen file as rows of text: CSV/TSV/text in UTF-8, UTF-16 or GBK read here; an xlsx, xls
/// or ods workbook's first sheet read by the import worker (where the workbook reader lives).
pub async fn read_file_table(
    file: &web_sys::File,
) -> Result<crate::formats::import::Table, ImportError> {
    use crate::formats::import::{read_table, Table};
    let bytes = crate::ui::widgets::download::read_file(file)
        .await
        .ok_or(ImportError::NotText)?;
    match read_table(&bytes, &BrowserGb18030) {
        Ok((t, _)) => return Ok(t),
        Err(ImportError::Spreadsheet(_)) => {}
        Err(e) => return Err(e),
    }
    drop(bytes);
    let request = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&request, &"op".into(), &"table".into());
    let _ = js_sys::Reflect::set(&request, &"file".into(), file);
    let answer = ask_worker("/import_worker_loader.js", &request)
        .await
        .and_then(|v| v.as_string())
        .ok_or(ImportError::NotText)?;
    #[derive(Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Answer {
        Table { rows: Vec<Vec<String>> },
        Error { error: ImportError },
    }
    match serde_json::from_str::<Answer>(&answer) {
        Ok(Answer::Table { rows }) => Ok(Table::from_rows(&rows)),
        Ok(Answer::Error { error }) => Err(error),
        Err(_) => Err(ImportError::NotText),
    }
}

/// GB18030 through the browser's TextDecoder (no decoder tables in the wasm).
pub struct BrowserGb18030;

impl crate::formats::import::Gb18030 for BrowserGb18030 {
    fn decode(&self, bytes: &[u8]) -> String {
        let opts = web_sys::TextDecoderOptions::new();
        web_sys::TextDecoder::new_with_label_and_options("gb18030", &opts)
            .and_then(|d| d.decode_with_u8_array(bytes))
            .unwrap_or_default()
    }
}

/// Why a picked file could not be read as a table, in the user's language (a workbook is only
/// refused on the statement's page, where Alipay's file is CSV).
pub fn read_error_text(l: crate::i18n::Locale, e: &ImportError) -> String {
    use crate::i18n::*;
    match e {
        ImportError::Spreadsheet(_) => td_string!(l, common.settle_err_xlsx).to_string(),
        ImportError::Empty => td_string!(l, common.file_err_empty).to_string(),
        _ => td_string!(l, common.file_err_unreadable).to_string(),
    }
}

/// A file the user picked, read as a table off the click ([`read_file_table`]) and handed to
/// `then` (the page's own reader); a file that can't be read sets `msg` to the reason instead.
pub fn read_picked(
    file: web_sys::File,
    l: crate::i18n::Locale,
    msg: leptos::prelude::RwSignal<Option<String>>,
    then: impl FnOnce(crate::formats::import::Table) + 'static,
) {
    use leptos::prelude::Set;
    leptos::task::spawn_local(async move {
        match read_file_table(&file).await {
            Ok(t) => then(t),
            Err(e) => msg.set(Some(read_error_text(l, &e))),
        }
    });
}
