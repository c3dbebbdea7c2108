//! Helpers shared by the browser test files: a fresh container per test, waiting on conditions
//! (never a fixed sleep), and typing or choosing like a user.
#![allow(dead_code)]

use leptos::task::tick;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A fresh container (the test runner keeps its own output in <body>: never wipe it).
pub fn container() -> HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

pub async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits until `cond` holds (polling the event loop), failing with `what` after 5 s.
pub async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        tick().await;
        if cond() {
            return;
        }
        sleep_ms(10).await;
    }
    panic!("timed out waiting for: {what}");
}

pub fn query(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

/// The text of the element matching `sel` inside `root` (empty when there is none).
pub fn text_of(root: &Element, sel: &str) -> String {
    query(root, sel)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// An event of type `kind` that bubbles, as the browser's own `input` and `change` do.
pub fn bubbling(kind: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(kind, &init).unwrap()
}

pub fn type_into(root: &Element, id: &str, text: &str) {
    let input: HtmlInputElement = query(root, &format!("#{id}"))
        .unwrap_or_else(|| panic!("no input #{id}"))
        .unchecked_into();
    input.set_value(text);
    input.dispatch_event(&bubbling("input")).unwrap();
}

pub fn choose(root: &Element, id: &str, value: &str) {
    let select: HtmlSelectElement = query(root, &format!("#{id}"))
        .unwrap_or_else(|| panic!("no select #{id}"))
        .unchecked_into();
    select.set_value(value);
    select.dispatch_event(&bubbling("change")).unwrap();
}

/// Clicks the element matching `sel` inside `root`.
pub fn click(root: &Element, sel: &str) {
    let el: HtmlElement = query(root, sel)
        .unwrap_or_else(|| panic!("nothing matches {sel}"))
        .unchecked_into();
    el.click();
}
