#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after the other.
#
#   fuzz/run.sh [seconds per target] [target ...]
#
# `make fuzz-short` (part of `make test`) gives each target 20 s,
# `make fuzz` 300 s (FUZZ_SECONDS overrides both). Exits non-zero on the
# first target that finds a crash or a broken invariant; the input is saved
# under fuzz/artifacts/<target>/ and can be replayed with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none <target> <file>
#
# Stable Rust only: with `-s none` cargo-fuzz passes no `-Z` flag (only
# -Cpasses=sancov-module and -Cllvm-args), so stable builds the targets as
# they are. The core is safe Rust, where AddressSanitizer mostly halves the
# speed; FUZZ_SANITIZER=address still works on stable through
# RUSTC_BOOTSTRAP=1 (for `-Zsanitizer=address`; rustup's stable ships
# librustc-stable_rt.asan.a).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
[ -f .toolchain.env ] && source .toolchain.env
[ -n "${CARGO_FUZZ_BIN:-}" ] && export PATH="$CARGO_FUZZ_BIN:$PATH"
command -v cargo-fuzz >/dev/null || { echo "[fuzz] cargo-fuzz is missing: run make setup" >&2; exit 1; }

SECONDS_PER_TARGET="${1:-${FUZZ_SECONDS:-20}}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(scan_text scan_json scan_html scan_url scan_csv config classify)
SANITIZER="${FUZZ_SANITIZER:-none}"
# libFuzzer's -seed: 0 picks a random one. `make fuzz-short` fixes it to 1 so
# that `make test` replays the same mutations (up to the time limit).
SEED="${FUZZ_SEED:-0}"
# FUZZ_RUNS: a fixed number of inputs per target instead of a time budget
# (`make fuzz-short` sets it), so a slower or faster machine explores the
# same amount; the time budget then only caps a run that stalls.
# With a fixed seed and FUZZ_RUNS the run is made to repeat input for input
# in the same checkout (`make fuzz-short`, so a failure seen once is seen
# again): -reload=0 stops libFuzzer re-reading the corpus directory every
# second, which shifted the mutation sequence by however many inputs ran by
# then, and `setarch -R` turns off address randomisation, because libFuzzer
# feeds the values the target compares, pointers among them, back into its
# mutations. Checked by running twice: the same corpora. A clone at another
# path, or another environment, still takes other inputs from the same
# seed (heap and stack addresses move with them; remapping the path in the
# binary was not enough), so CI explores a little differently from here.
LIMIT=(-max_total_time="$SECONDS_PER_TARGET")
RUN=()
if [ -n "${FUZZ_RUNS:-}" ]; then
  LIMIT=(-runs="$FUZZ_RUNS" -max_total_time=$(( SECONDS_PER_TARGET * 6 )) -reload=0)
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    RUN=(setarch "$(uname -m)" -R)
  else
    echo "[fuzz] setarch -R is not available: this run may differ from another with the same seed" >&2
  fi
fi
[ "$SANITIZER" = none ] || export RUSTC_BOOTSTRAP=1

node fuzz/seed.mjs
t0=$(date +%s)
mkdir -p fuzz/artifacts
if ! (cd fuzz && nice cargo fuzz build -s "$SANITIZER" >artifacts/build.log 2>&1); then
  tail -30 fuzz/artifacts/build.log >&2
  echo "[fuzz] build failed" >&2
  exit 1
fi
echo "[fuzz] build: $(( $(date +%s) - t0 )) s" >&2
status=0
for t in "${TARGETS[@]}"; do
  t1=$(date +%s)
  log="fuzz/artifacts/$t.log"
  mkdir -p "fuzz/artifacts/$t"
  # -timeout: one input taking over 10 s is a hang, reported like a crash.
  # -rss_limit_mb: memory blow-ups are reported too.
  if (cd fuzz && nice "${RUN[@]}" cargo fuzz run -s "$SANITIZER" "$t" "corpus/$t" -- \
        "${LIMIT[@]}" -seed="$SEED" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"../$log" 2>&1); then
    execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")
    echo "[fuzz] $t: ok, ${execs:-?} inputs in $(( $(date +%s) - t1 )) s, corpus $(ls "fuzz/corpus/$t" | wc -l)" >&2
  else
    status=1
    echo "[fuzz] $t: FAILED after $(( $(date +%s) - t1 )) s; log $log; input:" >&2
    ls -1 "fuzz/artifacts/$t" >&2 || true
    grep -E "panicked at|assertion|ERROR: libFuzzer|SUMMARY" "$log" | head -5 >&2 || true
  fi
done
exit $status
