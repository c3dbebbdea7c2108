//! The user's named designs: the list kept in browser storage, switching, new, duplicate,
//! rename (the design's own name follows the list's: one name everywhere), delete with undo and
//! "Recently deleted" (restorable after a reload, [`crate::domain::recent`]); saving (debounced, never over a newer revision from another tab);
//! undo/redo of edits; the opt-in to keep secrets on this device; the design as a file
//! ("Download design (.json)", "Open design file").

use super::deadline::Deadline;
use super::export_panel::download;
use super::history::History;
use super::import_panel::{files_of, ImportDialog};
use super::storage::{self, Deleted, Entry, SaveError, StorageNotice};
use super::Ctx;
use crate::domain::design_file;
use crate::domain::model::Design;
use crate::domain::secrets::carry_secrets;
use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::JsCast;

/// Delay before an edit is written to localStorage (edits in between are coalesced).
pub const SAVE_DEBOUNCE_MS: u64 = super::SAVE_DEBOUNCE_MS;
/// How long the "deleted, Undo" message stays (milliseconds); the design stays restorable from
/// "Recently deleted" after that.
pub const UNDO_DELETE_MS: u64 = 20_000;

thread_local! {
    static CURRENT: Cell<Option<Lib>> = const { Cell::new(None) };
}

/// The library state of the mounted app (handles to reactive values; cheap to copy).
#[derive(Clone, Copy)]
pub struct Lib {
    ctx: Ctx,
    /// The designs listed in the switcher.
    pub entries: RwSignal<Vec<Entry>>,
    /// Id of the open design.
    pub id: RwSignal<String>,
    /// True while another tab's newer version of this design competes with unsaved edits here.
    pub conflict: RwSignal<bool>,
    /// The design just deleted, while its "deleted, Undo" message shows.
    pub deleted: RwSignal<Option<Entry>>,
    /// "Recently deleted": designs that can still be restored, newest first.
    pub recently: RwSignal<Vec<Deleted>>,
    /// Whether Undo has a step.
    pub can_undo: RwSignal<bool>,
    /// Whether Redo has a step.
    pub can_redo: RwSignal<bool>,
    /// Whether "Download design (.json)" writes the design's secrets (the user asked for them).
    pub download_secrets: RwSignal<bool>,
    rev: StoredValue<u64>,
    saved: StoredValue<Design>,
    last: StoredValue<Design>,
    /// Whether `last` is behind the design: keystrokes that joined the step before, on a design
    /// whose checks are slow, left it for the next pause (see [`Lib::record`]).
    stale: StoredValue<bool>,
    history: StoredValue<History<Design>>,
    /// The debounced save.
    save: Deadline,
    delete_timer: StoredValue<Option<TimeoutHandle>>,
    closed: StoredValue<bool>,
    /// What [`Lib::create`] did with the design it left, for the caller's status message.
    note: StoredValue<Option<String>>,
}

/// The library of the mounted app, if any.
pub fn current() -> Option<Lib> {
    CURRENT.with(Cell::get)
}

/// Opens `design` as a new named design (never overwriting the current one silently).
/// `source` says where it came from (for the status message), e.g. "share link".
pub fn open_as_new(ctx: Ctx, design: Design, source: &str) {
    let Some(lib) = current() else {
        ctx.design.set(design);
        ctx.circuit.set(0);
        ctx.status.set(format!("Design opened from the {source}"));
        return;
    };
    let base = match design.name.trim() {
        "" => "Imported design".to_string(),
        n => n.to_string(),
    };
    let name = storage::unique_name(&lib.entries.get_untracked(), &base);
    if lib.create(name.clone(), design) {
        lib.say(format!(
            "Design opened from the {source} as a new design, “{name}”"
        ));
    }
}

/// Sets up the library for the app: saving, the other-tab listener, the keyboard shortcuts.
pub fn install(ctx: Ctx, opened: storage::Opened) -> Lib {
    let loaded = ctx.design.get_untracked();
    let rev = opened.index.get(&opened.id).map_or(0, |e| e.rev);
    let lib = Lib {
        ctx,
        entries: RwSignal::new(opened.index.designs),
        id: RwSignal::new(opened.id),
        conflict: RwSignal::new(false),
        deleted: RwSignal::new(None),
        recently: RwSignal::new(storage::deleted_designs()),
        can_undo: RwSignal::new(false),
        can_redo: RwSignal::new(false),
        download_secrets: RwSignal::new(false),
        rev: StoredValue::new(rev),
        saved: StoredValue::new(loaded.clone()),
        last: StoredValue::new(loaded),
        stale: StoredValue::new(false),
        history: StoredValue::new(History::default()),
        save: Deadline::default(),
        delete_timer: StoredValue::new(None),
        closed: StoredValue::new(false),
        note: StoredValue::new(None),
    };
    // A page holds one app; when another is mounted (browser tests), the previous one, already
    // replaced, must not write over the new one's storage.
    if let Some(prev) = CURRENT.with(|c| c.replace(Some(lib))) {
        prev.closed.try_set_value(true);
    }
    provide_context(lib);

    // Every change is recorded for undo and saved, debounced. A design equal to the one loaded or
    // saved last is not written, so a design that failed to load is never overwritten before the
    // user changes something. A pending save is flushed when the page is hidden or closed and when
    // the app unmounts, so no edit is lost.
    // Whether the design differs from the one saved is asked when the save is due (comparing
    // two designs is work a keystroke need not do); the first run too, which may follow edits
    // made before the effects first ran.
    Effect::new(move |_| {
        ctx.design.with(|d| lib.record(d));
        lib.schedule();
    });
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| lib.flush());
    // Leaving a field ends its step: the next edit starts from the design as it is now.
    let on_leave = window_event_listener(leptos::ev::focusout, move |_| lib.catch_up());
    let on_storage = window_event_listener(leptos::ev::storage, move |ev| lib.on_storage(&ev));
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| lib.on_key(&ev));
    on_cleanup(move || {
        lib.flush();
        lib.finish_delete();
        // An effect or timer still queued must not write for an unmounted app.
        lib.closed.try_set_value(true);
        on_hide.remove();
        on_leave.remove();
        on_storage.remove();
        on_key.remove();
        CURRENT.with(|c| {
            if c.get().is_some_and(|l| l.id == lib.id) {
                c.set(None);
            }
        });
    });
    lib
}

