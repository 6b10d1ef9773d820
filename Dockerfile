# 烽火 Fenghuo — the compiled server with its database on a volume.
#   docker build -t fenghuo .
#   docker run -d -p 8787:8787 -v fenghuo-data:/data --env-file .env fenghuo
# Not built on the project's own machines (no Docker engine there): see README「容器镜像」.

# --- build: all dependencies, compile TypeScript to dist/, then keep only what runs ------------
FROM node:20-bookworm AS build
WORKDIR /app
# better-sqlite3 falls back to compiling itself when no prebuilt binary fits: the full image has
# python3, make and g++ for that.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY drizzle ./drizzle
COPY config ./config
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: the compiled server as an unprivileged user ---------------------------------------
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATABASE_FILE=/data/fenghuo.db \
    BACKUP_DIR=/data/backups \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# `npm run login-link | restore | verify-record` call it first; with no sources here it does nothing.
COPY --from=build /app/scripts/build.mjs ./scripts/build.mjs
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/config ./config
# Read at run time from the project's folders (src/paths.ts): the workspace's static files and
# the console page.
COPY --from=build /app/src/server/workspace/assets ./src/server/workspace/assets
COPY --from=build /app/adapters/console/page.html ./adapters/console/page.html
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Not `npm start`: dist/ is already built, and signals reach node directly (a clean stop on SIGTERM).
CMD ["node", "dist/main.js"]
