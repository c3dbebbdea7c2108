//! The user's named designs as a state machine: events in (an edit is due to be saved, storage
//! changed in another tab, create, switch, rename, delete and undo, restore, secrets on or off,
//! a conflict's three answers), storage read and written through a [`Store`], and [`Effect`]s
//! out for the page to carry out (put a design in the editor, show a notice or a status
//! message, start or stop the "deleted, Undo" timer). `ui/library.rs` drives it with the
//! browser's localStorage, timers and `storage` events; the tests here drive it with
//! [`MemStore`], two tabs sharing one.
//!
//! Nothing here drops the user's work silently: a design is marked saved only once storage holds
//! it (read back after the write), every refused write is shown, unreadable data is backed up
//! (one backup per design and per unreadable list, never overwritten) before anything is written
//! over it, and a save of another tab that lands in the middle of this tab's is shown as a
//! conflict, never lost.

pub mod store;

pub use store::*;

use crate::domain::model::Design;
use crate::domain::secrets::carry_secrets;

/// What the page does after an event, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Put this design in the editor: undo history starts afresh, the first circuit is selected.
    Load(Box<Design>),
    /// The open design's own name is now this (a rename; not an undo step).
    Rename(String),
    /// Show this notice in the banner.
    Notice(StorageNotice),
    /// A save failed: show why, unless the banner already says storage is unavailable.
    SaveFailed(StorageNotice),
    /// A save succeeded: a "could not be saved" banner goes.
    Saved,
    /// Say this in the status line.
    Status(String),
    /// Add this sentence to the status line.
    AddStatus(String),
    /// Drop the pending debounced save.
    CancelSave,
    /// Start (true) or stop (false) the timer that hides the "deleted, Undo" message.
    DeleteTimer(bool),
}

/// The library: the design list, the open design and what storage holds of it.
#[derive(Debug, Clone)]
pub struct Library {
    /// The designs listed in the switcher.
    pub entries: Vec<Entry>,
    /// Id of the open design.
    pub id: String,
    /// True while another tab's newer version of this design competes with unsaved edits here.
    pub conflict: bool,
    /// The design just deleted, while its "deleted, Undo" message shows.
    pub deleted: Option<Entry>,
    /// "Recently deleted": designs that can still be restored, newest first.
    pub recently: Vec<Deleted>,
    /// This tab's id (written with each revision it saves).
    tab: String,
    /// The stored revision the open design is based on.
    base: Stamp,
    /// The design as stored last (or loaded); `None` while storage does not hold this tab's
    /// version (a new design not saved yet, a save lost to another tab).
    saved: Option<Design>,
    /// Changes of the open design whose save failed, when it was deleted: Undo brings them back.
    unsaved: Option<(String, Design)>,
    /// Problems found while reading storage (an unreadable list), shown after the effects.
    notices: Vec<StorageNotice>,
    effects: Vec<Effect>,
}

/// What the app opens at start.
pub struct Opened {
    /// The library, with the open design.
    pub library: Library,
    /// The open design.
    pub design: Design,
    /// Problem to show in the banner.
    pub notice: Option<StorageNotice>,
}

/// The end of a status message about a reload that kept `n` secrets typed in this tab.
fn kept_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; the secret typed in this tab was kept".into(),
        n => format!("; the {n} secrets typed in this tab were kept"),
    }
}