/// The entry of a design about to be created (a fresh id, not yet saved).
fn new_entry(name: String, secrets: bool) -> Entry {
    Entry {
        id: storage::new_id(),
        name,
        updated: js_sys::Date::now(),
        rev: 0,
        secrets,
    }
}

/// What the focused control edits: its id (the coalescing key), if it is a form control.
fn focus_key() -> (Option<web_sys::Element>, Option<String>) {
    let Some(el) = document().active_element() else {
        return (None, None);
    };
    let tag = el.tag_name().to_ascii_lowercase();
    let id = el.id();
    let key =
        (matches!(tag.as_str(), "input" | "select" | "textarea") && !id.is_empty()).then_some(id);
    (Some(el), key)
}

/// A label for messages about a change made with `el` (the focused element): a control's label,
/// a button's text, else "change".
fn focus_label(el: Option<&web_sys::Element>, key: Option<&str>) -> String {
    let Some(el) = el else {
        return "change".into();
    };
    if let Some(id) = key {
        return document()
            .query_selector(&format!("label[for='{id}']"))
            .ok()
            .flatten()
            .and_then(|l| l.text_content())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.to_string());
    }
    if el.tag_name().eq_ignore_ascii_case("button") {
        if let Some(t) = el.text_content().map(|t| t.trim().to_string()) {
            if !t.is_empty() {
                return t;
            }
        }
    }
    "change".into()
}

impl Lib {
    /// Saves the open design as a file ("Download design (.json)"): the whole design in the
    /// format the wizard stores and `erwiz check` reads, with its secrets only when the user
    /// asked for them.
    pub fn download(self) {
        let secrets = self.download_secrets.get_untracked();
        let (name, text) = self
            .ctx
            .design
            .with_untracked(|d| (design_file::file_name(d), design_file::to_text(d, secrets)));
        let status = match download(&name, design_file::MEDIA_TYPE, &text) {
            Ok(()) if secrets => format!("Downloaded the design as “{name}”, with its secrets"),
            Ok(()) => format!("Downloaded the design as “{name}”"),
            Err(e) => format!("The design could not be downloaded ({e})"),
        };
        self.ctx.status.set(status);
    }

    /// The entry of the open design.
    pub fn entry(self) -> Entry {
        let id = self.id.get_untracked();
        self.entries
            .with_untracked(|es| es.iter().find(|e| e.id == id).cloned())
            .unwrap_or(Entry {
                id,
                name: "Design".into(),
                updated: 0.0,
                rev: 0,
                secrets: false,
            })
    }

    fn record(self, d: &Design) {
        // Near the element limits a copy of the design costs a keystroke several milliseconds:
        // a keystroke joining the step before only extends it, and the copy the next step starts
        // from is taken when typing pauses (at the save), or by the next step itself.
        if self.ctx.check.slow() {
            let (_, key) = focus_key();
            let now = js_sys::Date::now();
            let joins = self.history.with_value(|h| h.joins(key.as_deref(), now));
            if joins {
                self.history.update_value(|h| h.extend(now));
                self.stale.set_value(true);
                self.sync_flags();
                return;
            }
        }
        self.stale.set_value(false);
        let Some(changed) = self.last.try_with_value(|l| l != d) else {
            return;
        };
        if !changed {
            return;
        }
        // One copy of the design per change: it becomes `last`, and the state it replaces is
        // the undo step (dropped when the change joins the step of the previous keystroke).
        let Some(before) = self
            .last
            .try_update_value(|l| std::mem::replace(l, d.clone()))
        else {
            return;
        };
        let (el, key) = focus_key();
        let now = js_sys::Date::now();
        // A keystroke joining the step of the one before needs no label (no DOM lookup).
        let joins = self.history.with_value(|h| h.joins(key.as_deref(), now));
        let label = if joins {
            String::new()
        } else {
            focus_label(el.as_ref(), key.as_deref())
        };
        self.history
            .update_value(|h| h.record(before, key.as_deref(), &label, now));
        self.sync_flags();
    }

