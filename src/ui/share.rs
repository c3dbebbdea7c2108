//! Share links in the browser: the design without secrets, compressed with the browser's own
//! `CompressionStream("deflate-raw")` (no compression code in the wasm), framed by
//! [`crate::domain::share`] into `#d=v1.<base64url>`. A link in the address bar (at startup, or
//! pasted later) is previewed from a bounded part of it and offered, never opened silently; the
//! whole design is read only on "Open". Also the clipboard helper the export panel uses.

use super::library::open_as_new;
use super::Ctx;
use crate::domain::model::Design;
use crate::domain::rules::network::thousands;
use crate::domain::share::{self, ShareError, Summary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response, WritableStream};

/// A readable message from a JavaScript exception or rejection.
pub fn js_error(e: JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string()
        .unwrap_or_else(|| "the browser refused the operation".to_string())
}

async fn through(bytes: &[u8], pair: ReadableWritablePair) -> Result<Vec<u8>, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts)?;
    let stream = blob.stream().pipe_through(&pair);
    let response = Response::new_with_opt_readable_stream(Some(&stream))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A `CompressionStream` or `DecompressionStream` for `deflate-raw`, as a readable/writable
/// pair. Built through `Reflect` because web-sys only binds these classes behind its unstable
/// APIs flag.
fn stream_pair(class: &str) -> Result<ReadableWritablePair, JsValue> {
    let ctor = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(class))?;
    let ctor: js_sys::Function = ctor
        .dyn_into()
        .map_err(|_| JsValue::from_str("this browser has no compression streams"))?;
    let args = js_sys::Array::of1(&JsValue::from_str("deflate-raw"));
    let stream = js_sys::Reflect::construct(&ctor, &args)?;
    let readable: ReadableStream =
        js_sys::Reflect::get(&stream, &JsValue::from_str("readable"))?.unchecked_into();
    let writable: WritableStream =
        js_sys::Reflect::get(&stream, &JsValue::from_str("writable"))?.unchecked_into();
    Ok(ReadableWritablePair::new(&readable, &writable))
}

/// Compresses bytes with `CompressionStream("deflate-raw")`.
pub async fn compress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let pair = stream_pair("CompressionStream").map_err(js_error)?;
    through(bytes, pair).await.map_err(js_error)
}

/// Decompresses `deflate-raw` bytes with `DecompressionStream`, up to
/// [`share::MAX_DECOMPRESSED_BYTES`]; corrupt data, or more than that, is an error.
pub async fn decompress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    match inflate(bytes, share::MAX_DECOMPRESSED_BYTES).await {
        Ok((out, true)) => Ok(out),
        Ok((_, false)) => Err(share::ShareError::TooLarge.to_string()),
        Err(e) => Err(js_error(e)),
    }
}

/// Input bytes handed to the decompressor at a time: deflate expands a byte to at most 1,032,
/// so no output chunk is much larger than half a megabyte.
const SLICE: usize = 512;

/// Unpacks `deflate-raw` bytes with `DecompressionStream`, at most `limit` bytes of them: the
/// bytes, and whether that was all. The input is fed in small slices only as the output is read
/// (a pull source: the stream asks for the next slice when the reader wants more), and reading
/// stops past `limit`, so a link that unpacks to gigabytes costs about `limit` bytes.
pub async fn inflate(bytes: &[u8], limit: usize) -> Result<(Vec<u8>, bool), JsValue> {
    let data = Rc::new(RefCell::new(bytes.to_vec()));
    let pos = Rc::new(Cell::new(0usize));
    let feed = data.clone();
    let pull = Closure::<dyn FnMut(JsValue)>::new(move |controller: JsValue| {
        let start = pos.get();
        let slice = feed.borrow().get(start..).map(|rest| {
            let end = rest.len().min(SLICE);
            js_sys::Uint8Array::from(&rest[..end])
        });
        let (method, chunk) = match slice {
            Some(chunk) if chunk.length() > 0 => ("enqueue", Some(chunk)),
            _ => ("close", None),
        };
        pos.set(start + chunk.as_ref().map_or(0, |c| c.length() as usize));
        if let Some(f) = method_of(&controller, method) {
            let _ = match chunk {
                Some(c) => f.call1(&controller, &c),
                None => f.call0(&controller),
            };
        }
    });
    let source = js_sys::Object::new();
    js_sys::Reflect::set(&source, &JsValue::from_str("pull"), pull.as_ref())?;
    // The stream may still ask for a slice after reading stopped: the closure stays (it closes
    // the stream then, as its data is released below).
    pull.forget();
    let stream = ReadableStream::new_with_underlying_source(&source)?;
    let reader = stream
        .pipe_through(&stream_pair("DecompressionStream")?)
        .get_reader();
    let read = method_of(&reader, "read").ok_or_else(|| JsValue::from_str("no stream reader"))?;
    let mut out = Vec::new();
    let result = loop {
        let next = match read.call0(&reader) {
            Ok(p) => JsFuture::from(js_sys::Promise::resolve(&p)).await,
            Err(e) => Err(e),
        };
        let next = match next {
            Ok(n) => n,
            Err(e) => break Err(e),
        };
        let done = js_sys::Reflect::get(&next, &JsValue::from_str("done"))?;
        if done.is_truthy() {
            break Ok((out, true));
        }
        let chunk =
            js_sys::Uint8Array::new(&js_sys::Reflect::get(&next, &JsValue::from_str("value"))?);
        let room = limit.saturating_sub(out.len());
        let n = chunk.length() as usize;
        if n > room {
            let keep = u32::try_from(room).unwrap_or(u32::MAX);
            out.extend(chunk.subarray(0, keep).to_vec());
            if let Some(cancel) = method_of(&reader, "cancel") {
                if let Ok(p) = cancel.call0(&reader) {
                    // Settles once the decompressor and the source are cancelled: nothing to
                    // wait for, but a rejection must not go unhandled.
                    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                    let _ = js_sys::Promise::resolve(&p).catch(&ignore);
                    ignore.forget();
                }
            }
            break Ok((out, false));
        }
        out.extend(chunk.to_vec());
    };
    data.borrow_mut().clear();
    result
}

