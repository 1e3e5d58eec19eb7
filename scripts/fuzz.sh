#!/usr/bin/env bash
# Fuzzes the bundle checker, the Markdown parser and the converter with cargo-fuzz (libFuzzer,
# nightly). Each target runs for FUZZ_SECONDS (default 180). A crash leaves its input in
# fuzz/artifacts/<target>/; make it a regression test before fixing it.
#
#   scripts/fuzz.sh                 all three targets
#   FUZZ_SECONDS=600 scripts/fuzz.sh convert
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
seconds=${FUZZ_SECONDS:-180}
targets=("$@")
((${#targets[@]})) || targets=(check_document markdown convert)
for target in "${targets[@]}"; do
  echo "== $target for ${seconds}s"
  cargo +nightly fuzz run -O "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 2>&1 | grep -E "^(#[0-9]+ *DONE|Done|==[0-9]+==|SUMMARY|INFO: Running|stat::)" || true
  # The last status line says how many executions ran.
done
