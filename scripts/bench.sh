#!/usr/bin/env bash
# The performance bench (issues 8 and 12): builds the release site, then measures sizes, page
# loads under mobile throttling, conversion throughput, `wenji build` of 100 camera photos (time,
# peak memory, rebuild from the cache, bytes per width), `wenji build` of a generated
# 10,000-article site with every page, and cold loads on that site. Prints a table with every
# budget and PASS/FAIL, and writes it to target/bench/results.json. Takes about ten minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

dist=target/bench/dist
trunk build --release --public-url /wenji/ --dist "$dist"
node scripts/bench.mjs "$dist"
