# syntax=docker/dockerfile:1
# Loket: multi-stage build. Node 20 (what the project targets). The app runs TypeScript server
# entry points through tsx, which is a runtime dependency, so the runtime stage needs only
# `npm ci --omit=dev`. Migrations are applied by server/index.ts at start.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# patches/ is applied by npm's postinstall (patch-package), so it must be there before npm ci.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npx remix vite:build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    LOKET_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# What the server needs at run time: the build, the server entry, app sources it imports
# directly (boot, db, env), the schema and the migrations applied at start.
COPY --from=build /app/build ./build
COPY --from=build /app/server ./server
COPY --from=build /app/app ./app
COPY --from=build /app/db ./db
COPY --from=build /app/sandbox ./sandbox
COPY --from=build /app/tsconfig.json ./tsconfig.json
COPY --from=build /app/public ./public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Production: set DATABASE_URL, SESSION_SECRET, DATA_ENCRYPTION_KEY and the GOPAY_* values.
# Without DATABASE_URL the embedded database lives in the /data volume.
CMD ["node_modules/.bin/tsx", "server/index.ts"]
