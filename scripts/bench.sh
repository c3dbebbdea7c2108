#!/usr/bin/env bash
# Benchmarks (not part of the test command): native rules engine, then the release build in
# headless Chromium. Prints every figure against its budget.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
echo "==> native rules benchmark (cargo bench --bench rules)"
native=$(cargo bench --locked --bench rules 2>/dev/null | tee /dev/stderr)
seed_us=$(printf '%s\n' "$native" | sed -n 's/^validate seed design.*median \([0-9.]*\) µs.*/\1/p')
echo "==> native diagram layout benchmark (cargo bench --bench diagram)"
cargo bench --locked --bench diagram 2>/dev/null || echo "diagram layout: over its native budget"
echo "==> hostile inputs of at most 5 MB through erwiz check (release build; budget 2000 ms and 200 MB each)"
cargo build --locked --release --bin erwiz >/dev/null 2>&1
ERWIZ_BIN="$PWD/target/release/erwiz" cargo test --locked --test hostile -- --nocapture 2>/dev/null \
  | sed -n '/^input /,/^test /p' | grep -v '^test ' || echo "hostile inputs: failed (run cargo test --test hostile)"
echo "==> trunk build --release (scripts/release-build.sh): the page users get, in dist/"
scripts/release-build.sh >/dev/null 2>&1
# The same build with the benchmark hooks (src/bench.rs, the `bench` feature), for the timings
# taken inside wasm only: sizes, loads, keystrokes and memory are the release build's.
echo "==> the same with the bench hooks (--features bench), in target/dist-bench/"
scripts/release-build.sh --features bench --dist target/dist-bench >/dev/null 2>&1
PORT=${BENCH_PORT:-4174}
HOOKS_PORT=$((PORT + 1))
node scripts/static-server.mjs dist "$PORT" >/dev/null &
server=$!
node scripts/static-server.mjs target/dist-bench "$HOOKS_PORT" >/dev/null &
hooks=$!
trap 'kill $server $hooks 2>/dev/null' EXIT
for url in "http://127.0.0.1:$PORT/" "http://127.0.0.1:$HOOKS_PORT/"; do
  node -e "(async()=>{for(let i=0;i<100;i++){try{await fetch(process.argv[1]);return}catch{await new Promise(r=>setTimeout(r,100))}}process.exit(1)})()" "$url"
done
echo "==> browser benchmark"
node scripts/bench.mjs "http://127.0.0.1:$PORT/" "$seed_us" "http://127.0.0.1:$HOOKS_PORT/"
