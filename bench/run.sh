#!/usr/bin/env bash
# make bench (after make build): inputs → native bench → size report →
# (Presidio, with PRESIDIO=1) → bench/run.mjs, which runs the wasm and peer
# measurements and prints the Markdown table. Everything lands in bench/out/
# (git-ignored). Installs what it needs on first use, cached like make setup.
# BASELINE=<commit> adds that commit's package, timed in the same process.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CACHE="${PHI_GUARD_CACHE:-$HOME/.cache/phi-guard}"
TWIGGY_VERSION=0.7.0
OUT=bench/out
mkdir -p "$OUT"
log() { printf '[bench] %s\n' "$*" >&2; }

# Peer packages: only the bench needs them, so make setup does not install them.
stamp=bench/node_modules/.phi-guard-lock-hash
hash=$( (cat bench/package-lock.json; node --version) | sha256sum | cut -c1-32)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  log "npm ci in bench/"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$hash" > "$stamp"
fi

log "generating inputs (seeded)"
node bench/inputs.mjs "$OUT/inputs" >&2

log "native bench (profile bench-native)"
# On x86-64, built for CPUs with SSSE3 (x86-64-v2 has it), as a server build
# would be: the byte-class lookups of src/detect/find.rs then inline instead
# of checking the CPU and calling out of line every 16 bytes, and LLVM may
# use SSSE3 throughout (0.79 of the time on log-1MB natively, 0.73 on
# html-1MB). The wasm build is not affected. RUSTFLAGS is set only here, so
# a config's rustflags still apply elsewhere.
if [ "$(uname -m)" = x86_64 ]; then
  [ -n "${CARGO_ENCODED_RUSTFLAGS:-}" ] && log "CARGO_ENCODED_RUSTFLAGS is set and wins over RUSTFLAGS: the native bench may lack +ssse3"
  RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+ssse3" nice cargo bench --quiet --profile bench-native --bench native -- "$OUT/inputs/manifest.json" "$OUT/native.json" >&2
else
  nice cargo bench --quiet --profile bench-native --bench native -- "$OUT/inputs/manifest.json" "$OUT/native.json" >&2
fi

# Size by crate: twiggy on the release wasm as cargo wrote it (names intact,
# before wasm-bindgen and wasm-opt; twiggy 0.7 cannot parse wasm-opt's output,
# nor SIMD instructions, so it reads a twin built without simd128 in its own
# target dir: the same code but for the few 16-byte searches in
# src/detect/find.rs).
if [ ! -x "$CACHE/tools/twiggy-$TWIGGY_VERSION/bin/twiggy" ]; then
  log "cargo install twiggy $TWIGGY_VERSION (a few minutes, once)"
  nice cargo install -q twiggy --version "=$TWIGGY_VERSION" --root "$CACHE/tools/twiggy-$TWIGGY_VERSION.tmp" >&2
  rm -rf "$CACHE/tools/twiggy-$TWIGGY_VERSION" && mv "$CACHE/tools/twiggy-$TWIGGY_VERSION.tmp" "$CACHE/tools/twiggy-$TWIGGY_VERSION"
fi
log "wasm twin without simd128, for twiggy"
# shellcheck disable=SC1091
source .toolchain.env
[ -n "$WASM_PATH" ] && export PATH="$WASM_PATH:$PATH"
CARGO_TARGET_DIR=target/wasm-nosimd RUSTFLAGS="-C target-feature=-simd128" nice cargo build --quiet --lib --release --target wasm32-unknown-unknown >&2
RAW=target/wasm-nosimd/wasm32-unknown-unknown/release/phi_guard.wasm
rm -f "$OUT/deps.json"
if "$CACHE/tools/twiggy-$TWIGGY_VERSION/bin/twiggy" top -n 100000 --format json "$RAW" > "$OUT/twiggy.json"; then
  node bench/deps.mjs "$OUT/twiggy.json" "$OUT/deps.json" \
    "twiggy $TWIGGY_VERSION top: shallow sizes in the release wasm as cargo wrote it, before wasm-bindgen and wasm-opt, summed by crate; uncompressed, so shares, not shipped bytes"
else
  log "twiggy failed: no size-by-crate table this run"
fi

rm -f "$OUT/presidio.json"
if [ "${PRESIDIO:-0}" = 1 ]; then
  bash bench/presidio/setup.sh
  log "Presidio"
  nice "$CACHE/presidio-venv/bin/python" bench/presidio/run.py "$OUT/inputs/manifest.json" "$OUT/presidio.json" >&2
fi

nice node bench/run.mjs

# BASELINE=<commit>: that commit's package, built once into bench/out (kept
# between runs), timed against this tree's in one process (bench/ab.mjs).
if [ -n "${BASELINE:-}" ]; then
  sha=$(git rev-parse --short=12 "$BASELINE^{commit}")
  B="$OUT/baseline-$sha"
  if [ ! -f "$B/js/dist/node.js" ]; then
    log "building the baseline package at $sha"
    rm -rf "$B" && mkdir -p "$B"
    git archive "$sha" | tar -x -C "$B"
    cp .toolchain.env "$B/"
    ln -s "$ROOT/js/node_modules" "$B/js/node_modules"
    (cd "$B" && nice bash scripts/build.sh >&2)
  fi
  log "against $sha, one process"
  nice node bench/ab.mjs "$ROOT/$B/js/dist" "commit $sha" "$OUT/ab.json" | tee -a "$OUT/results.md"
fi
