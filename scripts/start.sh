#!/usr/bin/env bash
# `npm start`: the whole system locally on sample data — infrastructure, then every service that
# exists (with its migrations), the dev gateway and the demo data. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

install_dependencies
start_infrastructure
exec "$root/node_modules/.bin/tsx" "$root/scripts/local/src/run-local.ts"