/// The method `name` of a JavaScript object.
fn method_of(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()
}

/// Writes text to the clipboard (`navigator.clipboard.writeText`).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err("this page cannot use the clipboard (it needs HTTPS)".to_string());
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(js_error)
}

/// The share link of `design` on the page at `page_url`: secrets removed, compressed,
/// encoded; refused (with the reason) when it would be too long for a URL.
pub async fn share_link(design: &Design, page_url: &str) -> Result<String, String> {
    let json = serde_json::to_string(&design.without_secrets()).map_err(|e| e.to_string())?;
    let compressed = compress(json.as_bytes()).await?;
    share::share_url(page_url, &compressed).map_err(|e| e.to_string())
}

/// Reads the design carried by a location hash, if it carries one: the whole design, as
/// "Open" does (never at startup): unpacked up to [`share::MAX_DECOMPRESSED_BYTES`], then
/// [`share::read_design`] (item limit, design reader).
pub async fn design_from_hash(hash: &str) -> Option<Result<Design, String>> {
    let packed = match share::parse_fragment(hash)? {
        Ok(b) => b,
        Err(e) => return Some(Err(e.to_string())),
    };
    Some(read_packed(&packed).await.map_err(|e| e.to_string()))
}

/// The whole design of a link's packed bytes.
async fn read_packed(packed: &[u8]) -> Result<Design, ShareError> {
    match inflate(packed, share::MAX_DECOMPRESSED_BYTES).await {
        Ok((json, true)) => share::read_design(&json),
        Ok((_, false)) => Err(ShareError::TooLarge),
        Err(_) => Err(ShareError::Damaged),
    }
}

/// What a link's packed bytes hold, from their first [`share::PREVIEW_BYTES`] unpacked; refused
/// when that part already holds too many items.
async fn preview(packed: &[u8]) -> Result<Summary, ShareError> {
    let (json, complete) = inflate(packed, share::PREVIEW_BYTES)
        .await
        .map_err(|_| ShareError::Damaged)?;
    let summary = share::summarize(&json, !complete);
    summary.check()?;
    Ok(summary)
}

