#!/usr/bin/env bash
# make bench-profile: where the wasm build's time goes under Node, per pass
# and per detector, on the 1 MB bench inputs. Two tables (bench/out/profile.md):
#
# - Per pass: V8's sampling profiler over a build whose passes (the label
#   trie's, the digit index, the name pass, the dates' and street lines'
#   walk, propagation, each detector) are kept out of line, each a function
#   of its own, so their self time is theirs. The shipped build inlines most
#   of them into one function (`scan_segment`), whose self time says
#   nothing of its parts; kept apart they run at the shipped build's speed
#   (measured 1.006 of its time on log-1MB), so the shares hold for it.
# - Per detector: the shipped build's time with all detectors, against the
#   time with one turned off (`disableDetectors`), both guards in one
#   process, calls alternating.
#
# Wall time, not instructions (`make bench-fuel` counts those): a pass can
# cost more time than its share of instructions (branches it mispredicts,
# SIMD look-ups V8 builds from more x86 instructions than native code). The
# out-of-line build is made from a copy of the tree under bench/out (the
# source tree is not touched), its target dir kept for the next run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT=bench/out
log() { printf '[bench-profile] %s\n' "$*" >&2; }

[ -f js/dist/node.js ] || { log "js/dist is missing: run make build"; exit 1; }
[ -f "$OUT/inputs/manifest.json" ] || { log "generating inputs (seeded)"; node bench/inputs.mjs "$OUT/inputs" >&2; }

# shellcheck disable=SC1091
source .toolchain.env
export PATH="$WASM_BINDGEN_BIN:$PATH"
[ -n "$WASM_PATH" ] && export PATH="$WASM_PATH:$PATH"

# The passes kept out of line: file, then the start of the function's
# signature, which must occur exactly once in that file.
PASSES=(
  "src/labels.rs|pub(crate) fn find_labels("
  "src/detect/find.rs|pub(crate) fn digit_index("
  "src/detect/names.rs|pub(crate) fn names("
  "src/detect/mod.rs|fn date_and_address_matches("
  "src/detect/mod.rs|fn labelled_values("
  "src/detect/mod.rs|fn redaction_tokens("
  "src/detect/mod.rs|pub(crate) fn resolve("
  "src/detect/dates.rs|pub(crate) fn date_and_age_matches("
  "src/detect/dates.rs|pub(crate) fn dates_and_ages_of("
  "src/detect/locations.rs|pub(crate) fn addresses_of("
  "src/detect/contact.rs|pub(crate) fn emails("
  "src/detect/contact.rs|pub(crate) fn phones("
  "src/detect/contact.rs|pub(crate) fn urls("
  "src/detect/contact.rs|pub(crate) fn path_ids("
  "src/detect/contact.rs|pub(crate) fn ips("
  "src/detect/identifiers.rs|pub(crate) fn ssns("
  "src/detect/identifiers.rs|pub(crate) fn mbis("
  "src/detect/identifiers.rs|pub(crate) fn vins("
  "src/detect/financial.rs|pub(crate) fn cards("
  "src/detect/financial.rs|pub(crate) fn ibans("
  "src/detect/secrets.rs|pub(crate) fn secrets("
  "src/guard.rs|fn propagate("
)

TREE="$OUT/profile-tree"
rm -rf "$TREE/src" && mkdir -p "$TREE"
cp -r src Cargo.toml Cargo.lock .cargo "$TREE/"
no_inline=()
for pass in "${PASSES[@]}"; do
  file=${pass%%|*} sig=${pass#*|}
  name=${sig##*fn }
  name=${name%(}
  node -e '
    const [file, sig] = process.argv.slice(1);
    const fs = require("fs");
    const s = fs.readFileSync(file, "utf8");
    const at = s.split("\n" + sig).length - 1;
    if (at !== 1) { console.error(`[bench-profile] ${sig} occurs ${at} times at the start of a line in ${file}: update bench/profile.sh`); process.exit(1); }
    fs.writeFileSync(file, s.replace("\n" + sig, "\n#[inline(never)]\n" + sig));
  ' "$TREE/$file" "$sig"
  # The pass itself (its name ends the path) and any instance of it
  # (generic arguments follow it); a pattern ending in `::*` kept only
  # the passes whose module shares their name (`names::names`) and let
  # wasm-opt inline the rest into `scan_plain`.
  no_inline+=("--no-inline=*::${name}" "--no-inline=*::${name}<*")
done

log "building the out-of-line wasm (its own target dir, kept)"
(cd "$TREE" && CARGO_TARGET_DIR="$ROOT/$OUT/profile-target" nice cargo build --quiet --lib --release --target wasm32-unknown-unknown >&2)
PKG="$OUT/profile-pkg"
rm -rf "$PKG" && mkdir -p "$PKG"
wasm-bindgen "$OUT/profile-target/wasm32-unknown-unknown/release/phi_guard.wasm" --out-dir "$PKG" --out-name phi_guard --target web --experimental-reset-state-function --keep-debug
read -r -a opt_flags <<< "$(bash scripts/build.sh --print-wasm-opt-flags)"
# With names (-g), and the passes out of line in wasm-opt's output too (it
# inlines a function with one caller).
js/node_modules/.bin/wasm-opt -g "${no_inline[@]}" "${opt_flags[@]}" "$PKG/phi_guard_bg.wasm" -o "$PKG/named.wasm"
DIST="$OUT/profile-dist"
rm -rf "$DIST" && cp -r js/dist "$DIST" && cp "$PKG/named.wasm" "$DIST/wasm/phi_guard_bg.wasm"

node bench/profile.mjs "$DIST" js/dist "$OUT/profile.md"