impl Library {
    /// Opens the design used last (migrating the single-design key into the library first).
    /// Unreadable text is backed up (never overwritten by a default design) and reported.
    pub fn open(s: &mut dyn Store) -> Opened {
        let fallback = |notice| {
            let first = Entry::new(FIRST_ID.into(), "Design 1".into(), false, 0.0);
            (
                Index {
                    version: INDEX_VERSION,
                    designs: vec![first],
                },
                notice,
            )
        };
        let mut notices = Vec::new();
        let opened = match load_index_decoding(s, &mut notices) {
            None => Err(fallback(Some(StorageNotice::Unavailable))),
            Some(found) => Ok(found),
        };
        let (index, id, design, notice) = match opened {
            Err((index, notice)) => (index, FIRST_ID.to_string(), Design::default(), notice),
            Ok((mut index, mut decoded)) => {
                if index.designs.is_empty() {
                    index = fallback(None).0;
                    let _ = write_index(s, &index);
                }
                let current = s.get(CURRENT_KEY).ok().flatten();
                let id = current
                    .filter(|c| index.get(c).is_some())
                    .or_else(|| index.designs.first().map(|e| e.id.clone()))
                    .unwrap_or_else(|| FIRST_ID.into());
                // A design already read to rebuild the list is used as it is; an unreadable one
                // is read again by `read_design`, which backs it up.
                let read = match decoded.iter().position(|(d, r)| *d == id && r.is_ok()) {
                    Some(i) => Ok(decoded.swap_remove(i).1.ok()),
                    None => read_design(s, &id),
                };
                let (design, notice) = match read {
                    Ok(d) => (d.unwrap_or_default(), notices.pop()),
                    Err(StorageNotice::Recovered { reason, key }) => {
                        // Both unreadable: the banner offers the design's text and names both.
                        let reason = match notices.pop() {
                            Some(StorageNotice::ListRecovered { key: list, .. }) => format!(
                                "{reason} (the list of designs could not be read either: it was kept under the key \"{list}\")"
                            ),
                            _ => reason,
                        };
                        (
                            Design::default(),
                            Some(StorageNotice::Recovered { reason, key }),
                        )
                    }
                    Err(n) => (Design::default(), Some(n)),
                };
                (index, id, design, notice)
            }
        };
        let base = index.get(&id).map(Entry::stamp).unwrap_or_default();
        let mut design = design;
        // One name everywhere: the design says the name the list shows (not a change to save).
        if let Some(e) = index.get(&id) {
            design.name = e.name.clone();
        }
        let saved = design.clone();
        let library = Library {
            entries: index.designs,
            id,
            conflict: false,
            deleted: None,
            recently: read_deleted(s),
            tab: s.new_id(),
            base,
            saved: Some(saved),
            unsaved: None,
            notices: Vec::new(),
            effects: Vec::new(),
        };
        Opened {
            library,
            design,
            notice,
        }
    }

