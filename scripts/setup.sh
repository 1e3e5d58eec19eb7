#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Wenji needs, each tool only when it is
# missing or at the wrong version, from the package registries only (crates.io, npm, Debian).
# Safe to run again: with everything present it finishes in seconds.
#
#   scripts/setup.sh          build tools: wasm32 target, trunk, wasm-bindgen, wasm-opt
#   scripts/setup.sh --test   also Chromium, ChromeDriver, CJK fonts and nginx for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
want_browsers=false
[[ "${1:-}" == "--test" ]] && want_browsers=true

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Tool builds take minutes on two cores; thin LTO-free release builds halve that.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

apt_missing=()
need_apt() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || apt_missing+=("$1"); }
command -v node >/dev/null && command -v npm >/dev/null || { need_apt nodejs; need_apt npm; }
if $want_browsers; then
  need_apt chromium
  need_apt chromium-driver
  need_apt fonts-noto-cjk
  need_apt nginx
fi
if ((${#apt_missing[@]})); then
  say "installing Debian packages: ${apt_missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Node packages (playwright-core, and binaryen for wasm-opt) exactly as locked.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat node_modules/.wenji-lock 2>/dev/null)" != "$lock_hash" ]]; then
  say "installing node packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.wenji-lock
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on two cores)"
  # trunk declares a newer rust-version than it needs.
  fast_install --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]]; then
  say "installing wasm-bindgen-cli $bindgen_version (about 5 minutes)"
  # Not --locked: its lock file names a webpki-roots version the registry no longer has.
  fast_install wasm-bindgen-cli --version "$bindgen_version" --force
fi
grep -q "wasm_bindgen = \"$bindgen_version\"" Trunk.toml ||
  { echo "Trunk.toml [tools] wasm_bindgen must be $bindgen_version (Cargo.lock)" >&2; exit 1; }

# trunk runs cargo with --offline, so the crates must already be here.
cargo fetch --locked --quiet
