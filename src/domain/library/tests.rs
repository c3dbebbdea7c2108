//! The library driven natively: tabs sharing one [`MemStore`], storage that is unavailable,
//! full, refuses some keys, holds corrupt data or data of a newer version.

use super::*;
use crate::domain::model::{Circuit, Peering};

/// One browser tab: the library and what the page shows.
struct Tab {
    lib: Library,
    /// The design in the editor.
    design: Design,
    notice: Option<StorageNotice>,
    status: String,
    /// Whether the "deleted, Undo" timer runs.
    timer: bool,
}

impl Tab {
    fn open(s: &mut dyn Store) -> Tab {
        let opened = Library::open(s);
        Tab {
            lib: opened.library,
            design: opened.design,
            notice: opened.notice,
            status: String::new(),
            timer: false,
        }
    }

    /// Carries out the effects as the page does.
    fn run(&mut self) {
        for e in self.lib.take_effects() {
            match e {
                Effect::Load(d) => self.design = *d,
                Effect::Rename(n) => self.design.name = n,
                Effect::Notice(n) => self.notice = Some(n),
                Effect::SaveFailed(n) => {
                    if self.notice != Some(StorageNotice::Unavailable) {
                        self.notice = Some(n);
                    }
                }
                Effect::Saved => {
                    if matches!(self.notice, Some(StorageNotice::WriteFailed { .. })) {
                        self.notice = None;
                    }
                }
                Effect::Status(m) => self.status = m,
                Effect::AddStatus(m) => {
                    self.status.push_str(". ");
                    self.status.push_str(&m);
                }
                Effect::CancelSave => {}
                Effect::DeleteTimer(on) => self.timer = on,
            }
        }
    }

    /// Types `rg` as the resource group.
    fn edit(&mut self, rg: &str) {
        self.design.resource_group = rg.into();
    }

    /// The debounced save comes due.
    fn save(&mut self, s: &mut dyn Store) {
        self.lib.save_due(s, &self.design);
        self.run();
    }

    /// The `storage` event another tab's write raises here.
    fn event(&mut self, s: &mut dyn Store, key: Option<&str>) {
        self.lib.storage_changed(s, key, &self.design);
        self.run();
    }

    fn dirty(&self) -> bool {
        self.lib.dirty(&self.design)
    }

    fn new_design(&mut self, s: &mut dyn Store) {
        self.lib.new_design(s, &self.design);
        self.run();
    }

    fn switch_to(&mut self, s: &mut dyn Store, id: &str) {
        self.lib.switch_to(s, id, &self.design);
        self.run();
    }

    fn names(&self) -> Vec<String> {
        self.lib.entries.iter().map(|e| e.name.clone()).collect()
    }
}

fn full() -> StorageNotice {
    StorageNotice::WriteFailed {
        reason: "QuotaExceededError".into(),
    }
}

/// The stored design `id`, read as the page reads it.
fn stored(s: &MemStore, id: &str) -> Option<Design> {
    s.data.get(&design_key(id)).map(|t| decode(t).unwrap())
}

fn stored_rg(s: &MemStore, id: &str) -> Option<String> {
    stored(s, id).map(|d| d.resource_group)
}

fn index_of(s: &MemStore) -> Index {
    parse_index(&s.data[INDEX_KEY]).expect("a readable index")
}

fn design_text(rg: &str, name: &str) -> String {
    serde_json::to_string(&Design {
        resource_group: rg.into(),
        name: name.into(),
        ..Design::default()
    })
    .unwrap()
}

/// A design with an MD5 key on its circuit's private peering.
fn with_key(rg: &str) -> Design {
    Design {
        resource_group: rg.into(),
        circuits: vec![Circuit {
            name: "er-1".into(),
            private_peering: Some(Peering {
                shared_key: "s3cret-md5".into(),
                ..Peering::default()
            }),
            ..Circuit::default()
        }],
        ..Design::default()
    }
}

// ---- what the library did before, kept ----

#[test]
fn the_single_design_key_is_listed_not_rewritten() {
    let mut s = MemStore::default();
    let text = design_text("rg-legacy", "Legacy plan");
    s.data.insert(DESIGN_KEY.into(), text.clone());
    let t = Tab::open(&mut s);
    assert_eq!(t.notice, None);
    assert_eq!(t.design.resource_group, "rg-legacy");
    assert_eq!(t.lib.id, FIRST_ID);
    assert_eq!(t.names(), ["Legacy plan"]);
    assert_eq!(index_of(&s).designs.len(), 1);
    assert_eq!(s.data[DESIGN_KEY], text, "listing it did not rewrite it");
    assert!(!t.dirty(), "opening is not a change to save");
}

#[test]
fn an_edit_is_saved_with_a_new_revision_and_secrets_only_when_opted_in() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.design = with_key("rg-1");
    t.save(&mut s);
    assert!(!t.dirty());
    assert_eq!(stored_rg(&s, FIRST_ID).as_deref(), Some("rg-1"));
    assert!(!s.data[DESIGN_KEY].contains("s3cret-md5"));
    let rev = index_of(&s).get(FIRST_ID).unwrap().rev;
    assert_eq!(rev, 1);
    t.lib.set_secrets(&mut s, true, &t.design);
    t.run();
    assert!(s.data[DESIGN_KEY].contains("s3cret-md5"));
    assert!(index_of(&s).get(FIRST_ID).unwrap().secrets);
    t.lib.set_secrets(&mut s, false, &t.design);
    t.run();
    assert!(!s.data[DESIGN_KEY].contains("s3cret-md5"));
    assert_eq!(
        t.status,
        "Secrets of this design are no longer stored in this browser"
    );
}

