#!/usr/bin/env bash
# Creates the secret files docker-compose.yml mounts (and that helm/pulse/README.md turns into
# Kubernetes Secrets), with openssl. Files that already exist are kept, so re-running never
# rotates a key by accident.
#   bash gateway/tools/make-secrets.sh [dir]     # default: ./.secrets (PULSE_SECRETS_DIR in compose)
#
# The directory is private (0700); the files in it are 0644 because Docker Compose bind-mounts
# them into containers that run as other users (services 1000, postgres 999, grafana 472) and
# cannot change their owner or mode.
set -euo pipefail

dir="${1:-.secrets}"
mkdir -p "$dir"
chmod 700 "$dir"

# make <file> <command...>: writes the command's output to <file> unless it exists.
make() {
  local file="$dir/$1"
  shift
  if [ -s "$file" ]; then return; fi
  "$@" > "$file.tmp"
  chmod 644 "$file.tmp"
  mv "$file.tmp" "$file"
  printf '[secrets] wrote %s\n' "$file" >&2
}

make postgres-password openssl rand -hex 24
make database-url sh -c "printf 'postgres://pulse:%s@postgres:5432/pulse\n' \"\$(cat '$dir/postgres-password')\""
# Tokens are ES256: a P-256 key, PKCS#8 (news signs with it), and its SPKI public key (everyone verifies).
make jwt-private.pem openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256
make jwt-public.pem openssl pkey -in "$dir/jwt-private.pem" -pubout
# social's key ring, "<id>:<base64 32 bytes>" (add "k2:<new>," in front to rotate).
make credentials-encryption-keys sh -c 'printf "k1:%s\n" "$(openssl rand -base64 32)"'
# notification's AES-256 key for webhook secrets at rest; news' key for sources' basic-auth passwords.
make webhook-secret-key openssl rand -base64 32
make source-credentials-key openssl rand -base64 32
make grafana-admin-password openssl rand -hex 16
