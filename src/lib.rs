//! ExpressRoute Wizard: plan and validate Azure ExpressRoute designs.
//!
//! [`domain`] is pure Rust (model, rules, view model, diagram geometry) and runs everywhere: in the
//! browser app, in the `erwiz` command-line checker and in native tests. `ui` is the Leptos shell,
//! compiled only for the wasm32 target.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod ui;
