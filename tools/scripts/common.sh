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

# Chromium renders documents to PDF (services/documents/src/rendering); poppler's pdftotext,
# pdffonts and pdftoppm read them back in the tests and in npm run render-examples.
ensure_render_tools() {
  if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    && command -v pdffonts >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "Chromium and poppler-utils are needed: run as root, or install them (apt-get install chromium poppler-utils)." >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Chromium and poppler-utils are needed; install them with your package manager (Debian: apt-get install chromium poppler-utils)." >&2
    exit 1
  fi
  echo "Installing Chromium and poppler-utils (apt-get)…" >&2
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends chromium poppler-utils
}

build() {
  echo "Building (tsc -b)…" >&2
  npx tsc -b tsconfig.build.json
  # The gateway serves the web app's build (apps/web/dist); the browser tests open it.
  echo "Building the web app (vite)…" >&2
  npm run --silent build -w @orbita/web >/dev/null
}

prepare() {
  require_node
  ensure_node_modules
  ensure_render_tools
  ensure_infra
  build
}