    /// The effects of the events so far, oldest first (taken: the page carries them out).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        let notices = self.notices.drain(..).map(Effect::Notice);
        self.effects.extend(notices);
        std::mem::take(&mut self.effects)
    }

    fn say(&mut self, msg: String) {
        self.effects.push(Effect::Status(msg));
    }

    fn notice(&mut self, n: StorageNotice) {
        self.effects.push(Effect::Notice(n));
    }

    /// The entry of the open design.
    pub fn entry(&self) -> Entry {
        self.entries
            .iter()
            .find(|e| e.id == self.id)
            .cloned()
            .unwrap_or_else(|| Entry::new(self.id.clone(), "Design".into(), false, 0.0))
    }

    /// Whether `design` (the editor's) differs from the one stored last.
    pub fn dirty(&self, design: &Design) -> bool {
        self.saved.as_ref() != Some(design)
    }

    /// Saves `design`, the open design as the editor holds it, unless another tab saved a newer
    /// revision (then the conflict is raised). Whether storage now holds it.
    pub fn save(&mut self, s: &mut dyn Store, design: &Design) -> bool {
        let entry = self.entry();
        match save(s, &mut self.notices, &entry, design, &self.base, &self.tab) {
            Ok(saved) => {
                self.base = saved.stamp();
                self.saved = Some(design.clone());
                self.put_entry(saved);
                self.effects.push(Effect::Saved);
                return true;
            }
            Err(SaveError::Conflict { .. }) => self.conflict = true,
            Err(SaveError::Lost) => self.lost(),
            Err(SaveError::Failed(n)) => self.effects.push(Effect::SaveFailed(n)),
        }
        false
    }

    /// Another tab's save replaced this tab's version of the open design in storage: it is not
    /// saved any more, and the conflict banner asks which to keep.
    fn lost(&mut self) {
        self.saved = None;
        if !self.conflict {
            self.conflict = true;
            self.say("This design was changed in another tab".into());
        }
    }

    /// Saves `design` if it differs from the one stored last (the debounced save is due, the
    /// page is hidden, the design is about to be left).
    pub fn save_due(&mut self, s: &mut dyn Store, design: &Design) {
        if self.dirty(design) {
            self.save(s, design);
        }
    }

    fn put_entry(&mut self, entry: Entry) {
        match self.entries.iter_mut().find(|e| e.id == entry.id) {
            Some(e) => *e = entry,
            None => self.entries.push(entry),
        }
    }

    /// Takes the stored list when it can be read (it may hold other tabs' changes).
    fn refresh_entries(&mut self, s: &dyn Store) {
        if let Some(index) = stored_index(s) {
            if index.get(&self.id).is_some() {
                self.entries = index.designs;
            }
        }
    }

    /// Puts `design` (the stored save `base` of `id`) into the editor.
    fn load(&mut self, s: &mut dyn Store, id: &str, mut design: Design, base: Stamp) {
        // One name everywhere: the design says the name the list shows (exports, share links,
        // downloads). Storage gets it with the next save.
        if let Some(e) = self.entries.iter().find(|e| e.id == id) {
            design.name = e.name.clone();
        }
        self.id = id.to_string();
        self.base = base;
        self.saved = Some(design.clone());
        self.conflict = false;
        self.effects.push(Effect::Load(Box::new(design)));
        let _ = s.set(CURRENT_KEY, id);
    }

    /// Refuses to delete a design whose edits can't be saved (conflict with another tab): the
    /// banner asks which version to keep first.
    fn blocked(&mut self, s: &mut dyn Store, design: &Design) -> bool {
        self.save_due(s, design);
        if self.conflict {
            self.say(
                "This design was changed in another tab: choose which version to keep first".into(),
            );
            return true;
        }
        false
    }

    /// Gets ready to leave the open design: writes unsaved edits. When they can't be written
    /// because another tab changed the design meanwhile, this tab's version is kept as a new
    /// design first (the original keeps the other tab's version): `Ok(Some(note))` says so.
    /// `Err(())` when even that failed, or when the design's changes could not be saved at all
    /// (storage full or unavailable): then the design must not be left.
    fn leave(&mut self, s: &mut dyn Store, design: &Design) -> Result<Option<String>, ()> {
        self.effects.push(Effect::CancelSave);
        self.save_due(s, design);
        if !self.conflict {
            // The save failed for another reason (storage full or unavailable): leaving would
            // drop the edits, which live only in this tab now.
            if self.dirty(design) {
                let name = self.entry().name;
                self.say(format!(
                    "“{name}” stays open: its changes could not be saved (see the message at the top), and leaving it would lose them. Free some storage space, or keep it as a file with “Download design (.json)”, then try again."
                ));
                return Err(());
            }
            return Ok(None);
        }
        let original = self.entry().name;
        match self.keep_as_copy(s, design) {
            Some(name) => Ok(Some(format!(
                "Your version of “{original}” was kept as “{name}”, as another tab changed “{original}”"
            ))),
            None => Err(()),
        }
    }

    /// Saves this tab's version of the open design as a new design (named like a duplicate)
    /// without opening it; its name, or `None` (and a status saying so) when it could not be
    /// written.
    fn keep_as_copy(&mut self, s: &mut dyn Store, design: &Design) -> Option<String> {
        self.refresh_entries(s);
        let original = self.entry();
        let name = unique_name(&self.entries, &format!("{} (copy)", original.name));
        let entry = Entry::new(s.new_id(), name.clone(), original.secrets, s.now());
        let saved = self.create_entry(s, &entry, design);
        match saved {
            Ok(saved) => {
                self.put_entry(saved);
                Some(name)
            }
            Err(e) => {
                let _ = update_index(s, &mut self.notices, &mut |i| {
                    i.designs.retain(|e| e.id != entry.id)
                });
                if let SaveError::Failed(n) = e {
                    self.notice(n);
                }
                self.say(
                    "Your version could not be saved as a new design: choose which version to keep in the banner".into(),
                );
                None
            }
        }
    }

    /// Opens the design `id` (`design`: the open one, as the editor holds it).
    pub fn switch_to(&mut self, s: &mut dyn Store, id: &str, design: &Design) {
        if id == self.id {
            return;
        }
        self.finish_delete();
        let Ok(note) = self.leave(s, design) else {
            return;
        };
        self.open_id(s, id);
        if let Some(note) = note {
            self.effects.push(Effect::AddStatus(note));
        }
    }

    fn open_id(&mut self, s: &mut dyn Store, id: &str) {
        let base = stored_stamp(s, id);
        let design = match read_design(s, id) {
            Ok(d) => d.unwrap_or_default(),
            Err(n) => {
                self.notice(n);
                Design::default()
            }
        };
        self.load(s, id, design, base);
        let name = self.entry().name;
        self.say(format!("Opened design “{name}”"));
    }

    /// Creates a design named `name` holding `new`, saves it and opens it; `msg` is the status
    /// to show. False when the current design (`design`) could not be left. When another tab
    /// changed the current design, this tab's version of it is first kept as a new design; the
    /// status says so.
    pub fn create(
        &mut self,
        s: &mut dyn Store,
        name: String,
        new: Design,
        msg: String,
        design: &Design,
    ) -> bool {
        self.finish_delete();
        let Ok(note) = self.leave(s, design) else {
            return false;
        };
        self.create_open(s, name, new, false);
        self.say(msg);
        if let Some(note) = note {
            self.effects.push(Effect::AddStatus(note));
        }
        true
    }

    /// Lists `entry` and saves `design` as its first revision.
    fn create_entry(
        &mut self,
        s: &mut dyn Store,
        entry: &Entry,
        design: &Design,
    ) -> Result<Entry, SaveError> {
        update_index(s, &mut self.notices, &mut |i| i.designs.push(entry.clone()))
            .map_err(SaveError::Failed)?;
        save(
            s,
            &mut self.notices,
            entry,
            design,
            &Stamp::default(),
            &self.tab,
        )
    }

    /// [`Library::create`] once the current design can be left.
    /// `secrets`: whether the new design remembers its secrets on this device.
    /// When it cannot be saved, it is open all the same, not marked saved (so it is saved before
    /// it is left), and the banner says why.
    fn create_open(&mut self, s: &mut dyn Store, name: String, mut design: Design, secrets: bool) {
        // Stored under the name it is listed with (one name everywhere).
        design.name = name.clone();
        let entry = Entry::new(s.new_id(), name, secrets, s.now());
        let stored = self.create_entry(s, &entry, &design);
        let listed = stored.clone().unwrap_or_else(|_| entry.clone());
        self.put_entry(listed.clone());
        self.load(s, &entry.id, design, listed.stamp());
        if let Err(e) = stored {
            self.saved = None;
            match e {
                SaveError::Failed(n) => self.effects.push(Effect::SaveFailed(n)),
                _ => self.lost(),
            }
        }
    }

    /// Opens `new` as a new named design (never overwriting the current one silently).
    /// `source` says where it came from (for the status message), e.g. "share link".
    pub fn open_as_new(&mut self, s: &mut dyn Store, new: Design, source: &str, design: &Design) {
        let base = match new.name.trim() {
            "" => "Imported design".to_string(),
            n => n.to_string(),
        };
        let name = unique_name(&self.entries, &base);
        let msg = format!("Design opened from the {source} as a new design, “{name}”");
        self.create(s, name, new, msg, design);
    }

    /// Creates and opens an empty design.
    pub fn new_design(&mut self, s: &mut dyn Store, design: &Design) {
        let n = self.entries.len() + 1;
        let name = unique_name(&self.entries, &format!("Design {n}"));
        let msg = format!("New design “{name}” opened");
        self.create(s, name, Design::default(), msg, design);
    }

    /// Copies the open design into a new one and opens it. When another tab changed the open
    /// design, the copy is this tab's version (it is not copied twice) and the original keeps the
    /// other tab's.
    pub fn duplicate(&mut self, s: &mut dyn Store, design: &Design) {
        self.finish_delete();
        self.effects.push(Effect::CancelSave);
        self.save_due(s, design);
        let conflict = self.conflict;
        let Entry {
            name: original,
            secrets,
            ..
        } = self.entry();
        let name = unique_name(&self.entries, &format!("{original} (copy)"));
        // The copy keeps the original's choice to remember secrets on this device.
        self.create_open(s, name.clone(), design.clone(), secrets);
        self.say(if conflict {
            format!(
                "Duplicated as “{name}” with your version; “{original}” keeps the version of the other tab"
            )
        } else {
            format!("Duplicated as “{name}”")
        });
    }

    /// Renames the open design (`name` must not be blank).
    pub fn rename(&mut self, s: &mut dyn Store, name: &str) {
        self.finish_delete();
        let name = name.trim().to_string();
        if name.is_empty() {
            return;
        }
        let id = self.id.clone();
        let listed = update_index(s, &mut self.notices, &mut |i| {
            if let Some(e) = i.designs.iter_mut().find(|e| e.id == id) {
                e.name = name.clone();
            }
        });
        match listed {
            // Without storage at all, the name lives in this tab, as the design does.
            Ok(_) | Err(StorageNotice::Unavailable) => {}
            Err(n) => {
                let old = self.entry().name;
                self.notice(n);
                return self.say(format!(
                    "“{old}” was not renamed: the browser's storage refused the change (see the message at the top)"
                ));
            }
        }
        let mut e = self.entry();
        e.name = name.clone();
        self.put_entry(e);
        // The design's own name follows (saved; not an undo step).
        self.effects.push(Effect::Rename(name.clone()));
        self.say(format!("Design renamed to “{name}”"));
    }

    /// Deletes the open design at once. It stays restorable: Undo in the message that follows,
    /// and "Recently deleted" in the switcher (also after a reload; [`crate::domain::recent`]).
    /// A failed write is shown and nothing is deleted.
    pub fn delete(&mut self, s: &mut dyn Store, design: &Design) {
        self.finish_delete();
        if self.blocked(s, design) {
            return;
        }
        let entry = self.entry();
        let gone = Deleted {
            entry: entry.clone(),
            at: s.now(),
        };
        // Changes whose save failed stay in this tab for Undo (storage has the version before).
        let unsaved = self
            .dirty(design)
            .then(|| (entry.id.clone(), design.clone()));
        // Listed as deleted first, so a design never leaves the list without being restorable.
        let recorded = update_deleted(s, &mut |l| {
            l.retain(|d| d.entry.id != entry.id);
            l.insert(0, gone.clone());
        });
        match recorded {
            Ok(list) => self.recently = list,
            // No storage at all: the design lives in this tab only; so does its restoring.
            Err(StorageNotice::Unavailable) => self.recently.insert(0, gone),
            Err(n) => return self.delete_failed(&entry.name, n),
        }
        match update_index(s, &mut self.notices, &mut |i| {
            i.designs.retain(|e| e.id != entry.id)
        }) {
            Ok(_) | Err(StorageNotice::Unavailable) => {}
            Err(n) => {
                // Taken off "Recently deleted" again; if that fails too, the page shows what
                // storage holds (listed in both: nothing is lost).
                self.recently =
                    match update_deleted(s, &mut |l| l.retain(|d| d.entry.id != entry.id)) {
                        Ok(list) => list,
                        Err(_) => read_deleted(s),
                    };
                return self.delete_failed(&entry.name, n);
            }
        }
        self.entries.retain(|e| e.id != entry.id);
        match self.entries.first().map(|e| e.id.clone()) {
            Some(id) => self.open_id(s, &id),
            // The design just deleted is not left through `leave`: its unsaved changes must not
            // be saved back (they stay for Undo).
            None => self.create_open(s, "Design 1".into(), Design::default(), false),
        }
        self.effects.push(Effect::DeleteTimer(true));
        self.say(format!(
            "Design “{}” deleted. Undo, or restore it from Recently deleted for {} days",
            entry.name,
            crate::domain::recent::KEEP_DAYS
        ));
        if unsaved.is_some() {
            self.effects.push(Effect::AddStatus(
                "Its last changes could not be saved: Undo brings them back while this tab is open"
                    .into(),
            ));
        }
        self.unsaved = unsaved;
        self.deleted = Some(entry);
    }

    /// Says that deleting `name` failed because storage refused a write (`n`).
    fn delete_failed(&mut self, name: &str, n: StorageNotice) {
        self.notice(n);
        self.say(format!(
            "“{name}” was not deleted: the browser's storage refused the change (see the message at the top)"
        ));
    }

    /// Restores the design deleted last and opens it.
    pub fn undo_delete(&mut self, s: &mut dyn Store, design: &Design) {
        if let Some(entry) = self.deleted.clone() {
            self.restore(s, &entry.id, design);
        }
    }

    /// Restores the deleted design `id` (from "Recently deleted" or Undo) and opens it. It keeps
    /// its name unless another design took it meanwhile.
    pub fn restore(&mut self, s: &mut dyn Store, id: &str, design: &Design) {
        let Some(gone) = self.recently.iter().find(|d| d.entry.id == id).cloned() else {
            return;
        };
        let Ok(note) = self.leave(s, design) else {
            return;
        };
        self.finish_delete();
        self.refresh_entries(s);
        let mut entry = gone.entry;
        entry.name = unique_name(&self.entries, &entry.name);
        // Listed again first, then taken off "Recently deleted": never in neither.
        let listed = update_index(s, &mut self.notices, &mut |i| {
            if i.get(&entry.id).is_none() {
                i.designs.push(entry.clone());
            }
        });
        match listed {
            Ok(_) | Err(StorageNotice::Unavailable) => {}
            Err(n) => {
                self.notice(n);
                self.say(format!(
                    "“{}” could not be restored: the browser's storage refused the change (see the message at the top)",
                    entry.name
                ));
                return;
            }
        }
        let mut still_deleted = false;
        match update_deleted(s, &mut |l| l.retain(|d| d.entry.id != entry.id)) {
            Ok(list) => self.recently = list,
            Err(StorageNotice::Unavailable) => self.recently.retain(|d| d.entry.id != entry.id),
            Err(n) => {
                // Listed in both, as storage holds it: nothing is lost, and the page says so.
                self.notice(n);
                self.recently = read_deleted(s);
                still_deleted = true;
            }
        }
        self.put_entry(entry.clone());
        self.open_id(s, &entry.id);
        // Changes that could not be saved before the deletion come back with it.
        if let Some((_, mut d)) = self.unsaved.take_if(|(u, _)| *u == entry.id) {
            d.name = entry.name.clone();
            self.effects.push(Effect::Load(Box::new(d)));
        }
        self.say(format!("Design “{}” restored", entry.name));
        if still_deleted {
            self.effects.push(Effect::AddStatus(
                "It is still listed in Recently deleted: the browser's storage refused the change (see the message at the top)".into(),
            ));
        }
        if let Some(note) = note {
            self.effects.push(Effect::AddStatus(note));
        }
    }

    /// Hides the "deleted, Undo" message (the design stays in "Recently deleted").
    pub fn finish_delete(&mut self) {
        if self.deleted.take().is_some() {
            self.effects.push(Effect::DeleteTimer(false));
        }
    }

    /// Turns "remember secrets on this device" on or off for the open design and rewrites it
    /// at once (so turning it off removes the stored keys immediately).
    /// A refused write is shown, and the setting shows what storage holds.
    pub fn set_secrets(&mut self, s: &mut dyn Store, on: bool, design: &Design) {
        let id = self.id.clone();
        let listed = update_index(s, &mut self.notices, &mut |i| {
            if let Some(e) = i.designs.iter_mut().find(|e| e.id == id) {
                e.secrets = on;
            }
        });
        let still = "Secrets of this design are still stored in this browser: its storage refused the change (see the message at the top)";
        match listed {
            Ok(_) | Err(StorageNotice::Unavailable) => {}
            Err(n) => {
                self.notice(n);
                return self.say(if on {
                    "Secrets of this design could not be kept in this browser: its storage refused the change (see the message at the top)".into()
                } else {
                    still.into()
                });
            }
        }
        let mut e = self.entry();
        e.secrets = on;
        self.put_entry(e);
        self.effects.push(Effect::CancelSave);
        if !self.save(s, design) && !on && self.stored_with_secrets(s) {
            return self.say(still.into());
        }
        self.say(if on {
            "Secrets of this design are now kept in this browser".into()
        } else {
            "Secrets of this design are no longer stored in this browser".into()
        });
    }

    /// Whether the stored text of the open design holds secrets.
    fn stored_with_secrets(&self, s: &dyn Store) -> bool {
        s.get(&design_key(&self.id))
            .ok()
            .flatten()
            .and_then(|t| decode(&t).ok())
            .is_some_and(|d| d != d.without_secrets())
    }

    /// Storage changed in another tab (`key`: the key changed, `None` when storage was cleared).
    /// `design` is the open design as the editor holds it.
    pub fn storage_changed(&mut self, s: &mut dyn Store, key: Option<&str>, design: &Design) {
        if key.is_none_or(|k| k == DELETED_KEY) {
            self.recently = read_deleted(s);
        }
        let relevant = key.is_none_or(|k| k == INDEX_KEY || k == design_key(&self.id));
        if !relevant {
            return;
        }
        self.refresh_entries(s);
        let id = self.id.clone();
        let stored = stored_stamp(s, &id);
        if stored == self.base || stored.rev < self.base.rev {
            return;
        }
        if stored.rev == self.base.rev {
            // Another tab wrote the same revision: its save and this tab's crossed. Nothing is
            // lost when storage holds what this tab saved.
            let same = match (read_design(s, &id), &self.saved) {
                (Ok(Some(d)), Some(saved)) => d.without_secrets() == saved.without_secrets(),
                _ => false,
            };
            if same {
                self.base = stored;
            } else {
                self.lost();
            }
            return;
        }
        if self.dirty(design) {
            if !self.conflict {
                self.conflict = true;
                self.say("This design was changed in another tab".into());
            }
            return;
        }
        if let Ok(Some(d)) = read_design(s, &id) {
            let kept = self.load_newer(s, &id, d, stored, design);
            self.say(format!("Updated from another tab{}", kept_note(kept)));
        }
    }

    /// Loads another tab's newer version `d` (revision `rev`) of the open design `id`, keeping the
    /// secrets typed in this tab that storage does not hold (see
    /// [`crate::domain::secrets::carry_secrets`]). Returns how many were kept.
    fn load_newer(
        &mut self,
        s: &mut dyn Store,
        id: &str,
        mut d: Design,
        base: Stamp,
        held: &Design,
    ) -> usize {
        let remembered = self.entry().secrets;
        let kept = carry_secrets(held, &mut d, remembered);
        self.load(s, id, d, base);
        kept.count
    }

    /// Conflict resolution: take the version saved by the other tab.
    pub fn load_theirs(&mut self, s: &mut dyn Store, design: &Design) {
        if let Some(kept) = self.take_theirs(s, design) {
            self.say(format!(
                "Loaded the version from the other tab{}",
                kept_note(kept)
            ));
        }
    }

    /// Loads the version saved by the other tab in place of this tab's (secrets typed here are
    /// kept): how many secrets were kept, or `None` when it could not be read.
    fn take_theirs(&mut self, s: &mut dyn Store, design: &Design) -> Option<usize> {
        self.effects.push(Effect::CancelSave);
        self.refresh_entries(s);
        let id = self.id.clone();
        let base = stored_stamp(s, &id);
        match read_design(s, &id) {
            Ok(Some(d)) => Some(self.load_newer(s, &id, d, base, design)),
            Ok(None) => {
                self.keep_mine(s, design);
                None
            }
            Err(n) => {
                self.notice(n);
                None
            }
        }
    }

    /// Conflict resolution: keep both versions. This tab's is saved as a new design (named like
    /// a duplicate); the open design takes the other tab's version.
    pub fn keep_both(&mut self, s: &mut dyn Store, design: &Design) {
        let original = self.entry().name;
        let Some(name) = self.keep_as_copy(s, design) else {
            return;
        };
        if let Some(kept) = self.take_theirs(s, design) {
            self.say(format!(
                "Your version was saved as “{name}”; “{original}” now shows the version from the other tab{}",
                kept_note(kept)
            ));
        }
    }

    /// Conflict resolution: keep this tab's version (it replaces the other tab's).
    pub fn keep_mine(&mut self, s: &mut dyn Store, design: &Design) {
        self.base = stored_stamp(s, &self.id);
        self.conflict = false;
        self.save(s, design);
        self.say("Your version was saved; it replaced the other tab's".into());
    }
}

#[cfg(test)]
mod tests;
