#!/usr/bin/env bash
# Serves the app with live rebuild on http://127.0.0.1:$PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
PORT="${PORT:-8080}"
echo "ExpressRoute Wizard: http://127.0.0.1:$PORT/"
# Its own dist folder, so serving never clobbers the release build in dist/.
exec trunk serve --address 127.0.0.1 --port "$PORT" --dist dist-serve
