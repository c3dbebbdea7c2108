//! Browser tests of the topology diagram: it follows typing, marks the element a finding is
//! about, shows the problem on focus, and opens the field an element stands for.
#![cfg(target_arch = "wasm32")]

use erwiz::ui::storage::DESIGN_KEY;
use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("fixtures/seed.json");
const TWO: &str = include_str!("fixtures/two-circuits.json");

/// Stores `json` as the saved design (the app loads it when mounted).
fn store(json: &str) {
    storage().clear().unwrap();
    storage().set_item(DESIGN_KEY, json).unwrap();
}

fn element(root: &Element, id: &str) -> Option<Element> {
    query(root, &format!("[data-testid='diagram'] [data-id='{id}']"))
}

fn text_of(root: &Element, id: &str) -> String {
    element(root, id)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Dispatches a bubbling DOM event built by its constructor (`MouseEvent`, `KeyboardEvent`).
fn fire(el: &Element, ctor: &str, kind: &str, key: Option<&str>) {
    let window = web_sys::window().unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&window, &ctor.into())
        .unwrap()
        .unchecked_into();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    if let Some(k) = key {
        js_sys::Reflect::set(&init, &"key".into(), &k.into()).unwrap();
    }
    let ev = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&kind.into(), &init)).unwrap();
    el.dispatch_event(ev.unchecked_ref()).unwrap();
}

fn focus(el: &Element) {
    let f: js_sys::Function = js_sys::Reflect::get(el, &"focus".into())
        .unwrap()
        .unchecked_into();
    f.call0(el).unwrap();
}

/// The id of the focused element when it is inside `root`.
fn active_id(root: &Element) -> String {
    document()
        .active_element()
        .filter(|e| root.contains(Some(e)))
        .map(|e| e.id())
        .unwrap_or_default()
}

async fn open_step(root: &Element, slug: &str, field: &str) {
    click(root, &format!("button[data-step='{slug}']"));
    wait_for(&format!("the field #{field}"), || {
        query(root, &format!("#{field}")).is_some()
    })
    .await;
}

/// Mounts the app on the stored seed design and waits until its addresses are drawn; the
/// second value keeps the app mounted.
async fn seed_drawn() -> (web_sys::HtmlElement, impl Sized) {
    store(SEED);
    let root = container();
    let app = mount_to(root.clone(), App);
    wait_for("the seed addresses", || {
        text_of(&root, "ce-primary").contains("192.168.100.129")
    })
    .await;
    (root, app)
}

#[wasm_bindgen_test]
async fn typing_a_new_slash30_changes_the_drawn_addresses() {
    let (root, _app) = seed_drawn().await;
    let field = "f-circuits-0-privatePeering-primarySubnet";
    open_step(&root, "private-peering", field).await;
    type_into(&root, field, "10.9.9.0/30");
    wait_for("the new /30 on the link and both ends", || {
        text_of(&root, "ce-primary").contains("Pvt 10.9.9.1")
            && text_of(&root, "msee-primary").contains("Pvt 10.9.9.2")
            && text_of(&root, "link-primary-2").contains("10.9.9.0/30")
    })
    .await;
    assert!(!text_of(&root, "ce-primary").contains("192.168.100.129"));
    assert!(
        text_of(&root, "ce-secondary").contains("192.168.100.133"),
        "the secondary link keeps its addresses"
    );
    let table = query(&root, "[data-testid='diagram-table']").unwrap();
    assert!(table.text_content().unwrap().contains("10.9.9.1/30"));
}

