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
//! - Text that cannot be read (corrupt, or written by a newer version) is copied, untouched, to a
//!   backup key before anything is written over it: [`backup_key`]`(id)` for a design,
//!   [`INDEX_BACKUP_KEY`] for the list. A backup is never overwritten by another: a different
//!   text goes to the next free slot (`….2`, `….3`…).
//! - Each listed revision says which tab wrote it ([`Entry::by`]): a save checks the stored
//!   revision just before writing and reads both keys back just after, so two tabs saving at the
//!   same moment never lose one version silently (localStorage has no compare-and-set).

use crate::domain::io::parse_design;
use crate::domain::model::Design;
use crate::domain::progress::PlaceStore;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Key of the first design (the key of the single-design version, kept for compatibility).
pub const DESIGN_KEY: &str = "erwiz.design.v1";
/// Key where the first design's unreadable stored text is kept, untouched, for the user to
/// download (the other designs': [`backup_key`]).
pub const BACKUP_KEY: &str = "erwiz.design.backup";
/// Key where an unreadable design list is kept, untouched, before the list is rebuilt.
pub const INDEX_BACKUP_KEY: &str = "erwiz.designs.v1.backup";
/// Most backups kept of one key.
pub const BACKUP_SLOTS: usize = 20;
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
    /// The stored design could not be read; its raw text was kept under `key`.
    Recovered {
        /// Why it could not be read.
        reason: String,
        /// Where the text is kept ([`backup_key`], or the design's own key when it could not be
        /// backed up).
        key: String,
    },
    /// The design list could not be read (corrupt, or written by a newer version): it was kept
    /// under `key` and rebuilt from the stored designs.
    ListRecovered {
        /// Why it could not be read.
        reason: String,
        /// Where the text is kept.
        key: String,
    },
    /// localStorage cannot be used (private mode, disabled, sandboxed): work stays in this tab.
    Unavailable,
    /// A write failed (usually the quota); the design is still in memory.
    WriteFailed {
        /// The browser's reason.
        reason: String,
    },
}

impl StorageNotice {
    /// The banner's text.
    pub fn message(&self) -> String {
        match self {
            StorageNotice::Recovered { reason, key } => format!(
                "Your saved design could not be opened: {reason}. It was kept untouched under the key \"{key}\" and a new design was started."
            ),
            StorageNotice::ListRecovered { reason, key } => format!(
                "The list of your designs could not be read: {reason}. It was kept untouched under the key \"{key}\", and the list was rebuilt from the designs stored in this browser: check their names and whether they remember secrets."
            ),
            StorageNotice::Unavailable => "This browser does not let the page use local storage (private mode or disabled): your design lives only in this tab. Keep it as a file with “Download design (.json)”; “Open design file” opens it again.".to_string(),
            StorageNotice::WriteFailed { reason } => format!(
                "Your last change could not be saved ({reason}); browser storage may be full. Your design is kept in this tab: keep it as a file with “Download design (.json)”, or free some space."
            ),
        }
    }

    /// The key of the unreadable text the banner offers for download, if any.
    pub fn backup(&self) -> Option<&str> {
        match self {
            StorageNotice::Recovered { key, .. } | StorageNotice::ListRecovered { key, .. } => {
                Some(key)
            }
            _ => None,
        }
    }

    /// Whether the banner offers "Download design (.json)": the design is not stored.
    pub fn offers_download(&self) -> bool {
        matches!(
            self,
            StorageNotice::Unavailable | StorageNotice::WriteFailed { .. }
        )
    }
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
    /// The tab that saved revision `rev` (empty when written by an earlier version, or rebuilt).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}

/// Which save of a design a tab's copy is based on: its revision and the tab that wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The revision.
    pub rev: u64,
    /// The tab that wrote it.
    pub by: String,
}