/// Removes the fragment from the address bar without adding a history entry.
fn clear_hash() {
    let w = window();
    let loc = w.location();
    let url = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// What a share link in the address bar turned out to hold.
#[derive(Clone)]
enum Offer {
    /// A preview: what the link holds; its packed bytes are read in full only on "Open".
    Preview {
        packed: Arc<[u8]>,
        summary: Summary,
        /// Length of the link's fragment, in characters.
        chars: usize,
    },
    /// "Open" was chosen: the design is being read.
    Reading,
    /// The link was refused: why.
    Error(String),
}

/// The offer's sentence about a preview: name, what it holds, the link's size.
fn offer_text(summary: &Summary, chars: usize) -> (String, String) {
    let holds = summary
        .describe()
        .map_or(String::new(), |d| format!(" with {d}"));
    let cut = if summary.partial {
        format!(
            "; only the first {} KB of the design were read",
            share::PREVIEW_BYTES / 1024
        )
    } else {
        String::new()
    };
    // Over a limit of the design reader: said before "Open", which would refuse it.
    let ask = match summary.limit_text() {
        Some(why) => format!("{why}."),
        None => "Open it as a new design?".to_string(),
    };
    let rest = format!(
        "{holds} (a link of {} characters{cut}). {ask}",
        thousands(chars as u64)
    );
    let name = summary.name.clone().unwrap_or_default();
    (name, rest)
}

/// Offers the design of the link in `hash`, if it holds one: parsed and previewed (bounded),
/// never opened. A refused link is said why and cleared from the address bar, so a reload does
/// not repeat it. `generation` drops a preview overtaken by a newer link.
fn offer_link(hash: String, offer: RwSignal<Option<Offer>>, generation: StoredValue<u64>) {
    let Some(parsed) = share::parse_fragment(&hash) else {
        return;
    };
    let Some(gen) = generation.try_update_value(|g| {
        *g = g.wrapping_add(1);
        *g
    }) else {
        return;
    };
    let refuse = move |e: ShareError| {
        clear_hash();
        offer.try_set(Some(Offer::Error(e.to_string())));
    };
    let packed = match parsed {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let chars = hash.chars().count();
    spawn_local(async move {
        let result = preview(&packed).await;
        if generation.try_get_value() != Some(gen) {
            return;
        }
        match result {
            Ok(summary) => {
                offer.try_set(Some(Offer::Preview {
                    packed: packed.into(),
                    summary,
                    chars,
                }));
            }
            Err(e) => refuse(e),
        }
    });
}

/// The banner offering the design of a share link: found in the address bar at startup, or
/// pasted into it later (`hashchange`).
#[component]
pub fn ShareOffer() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let offer = RwSignal::new(None::<Offer>);
    let generation = StoredValue::new(0u64);
    let hash = || window().location().hash().unwrap_or_default();
    offer_link(hash(), offer, generation);
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        offer_link(hash(), offer, generation)
    });
    on_cleanup(move || on_hash.remove());
    let dismiss = move |_| {
        clear_hash();
        generation.update_value(|g| *g = g.wrapping_add(1));
        offer.set(None);
        ctx.status.set("Shared design dismissed".to_string());
    };
    let open = move |_| {
        let Some(Some(Offer::Preview { packed, .. })) = offer.try_get_untracked() else {
            return;
        };
        // Cleared first: should reading the design fail badly, a reload does not repeat it.
        clear_hash();
        let Some(gen) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        offer.set(Some(Offer::Reading));
        spawn_local(async move {
            let result = read_packed(&packed).await;
            drop(packed);
            if generation.try_get_value() != Some(gen) {
                return;
            }
            match result {
                Ok(design) => {
                    offer.try_set(None);
                    open_as_new(ctx, design, "share link");
                }
                Err(e) => {
                    offer.try_set(Some(Offer::Error(e.to_string())));
                }
            }
        });
    };
    move || {
        offer.get().map(|o| match o {
            Offer::Preview { summary, chars, .. } => {
                let (name, rest) = offer_text(&summary, chars);
                let lead = if name.is_empty() {
                    "This link contains a design"
                } else {
                    "This link contains a design: "
                };
                view! {
                    <div class="banner share-offer" role="alert" data-testid="share-offer">
                        <p>
                            {lead} {(!name.is_empty()).then(|| view! { <strong>{name}</strong> })}
                            {rest}
                        </p>
                        <button type="button" class="primary" on:click=open>
                            "Open"
                        </button>
                        <button type="button" on:click=dismiss>
                            "Dismiss"
                        </button>
                    </div>
                }
                .into_any()
            }
            Offer::Reading => view! {
                <div class="banner share-offer" role="status" data-testid="share-offer">
                    <p>"Opening the shared design…"</p>
                </div>
            }
            .into_any(),
            Offer::Error(e) => view! {
                <div class="banner share-offer" role="alert" data-testid="share-offer">
                    <p>{format!("This share link could not be opened: {e}.")}</p>
                    <button type="button" on:click=move |_| offer.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
            .into_any(),
        })
    }
}

/// The "Copy share link" control on the Review step.
#[component]
pub fn SharePanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let link = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let has_secrets = Memo::new(move |_| ctx.design.with(Design::has_secrets));
    let copy = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let design = ctx.design.get_untracked();
        spawn_local(async move {
            let page = window().location().href().unwrap_or_default();
            let result = share_link(&design, &page).await;
            busy.try_set(false);
            match result {
                Ok(url) => {
                    link.try_set(url.clone());
                    match copy_text(&url).await {
                        Ok(()) => {
                            error.try_set(None);
                            ctx.status.try_set("Copied the share link".to_string());
                        }
                        Err(e) => {
                            error.try_set(Some(format!(
                                "The link could not be copied ({e}); select it below and copy it."
                            )));
                        }
                    }
                }
                Err(e) => {
                    link.try_set(String::new());
                    error.try_set(Some(format!("No share link: {e}.")));
                }
            }
        });
    };
    view! {
        <section class="share" aria-labelledby="share-title">
            <h3 id="share-title">"Share"</h3>
            <p class="hint">
                "The link carries the whole design in its address (nothing is uploaded). "
                "MD5 keys and authorization keys are never included."
                {move || has_secrets.get().then_some(" This design has some: they are left out of the link.")}
            </p>
            <button type="button" data-testid="copy-share-link" on:click=copy disabled=move || busy.get()>
                "Copy share link"
            </button>
            {move || error.get().map(|e| view! { <p class="share-error" role="alert">{e}</p> })}
            {move || {
                let url = link.get();
                (!url.is_empty()).then(|| view! {
                    <label class="share-link" for="share-link">"Share link"</label>
                    <input id="share-link" class="share-link" type="text" readonly value=url />
                })
            }}
        </section>
    }
}