    fn sync_flags(self) {
        let (u, r) = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        if self.can_undo.get_untracked() != u {
            self.can_undo.set(u);
        }
        if self.can_redo.get_untracked() != r {
            self.can_redo.set(r);
        }
    }

    /// Undoes the last step; false when there was none.
    pub fn undo(self) -> bool {
        self.step(true)
    }

    /// Redoes the last undone step; false when there was none.
    pub fn redo(self) -> bool {
        self.step(false)
    }

    fn step(self, back: bool) -> bool {
        let Some(current) = self.ctx.design.try_get_untracked() else {
            return false;
        };
        let name = current.name.clone();
        let Some(Some((mut state, label))) = self.history.try_update_value(|h| {
            if back {
                h.undo(current)
            } else {
                h.redo(current)
            }
        }) else {
            return false;
        };
        // The name is the list's (renaming is not an edit undone here).
        state.name = name;
        self.last.set_value(state.clone());
        self.stale.set_value(false);
        self.ctx.design.set(state);
        self.sync_flags();
        let verb = if back { "Undone" } else { "Redone" };
        self.ctx.status.set(format!("{verb}: {label}"));
        true
    }

    fn on_key(self, ev: &web_sys::KeyboardEvent) {
        if self.closed.try_get_value().unwrap_or(true) {
            return;
        }
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let in_name = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.id() == "design-name");
        if in_name {
            return;
        }
        let done = match ev.key().to_ascii_lowercase().as_str() {
            "z" if ev.shift_key() => self.redo(),
            "z" => self.undo(),
            "y" => self.redo(),
            _ => return,
        };
        if done {
            ev.prevent_default();
        }
    }

    /// Saves [`SAVE_DEBOUNCE_MS`] after the last edit. A keystroke while a save is pending only
    /// moves its due time: the timer, when it fires early, waits for the rest.
    fn schedule(self) {
        self.save.push(SAVE_DEBOUNCE_MS, move || {
            self.catch_up();
            if self.dirty() {
                self.save_now();
            }
        });
    }

    /// Brings the copy the next undo step starts from up to the design (see [`Lib::record`]).
    fn catch_up(self) {
        if self.stale.try_get_value() == Some(true) {
            if let Some(d) = self.ctx.design.try_get_untracked() {
                self.last.set_value(d);
                self.stale.set_value(false);
            }
        }
    }

    /// Writes unsaved edits now (also those whose save is not even scheduled yet).
    pub fn flush(self) {
        self.save.cancel();
        if self.dirty() {
            self.save_now();
        }
    }

    fn dirty(self) -> bool {
        self.ctx
            .design
            .try_with_untracked(|d| self.saved.try_with_value(|s| s != d))
            .flatten()
            .unwrap_or(false)
    }

    /// Saves the open design now, unless another tab saved a newer revision.
    pub fn save_now(self) {
        if self.closed.try_get_value().unwrap_or(true) {
            return;
        }
        let ctx = self.ctx;
        let Some(design) = ctx.design.try_get_untracked() else {
            return;
        };
        let Some(rev) = self.rev.try_get_value() else {
            return;
        };
        match storage::save(&self.entry(), &design, rev) {
            Ok(saved) => {
                self.rev.set_value(saved.rev);
                self.saved.set_value(design);
                self.put_entry(saved);
                if matches!(
                    ctx.notice.try_get_untracked().flatten(),
                    Some(StorageNotice::WriteFailed { .. })
                ) {
                    ctx.notice.set(None);
                }
            }
            Err(SaveError::Conflict { .. }) => {
                if !self.conflict.get_untracked() {
                    self.conflict.set(true);
                }
            }
            Err(SaveError::Failed(n)) => {
                // "Storage unavailable" already says why nothing is saved: keep it.
                let current = ctx.notice.try_get_untracked().flatten();
                if current.as_ref() != Some(&n) && current != Some(StorageNotice::Unavailable) {
                    ctx.notice.set(Some(n));
                }
            }
        }
    }

    fn put_entry(self, entry: Entry) {
        self.entries
            .update(|es| match es.iter_mut().find(|e| e.id == entry.id) {
                Some(e) => *e = entry,
                None => es.push(entry),
            });
    }

    /// Takes the stored list when it can be read (it may hold other tabs' changes).
    fn refresh_entries(self) {
        let id = self.id.get_untracked();
        if let Some(index) = storage::stored_index() {
            if index.get(&id).is_some() && self.entries.with_untracked(|e| *e != index.designs) {
                self.entries.set(index.designs);
            }
        }
    }

    /// Puts `design` (revision `rev` of `id`) into the editor; history starts afresh.
    fn load(self, id: &str, mut design: Design, rev: u64) {
        // One name everywhere: the design says the name the list shows (exports, share links,
        // downloads). Storage gets it with the next save.
        if let Some(name) = self
            .entries
            .with_untracked(|es| es.iter().find(|e| e.id == id).map(|e| e.name.clone()))
        {
            design.name = name;
        }
        self.id.set(id.to_string());
        self.rev.set_value(rev);
        self.saved.set_value(design.clone());
        self.last.set_value(design.clone());
        self.stale.set_value(false);
        self.history.update_value(History::clear);
        self.sync_flags();
        if self.conflict.get_untracked() {
            self.conflict.set(false);
        }
        self.ctx.design.set(design);
        self.ctx.circuit.set(0);
        storage::set_current(id);
    }

    /// Refuses to delete a design whose edits can't be saved (conflict with another tab): the
    /// banner asks which version to keep first.
    fn blocked(self) -> bool {
        self.flush();
        if self.conflict.get_untracked() {
            self.ctx.status.set(
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
    #[inline(never)]
    fn leave(self) -> Result<Option<String>, ()> {
        self.flush();
        if !self.conflict.get_untracked() {
            // The save failed for another reason (storage full or unavailable): leaving would
            // drop the edits, which live only in this tab now.
            if self.dirty() {
                let name = self.entry().name;
                self.ctx.status.set(format!(
                    "“{name}” stays open: its changes could not be saved (see the message at the top), and leaving it would lose them. Free some storage space, or keep it as a file with “Download design (.json)”, then try again."
                ));
                return Err(());
            }
            return Ok(None);
        }
        let original = self.entry().name;
        match self.keep_as_copy() {
            Some(name) => Ok(Some(format!(
                "Your version of “{original}” was kept as “{name}”, as another tab changed “{original}”"
            ))),
            None => Err(()),
        }
    }

    /// Saves this tab's version of the open design as a new design (named like a duplicate)
    /// without opening it; its name, or `None` (and a status saying so) when it could not be
    /// written.
    fn keep_as_copy(self) -> Option<String> {
        self.refresh_entries();
        let original = self.entry();
        let design = self.ctx.design.try_get_untracked()?;
        let base = format!("{} (copy)", original.name);
        let name = storage::unique_name(&self.entries.get_untracked(), &base);
        let entry = new_entry(name.clone(), original.secrets);
        let saved = storage::update_index(|i| i.designs.push(entry.clone()))
            .map_err(SaveError::Failed)
            .and_then(|_| storage::save(&entry, &design, 0));
        match saved {
            Ok(saved) => {
                self.put_entry(saved);
                Some(name)
            }
            Err(e) => {
                let _ = storage::update_index(|i| i.designs.retain(|e| e.id != entry.id));
                if let SaveError::Failed(n) = e {
                    self.ctx.notice.set(Some(n));
                }
                self.ctx.status.set(
                    "Your version could not be saved as a new design: choose which version to keep in the banner".into(),
                );
                None
            }
        }
    }

    /// Appends `note` (from [`Lib::leave`]) to the status message.
    fn add_note(self, note: Option<String>) {
        if let Some(note) = note {
            self.ctx.status.update(|s| {
                s.push_str(". ");
                s.push_str(&note);
            });
        }
    }

    /// Announces `msg` after [`Lib::create`], with what happened to the design left, if anything.
    fn say(self, msg: String) {
        self.ctx.status.set(msg);
        self.add_note(self.note.try_update_value(Option::take).flatten());
    }

    /// Opens the design `id`.
    pub fn switch_to(self, id: &str) {
        if id == self.id.get_untracked() {
            return;
        }
        self.finish_delete();
        let Ok(note) = self.leave() else {
            self.id.update(|_| {});
            return;
        };
        self.open_id(id);
        self.add_note(note);
    }

    #[inline(never)]
    fn open_id(self, id: &str) {
        let rev = storage::stored_rev(id);
        let design = match storage::read_design(id) {
            Ok(d) => d.unwrap_or_default(),
            Err(reason) => {
                self.ctx
                    .notice
                    .set(Some(StorageNotice::Recovered { reason }));
                Design::default()
            }
        };
        self.load(id, design, rev);
        let name = self.entry().name;
        self.ctx.status.set(format!("Opened design “{name}”"));
    }

    /// Creates a design named `name` holding `design`, saves it and opens it. False when the
    /// current design could not be left. When another tab changed the current design, this tab's
    /// version of it is first kept as a new design (see [`Lib::leave`]); the status says so.
    pub fn create(self, name: String, design: Design) -> bool {
        self.finish_delete();
        let Ok(note) = self.leave() else {
            return false;
        };
        self.create_open(name, design, false);
        self.note.set_value(note);
        true
    }

    /// [`Lib::create`] once the current design can be left.
    /// `secrets`: whether the new design remembers its secrets on this device.
    fn create_open(self, name: String, mut design: Design, secrets: bool) {
        // Stored under the name it is listed with (one name everywhere).
        design.name = name.clone();
        let entry = new_entry(name, secrets);
        let _ = storage::update_index(|i| i.designs.push(entry.clone()));
        let stored = storage::save(&entry, &design, 0).unwrap_or_else(|_| entry.clone());
        self.put_entry(stored.clone());
        self.load(&entry.id, design, stored.rev);
    }

    /// Creates and opens an empty design.
    pub fn new_design(self) {
        let n = self.entries.with_untracked(Vec::len) + 1;
        let name = storage::unique_name(&self.entries.get_untracked(), &format!("Design {n}"));
        if self.create(name.clone(), Design::default()) {
            self.say(format!("New design “{name}” opened"));
        }
    }

    /// Copies the open design into a new one and opens it. When another tab changed the open
    /// design, the copy is this tab's version (it is not copied twice) and the original keeps the
    /// other tab's.
    pub fn duplicate(self) {
        self.finish_delete();
        self.flush();
        let conflict = self.conflict.get_untracked();
        let Entry {
            name: original,
            secrets,
            ..
        } = self.entry();
        let base = format!("{original} (copy)");
        let name = storage::unique_name(&self.entries.get_untracked(), &base);
        let design = self.ctx.design.get_untracked();
        // The copy keeps the original's choice to remember secrets on this device.
        self.create_open(name.clone(), design, secrets);
        self.ctx.status.set(if conflict {
            format!(
                "Duplicated as “{name}” with your version; “{original}” keeps the version of the other tab"
            )
        } else {
            format!("Duplicated as “{name}”")
        });
    }

    /// Renames the open design (`name` must not be blank).
    pub fn rename(self, name: &str) {
        self.finish_delete();
        let name = name.trim().to_string();
        if name.is_empty() {
            return;
        }
        let id = self.id.get_untracked();
        let _ = storage::update_index(|i| {
            if let Some(e) = i.designs.iter_mut().find(|e| e.id == id) {
                e.name = name.clone();
            }
        });
        let mut e = self.entry();
        e.name = name.clone();
        self.put_entry(e);
        // The design's own name follows (saved; not an undo step).
        let mut d = self.ctx.design.get_untracked();
        if d.name != name {
            d.name = name.clone();
            self.last.set_value(d.clone());
            self.stale.set_value(false);
            self.ctx.design.set(d);
        }
        self.ctx.status.set(format!("Design renamed to “{name}”"));
    }

    /// Deletes the open design at once. It stays restorable: Undo in the message that follows,
    /// and "Recently deleted" in the switcher (also after a reload; [`crate::domain::recent`]).
    /// A failed write is shown and nothing is deleted.
    pub fn delete(self) {
        self.finish_delete();
        if self.blocked() {
            return;
        }
        let entry = self.entry();
        let gone = Deleted {
            entry: entry.clone(),
            at: js_sys::Date::now(),
        };
        // Listed as deleted first, so a design never leaves the list without being restorable.
        let recorded = storage::update_deleted(|l| {
            l.retain(|d| d.entry.id != entry.id);
            l.insert(0, gone.clone());
        });
        match recorded {
            Ok(list) => self.recently.set(list),
            // No storage at all: the design lives in this tab only; so does its restoring.
            Err(StorageNotice::Unavailable) => self.recently.update(|l| l.insert(0, gone)),
            Err(n) => return self.delete_failed(&entry.name, n),
        }
        match storage::update_index(|i| i.designs.retain(|e| e.id != entry.id)) {
            Ok(_) | Err(StorageNotice::Unavailable) => {}
            Err(n) => {
                if let Ok(list) = storage::update_deleted(|l| l.retain(|d| d.entry.id != entry.id))
                {
                    self.recently.set(list);
                }
                return self.delete_failed(&entry.name, n);
            }
        }
        self.entries.update(|es| es.retain(|e| e.id != entry.id));
        let next = self
            .entries
            .with_untracked(|es| es.first().map(|e| e.id.clone()));
        match next {
            Some(id) => self.open_id(&id),
            None => {
                let name = "Design 1".to_string();
                self.create(name, Design::default());
            }
        }
        let handle = set_timeout_with_handle(
            move || {
                self.delete_timer.try_set_value(None);
                self.finish_delete();
            },
            std::time::Duration::from_millis(UNDO_DELETE_MS),
        )
        .ok();
        self.delete_timer.set_value(handle);
        self.ctx.status.set(format!(
            "Design “{}” deleted. Undo, or restore it from Recently deleted for {} days",
            entry.name,
            crate::domain::recent::KEEP_DAYS
        ));
        self.deleted.set(Some(entry));
    }

    /// Says that deleting `name` failed because storage refused a write (`n`).
    fn delete_failed(self, name: &str, n: StorageNotice) {
        self.ctx.notice.set(Some(n));
        self.ctx.status.set(format!(
            "“{name}” was not deleted: the browser's storage refused the change (see the message at the top)"
        ));
    }

    /// Restores the design deleted last and opens it.
    pub fn undo_delete(self) {
        let Some(entry) = self.deleted.get_untracked() else {
            return;
        };
        self.restore(&entry.id);
    }

    /// Restores the deleted design `id` (from "Recently deleted" or Undo) and opens it. It keeps
    /// its name unless another design took it meanwhile.
    pub fn restore(self, id: &str) {
        let Some(gone) = self
            .recently
            .with_untracked(|l| l.iter().find(|d| d.entry.id == id).cloned())
        else {
            return;
        };
        let Ok(note) = self.leave() else {
            return;
        };
        self.finish_delete();
        self.refresh_entries();
        let mut entry = gone.entry;
        entry.name = storage::unique_name(&self.entries.get_untracked(), &entry.name);
        // Listed again first, then taken off "Recently deleted": never in neither.
        let listed = storage::update_index(|i| {
            if i.get(&entry.id).is_none() {
                i.designs.push(entry.clone());
            }
        });
        match listed {
            Ok(_) | Err(StorageNotice::Unavailable) => {}
            Err(n) => {
                self.ctx.notice.set(Some(n));
                self.ctx.status.set(format!(
                    "“{}” could not be restored: the browser's storage refused the change (see the message at the top)",
                    entry.name
                ));
                return;
            }
        }
        match storage::update_deleted(|l| l.retain(|d| d.entry.id != entry.id)) {
            Ok(list) => self.recently.set(list),
            Err(_) => self
                .recently
                .update(|l| l.retain(|d| d.entry.id != entry.id)),
        }
        self.put_entry(entry.clone());
        self.open_id(&entry.id);
        self.ctx
            .status
            .set(format!("Design “{}” restored", entry.name));
        self.add_note(note);
    }

    /// Hides the "deleted, Undo" message (the design stays in "Recently deleted").
    pub fn finish_delete(self) {
        let Some(Some(_)) = self.deleted.try_get_untracked() else {
            return;
        };
        if let Some(h) = self.delete_timer.try_get_value().flatten() {
            h.clear();
        }
        self.delete_timer.try_set_value(None);
        self.deleted.set(None);
    }

    /// Turns "remember secrets on this device" on or off for the open design and rewrites it
    /// at once (so turning it off removes the stored keys immediately).
    pub fn set_secrets(self, on: bool) {
        let id = self.id.get_untracked();
        let _ = storage::update_index(|i| {
            if let Some(e) = i.designs.iter_mut().find(|e| e.id == id) {
                e.secrets = on;
            }
        });
        let mut e = self.entry();
        e.secrets = on;
        self.put_entry(e);
        self.save.cancel();
        self.save_now();
        self.ctx.status.set(if on {
            "Secrets of this design are now kept in this browser".into()
        } else {
            "Secrets of this design are no longer stored in this browser".into()
        });
    }

    fn on_storage(self, ev: &web_sys::StorageEvent) {
        if self.closed.try_get_value().unwrap_or(true) {
            return;
        }
        let id = self.id.get_untracked();
        if ev.key().is_none_or(|k| k == storage::DELETED_KEY) {
            let list = storage::deleted_designs();
            if self.recently.with_untracked(|l| *l != list) {
                self.recently.set(list);
            }
        }
        let relevant = ev
            .key()
            .is_none_or(|k| k == storage::INDEX_KEY || k == storage::design_key(&id));
        if !relevant {
            return;
        }
        self.refresh_entries();
        let stored = storage::stored_rev(&id);
        if stored <= self.rev.get_value() {
            return;
        }
        if self.dirty() {
            if !self.conflict.get_untracked() {
                self.conflict.set(true);
                self.ctx
                    .status
                    .set("This design was changed in another tab".into());
            }
            return;
        }
        if let Ok(Some(d)) = storage::read_design(&id) {
            let kept = self.load_newer(&id, d, stored);
            self.ctx
                .status
                .set(format!("Updated from another tab{}", kept_note(kept)));
        }
    }

    /// Loads another tab's newer version `d` (revision `rev`) of the open design `id`, keeping the
    /// secrets typed in this tab that storage does not hold (see
    /// [`crate::domain::secrets::carry_secrets`]). Returns how many were kept.
    fn load_newer(self, id: &str, mut d: Design, rev: u64) -> usize {
        let remembered = self.entry().secrets;
        let kept = self
            .ctx
            .design
            .with_untracked(|held| carry_secrets(held, &mut d, remembered));
        self.load(id, d, rev);
        kept.count
    }

    /// Conflict resolution: take the version saved by the other tab.
    pub fn load_theirs(self) {
        if let Some(kept) = self.take_theirs() {
            self.ctx.status.set(format!(
                "Loaded the version from the other tab{}",
                kept_note(kept)
            ));
        }
    }

    /// Loads the version saved by the other tab in place of this tab's (secrets typed here are
    /// kept): how many secrets were kept, or `None` when it could not be read.
    fn take_theirs(self) -> Option<usize> {
        self.save.cancel();
        self.refresh_entries();
        let id = self.id.get_untracked();
        let rev = storage::stored_rev(&id);
        match storage::read_design(&id) {
            Ok(Some(d)) => Some(self.load_newer(&id, d, rev)),
            Ok(None) => {
                self.keep_mine();
                None
            }
            Err(reason) => {
                self.ctx
                    .notice
                    .set(Some(StorageNotice::Recovered { reason }));
                None
            }
        }
    }

    /// Conflict resolution: keep both versions. This tab's is saved as a new design (named like
    /// a duplicate); the open design takes the other tab's version.
    pub fn keep_both(self) {
        let original = self.entry().name;
        let Some(name) = self.keep_as_copy() else {
            return;
        };
        if let Some(kept) = self.take_theirs() {
            self.ctx.status.set(format!(
                "Your version was saved as “{name}”; “{original}” now shows the version from the other tab{}",
                kept_note(kept)
            ));
        }
    }

    /// Conflict resolution: keep this tab's version (it replaces the other tab's).
    pub fn keep_mine(self) {
        let id = self.id.get_untracked();
        self.rev.set_value(storage::stored_rev(&id));
        self.conflict.set(false);
        self.save_now();
        self.ctx
            .status
            .set("Your version was saved; it replaced the other tab's".into());
    }
}

/// The end of a status message about a reload that kept `n` secrets typed in this tab.
fn kept_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; the secret typed in this tab was kept".into(),
        n => format!("; the {n} secrets typed in this tab were kept"),
    }
}

