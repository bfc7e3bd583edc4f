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

# Arguments choose what runs (a project, a file): one jest run, two suites at a time.
if [[ $# -gt 0 ]]; then
  log "jest"
  npx jest --ci --maxWorkers=2 "$@"
  exit 0
fi
# The whole suite in two runs. The fault scenarios spend most of their minutes waiting (an outage,
# an ack wait, the network settling): with two of them at once the CPU was idle more than half the
# time, so three run at once. The other suites keep both cores busy and run two at a time. Both
# runs go to the end; the test command fails if either failed.
status=0
log "jest: the fault scenarios, three at a time"
npx jest --ci --maxWorkers=3 --selectProjects faults || status=$?
log "jest: unit, integration and end-to-end suites, two at a time"
npx jest --ci --maxWorkers=2 --selectProjects unit integration e2e || status=$?
exit "$status"
