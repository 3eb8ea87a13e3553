#!/usr/bin/env bash
# Builds the FerretDB we ran before ferretdb-pushdown.patch (the pinned module with
# ferretdb-serialize-writes.patch only) as <tools>/bin/ferretdb-baseline, for the before/after
# benchmark (npm run bench:ferretdb). Nothing else uses it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS_DIR=${ORBITA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orbita-tools}
BIN="$TOOLS_DIR/bin"
# shellcheck source=tools/infra/ferretdb-source.sh
. "$ROOT/tools/infra/ferretdb-source.sh"
BASELINE_BUILD=$FERRETDB_VERSION+serialized-writes

if [ -x "$BIN/ferretdb-baseline" ] && [ "$(cat "$BIN/ferretdb-baseline.version" 2>/dev/null)" = "$BASELINE_BUILD" ]; then
  exit 0
fi

if command -v go >/dev/null 2>&1; then
  GO=$(command -v go)
elif [ -x /usr/local/go/bin/go ]; then
  GO=/usr/local/go/bin/go
else
  echo "Go is needed to build the baseline FerretDB." >&2
  exit 1
fi

mkdir -p "$BIN"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Building ferretdb-baseline $BASELINE_BUILD (first time only)…" >&2
ferretdb_source "$GO" "$work" ferretdb-serialize-writes.patch
(cd "$work" && GOFLAGS=-buildvcs=false "$GO" build -trimpath -o "$BIN/ferretdb-baseline.new" ./cmd/ferretdb)
mv -f "$BIN/ferretdb-baseline.new" "$BIN/ferretdb-baseline"
echo "$BASELINE_BUILD" >"$BIN/ferretdb-baseline.version"
