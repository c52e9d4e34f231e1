# syntax=docker/dockerfile:1
# Sync Health shared server (`sync-health serve`) for an admin team. See README "Run it for your team".

# Build stage: production dependencies only; better-sqlite3 compiles here when no prebuilt binary is reachable.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: the postinstall is the extension's "wxt prepare", a dev tool the server does not need.
RUN npm ci --omit=dev --ignore-scripts \
  && npm rebuild better-sqlite3 \
  && npm cache clean --force

# Runtime stage: no compiler, no npm cache, a non-root user, the data on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SYNC_HEALTH_DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root proxy ./proxy
COPY --chown=root:root shared ./shared
# The code stays root-owned and read-only for the server; only /data is the server's (0700, user "node").
RUN ln -s /app/bin/sync-health.js /usr/local/bin/sync-health \
  && mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# /api/v1/status needs no token; 127.0.0.1 is always an accepted Host. With --tls-* inside the container,
# point a health check at https instead (or keep TLS in the reverse proxy, as compose.yaml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/api/v1/status').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/sync-health.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8787", "--behind-tls-proxy"]
