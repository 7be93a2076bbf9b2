#!/usr/bin/env bash
# Debian's Chromium for the browser tests (playwright-core drives it; its own browser download
# cannot work here). Idempotent: does nothing when chromium is already on PATH.
#
#   scripts/browser.sh        prints the path of the chromium binary on stdout
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/.data"
logs="$data/logs"
mkdir -p "$logs"

say() { printf '[browser] %s\n' "$*" >&2; }
die() { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "chromium is missing and apt-get is not available; install chromium by other means"
  say "installing Debian's chromium (once)"
  # Same stamp as scripts/infra.sh: `apt-get update` once per machine is enough.
  if [ ! -f "$data/.apt-updated" ]; then apt-get update -qq -o DPkg::Lock::Timeout=300 >"$logs/apt.log" 2>&1 && touch "$data/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >>"$logs/apt.log" 2>&1 \
    || die "apt-get install chromium failed (see $logs/apt.log)"
fi
command -v chromium
