#!/usr/bin/env bash
# The main command (`npm start`): dependencies, services, build, then the demo network launcher
# (dist/scripts/network.js, from scripts/network.ts). Arguments go to the launcher.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[start] %s\n' "$*"; }

# Dependencies first: setup.sh makes the NATS material with them when it starts NATS itself.
bash scripts/install.sh

bash scripts/setup.sh
# The credentials of a secured NATS, when setup found one it knows (NATS_CREDS_DIR).
if [[ -f .iren/nats.env ]]; then
  # shellcheck source=/dev/null
  source .iren/nats.env
fi

log "npm run build"
npm run build

exec node dist/scripts/network.js "$@"
