#!/usr/bin/env bash
# The performance bench (issue #8): builds the release site and the native tool, then measures
# sizes, page loads under mobile throttling, the script switch, conversion throughput against
# opencc-js, memory and `wenji build` at scale. Prints a table with every budget and PASS/FAIL,
# and writes it to target/bench/results.json. Takes about five minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

dist=target/bench/dist
trunk build --release --public-url /wenji/ --dist "$dist"
cargo build --release --offline --bin wenji
node scripts/bench.mjs "$dist"
