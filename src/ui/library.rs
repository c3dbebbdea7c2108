//! The user's named designs: the list kept in browser storage, switching, new, duplicate,
//! rename, delete with undo.

use super::Ctx;
use crate::domain::model::Design;
use leptos::prelude::*;

/// Opens `design` as a new named design (never overwriting the current one silently).
/// `source` says where it came from (for the status message), e.g. "share link".
pub fn open_as_new(ctx: Ctx, design: Design, source: &str) {
    ctx.design.set(design);
    ctx.circuit.set(0);
    ctx.status.set(format!("Design opened from the {source}"));
}
