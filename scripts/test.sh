#!/usr/bin/env bash
# The project's test command (`npm test`): dependencies, services, type check, then every
# jest project (unit, integration, e2e, faults) against the real NATS and PostgreSQL.
# Arguments go to jest: `npm test -- --selectProjects unit`, `npm test -- libs/filters`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[test] %s\n' "$*"; }

# Dependencies first: setup.sh makes the NATS material with them when it starts NATS itself.
bash scripts/install.sh

bash scripts/setup.sh
# On a secured NATS that setup knows, the tests issue their runs' users from its material (IREN_NATS_DIR).
if [[ -f .iren/nats.env ]]; then
  # shellcheck source=/dev/null
  source .iren/nats.env
fi

log "tsc --noEmit"
# The typed client's types from contract/openapi.json: a contract change that breaks a caller fails here.
npm run client:types --silent
npx tsc --noEmit -p tsconfig.json
# The web console is browser code (DOM types, TSX): its own configuration.
npx tsc --noEmit -p apps/console/tsconfig.json

log "eslint and prettier"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check . ; exit 1; }

log "jest"
npx jest --ci --maxWorkers=2 "$@"
