//! Browser tests of the peering steps (headless Chromium through wasm-bindgen-test): adding a
//! peering, a subnet fix feeding the address sheet, VLAN checks and pasted Microsoft prefixes.
#![cfg(target_arch = "wasm32")]

use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app on a fresh design and opens a step with its peering added.
async fn open_with_peering(slug: &str) -> HtmlElement {
    storage().clear().unwrap();
    let root = container();
    std::mem::forget(mount_to(root.clone(), App));
    click(&root, &format!("button[data-step='{slug}']"));
    wait_for("the Add button", || {
        query(&root, "[data-testid='add-peering']").is_some()
    })
    .await;
    click(&root, "[data-testid='add-peering']");
    wait_for("the peer ASN field", || {
        query(&root, "[data-testid='remove-peering']").is_some()
    })
    .await;
    root
}

const PP: &str = "f-circuits-0-privatePeering";
const MS: &str = "f-circuits-0-microsoftPeering";

#[wasm_bindgen_test]
async fn host_bits_fix_gives_the_network_address_and_the_address_sheet() {
    let root = open_with_peering("private-peering").await;
    assert!(
        text_of(&root, "[data-testid='provisioning-notice']").contains("status: Not recorded"),
        "the provisioning notice is shown"
    );
    assert!(
        query(&root, &format!("#{PP}-subnet29")).is_none(),
        "two /30s by default: no /29 input"
    );
    type_into(&root, &format!("{PP}-peerAsn"), "65001");
    type_into(&root, &format!("{PP}-vlanId"), "100");
    let primary = format!("{PP}-primarySubnet");
    type_into(&root, &primary, "192.168.100.130/30");
    let fix_sel = format!("#{primary}-msg li[data-code='ER-P-003'] button.fix");
    wait_for("ER-P-003 with a fix button", || {
        query(&root, &fix_sel).is_some()
    })
    .await;
    let input: HtmlInputElement = query(&root, &format!("#{primary}"))
        .unwrap()
        .unchecked_into();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    click(&root, &fix_sel);
    wait_for("the network address and the sheet row", || {
        input.value() == "192.168.100.128/30"
            && query(&root, &format!("#{primary}-msg li[data-code='ER-P-003']")).is_none()
            && text_of(&root, "[data-testid='address-sheet'] tbody").contains("192.168.100.129/30")
    })
    .await;
    let row = query(&root, "[data-testid='address-sheet'] tbody tr")
        .unwrap()
        .get_attribute("data-sentence")
        .unwrap();
    assert_eq!(
        row,
        "Primary link: your router 192.168.100.129/30, Microsoft 192.168.100.130, VLAN 100, your ASN 65001 ↔ 12076"
    );
    // Another VLAN updates the row in place: the same element, new text.
    let tr = query(&root, "[data-testid='address-sheet'] tbody tr").unwrap();
    type_into(&root, &format!("{PP}-vlanId"), "101");
    wait_for("VLAN 101 in the sheet", || {
        text_of(&root, "[data-testid='address-sheet'] tbody").contains("101")
    })
    .await;
    let now = query(&root, "[data-testid='address-sheet'] tbody tr").unwrap();
    assert!(now.is_same_node(Some(&tr)), "the row element is kept");
    assert!(now
        .get_attribute("data-sentence")
        .unwrap()
        .contains("VLAN 101"));
}

#[wasm_bindgen_test]
async fn vlan_4095_is_refused_and_the_key_can_be_shown() {
    let root = open_with_peering("private-peering").await;
    let vlan = format!("{PP}-vlanId");
    type_into(&root, &vlan, "4095");
    wait_for("ER-P-007 under the VLAN ID", || {
        text_of(&root, &format!("#{vlan}-msg li[data-code='ER-P-007']")).contains("4095")
    })
    .await;
    type_into(&root, &vlan, "200");
    wait_for("ER-P-007 gone", || {
        query(&root, &format!("#{vlan}-msg li")).is_none()
    })
    .await;
    let key: HtmlInputElement = query(&root, &format!("#{PP}-sharedKey"))
        .unwrap()
        .unchecked_into();
    assert_eq!(key.type_(), "password");
    click(&root, ".field.secret button.reveal");
    wait_for("the key shown as text", || key.type_() == "text").await;
    assert_eq!(
        query(&root, ".field.secret button.reveal")
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // One /29 instead of two /30s: only the /29 input remains.
    click(&root, &format!("#{PP}-subnetMode-OneSlash29"));
    wait_for("the /29 input", || {
        query(&root, &format!("#{PP}-subnet29")).is_some()
            && query(&root, &format!("#{PP}-primarySubnet")).is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn pasted_private_prefix_is_flagged_under_the_list() {
    let root = open_with_peering("microsoft-peering").await;
    // The Add button created and linked a route filter.
    wait_for("the community checkboxes", || {
        query(
            &root,
            "#f-routeFilters-0-communities input[type='checkbox']",
        )
        .is_some()
    })
    .await;
    let rf: HtmlInputElement = query(&root, &format!("#{MS}-routeFilter"))
        .unwrap()
        .unchecked_into();
    assert_eq!(rf.value(), "rf-circuit");
    let list = format!("{MS}-advertisedPrefixes");
    type_into(&root, &list, "131.107.10.0/24, 10.0.0.0/8\n");
    wait_for("ER-MP-004 under the list", || {
        text_of(&root, &format!("#{list}-msg li[data-code='ER-MP-004']")).contains("10.0.0.0/8")
    })
    .await;
    assert!(text_of(&root, &format!("#{list}-count")).contains("2 prefixes"));
    // A fix under the list applies to its own item only.
    type_into(&root, &list, "131.107.10.0/24\n131.107.20.7");
    let fix_sel = format!("#{list}-msg button.fix");
    wait_for("a fix for the address without a length", || {
        query(&root, &fix_sel).is_some()
    })
    .await;
    click(&root, &fix_sel);
    let area: HtmlInputElement = query(&root, &format!("#{list}")).unwrap().unchecked_into();
    wait_for("the item rewritten in the textarea", || {
        area.value() == "131.107.10.0/24\n131.107.20.7/32"
    })
    .await;
    // Ticking a service adds its community to the linked filter (and it is saved).
    click(&root, "#f-routeFilters-0-communities-12076-5050");
    wait_for("the community saved with the design", || {
        storage()
            .get_item(erwiz::ui::storage::DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("12076:5050"))
    })
    .await;
}
