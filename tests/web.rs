//! Browser tests of the UI shell (headless Chromium through wasm-bindgen-test): typing gives
//! findings, fixes apply, the design survives a remount, and unreadable storage is kept.
#![cfg(target_arch = "wasm32")]

use erwiz::ui::storage::{BACKUP_KEY, DESIGN_KEY};
use erwiz::ui::App;
use leptos::mount::mount_to;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn typing_a_bad_name_shows_the_finding_and_its_fix_applies() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    let name = "f-circuits-0-name";
    type_into(&root, name, "-er london");
    wait_for("ER-N-001/ER-C-001 finding under the name", || {
        query(&root, &format!("#{name}-msg li[data-code='ER-C-001']")).is_some()
    })
    .await;
    let input: HtmlInputElement = query(&root, &format!("#{name}")).unwrap().unchecked_into();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    assert!(
        described.split(' ').any(|d| d == format!("{name}-msg")),
        "{described}"
    );
    let fix: HtmlElement = query(&root, &format!("#{name}-msg button.fix"))
        .expect("a fix button")
        .unchecked_into();
    fix.click();
    wait_for("the fix to replace the text and clear the finding", || {
        query(&root, &format!("#{name}-msg li")).is_none() && input.value() == "er-london"
    })
    .await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn the_design_is_saved_and_restored_after_a_remount() {
    storage().clear().unwrap();
    let root = container();
    let app = mount_to(root.clone(), App);
    type_into(&root, "f-resourceGroup", "rg-restore-test");
    choose(&root, "f-circuits-0-region", "uksouth");
    wait_for("the debounced save", || {
        storage()
            .get_item(DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("rg-restore-test") && s.contains("uksouth"))
    })
    .await;
    drop(app);
    root.remove();

    let root = container();
    let _app = mount_to(root.clone(), App);
    tick().await;
    let rg: HtmlInputElement = query(&root, "#f-resourceGroup").unwrap().unchecked_into();
    assert_eq!(rg.value(), "rg-restore-test");
    let region: HtmlSelectElement = query(&root, "#f-circuits-0-region")
        .unwrap()
        .unchecked_into();
    assert_eq!(region.value(), "uksouth");
}

/// A design stored by an earlier version holds the locations page's provider name: it opens
/// with the name ARM takes selected (U19).
#[wasm_bindgen_test]
async fn a_stored_display_name_opens_as_the_api_name() {
    storage().clear().unwrap();
    storage()
        .set_item(
            DESIGN_KEY,
            r#"{"version": 1, "circuits": [{"name": "er-ams", "provider": "Arelion (Telia Carrier)", "peeringLocation": "Amsterdam"}]}"#,
        )
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    let config: HtmlElement = query(&root, "button[data-step='configuration']")
        .unwrap()
        .unchecked_into();
    config.click();
    wait_for("the provider select holding the API name", || {
        query(&root, "#f-circuits-0-provider")
            .map(|s| s.unchecked_into::<HtmlSelectElement>().value())
            .is_some_and(|v| v == "Telia Carrier")
    })
    .await;
}

#[wasm_bindgen_test]
async fn unreadable_storage_is_kept_and_announced() {
    storage().clear().unwrap();
    storage()
        .set_item(DESIGN_KEY, "{\"version\": 1, \"circuits\": [")
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the storage banner", || {
        query(&root, "[data-testid='storage-banner']").is_some()
    })
    .await;
    assert_eq!(
        storage().get_item(BACKUP_KEY).unwrap().as_deref(),
        Some("{\"version\": 1, \"circuits\": [")
    );
    // Nothing was written over the unreadable text before the user edited anything.
    assert_eq!(
        storage().get_item(DESIGN_KEY).unwrap().as_deref(),
        Some("{\"version\": 1, \"circuits\": [")
    );
    let banner = query(&root, "[data-testid='storage-banner']").unwrap();
    assert!(banner
        .text_content()
        .unwrap()
        .contains("could not be opened"));
    assert!(
        query(&banner, "a[download]").is_some(),
        "offers the raw text for download"
    );
}

