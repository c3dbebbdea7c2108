//! Browser tests of storage that never loses work: migration of the single-design key into the
//! library, unreadable and newer data kept, named designs (new, rename, switch, delete with undo
//! and "Recently deleted"),
//! undo/redo with coalescing, and the secrets opt-in.
#![cfg(target_arch = "wasm32")]

use erwiz::domain::model::Design;
use erwiz::ui::history::{History, COALESCE_MS, LIMIT};
use erwiz::ui::storage::{
    backup_key, design_key, parse_index, Index, BACKUP_KEY, CURRENT_KEY, DELETED_KEY, DESIGN_KEY,
    FIRST_ID, INDEX_BACKUP_KEY, INDEX_KEY,
};
use erwiz::ui::App;
use leptos::mount::mount_to;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn index() -> Index {
    let text = storage().get_item(INDEX_KEY).unwrap().expect("an index");
    parse_index(&text).expect("a readable index")
}

fn input(root: &Element, id: &str) -> HtmlInputElement {
    query(root, &format!("#{id}"))
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

fn select(root: &Element) -> HtmlSelectElement {
    query(root, "#design-select").unwrap().unchecked_into()
}

fn option_names(root: &Element) -> Vec<String> {
    let opts = root.query_selector_all("#design-select option").unwrap();
    (0..opts.length())
        .filter_map(|i| opts.item(i).and_then(|n| n.text_content()))
        .collect()
}

fn status() -> String {
    document()
        .get_element_by_id("status")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn disabled(root: &Element, sel: &str) -> bool {
    query(root, sel).unwrap().has_attribute("disabled")
}

/// Focuses a field, then types into it like a user (the history keys steps by focused field).
fn focus_and_type(root: &Element, id: &str, text: &str) {
    let el: HtmlElement = input(root, id).unchecked_into();
    el.focus().unwrap();
    type_into(root, id, text);
}

fn legacy_design(rg: &str, name: &str) -> Design {
    Design {
        resource_group: rg.into(),
        name: name.into(),
        ..Design::default()
    }
}

#[wasm_bindgen_test]
async fn the_single_design_key_is_migrated_into_the_library() {
    storage().clear().unwrap();
    let text = serde_json::to_string(&legacy_design("rg-legacy", "Legacy plan")).unwrap();
    storage().set_item(DESIGN_KEY, &text).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the legacy design in the form", || {
        input(&root, "f-resourceGroup").value() == "rg-legacy"
    })
    .await;
    let idx = index();
    assert_eq!(idx.designs.len(), 1);
    assert_eq!(idx.designs[0].id, FIRST_ID);
    assert_eq!(idx.designs[0].name, "Legacy plan");
    assert_eq!(option_names(&root), vec!["Legacy plan".to_string()]);
    // Listing it did not rewrite it.
    assert_eq!(storage().get_item(DESIGN_KEY).unwrap(), Some(text));
    assert_eq!(select(&root).value(), FIRST_ID);
}

#[wasm_bindgen_test]
async fn a_rebuilt_list_lists_every_stored_design_and_opens_the_one_used_last() {
    storage().clear().unwrap();
    let first = serde_json::to_string(&legacy_design("rg-first", "First")).unwrap();
    let second = serde_json::to_string(&legacy_design("rg-second", "Second")).unwrap();
    storage().set_item(DESIGN_KEY, &first).unwrap();
    storage().set_item(&design_key("second"), &second).unwrap();
    storage().set_item(CURRENT_KEY, "second").unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the design used last in the form", || {
        input(&root, "f-resourceGroup").value() == "rg-second"
    })
    .await;
    assert_eq!(select(&root).value(), "second");
    assert_eq!(
        option_names(&root),
        vec!["First".to_string(), "Second".to_string()]
    );
    let ids: Vec<String> = index().designs.into_iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![FIRST_ID.to_string(), "second".to_string()]);
    // Listing them did not rewrite them.
    assert_eq!(storage().get_item(DESIGN_KEY).unwrap(), Some(first));
    assert_eq!(
        storage().get_item(&design_key("second")).unwrap(),
        Some(second)
    );
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_kept_and_announced() {
    storage().clear().unwrap();
    let newer = r#"{"version": 99, "resourceGroup": "rg-future"}"#;
    storage().set_item(DESIGN_KEY, newer).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the recovery banner", || {
        query(&root, "[data-testid='storage-banner']")
            .and_then(|b| b.text_content())
            .is_some_and(|t| t.contains("newer version"))
    })
    .await;
    assert_eq!(
        storage().get_item(BACKUP_KEY).unwrap().as_deref(),
        Some(newer)
    );
    assert_eq!(
        storage().get_item(DESIGN_KEY).unwrap().as_deref(),
        Some(newer)
    );
    assert!(query(&root, "[data-testid='storage-banner'] a[download]").is_some());
}

