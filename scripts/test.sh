#!/usr/bin/env bash
# The project's test command (`npm test`): services, dependencies, type check, then every
# jest project (unit, integration, e2e) against the real NATS and PostgreSQL.
# Arguments go to jest: `npm test -- --selectProjects unit`, `npm test -- libs/filters`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[test] %s\n' "$*"; }

bash scripts/setup.sh

bash scripts/install.sh

log "tsc --noEmit"
npx tsc --noEmit -p tsconfig.json

log "eslint and prettier"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check . ; exit 1; }

log "jest"
npx jest --ci --maxWorkers=2 "$@"