#[test]
fn unavailable_storage_keeps_the_design_in_the_tab_and_says_so() {
    let mut s = MemStore {
        unavailable: true,
        ..MemStore::default()
    };
    let mut t = Tab::open(&mut s);
    assert_eq!(t.notice, Some(StorageNotice::Unavailable));
    t.edit("rg-mem");
    t.save(&mut s);
    assert_eq!(
        t.notice,
        Some(StorageNotice::Unavailable),
        "the real reason stays"
    );
    assert!(t.dirty());
}

#[test]
fn a_full_storage_keeps_the_design_open_until_it_is_saved() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.new_design(&mut s);
    let second = t.lib.id.clone();
    s.full = true;
    t.edit("rg-unsaved");
    t.save(&mut s);
    assert_eq!(t.notice, Some(full()));
    t.switch_to(&mut s, FIRST_ID);
    assert_eq!(t.lib.id, second, "the design stays open");
    assert!(t.status.contains("stays open"), "{}", t.status);
    s.full = false;
    t.switch_to(&mut s, FIRST_ID);
    assert_eq!(t.lib.id, FIRST_ID);
    assert_eq!(t.notice, None, "a successful save clears the message");
    assert_eq!(stored_rg(&s, &second).as_deref(), Some("rg-unsaved"));
}

#[test]
fn delete_undo_and_restore() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.edit("rg-first");
    t.save(&mut s);
    t.new_design(&mut s);
    let second = t.lib.id.clone();
    t.lib.delete(&mut s, &t.design.clone());
    t.run();
    assert!(t.timer);
    assert_eq!(t.lib.id, FIRST_ID);
    assert_eq!(t.design.resource_group, "rg-first");
    assert!(index_of(&s).get(&second).is_none());
    assert_eq!(t.lib.recently.len(), 1);
    assert!(t.status.contains("deleted"), "{}", t.status);
    t.lib.undo_delete(&mut s, &t.design.clone());
    t.run();
    assert!(!t.timer);
    assert_eq!(t.lib.id, second);
    assert!(index_of(&s).get(&second).is_some());
    assert!(t.lib.recently.is_empty());
    assert!(t.status.contains("restored"), "{}", t.status);
}

#[test]
fn deleting_the_only_design_opens_a_new_one() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.edit("rg-only");
    t.save(&mut s);
    t.lib.delete(&mut s, &t.design.clone());
    t.run();
    assert_ne!(t.lib.id, FIRST_ID);
    assert_eq!(t.names(), ["Design 1"]);
    assert_eq!(t.design.resource_group, "");
}

#[test]
fn a_clean_tab_takes_the_other_tabs_save_and_a_dirty_one_asks() {
    let mut s = MemStore::default();
    let mut a = Tab::open(&mut s);
    a.save(&mut s);
    let mut b = Tab::open(&mut s);
    a.edit("rg-a");
    a.save(&mut s);
    b.event(&mut s, Some(INDEX_KEY));
    assert_eq!(b.design.resource_group, "rg-a");
    assert_eq!(b.status, "Updated from another tab");
    // Both edit; A saves first: B's save is refused and B asks.
    a.edit("rg-a2");
    b.edit("rg-b2");
    a.save(&mut s);
    b.save(&mut s);
    assert!(b.lib.conflict);
    assert_eq!(stored_rg(&s, FIRST_ID).as_deref(), Some("rg-a2"));
    b.lib.keep_mine(&mut s, &b.design);
    b.run();
    assert!(!b.lib.conflict);
    assert_eq!(stored_rg(&s, FIRST_ID).as_deref(), Some("rg-b2"));
    // A, clean, takes it.
    a.event(&mut s, Some(INDEX_KEY));
    assert_eq!(a.design.resource_group, "rg-b2");
}

#[test]
fn keep_both_and_load_theirs() {
    let mut s = MemStore::default();
    let mut a = Tab::open(&mut s);
    a.save(&mut s);
    let mut b = Tab::open(&mut s);
    a.edit("rg-a");
    a.save(&mut s);
    b.edit("rg-b");
    b.event(&mut s, Some(INDEX_KEY));
    assert!(b.lib.conflict);
    assert_eq!(b.status, "This design was changed in another tab");
    b.lib.keep_both(&mut s, &b.design.clone());
    b.run();
    assert!(!b.lib.conflict);
    assert_eq!(b.design.resource_group, "rg-a");
    assert_eq!(b.names(), ["Design 1", "Design 1 (copy)"]);
    let copy = b.lib.entries[1].id.clone();
    assert_eq!(stored_rg(&s, &copy).as_deref(), Some("rg-b"));
    // Load theirs.
    a.edit("rg-a2");
    a.save(&mut s);
    b.edit("rg-b2");
    b.event(&mut s, None);
    assert!(b.lib.conflict);
    b.lib.load_theirs(&mut s, &b.design.clone());
    b.run();
    assert!(!b.lib.conflict);
    assert_eq!(b.design.resource_group, "rg-a2");
    assert_eq!(b.status, "Loaded the version from the other tab");
}

#[test]
fn corrupt_and_newer_designs_are_backed_up_and_never_written_over_unasked() {
    for text in [
        "{\"version\": 1, \"circ",
        r#"{"version": 99, "resourceGroup": "rg-future"}"#,
    ] {
        let mut s = MemStore::default();
        s.data.insert(DESIGN_KEY.into(), text.into());
        let mut t = Tab::open(&mut s);
        assert!(
            matches!(t.notice, Some(StorageNotice::Recovered { .. })),
            "{:?}",
            t.notice
        );
        assert_eq!(s.data[BACKUP_KEY], text);
        t.save(&mut s);
        assert_eq!(s.data[DESIGN_KEY], text, "not written before an edit");
    }
}
