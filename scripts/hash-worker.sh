#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml): gives the export worker's files content-hashed names, as
# Trunk does for the page's own wasm and JS, so a browser never pairs a new page with a cached
# older worker. Trunk writes the worker unhashed (erwiz-worker.js, erwiz-worker_bg.wasm) and copies
# our loader (erwiz-worker_loader.js); this renames all three after a hash of their content,
# points the loader at the new names, and writes the loader's name into index.html's
# <meta name="erwiz-worker">, which the app reads (src/ui/worker.rs).
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
[ -f erwiz-worker_bg.wasm ] && [ -f erwiz-worker.js ] && [ -f erwiz-worker_loader.js ] || {
  echo "hash-worker: the worker's files are missing in $PWD" >&2
  exit 1
}
h=$(cat erwiz-worker.js erwiz-worker_bg.wasm erwiz-worker_loader.js | sha256sum | cut -c1-16)
mv erwiz-worker.js "erwiz-worker-$h.js"
mv erwiz-worker_bg.wasm "erwiz-worker-${h}_bg.wasm"
sed -e "s|\./erwiz-worker\.js|./erwiz-worker-$h.js|" \
    -e "s|\./erwiz-worker_bg\.wasm|./erwiz-worker-${h}_bg.wasm|" \
    erwiz-worker_loader.js > "erwiz-worker_loader-$h.js"
rm erwiz-worker_loader.js
grep -q "erwiz-worker-$h.js" "erwiz-worker_loader-$h.js" && grep -q "erwiz-worker-${h}_bg.wasm" "erwiz-worker_loader-$h.js" || {
  echo "hash-worker: the loader does not name ./erwiz-worker.js and ./erwiz-worker_bg.wasm" >&2
  exit 1
}
grep -q 'content="erwiz-worker_loader.js"' index.html || {
  echo "hash-worker: index.html has no <meta name=\"erwiz-worker\" content=\"erwiz-worker_loader.js\">" >&2
  exit 1
}
sed -i "s|content=\"erwiz-worker_loader\.js\"|content=\"erwiz-worker_loader-$h.js\"|" index.html
