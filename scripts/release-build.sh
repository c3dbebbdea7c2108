#!/usr/bin/env bash
# The release build of the browser app (dist/): `trunk build --release` on a pinned nightly that
# rebuilds the standard library for size. Only this build uses the nightly: `cargo test`, clippy,
# the browser tests and `trunk serve` stay on the stable toolchain of rust-toolchain.toml.
#   - `-Zbuild-std` + `panic = "immediate-abort"`: std without the panic formatting and unwinding
#     machinery; a panic traps at once (no message in the console; the app must not panic).
#   - `-Zlocation-detail=none`: no file/line/column strings for panic locations.
#   - std's `optimize_for_size` feature: smaller sort, formatting and search algorithms.
# scripts/install.sh installs NIGHTLY (with rust-src) and fetches std's crates for offline builds.
# Extra arguments go to trunk (e.g. `--dist other`).
set -euo pipefail
cd "$(dirname "$0")/.."

NIGHTLY=nightly-2026-10-30

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export RUSTUP_TOOLCHAIN="$NIGHTLY"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true
export CARGO_PROFILE_RELEASE_PANIC=immediate-abort
# Cargo appends these to .cargo/config.toml's rustflags; its `--cfg erase_components` is repeated
# so the build does not depend on that merge (a repeated --cfg is harmless).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zlocation-detail=none"
exec trunk build --release "$@"