/// One history button: id, keyboard shortcuts, title, label, whether it is enabled, its action.
type HistoryButton = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    fn(&Lib) -> RwSignal<bool>,
    fn(Lib) -> bool,
);

const UNDO: HistoryButton = (
    "undo",
    "Control+Z",
    "Undo (Ctrl+Z)",
    "Undo",
    |l| l.can_undo,
    Lib::undo,
);

const REDO: HistoryButton = (
    "redo",
    "Control+Shift+Z Control+Y",
    "Redo (Ctrl+Shift+Z)",
    "Redo",
    |l| l.can_redo,
    Lib::redo,
);

/// The Undo or Redo button.
fn history_button(lib: Lib, (id, keys, title, text, enabled, act): HistoryButton) -> impl IntoView {
    let enabled = enabled(&lib);
    view! {
        <button
            type="button"
            id=id
            aria-keyshortcuts=keys
            title=title
            disabled=move || !enabled.get()
            on:click=move |_| {
                act(lib);
            }
        >
            {text}
        </button>
    }
}

/// The design switcher, its actions and Undo/Redo.
#[component]
pub fn Switcher() -> impl IntoView {
    let lib = expect_context::<Lib>();
    let renaming = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let invalid = Memo::new(move |_| draft.with(|d| d.trim().is_empty()));
    let tried = RwSignal::new(false);
    let focus = |id: &'static str| {
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(id) {
                if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        })
    };
    let start_rename = move |_| {
        draft.set(lib.entry().name);
        tried.set(false);
        renaming.set(true);
        focus("design-name");
    };
    let cancel = move || {
        renaming.set(false);
        focus("rename-design");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if invalid.get_untracked() {
            return;
        }
        lib.rename(&draft.get_untracked());
        cancel();
    };
    let use_dialog = use_context::<ImportDialog>();
    view! {
        <section class="library" aria-label="Designs">
            <div class="library-row">
                <label for="design-select">"Design"</label>
                <select
                    id="design-select"
                    on:change=move |ev| lib.switch_to(&event_target_value(&ev))
                >
                    <For
                        each=move || lib.entries.get()
                        key=|e| (e.id.clone(), e.name.clone())
                        children=move |e| {
                            let id = e.id.clone();
                            view! {
                                <option value=e.id.clone() prop:selected=move || lib.id.get() == id>
                                    {e.name}
                                </option>
                            }
                        }
                    />
                </select>
                <button type="button" data-action="new" on:click=move |_| lib.new_design()>
                    "New"
                </button>
                <button type="button" data-action="duplicate" on:click=move |_| lib.duplicate()>
                    "Duplicate"
                </button>
                <button
                    type="button"
                    id="rename-design"
                    data-action="rename"
                    aria-expanded=move || renaming.get().to_string()
                    on:click=start_rename
                >
                    "Rename"
                </button>
                <button type="button" data-action="delete" on:click=move |_| lib.delete()>
                    "Delete"
                </button>
                <span class="history-buttons">
                    {history_button(lib, UNDO)}
                    {history_button(lib, REDO)}
                </span>
            </div>
            <div class="library-row design-file">
                <button type="button" data-action="download-design" on:click=move |_| lib.download()>
                    "Download design (.json)"
                </button>
                <span class="download-secrets">
                    <input
                        type="checkbox"
                        id="download-secrets"
                        prop:checked=move || lib.download_secrets.get()
                        on:change=move |ev| lib.download_secrets.set(event_target_checked(&ev))
                    />
                    <label for="download-secrets">"with MD5 and authorization keys"</label>
                </span>
                <button
                    type="button"
                    data-action="open-design-file"
                    aria-haspopup="dialog"
                    on:click=move |_| {
                        if let Some(input) = document().get_element_by_id("open-design-file") {
                            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                                input.click();
                            }
                        }
                    }
                >
                    "Open design file…"
                </button>
                <input
                    id="open-design-file"
                    type="file"
                    hidden
                    accept=".json,application/json"
                    aria-label="Open design file"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        let files = files_of(input.files());
                        // Choosing the same file again must fire `change` again.
                        input.set_value("");
                        if !files.is_empty() {
                            if let Some(d) = use_dialog {
                                d.read(files);
                            }
                        }
                    }
                />
            </div>
            <RecentlyDeleted lib />
            <Show when=move || renaming.get()>
                <form class="rename" on:submit=submit>
                    <label for="design-name">"New name"</label>
                    <input
                        id="design-name"
                        type="text"
                        autocomplete="off"
                        prop:value=move || draft.get()
                        aria-invalid=move || (tried.get() && invalid.get()).to_string()
                        aria-describedby="design-name-msg"
                        on:input=move |ev| draft.set(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                cancel();
                            }
                        }
                    />
                    <button type="submit">"Save name"</button>
                    <button type="button" on:click=move |_| cancel()>
                        "Cancel"
                    </button>
                    <p id="design-name-msg" class="rename-msg">
                        {move || {
                            (tried.get() && invalid.get()).then_some("Enter a name for the design.")
                        }}
                    </p>
                </form>
            </Show>
        </section>
    }
}

