#!/usr/bin/env bash
# make build: Rust core → wasm (wasm-pack, --target web) → wasm-opt -Os → js/dist.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# The wasm-opt passes, shared with bench/run.sh (which reruns them keeping names).
WASM_OPT_FLAGS="-Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types"
if [ "${1:-}" = --print-wasm-opt-flags ]; then echo "$WASM_OPT_FLAGS"; exit 0; fi
# shellcheck disable=SC1091
source .toolchain.env
export PATH="$WASM_BINDGEN_BIN:$WASM_PACK_BIN:$PATH"
[ -n "$WASM_PATH" ] && export PATH="$WASM_PATH:$PATH"
# The wasm build gets its own target dir: its rustc may differ from the host one.
export CARGO_TARGET_DIR="$ROOT/target/wasm"

wasm-pack --quiet build . --target web --release --mode no-install --out-dir pkg --out-name phi_guard >&2
WASM=pkg/phi_guard_bg.wasm
before=$(stat -c %s "$WASM")
# shellcheck disable=SC2086
js/node_modules/.bin/wasm-opt $WASM_OPT_FLAGS "$WASM" -o "$WASM.opt"
mv "$WASM.opt" "$WASM"
after=$(stat -c %s "$WASM")
gz=$(gzip -9 -c "$WASM" | wc -c)
echo "[build] wasm: $before → $after bytes after wasm-opt -Os; $gz gzipped" >&2

(cd js && npm run --silent build)
