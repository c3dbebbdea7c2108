//! localStorage persistence: a library of named designs under versioned keys, a revision counter
//! per design so two tabs never silently overwrite each other, recovery of unreadable data, and a
//! clear status when storage is unavailable or full. Nothing here ever drops the user's work
//! silently.
//!
//! Layout (scheme version 1):
//! - [`INDEX_KEY`] holds the list of designs: `{"version":1,"designs":[{id,name,updated,rev,secrets}]}`.
//! - Each design is stored as a plain design document (the same JSON the `erwiz` checker reads)
//!   under [`design_key`]`(id)`. The first design keeps the key of the single-design version,
//!   [`DESIGN_KEY`], so data written before the library existed is migrated by listing it.
//! - [`CURRENT_KEY`] remembers the design opened last.
//! - [`DELETED_KEY`] lists the designs deleted recently (their data stays under their key until
//!   they fall out of the list: [`crate::domain::recent`]).
//! - [`PLACES_KEY`] holds, per design, the step and circuit open last and what the user went
//!   through ([`crate::domain::progress::PlaceStore`]: tolerant of corrupt text, bounded).

use crate::domain::io::parse_design;
use crate::domain::model::Design;
use crate::domain::progress::{Place, PlaceStore};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Key of the first design (the key of the single-design version, kept for compatibility).
pub const DESIGN_KEY: &str = "erwiz.design.v1";
/// Key where unreadable stored text is kept, untouched, for the user to download.
pub const BACKUP_KEY: &str = "erwiz.design.backup";
/// Key of the design list.
pub const INDEX_KEY: &str = "erwiz.designs.v1";
/// Key of the id of the design opened last.
pub const CURRENT_KEY: &str = "erwiz.designs.current";
/// Key of the list of recently deleted designs.
pub const DELETED_KEY: &str = "erwiz.designs.deleted";
/// Key of each design's place: the open step and circuit, steps visited, fields touched.
pub const PLACES_KEY: &str = "erwiz.places.v1";
/// Id of the design stored under [`DESIGN_KEY`].
pub const FIRST_ID: &str = "main";
/// Version of the library scheme written in [`INDEX_KEY`].
pub const INDEX_VERSION: u32 = 1;

/// What happened when storage was read or written, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageNotice {
    /// The stored design could not be read; its raw text was kept under [`BACKUP_KEY`].
    Recovered {
        /// Why it could not be read.
        reason: String,
    },
    /// localStorage cannot be used (private mode, disabled, sandboxed): work stays in this tab.
    Unavailable,
    /// A write failed (usually the quota); the design is still in memory.
    WriteFailed {
        /// The browser's reason.
        reason: String,
    },
}

/// One design of the library, as listed in [`INDEX_KEY`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id (part of the storage key).
    pub id: String,
    /// Name shown in the switcher.
    pub name: String,
    /// Time of the last save, in milliseconds since the epoch.
    #[serde(default)]
    pub updated: f64,
    /// Revision counter, incremented by every save (from any tab).
    #[serde(default)]
    pub rev: u64,
    /// Whether MD5 shared keys and authorization keys are stored on this device.
    #[serde(default)]
    pub secrets: bool,
}

/// The design list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// Scheme version ([`INDEX_VERSION`]).
    pub version: u32,
    /// The designs, in creation order.
    pub designs: Vec<Entry>,
}

impl Index {
    /// The entry of `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.designs.iter().find(|e| e.id == id)
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// Another tab saved a newer revision: nothing was written.
    Conflict {
        /// The revision found in storage.
        rev: u64,
    },
    /// Storage refused the write.
    Failed(StorageNotice),
}

/// The browser's localStorage, if it can be used.
pub fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Storage key of the design `id`.
pub fn design_key(id: &str) -> String {
    if id == FIRST_ID {
        DESIGN_KEY.to_string()
    } else {
        format!("{DESIGN_KEY}.{id}")
    }
}

/// Reads a stored design (same checks as the `erwiz` checker); `Err(reason)` when it can't be read.
pub fn decode(text: &str) -> Result<Design, String> {
    let mut d = parse_design(text).map_err(|e| e.to_string())?;
    if d.circuits.is_empty() {
        d.circuits.push(Default::default());
    }
    // Earlier versions stored the locations page's provider names; write the ones ARM takes.
    crate::domain::catalog::migrate_provider_names(&mut d);
    Ok(d)
}

