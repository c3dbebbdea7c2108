//! Browser tests of a second tab editing the same design: secrets typed in this tab survive the
//! other tab's newer version being loaded (automatically or by "Load their version"), "Keep both",
//! and leaving a design (New, Duplicate, switching) while it is in conflict, without losing this
//! tab's version. The other tab is simulated: its save is written to localStorage and the
//! `storage` event it would raise here is dispatched.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::model::{Circuit, Connection, Design, Peering};
use erwiz::ui::storage::{design_key, parse_index, Index, DESIGN_KEY, FIRST_ID, INDEX_KEY};
use erwiz::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn index() -> Index {
    let text = storage().get_item(INDEX_KEY).unwrap().expect("an index");
    parse_index(&text).expect("a readable index")
}

fn stored(id: &str) -> Design {
    let text = storage()
        .get_item(&design_key(id))
        .unwrap()
        .expect("a design");
    serde_json::from_str(&text).expect("a readable design")
}

fn rg(root: &Element) -> String {
    query(root, "#f-resourceGroup")
        .expect("the resource group field")
        .unchecked_into::<HtmlInputElement>()
        .value()
}

fn banner(root: &Element) -> bool {
    query(root, "[data-testid='conflict-banner']").is_some()
}

fn peering(key: &str) -> Option<Peering> {
    Some(Peering {
        shared_key: key.into(),
        ..Peering::default()
    })
}

/// Two named circuits with MD5 keys and a cross-subscription connection with its key.
fn with_secrets(rg: &str) -> Design {
    Design {
        name: "Keys".into(),
        resource_group: rg.into(),
        circuits: vec![
            Circuit {
                name: "er-a".into(),
                private_peering: peering("md5-a"),
                ..Circuit::default()
            },
            Circuit {
                name: "er-b".into(),
                private_peering: peering("md5-b"),
                ..Circuit::default()
            },
        ],
        connections: vec![Connection {
            name: "cn-1".into(),
            circuit: "er-b".into(),
            cross_subscription: true,
            authorization_key: "auth-1".into(),
            ..Connection::default()
        }],
        ..Design::default()
    }
}

/// Stores `design` the way a design whose secrets are not remembered never is (with its keys):
/// the app opened next holds the keys in memory, as if typed, and has no unsaved edits.
fn seed_with_secrets(design: &Design) {
    storage().clear().unwrap();
    storage()
        .set_item(DESIGN_KEY, &serde_json::to_string(design).unwrap())
        .unwrap();
}

/// Waits until the app in `root` shows the resource group `want`.
async fn opened(root: &Element, want: &str) {
    wait_for("the design open", || {
        query(root, "#f-resourceGroup").is_some() && rg(root) == want
    })
    .await;
    assert!(!index().designs[0].secrets, "secrets not remembered");
}

/// Another tab saves `design` as the next revision of `id` (as stored: the caller strips the
/// secrets it would not store).
fn other_tab_saves(id: &str, design: &Design) {
    let mut index = index();
    let e = index
        .designs
        .iter_mut()
        .find(|e| e.id == id)
        .expect("listed");
    e.rev += 1;
    storage()
        .set_item(&design_key(id), &serde_json::to_string(design).unwrap())
        .unwrap();
    storage()
        .set_item(INDEX_KEY, &serde_json::to_string(&index).unwrap())
        .unwrap();
}

/// The `storage` event the other tab's save raises in this one.
fn storage_event() {
    js_sys::Function::new_no_args("window.dispatchEvent(new StorageEvent('storage', {key: null}))")
        .call0(&JsValue::NULL)
        .unwrap();
}

/// The keys of a design, in its order: MD5 of each circuit's private peering, then connections.
fn keys(d: &Design) -> Vec<String> {
    let md5 = d.circuits.iter().map(|c| {
        let k = c.private_peering.as_ref().map(|p| p.shared_key.as_str());
        format!("{}={}", c.name, k.unwrap_or("-"))
    });
    let auth = d
        .connections
        .iter()
        .map(|c| format!("{}={}", c.name, c.authorization_key));
    md5.chain(auth).collect()
}

