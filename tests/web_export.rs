//! Browser tests of export, import and share links (headless Chromium through
//! wasm-bindgen-test): the format tabs, pasted imports and their errors, the browser's
//! compression streams, and a share link in the address bar offered at startup.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::io::parse_design;
use erwiz::domain::share;
use erwiz::ui::share::{compress, decompress, design_from_hash, inflate, share_link};
use erwiz::ui::storage::DESIGN_KEY;
use erwiz::ui::worker::answer_in_page;
use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

mod common;

/// The export worker's protocol, answered in the page: this harness cannot load the worker.
#[allow(dead_code)]
#[path = "../src/bin/erwiz-worker/protocol.rs"]
mod protocol;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const TWO_CIRCUITS: &str = include_str!("fixtures/two-circuits.json");

/// Opens the Review step, with the exporters and importer answering in the page.
async fn open_review(root: &Element) {
    answer_in_page(Some(protocol::answer));
    click(root, "button[data-step='review']");
    wait_for("the Export panel", || {
        query(root, "[data-testid='export']").is_some()
    })
    .await;
}

fn text_of(root: &Element, sel: &str) -> String {
    query(root, sel)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn paste(root: &Element, id: &str, text: &str) {
    let area: HtmlTextAreaElement = query(root, &format!("#{id}"))
        .unwrap_or_else(|| panic!("no textarea #{id}"))
        .unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn press(el: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn tabs_show_each_format_and_follow_the_arrow_keys() {
    storage().clear().unwrap();
    storage().set_item(DESIGN_KEY, TWO_CIRCUITS).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    wait_for("the ARM text", || {
        text_of(&root, "[data-testid='export-code']")
            .contains("Microsoft.Network/expressRouteCircuits")
    })
    .await;
    let tab = |id: &str| query(&root, &format!("#export-tab-{id}")).unwrap();
    assert_eq!(
        tab("arm").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(tab("arm").get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(
        tab("terraform").get_attribute("tabindex").as_deref(),
        Some("-1")
    );

    click(&root, "#export-tab-terraform");
    wait_for("the Terraform text", || {
        text_of(&root, "[data-testid='export-code']").contains("azurerm_express_route_circuit")
    })
    .await;
    assert_eq!(
        tab("terraform").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(
        tab("arm").get_attribute("aria-selected").as_deref(),
        Some("false")
    );
    let panel = query(&root, "#export-tabpanel").unwrap();
    assert_eq!(
        panel.get_attribute("aria-labelledby").as_deref(),
        Some("export-tab-terraform")
    );
    assert_eq!(
        root.query_selector_all("[role='tab'][tabindex='0']")
            .unwrap()
            .length(),
        1
    );

    // Keyboard: the arrow keys move selection and focus; End and Home jump; it wraps.
    tab("terraform")
        .unchecked_ref::<HtmlElement>()
        .focus()
        .unwrap();
    press(&tab("terraform"), "ArrowRight");
    wait_for("the Azure CLI tab", || {
        text_of(&root, "[data-testid='export-code']").contains("az network express-route create")
    })
    .await;
    assert_eq!(active_id(), "export-tab-azcli");
    press(&tab("azcli"), "End");
    wait_for("the Junos tab", || active_id() == "export-tab-junos").await;
    wait_for("the Junos text", || {
        text_of(&root, "[data-testid='export-code']").contains("protocols")
    })
    .await;
    press(&tab("junos"), "ArrowRight");
    wait_for("wrap to the ARM tab", || active_id() == "export-tab-arm").await;
    press(&tab("arm"), "ArrowLeft");
    wait_for("wrap back to Junos", || active_id() == "export-tab-junos").await;
    press(&tab("junos"), "Home");
    wait_for("Home to ARM", || active_id() == "export-tab-arm").await;
    assert_eq!(tab("arm").get_attribute("tabindex").as_deref(), Some("0"));
}

fn unreadable(_: &str) -> String {
    "not a reply".to_string()
}

#[wasm_bindgen_test]
async fn a_failed_export_says_so_and_can_be_retried() {
    storage().clear().unwrap();
    storage().set_item(DESIGN_KEY, TWO_CIRCUITS).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    answer_in_page(Some(unreadable));
    click(&root, "#export-tab-bicep");
    wait_for("the failure", || {
        query(&root, "[data-testid='export-failed']").is_some()
    })
    .await;
    let failed = query(&root, "[data-testid='export-failed']").unwrap();
    assert_eq!(failed.get_attribute("role").as_deref(), Some("alert"));
    assert!(text_of(&root, "[data-testid='export-failed']").contains("unreadable"));
    let copy = query(&root, "[data-testid='export-copy']").unwrap();
    assert!(copy.has_attribute("disabled"));
    assert_eq!(text_of(&root, "[data-testid='export-code']"), "");

    answer_in_page(Some(protocol::answer));
    click(&root, "[data-testid='export-failed'] button");
    wait_for("the Bicep text after a retry", || {
        text_of(&root, "[data-testid='export-code']")
            .contains("Microsoft.Network/expressRouteCircuits@")
    })
    .await;
    assert!(query(&root, "[data-testid='export-failed']").is_none());
    assert!(!copy.has_attribute("disabled"));
    assert_eq!(text_of(&root, "[data-testid='export-busy']"), "");
}

#[wasm_bindgen_test]
async fn a_worker_that_cannot_load_fails_the_export_and_the_import_with_a_message() {
    storage().clear().unwrap();
    storage().set_item(DESIGN_KEY, TWO_CIRCUITS).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    // The real worker: its script is not served by this harness, so it fails to load.
    answer_in_page(None);
    click(&root, "#export-tab-terraform");
    wait_for("the export failure", || {
        text_of(&root, "[data-testid='export-failed']").contains("could not be loaded")
    })
    .await;
    paste(&root, "import-review-text", TWO_CIRCUITS);
    click(&root, ".import-section [data-testid='import-read']");
    wait_for("the import failure", || {
        text_of(&root, "#import-review-result [data-testid='import-error']")
            .contains("could not be loaded")
    })
    .await;
    answer_in_page(Some(protocol::answer));
}

#[wasm_bindgen_test]
async fn the_export_says_how_many_errors_remain() {
    storage().clear().unwrap();
    storage()
        .set_item(DESIGN_KEY, include_str!("fixtures/errors.json"))
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    let note = text_of(&root, "[data-testid='export-errors']");
    assert!(
        note.starts_with("The export reflects the design as it is: "),
        "{note}"
    );
    assert!(note.contains(" error"), "{note}");
}

#[wasm_bindgen_test]
async fn what_a_format_does_not_write_is_listed_for_that_format() {
    storage().clear().unwrap();
    storage()
        .set_item(DESIGN_KEY, include_str!("fixtures/dual-stack.json"))
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    // ARM (the first tab) leaves out the gateway's public IP: Azure assigns one.
    wait_for("the omissions of the ARM template", || {
        text_of(&root, "[data-testid='export-omissions']")
            .contains("gateways[ergw-hub-ds].publicIp")
    })
    .await;
    // The router configurations cover the customer edge only: nothing is listed.
    click(&root, "#export-tab-junos");
    wait_for("no omissions for Junos", || {
        query(&root, "[data-testid='export-omissions']").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn pasted_invalid_json_shows_line_and_column() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    paste(
        &root,
        "import-review-text",
        "{\n  \"version\": 1,\n  \"name\": }\n",
    );
    click(&root, ".import-section [data-testid='import-read']");
    wait_for("the import error", || {
        query(&root, "#import-review-result [data-testid='import-error']").is_some()
    })
    .await;
    let error = query(&root, "#import-review-result [data-testid='import-error']").unwrap();
    let msg = error.text_content().unwrap();
    assert!(msg.contains("invalid JSON at line 3 column 11"), "{msg}");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(query(&root, "[data-testid='import-open']").is_none());

    // Empty text and a non-object are errors too, never a panic.
    paste(&root, "import-review-text", "   ");
    click(&root, ".import-section [data-testid='import-read']");
    wait_for("the empty-input error", || {
        text_of(&root, "#import-review-result").contains("empty")
    })
    .await;
    paste(&root, "import-review-text", "[1, 2]");
    click(&root, ".import-section [data-testid='import-read']");
    wait_for("the not-an-object error", || {
        text_of(&root, "#import-review-result").contains("expected a JSON object")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_pasted_design_opens_as_the_current_design() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    paste(&root, "import-review-text", TWO_CIRCUITS);
    click(&root, ".import-section [data-testid='import-read']");
    wait_for("the detected format", || {
        text_of(&root, "[data-testid='import-format']").contains("ExpressRoute Wizard design")
    })
    .await;
    click(&root, "[data-testid='import-open']");
    wait_for("the opened design in the resources list", || {
        text_of(&root, "[data-testid='resources']").contains("er-amsterdam")
    })
    .await;
    assert!(query(&root, "[data-testid='import-open']").is_none());
}

#[wasm_bindgen_test]
async fn compression_streams_round_trip() {
    let json = TWO_CIRCUITS.as_bytes();
    let packed = compress(json).await.unwrap();
    assert!(!packed.is_empty());
    assert!(
        packed.len() < json.len() / 2,
        "{} of {}",
        packed.len(),
        json.len()
    );
    assert_eq!(decompress(&packed).await.unwrap(), json);
    assert_eq!(
        decompress(&compress(b"").await.unwrap()).await.unwrap(),
        b""
    );
    // Corrupt data is an error, not a panic or a hang.
    assert!(decompress(&[0xff, 0xff, 0xff, 0xff]).await.is_err());
    let mut cut = packed.clone();
    cut.truncate(packed.len() / 2);
    assert!(decompress(&cut).await.is_err());
}

#[wasm_bindgen_test]
async fn inflate_stops_at_its_limit() {
    // 5.1 MB of `{"circuits":[{},{},…]}` packs into a few kilobytes.
    let mut json = String::from("{\"circuits\":[{}");
    for _ in 1..1_700_000 {
        json.push_str(",{}");
    }
    json.push_str("]}");
    let packed = compress(json.as_bytes()).await.unwrap();
    assert!(packed.len() < 16_000, "{}", packed.len());
    for limit in [0, 1, 1000, share::PREVIEW_BYTES] {
        let (head, complete) = inflate(&packed, limit).await.unwrap();
        assert!(!complete, "{limit}");
        assert_eq!(head.len(), limit);
        assert_eq!(head, json.as_bytes()[..limit]);
    }
    let (all, complete) = inflate(&packed, json.len()).await.unwrap();
    assert!(complete);
    assert_eq!(all, json.as_bytes());
    let (_, complete) = inflate(&packed, json.len() - 1).await.unwrap();
    assert!(!complete);
    // Past the 5 MB limit: refused, not unpacked.
    let mut big = json.clone();
    for _ in 0..200_000 {
        big.push_str("{},");
    }
    let err = decompress(&compress(big.as_bytes()).await.unwrap())
        .await
        .unwrap_err();
    assert!(err.contains("more than 5 MB"), "{err}");
    // Corrupt data fails, whatever the limit.
    assert!(inflate(&[0xff, 0xff, 0xff, 0xff], 10).await.is_err());
}

#[wasm_bindgen_test]
async fn a_share_link_carries_the_design_without_secrets() {
    let mut design = parse_design(TWO_CIRCUITS).unwrap();
    if let Some(p) = design
        .circuits
        .first_mut()
        .and_then(|c| c.private_peering.as_mut())
    {
        p.shared_key = "s3cret-md5-key".to_string();
    }
    assert!(design.has_secrets());
    let url = share_link(&design, "http://x.test/app/?a=1#old")
        .await
        .unwrap();
    assert!(url.starts_with("http://x.test/app/?a=1#d=v1."), "{url}");
    assert!(!url.contains("s3cret"));
    let hash = &url[url.find('#').unwrap()..];
    let back = design_from_hash(hash).await.unwrap().unwrap();
    assert_eq!(back, design.without_secrets());
    assert!(design_from_hash("#other").await.is_none());
    let damaged = design_from_hash("#d=v1.AAAA").await.unwrap().unwrap_err();
    assert!(damaged.contains("damaged"), "{damaged}");
    let bad = design_from_hash("#d=v1.a*b").await.unwrap().unwrap_err();
    assert!(bad.contains("damaged"), "{bad}");
}

#[wasm_bindgen_test]
async fn a_design_too_large_for_a_link_is_refused_with_advice() {
    let mut design = parse_design(TWO_CIRCUITS).unwrap();
    // Pseudo-random prefixes deflate cannot shrink much: well past the URL limit once encoded.
    let mut x: u32 = 12345;
    design.on_prem_routes = (0..12000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            format!(
                "10.{}.{}.0/{}",
                (x >> 8) & 255,
                (x >> 16) & 255,
                16 + (x >> 28)
            )
        })
        .collect();
    let err = share_link(&design, "http://x.test/").await.unwrap_err();
    assert!(err.contains("too large for a share link"), "{err}");
    assert!(err.contains("Download design (.json)"), "{err}");
    // A little under the limit still works.
    design.on_prem_routes.truncate(200);
    let url = share_link(&design, "http://x.test/").await.unwrap();
    assert!(url.len() <= share::MAX_URL_CHARS);
}

fn set_hash(hash: &str) {
    let w = web_sys::window().unwrap();
    let path = w.location().pathname().unwrap() + &w.location().search().unwrap();
    w.history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{hash}")))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_link_in_the_address_bar_is_offered_never_opened_silently() {
    let design = parse_design(TWO_CIRCUITS).unwrap();
    let link = share_link(&design, "http://x.test/").await.unwrap();
    // Cleared after the await: a save still pending from an earlier test may land during it.
    storage().clear().unwrap();
    set_hash(&link["http://x.test/".len()..]);
    let root = container();
    let app = mount_to(root.clone(), App);
    wait_for("the share offer", || {
        query(&root, "[data-testid='share-offer']").is_some()
    })
    .await;
    let offer = text_of(&root, "[data-testid='share-offer']");
    assert!(
        offer.contains("This link contains a design: Contoso dual-circuit"),
        "{offer}"
    );
    // Nothing changed yet.
    click(&root, "button[data-step='review']");
    wait_for("Review", || {
        query(&root, "[data-testid='resources']").is_some()
    })
    .await;
    assert!(!text_of(&root, "[data-testid='resources']").contains("er-amsterdam"));
    click(&root, "[data-testid='share-offer'] button.primary");
    wait_for("the shared design opened", || {
        text_of(&root, "[data-testid='resources']").contains("er-amsterdam")
    })
    .await;
    assert!(query(&root, "[data-testid='share-offer']").is_none());
    let w = web_sys::window().unwrap();
    assert_eq!(w.location().hash().unwrap(), "", "the hash is cleared");
    drop(app);
    root.remove();

    // A damaged link: a clear message, and the hash is cleared.
    set_hash("#d=v1.%%%");
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the damaged-link message", || {
        text_of(&root, "[data-testid='share-offer']").contains("could not be opened")
    })
    .await;
    assert_eq!(w.location().hash().unwrap(), "");
    assert!(share::parse_fragment("#d=v1.%%%").is_some());
}

#[wasm_bindgen_test]
async fn review_finishes_with_what_remains_and_download_all() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    open_review(&root).await;
    // A new design: its errors are listed by step, each opening its first field.
    wait_for("the finish summary", || {
        text_of(&root, "[data-testid='remaining-summary']").contains("error")
    })
    .await;
    assert!(query(&root, "[data-testid='remaining'] li[data-step='basics']").is_some());
    // Review's primary button is Download all, not a dead end.
    assert_eq!(
        text_of(&root, "[data-testid='next']"),
        "Download all (.zip)"
    );
    click(&root, "[data-testid='download-all']");
    wait_for("the archive downloading", || {
        text_of(&root, "#status").contains("Downloading ")
            && text_of(&root, "#status").contains(".zip")
    })
    .await;
    click(
        &root,
        "[data-testid='remaining'] li[data-step='basics'] button",
    );
    wait_for("Basics open at its first error", || {
        query(&root, "button[data-step='basics'][aria-current='step']").is_some()
            && document()
                .active_element()
                .is_some_and(|e| e.id().starts_with("f-"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_bundle_answered_in_page_is_a_zip_of_every_file() {
    use erwiz::domain::export::Format;
    use erwiz::domain::zip::read_stored;
    answer_in_page(Some(protocol::answer));
    let (name, bytes) = erwiz::ui::worker::bundle(
        TWO_CIRCUITS.to_string(),
        "# readme".to_string(),
        "<svg/>".to_string(),
        [2026, 12, 7, 1, 2, 3],
    )
    .await
    .unwrap();
    assert!(name.ends_with(".zip"), "{name}");
    let files = read_stored(&bytes).expect("a readable zip");
    assert_eq!(files.len(), Format::ALL.len() + 3);
}
