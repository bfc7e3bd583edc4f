#!/usr/bin/env bash
# The main command (`npm start`): services, dependencies, build, then the demo network launcher
# (dist/scripts/network.js, from scripts/network.ts). Arguments go to the launcher.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[start] %s\n' "$*"; }

bash scripts/setup.sh

# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund
else
  log "node_modules is up to date with package-lock.json: skipping npm ci"
fi

log "npm run build"
npm run build

exec node dist/scripts/network.js "$@"
