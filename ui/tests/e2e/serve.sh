#!/usr/bin/env bash
# Start `zonepress serve` on a fresh demo workspace for the end-to-end tests.
set -euo pipefail
port="${1:-8479}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${ZONEPRESS_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/zonepress-target}/debug/zonepress}"
ws="$(mktemp -d /tmp/zonepress-e2e.XXXXXX)"
"$bin" --workspace "$ws" init --demo >/dev/null
exec "$bin" --workspace "$ws" serve --bind "127.0.0.1:$port" --ui "$here/dist"
