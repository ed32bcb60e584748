#!/usr/bin/env bash
# make bench-fuel: wasm instructions per scan (bench/fuel/run.py), for this
# tree and, with BASELINE=<commit>, for that commit in the same run, checking
# that both give the same findings. DETECTORS=1 adds each detector's share.
# Needs what make setup installs (wasm toolchain, wasm-opt) plus wasmtime for
# Python, installed once into a virtualenv cached like Presidio's.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CACHE="${PHI_GUARD_CACHE:-$HOME/.cache/phi-guard}"
WASMTIME_PIN="wasmtime==50.0.1"
OUT=bench/out
mkdir -p "$OUT"
log() { printf '[bench-fuel] %s\n' "$*" >&2; }

VENV="$CACHE/fuel-venv"
if [ ! -f "$VENV/.phi-guard-pins" ] || [ "$(cat "$VENV/.phi-guard-pins")" != "$WASMTIME_PIN" ]; then
  log "creating $VENV ($WASMTIME_PIN)"
  rm -rf "$VENV" && python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "$WASMTIME_PIN" >&2
  echo "$WASMTIME_PIN" > "$VENV/.phi-guard-pins"
fi

[ -f "$OUT/inputs/manifest.json" ] || { log "generating inputs (seeded)"; node bench/inputs.mjs "$OUT/inputs" >&2; }

# shellcheck disable=SC1091
source .toolchain.env
[ -n "$WASM_PATH" ] && export PATH="$WASM_PATH:$PATH"
# The wasm-opt passes of a tree: its own build's, as for its rustflags (a
# baseline counted with today's passes would hide a pass's own effect); one
# from before build.sh printed them gets this tree's.
tree_opt_flags() {
  if grep -q -- '--print-wasm-opt-flags' "$1/scripts/build.sh" 2>/dev/null; then
    bash "$1/scripts/build.sh" --print-wasm-opt-flags
  else
    bash scripts/build.sh --print-wasm-opt-flags
  fi
}

# driver <phi-guard tree> <work dir> <out.wasm>: this tree's driver crate (a
# baseline may predate it), copied into the work dir (under bench/out, so
# nothing lands in the source tree) with its path pointed at <tree> and that
# tree's Cargo.lock (the same dependency versions as its release build), then
# built with the release build's wasm-opt passes: the count is of the shipped
# code. The wasm rustflags (+simd128, the inlining threshold) are <tree>'s
# own, read from its .cargo/config.toml: cargo would otherwise take this
# tree's, the work dir being under it, and a baseline would be counted with
# today's flags, so a flag's own cost would never show in the ratio.
tree_rustflags() {
  python3 - "$1/.cargo/config.toml" <<'PY'
import sys, tomllib
try:
    with open(sys.argv[1], "rb") as f:
        c = tomllib.load(f)
except FileNotFoundError:
    c = {}
flags = c.get("target", {}).get("wasm32-unknown-unknown", {}).get("rustflags") or c.get("build", {}).get("rustflags") or []
print("\x1f".join(flags))
PY
}
driver() {
  local tree=$1 work=$2 wasm=$3
  rm -rf "$work/driver" && mkdir -p "$work/driver"
  cp -r bench/fuel/src "$work/driver/"
  sed "s#^phi-guard = { path = \"../..\" }#phi-guard = { path = \"$tree\" }#" bench/fuel/Cargo.toml > "$work/driver/Cargo.toml"
  cp "$tree/Cargo.lock" "$work/driver/"
  # A tree from before `text_from_utf8` checked its input with the standard
  # library's `from_utf8`: the driver does the same there.
  local features=()
  grep -q "pub fn text_from_utf8" "$tree/src/offsets.rs" || features=(--features std-utf8)
  local flags
  flags=$(tree_rustflags "$tree")
  (cd "$work/driver" && CARGO_ENCODED_RUSTFLAGS="$flags" CARGO_TARGET_DIR="$work/target" nice cargo build --quiet --release --target wasm32-unknown-unknown "${features[@]}" >&2)
  local opt_flags
  read -r -a opt_flags <<< "$(tree_opt_flags "$tree")"
  js/node_modules/.bin/wasm-opt "${opt_flags[@]}" "$work/target/wasm32-unknown-unknown/release/phi_guard_fuel.wasm" -o "$wasm"
}

log "driver over this tree"
driver "$ROOT" "$ROOT/$OUT/fuel-current" "$OUT/fuel-driver.wasm"
args=("$OUT" "$OUT/inputs" "$OUT/fuel-driver.wasm")
if [ -n "${BASELINE:-}" ]; then
  sha=$(git rev-parse --short=12 "$BASELINE^{commit}")
  B="$ROOT/$OUT/fuel-baseline-$sha"
  # Rebuilt when this script or the driver changes, not otherwise (the
  # commit's own flags and passes do not change).
  stamp=$(cat bench/fuel.sh bench/fuel/Cargo.toml bench/fuel/src/*.rs | sha256sum | cut -c1-32)
  if [ ! -f "$B/fuel-driver.wasm" ] || [ "$(cat "$B/driver.stamp" 2>/dev/null)" != "$stamp" ]; then
    log "driver over $sha"
    rm -rf "$B" && mkdir -p "$B/tree"
    git archive "$sha" | tar -x -C "$B/tree"
    driver "$B/tree" "$B" "$B/fuel-driver.wasm"
    echo "$stamp" > "$B/driver.stamp"
  fi
  args+=("$B/fuel-driver.wasm" "commit $sha")
fi
log "counting"
DETECTORS="${DETECTORS:-0}" nice "$VENV/bin/python" bench/fuel/run.py "${args[@]}"
