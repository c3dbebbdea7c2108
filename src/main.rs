//! Entry point of the browser app (wasm32). Natively it does nothing: the domain is tested by
//! `cargo test` and the command-line checker is the `erwiz` binary.

/// Benchmark hooks (`make bench`). Here rather than in the library so the export worker, another
/// binary of the same library, doesn't carry the rules engine and the diagram through them.
#[cfg(target_arch = "wasm32")]
mod bench;

fn main() {
    #[cfg(target_arch = "wasm32")]
    erwiz::ui::start();
}
