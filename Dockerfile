# syntax=docker/dockerfile:1
# Tetrad: build once, run the compiled server as an unprivileged user.
# Build:  docker build -t tetrad .
# Run:    see deploy/compose.yml and docs/operations.md (DATABASE_URL, JWT_SECRET and SMTP_URL are required).

# --- build: dev dependencies, TypeScript compile ---------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- production dependencies only ------------------------------------------------------------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ---------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root and read-only for the server: it writes nothing to disk in production (mail goes
# to SMTP_URL, the token secret comes from JWT_SECRET, the data lives in PostgreSQL).
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
# The `node` user (uid 1000) comes with the base image.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations: `node dist/src/database/migrate.js` (a one-shot container), or MIGRATE_ON_START=true.
CMD ["node", "dist/src/main.js"]
