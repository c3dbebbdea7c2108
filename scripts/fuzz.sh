#!/usr/bin/env bash
# Fuzzing (not part of `make test`): runs each fuzz target of fuzz/ for FUZZ_SECONDS seconds
# (default 60) with `cargo fuzz` on the pinned nightly of scripts/release-build.sh, seeded with
# the test fixtures, and prints each target's executions and findings. FUZZ_TARGETS chooses the
# targets (default: all); FUZZ_PARALLEL=1 runs them at the same time. Inputs that crash, time
# out (over 10 s) or pass FUZZ_RSS_MB of memory (default 1024) are kept in
# fuzz/artifacts/<target>/; the corpus grows in fuzz/corpus/<target>/ (both git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh fuzz
export PATH="$HOME/.cargo/bin:$PATH"
nightly=$(sed -n 's/^NIGHTLY=//p' scripts/release-build.sh)
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-design_json arm_template arm_expression az_json share_link}

# Seed inputs: the fixtures each parser reads, plus the committed seeds in fuzz/seeds/.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
seed_dir() {
  local t=$1 d="$seeds/$1"
  mkdir -p "$d"
  case $t in
    design_json) cp tests/fixtures/*.json "$d/" ;;
    arm_template)
      cp tests/fixtures/import/*.json "$d/"
      # A template and its parameters file, separated by a NUL byte.
      { cat tests/fixtures/import/circuit-create.json; printf '\0';
        cat tests/fixtures/import/circuit-create.parameters.json; } > "$d/with-parameters" ;;
    az_json) cp tests/fixtures/import/az-*.json "$d/" ;;
  esac
  [ -d "fuzz/seeds/$t" ] && cp fuzz/seeds/"$t"/* "$d/"
  echo "$d"
}
dict_of() {
  case $1 in
    design_json|share_link) echo fuzz/dict/design.dict ;;
    az_json) echo fuzz/dict/az.dict ;;
    *) echo fuzz/dict/arm.dict ;;
  esac
}

# One target: its executions and whether it found anything, on one line of fuzz/artifacts/<t>/.
run_target() {
  local t=$1 log="fuzz/artifacts/$1/last-run.log" result
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "==> fuzzing $t for ${seconds}s"
  if cargo +"$nightly" fuzz run --sanitizer none "$t" "fuzz/corpus/$t" "$(seed_dir "$t")" -- \
      -max_total_time="$seconds" -dict="$(dict_of "$t")" -max_len=65536 -timeout=10 \
      -rss_limit_mb="${FUZZ_RSS_MB:-1024}" -print_final_stats=1 >"$log" 2>&1; then
    result="no findings"
  else
    result="FINDING (see $log and fuzz/artifacts/$t/)"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-16s %12s executions in %ss: %s\n' "$t" "${runs:-?}" "$seconds" "$result" \
    > "fuzz/artifacts/$t/summary.txt"
}

# Build once, then run the targets one after another, or all at once with FUZZ_PARALLEL=1.
cargo +"$nightly" fuzz build --sanitizer none >/dev/null
for t in $targets; do
  if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then run_target "$t" & else run_target "$t"; fi
done
wait
echo "==> fuzzing summary"
status=0
for t in $targets; do
  cat "fuzz/artifacts/$t/summary.txt"
  grep -q FINDING "fuzz/artifacts/$t/summary.txt" && status=1
done
exit $status
