#!/usr/bin/env bash
# Runs every test: formatting and lints, native tests, component tests in headless Chromium,
# and end-to-end tests against the release build served under a sub-path. Ends with the size
# report of the first-render files.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --offline --workspace --all-targets -- -D warnings
cargo clippy --offline --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests"
cargo test --offline --workspace

step "component tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --offline --target wasm32-unknown-unknown --test components

step "release build under the sub-path /wenji/"
dist=target/e2e/dist
trunk build --release --public-url /wenji/ --dist "$dist"

step "end-to-end tests (Playwright, Debian Chromium)"
WENJI_DIST="$dist" node --test --test-concurrency=1 tests/e2e/*.test.mjs

step "first-render size"
node scripts/size-report.mjs "$dist"
