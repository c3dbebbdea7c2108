//! Browser tests of validation like the portal's: a new design shows no error before the first
//! edit, a touched field shows its own findings, Next shows the step's, the stepper's ✓ means
//! visited and valid, Review shows ✕ while errors remain, and the header totals open the
//! findings.
#![cfg(target_arch = "wasm32")]

use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn step_icon(root: &Element, slug: &str) -> String {
    text_of(root, &format!("button[data-step='{slug}'] .icon"))
}

fn invalid_fields(root: &Element) -> u32 {
    root.query_selector_all("[aria-invalid='true']")
        .unwrap()
        .length()
}

#[wasm_bindgen_test]
async fn a_new_design_shows_no_error_until_a_field_is_touched() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the Basics fields", || {
        query(&root, "#f-circuits-0-name").is_some()
    })
    .await;
    assert!(
        query(&root, ".findings li.error").is_none(),
        "an error on a new design"
    );
    assert_eq!(invalid_fields(&root), 0);
    assert_eq!(
        text_of(&root, "[data-testid='totals']"),
        "Nothing checked yet"
    );
    for slug in ["basics", "configuration", "provider-status", "review"] {
        assert_ne!(
            step_icon(&root, slug),
            "✓",
            "{slug} ticked on an empty design"
        );
        assert_ne!(step_icon(&root, slug), "✕", "{slug} red on an empty design");
    }

    // Typing into one field shows that field's findings only.
    type_into(&root, "f-circuits-0-name", "bad name!");
    wait_for("the name's error", || {
        query(&root, "#f-circuits-0-name-msg li.error").is_some()
    })
    .await;
    let rg: HtmlInputElement = query(&root, "#f-resourceGroup").unwrap().unchecked_into();
    assert_eq!(rg.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(query(&root, "#f-resourceGroup-msg li").is_none());
    assert!(text_of(&root, "[data-testid='totals']").contains("error"));
    assert_eq!(step_icon(&root, "basics"), "✕");
}

#[wasm_bindgen_test]
async fn next_shows_the_steps_errors_and_review_shows_a_cross_while_errors_remain() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the Basics fields", || {
        query(&root, "#f-resourceGroup").is_some()
    })
    .await;
    click(&root, "[data-testid='next']");
    wait_for("Basics' errors shown after Next", || {
        query(&root, "#f-resourceGroup-msg li.error").is_some()
    })
    .await;
    assert_eq!(step_icon(&root, "basics"), "✕");
    // Provider status opened with nothing to fix: visited and valid.
    assert_ne!(step_icon(&root, "provider-status"), "✓");
    click(&root, "button[data-step='provider-status']");
    wait_for("Provider status ticked once visited", || {
        step_icon(&root, "provider-status") == "✓"
    })
    .await;
    // The totals open Review at the findings; Review is ✕ while errors remain.
    click(&root, "[data-testid='totals']");
    wait_for("Review's findings", || {
        query(&root, "#findings-title").is_some()
    })
    .await;
    wait_for("Review crossed", || step_icon(&root, "review") == "✕").await;
    wait_for("the findings heading focused", || {
        document()
            .active_element()
            .is_some_and(|e| e.id() == "findings-title")
    })
    .await;
    assert_eq!(step_icon(&root, "configuration"), "✕");
}
