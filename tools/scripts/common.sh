# Shared by start.sh and test.sh: everything a fresh machine needs before the system can run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

require_node() {
  if ! command -v node >/dev/null 2>&1; then
    echo "Node.js 20.19 or newer is needed (https://nodejs.org/)." >&2
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "Node.js 20.19 or newer is needed; this is $(node -v)." >&2
    exit 1
  fi
}

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm dependencies (npm ci)…" >&2
    npm ci --no-audit --no-fund
  fi
}

ensure_infra() {
  bash tools/infra/install.sh
}

build() {
  echo "Building (tsc -b)…" >&2
  npx tsc -b tsconfig.build.json
}

prepare() {
  require_node
  ensure_node_modules
  ensure_infra
  build
}
