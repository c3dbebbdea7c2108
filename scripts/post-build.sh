#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml): the worker's files get content-hashed names
# (hash-worker.sh), then the app's loader and the Content-Security-Policy (csp.mjs). One after the
# other: both rewrite index.html in the staging directory.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/hash-worker.sh"
node "$here/csp.mjs"
