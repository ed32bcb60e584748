#!/usr/bin/env bash
# make setup: install everything the build, the tests and the demo need.
#
# Idempotent: every step checks first and skips when already done, so a second
# run costs seconds. Tools are cached under $PHI_GUARD_CACHE (default
# ~/.cache/phi-guard), keyed on their versions.
#
# Writes .toolchain.env, read by the Makefile: WASM_PATH is the PATH prefix
# whose rustc/cargo can build wasm32-unknown-unknown.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${PHI_GUARD_CACHE:-$HOME/.cache/phi-guard}"
TARGET=wasm32-unknown-unknown
mkdir -p "$CACHE/tools"

log() { printf '[setup] %s\n' "$*" >&2; }
t0=$(date +%s)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  # Install Debian packages that are not installed yet.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $APT_UPDATED = 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# True when the rustc found first on PATH prefix $1 ('' = current PATH) has a
# wasm32 standard library installed.
has_wasm_std() {
  local prefix="$1" dir
  dir=$(PATH="${prefix:+$prefix:}$PATH" rustc --print target-libdir --target $TARGET 2>/dev/null) || return 1
  compgen -G "$dir/libstd-*.rlib" >/dev/null
}

# --- 1. a wasm32 standard library --------------------------------------------
ensure_wasm_std() {
  if has_wasm_std ""; then WASM_PATH=""; log "wasm32 std: present for $(rustc --version)"; return; fi
  if [ -x /usr/bin/rustc ] && has_wasm_std /usr/bin; then WASM_PATH=/usr/bin; log "wasm32 std: present for Debian $(/usr/bin/rustc --version)"; return; fi

  if command -v rustup >/dev/null 2>&1 && [ ! -e "$CACHE/rustup-target-failed" ]; then
    log "trying: rustup target add $TARGET (60 s limit)"
    if timeout 60 rustup target add $TARGET >&2 && has_wasm_std ""; then WASM_PATH=""; return; fi
    # Remember the failure so later runs go straight to the Debian route.
    touch "$CACHE/rustup-target-failed"
    log "rustup could not add the target; using Debian's rustc-web"
  fi

  apt_install rustc-web cargo-web rust-web-src lld-22
  WASM_PATH=/usr/bin
  if has_wasm_std /usr/bin; then return; fi

  local ver key libdir
  ver=$(/usr/bin/rustc -vV | sha256sum | cut -c1-16)
  key="$CACHE/wasm-std/$ver"
  libdir=$(PATH=/usr/bin:$PATH rustc --print sysroot)/lib/rustlib/$TARGET/lib
  if ! compgen -G "$key/libstd-*.rlib" >/dev/null; then
    log "building the wasm32 std once with $(/usr/bin/rustc --version) (about 2 minutes)"
    local tmp; tmp=$(mktemp -d)
    mkdir -p "$tmp/src"
    printf '[package]\nname = "wasm-std"\nversion = "0.0.0"\nedition = "2021"\n[profile.release]\npanic = "abort"\n' > "$tmp/Cargo.toml"
    : > "$tmp/src/lib.rs"
    (cd "$tmp" && PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$tmp/target" \
      cargo build -q --release -Z build-std=std,panic_abort --target $TARGET >&2)
    mkdir -p "$key.tmp"
    cp "$tmp/target/$TARGET/release/deps/"lib*.rlib "$key.tmp/"
    rm -rf "$key" && mv "$key.tmp" "$key"
    rm -rf "$tmp"
  fi
  as_root mkdir -p "$libdir"
  as_root cp "$key/"lib*.rlib "$libdir/"
  has_wasm_std /usr/bin || { log "error: wasm32 std still missing after install"; exit 1; }
  log "wasm32 std installed into $libdir"
}

# --- 2. wasm-bindgen-cli at exactly the Cargo.lock version ------------------
# (No wasm-pack: scripts/build.sh runs cargo and wasm-bindgen itself, since
# wasm-pack cannot pass --experimental-reset-state-function.)
lock_version() {
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_cargo_tool() { # name version binary
  local name="$1" ver="$2" bin="$3" root="$CACHE/tools/$1-$2"
  if [ -x "$root/bin/$bin" ]; then return; fi
  log "cargo install $name $ver (about 2 minutes)"
  # No --locked: this registry's index lacks some locked versions. Run from
  # outside the repository, so that its .cargo/config.toml (RUSTC_BOOTSTRAP
  # for the wasm build's flags) does not reach the tool's build.
  (cd / && cargo install -q "$name" --version "=$ver" --root "$root.tmp") >&2
  rm -rf "$root" && mv "$root.tmp" "$root"
}

ensure_lockfile() {
  [ -f "$ROOT/Cargo.lock" ] || (cd "$ROOT" && cargo generate-lockfile -q)
}

# --- 3. npm workspaces ------------------------------------------------------
# node_modules is reused while package-lock.json is unchanged (stamp = its hash).
ensure_npm() { # dir
  local dir="$1" stamp hash
  [ -f "$dir/package.json" ] || return 0
  stamp="$dir/node_modules/.phi-guard-lock-hash"
  hash=$( (cat "$dir/package-lock.json" 2>/dev/null; node --version) | sha256sum | cut -c1-32)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then return; fi
  log "npm ci in ${dir#$ROOT/}"
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  else
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
  fi
  echo "$hash" > "$stamp"
}

# --- 4. cargo-fuzz, for `make fuzz` and `make fuzz-short` ---------------------
# The targets build with stable Rust (`-s none` needs no `-Z` flag; see
# fuzz/run.sh). libfuzzer-sys compiles libFuzzer, which is C++: g++ is needed.
CARGO_FUZZ_VERSION=0.13.2
ensure_fuzz() {
  [ "${PHI_GUARD_SKIP_FUZZ:-0}" = 1 ] && return 0
  ensure_cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz
  command -v g++ >/dev/null 2>&1 || apt_install g++
}

ensure_browser() {
  [ "${PHI_GUARD_SKIP_BROWSER:-0}" = 1 ] && return 0
  [ -x /usr/bin/chromium ] && return 0
  apt_install chromium
}

ensure_wasm_std
ensure_lockfile
WBG_VERSION=$(lock_version wasm-bindgen)
[ -n "$WBG_VERSION" ] || { log "error: wasm-bindgen not found in Cargo.lock"; exit 1; }
ensure_cargo_tool wasm-bindgen-cli "$WBG_VERSION" wasm-bindgen
ensure_fuzz
ensure_npm "$ROOT/js"
ensure_npm "$ROOT/example-nextjs"
ensure_browser

cat > "$ROOT/.toolchain.env" <<EOF
# Written by scripts/setup.sh; read by the Makefile. Not committed.
WASM_PATH=$WASM_PATH
WASM_BINDGEN_BIN=$CACHE/tools/wasm-bindgen-cli-$WBG_VERSION/bin
CARGO_FUZZ_BIN=$CACHE/tools/cargo-fuzz-$CARGO_FUZZ_VERSION/bin
EOF
log "ready in $(( $(date +%s) - t0 )) s"
