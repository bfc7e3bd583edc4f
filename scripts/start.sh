#!/usr/bin/env bash
# The main command (`npm start`): services, dependencies, build, then the demo network launcher
# (dist/scripts/network.js, from scripts/network.ts). Arguments go to the launcher.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[start] %s\n' "$*"; }

bash scripts/setup.sh

bash scripts/install.sh

log "npm run build"
npm run build

exec node dist/scripts/network.js "$@"
