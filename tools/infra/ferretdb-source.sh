# Sourced by install.sh and test-ferretdb-patch.sh: the pinned FerretDB module and the patches our
# build applies to it, in order (docs/adr/003, docs/adr/010).
#   ferretdb-serialize-writes.patch  a mutex around update/findAndModify/delete (lost updates)
#   ferretdb-pushdown.patch          SQLite filter/sort/limit pushdown with field statistics

FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.2
FERRETDB_PATCHES=(ferretdb-serialize-writes.patch ferretdb-pushdown.patch)

# ferretdb_source GO DEST [PATCH...]: copies the pinned module source into the (new or empty)
# directory DEST, stamps build/version/version.txt (FerretDB panics at start without it,
# docs/adr/004) and applies the patches (default: FERRETDB_PATCHES). Any patch that does not apply
# exactly fails the whole thing, loudly.
ferretdb_source() {
  local go=$1 dest=$2 infra src p
  shift 2
  local patches=("$@")
  if [ ${#patches[@]} -eq 0 ]; then
    patches=("${FERRETDB_PATCHES[@]}")
  fi
  infra=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  src=$("$go" mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -z "$src" ]; then
    echo "Could not download $FERRETDB_MODULE@$FERRETDB_VERSION" >&2
    return 1
  fi
  # explicit checks: callers may run this where `set -e` does not apply (`ferretdb_source … || …`)
  cp -r "$src/." "$dest/" || return 1
  chmod -R u+w "$dest" || return 1
  echo "$FERRETDB_VERSION" >"$dest/build/version/version.txt" || return 1
  for p in "${patches[@]}"; do
    # --fuzz=0: the source is pinned, so every hunk must match exactly; --forward --batch: never
    # ask, never reverse; a failure stops the build rather than leaving a half-patched server.
    if ! patch --batch --forward --fuzz=0 --no-backup-if-mismatch -s -p1 -d "$dest" <"$infra/$p"; then
      echo "ERROR: $p does not apply to $FERRETDB_MODULE@$FERRETDB_VERSION; FerretDB was not built." >&2
      return 1
    fi
  done
}
