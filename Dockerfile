# syntax=docker/dockerfile:1
# One image for the four apps; the service picks its entry file at run time, e.g.
#   docker run iren-exchange node dist/apps/router/src/main.js
# (docker-compose.yml sets `command:` per service; the default below runs the gateway).

# --- build: all dependencies, compile TypeScript to dist/ --------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- production dependencies only ----------------------------------------------------------------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the app user can read its code but not change it.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
# Reference data (UN/LOCODE, HS codes, ...) read at run time, at the same path as in the repository.
COPY --from=build /app/libs/contracts/data ./libs/contracts/data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]
