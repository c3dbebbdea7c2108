//! Share links in the browser: the design without secrets, compressed with the browser's own
//! `CompressionStream("deflate-raw")` (no compression code in the wasm), framed by
//! [`crate::domain::share`] into `#d=v1.<base64url>`. On startup a link's design is offered,
//! never opened silently. Also the clipboard helper the export panel uses.

use super::library::open_as_new;
use super::Ctx;
use crate::domain::model::Design;
use crate::domain::{io, share};
use leptos::prelude::*;
use leptos::task::spawn_local;
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

/// Decompresses `deflate-raw` bytes with `DecompressionStream`; corrupt data is an error.
pub async fn decompress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let pair = stream_pair("DecompressionStream").map_err(js_error)?;
    through(bytes, pair).await.map_err(js_error)
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

/// Reads the design carried by a location hash, if it carries one.
pub async fn design_from_hash(hash: &str) -> Option<Result<Design, String>> {
    let bytes = match share::parse_fragment(hash)? {
        Ok(b) => b,
        Err(e) => return Some(Err(e.to_string())),
    };
    Some(read_payload(&bytes).await)
}

async fn read_payload(bytes: &[u8]) -> Result<Design, String> {
    let json = decompress(bytes)
        .await
        .map_err(|_| "the link is damaged (its data does not decompress)".to_string())?;
    let text = String::from_utf8(json).map_err(|_| "the link's data is not text".to_string())?;
    io::parse_design(&text).map_err(|e| format!("the link's design cannot be read: {e}"))
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
    Design(Design),
    Error(String),
}

fn design_title(d: &Design) -> String {
    let name = [
        d.name.as_str(),
        d.circuits.first().map(|c| c.name.as_str()).unwrap_or(""),
        d.resource_group.as_str(),
    ]
    .into_iter()
    .map(str::trim)
    .find(|s| !s.is_empty())
    .unwrap_or("(unnamed)");
    name.to_string()
}

/// The banner offering the design of a share link found in the address bar at startup.
#[component]
pub fn ShareOffer() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let offer = RwSignal::new(None::<Offer>);
    let hash = window().location().hash().unwrap_or_default();
    if share::parse_fragment(&hash).is_some() {
        spawn_local(async move {
            let result = design_from_hash(&hash).await;
            let next = match result {
                Some(Ok(d)) => Offer::Design(d),
                Some(Err(e)) => {
                    clear_hash();
                    Offer::Error(e)
                }
                None => return,
            };
            offer.try_set(Some(next));
        });
    }
    let dismiss = move |_| {
        clear_hash();
        offer.set(None);
        ctx.status.set("Shared design dismissed".to_string());
    };
    move || {
        offer.get().map(|o| match o {
            Offer::Design(d) => {
                let title = design_title(&d);
                let design = StoredValue::new(d);
                view! {
                    <div class="banner share-offer" role="alert" data-testid="share-offer">
                        <p>
                            "This link contains a design: " <strong>{title}</strong>
                            ". Open it as a new design?"
                        </p>
                        <button
                            type="button"
                            class="primary"
                            on:click=move |_| {
                                clear_hash();
                                if let Some(d) = design.try_get_value() {
                                    open_as_new(ctx, d, "share link");
                                }
                                offer.set(None);
                            }
                        >
                            "Open"
                        </button>
                        <button type="button" on:click=dismiss>
                            "Dismiss"
                        </button>
                    </div>
                }
                .into_any()
            }
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