#[wasm_bindgen_test]
async fn corrupt_json_in_a_named_design_is_kept_when_switching_to_it() {
    storage().clear().unwrap();
    let corrupt = "{\"version\": 1, \"circ";
    storage().set_item(&design_key("broken"), corrupt).unwrap();
    storage()
        .set_item(
            DESIGN_KEY,
            &serde_json::to_string(&legacy_design("rg-a", "A")).unwrap(),
        )
        .unwrap();
    storage().set_item(CURRENT_KEY, FIRST_ID).unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("both designs listed", || option_names(&root).len() == 2).await;
    choose(&root, "design-select", "broken");
    wait_for("the recovery banner", || {
        query(&root, "[data-testid='storage-banner']").is_some()
    })
    .await;
    // Kept under the design's own backup key: another unreadable design's never replaces it.
    assert_eq!(
        storage()
            .get_item(&backup_key("broken"))
            .unwrap()
            .as_deref(),
        Some(corrupt)
    );
    assert_eq!(storage().get_item(BACKUP_KEY).unwrap(), None);
    assert_eq!(
        storage()
            .get_item(&design_key("broken"))
            .unwrap()
            .as_deref(),
        Some(corrupt)
    );
    // The banner offers that text for download.
    let link = query(&root, "[data-testid='storage-banner'] a[download]").expect("a download link");
    assert!(link
        .get_attribute("href")
        .is_some_and(|h| h.contains(&js_sys::encode_uri_component(corrupt).as_string().unwrap())));
}

#[wasm_bindgen_test]
async fn an_unreadable_design_list_is_kept_and_announced() {
    storage().clear().unwrap();
    let list = r#"{"version":1,"designs":[{"id":"main","name":"Prod","rev":3,"secr"#;
    storage().set_item(INDEX_KEY, list).unwrap();
    storage()
        .set_item(
            DESIGN_KEY,
            &serde_json::to_string(&legacy_design("rg-prod", "Plan")).unwrap(),
        )
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the list banner", || {
        query(&root, "[data-testid='storage-banner']")
            .and_then(|b| b.text_content())
            .is_some_and(|t| t.contains("list of your designs could not be read"))
    })
    .await;
    assert_eq!(input(&root, "f-resourceGroup").value(), "rg-prod");
    assert_eq!(
        storage().get_item(INDEX_BACKUP_KEY).unwrap().as_deref(),
        Some(list)
    );
    assert!(query(&root, "[data-testid='storage-banner'] a[download]").is_some());
    // The rebuilt list is readable.
    assert_eq!(index().designs.len(), 1);
}

#[wasm_bindgen_test]
async fn undo_restores_and_redo_reapplies_with_keystrokes_coalesced() {
    undo_and_redo(erwiz::ui::check::SLOW_MS).await;
}

/// The same steps when every check is slow (as near the element limits): keystrokes joining a
/// step leave the copy of the design for later, and the steps are still exact.
#[wasm_bindgen_test]
async fn undo_steps_are_exact_when_checks_are_slow() {
    undo_and_redo(-1.0).await;
}