/// The opt-in to remember the open design's secrets on this device (in the header's Settings).
#[component]
pub fn RememberSecrets() -> impl IntoView {
    let lib = expect_context::<Lib>();
    let secrets = Memo::new(move |_| {
        let id = lib.id.get();
        lib.entries
            .with(|es| es.iter().any(|e| e.id == id && e.secrets))
    });
    view! {
        <div class="remember">
            <input
                type="checkbox"
                id="remember-secrets"
                autofocus
                aria-describedby="remember-secrets-help"
                prop:checked=move || secrets.get()
                on:change=move |ev| lib.set_secrets(event_target_checked(&ev))
            />
            <label for="remember-secrets">"Remember secrets on this device"</label>
            <p id="remember-secrets-help" class="help">
                "Off: MD5 shared keys and authorization keys stay in this tab only. On: they are stored unencrypted in this browser, where anyone using this device profile or any script on this site can read them."
            </p>
        </div>
    }
}

/// When a design was deleted, as shown in "Recently deleted" (local time).
fn deleted_when(at: f64) -> String {
    let d = js_sys::Date::new(&at.into());
    format!(
        "deleted {}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// "Recently deleted": the designs deleted in the last days, each with Restore (shown while
/// there is one).
#[component]
fn RecentlyDeleted(lib: Lib) -> impl IntoView {
    view! {
        <Show when=move || lib.recently.with(|l| !l.is_empty())>
            <details class="recently-deleted" data-testid="recently-deleted">
                <summary>
                    {move || format!("Recently deleted ({})", lib.recently.with(Vec::len))}
                </summary>
                <ul>
                    // A short list, redrawn whole when it changes (no keyed list code for it).
                    {move || {
                        lib.recently
                            .get()
                            .into_iter()
                            .map(|d| {
                                let id = d.entry.id.clone();
                                let name = d.entry.name.clone();
                                view! {
                                    <li>
                                        <span class="name">{name.clone()}</span>
                                        " "
                                        <span class="when">{deleted_when(d.at)}</span>
                                        " "
                                        <button
                                            type="button"
                                            data-action="restore"
                                            aria-label=format!("Restore “{name}”")
                                            on:click=move |_| lib.restore(&id)
                                        >
                                            "Restore"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <p class="help">
                    {format!(
                        "Deleted designs are kept here for {} days (the last {}), then removed from this browser.",
                        crate::domain::recent::KEEP_DAYS,
                        crate::domain::recent::KEEP_COUNT,
                    )}
                </p>
            </details>
        </Show>
    }
}

/// Moves focus to the design switcher once the banner holding the focused button is gone (else
/// the focus would fall back to the page start).
fn refocus() {
    request_animation_frame(|| {
        if let Some(el) = document().get_element_by_id("design-select") {
            if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
}

/// The conflict banner (another tab changed this design) and the "deleted, undo" toast.
#[component]
pub fn Notices() -> impl IntoView {
    let lib = expect_context::<Lib>();
    let choose = move |act: fn(Lib)| {
        act(lib);
        if !lib.conflict.get_untracked() {
            refocus();
        }
    };
    view! {
        <Show when=move || lib.conflict.get()>
            <div class="banner" role="alert" data-testid="conflict-banner">
                <p>
                    "This design was changed in another tab. Your edits here are not saved yet: choose which version to keep. Leaving this design keeps yours as a new design."
                </p>
                <button type="button" data-action="load-theirs" on:click=move |_| choose(Lib::load_theirs)>
                    "Load their version"
                </button>
                <button type="button" data-action="keep-mine" on:click=move |_| choose(Lib::keep_mine)>
                    "Keep mine (overwrites theirs)"
                </button>
                <button type="button" data-action="keep-both" on:click=move |_| choose(Lib::keep_both)>
                    "Keep both (mine as a new design)"
                </button>
            </div>
        </Show>
        {move || {
            lib.deleted
                .get()
                .map(|e| {
                    view! {
                        <div class="toast" data-testid="delete-toast">
                            <p>{format!("Design “{}” deleted. It stays in Recently deleted.", e.name)}</p>
                            <button
                                type="button"
                                data-action="undo-delete"
                                on:click=move |_| lib.undo_delete()
                            >
                                "Undo"
                            </button>
                            <button type="button" on:click=move |_| lib.finish_delete()>
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
        }}
    }
}
