#!/usr/bin/env bash
# Builds the local infrastructure servers from pinned Go module versions into the git-ignored tools
# folder (ORBITA_TOOLS_DIR, default ~/.cache/orbita-tools, shared by every clone of the repository).
# The first build takes minutes; later runs find the binaries and return at once. Pinned versions and the reasons for them: docs/adr/004.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS_DIR=${ORBITA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orbita-tools}
BIN="$TOOLS_DIR/bin"

NATS_MODULE=github.com/nats-io/nats-server/v2
NATS_VERSION=v2.14.5
# FERRETDB_MODULE, FERRETDB_VERSION, FERRETDB_PATCHES and ferretdb_source.
# shellcheck source=tools/infra/ferretdb-source.sh
. "$ROOT/tools/infra/ferretdb-source.sh"
# What the tools folder records for our build: the pinned module with our patches. Change it with
# every change of a patch: that makes existing tools folders rebuild FerretDB.
FERRETDB_BUILD=v1.24.2+serialized-writes+pushdown.3
# RELEASE.2025-10-15 (commit 9e49d5e7a648) is refused by the module proxy here (403); this is the
# newest pseudo-version it serves. See docs/adr/004.
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MAILPIT_MODULE=github.com/axllent/mailpit
MAILPIT_VERSION=v1.27.11

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  else
    return 1
  fi
}

installed() { # name version
  [ -x "$BIN/$1" ] && [ "$(cat "$BIN/$1.version" 2>/dev/null)" = "$2" ]
}

if installed nats-server "$NATS_VERSION" && installed ferretdb "$FERRETDB_BUILD" &&
  installed minio "$MINIO_VERSION" && installed mailpit "$MAILPIT_VERSION"; then
  exit 0
fi

if ! GO=$(find_go); then
  cat >&2 <<MSG
Go is needed to build the local infrastructure (NATS, FerretDB, MinIO, Mailpit) and was not found.
Install Go 1.24 or newer (https://go.dev/dl/) and run this again, or run the whole system with
Docker instead: docker compose up --build  (see README.md).
MSG
  exit 1
fi

if [ -L "$TOOLS_DIR" ] && [ ! -e "$TOOLS_DIR" ]; then
  echo "The tools folder $TOOLS_DIR is a symbolic link to a folder that does not exist ($(readlink "$TOOLS_DIR")); remove it or set ORBITA_TOOLS_DIR." >&2
  exit 1
fi
mkdir -p "$BIN"
exec 9>"$TOOLS_DIR/.install.lock"
flock 9
# Another run may have finished the build while we waited for the lock.

build() { # name module version
  local name=$1 module=$2 version=$3
  if installed "$name" "$version"; then
    return
  fi
  echo "Building $name $version with go install (first time only, this can take a few minutes)…" >&2
  GOBIN="$BIN" GOFLAGS=-buildvcs=false "$GO" install "$module@$version"
  echo "$version" >"$BIN/$name.version"
}

# FerretDB panics at start unless build/version/version.txt is stamped, which `go install
# module@version` cannot do; so build the same pinned module from a stamped copy of its source.
# The copy also gets our patches (ferretdb-source.sh): ferretdb-serialize-writes.patch, because
# FerretDB 1.24 updates documents by reading, changing and writing them back in separate steps, so
# concurrent updates of one document lose writes (docs/adr/003); ferretdb-pushdown.patch, because
# its SQLite backend reads the whole collection for any filter but {_id: value} (docs/adr/010).
build_ferretdb() {
  if installed ferretdb "$FERRETDB_BUILD"; then
    return
  fi
  echo "Building ferretdb $FERRETDB_BUILD (first time only, this can take a few minutes)…" >&2
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  if ! ferretdb_source "$GO" "$work"; then
    rm -rf "$work"
    exit 1
  fi
  if ! (cd "$work" && GOFLAGS=-buildvcs=false "$GO" build -trimpath -o "$BIN/ferretdb.new" ./cmd/ferretdb); then
    echo "ERROR: building the patched FerretDB failed." >&2
    rm -rf "$work"
    exit 1
  fi
  # replace the binary only once the new one is complete
  mv -f "$BIN/ferretdb.new" "$BIN/ferretdb"
  echo "$FERRETDB_BUILD" >"$BIN/ferretdb.version"
}

build nats-server "$NATS_MODULE" "$NATS_VERSION"
build_ferretdb
build minio "$MINIO_MODULE" "$MINIO_VERSION"
build mailpit "$MAILPIT_MODULE" "$MAILPIT_VERSION"
echo "Infrastructure servers are ready in $BIN" >&2
