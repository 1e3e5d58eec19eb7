#!/usr/bin/env bash
# Builds Wenji with the demo content (or the Markdown in $WENJI_CONTENT) and serves it at
# http://127.0.0.1:8080/, rebuilding when the app or the content changes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Encoded photos are cached outside the watched folders: a cache written inside the content
# folder would look like an edit and start the build again.
export WENJI_CACHE="${WENJI_CACHE:-$PWD/target/wenji-cache}"
watch=()
if [[ -n "${WENJI_CONTENT:-}" ]]; then
  # Content outside the project is watched too.
  watch=(--watch . --watch "$WENJI_CONTENT")
fi
exec trunk serve "${watch[@]}" "$@"
