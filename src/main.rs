//! Entry point of the browser app (wasm32). Natively it does nothing: the domain is tested by
//! `cargo test` and the command-line checker is the `erwiz` binary.

fn main() {
    #[cfg(target_arch = "wasm32")]
    erwiz::ui::start();
}