/// Opts in to remember secrets, so the keys held in memory become visible in storage.
async fn keys_in_memory(root: &Element) -> Vec<String> {
    click(root, "#remember-secrets");
    wait_for("the secrets written", || index().designs[0].secrets).await;
    keys(&stored(FIRST_ID))
}

#[wasm_bindgen_test]
async fn secrets_typed_here_survive_the_other_tabs_version_loading_by_itself() {
    seed_with_secrets(&with_secrets("rg-1"));
    let root = container();
    let _app = mount_to(root.clone(), App);
    opened(&root, "rg-1").await;

    // The other tab reordered the circuits and changed the resource group.
    let mut theirs = with_secrets("rg-theirs").without_secrets();
    theirs.circuits.reverse();
    other_tab_saves(FIRST_ID, &theirs);
    storage_event();
    wait_for("their version loaded", || rg(&root) == "rg-theirs").await;
    let status = text_of(&root, "#status");
    assert!(
        status.contains("Updated from another tab") && status.contains("3 secrets"),
        "{status}"
    );
    assert!(!banner(&root));
    assert_eq!(
        keys_in_memory(&root).await,
        ["er-b=md5-b", "er-a=md5-a", "cn-1=auth-1"],
        "each key stays with its circuit or connection"
    );
}

#[wasm_bindgen_test]
async fn load_their_version_keeps_secrets_typed_here_unless_they_changed_them() {
    seed_with_secrets(&with_secrets("rg-1"));
    let root = container();
    let _app = mount_to(root.clone(), App);
    opened(&root, "rg-1").await;

    // The other tab removed er-a and typed a new key on the connection (stored as if that tab
    // had opted in just then).
    let mut theirs = with_secrets("rg-theirs").without_secrets();
    theirs.circuits.remove(0);
    theirs.connections[0].authorization_key = "auth-theirs".into();
    other_tab_saves(FIRST_ID, &theirs);
    // An edit here, then the other tab's event: a conflict.
    type_into(&root, "f-resourceGroup", "rg-mine");
    storage_event();
    wait_for("the conflict banner", || banner(&root)).await;
    assert_eq!(rg(&root), "rg-mine");

    click(&root, "[data-action='load-theirs']");
    wait_for("their version loaded", || rg(&root) == "rg-theirs").await;
    assert!(!banner(&root));
    let status = text_of(&root, "#status");
    assert!(
        status.contains("Loaded the version from the other tab")
            && status.contains("the secret typed in this tab was kept"),
        "{status}"
    );
    assert_eq!(
        keys_in_memory(&root).await,
        ["er-b=md5-b", "cn-1=auth-theirs"],
        "a key the other tab set wins; a removed circuit's key is gone with it"
    );
}

/// Puts the design "Keys" open in `root` in conflict: this tab has `rg-mine` unsaved, the other
/// tab saved `rg-theirs`.
async fn in_conflict(root: &Element) {
    opened(root, "rg-1").await;
    other_tab_saves(FIRST_ID, &with_secrets("rg-theirs").without_secrets());
    type_into(root, "f-resourceGroup", "rg-mine");
    storage_event();
    wait_for("the conflict banner", || banner(root)).await;
}

/// The stored designs: (name, resource group), in list order.
fn library() -> Vec<(String, String)> {
    index()
        .designs
        .iter()
        .map(|e| (e.name.clone(), stored(&e.id).resource_group))
        .collect()
}

