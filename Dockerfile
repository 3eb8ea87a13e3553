# One image per service, all from this file:
#   docker build --build-arg SERVICE=identity -t orbita-identity .
# SERVICE is one of: identity | tasks | documents | notifications | gateway.
# The identity image also runs the demo seed: node services/identity/dist/seed/seed-demo.js
#
# Workspace packages (@orbita/*) are resolved at runtime through the node_modules/@orbita/*
# symlinks that `npm ci` creates, so the runtime keeps the repository's folder layout under /app.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Manifests only: the npm ci layers below are reused until a package.json or the lock changes.
# Every workspace's package.json must be present, or npm ci rejects the lock file.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/demo/package.json libs/demo/
COPY libs/platform/package.json libs/platform/
COPY libs/testing/package.json libs/testing/
COPY services/identity/package.json services/identity/
COPY services/tasks/package.json services/tasks/
COPY services/documents/package.json services/documents/
COPY services/notifications/package.json services/notifications/
COPY services/gateway/package.json services/gateway/
COPY tools/infra/package.json tools/infra/
COPY tools/licence/package.json tools/licence/
COPY tools/verify-receipt/package.json tools/verify-receipt/
COPY bench/package.json bench/
COPY apps/web/package.json apps/web/

# ---------------------------------------------------------------------------------------------
# Compiles the whole workspace (tsc project references).
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json ./
COPY libs libs
COPY services services
COPY tools tools
COPY apps apps
RUN npm run build -w @orbita/web && npx tsc -b tsconfig.build.json && for s in services/*; do mkdir -p "$s/assets" "$s/templates" "$s/process-templates"; done

# ---------------------------------------------------------------------------------------------
# Runtime dependencies only.
FROM manifests AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'Build with --build-arg SERVICE=<identity|tasks|documents|notifications|gateway>' >&2; exit 1; }
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000
WORKDIR /app

# documents renders PDFs with Debian's Chromium (CHROMIUM_PATH=/usr/bin/chromium, docs/adr/013);
# the PT fonts come embedded in each document, fonts-dejavu-core only backs up odd characters.
RUN if [ "${SERVICE}" = documents ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# Owned by root and read-only for the service user.
COPY --from=prod-deps /app/package.json ./
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/libs/contracts/package.json libs/contracts/
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/platform/package.json libs/platform/
COPY --from=build /app/libs/platform/dist libs/platform/dist
COPY --from=build /app/libs/demo/package.json libs/demo/
COPY --from=build /app/libs/demo/dist libs/demo/dist
COPY --from=build /app/services/${SERVICE}/package.json services/${SERVICE}/
COPY --from=build /app/services/${SERVICE}/dist services/${SERVICE}/dist
# Files a service reads at run time (identity: the common-password list, the demo licence;
# documents: the document templates, services/documents/templates; tasks: the process template
# pack, services/tasks/process-templates, and the built-in register definitions in its assets).
COPY --from=build /app/services/${SERVICE}/assets services/${SERVICE}/assets
COPY --from=build /app/services/${SERVICE}/templates services/${SERVICE}/templates
COPY --from=build /app/services/${SERVICE}/process-templates services/${SERVICE}/process-templates
# The web app the gateway serves (WEB_DIST_DIR, docs/adr/021); a few hundred KB in the others.
COPY --from=build /app/apps/web/dist apps/web/dist

USER node
EXPOSE 3000

# Liveness of the process; readiness (NATS, database, storage) is at /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || '3000') + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# exec: node replaces the shell, so it receives SIGTERM and shuts down gracefully.
CMD ["/bin/sh", "-c", "exec node \"services/${SERVICE}/dist/main.js\""]
