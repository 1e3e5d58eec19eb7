#!/usr/bin/env bash
# Builds Wenji with the demo content and serves it at http://127.0.0.1:8080/ (rebuilds on change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
exec trunk serve "$@"
