#!/usr/bin/env bash
# `npm test`: every test of every package — type checks, unit tests, then integration and contract
# tests against real Kafka, PostgreSQL and Redis (started here if not given by env).
# Third phase: the fault suite (tests/faults, on an infrastructure of its own): about 10 min on two
# busy cores (10.2 and 10.4 min measured in a row at load average 20+, four other engineers' tests
# running). It took 25-30 min before consumer groups noticed a kill -9 in 10 s (13.4 min) and the
# services ran from esbuild bundles instead of tsx.
# PULSE_TEST_FAULTS=0 skips it for a quick local run; `npm run test:faults` runs it alone.
# Ends with one line `N passed, N failed` summed over every jest run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

install_dependencies
start_infrastructure

export PULSE_TEST_REPORT_DIR="$root/.data/test-reports"
rm -rf "$PULSE_TEST_REPORT_DIR"; mkdir -p "$PULSE_TEST_REPORT_DIR"

faults="${PULSE_TEST_FAULTS:-1}"
status=0
if [ "$faults" != "only" ]; then
  # Loose env mode: turbo must pass KAFKA_BROKERS/DATABASE_URL/REDIS_URL through to jest.
  pnpm exec turbo run typecheck test --env-mode=loose --concurrency=2 --continue --output-logs=errors-only || status=1
  # Integration tests share one broker and database (isolated by unique names); two packages at a time
  # keeps a 2-core machine busy without starving Kafka.
  pnpm exec turbo run test:integration --env-mode=loose --concurrency=2 --continue --output-logs=errors-only || status=1
fi
# Faults last and alone: the suite runs its own Kafka/PostgreSQL/Redis (other ports, .data/faults),
# stops and restarts them and kill -9s services under load; two cores are all it gets.
if [ "$faults" = "1" ] || [ "$faults" = "only" ]; then
  pnpm exec turbo run test:faults --env-mode=loose --concurrency=1 --continue --output-logs=errors-only || status=1
else
  echo "[pulse] fault suite skipped (PULSE_TEST_FAULTS=0): npm run test:faults runs it alone"
fi

node "$root/scripts/test-summary.js" "$PULSE_TEST_REPORT_DIR" || status=1
exit "$status"
