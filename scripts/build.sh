#!/usr/bin/env bash
# make build: Rust core → wasm (cargo, then wasm-bindgen --target web) → wasm-opt -O3 --converge → js/dist.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# The wasm-opt passes, shared with bench/run.sh (which reruns them keeping names).
# -O3 --converge, measured against -Os --converge on the same cargo output
# (2026-12-02): 518 bytes smaller gzipped (252,835 vs 253,353 with gzip -9),
# 0.5-1.3% fewer wasm instructions on every bench input, and no slower in
# paired timings. -O4 is 1.5 KB larger; -O2 2.9 KB larger. --converge repeats
# the passes until the module stops shrinking (10-20 s more build).
# --no-inline keeps src/config.rs `out_of_line` a function of its own (wasm-opt
# inlines every function that has one caller): V8 compiles a function on its
# first call, so what a config needs only sometimes stays out of what every
# createGuard() compiles, and a detector's body out of what every first scan
# compiles. The pattern matches the name wasm-bindgen's output
# still carries here; the shipped module has no names. The flags are split
# without globbing where they are used (here and bench/fuel.sh).
# --low-memory-unused lets the optimizer fold a pointer's added constant
# (under 1 KB) into the load or store's offset, which differs from the add
# only where the add wraps past 4 GB to an address under 1 KB. Rust's wasm
# layout puts the stack first, growing down from 1 MB to 0, and the data and
# heap above it: no pointer wraps there, and the low 1 KB is the last of the
# stack. Measured 2026-12-08 on the same cargo output: 905 bytes smaller
# gzipped (255,924 -> 255,019), see bench/HISTORY.md.
# --strip-producers and --strip-target-features drop two custom sections
# that only tools read (the toolchain's names; the features the linker
# checks): 197 bytes gzipped. No runtime reads either.
WASM_OPT_FLAGS="--no-inline=phi_guard::config::out_of_line::* -O3 --converge --low-memory-unused --strip-producers --strip-target-features --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types"
if [ "${1:-}" = --print-wasm-opt-flags ]; then echo "$WASM_OPT_FLAGS"; exit 0; fi
# shellcheck disable=SC1091
source .toolchain.env
export PATH="$WASM_BINDGEN_BIN:$PATH"
[ -n "$WASM_PATH" ] && export PATH="$WASM_PATH:$PATH"
# The wasm build gets its own target dir: its rustc may differ from the host one.
export CARGO_TARGET_DIR="$ROOT/target/wasm"

# cargo + wasm-bindgen directly rather than wasm-pack: wasm-pack 0.15 cannot
# pass --experimental-reset-state-function through, and the JS guard needs the
# `__wbg_reset_state()` it generates to replace a trapped instance (DESIGN.md,
# "Trap recovery"). Same commands wasm-pack ran (cargo build --lib --release,
# then wasm-bindgen --target web), so pkg/ keeps its layout; with the flag off
# the output was byte-identical to wasm-pack's.
cargo build --quiet --lib --release --target wasm32-unknown-unknown >&2
RAW="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/phi_guard.wasm"
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version | awk '{ print $2 }')
if [ "$want" != "$have" ]; then
  echo "[build] wasm-bindgen CLI $have does not match the crate's $want (Cargo.lock): run make setup" >&2
  exit 1
fi
rm -f pkg/phi_guard.js pkg/phi_guard.d.ts pkg/phi_guard_bg.wasm pkg/phi_guard_bg.wasm.d.ts
wasm-bindgen "$RAW" --out-dir pkg --out-name phi_guard --target web --experimental-reset-state-function
grep -q '^export function __wbg_reset_state' pkg/phi_guard.js || { echo '[build] wasm-bindgen emitted no __wbg_reset_state' >&2; exit 1; }
WASM=pkg/phi_guard_bg.wasm
before=$(stat -c %s "$WASM")
# shellcheck disable=SC2086
# Split on spaces without globbing (the --no-inline pattern holds a `*`).
read -r -a opt_flags <<< "$WASM_OPT_FLAGS"
js/node_modules/.bin/wasm-opt "${opt_flags[@]}" "$WASM" -o "$WASM.opt"
mv "$WASM.opt" "$WASM"
after=$(stat -c %s "$WASM")
gz=$(gzip -9 -c "$WASM" | wc -c)
echo "[build] wasm: $before → $after bytes after wasm-opt -O3 --converge; $gz gzipped" >&2

(cd js && npm run --silent build)
