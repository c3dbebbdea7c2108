#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml): the wasm-bindgen JS glue of the app and of the worker
# loses its comments and indentation (strip-glue.mjs), the wasm imports of both get short names in
# the wasm and its glue (short-imports.mjs), the worker's files get content-hashed names
# (hash-worker.sh), then the app's loader and the Content-Security-Policy (csp.mjs). One after the
# other: the last two rewrite index.html in the staging directory.
set -euo pipefail
here="$(dirname "$0")"
node "$here/strip-glue.mjs" "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"/expressroute-wizard-*.js \
  "$TRUNK_STAGING_DIR/erwiz-worker.js"
app=("$TRUNK_STAGING_DIR"/expressroute-wizard-*_bg.wasm)
node "$here/short-imports.mjs" "${app[0]}" "${app[0]%_bg.wasm}.js"
node "$here/short-imports.mjs" "$TRUNK_STAGING_DIR/erwiz-worker_bg.wasm" "$TRUNK_STAGING_DIR/erwiz-worker.js"
bash "$here/hash-worker.sh"
node "$here/csp.mjs"
