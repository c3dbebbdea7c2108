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
// ---- the data-loss paths, each failing before its fix ----

/// What another tab does in a [`Race`].
type Other<'a> = Box<dyn FnOnce(&mut MemStore) + 'a>;

/// A store wrapper that lets another tab act just before one of the writes going through it,
/// the way another tab's save may land between two storage calls of this one.
struct Race<'a> {
    inner: &'a mut MemStore,
    /// The write (counted from 0) before which `other` runs.
    at: usize,
    writes: usize,
    other: Option<Other<'a>>,
}

impl Store for Race<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.writes == self.at {
            if let Some(other) = self.other.take() {
                other(self.inner);
            }
        }
        self.writes += 1;
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }
    fn now(&self) -> f64 {
        self.inner.now()
    }
    fn new_id(&mut self) -> String {
        self.inner.new_id()
    }
}

/// The texts kept under backup keys.
fn backups(s: &MemStore) -> Vec<String> {
    s.data
        .iter()
        .filter(|(k, _)| k.contains("backup"))
        .map(|(_, v)| v.clone())
        .collect()
}

#[test]
fn a_failed_save_of_a_new_design_is_shown_and_never_marked_saved() {
    for action in ["new", "duplicate", "file", "share link"] {
        let mut s = MemStore::default();
        let mut t = Tab::open(&mut s);
        t.edit("rg-first");
        t.save(&mut s);
        s.full = true;
        let cur = t.design.clone();
        match action {
            "new" => t.lib.new_design(&mut s, &cur),
            "duplicate" => t.lib.duplicate(&mut s, &cur),
            source => {
                let d = Design {
                    resource_group: "rg-imported".into(),
                    ..Design::default()
                };
                t.lib.open_as_new(&mut s, d, source, &cur)
            }
        }
        t.run();
        let id = t.lib.id.clone();
        assert_ne!(id, FIRST_ID, "{action}: opened");
        assert_eq!(t.notice, Some(full()), "{action}: the failure is shown");
        assert!(t.dirty(), "{action}: not marked saved");
        // Once storage has room, leaving the design saves it first: a reload finds it.
        s.full = false;
        t.switch_to(&mut s, FIRST_ID);
        assert_eq!(t.lib.id, FIRST_ID, "{action}");
        let reloaded = Tab::open(&mut s);
        assert!(
            reloaded.lib.entries.iter().any(|e| e.id == id),
            "{action}: listed after a reload"
        );
        assert!(stored(&s, &id).is_some(), "{action}: stored");
    }
}

#[test]
fn each_unreadable_design_keeps_its_own_backup_never_overwritten() {
    let mut s = MemStore::default();
    let a1 = "{\"version\": 1, \"circ";
    let x1 = "{\"version\": 1, \"name\": \"x\", \"circ";
    s.data.insert(DESIGN_KEY.into(), a1.into());
    s.data.insert(design_key("x"), x1.into());
    let mut t = Tab::open(&mut s);
    assert!(matches!(t.notice, Some(StorageNotice::Recovered { .. })));
    t.switch_to(&mut s, "x");
    assert_eq!(t.lib.id, "x");
    let kept = backups(&s);
    assert!(kept.iter().any(|b| b == a1), "{kept:?}");
    assert!(kept.iter().any(|b| b == x1), "{kept:?}");
    // "x" is started afresh and saved, then its key is unreadable again (another version,
    // another tab): its second backup does not replace its first.
    t.edit("rg-x");
    t.save(&mut s);
    let x2 = "{\"version\": 1, \"name\": \"x2\", \"circ";
    s.data.insert(design_key("x"), x2.into());
    t.switch_to(&mut s, FIRST_ID);
    t.switch_to(&mut s, "x");
    let kept = backups(&s);
    for text in [a1, x1, x2] {
        assert!(kept.iter().any(|b| b == text), "{text} in {kept:?}");
    }
}

#[test]
fn an_unreadable_or_newer_design_list_is_backed_up_and_announced() {
    let corrupt = r#"{"version":1,"designs":[{"id":"main","name":"Prod","rev":3,"secr"#;
    let newer = r#"{"version":2,"designs":[{"id":"main","name":"Prod","rev":3,"secrets":true}]}"#;
    for text in [corrupt, newer] {
        let mut s = MemStore::default();
        s.data.insert(INDEX_KEY.into(), text.into());
        s.data
            .insert(DESIGN_KEY.into(), design_text("rg-prod", "Plan"));
        let t = Tab::open(&mut s);
        assert_eq!(t.design.resource_group, "rg-prod");
        let Some(StorageNotice::ListRecovered { reason, key }) = &t.notice else {
            panic!("{text}: announced, got {:?}", t.notice);
        };
        assert_eq!(s.data[key], text);
        assert_eq!(
            reason.contains("newer version"),
            text == newer,
            "{text}: {reason}"
        );
        assert!(backups(&s).iter().any(|b| b == text), "{text}: backed up");
        // Read again by a later save, it is not backed up twice.
        let mut t = t;
        t.edit("rg-2");
        t.save(&mut s);
        assert_eq!(backups(&s).len(), 1, "{:?}", backups(&s));
    }
}