#[wasm_bindgen_test]
async fn an_invalid_vlan_marks_both_links_and_says_why_on_focus() {
    store(SEED);
    let root = container();
    let _app = mount_to(root.clone(), App);
    let field = "f-circuits-0-privatePeering-vlanId";
    open_step(&root, "private-peering", field).await;
    // The diagram is drawn after the first paint.
    wait_for("the diagram", || element(&root, "link-primary-2").is_some()).await;
    assert!(query(&root, "[data-id='link-primary-2'].sev-error").is_none());
    type_into(&root, field, "5000");
    wait_for(
        "both links to the Microsoft edge in the error style",
        || {
            query(&root, "[data-id='link-primary-2'].sev-error").is_some()
                && query(&root, "[data-id='link-secondary-2'].sev-error").is_some()
        },
    )
    .await;
    assert!(query(&root, "[data-id='link-primary-1'].sev-error").is_none());
    assert!(query(&root, "[data-id='ce-primary'].sev-error").is_none());
    let link = element(&root, "link-primary-2").unwrap();
    assert!(query(&link, ".badge").is_some(), "a badge");
    let label = link.get_attribute("aria-label").unwrap();
    assert!(
        label.contains("Error:") && label.contains("VLAN"),
        "{label}"
    );
    assert_eq!(link.get_attribute("tabindex").as_deref(), Some("0"));
    focus(&link);
    wait_for("the tooltip with the message", || {
        query(&root, "[data-testid='diagram'] .tip")
            .and_then(|t| t.text_content())
            .is_some_and(|t| t.contains("VLAN"))
    })
    .await;
    type_into(&root, field, "100");
    wait_for("the error style to go", || {
        query(&root, "[data-testid='diagram'] .sev-error").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn activating_elements_opens_their_fields() {
    store(TWO);
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the second circuit", || {
        element(&root, "c2-link-primary-2").is_some()
    })
    .await;
    let link = element(&root, "link-primary-2").unwrap();
    fire(&link, "MouseEvent", "click", None);
    wait_for("the primary subnet field focused", || {
        active_id(&root) == "f-circuits-0-privatePeering-primarySubnet"
    })
    .await;
    let gateway = element(&root, "gateway-0").unwrap();
    fire(&gateway, "KeyboardEvent", "keydown", Some("Enter"));
    wait_for("the gateway SKU focused", || {
        active_id(&root) == "f-gateways-0-sku"
    })
    .await;
    let gr = element(&root, "global-reach-0").unwrap();
    assert!(text_of(&root, "global-reach-0").contains("192.168.102.0/29"));
    fire(&gr, "KeyboardEvent", "keydown", Some(" "));
    wait_for("the Connection step", || {
        query(&root, "button[data-step='connection'][aria-current='step']").is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_keystroke_keeps_the_drawn_elements_and_updates_them_in_place() {
    let (root, _app) = seed_drawn().await;
    let link = element(&root, "link-primary-2").unwrap();
    let ce = element(&root, "ce-primary").unwrap();
    let field = "f-circuits-0-privatePeering-vlanId";
    open_step(&root, "private-peering", field).await;
    type_into(&root, field, "5000");
    wait_for("the link in the error style", || {
        query(&root, "[data-id='link-primary-2'].sev-error").is_some()
    })
    .await;
    let field = "f-circuits-0-privatePeering-primarySubnet";
    type_into(&root, field, "10.9.9.0/30");
    wait_for("the new address on the router", || {
        text_of(&root, "ce-primary").contains("Pvt 10.9.9.1")
    })
    .await;
    // The same elements, updated: nothing was redrawn from scratch.
    let same = |a: &Element, id: &str| {
        element(&root, id).is_some_and(|b| js_sys::Object::is(a.as_ref(), b.as_ref()))
    };
    assert!(
        same(&link, "link-primary-2"),
        "the link's element was replaced"
    );
    assert!(same(&ce, "ce-primary"), "the router's element was replaced");
    assert!(link.get_attribute("aria-label").unwrap().contains("Error:"));
}

/// The benchmark's diagram probe times each edit only once the diagram shows it, and leaves
/// nothing behind in the page.
#[wasm_bindgen_test]
async fn the_diagram_probe_times_edits_after_they_are_drawn() {
    let design = erwiz::domain::io::parse_design(TWO).unwrap();
    let before = document().query_selector_all("svg").unwrap().length();
    let timings = erwiz::ui::probe::diagram_updates(design, 9, erwiz::ui::probe::edit)
        .await
        .expect("a document and a clock");
    assert_eq!(timings.len(), 9);
    for (k, t) in timings.iter().enumerate() {
        assert!(t.drawn, "edit {k} was timed before the diagram showed it");
        assert!(t.view_ms >= 0.0 && t.draw_ms >= 0.0, "edit {k}: {t:?}");
    }
    assert_eq!(
        document().query_selector_all("svg").unwrap().length(),
        before
    );
}

#[wasm_bindgen_test]
async fn a_design_with_more_elements_than_the_cap_is_drawn_only_when_asked() {
    // The cap lowered to 10 elements, under the two-circuit design's.
    store(TWO);
    let root = container();
    erwiz::ui::set_draw_max(10);
    let _app = mount_to(root.clone(), App);
    // The diagram is mounted after the first paint.
    wait_for("the notice instead of the drawing", || {
        query(&root, "[data-testid='diagram-capped']").is_some()
    })
    .await;
    erwiz::ui::set_draw_max(erwiz::ui::DRAW_MAX);
    let notice = common::text_of(&root, "[data-testid='diagram-capped']");
    assert!(notice.contains("elements"), "{notice}");
    assert!(
        element(&root, "gateway-0").is_none(),
        "drawn without being asked"
    );
    // Nothing drawn, nothing to download.
    let disabled = |sel: &str| query(&root, sel).is_some_and(|b| b.has_attribute("disabled"));
    assert!(disabled("[data-testid='download-svg']") && disabled("[data-testid='download-png']"));
    click(&root, "[data-testid='draw-all']");
    wait_for("the drawing", || element(&root, "gateway-0").is_some()).await;
    assert!(query(&root, "[data-testid='diagram-capped']").is_none());
    assert!(!disabled("[data-testid='download-svg']"));
}
