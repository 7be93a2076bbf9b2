#!/usr/bin/env bash
# `npm run pulse -- <command>`: the operator CLI against the local system (or whatever
# KAFKA_BROKERS / PULSE_API_URL point at).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
install_dependencies
eval "$(bash "$root/scripts/infra.sh" env)"
exec "$root/node_modules/.bin/tsx" "$root/packages/cli/src/main.ts" "$@"
