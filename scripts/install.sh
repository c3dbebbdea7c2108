#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: each step checks the version already
# present and skips itself when it is right. Safe to run on a fresh machine and on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_MAJOR=132
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '[install] %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_updated=""
# Installs Debian packages (apt-get update once per run).
apt_install() {
  [ -n "$apt_updated" ] || { $SUDO apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# 0. Base tools a bare machine may lack: curl (for rustup), Node.js with npm.
command -v curl >/dev/null 2>&1 || { log "installing curl"; apt_install curl ca-certificates; }
command -v npm >/dev/null 2>&1 || { log "installing nodejs and npm"; apt_install nodejs npm; }

# 1. Rust toolchain + wasm32 target (rust-toolchain.toml names the pinned channel).
if ! command -v rustup >/dev/null 2>&1; then
  log "installing rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
    | sh -s -- -y --profile minimal --default-toolchain none --no-modify-path >/dev/null
fi
channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$channel"; then
  log "installing Rust $channel"; rustup toolchain install "$channel" --profile minimal
fi
for c in rustfmt clippy; do
  rustup component list --toolchain "$channel" --installed | grep -q "^$c" \
    || { log "adding $c"; rustup component add "$c" --toolchain "$channel"; }
done
rustup target list --toolchain "$channel" --installed | grep -q '^wasm32-unknown-unknown$' \
  || { log "adding target wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown --toolchain "$channel"; }

# 1b. The pinned nightly for the release wasm build only (scripts/release-build.sh): rust-src
# lets it rebuild std for size. Nothing else uses it.
nightly=$(sed -n 's/^NIGHTLY=//p' scripts/release-build.sh)
if ! rustup toolchain list | grep -q "^$nightly"; then
  log "installing Rust $nightly (release wasm build)"
  rustup toolchain install "$nightly" --profile minimal --component rust-src \
    --target wasm32-unknown-unknown
fi
rustup component list --toolchain "$nightly" --installed | grep -q '^rust-src' \
  || { log "adding rust-src to $nightly"; rustup component add rust-src --toolchain "$nightly"; }

# 2. Trunk, pinned (0.22 needs a newer rustc).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli: exactly the wasm-bindgen version in Cargo.lock.
wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$wbg" ]; then log "cannot read wasm-bindgen's version from Cargo.lock"; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
  log "installing wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg" --locked \
    || cargo install wasm-bindgen-cli --version "$wbg"
fi

# 4. Chromium + ChromeDriver from Debian (never a downloaded browser).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

# ShellCheck from Debian: tests/export_tools.rs checks the Azure CLI export with it.
if ! command -v shellcheck >/dev/null 2>&1; then
  log "installing shellcheck"
  apt_install shellcheck
fi

# The Azure CLI from PyPI (azure-cli, pinned) in a venv of its own: tests/export_tools.rs runs
# every exported az script with it against a fake Azure Resource Manager on 127.0.0.1
# (scripts/az-fake-arm.py). The version is AZ_CLI_VERSION in src/domain/export/azcli.rs.
AZ_CLI_VERSION=$(sed -n 's/^pub const AZ_CLI_VERSION: &str = "\(.*\)";/\1/p' src/domain/export/azcli.rs)
if [ -z "$AZ_CLI_VERSION" ]; then log "cannot read AZ_CLI_VERSION from src/domain/export/azcli.rs"; exit 1; fi
AZ_VENV="$HOME/.cache/erwiz/azure-cli-$AZ_CLI_VERSION"
if ! "$AZ_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('azure-cli') != '$AZ_CLI_VERSION')" 2>/dev/null; then
  command -v python3 >/dev/null 2>&1 || { log "installing python3"; apt_install python3; }
  python3 -c "import venv, ensurepip" 2>/dev/null || { log "installing python3-venv"; apt_install python3-venv; }
  log "installing azure-cli $AZ_CLI_VERSION from PyPI into $AZ_VENV (a few minutes)"
  rm -rf "$AZ_VENV"
  python3 -m venv "$AZ_VENV"
  "$AZ_VENV/bin/pip" install --quiet --disable-pip-version-check "azure-cli==$AZ_CLI_VERSION"
fi

# 5. Node packages: Playwright, wasm-opt (npm binaryen, never Debian's), HashiCorp's HCL parser
#    (@cdktf/hcl2json, for tests/export_tools.rs) and the azurerm provider schema
#    (@cdktf/provider-azurerm: azurerm 4.55.0, and its alias @cdktf/provider-azurerm-4.36, for
#    tests/export_checks.rs).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] \
   || [ ! -d node_modules/@cdktf/hcl2json ] || [ ! -d node_modules/@cdktf/provider-azurerm ] \
   || [ ! -d node_modules/@cdktf/provider-azurerm-4.36 ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing node packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_MAJOR"; then
  log "wasm-opt on PATH is not binaryen $BINARYEN_MAJOR: $(command -v wasm-opt)"; exit 1
fi

# 5b. The real tools the export checks run (Terraform, the Azure SDK models, the Bicep grammar,
#     an IOS-XE parser), in their own venv: scripts/install-export-checks.sh.
scripts/install-export-checks.sh

# 6. Crates for offline builds (Trunk runs cargo --offline).
cargo fetch --locked >/dev/null 2>&1 || cargo fetch
# ...and the standard library's own crates, which the release build compiles (-Zbuild-std).
RUSTUP_TOOLCHAIN="$nightly" CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  cargo fetch --target wasm32-unknown-unknown >/dev/null
log "toolchain ready: $(trunk --version), $nightly (release wasm), wasm-bindgen $wbg, $(wasm-opt --version), $(chromium --version 2>/dev/null)"

# 7. Only for `make fuzz` (scripts/fuzz.sh calls `scripts/install.sh fuzz`): cargo-fuzz from
# crates.io, run on the pinned nightly above. `make test` never needs it.
CARGO_FUZZ_VERSION=0.13.2
if [ "${1:-}" = "fuzz" ] \
   && [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