#[wasm_bindgen_test]
async fn providers_follow_the_peering_location_and_the_diagram_follows_the_state() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    let config: HtmlElement = query(&root, "button[data-step='configuration']")
        .unwrap()
        .unchecked_into();
    config.click();
    wait_for("the Configuration step", || {
        query(&root, "#f-circuits-0-peeringLocation").is_some()
    })
    .await;
    choose(&root, "f-circuits-0-peeringLocation", "London");
    wait_for("London's providers", || {
        query(
            &root,
            "#f-circuits-0-provider option[value='British Telecom']",
        )
        .is_some()
    })
    .await;
    assert!(query(&root, "#f-circuits-0-provider option[value='Etisalat UAE']").is_none());
    choose(&root, "f-circuits-0-provider", "British Telecom");
    wait_for("the provider in the diagram", || {
        query(&root, "[data-testid='diagram'] [data-id='pe-primary']")
            .and_then(|g| g.text_content())
            .is_some_and(|t| t.contains("British Telecom"))
    })
    .await;
    // A provider the catalogue doesn't list at the location is flagged on its field and in the
    // diagram: a warning (U19: the catalogue is a dated snapshot), not an error.
    choose(&root, "f-circuits-0-peeringLocation", "Abu Dhabi");
    wait_for("the ER-C-027 finding and the warning style", || {
        query(&root, "#f-circuits-0-provider-msg li[data-code='ER-C-027']").is_some()
            && query(&root, "[data-id='pe-primary'].sev-warning").is_some()
    })
    .await;
    // The select shows the locations page's name and holds the name ARM takes (U19).
    choose(&root, "f-circuits-0-peeringLocation", "Amsterdam");
    wait_for("Amsterdam's providers", || {
        query(
            &root,
            "#f-circuits-0-provider option[value='Telia Carrier']",
        )
        .and_then(|o| o.text_content())
        .is_some_and(|t| t == "Arelion (Telia Carrier)")
    })
    .await;
    assert!(query(
        &root,
        "#f-circuits-0-provider option[value='Arelion (Telia Carrier)']"
    )
    .is_none());
    choose(&root, "f-circuits-0-provider", "Telia Carrier");
    wait_for("no finding on the provider", || {
        query(&root, "#f-circuits-0-provider-msg li").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn provider_status_gates_the_review_checklist() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    let open = |slug: &str| {
        let b: HtmlElement = query(&root, &format!("button[data-step='{slug}']"))
            .unwrap()
            .unchecked_into();
        b.click();
    };
    open("review");
    wait_for("the checklist", || {
        query(&root, "[data-testid='checklist']").is_some()
    })
    .await;
    let second = || query(&root, "[data-testid='checklist'] li:nth-child(2)").unwrap();
    assert!(
        second().class_name().contains("blocked"),
        "{}",
        second().class_name()
    );
    open("provider-status");
    wait_for("the status choices", || {
        query(&root, "#f-circuits-0-providerStatus-Provisioned").is_some()
    })
    .await;
    // A new plan does not know the provider's status (U17): "Not recorded" is chosen.
    let not_recorded: HtmlInputElement = query(&root, "#f-circuits-0-providerStatus-NotRecorded")
        .expect("a Not recorded choice")
        .unchecked_into();
    assert!(
        not_recorded.checked(),
        "a new circuit's status is not recorded"
    );
    let provisioned: HtmlInputElement = query(&root, "#f-circuits-0-providerStatus-Provisioned")
        .unwrap()
        .unchecked_into();
    provisioned.click();
    open("review");
    wait_for("the provider item to be ready", || {
        query(&root, "[data-testid='checklist'] li:nth-child(2)")
            .is_some_and(|li| li.class_name().contains("ready"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn gateway_subnet_advisor_and_list_typing() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    let b: HtmlElement = query(&root, "button[data-step='gateway']")
        .unwrap()
        .unchecked_into();
    b.click();
    wait_for("the add button", || {
        query(&root, "[data-testid='add-gateway']").is_some()
    })
    .await;
    let add: HtmlElement = query(&root, "[data-testid='add-gateway']")
        .unwrap()
        .unchecked_into();
    add.click();
    wait_for("the VNet fields", || {
        query(&root, "#f-virtualNetworks-0-addressSpaces").is_some()
    })
    .await;
    // A separator being typed is not swallowed by the list normalisation.
    let spaces: web_sys::HtmlTextAreaElement = query(&root, "#f-virtualNetworks-0-addressSpaces")
        .unwrap()
        .unchecked_into();
    let type_text = |text: &str| {
        spaces.set_value(text);
        spaces.dispatch_event(&bubbling("input")).unwrap();
    };
    type_text("10.1.0.0/16");
    wait_for("the advisor", || {
        query(&root, "[data-testid='gateway-subnet-advice']").is_some()
    })
    .await;
    // An empty GatewaySubnet is an error until the advice is applied: not shown before it is
    // touched, shown once Next is pressed on the step.
    let gs = "f-virtualNetworks-0-subnets-0-addressPrefix";
    assert!(query(&root, &format!("#{gs}-msg li.error")).is_none());
    click(&root, "[data-testid='next']");
    wait_for("the GatewaySubnet's error after Next", || {
        query(&root, &format!("#{gs}-msg li.error")).is_some()
    })
    .await;
    let use_it: HtmlElement = query(&root, "[data-testid='gateway-subnet-advice'] button")
        .unwrap()
        .unchecked_into();
    use_it.click();
    wait_for("the suggested /27 in the GatewaySubnet field", || {
        query(&root, &format!("#{gs}"))
            .map(|e| e.unchecked_into::<HtmlInputElement>().value())
            .as_deref()
            == Some("10.1.0.0/27")
            && query(&root, &format!("#{gs}-msg li.error")).is_none()
    })
    .await;
    // A /28 is flagged with the catalogue's rule.
    type_into(&root, gs, "10.1.0.0/28");
    wait_for("ER-GS-002", || {
        query(&root, &format!("#{gs}-msg li[data-code='ER-GS-002']")).is_some()
    })
    .await;
}
