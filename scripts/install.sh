#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json
# (npm rewrites node_modules/.package-lock.json on every install). Used by start.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  printf '[install] npm ci\n'
  npm ci --no-audit --no-fund
else
  printf '[install] node_modules is up to date with package-lock.json: skipping npm ci\n'
fi