/// Undo and redo in an app whose checks are deferred above `threshold` ms.
async fn undo_and_redo(threshold: f64) {
    storage().clear().unwrap();
    let root = container();
    erwiz::ui::check::set_default_threshold(threshold);
    let _app = mount_to(root.clone(), App);
    erwiz::ui::check::set_default_threshold(erwiz::ui::check::SLOW_MS);
    wait_for("the form", || query(&root, "#f-resourceGroup").is_some()).await;
    assert!(disabled(&root, "#undo"), "loading is not an undo step");
    assert!(disabled(&root, "#redo"));

    // Three quick keystrokes in one field: one step.
    // Each keystroke is its own event: the effects run between them.
    focus_and_type(&root, "f-resourceGroup", "r");
    tick().await;
    focus_and_type(&root, "f-resourceGroup", "rg");
    tick().await;
    focus_and_type(&root, "f-resourceGroup", "rg-1");
    tick().await;
    wait_for("Undo enabled", || !disabled(&root, "#undo")).await;
    // Another field at once: its own step.
    focus_and_type(&root, "f-circuits-0-name", "er-one");
    wait_for("the name typed", || {
        input(&root, "f-circuits-0-name").value() == "er-one"
    })
    .await;

    click(&root, "#undo");
    wait_for("the name undone, the group kept", || {
        input(&root, "f-circuits-0-name").value().is_empty()
            && input(&root, "f-resourceGroup").value() == "rg-1"
    })
    .await;
    assert!(status().starts_with("Undone: "), "{}", status());
    assert!(!disabled(&root, "#redo"));

    click(&root, "#undo");
    wait_for("the three keystrokes undone at once", || {
        input(&root, "f-resourceGroup").value().is_empty()
    })
    .await;
    assert!(
        status().contains("Resource group"),
        "the step is named after its field: {}",
        status()
    );
    assert!(disabled(&root, "#undo"));

    click(&root, "#redo");
    wait_for("the group redone", || {
        input(&root, "f-resourceGroup").value() == "rg-1"
    })
    .await;
    assert!(status().starts_with("Redone: "), "{}", status());
    click(&root, "#redo");
    wait_for("the name redone", || {
        input(&root, "f-circuits-0-name").value() == "er-one"
    })
    .await;
    assert!(disabled(&root, "#redo"));
    // The restored state is what gets saved.
    wait_for("the redone design saved", || {
        storage()
            .get_item(DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("er-one") && s.contains("rg-1"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn named_designs_new_rename_switch_and_delete_with_undo() {
    storage().clear().unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the form", || query(&root, "#f-resourceGroup").is_some()).await;
    type_into(&root, "f-resourceGroup", "rg-first");
    wait_for("the first design saved", || {
        storage()
            .get_item(DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("rg-first"))
    })
    .await;

    click(&root, "[data-action='new']");
    wait_for("a second, empty design", || {
        option_names(&root).len() == 2 && input(&root, "f-resourceGroup").value().is_empty()
    })
    .await;
    let second = select(&root).value();
    assert_ne!(second, FIRST_ID);
    assert_eq!(
        storage().get_item(CURRENT_KEY).unwrap(),
        Some(second.clone())
    );
    assert!(
        disabled(&root, "#undo"),
        "a new design starts a new history"
    );
    type_into(&root, "f-resourceGroup", "rg-second");
    wait_for("the second design saved under its own key", || {
        storage()
            .get_item(&design_key(&second))
            .unwrap()
            .is_some_and(|s| s.contains("rg-second"))
    })
    .await;

    // Rename: a blank name is refused, a real one is kept.
    click(&root, "#rename-design");
    wait_for("the rename field", || {
        query(&root, "#design-name").is_some()
    })
    .await;
    type_into(&root, "design-name", "   ");
    click(&root, ".rename button[type='submit']");
    wait_for("the blank name refused", || {
        input(&root, "design-name")
            .get_attribute("aria-invalid")
            .as_deref()
            == Some("true")
    })
    .await;
    assert!(query(&root, "#design-name-msg")
        .and_then(|m| m.text_content())
        .is_some_and(|t| t.contains("Enter a name")));
    type_into(&root, "design-name", "Production");
    click(&root, ".rename button[type='submit']");
    wait_for("the new name listed", || {
        option_names(&root).contains(&"Production".to_string())
            && query(&root, "#design-name").is_none()
    })
    .await;
    assert_eq!(index().get(&second).unwrap().name, "Production");

    // Switch back: the first design, untouched.
    choose(&root, "design-select", FIRST_ID);
    wait_for("the first design open", || {
        input(&root, "f-resourceGroup").value() == "rg-first"
    })
    .await;

    // Delete it: it leaves the list at once but its data stays until undo is no longer offered.
    click(&root, "[data-action='delete']");
    wait_for("the delete toast", || {
        query(&root, "[data-testid='delete-toast']").is_some()
    })
    .await;
    assert!(index().get(FIRST_ID).is_none());
    assert!(storage().get_item(DESIGN_KEY).unwrap().is_some());
    assert_eq!(option_names(&root), vec!["Production".to_string()]);
    wait_for("the remaining design open", || {
        input(&root, "f-resourceGroup").value() == "rg-second"
    })
    .await;

    click(&root, "[data-action='undo-delete']");
    wait_for("the design restored and open", || {
        input(&root, "f-resourceGroup").value() == "rg-first"
            && query(&root, "[data-testid='delete-toast']").is_none()
    })
    .await;
    assert!(index().get(FIRST_ID).is_some());
    assert_eq!(option_names(&root).len(), 2);

    // Delete again and dismiss: the design stays restorable from "Recently deleted", also after
    // a reload, and its data stays until it falls out of that list.
    click(&root, "[data-action='delete']");
    wait_for("the delete toast", || {
        query(&root, "[data-testid='delete-toast']").is_some()
    })
    .await;
    click(
        &root,
        "[data-testid='delete-toast'] button:not([data-action])",
    );
    wait_for("the toast gone", || {
        query(&root, "[data-testid='delete-toast']").is_none()
    })
    .await;
    assert!(storage().get_item(DESIGN_KEY).unwrap().is_some());
    assert_eq!(index().designs.len(), 1);
    assert!(storage()
        .get_item(DELETED_KEY)
        .unwrap()
        .is_some_and(|t| t.contains(FIRST_ID)));
    drop(_app);
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("Recently deleted listed after a reload", || {
        query(
            &root,
            "[data-testid='recently-deleted'] [data-action='restore']",
        )
        .is_some()
    })
    .await;
    assert_eq!(option_names(&root), vec!["Production".to_string()]);
    click(
        &root,
        "[data-testid='recently-deleted'] [data-action='restore']",
    );
    wait_for("the design restored from Recently deleted", || {
        input(&root, "f-resourceGroup").value() == "rg-first"
            && query(&root, "[data-testid='recently-deleted']").is_none()
    })
    .await;
    assert!(index().get(FIRST_ID).is_some());
    assert_eq!(option_names(&root).len(), 2);
    assert!(status().contains("restored"), "{}", status());
}

#[wasm_bindgen_test]
async fn a_design_deleted_longer_ago_than_kept_is_removed_for_good() {
    storage().clear().unwrap();
    let old = legacy_design("rg-old", "Old");
    storage()
        .set_item(&design_key("old1"), &serde_json::to_string(&old).unwrap())
        .unwrap();
    let day = 24.0 * 3600.0 * 1000.0;
    let at = js_sys::Date::now() - (f64::from(erwiz::domain::recent::KEEP_DAYS) + 1.0) * day;
    storage()
        .set_item(
            DELETED_KEY,
            &format!(r#"[{{"entry":{{"id":"old1","name":"Old","updated":0,"rev":1,"secrets":false}},"at":{at}}}]"#),
        )
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the app open", || {
        query(&root, "#f-resourceGroup").is_some()
    })
    .await;
    // Not in the switcher's list (a rebuilt list skips it), listed as deleted.
    assert!(!option_names(&root).contains(&"Old".to_string()));
    wait_for("listed in Recently deleted", || {
        query(&root, "[data-testid='recently-deleted']").is_some()
    })
    .await;
    // The next deletion prunes the list: the old design is removed for good.
    click(&root, "[data-action='delete']");
    wait_for("the delete toast", || {
        query(&root, "[data-testid='delete-toast']").is_some()
    })
    .await;
    assert!(storage().get_item(&design_key("old1")).unwrap().is_none());
    let list = storage().get_item(DELETED_KEY).unwrap().unwrap();
    assert!(!list.contains("old1"), "{list}");
    // Corrupt "Recently deleted" text is ignored, never a failure.
    storage().set_item(DELETED_KEY, "{not json").unwrap();
    drop(_app);
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the app open", || {
        query(&root, "#f-resourceGroup").is_some()
    })
    .await;
    assert!(query(&root, "[data-testid='recently-deleted']").is_none());
}

#[wasm_bindgen_test]
async fn secrets_are_stored_only_when_the_user_opts_in() {
    storage().clear().unwrap();
    let mut d = legacy_design("rg-keys", "Keys");
    d.circuits[0].direct_authorization_key = "s3cret-auth-key".into();
    storage()
        .set_item(DESIGN_KEY, &serde_json::to_string(&d).unwrap())
        .unwrap();
    let root = container();
    let _app = mount_to(root.clone(), App);
    wait_for("the design open", || {
        input(&root, "f-resourceGroup").value() == "rg-keys"
    })
    .await;
    let remember = input(&root, "remember-secrets");
    assert!(!remember.checked(), "off by default");
    assert!(!index().designs[0].secrets);

    // An edit saves without the key.
    type_into(&root, "f-resourceGroup", "rg-keys-2");
    wait_for("the edit saved without the key", || {
        storage()
            .get_item(DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("rg-keys-2") && !s.contains("s3cret-auth-key"))
    })
    .await;

    // Opt in: saved with the key at once (it is still in memory).
    remember.click();
    wait_for("the key stored", || {
        storage()
            .get_item(DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("s3cret-auth-key"))
    })
    .await;
    assert!(index().designs[0].secrets);

    // Opt out: removed from storage immediately.
    remember.click();
    wait_for("the key removed", || {
        storage()
            .get_item(DESIGN_KEY)
            .unwrap()
            .is_some_and(|s| s.contains("rg-keys-2") && !s.contains("s3cret-auth-key"))
    })
    .await;
    assert!(!index().designs[0].secrets);

    // A duplicate keeps the original's choice: on again, the copy is stored with the key too.
    remember.click();
    wait_for("remembered again", || index().designs[0].secrets).await;
    root.query_selector("[data-action='duplicate']")
        .unwrap()
        .expect("the Duplicate button")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    wait_for("the copy stored with its key", || {
        let i = index();
        i.designs.get(1).is_some_and(|copy| {
            copy.secrets
                && storage()
                    .get_item(&design_key(&copy.id))
                    .unwrap()
                    .is_some_and(|s| s.contains("s3cret-auth-key"))
        })
    })
    .await;
}

#[wasm_bindgen_test]
fn history_coalesces_by_field_and_time() {
    // (key of each edit, time in ms) → number of undo steps.
    type Edits<'a> = &'a [(Option<&'a str>, f64)];
    let cases: &[(Edits, usize)] = &[
        (
            &[(Some("a"), 0.0), (Some("a"), 100.0), (Some("a"), 550.0)],
            1,
        ),
        (&[(Some("a"), 0.0), (Some("a"), COALESCE_MS + 1.0)], 2),
        (&[(Some("a"), 0.0), (Some("b"), 10.0)], 2),
        (&[(None, 0.0), (None, 10.0)], 2),
    ];
    for (edits, steps) in cases {
        let mut h = History::default();
        for (i, (key, at)) in edits.iter().enumerate() {
            h.record(i, *key, "x", *at);
        }
        // The same edits with those that join extended instead: the same steps.
        let mut e = History::default();
        for (i, (key, at)) in edits.iter().enumerate() {
            if e.joins(*key, *at) {
                e.extend(*at);
            } else {
                e.record(i, *key, "x", *at);
            }
        }
        assert_eq!(e.len(), *steps, "extended: {edits:?}");
        assert_eq!(h.len(), *steps, "{edits:?}");
        // The last step goes back to the state before its first edit.
        let first_of_last = if *steps == 1 { 0 } else { edits.len() - 1 };
        assert_eq!(h.undo(99).map(|s| s.0), Some(first_of_last), "{edits:?}");
    }
}

#[wasm_bindgen_test]
fn history_is_bounded_and_a_new_edit_clears_redo() {
    let mut h = History::default();
    for i in 0..LIMIT + 20 {
        h.record(i, None, "x", i as f64);
    }
    assert_eq!(h.len(), LIMIT);
    let (state, _) = h.undo(1000).unwrap();
    assert_eq!(state, LIMIT + 19);
    assert!(h.can_redo());
    assert_eq!(h.redo(state).map(|s| s.0), Some(1000));
    h.undo(1000).unwrap();
    h.record(7, None, "y", 5000.0);
    assert!(!h.can_redo());
    h.clear();
    assert!(!h.can_undo() && h.is_empty());
}
