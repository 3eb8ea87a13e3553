#!/usr/bin/env bash
# Runs FerretDB's own Go tests of the packages our patches touch, on a fresh copy of the pinned
# module source with the patches applied exactly as install.sh applies them.
#
#   bash tools/infra/test-ferretdb-patch.sh              # all tests of the touched packages
#   bash tools/infra/test-ferretdb-patch.sh -run Pushdown  # extra `go test` arguments
#
# Offline apart from the Go module proxy (modules already in the cache are not fetched again).
# The generic backend tests in ./internal/backends need a PostgreSQL server and are not run;
# the SQLite backend and handler tests need nothing. The debug build tag turns on FerretDB's
# contract checks (e.g. leaked iterators and transactions panic).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/infra/ferretdb-source.sh
. "$ROOT/tools/infra/ferretdb-source.sh"

if command -v go >/dev/null 2>&1; then
  GO=$(command -v go)
elif [ -x /usr/local/go/bin/go ]; then
  GO=/usr/local/go/bin/go
else
  echo "Go is needed to run the FerretDB patch tests." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ferretdb_source "$GO" "$work"
# FerretDB's testutil finds the repository root by its .git; the module copy has none.
mkdir "$work/.git"

cd "$work"
GOFLAGS=-buildvcs=false "$GO" test -tags ferretdb_debug -count=1 -timeout 20m "$@" \
  ./internal/backends/sqlite/... \
  ./internal/handler/... \
  ./internal/util/fsql/...
