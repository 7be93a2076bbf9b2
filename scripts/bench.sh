#!/usr/bin/env bash
# `npm run bench [-- <name>]`: runs every benchmark, or the named one (bus, ...), against real local
# infrastructure. Each prints `key: value` lines and rewrites its section of bench/RESULTS.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
install_dependencies
start_infrastructure
cd bench && exec "$root/node_modules/.bin/tsx" run.ts "$@"
