# Shared by start/test/bench: install dependencies (fast when nothing changed) and bring up the
# local infrastructure unless KAFKA_BROKERS / DATABASE_URL / REDIS_URL point elsewhere.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pnpm() { bash "$root/scripts/pnpm.sh" "$@"; }
# turbo looks pnpm up on PATH; the pinned one lives in .tools/ (installed by scripts/pnpm.sh).
export PATH="$root/.tools/node_modules/.bin:$root/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1

install_dependencies() {
  local stamp="$root/node_modules/.pulse-install-stamp"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$root/pnpm-lock.yaml" ] && [ "$stamp" -nt "$root/pnpm-workspace.yaml" ]; then return; fi
  echo "[pulse] installing dependencies (pnpm install --frozen-lockfile)" >&2
  pnpm install --frozen-lockfile --reporter=append-only >&2
  touch "$stamp"
}

start_infrastructure() {
  bash "$root/scripts/infra.sh" up
  eval "$(bash "$root/scripts/infra.sh" env)"
}