/// Parses the design list; `None` when it is missing, unreadable or of another scheme version.
pub fn parse_index(text: &str) -> Option<Index> {
    let index: Index = serde_json::from_str(text).ok()?;
    (index.version == INDEX_VERSION).then_some(index)
}

/// A new unique design id.
pub fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 1_679_616.0) as u64;
    format!("{now:x}{salt:x}")
}

/// A name that no entry uses yet: `base`, then `base 2`, `base 3`…
pub fn unique_name(entries: &[Entry], base: &str) -> String {
    let taken = |n: &str| entries.iter().any(|e| e.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

/// The stored design list, rebuilt (and written back) when it is missing or unreadable: every
/// stored design key is listed, so designs written by the single-design version are migrated.
/// `None` when storage cannot be read at all.
pub fn load_index(store: &web_sys::Storage) -> Option<Index> {
    load_index_decoding(store).map(|(index, _)| index)
}

/// A design read while the list was rebuilt: its id and what [`decode`] made of it.
type Decoded = (String, Result<Design, String>);

/// [`load_index`], also handing back the designs it had to read to rebuild the list, so that
/// opening one of them doesn't parse it a second time.
fn load_index_decoding(store: &web_sys::Storage) -> Option<(Index, Vec<Decoded>)> {
    let text = store.get_item(INDEX_KEY).ok()?;
    if let Some(index) = text.as_deref().and_then(parse_index) {
        return Some((index, Vec::new()));
    }
    let mut decoded = Vec::new();
    let mut designs = Vec::new();
    let len = store.length().unwrap_or(0);
    let mut keys: Vec<String> = (0..len)
        .filter_map(|i| store.key(i).ok().flatten())
        .collect();
    crate::domain::sorted::sort(&mut keys);
    // Designs deleted recently stay deleted when the list is rebuilt.
    let deleted = read_deleted(store);
    for key in keys {
        let id = if key == DESIGN_KEY {
            FIRST_ID.to_string()
        } else if let Some(id) = key
            .strip_prefix(DESIGN_KEY)
            .and_then(|s| s.strip_prefix('.'))
        {
            id.to_string()
        } else {
            continue;
        };
        if deleted.iter().any(|d| d.entry.id == id) {
            continue;
        }
        let stored = store.get_item(&key).ok().flatten().unwrap_or_default();
        let design = decode(&stored);
        let name = match &design {
            Ok(d) if !d.name.trim().is_empty() => d.name.trim().to_string(),
            Ok(_) => "Design".to_string(),
            Err(_) => "Unreadable design".to_string(),
        };
        decoded.push((id.clone(), design));
        let name = unique_name(&designs, &name);
        designs.push(Entry {
            id,
            name,
            updated: js_sys::Date::now(),
            rev: 0,
            secrets: false,
        });
    }
    // The first design first, as it was the only one before (the others keep their order).
    let (mut first, others): (Vec<Entry>, Vec<Entry>) =
        designs.into_iter().partition(|e| e.id == FIRST_ID);
    first.extend(others);
    let designs = first;
    let index = Index {
        version: INDEX_VERSION,
        designs,
    };
    if text.is_none() || !index.designs.is_empty() {
        let _ = write_index(store, &index);
    }
    Some((index, decoded))
}

/// Writes the design list.
pub fn write_index(store: &web_sys::Storage, index: &Index) -> Result<(), StorageNotice> {
    let text = serde_json::to_string(index).map_err(|e| StorageNotice::WriteFailed {
        reason: e.to_string(),
    })?;
    store
        .set_item(INDEX_KEY, &text)
        .map_err(|e| StorageNotice::WriteFailed {
            reason: js_error_name(&e),
        })
}

/// Applies `f` to the stored design list (read fresh, so edits from other tabs are kept) and
/// writes it back. Returns the new list.
#[inline(never)]
pub fn update_index(f: impl FnOnce(&mut Index)) -> Result<Index, StorageNotice> {
    let store = local_storage().ok_or(StorageNotice::Unavailable)?;
    let mut index = load_index(&store).ok_or(StorageNotice::Unavailable)?;
    f(&mut index);
    write_index(&store, &index)?;
    Ok(index)
}

/// What the app opens at start.
pub struct Opened {
    /// The design list (possibly only in memory).
    pub index: Index,
    /// The id of the open design.
    pub id: String,
    /// The open design.
    pub design: Design,
    /// Problem to show in the banner.
    pub notice: Option<StorageNotice>,
}

/// Opens the design used last (migrating the single-design key into the library first).
/// Unreadable text is copied to [`BACKUP_KEY`] (never overwritten by a default design) and
/// reported.
pub fn open() -> Opened {
    let fallback = |notice| Opened {
        index: Index {
            version: INDEX_VERSION,
            designs: vec![Entry {
                id: FIRST_ID.into(),
                name: "Design 1".into(),
                updated: 0.0,
                rev: 0,
                secrets: false,
            }],
        },
        id: FIRST_ID.into(),
        design: Design::default(),
        notice,
    };
    let Some(store) = local_storage() else {
        return fallback(Some(StorageNotice::Unavailable));
    };
    let Some((mut index, mut decoded)) = load_index_decoding(&store) else {
        return fallback(Some(StorageNotice::Unavailable));
    };
    if index.designs.is_empty() {
        index = fallback(None).index;
        let _ = write_index(&store, &index);
    }
    let current = store.get_item(CURRENT_KEY).ok().flatten();
    let id = current
        .filter(|c| index.get(c).is_some())
        .or_else(|| index.designs.first().map(|e| e.id.clone()))
        .unwrap_or_else(|| FIRST_ID.into());
    // A design already read to rebuild the list is used as it is; an unreadable one is read
    // again by `read_design`, which backs it up.
    let read = match decoded.iter().position(|(d, r)| *d == id && r.is_ok()) {
        Some(i) => decoded.swap_remove(i).1.map(Some),
        None => read_design(&id),
    };
    let (design, notice) = match read {
        Ok(d) => (d.unwrap_or_default(), None),
        Err(reason) => (Design::default(), Some(StorageNotice::Recovered { reason })),
    };
    Opened {
        index,
        id,
        design,
        notice,
    }
}

/// Reads the design `id`: `Ok(None)` when it was never saved. Unreadable text is copied to
/// [`BACKUP_KEY`] and `Err(reason)` returned.
#[inline(never)]
pub fn read_design(id: &str) -> Result<Option<Design>, String> {
    let Some(store) = local_storage() else {
        return Ok(None);
    };
    let Ok(Some(text)) = store.get_item(&design_key(id)) else {
        return Ok(None);
    };
    decode(&text).map(Some).map_err(|reason| {
        if store.set_item(BACKUP_KEY, &text).is_ok() {
            reason
        } else {
            format!("{reason}; it could not be backed up either")
        }
    })
}

/// Remembers the open design.
pub fn set_current(id: &str) {
    if let Some(store) = local_storage() {
        let _ = store.set_item(CURRENT_KEY, id);
    }
}

/// The stored revision of `id` (0 when it is not listed or storage can't be read).
pub fn stored_rev(id: &str) -> u64 {
    local_storage()
        .and_then(|s| s.get_item(INDEX_KEY).ok().flatten())
        .and_then(|t| parse_index(&t))
        .and_then(|i| i.get(id).map(|e| e.rev))
        .unwrap_or(0)
}

/// The stored design list, if it can be read.
pub fn stored_index() -> Option<Index> {
    local_storage()
        .and_then(|s| s.get_item(INDEX_KEY).ok().flatten())
        .and_then(|t| parse_index(&t))
}

/// Saves `entry`'s design unless storage holds a newer revision than `expected_rev` (then nothing
/// is written). Secrets are stripped unless the entry opts in. Returns the stored entry.
pub fn save(entry: &Entry, design: &Design, expected_rev: u64) -> Result<Entry, SaveError> {
    let store = local_storage().ok_or(SaveError::Failed(StorageNotice::Unavailable))?;
    // When the list can't be read, still try the write: its error says why nothing is saved.
    let index = load_index(&store);
    let stored = index.as_ref().and_then(|i| i.get(&entry.id)).cloned();
    if let Some(s) = &stored {
        if s.rev > expected_rev {
            return Err(SaveError::Conflict { rev: s.rev });
        }
    }
    let secrets = stored.as_ref().map_or(entry.secrets, |s| s.secrets);
    let doc = if secrets {
        design.clone()
    } else {
        design.without_secrets()
    };
    let text = serde_json::to_string(&doc).map_err(|e| {
        SaveError::Failed(StorageNotice::WriteFailed {
            reason: e.to_string(),
        })
    })?;
    store.set_item(&design_key(&entry.id), &text).map_err(|e| {
        SaveError::Failed(StorageNotice::WriteFailed {
            reason: js_error_name(&e),
        })
    })?;
    let mut saved = stored.unwrap_or_else(|| entry.clone());
    saved.rev = expected_rev.max(saved.rev) + 1;
    saved.updated = js_sys::Date::now();
    let mut index = index.unwrap_or(Index {
        version: INDEX_VERSION,
        designs: Vec::new(),
    });
    match index.designs.iter_mut().find(|e| e.id == saved.id) {
        Some(e) => *e = saved.clone(),
        None => index.designs.push(saved.clone()),
    }
    write_index(&store, &index).map_err(SaveError::Failed)?;
    Ok(saved)
}

/// Removes the stored data of a design (after its deletion can no longer be undone).
pub fn purge(id: &str) {
    if let Some(store) = local_storage() {
        let listed = stored_index().is_some_and(|i| i.get(id).is_some())
            || read_deleted(&store).iter().any(|d| d.entry.id == id);
        if !listed {
            let _ = store.remove_item(&design_key(id));
            let mut places = read_places(&store);
            if places.get(id).is_some() {
                places.remove(id);
                let _ = store.set_item(PLACES_KEY, &places.to_text());
            }
        }
    }
}

/// A design in "Recently deleted": its list entry and when it was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deleted {
    /// The design's entry as it was listed.
    pub entry: Entry,
    /// When it was deleted (ms since the epoch).
    pub at: f64,
}

/// The recently deleted designs, newest first. Unreadable text counts as an empty list (the
/// designs' data stays under their keys; a rebuilt design list would list them again).
#[inline(never)]
fn read_deleted(store: &web_sys::Storage) -> Vec<Deleted> {
    store
        .get_item(DELETED_KEY)
        .ok()
        .flatten()
        .filter(|t| t.len() <= 1_000_000)
        .and_then(|t| serde_json::from_str::<Vec<Deleted>>(&t).ok())
        .unwrap_or_default()
}

/// The recently deleted designs still restorable (newest first).
pub fn deleted_designs() -> Vec<Deleted> {
    local_storage().map_or_else(Vec::new, |s| read_deleted(&s))
}

/// Applies `f` to the "Recently deleted" list, keeps what [`crate::domain::recent::prune`]
/// keeps, writes it back and deletes for good the designs that fell out. Returns the new list.
pub fn update_deleted(f: impl FnOnce(&mut Vec<Deleted>)) -> Result<Vec<Deleted>, StorageNotice> {
    let store = local_storage().ok_or(StorageNotice::Unavailable)?;
    let mut list = read_deleted(&store);
    f(&mut list);
    write_deleted(&store, list)
}

/// Writes the "Recently deleted" list `list` after pruning it (see [`update_deleted`]); one
/// copy for every caller's closure.
#[inline(never)]
fn write_deleted(
    store: &web_sys::Storage,
    list: Vec<Deleted>,
) -> Result<Vec<Deleted>, StorageNotice> {
    let (kept, dropped) = crate::domain::recent::prune(
        list.into_iter()
            .map(|d| {
                let at = d.at;
                (d, at)
            })
            .collect(),
        js_sys::Date::now(),
    );
    let kept: Vec<Deleted> = kept.into_iter().map(|(d, _)| d).collect();
    let text = serde_json::to_string(&kept).map_err(|e| StorageNotice::WriteFailed {
        reason: e.to_string(),
    })?;
    store
        .set_item(DELETED_KEY, &text)
        .map_err(|e| StorageNotice::WriteFailed {
            reason: js_error_name(&e),
        })?;
    for (d, _) in dropped {
        purge(&d.entry.id);
    }
    Ok(kept)
}

fn read_places(store: &web_sys::Storage) -> PlaceStore {
    store
        .get_item(PLACES_KEY)
        .ok()
        .flatten()
        .map(|t| PlaceStore::parse(&t))
        .unwrap_or_default()
}

/// The stored place of design `id` (none when never stored, or unreadable: then the design
/// opens as if first opened).
pub fn place_of(id: &str) -> Option<Place> {
    let store = local_storage()?;
    read_places(&store).get(id).cloned()
}

/// Stores design `id`'s place (read, changed and written back, so other tabs' places stay). A
/// failed write is not reported: the design's own save reports a full storage.
pub fn save_place(id: &str, place: &Place) {
    let Some(store) = local_storage() else {
        return;
    };
    let mut places = read_places(&store);
    if places.put(id, js_sys::Date::now(), place) {
        let _ = store.set_item(PLACES_KEY, &places.to_text());
    }
}

/// The backed-up raw text, if any.
pub fn backup_text() -> Option<String> {
    local_storage()?.get_item(BACKUP_KEY).ok().flatten()
}

fn js_error_name(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "the browser refused to store it".into())
}
