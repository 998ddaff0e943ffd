# syntax=docker/dockerfile:1
# The clinic receptionist on Node.js 24 (node:sqlite is built in from 24), as a non-root user.
# Build: docker build -t clinic-receptionist .
# Run:   docker run --env-file .env -p 3000:3000 -v clinic-data:/app/data clinic-receptionist
#        (.env sets API_TOKEN at least: the image listens on 0.0.0.0; see README, "A server others can reach").

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies too: tsc builds here (npm also fetches the devDependency `node`, a second Node 24 only this stage uses).
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY config ./config
COPY src ./src
COPY test ./test
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Reachable through the published port; the server then refuses to start without API_TOKEN.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/config ./config
# Only the database folder is writable, by the image's unprivileged `node` user.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# The readiness route /api/v1/readyz says whether the store answers (healthz only that the process does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/readyz',{headers:{authorization:'Bearer '+(process.env.API_TOKEN||'')}}).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node as PID 1, started directly (no npm, no shell): SIGTERM from `docker stop` reaches the server,
# which answers requests in flight for up to SHUTDOWN_GRACE_SECONDS and drains calls for up to
# CALL_DRAIN_SECONDS: run with `docker stop -t 45`. V8's young generation is bounded as `npm start` bounds it.
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
