//! Browser tests of designs with two circuits (headless Chromium through wasm-bindgen-test): the
//! circuit tabs, editing circuit 2 without touching circuit 1, findings on the right circuit's
//! fields, removing a circuit, Global Reach's /29, and the editable route filter.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::model::Design;
use erwiz::ui::storage::DESIGN_KEY;
use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn count(root: &Element, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

fn value_of(root: &Element, id: &str) -> String {
    let el = query(root, &format!("#{id}")).unwrap_or_else(|| panic!("no #{id}"));
    let v = js_sys::Reflect::get(&el, &"value".into())
        .ok()
        .and_then(|v| v.as_string());
    v.unwrap_or_else(|| panic!("#{id} has no value: {}", el.outer_html()))
}

/// Waits until field `id` shows `want`, failing with what it shows.
async fn wait_value(root: &Element, id: &str, want: &str) {
    for _ in 0..300 {
        leptos::task::tick().await;
        if query(root, &format!("#{id}")).is_some() && value_of(root, id) == want {
            return;
        }
        sleep_ms(10).await;
    }
    panic!("#{id} shows {:?}, not {want:?}", value_of(root, id));
}

/// The design as last saved to localStorage.
fn saved() -> Option<Design> {
    let raw = storage().get_item(DESIGN_KEY).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

async fn open_step(root: &Element, slug: &str) {
    click(root, &format!("button[data-step='{slug}']"));
    wait_for(&format!("step {slug}"), || {
        query(
            root,
            &format!("button[data-step='{slug}'][aria-current='step']"),
        )
        .is_some()
    })
    .await;
}

/// A fresh app with circuit 1 named and placed (London, British Telecom), then a second circuit
/// added from the Basics step.
async fn two_circuits() -> HtmlElement {
    storage().clear().unwrap();
    let root = container();
    std::mem::forget(mount_to(root.clone(), App));
    wait_for("the Basics step", || {
        query(&root, "#f-circuits-0-name").is_some()
    })
    .await;
    type_into(&root, "f-circuits-0-name", "er-london-01");
    open_step(&root, "configuration").await;
    choose(&root, "f-circuits-0-peeringLocation", "London");
    choose(&root, "f-circuits-0-provider", "British Telecom");
    open_step(&root, "basics").await;
    assert_eq!(count(&root, "[role='tab']"), 1, "one circuit: one tab");
    click(&root, "[data-testid='add-circuit']");
    wait_for("two tabs, the second selected", || {
        count(&root, "[role='tab']") == 2
            && query(&root, "#circuit-tab-1[aria-selected='true']").is_some()
            && query(&root, "#f-circuits-1-name").is_some()
    })
    .await;
    root
}

#[wasm_bindgen_test]
async fn a_second_circuit_is_prefilled_and_edited_on_its_own() {
    let root = two_circuits().await;
    wait_value(&root, "f-circuits-1-name", "er-london2-01").await;
    assert!(text_of(&root, "#circuit-tab-0").contains("Circuit 1: er-london-01"));
    assert!(text_of(&root, "#circuit-tab-1").contains("Circuit 2: er-london2-01"));
    assert!(
        query(&root, "#f-circuits-0-name").is_none(),
        "only the selected circuit's fields are shown"
    );
    assert_eq!(
        query(&root, "[role='tabpanel']")
            .unwrap()
            .get_attribute("aria-labelledby")
            .as_deref(),
        Some("circuit-tab-1")
    );
    type_into(&root, "f-circuits-1-name", "er-amsterdam-01");
    wait_for("circuit 2 renamed in storage", || {
        saved().is_some_and(|d| d.circuits.len() == 2 && d.circuits[1].name == "er-amsterdam-01")
    })
    .await;
    let d = saved().unwrap();
    assert_eq!(d.circuits[0].name, "er-london-01", "circuit 1 untouched");
    assert_eq!(d.circuits[1].provider, "British Telecom");
    assert_eq!(d.circuits[1].peering_location, "London2");
    assert!(text_of(&root, "#circuit-tab-1").contains("er-amsterdam-01"));
    // The Configuration step edits circuit 2 too, and switching back shows circuit 1's values.
    open_step(&root, "configuration").await;
    assert_eq!(value_of(&root, "f-circuits-1-peeringLocation"), "London2");
    choose(&root, "f-circuits-1-peeringLocation", "Amsterdam");
    click(&root, "#circuit-tab-0");
    wait_for("circuit 1's location", || {
        query(&root, "#f-circuits-0-peeringLocation").is_some()
    })
    .await;
    assert_eq!(value_of(&root, "f-circuits-0-peeringLocation"), "London");
    wait_for("circuit 2 at Amsterdam in storage", || {
        saved().is_some_and(|d| d.circuits[1].peering_location == "Amsterdam")
    })
    .await;
    assert_eq!(saved().unwrap().circuits[0].peering_location, "London");
}

#[wasm_bindgen_test]
async fn findings_of_circuit_2_show_on_its_fields_only() {
    let root = two_circuits().await;
    type_into(&root, "f-circuits-1-name", "-bad");
    wait_for("a name finding under circuit 2's name", || {
        count(&root, "#f-circuits-1-name-msg li.error") > 0
    })
    .await;
    let input = query(&root, "#f-circuits-1-name").unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    // The stepper sums up every circuit: Basics has errors although circuit 1 is fine.
    let basics_li = query(&root, "button[data-step='basics']")
        .unwrap()
        .parent_element()
        .unwrap();
    assert!(basics_li.class_name().contains("has-errors"));
    click(&root, "#circuit-tab-0");
    wait_for("circuit 1's name field", || {
        query(&root, "#f-circuits-0-name").is_some()
    })
    .await;
    assert_eq!(count(&root, "#f-circuits-0-name-msg li"), 0);
    assert_eq!(
        query(&root, "#f-circuits-0-name")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    // Arrow keys move between tabs (automatic activation).
    let tab0: HtmlElement = query(&root, "#circuit-tab-0").unwrap().unchecked_into();
    js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &tab0)
    .unwrap();
    wait_for("circuit 2 selected by the keyboard", || {
        query(&root, "#circuit-tab-1[aria-selected='true']").is_some()
            && count(&root, "#f-circuits-1-name-msg li.error") > 0
    })
    .await;
}

#[wasm_bindgen_test]
async fn removing_circuit_2_asks_first_and_takes_its_connection() {
    let root = two_circuits().await;
    open_step(&root, "gateway").await;
    click(&root, "[data-testid='add-gateway']");
    open_step(&root, "connection").await;
    wait_for("an add button per circuit", || {
        count(&root, "[data-testid='add-connection']") == 2
    })
    .await;
    click(&root, "[data-testid='add-connection'][data-circuit='1']");
    wait_for("the connection to circuit 2", || {
        text_of(&root, "[data-testid='connection-summary']").contains("er-london2-01")
    })
    .await;
    assert_eq!(value_of(&root, "f-connections-0-circuit"), "er-london2-01");
    open_step(&root, "provider-status").await;
    click(&root, "[data-testid='remove-circuit']");
    wait_for("the confirmation", || {
        text_of(&root, "[data-testid='remove-circuit-confirm']").contains("cn-er-london2-01")
    })
    .await;
    assert_eq!(
        count(&root, "[role='tab']"),
        2,
        "nothing removed before confirming"
    );
    click(&root, "[data-testid='confirm-remove-circuit']");
    wait_for("one tab left", || count(&root, "[role='tab']") == 1).await;
    wait_for("one circuit and no connection in storage", || {
        saved().is_some_and(|d| {
            d.circuits.len() == 1
                && d.connections.is_empty()
                && d.circuits[0].name == "er-london-01"
        })
    })
    .await;
}

#[wasm_bindgen_test]
async fn global_reach_prefix_is_checked_and_split() {
    let root = two_circuits().await;
    open_step(&root, "connection").await;
    wait_for("the Global Reach section", || {
        query(&root, "[data-testid='add-global-reach']").is_some()
    })
    .await;
    assert!(text_of(&root, "[data-testid='add-global-reach']")
        .contains("between er-london-01 and er-london2-01"));
    click(&root, "[data-testid='add-global-reach']");
    let prefix = "f-globalReach-0-addressPrefix";
    wait_for("the /29 field", || {
        query(&root, &format!("#{prefix}")).is_some()
    })
    .await;
    type_into(&root, prefix, "192.168.102.1/29");
    wait_for("ER-GR-001 with a fix", || {
        query(
            &root,
            &format!("#{prefix}-msg li[data-code='ER-GR-001'] button.fix"),
        )
        .is_some()
    })
    .await;
    assert!(!text_of(&root, "[data-testid='gr-split']").contains("192.168.102"));
    type_into(&root, prefix, "192.168.102.0/29");
    wait_for("no GR1 and the two /30s", || {
        query(&root, &format!("#{prefix}-msg li[data-code='ER-GR-001']")).is_none()
            && text_of(&root, "[data-testid='gr-split']").contains("192.168.102.0/30")
    })
    .await;
    assert!(text_of(&root, "[data-testid='gr-split']").contains("192.168.102.4/30"));
    // Both circuits are at London metro locations: the rules accept that pair (GR5 is only for
    // one location), and the links need Provisioned circuits with private peering (GR3): shown
    // once Next is pressed (the circuit field was filled by Add, not typed).
    click(&root, "[data-testid='next']");
    wait_for("ER-GR-003 under the link's circuit", || {
        query(
            &root,
            "#f-globalReach-0-circuit-msg li[data-code='ER-GR-003']",
        )
        .is_some()
    })
    .await;
    assert!(query(&root, "li[data-code='ER-GR-005']").is_none());
    wait_for("the link in storage", || {
        saved().is_some_and(|d| {
            d.global_reach.len() == 1
                && d.global_reach[0].address_prefix == "192.168.102.0/29"
                && d.global_reach[0].peer_circuit == "er-london2-01"
        })
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_route_filter_name_and_rule_are_editable() {
    storage().clear().unwrap();
    let root = container();
    std::mem::forget(mount_to(root.clone(), App));
    open_step(&root, "microsoft-peering").await;
    click(&root, "[data-testid='add-peering']");
    wait_for("the route filter fields", || {
        query(&root, "#f-routeFilters-0-name").is_some()
    })
    .await;
    wait_value(&root, "f-routeFilters-0-ruleName", "allow-services").await;
    // Emptying the name while retyping keeps the fields (the peering follows the filter).
    type_into(&root, "f-routeFilters-0-name", "");
    wait_for("ER-RF-001 under the empty name", || {
        query(
            &root,
            "#f-routeFilters-0-name-msg li[data-code='ER-RF-001']",
        )
        .is_some()
    })
    .await;
    type_into(&root, "f-routeFilters-0-name", "rf-azure-global");
    type_into(
        &root,
        "f-routeFilters-0-ruleName",
        "allow-azure-global-services",
    );
    wait_for("the peering follows the new name", || {
        value_of(&root, "f-circuits-0-microsoftPeering-routeFilter") == "rf-azure-global"
    })
    .await;
    type_into(&root, "f-routeFilters-0-ruleName", "bad rule!");
    wait_for("ER-RF-003 under the rule name", || {
        query(
            &root,
            "#f-routeFilters-0-ruleName-msg li[data-code='ER-RF-003']",
        )
        .is_some()
    })
    .await;
    type_into(
        &root,
        "f-routeFilters-0-ruleName",
        "allow-azure-global-services",
    );
    wait_for("saved", || {
        saved().is_some_and(|d| {
            d.route_filters.len() == 1
                && d.route_filters[0].name == "rf-azure-global"
                && d.route_filters[0].rule_name == "allow-azure-global-services"
                && d.circuits[0]
                    .microsoft_peering
                    .as_ref()
                    .is_some_and(|m| m.route_filter == "rf-azure-global")
        })
    })
    .await;
}

#[wasm_bindgen_test]
async fn next_opens_the_other_circuit_holding_the_first_error() {
    let root = two_circuits().await;
    type_into(&root, "f-resourceGroup", "rg-contoso-er");
    type_into(&root, "f-circuits-1-name", "-bad");
    click(&root, "#circuit-tab-0");
    wait_for("circuit 1 selected", || {
        query(&root, "#f-circuits-0-name").is_some()
    })
    .await;
    // Circuit 1 complete: Basics' errors are all circuit 2's (its name and region).
    choose(&root, "f-circuits-0-region", "uksouth");
    wait_for("circuit 1 without errors", || {
        count(&root, "#circuit-panel li.error") == 0
    })
    .await;
    click(&root, "[data-testid='next']");
    wait_for(
        "circuit 2 reopened on its bad name, still on Basics",
        || {
            query(&root, "#circuit-tab-1[aria-selected='true']").is_some()
                && query(&root, "#f-circuits-1-name").is_some()
                && query(&root, "button[data-step='basics'][aria-current='step']").is_some()
        },
    )
    .await;
    wait_for("a field of circuit 2 focused", || {
        document()
            .active_element()
            .is_some_and(|e| e.id().starts_with("f-circuits-1-") && root.contains(Some(&e)))
    })
    .await;
}

/// ExpressRoute Direct on two circuits: the second circuit, at another location, gets its own
/// port pair (maximum resiliency); the port pair select moves it to an existing pair or a new one.
#[wasm_bindgen_test]
async fn a_second_direct_circuit_gets_its_own_port_pair() {
    let root = two_circuits().await;
    // Circuit 1 on Direct: the design's first port pair, at its location, for the user to name.
    click(&root, "#circuit-tab-0");
    open_step(&root, "configuration").await;
    click(&root, "#f-circuits-0-portType-Direct");
    wait_for("circuit 1's port pair fields", || {
        query(&root, "#f-directPorts-0-name").is_some()
    })
    .await;
    wait_value(&root, "f-circuits-0-directPort", "0").await;
    type_into(&root, "f-directPorts-0-name", "erd-london-main");
    wait_for("circuit 1 on its named port", || {
        saved().is_some_and(|d| d.circuits[0].direct_port == "erd-london-main")
    })
    .await;
    // Circuit 2 (London2) on Direct: a new pair at London2, not circuit 1's.
    click(&root, "#circuit-tab-1");
    wait_for("circuit 2's configuration", || {
        query(&root, "#f-circuits-1-portType-Direct").is_some()
    })
    .await;
    click(&root, "#f-circuits-1-portType-Direct");
    wait_value(&root, "f-circuits-1-directPort", "1").await;
    wait_value(&root, "f-directPorts-1-name", "erd-london2-01").await;
    assert_eq!(
        value_of(&root, "f-directPorts-1-peeringLocation"),
        "London2"
    );
    assert!(query(&root, "#f-directPorts-0-name").is_none());
    wait_for("two ports in storage", || {
        saved().is_some_and(|d| {
            d.direct_ports.len() == 2
                && d.circuits[1].direct_port == "erd-london2-01"
                && d.circuits[0].direct_port == "erd-london-main"
        })
    })
    .await;
    // The select moves circuit 2 onto circuit 1's pair, then onto a new one.
    choose(&root, "f-circuits-1-directPort", "0");
    wait_value(&root, "f-directPorts-0-name", "erd-london-main").await;
    choose(&root, "f-circuits-1-directPort", "new");
    wait_value(&root, "f-circuits-1-directPort", "2").await;
    wait_value(&root, "f-directPorts-2-name", "erd-london2-02").await;
    wait_for("three ports, circuit 2 on the newest", || {
        saved().is_some_and(|d| {
            d.direct_ports.len() == 3 && d.circuits[1].direct_port == "erd-london2-02"
        })
    })
    .await;
}