fn named(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[wasm_bindgen_test]
async fn keep_both_saves_mine_as_a_new_design_and_shows_theirs() {
    seed_with_secrets(&with_secrets("rg-1"));
    let root = container();
    let _app = mount_to(root.clone(), App);
    in_conflict(&root).await;
    let button = query(&root, "[data-action='keep-both']").expect("a Keep both button");
    assert_eq!(
        button.text_content().as_deref(),
        Some("Keep both (mine as a new design)")
    );
    click(&root, "[data-action='keep-both']");
    wait_for("their version shown", || rg(&root) == "rg-theirs").await;
    assert!(!banner(&root));
    assert_eq!(
        library(),
        named(&[("Keys", "rg-theirs"), ("Keys (copy)", "rg-mine")])
    );
    let status = text_of(&root, "#status");
    assert!(
        status.contains("Your version was saved as “Keys (copy)”") && status.contains("3 secrets"),
        "{status}"
    );
    // The original stays open, with this tab's keys.
    assert_eq!(
        keys_in_memory(&root).await,
        ["er-a=md5-a", "er-b=md5-b", "cn-1=auth-1"]
    );
}

#[wasm_bindgen_test]
async fn new_design_during_a_conflict_keeps_mine_as_a_new_design() {
    seed_with_secrets(&with_secrets("rg-1"));
    let root = container();
    let _app = mount_to(root.clone(), App);
    in_conflict(&root).await;
    click(&root, "[data-action='new']");
    wait_for("a new, empty design", || rg(&root).is_empty()).await;
    assert!(!banner(&root));
    assert_eq!(
        library(),
        named(&[
            ("Keys", "rg-theirs"),
            ("Keys (copy)", "rg-mine"),
            ("Design 2", "")
        ])
    );
    let status = text_of(&root, "#status");
    assert!(
        status.contains("New design “Design 2” opened")
            && status.contains("Your version of “Keys” was kept as “Keys (copy)”"),
        "{status}"
    );
}

#[wasm_bindgen_test]
async fn duplicate_during_a_conflict_copies_mine_once() {
    seed_with_secrets(&with_secrets("rg-1"));
    let root = container();
    let _app = mount_to(root.clone(), App);
    in_conflict(&root).await;
    click(&root, "[data-action='duplicate']");
    wait_for("the copy open", || {
        index().designs.len() == 2 && !banner(&root)
    })
    .await;
    assert_eq!(rg(&root), "rg-mine");
    assert_eq!(
        library(),
        named(&[("Keys", "rg-theirs"), ("Keys (copy)", "rg-mine")])
    );
    let status = text_of(&root, "#status");
    assert!(
        status.contains("Duplicated as “Keys (copy)” with your version"),
        "{status}"
    );
}

#[wasm_bindgen_test]
async fn switching_during_a_conflict_keeps_mine_as_a_new_design() {
    seed_with_secrets(&with_secrets("rg-1"));
    let root = container();
    let _app = mount_to(root.clone(), App);
    in_conflict(&root).await;
    // A second design to switch to, listed by the other tab.
    let mut index = index();
    let mut other = index.designs[0].clone();
    other.id = "other".into();
    other.name = "Other".into();
    other.rev = 1;
    index.designs.push(other);
    storage()
        .set_item(INDEX_KEY, &serde_json::to_string(&index).unwrap())
        .unwrap();
    let d = Design {
        resource_group: "rg-other".into(),
        ..Design::default()
    };
    storage()
        .set_item(&design_key("other"), &serde_json::to_string(&d).unwrap())
        .unwrap();
    storage_event();
    wait_for("the other design listed", || {
        query(&root, "#design-select option[value='other']").is_some()
    })
    .await;

    choose(&root, "design-select", "other");
    wait_for("the other design open", || rg(&root) == "rg-other").await;
    assert!(!banner(&root));
    assert_eq!(
        library(),
        named(&[
            ("Keys", "rg-theirs"),
            ("Other", "rg-other"),
            ("Keys (copy)", "rg-mine")
        ])
    );
    let status = text_of(&root, "#status");
    assert!(
        status.contains("Opened design “Other”")
            && status.contains("Your version of “Keys” was kept as “Keys (copy)”"),
        "{status}"
    );
}
