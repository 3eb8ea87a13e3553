#!/usr/bin/env bash
# The README's test command (npm test, and .ci/run): the same bootstrapping as npm start, then
# type checks, lint, format check, unit tests and integration/e2e tests against real NATS, FerretDB,
# MinIO and an SMTP sink started on free ports with their own data folder (.data/test).
# Extra arguments go to jest (e.g. npm test -- services/gateway).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
prepare

echo "Type-checking (tsc)…" >&2
npx tsc -p tsconfig.json
npx tsc -p apps/web/tsconfig.json
echo "Linting (ESLint with Nx module boundaries)…" >&2
# The boundary rule reads Nx's project graph and silently skips itself without one.
npx nx show projects >/dev/null
npx eslint --max-warnings=0 .
echo "Checking formatting (Prettier)…" >&2
npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "Run npm run format" >&2; exit 1; }
echo "Running the tests (jest)…" >&2
# --forceExit: a handle leaked by one spec must fail that spec's review, not hang CI for an hour.
npx jest --ci --forceExit "$@"
