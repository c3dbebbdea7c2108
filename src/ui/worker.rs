//! Client of the export/import web worker (`src/bin/erwiz-worker`). The exporters and the
//! importer live in that second wasm module so the page's own wasm stays small; the worker is
//! created the first time a request is made (Export panel shown, something imported).
//!
//! Requests carry an id and are answered by id. Messages posted before the worker's wasm runs
//! would be lost, so they wait for its "ready" message. A worker that fails to load, panics
//! (an `error` event) or does not answer in time fails every pending request with a message;
//! the next request creates a fresh worker.
//!
//! Messages are JSON text both ways (the worker's side is `serde_json`, tested natively). The page
//! writes its requests as text and reads the replies with the browser's `JSON.parse`, so its wasm
//! carries no `serde_json::Value` (its parser, printer and maps).

use crate::domain::sorted::VecMap;
use leptos::prelude::set_timeout;
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, MessageEvent, Worker};

/// The worker's loader script beside `index.html`, when the page does not name it. The release
/// and serve builds give it a content-hashed name and write that name into the page's
/// `<meta name="erwiz-worker">` (scripts/hash-worker.sh).
pub const WORKER_URL: &str = "erwiz-worker_loader.js";
/// A request without an answer after this long fails (the first one includes loading the
/// worker's wasm).
const TIMEOUT_MS: u64 = 30_000;
const STOPPED: &str = "the export and import module could not be loaded or stopped";

/// Answers a request in the page instead of a worker (the browser tests' harness cannot load
/// the worker script).
pub type InPage = fn(&str) -> String;

type Settle = (js_sys::Function, js_sys::Function);

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    ready: bool,
    waiting: Vec<String>,
    pending: VecMap<u64, Settle>,
    next_id: u64,
    in_page: Option<InPage>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::default();
}

/// Answers every later request with `answer` in the page, without a worker (`None`: in the
/// worker again, the default).
pub fn answer_in_page(answer: Option<InPage>) {
    CLIENT.with_borrow_mut(|c| c.in_page = answer);
}

/// A finding of an import, as the worker describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownFinding {
    /// Rule code (`ER-IMP-…`).
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// JSON path in the input (may be empty).
    pub path: String,
    /// What could not be mapped.
    pub message: String,
}

/// An import as the worker read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReply {
    /// Label of the detected format.
    pub format: String,
    /// The design, as design JSON.
    pub design: String,
    /// What could not be mapped exactly.
    pub findings: Vec<ShownFinding>,
}

/// `design` (design JSON) written in the export format with the short name `format`.
pub async fn export(design: String, format: &str) -> Result<String, String> {
    let r = request(format!(
        r#"{{"op":"export","format":{},"design":{}"#,
        quoted(format),
        quoted(&design)
    ))
    .await?;
    Ok(string(&r, "text"))
}

/// "Download all" of `design` (design JSON): the archive's file name and bytes. `readme` is the
/// README's text, `svg` the diagram (empty: none), `time` the files' date as
/// [year, month, day, hour, minute, second].
pub async fn bundle(
    design: String,
    readme: String,
    svg: String,
    time: [u32; 6],
) -> Result<(String, Vec<u8>), String> {
    let [y, mo, d, h, mi, s] = time;
    let r = request(format!(
        r#"{{"op":"bundle","design":{},"readme":{},"svg":{},"time":[{y},{mo},{d},{h},{mi},{s}]"#,
        quoted(&design),
        quoted(&readme),
        quoted(&svg)
    ))
    .await?;
    let bytes = crate::domain::share::decode(&string(&r, "zip"))
        .map_err(|_| "the archive arrived damaged".to_string())?;
    Ok((string(&r, "name"), bytes))
}

