//! Entry point of the browser app (wasm32). Natively it does nothing: the domain is tested by
//! `cargo test` and the command-line checker is the `erwiz` binary.

/// Benchmark hooks (`make bench`, which builds with the `bench` feature; the page users get has
/// none). Here rather than in the library so the export worker, another binary of the same
/// library, doesn't carry the rules engine and the diagram through them.
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
mod bench;

fn main() {
    #[cfg(target_arch = "wasm32")]
    erwiz::ui::start();
}
