//! The user's named designs in the page: the design switcher, "Recently deleted", the conflict
//! banner and the "deleted, Undo" message, undo/redo of edits, the opt-in to keep secrets on this
//! device, and the design as a file ("Download design (.json)", "Open design file"). What
//! happens to the library (saving, never over a newer revision from another tab; new, duplicate,
//! rename, delete, restore; conflicts) is [`crate::domain::library::Library`]: this module drives
//! it with localStorage ([`super::storage::WebStore`]), the debounced save's timer, `storage`
//! events and signals, and carries out its [`Effect`]s.

use super::deadline::Deadline;
use super::export_panel::download;
use super::history::History;
use super::import_panel::{files_of, ImportDialog};
use super::storage::{self, Deleted, Entry, StorageNotice, WebStore};
use super::Ctx;
use crate::domain::design_file;
use crate::domain::edit::Edit;
use crate::domain::library::{Effect as Do, Library, Store};
use crate::domain::model::Design;
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
    /// The library's state machine (the signals above mirror it).
    machine: StoredValue<Library>,
    last: StoredValue<Design>,
    /// Whether `last` is behind the design: keystrokes that joined the step before, on a design
    /// whose checks are slow, left it for the next pause (see [`Lib::record`]).
    stale: StoredValue<bool>,
    history: StoredValue<History<Design>>,
    /// The debounced save.
    save: Deadline,
    delete_timer: StoredValue<Option<TimeoutHandle>>,
    closed: StoredValue<bool>,
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
    let mut design = Some(design);
    lib.drive(&mut |m, s, d| {
        if let Some(new) = design.take() {
            m.open_as_new(s, new, source, d);
        }
    });
}

