//! The library's storage layout and its reads and writes, over any [`Store`] (the browser's
//! localStorage in the page, [`MemStore`] in tests).
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
use crate::domain::progress::PlaceStore;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Why a storage call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Storage cannot be used at all (private mode, disabled, sandboxed).
    Unavailable,
    /// Storage refused a write (usually the quota): the browser's reason.
    Refused(String),
}

/// A key-value storage like the browser's localStorage, with the clock and ids the library
/// needs. Each call is one storage operation; another tab may change anything between two.
pub trait Store {
    /// The text under `key`, `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Writes `value` under `key`.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Removes `key`.
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key stored.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
    /// The time, in milliseconds since the epoch.
    fn now(&self) -> f64;
    /// A new unique design id.
    fn new_id(&mut self) -> String;
}

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

impl From<StoreError> for StorageNotice {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable => StorageNotice::Unavailable,
            StoreError::Refused(reason) => StorageNotice::WriteFailed { reason },
        }
    }
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

impl Entry {
    /// The entry of a design about to be created (not yet saved).
    pub fn new(id: String, name: String, secrets: bool, now: f64) -> Entry {
        Entry {
            id,
            name,
            updated: now,
            rev: 0,
            secrets,
        }
    }
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

    /// An empty list.
    pub fn empty() -> Index {
        Index {
            version: INDEX_VERSION,
            designs: Vec::new(),
        }
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

/// A design in "Recently deleted": its list entry and when it was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deleted {
    /// The design's entry as it was listed.
    pub entry: Entry,
    /// When it was deleted (ms since the epoch).
    pub at: f64,
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

/// A design read while the list was rebuilt: its id and what [`decode`] made of it.
pub type Decoded = (String, Result<Design, String>);

/// The stored design list, rebuilt (and written back) when it is missing or unreadable: every
/// stored design key is listed, so designs written by the single-design version are migrated.
/// `None` when storage cannot be read at all.
pub fn load_index(s: &mut dyn Store) -> Option<Index> {
    load_index_decoding(s).map(|(index, _)| index)
}

/// [`load_index`], also handing back the designs it had to read to rebuild the list, so that
/// opening one of them doesn't parse it a second time.
pub fn load_index_decoding(s: &mut dyn Store) -> Option<(Index, Vec<Decoded>)> {
    let text = s.get(INDEX_KEY).ok()?;
    if let Some(index) = text.as_deref().and_then(parse_index) {
        return Some((index, Vec::new()));
    }
    let mut decoded = Vec::new();
    let mut designs = Vec::new();
    let mut keys = s.keys().unwrap_or_default();
    crate::domain::sorted::sort(&mut keys);
    // Designs deleted recently stay deleted when the list is rebuilt.
    let deleted = read_deleted(s);
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
        let stored = s.get(&key).ok().flatten().unwrap_or_default();
        let design = decode(&stored);
        let name = match &design {
            Ok(d) if !d.name.trim().is_empty() => d.name.trim().to_string(),
            Ok(_) => "Design".to_string(),
            Err(_) => "Unreadable design".to_string(),
        };
        decoded.push((id.clone(), design));
        let name = unique_name(&designs, &name);
        designs.push(Entry::new(id, name, false, s.now()));
    }
    // The first design first, as it was the only one before (the others keep their order).
    let (mut first, others): (Vec<Entry>, Vec<Entry>) =
        designs.into_iter().partition(|e| e.id == FIRST_ID);
    first.extend(others);
    let index = Index {
        version: INDEX_VERSION,
        designs: first,
    };
    if text.is_none() || !index.designs.is_empty() {
        let _ = write_index(s, &index);
    }
    Some((index, decoded))
}

/// Writes `value` as JSON under `key`.
fn write_json<T: Serialize + ?Sized>(
    s: &mut dyn Store,
    key: &str,
    value: &T,
) -> Result<(), StorageNotice> {
    let text = serde_json::to_string(value).map_err(|e| StorageNotice::WriteFailed {
        reason: e.to_string(),
    })?;
    s.set(key, &text).map_err(StorageNotice::from)
}

/// Writes the design list.
pub fn write_index(s: &mut dyn Store, index: &Index) -> Result<(), StorageNotice> {
    write_json(s, INDEX_KEY, index)
}

/// Applies `f` to the stored design list (read fresh, so edits from other tabs are kept) and
/// writes it back. Returns the new list.
pub fn update_index(
    s: &mut dyn Store,
    f: &mut dyn FnMut(&mut Index),
) -> Result<Index, StorageNotice> {
    let mut index = load_index(s).ok_or(StorageNotice::Unavailable)?;
    f(&mut index);
    write_index(s, &index)?;
    Ok(index)
}

/// The stored design list, if it can be read (never rebuilt).
pub fn stored_index(s: &dyn Store) -> Option<Index> {
    s.get(INDEX_KEY)
        .ok()
        .flatten()
        .and_then(|t| parse_index(&t))
}

/// The stored revision of `id` (0 when it is not listed or storage can't be read).
pub fn stored_rev(s: &dyn Store, id: &str) -> u64 {
    stored_index(s)
        .and_then(|i| i.get(id).map(|e| e.rev))
        .unwrap_or(0)
}

/// Reads the design `id`: `Ok(None)` when it was never saved. Unreadable text is copied to
/// [`BACKUP_KEY`] and `Err(reason)` returned.
pub fn read_design(s: &mut dyn Store, id: &str) -> Result<Option<Design>, String> {
    let Ok(Some(text)) = s.get(&design_key(id)) else {
        return Ok(None);
    };
    decode(&text).map(Some).map_err(|reason| {
        if s.set(BACKUP_KEY, &text).is_ok() {
            reason
        } else {
            format!("{reason}; it could not be backed up either")
        }
    })
}

/// Saves `entry`'s design unless storage holds a newer revision than `expected_rev` (then nothing
/// is written). Secrets are stripped unless the entry opts in. Returns the stored entry.
pub fn save(
    s: &mut dyn Store,
    entry: &Entry,
    design: &Design,
    expected_rev: u64,
) -> Result<Entry, SaveError> {
    // When the list can't be read, still try the write: its error says why nothing is saved.
    let index = load_index(s);
    let stored = index.as_ref().and_then(|i| i.get(&entry.id)).cloned();
    if let Some(st) = &stored {
        if st.rev > expected_rev {
            return Err(SaveError::Conflict { rev: st.rev });
        }
    }
    let secrets = stored.as_ref().map_or(entry.secrets, |st| st.secrets);
    let doc = if secrets {
        design.clone()
    } else {
        design.without_secrets()
    };
    write_json(s, &design_key(&entry.id), &doc).map_err(SaveError::Failed)?;
    let mut saved = stored.unwrap_or_else(|| entry.clone());
    saved.rev = expected_rev.max(saved.rev) + 1;
    saved.updated = s.now();
    let mut index = index.unwrap_or_else(Index::empty);
    match index.designs.iter_mut().find(|e| e.id == saved.id) {
        Some(e) => *e = saved.clone(),
        None => index.designs.push(saved.clone()),
    }
    write_index(s, &index).map_err(SaveError::Failed)?;
    Ok(saved)
}

/// The recently deleted designs, newest first. Unreadable text counts as an empty list (the
/// designs' data stays under their keys; a rebuilt design list would list them again).
pub fn read_deleted(s: &dyn Store) -> Vec<Deleted> {
    s.get(DELETED_KEY)
        .ok()
        .flatten()
        .filter(|t| t.len() <= 1_000_000)
        .and_then(|t| serde_json::from_str::<Vec<Deleted>>(&t).ok())
        .unwrap_or_default()
}

/// Applies `f` to the "Recently deleted" list, keeps what [`crate::domain::recent::prune`]
/// keeps, writes it back and deletes for good the designs that fell out. Returns the new list.
pub fn update_deleted(
    s: &mut dyn Store,
    f: &mut dyn FnMut(&mut Vec<Deleted>),
) -> Result<Vec<Deleted>, StorageNotice> {
    s.get(DELETED_KEY).map_err(StorageNotice::from)?;
    let mut list = read_deleted(s);
    f(&mut list);
    let (kept, dropped) = crate::domain::recent::prune(
        list.into_iter()
            .map(|d| {
                let at = d.at;
                (d, at)
            })
            .collect(),
        s.now(),
    );
    let kept: Vec<Deleted> = kept.into_iter().map(|(d, _)| d).collect();
    write_json(s, DELETED_KEY, &kept)?;
    for (d, _) in dropped {
        purge(s, &d.entry.id);
    }
    Ok(kept)
}

/// Removes the stored data of a design (after its deletion can no longer be undone).
pub fn purge(s: &mut dyn Store, id: &str) {
    let listed = stored_index(s).is_some_and(|i| i.get(id).is_some())
        || read_deleted(s).iter().any(|d| d.entry.id == id);
    if !listed {
        let _ = s.remove(&design_key(id));
        let mut places = read_places(s);
        if places.get(id).is_some() {
            places.remove(id);
            let _ = s.set(PLACES_KEY, &places.to_text());
        }
    }
}

/// Each design's place, as stored (unreadable text counts as none).
pub fn read_places(s: &dyn Store) -> PlaceStore {
    s.get(PLACES_KEY)
        .ok()
        .flatten()
        .map(|t| PlaceStore::parse(&t))
        .unwrap_or_default()
}

/// A storage in memory, for tests: it can be made to fail (unavailable, or refusing writes as
/// a full quota does), and several [`Tab`]s can share one.
#[derive(Debug, Default, Clone)]
pub struct MemStore {
    /// The stored keys and texts.
    pub data: BTreeMap<String, String>,
    /// Storage cannot be used at all.
    pub unavailable: bool,
    /// Writes fail as with a full quota.
    pub full: bool,
    /// Keys whose writes fail as with a full quota.
    pub refuse: Vec<String>,
    /// The most characters (keys and values) stored: a write past it fails.
    pub quota: Option<usize>,
    /// The clock (ms), moved on by each write.
    pub clock: f64,
    /// Ids handed out so far.
    pub ids: u64,
}

impl MemStore {
    fn size_with(&self, key: &str, value: &str) -> usize {
        self.data
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>()
            + key.len()
            + value.len()
    }
}

impl Store for MemStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable);
        }
        Ok(self.data.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable);
        }
        if self.full
            || self.refuse.iter().any(|k| k == key)
            || self.quota.is_some_and(|q| self.size_with(key, value) > q)
        {
            return Err(StoreError::Refused("QuotaExceededError".into()));
        }
        self.clock += 1.0;
        self.data.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable);
        }
        self.data.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable);
        }
        Ok(self.data.keys().cloned().collect())
    }

    fn now(&self) -> f64 {
        1_800_000_000_000.0 + self.clock
    }

    fn new_id(&mut self) -> String {
        self.ids += 1;
        format!("d{}", self.ids)
    }
}
