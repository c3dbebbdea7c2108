#!/usr/bin/env bash
# Runs every check and test suite, in order, and ends with one summary line:
#   N passed, N failed
# Installs what is missing first (scripts/install.sh is idempotent).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh || { echo "0 passed, 1 failed"; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR=never

mkdir -p test-artifacts
passed=0
failed=0
report=()

# A lint step counts as one check.
check() {
  local name=$1; shift
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1)); report+=("ok    $name")
  else
    failed=$((failed + 1)); report+=("FAIL  $name")
  fi
}

# A cargo test run counts every test of every `test result:` line; a run that fails to build or
# crashes without a result line counts as one failure.
cargo_suite() {
  local name=$1; shift
  echo "==> $name"
  local log="test-artifacts/${name// /-}.log"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  read -r p f < <(awk '/^test result:/ {
      for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
    } END { print p + 0, f + 0 }' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  report+=("$( [ "$f" -eq 0 ] && echo 'ok  ' || echo 'FAIL')  $name: $p passed, $f failed")
}

check "cargo fmt --check" cargo fmt --all -- --check
check "clippy (native)" cargo clippy --all-targets --locked -- -D warnings
check "clippy (wasm32)" cargo clippy --all-targets --all-features --locked --target wasm32-unknown-unknown -- -D warnings
cargo_suite "native tests" cargo test --locked
cargo_suite "browser tests" cargo test --locked --target wasm32-unknown-unknown --test 'web*'

echo "==> trunk build --release (scripts/release-build.sh)"
if scripts/release-build.sh >test-artifacts/trunk-build.log 2>&1; then
  passed=$((passed + 1)); report+=("ok    trunk build --release")
  echo "==> Playwright (release build)"
  rm -f test-artifacts/playwright-results.json
  npx --no-install playwright test
  pw_rc=$?
  if [ -f test-artifacts/playwright-results.json ]; then
    read -r p f < <(node -e '
      const r = require("./test-artifacts/playwright-results.json");
      const s = r.stats || {};
      console.log((s.expected || 0) + " " + ((s.unexpected || 0) + (s.flaky || 0)));')
  else
    p=0; f=1
  fi
  if [ "$pw_rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  report+=("$( [ "$f" -eq 0 ] && echo 'ok  ' || echo 'FAIL')  Playwright: $p passed, $f failed")
else
  cat test-artifacts/trunk-build.log
  failed=$((failed + 1)); report+=("FAIL  trunk build --release (Playwright not run)")
fi

echo
echo "Summary"
printf '  %s\n' "${report[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