/// Sets up the library for the app: saving, the other-tab listener, the keyboard shortcuts.
pub fn install(ctx: Ctx, opened: storage::Opened) -> Lib {
    let loaded = ctx.design.get_untracked();
    let machine = opened.library;
    let lib = Lib {
        ctx,
        entries: RwSignal::new(machine.entries.clone()),
        id: RwSignal::new(machine.id.clone()),
        conflict: RwSignal::new(false),
        deleted: RwSignal::new(None),
        recently: RwSignal::new(machine.recently.clone()),
        can_undo: RwSignal::new(false),
        can_redo: RwSignal::new(false),
        download_secrets: RwSignal::new(false),
        machine: StoredValue::new(machine),
        last: StoredValue::new(loaded),
        stale: StoredValue::new(false),
        history: StoredValue::new(History::default()),
        save: Deadline::default(),
        delete_timer: StoredValue::new(None),
        closed: StoredValue::new(false),
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
        self.machine.with_value(Library::entry)
    }

    /// Hands an event to the library with the browser's storage and the open design, then
    /// mirrors its state in the signals and carries out its effects.
    /// One copy for every event (`dyn`: the page's size).
    #[inline(never)]
    fn drive(self, event: &mut dyn FnMut(&mut Library, &mut dyn Store, &Design)) {
        let mut store = WebStore::new();
        let effects = self.ctx.design.try_with_untracked(|d| {
            self.machine.try_update_value(|m| {
                event(m, &mut store, d);
                m.take_effects()
            })
        });
        if let Some(Some(effects)) = effects {
            self.sync();
            self.carry_out(effects);
        }
    }

    /// Sets each signal that differs from the library's state.
    #[inline(never)]
    fn sync(self) {
        self.machine.with_value(|m| {
            if self.entries.with_untracked(|e| *e != m.entries) {
                self.entries.set(m.entries.clone());
            }
            if self.id.with_untracked(|id| *id != m.id) {
                self.id.set(m.id.clone());
            }
            if self.conflict.get_untracked() != m.conflict {
                self.conflict.set(m.conflict);
            }
            if self.deleted.with_untracked(|d| *d != m.deleted) {
                self.deleted.set(m.deleted.clone());
            }
            if self.recently.with_untracked(|r| *r != m.recently) {
                self.recently.set(m.recently.clone());
            }
        });
    }

    /// Does what the library asked, in order.
    #[inline(never)]
    fn carry_out(self, effects: Vec<Do>) {
        let ctx = self.ctx;
        for effect in effects {
            match effect {
                Do::Load(design) => self.load(*design),
                Do::Rename(name) => {
                    // The design's own name follows (saved; not an undo step).
                    let mut d = self.ctx.design.get_untracked();
                    if d.name != name {
                        d.name = name;
                        self.last.set_value(d.clone());
                        self.stale.set_value(false);
                        self.ctx.design.set(d);
                    }
                }
                Do::Notice(n) => ctx.notice.set(Some(n)),
                Do::SaveFailed(n) => {
                    // "Storage unavailable" already says why nothing is saved: keep it.
                    let current = ctx.notice.try_get_untracked().flatten();
                    if current.as_ref() != Some(&n) && current != Some(StorageNotice::Unavailable) {
                        ctx.notice.set(Some(n));
                    }
                }
                Do::Saved => {
                    if matches!(
                        ctx.notice.try_get_untracked().flatten(),
                        Some(StorageNotice::WriteFailed { .. })
                    ) {
                        ctx.notice.set(None);
                    }
                }
                Do::Status(msg) => ctx.status.set(msg),
                Do::AddStatus(note) => ctx.status.update(|s| {
                    s.push_str(". ");
                    s.push_str(&note);
                }),
                Do::CancelSave => {
                    self.save.cancel();
                }
                Do::DeleteTimer(on) => {
                    if let Some(h) = self.delete_timer.try_get_value().flatten() {
                        h.clear();
                    }
                    let handle = on
                        .then(|| {
                            set_timeout_with_handle(
                                move || {
                                    self.delete_timer.try_set_value(None);
                                    self.finish_delete();
                                },
                                std::time::Duration::from_millis(UNDO_DELETE_MS),
                            )
                            .ok()
                        })
                        .flatten();
                    self.delete_timer.try_set_value(handle);
                }
            }
        }
    }

    /// Puts `design` into the editor; history starts afresh.
    fn load(self, design: Design) {
        self.last.set_value(design.clone());
        self.stale.set_value(false);
        self.history.update_value(History::clear);
        self.sync_flags();
        self.ctx.design.set(design);
        self.ctx.circuit.set(0);
    }

    /// What the last edit changed ([`Ctx::apply`] keeps it), as undo's coalescing key: edits of
    /// one field within a moment are one step.
    fn edit_key(self) -> Option<String> {
        self.ctx
            .last_edit
            .with_value(|e| e.as_ref().and_then(Edit::key))
    }

    fn record(self, d: &Design) {
        // Near the element limits a copy of the design costs a keystroke several milliseconds:
        // a keystroke joining the step before only extends it, and the copy the next step starts
        // from is taken when typing pauses (at the save), or by the next step itself.
        if self.ctx.check.slow() {
            let key = self.edit_key();
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
        let key = self.edit_key();
        let now = js_sys::Date::now();
        // A keystroke joining the step of the one before needs no label.
        let joins = self.history.with_value(|h| h.joins(key.as_deref(), now));
        let label = if joins {
            String::new()
        } else {
            self.ctx
                .last_edit
                .with_value(|e| e.as_ref().map(Edit::label))
                .unwrap_or_else(|| "change".into())
        };
        // Used: a later change made otherwise (another tab's version) is not named after it.
        self.ctx.last_edit.set_value(None);
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
            self.save_due();
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
        self.save_due();
    }

    /// Saves the open design if it differs from the one stored last.
    fn save_due(self) {
        if !self.closed.try_get_value().unwrap_or(true) {
            self.drive(&mut Library::save_due);
        }
    }

    /// Opens the design `id`.
    pub fn switch_to(self, id: &str) {
        if id == self.id.get_untracked() {
            return;
        }
        self.drive(&mut |m, s, d| m.switch_to(s, id, d));
        if self.id.get_untracked() != id {
            // The design stays open: the switcher shows it again.
            self.id.update(|_| {});
        }
    }

    /// Creates and opens an empty design.
    pub fn new_design(self) {
        self.drive(&mut Library::new_design);
    }

    /// Copies the open design into a new one and opens it. When another tab changed the open
    /// design, the copy is this tab's version (it is not copied twice) and the original keeps the
    /// other tab's.
    pub fn duplicate(self) {
        self.drive(&mut Library::duplicate);
    }

    /// Renames the open design (`name` must not be blank).
    pub fn rename(self, name: &str) {
        self.drive(&mut |m, s, _| m.rename(s, name));
    }

    /// Deletes the open design at once. It stays restorable: Undo in the message that follows,
    /// and "Recently deleted" in the switcher (also after a reload; [`crate::domain::recent`]).
    /// A failed write is shown and nothing is deleted.
    pub fn delete(self) {
        self.drive(&mut Library::delete);
    }

    /// Restores the design deleted last and opens it.
    pub fn undo_delete(self) {
        self.drive(&mut Library::undo_delete);
    }

    /// Restores the deleted design `id` (from "Recently deleted" or Undo) and opens it. It keeps
    /// its name unless another design took it meanwhile.
    pub fn restore(self, id: &str) {
        self.drive(&mut |m, s, d| m.restore(s, id, d));
    }

    /// Hides the "deleted, Undo" message (the design stays in "Recently deleted").
    pub fn finish_delete(self) {
        if let Some(Some(_)) = self.deleted.try_get_untracked() {
            self.drive(&mut |m, _, _| m.finish_delete());
        }
    }

    /// Turns "remember secrets on this device" on or off for the open design and rewrites it
    /// at once (so turning it off removes the stored keys immediately).
    pub fn set_secrets(self, on: bool) {
        self.drive(&mut |m, s, d| m.set_secrets(s, on, d));
    }

    fn on_storage(self, ev: &web_sys::StorageEvent) {
        if self.closed.try_get_value().unwrap_or(true) {
            return;
        }
        let key = ev.key();
        self.drive(&mut |m, s, d| m.storage_changed(s, key.as_deref(), d));
    }

    /// Conflict resolution: take the version saved by the other tab.
    pub fn load_theirs(self) {
        self.drive(&mut Library::load_theirs);
    }

    /// Conflict resolution: keep both versions. This tab's is saved as a new design (named like
    /// a duplicate); the open design takes the other tab's version.
    pub fn keep_both(self) {
        self.drive(&mut Library::keep_both);
    }

    /// Conflict resolution: keep this tab's version (it replaces the other tab's).
    pub fn keep_mine(self) {
        self.drive(&mut Library::keep_mine);
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
    // The designs as the switcher lists them: what a save changes (the time) is left out.
    let listed = Memo::new(move |_| {
        lib.entries.with(|es| {
            es.iter()
                .map(|e| (e.id.clone(), e.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="library" aria-label="Designs">
            <div class="library-row">
                <label for="design-select">"Design"</label>
                <select
                    id="design-select"
                    on:change=move |ev| lib.switch_to(&event_target_value(&ev))
                >
                    // A short list, redrawn whole when a design is added, renamed or removed
                    // (not at each save; no keyed list code for it).
                    {move || {
                        listed
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = id.clone();
                                view! {
                                    <option value=id prop:selected=move || lib.id.get() == selected>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
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
