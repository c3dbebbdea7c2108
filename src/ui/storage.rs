//! The browser side of the design library's storage: localStorage as a
//! [`crate::domain::library::Store`] (a [`WebStore`]; none at all when the browser refuses it,
//! then work stays in the tab), the places of designs, and the start of the app. The layout of
//! keys, the revisions that keep two tabs from overwriting each other, the backups of unreadable
//! data and the notices live in [`crate::domain::library`].

use crate::domain::library::read_places;
pub use crate::domain::library::{
    backup_key, decode, design_key, parse_index, unique_name, Deleted, Entry, Index, Library,
    SaveError, StorageNotice, Store, StoreError, BACKUP_KEY, CURRENT_KEY, DELETED_KEY, DESIGN_KEY,
    FIRST_ID, INDEX_BACKUP_KEY, INDEX_KEY, INDEX_VERSION, PLACES_KEY,
};
use crate::domain::model::Design;
use crate::domain::progress::Place;
use leptos::prelude::*;

/// The browser's localStorage, if it can be used.
pub fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A new unique design id.
pub fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 1_679_616.0) as u64;
    format!("{now:x}{salt:x}")
}

/// localStorage as the library's [`Store`]: every call fails as unavailable when the browser
/// gives no storage; a refused write says the browser's reason (`QuotaExceededError`…).
pub struct WebStore(Option<web_sys::Storage>);

impl WebStore {
    /// The page's localStorage.
    pub fn new() -> WebStore {
        WebStore(local_storage())
    }

    fn store(&self) -> Result<&web_sys::Storage, StoreError> {
        self.0.as_ref().ok_or(StoreError::Unavailable)
    }
}

impl Default for WebStore {
    fn default() -> Self {
        WebStore::new()
    }
}

impl Store for WebStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.store()?
            .get_item(key)
            .map_err(|_| StoreError::Unavailable)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.store()?
            .set_item(key, value)
            .map_err(|e| StoreError::Refused(js_error_name(&e)))
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.store()?
            .remove_item(key)
            .map_err(|e| StoreError::Refused(js_error_name(&e)))
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let store = self.store()?;
        let len = store.length().map_err(|_| StoreError::Unavailable)?;
        Ok((0..len)
            .filter_map(|i| store.key(i).ok().flatten())
            .collect())
    }

    fn now(&self) -> f64 {
        js_sys::Date::now()
    }

    fn new_id(&mut self) -> String {
        new_id()
    }
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
    /// The library, with the open design.
    pub library: Library,
}

/// Opens the design used last (see [`Library::open`]).
pub fn open() -> Opened {
    let opened = Library::open(&mut WebStore::new());
    Opened {
        index: Index {
            version: INDEX_VERSION,
            designs: opened.library.entries.clone(),
        },
        id: opened.library.id.clone(),
        design: opened.design,
        notice: opened.notice,
        library: opened.library,
    }
}

/// The stored place of design `id` (none when never stored, or unreadable: then the design
/// opens as if first opened).
pub fn place_of(id: &str) -> Option<Place> {
    read_places(&WebStore::new()).get(id).cloned()
}

/// Stores design `id`'s place (read, changed and written back, so other tabs' places stay). A
/// failed write is not reported: the design's own save reports a full storage.
pub fn save_place(id: &str, place: &Place) {
    let mut store = WebStore::new();
    let mut places = read_places(&store);
    if places.put(id, js_sys::Date::now(), place) {
        let _ = store.set(PLACES_KEY, &places.to_text());
    }
}

/// The text stored under `key`, if any (a backup the banner offers for download).
pub fn stored_text(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn js_error_name(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "the browser refused to store it".into())
}