#[test]
fn two_saves_in_a_race_never_lose_one_silently() {
    // Another tab's whole save lands between this tab's check and its write (at 0), or between
    // its design write and its list write (at 1).
    for at in [0, 1] {
        let mut s = MemStore::default();
        let mut a = Tab::open(&mut s);
        let mut b = Tab::open(&mut s);
        a.edit("rg-a");
        b.edit("rg-b");
        {
            let other = &mut b;
            let mut race = Race {
                inner: &mut s,
                at,
                writes: 0,
                other: Some(Box::new(move |st: &mut MemStore| other.save(st))),
            };
            a.save(&mut race);
        }
        // Each tab hears of the other's writes.
        a.event(&mut s, Some(INDEX_KEY));
        b.event(&mut s, Some(INDEX_KEY));
        let stored = stored_rg(&s, FIRST_ID).unwrap();
        for (tab, rg) in [(&a, "rg-a"), (&b, "rg-b")] {
            assert!(
                stored == rg || (tab.lib.conflict && tab.dirty()),
                "at {at}: {rg} is neither stored ({stored}) nor shown as unsaved in conflict"
            );
        }
        // Resolving keeps it.
        for tab in [&mut a, &mut b] {
            if tab.lib.conflict {
                let d = tab.design.clone();
                tab.lib.keep_both(&mut s, &d);
                tab.run();
            }
        }
        let mut all: Vec<String> = index_of(&s)
            .designs
            .iter()
            .filter_map(|e| stored_rg(&s, &e.id))
            .collect();
        all.sort();
        assert!(
            all.contains(&"rg-a".to_string()) && all.contains(&"rg-b".to_string()),
            "at {at}: {all:?}"
        );
    }
}

#[test]
fn a_refused_rename_is_shown_and_the_list_shows_what_is_stored() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.save(&mut s);
    s.full = true;
    t.lib.rename(&mut s, "Production");
    t.run();
    assert_eq!(t.notice, Some(full()));
    let listed: Vec<String> = index_of(&s).designs.into_iter().map(|e| e.name).collect();
    assert_eq!(t.names(), listed);
    assert_eq!(t.design.name, listed[0]);
    assert!(t.status.contains("not renamed"), "{}", t.status);
}

#[test]
fn turning_secrets_off_says_so_only_once_they_are_gone() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.design = with_key("rg-keys");
    t.lib.set_secrets(&mut s, true, &t.design.clone());
    t.run();
    assert!(s.data[DESIGN_KEY].contains("s3cret-md5"));
    s.full = true;
    t.lib.set_secrets(&mut s, false, &t.design.clone());
    t.run();
    assert_eq!(t.notice, Some(full()));
    assert!(s.data[DESIGN_KEY].contains("s3cret-md5"));
    assert!(
        !t.status.contains("no longer stored"),
        "the keys are still stored: {}",
        t.status
    );
    assert!(t.lib.entry().secrets, "the setting shows what is stored");
    // With room again, turning it off removes them.
    s.full = false;
    t.lib.set_secrets(&mut s, false, &t.design.clone());
    t.run();
    assert!(!s.data[DESIGN_KEY].contains("s3cret-md5"));
    assert!(!index_of(&s).designs[0].secrets);
}

#[test]
fn deleting_a_design_whose_changes_could_not_be_saved_keeps_them_for_undo() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.save(&mut s);
    t.new_design(&mut s);
    let second = t.lib.id.clone();
    t.edit("rg-saved");
    t.save(&mut s);
    s.refuse = vec![design_key(&second)];
    t.edit("rg-unsaved");
    t.lib.delete(&mut s, &t.design.clone());
    t.run();
    assert_eq!(t.lib.id, FIRST_ID);
    assert!(
        t.status.contains("could not be saved"),
        "the lost save is reported: {}",
        t.status
    );
    s.refuse.clear();
    t.lib.undo_delete(&mut s, &t.design.clone());
    t.run();
    assert_eq!(t.lib.id, second);
    assert_eq!(t.design.resource_group, "rg-unsaved");
    t.save(&mut s);
    assert_eq!(stored_rg(&s, &second).as_deref(), Some("rg-unsaved"));
}

#[test]
fn a_refused_undo_delete_is_shown() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.save(&mut s);
    t.new_design(&mut s);
    let second = t.lib.id.clone();
    t.lib.delete(&mut s, &t.design.clone());
    t.run();
    s.refuse = vec![DELETED_KEY.into()];
    t.notice = None;
    t.lib.undo_delete(&mut s, &t.design.clone());
    t.run();
    assert_eq!(t.notice, Some(full()), "shown");
    // What the page lists is what storage holds.
    let listed = index_of(&s).get(&second).is_some();
    let in_deleted = read_deleted(&s).iter().any(|d| d.entry.id == second);
    assert_eq!(t.lib.entries.iter().any(|e| e.id == second), listed);
    assert_eq!(
        t.lib.recently.iter().any(|d| d.entry.id == second),
        in_deleted
    );
    assert!(listed || in_deleted, "never in neither");
}

#[test]
fn deleting_the_only_design_with_unsaved_changes_opens_a_new_one_and_keeps_them_for_undo() {
    let mut s = MemStore::default();
    let mut t = Tab::open(&mut s);
    t.save(&mut s);
    s.refuse = vec![DESIGN_KEY.into()];
    t.edit("rg-unsaved");
    t.save(&mut s);
    t.lib.delete(&mut s, &t.design.clone());
    t.run();
    assert_ne!(t.lib.id, FIRST_ID, "a new design is open");
    assert!(index_of(&s).get(FIRST_ID).is_none(), "not listed again");
    s.refuse.clear();
    t.lib.undo_delete(&mut s, &t.design.clone());
    t.run();
    assert_eq!(t.lib.id, FIRST_ID);
    assert_eq!(t.design.resource_group, "rg-unsaved");
}
