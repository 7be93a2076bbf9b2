# syntax=docker/dockerfile:1
# One image recipe for every Pulse service, built from the workspace root (context "."):
#   docker build --build-arg SERVICE=news -t pulse/news .
# SERVICE is news, llm, social, analytics or notification. The service is bundled with esbuild into
# one file and runs as uid 1000 on node:20-slim without node_modules; only notification also gets
# the static files its dashboard and API docs pages serve (see the runtime-notification stage).
ARG NODE_IMAGE=node:20-slim
ARG SERVICE

FROM ${NODE_IMAGE} AS build
ARG SERVICE
ENV CI=true PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=<news|llm|social|analytics|notification>' >&2; exit 1; }
RUN npm install --global --no-audit --no-fund pnpm@10.20.0
WORKDIR /repo
# Dependencies first (cached until the lockfile changes), then the sources.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
# pnpm patches (patchedDependencies in the lockfile) are applied at install and named by the lockfile.
COPY patches ./patches
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --store-dir /pnpm/store
COPY . .
RUN test -f "services/$SERVICE/package.json" || { echo "SERVICE=$SERVICE: no services/$SERVICE in the workspace" >&2; exit 1; }
# Only the service's slice of the workspace (it and its dependencies).
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store --filter "@pulse/${SERVICE}..."
RUN pnpm --filter "@pulse/${SERVICE}" run build

FROM ${NODE_IMAGE} AS runtime-base
ARG SERVICE
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=build --chown=root:root /repo/services/${SERVICE}/dist ./dist
# uid 1000 ("node" in the official image): matches runAsUser in helm/pulse.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime-base AS runtime-news
FROM runtime-base AS runtime-llm
FROM runtime-base AS runtime-social
FROM runtime-base AS runtime-analytics

# notification serves /dashboard (@pulse/dashboard) and /api/docs (@pulse/openapi). Both read files
# at runtime, resolved from the bundle's location (/app/dist): the page's own files from
# `<__dirname>/../public` = /app/public, and the vendor packages (preact, htm, uplot,
# swagger-ui-dist) with require.resolve from /app/dist, i.e. /app/node_modules/<package>, which
# needs each package's package.json beside the files. Only the served files are copied
# (swagger-ui-dist alone is 12 MB); gateway/test/deploy-image.integration.test.ts builds this layout
# from these COPY lines and serves every page and file from it.
FROM runtime-base AS runtime-notification
COPY --from=build --chown=root:root /repo/packages/dashboard/public ./public
COPY --from=build --chown=root:root /repo/packages/dashboard/node_modules/preact/package.json ./node_modules/preact/
COPY --from=build --chown=root:root /repo/packages/dashboard/node_modules/preact/dist ./node_modules/preact/dist
COPY --from=build --chown=root:root /repo/packages/dashboard/node_modules/htm/package.json ./node_modules/htm/
COPY --from=build --chown=root:root /repo/packages/dashboard/node_modules/htm/dist ./node_modules/htm/dist
COPY --from=build --chown=root:root /repo/packages/dashboard/node_modules/uplot/package.json ./node_modules/uplot/
COPY --from=build --chown=root:root /repo/packages/dashboard/node_modules/uplot/dist ./node_modules/uplot/dist
COPY --from=build --chown=root:root \
     /repo/packages/openapi/node_modules/swagger-ui-dist/package.json \
     /repo/packages/openapi/node_modules/swagger-ui-dist/swagger-ui.css \
     /repo/packages/openapi/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
     /repo/packages/openapi/node_modules/swagger-ui-dist/favicon-32x32.png \
     ./node_modules/swagger-ui-dist/

# The image of the service named by SERVICE.
FROM runtime-${SERVICE}
