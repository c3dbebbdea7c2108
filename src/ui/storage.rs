//! localStorage persistence: a versioned key, recovery of unreadable data, and a clear status when
//! storage is unavailable or full. Nothing here ever drops the user's work silently.

use crate::domain::io::parse_design;
use crate::domain::model::Design;
use leptos::prelude::*;

/// Key of the current design (the schema version is part of the key).
pub const DESIGN_KEY: &str = "erwiz.design.v1";
/// Key where unreadable stored text is kept, untouched, for the user to download.
pub const BACKUP_KEY: &str = "erwiz.design.backup";

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

/// The browser's localStorage, if it can be used.
pub fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Reads a stored design (same checks as the `erwiz` checker); `Err(reason)` when it can't be read.
pub fn decode(text: &str) -> Result<Design, String> {
    let mut d = parse_design(text).map_err(|e| e.to_string())?;
    if d.circuits.is_empty() {
        d.circuits.push(Default::default());
    }
    Ok(d)
}

/// Loads the saved design. Unreadable text is copied to [`BACKUP_KEY`] (never overwritten by a
/// default design) and reported.
pub fn load() -> (Design, Option<StorageNotice>) {
    let Some(store) = local_storage() else {
        return (Design::default(), Some(StorageNotice::Unavailable));
    };
    let text = match store.get_item(DESIGN_KEY) {
        Ok(Some(t)) => t,
        Ok(None) => return (Design::default(), None),
        Err(_) => return (Design::default(), Some(StorageNotice::Unavailable)),
    };
    match decode(&text) {
        Ok(d) => (d, None),
        Err(reason) => {
            let kept = store.set_item(BACKUP_KEY, &text).is_ok();
            let reason = if kept {
                reason
            } else {
                format!("{reason}; it could not be backed up either")
            };
            (Design::default(), Some(StorageNotice::Recovered { reason }))
        }
    }
}

/// Saves the design, without its secrets (MD5 keys and authorization keys stay in memory only).
/// Returns the notice to show when it fails.
pub fn save(design: &Design) -> Result<(), StorageNotice> {
    let store = local_storage().ok_or(StorageNotice::Unavailable)?;
    let text = serde_json::to_string(&design.without_secrets()).map_err(|e| {
        StorageNotice::WriteFailed {
            reason: e.to_string(),
        }
    })?;
    store
        .set_item(DESIGN_KEY, &text)
        .map_err(|e| StorageNotice::WriteFailed {
            reason: js_error_name(&e),
        })
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