/// Reads `texts` as an import (format detection, mapping, findings): one input, or an ARM
/// template and its parameters file in either order.
pub async fn import(texts: Vec<String>) -> Result<ImportReply, String> {
    let texts: Vec<String> = texts.iter().map(|t| quoted(t)).collect();
    let r = request(format!(r#"{{"op":"import","texts":[{}]"#, texts.join(","))).await?;
    let findings = get(&r, "findings")
        .filter(js_sys::Array::is_array)
        .map(|all| {
            js_sys::Array::from(&all)
                .iter()
                .map(|f| ShownFinding {
                    code: string(&f, "code"),
                    severity: string(&f, "severity"),
                    path: string(&f, "path"),
                    message: string(&f, "message"),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ImportReply {
        format: string(&r, "format"),
        design: string(&r, "design"),
        findings,
    })
}

/// `text` as a JSON string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// JSON text as a value (`null` when it is not JSON).
fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// The member `key` of `v` when `v` is an object that has it (its value may be `null`).
fn get(v: &JsValue, key: &str) -> Option<JsValue> {
    if !v.is_object() {
        return None;
    }
    js_sys::Reflect::get(v, &JsValue::from_str(key))
        .ok()
        .filter(|m| !m.is_undefined())
}

/// The string member `key` of `v` ("" when it has none).
fn string(v: &JsValue, key: &str) -> String {
    get(v, key).and_then(|m| m.as_string()).unwrap_or_default()
}

/// The member `key` of `v` when it is a whole number in 0..=2^53.
fn whole(v: &JsValue, key: &str) -> Option<u64> {
    let n = get(v, key)?.as_f64()?;
    (n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0).then_some(n as u64)
}

/// Sends `req` (a JSON object's text without its closing brace and without id) and waits for its
/// answer; `Err` carries the message.
async fn request(req: String) -> Result<JsValue, String> {
    let id = CLIENT.with_borrow_mut(|c| {
        c.next_id += 1;
        c.next_id
    });
    let req = format!(r#"{req},"id":{id}}}"#);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        CLIENT.with_borrow_mut(|c| c.pending.insert(id, (resolve, reject)));
    });
    send(req);
    set_timeout(
        move || {
            if CLIENT.with_borrow(|c| c.pending.contains_key(&id)) {
                stop("the export and import module did not answer in time");
            }
        },
        Duration::from_millis(TIMEOUT_MS),
    );
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| STOPPED.to_string()))?;
    let reply = js_sys::JSON::parse(&reply.as_string().unwrap_or_default())
        .map_err(|_| "the export and import module answered something unreadable".to_string())?;
    if get(&reply, "ok").and_then(|ok| ok.as_bool()) == Some(true) {
        Ok(reply)
    } else {
        Err(string(&reply, "error"))
    }
}

fn send(text: String) {
    if let Some(answer) = CLIENT.with_borrow(|c| c.in_page) {
        received(&answer(&text));
        return;
    }
    let created = CLIENT.with_borrow_mut(|c| {
        if c.worker.is_none() {
            c.worker = Some(create()?);
            c.ready = false;
        }
        match (&c.worker, c.ready) {
            (Some(w), true) => {
                let _ = w.post_message(&JsValue::from_str(&text));
            }
            _ => c.waiting.push(text),
        }
        Ok::<(), JsValue>(())
    });
    if created.is_err() {
        stop(STOPPED);
    }
}

/// The loader's URL: the page's `<meta name="erwiz-worker">`, else [`WORKER_URL`].
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name='erwiz-worker']").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| WORKER_URL.to_string())
}

fn create() -> Result<Worker, JsValue> {
    let worker = Worker::new(&worker_url())?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        received(&ev.data().as_string().unwrap_or_default());
    });
    let on_error = Closure::<dyn FnMut(Event)>::new(|ev: Event| {
        ev.prevent_default();
        stop(STOPPED);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // One pair per worker; workers are only recreated after a failure.
    on_message.forget();
    on_error.forget();
    Ok(worker)
}

/// Handles a message from the worker: "ready" flushes the waiting requests; an answer settles
/// its request (answers to requests that already failed are ignored); a message without an id
/// fails every pending request.
fn received(text: &str) {
    let reply = parse(text);
    if get(&reply, "loadError").is_some() {
        // The loader (erwiz-worker_loader.js) could not download or start the wasm.
        let why = string(&reply, "loadError");
        stop(&format!(
            "the export and import module could not be loaded ({why})"
        ));
        return;
    }
    if get(&reply, "ready").is_some() {
        CLIENT.with_borrow_mut(|c| {
            c.ready = true;
            let waiting = std::mem::take(&mut c.waiting);
            if let Some(w) = &c.worker {
                for t in waiting {
                    let _ = w.post_message(&JsValue::from_str(&t));
                }
            }
        });
        return;
    }
    let Some(id) = whole(&reply, "id") else {
        // Nothing can be matched to it: the worker is not speaking the protocol.
        stop("the export and import module answered something unreadable");
        return;
    };
    if let Some((resolve, _)) = CLIENT.with_borrow_mut(|c| c.pending.remove(&id)) {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(text));
    }
}

/// Ends the worker and fails every pending request with `message`.
fn stop(message: &str) {
    let pending = CLIENT.with_borrow_mut(|c| {
        if let Some(w) = c.worker.take() {
            w.terminate();
        }
        c.ready = false;
        c.waiting.clear();
        std::mem::take(&mut c.pending)
    });
    for (_, (_, reject)) in pending {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(message));
    }
}
