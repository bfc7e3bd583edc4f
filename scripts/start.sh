#!/usr/bin/env bash
# The main command (`npm start`): dependencies, services, build, then the demo network launcher
# (dist/scripts/network.js, from scripts/network.ts). Arguments go to the launcher.
#
# The demo region is seeded here only: the launcher defaults IREN_SEED_DEMO to true and reads it
# with the registry's own parser (scripts/launcher-env.ts), so 0/no/false turn it off as they do
# everywhere; this script passes the variable on untouched.
#
# The demo runs on a closed bus. When NATS_URL is not set and the NATS found at the default address
# requires no authentication (anyone who reaches it could act as any service or node), the demo is
# given a secured NATS of its own on 127.0.0.1:${IREN_DEMO_NATS_PORT:-4223}, which setup.sh starts
# like any NATS it starts itself. A NATS_URL set on purpose is used as it is, with a warning when open.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[start] %s\n' "$*"; }

load_nats_env() {
  # The credentials of a secured NATS that setup started or recognised (NATS_CREDS_DIR).
  if [[ -f .iren/nats.env ]]; then
    # shellcheck source=/dev/null
    source .iren/nats.env
  fi
}

chosen_nats_url=${NATS_URL:-}

# Dependencies first: setup.sh makes the NATS material with them when it starts NATS itself.
bash scripts/install.sh

bash scripts/setup.sh
load_nats_env
if [[ -z $chosen_nats_url && -z ${NATS_CREDS_DIR:-} ]]; then
  export NATS_URL=nats://127.0.0.1:${IREN_DEMO_NATS_PORT:-4223}
  log "the NATS at 127.0.0.1:4222 requires no authentication: the demo gets a secured NATS of its own at $NATS_URL"
  bash scripts/setup.sh
  load_nats_env
  [[ -n ${NATS_CREDS_DIR:-} ]] ||
    log "warning: $NATS_URL requires no authentication either; the demo runs on an open bus (set IREN_DEMO_NATS_PORT to a free port)"
fi

log "npm run build"
npm run build

exec node dist/scripts/network.js "$@"