impl Entry {
    /// Which save this entry lists.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            rev: self.rev,
            by: self.by.clone(),
        }
    }

    /// The entry of a design about to be created (not yet saved).
    pub fn new(id: String, name: String, secrets: bool, now: f64) -> Entry {
        Entry {
            id,
            name,
            updated: now,
            rev: 0,
            secrets,
            by: String::new(),
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
    /// Another tab wrote the design between this save's writes and its reading them back: the
    /// stored version is not this tab's.
    Lost,
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

/// Where the unreadable text of design `id` is backed up (first slot).
pub fn backup_key(id: &str) -> String {
    if id == FIRST_ID {
        BACKUP_KEY.to_string()
    } else {
        format!("{BACKUP_KEY}.{id}")
    }
}

/// Copies `text` to the first slot of `base` that is free or already holds it (`base`,
/// `base.2`, `base.3`…; never over another text). Returns the key.
pub fn backup(s: &mut dyn Store, base: &str, text: &str) -> Result<String, StoreError> {
    for n in 1..=BACKUP_SLOTS {
        let key = if n == 1 {
            base.to_string()
        } else {
            format!("{base}.{n}")
        };
        match s.get(&key)? {
            Some(kept) if kept == text => return Ok(key),
            Some(_) => continue,
            None => return s.set(&key, text).map(|()| key),
        }
    }
    Err(StoreError::Refused(format!(
        "{BACKUP_SLOTS} backups are kept already"
    )))
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

/// Why a stored design list cannot be used: a newer version's (its `"version"` is above
/// [`INDEX_VERSION`]; read from the text, with no parser of its own), or unreadable.
fn index_problem(text: &str) -> String {
    // The digits after `"version"` and its colon.
    let mut version = 0u32;
    if let Some(at) = text.find("\"version\"") {
        for c in text.as_bytes()[at + 9..]
            .iter()
            .skip_while(|c| **c == b':' || c.is_ascii_whitespace())
        {
            if !c.is_ascii_digit() {
                break;
            }
            version = version
                .saturating_mul(10)
                .saturating_add(u32::from(c - b'0'));
        }
    }
    if version > INDEX_VERSION {
        format!("it was written by a newer version of ExpressRoute Wizard (list version {version})")
    } else {
        "it is not a design list this version can read".to_string()
    }
}

/// The stored design list, rebuilt (and written back) when it is missing or unreadable: every
/// stored design key is listed, so designs written by the single-design version are migrated.
/// An unreadable list is backed up first and reported (a [`StorageNotice::ListRecovered`] in
/// `notices`); when it cannot be backed up, the rebuilt list is not written over it.
/// `None` when storage cannot be read at all.
pub fn load_index(s: &mut dyn Store, notices: &mut Vec<StorageNotice>) -> Option<Index> {
    load_index_decoding(s, notices).map(|(index, _)| index)
}

/// [`load_index`], also handing back the designs it had to read to rebuild the list, so that
/// opening one of them doesn't parse it a second time.
pub fn load_index_decoding(
    s: &mut dyn Store,
    notices: &mut Vec<StorageNotice>,
) -> Option<(Index, Vec<Decoded>)> {
    let text = s.get(INDEX_KEY).ok()?;
    if let Some(index) = text.as_deref().and_then(parse_index) {
        return Some((index, Vec::new()));
    }
    // An unreadable list is kept before a rebuilt one is written over it.
    let mut keep = true;
    if let Some(text) = &text {
        let reason = index_problem(text);
        let (reason, key) = match backup(s, INDEX_BACKUP_KEY, text) {
            Ok(key) => (reason, key),
            Err(_) => {
                keep = false;
                (
                    format!("{reason}; it could not be backed up, so it was left as it was"),
                    INDEX_KEY.to_string(),
                )
            }
        };
        notices.push(StorageNotice::ListRecovered { reason, key });
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
    if keep && (text.is_none() || !index.designs.is_empty()) {
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
    notices: &mut Vec<StorageNotice>,
    f: &mut dyn FnMut(&mut Index),
) -> Result<Index, StorageNotice> {
    let mut index = load_index(s, notices).ok_or(StorageNotice::Unavailable)?;
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

/// The stored revision of `id` and who wrote it (revision 0 when it is not listed or storage
/// can't be read).
pub fn stored_stamp(s: &dyn Store, id: &str) -> Stamp {
    stored_index(s)
        .and_then(|i| i.get(id).map(Entry::stamp))
        .unwrap_or_default()
}

/// Reads the design `id`: `Ok(None)` when it was never saved. Unreadable text is backed up
/// ([`backup`] under [`backup_key`]) and reported as [`StorageNotice::Recovered`].
pub fn read_design(s: &mut dyn Store, id: &str) -> Result<Option<Design>, StorageNotice> {
    let key = design_key(id);
    let Ok(Some(text)) = s.get(&key) else {
        return Ok(None);
    };
    decode(&text).map(Some).map_err(|reason| {
        match backup(s, &backup_key(id), &text) {
            Ok(key) => StorageNotice::Recovered { reason, key },
            // It stays where it was, untouched until the user edits the design.
            Err(_) => StorageNotice::Recovered {
                reason: format!("{reason}; it could not be backed up either"),
                key,
            },
        }
    })
}

/// Saves `entry`'s design as tab `tab`, unless storage holds another save than `base`, the one
/// this tab's copy is based on (then nothing is written). The list is read just before the
/// writes and both keys are read back just after them: a save of another tab landing in
/// between is [`SaveError::Lost`]. Secrets are stripped unless the entry opts in, as listed here
/// and in storage. Returns the stored entry.
pub fn save(
    s: &mut dyn Store,
    notices: &mut Vec<StorageNotice>,
    entry: &Entry,
    design: &Design,
    base: &Stamp,
    tab: &str,
) -> Result<Entry, SaveError> {
    // When the list can't be read, still try the write: its error says why nothing is saved.
    let index = load_index(s, notices);
    let stored = index.as_ref().and_then(|i| i.get(&entry.id)).cloned();
    if let Some(st) = &stored {
        if st.rev > base.rev || (st.rev == base.rev && st.by != base.by) {
            return Err(SaveError::Conflict { rev: st.rev });
        }
    }
    let secrets = entry.secrets && stored.as_ref().is_none_or(|st| st.secrets);
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
    let key = design_key(&entry.id);
    s.set(&key, &text)
        .map_err(|e| SaveError::Failed(StorageNotice::from(e)))?;
    let mut saved = stored.unwrap_or_else(|| entry.clone());
    saved.rev = base.rev.max(saved.rev) + 1;
    saved.by = tab.to_string();
    saved.updated = s.now();
    let mut index = index.unwrap_or_else(Index::empty);
    match index.designs.iter_mut().find(|e| e.id == saved.id) {
        Some(e) => *e = saved.clone(),
        None => index.designs.push(saved.clone()),
    }
    write_index(s, &index).map_err(SaveError::Failed)?;
    // Read back: another tab's write between ours would be there instead.
    let ours = s.get(&key).ok().flatten().is_some_and(|t| t == text)
        && stored_stamp(s, &entry.id) == saved.stamp();
    if !ours {
        return Err(SaveError::Lost);
    }
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
