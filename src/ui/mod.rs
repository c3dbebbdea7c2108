//! The Leptos UI shell (wasm32 only).
