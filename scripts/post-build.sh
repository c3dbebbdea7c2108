#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml): the wasm-bindgen JS glue of the app and of the worker, and
# our loaders, lose their comments and indentation (strip-glue.mjs), the wasm imports of both get short names in
# the wasm and its glue (short-imports.mjs), the worker's files get content-hashed names
# (hash-worker.sh), then the app's loader and the Content-Security-Policy (csp.mjs). One after the
# other: the last two rewrite index.html in the staging directory.
set -euo pipefail
here="$(dirname "$0")"
stage="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
for wasm in "$stage"/expressroute-wizard-*_bg.wasm "$stage/erwiz-worker_bg.wasm"; do
  js="${wasm%_bg.wasm}.js"
  [ -f "$wasm" ] && [ -f "$js" ] || { echo "post-build: $wasm or its glue is missing" >&2; exit 1; }
  node "$here/strip-glue.mjs" "$js"
  node "$here/short-imports.mjs" "$wasm" "$js"
done
# Our two loaders lose their comments the same way.
node "$here/strip-glue.mjs" "$stage/erwiz-loader.js" "$stage/erwiz-worker_loader.js"
bash "$here/hash-worker.sh"
node "$here/csp.mjs"
