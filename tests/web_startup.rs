//! Browser tests of what the app builds at startup: the open step at once, the diagram after the
//! first paint, the import dialog's panel only when the dialog is first opened.
#![cfg(target_arch = "wasm32")]

use erwiz::ui::storage::DESIGN_KEY;
use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen_test::*;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("fixtures/seed.json");

#[wasm_bindgen_test]
async fn the_open_step_is_built_at_mount_and_the_diagram_after_the_first_paint() {
    storage().clear().unwrap();
    storage().set_item(DESIGN_KEY, SEED).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    // Right after mounting (no frame yet): the step, its findings and the stepper are there…
    assert!(query(&root, "#f-resourceGroup").is_some(), "the open step");
    assert_eq!(
        root.query_selector_all(".stepper li").unwrap().length(),
        8,
        "the stepper"
    );
    assert!(!text_of(&root, "[data-testid='totals']").is_empty());
    // …the diagram is not drawn yet (its space is kept, at the drawing's size), and follows once
    // a frame has been painted, in place of the space.
    assert!(query(&root, "[data-testid='diagram']").is_none());
    let space = query(&root, ".topology .diagram-space svg").expect("the diagram's space");
    assert!(space
        .get_attribute("width")
        .is_some_and(|w| w.parse::<i32>().is_ok_and(|w| w > 0)));
    wait_for("the diagram", || {
        query(&root, "[data-testid='diagram'] [data-id='ce-primary']").is_some()
    })
    .await;
    assert!(query(&root, ".diagram-space").is_none());
}

#[wasm_bindgen_test]
async fn the_import_panel_is_built_when_its_dialog_is_first_opened() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    assert!(query(&root, "dialog.import-dialog").is_some());
    assert!(query(&root, "#import-dialog-text").is_none());
    click(&root, "[data-testid='open-import']");
    wait_for("the import panel in the open dialog", || {
        query(&root, "dialog.import-dialog[open] #import-dialog-text").is_some()
    })
    .await;
    // Closing keeps the panel (and what was typed in it) for the next opening.
    click(&root, "dialog.import-dialog .dialog-head button");
    wait_for("the dialog closed", || {
        query(&root, "dialog.import-dialog[open]").is_none()
    })
    .await;
    assert!(query(&root, "#import-dialog-text").is_some());
}
