#!/usr/bin/env bash
# `npm test`: every test of every package — type checks, unit tests, then integration and contract
# tests against real Kafka, PostgreSQL and Redis (started here if not given by env), then the fault
# suite (tests/faults) on an infrastructure of its own.
# Ends with one line `N passed, N failed` summed over every jest run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

install_dependencies
start_infrastructure

export PULSE_TEST_REPORT_DIR="$root/.data/test-reports"
rm -rf "$PULSE_TEST_REPORT_DIR"; mkdir -p "$PULSE_TEST_REPORT_DIR"

status=0
# Loose env mode: turbo must pass KAFKA_BROKERS/DATABASE_URL/REDIS_URL through to jest.
pnpm exec turbo run typecheck test --env-mode=loose --concurrency=2 --continue --output-logs=errors-only || status=1
# Integration tests share one broker and database (isolated by unique names); two packages at a time
# keeps a 2-core machine busy without starving Kafka.
pnpm exec turbo run test:integration --env-mode=loose --concurrency=2 --continue --output-logs=errors-only || status=1
# Faults last and alone: the suite runs its own Kafka/PostgreSQL/Redis (other ports, .data/faults),
# stops and restarts them and kill -9s services under load; two cores are all it gets (<= 10 min).
pnpm exec turbo run test:faults --env-mode=loose --concurrency=1 --continue --output-logs=errors-only || status=1

node "$root/scripts/test-summary.js" "$PULSE_TEST_REPORT_DIR" || status=1
exit "$status"
