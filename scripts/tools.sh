#!/usr/bin/env bash
# Deployment tooling that is not on the development machines, all from the Go module proxy and
# cached in .tools/ (git-ignored); idempotent, a tool already there at the pinned version is kept.
#   - helm and kubeconform, built with `go install`;
#   - compose-check (gateway/tools/compose-check): Docker Compose's own loader (compose-go);
#   - Kubernetes JSON schemas for kubeconform, generated from the OpenAPI document that the
#     k8s.io/cli-runtime module (a dependency of helm) ships (gateway/tools/k8s-json-schemas.ts).
# Prints nothing on stdout but the .tools directory.
#
#   bash scripts/tools.sh            # ensure everything, print the .tools dir
#   bash scripts/tools.sh toxiproxy  # only toxiproxy-server (tests/faults), print the .tools dir
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"

HELM_VERSION="v3.22.0"
KUBECONFORM_VERSION="v0.8.0"
# Kubernetes API schemas: k8s.io/cli-runtime at the version helm itself depends on.
K8S_API_MODULE_VERSION="v0.37.0"
# toxiproxy-server (latency and resets between a service and PostgreSQL/Redis in tests/faults).
TOXIPROXY_VERSION="v2.12.0"

say() { printf '[tools] %s\n' "$*" >&2; }

# ensure <name> <module path> <version>: builds the tool once per version (stamp file beside it).
ensure() {
  local name="$1" module="$2" version="$3"
  local stamp="$bin/.$name-$version"
  if [ -x "$bin/$name" ] && [ -f "$stamp" ]; then return; fi
  command -v go >/dev/null || { say "go is required to build $name"; exit 1; }
  say "building $name $version with go install (once)"
  GOBIN="$bin" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "$module@$version" >&2
  rm -f "$bin/.$name-"*
  touch "$stamp"
}

# toxiproxy's main package is cmd/server: go install names the binary "server", so it is built
# into a scratch GOBIN and renamed.
ensure_toxiproxy() {
  local stamp="$bin/.toxiproxy-server-$TOXIPROXY_VERSION"
  if [ -x "$bin/toxiproxy-server" ] && [ -f "$stamp" ]; then return; fi
  command -v go >/dev/null || { say "go is required to build toxiproxy-server"; exit 1; }
  say "building toxiproxy-server $TOXIPROXY_VERSION with go install (once)"
  local scratch; scratch="$(mktemp -d)"
  GOBIN="$scratch" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION" >&2
  mv "$scratch/server" "$bin/toxiproxy-server"
  rm -rf "$scratch" "$bin/.toxiproxy-server-"*
  touch "$stamp"
}
if [ "${1:-}" = toxiproxy ]; then ensure_toxiproxy; echo "$root/.tools"; exit 0; fi

ensure helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
ensure kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
ensure_toxiproxy

# compose-check: rebuilt when its sources change.
src="$root/gateway/tools/compose-check"
sum="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
if [ ! -x "$bin/compose-check" ] || [ ! -f "$bin/.compose-check-$sum" ]; then
  say "building compose-check (compose-go) once"
  (cd "$src" && CGO_ENABLED=0 go build -o "$bin/compose-check" .) >&2
  rm -f "$bin/.compose-check-"*
  touch "$bin/.compose-check-$sum"
fi

schemas="$root/.tools/k8s-schemas/$K8S_API_MODULE_VERSION"
if [ ! -f "$schemas/.complete" ]; then
  say "generating Kubernetes JSON schemas from k8s.io/cli-runtime $K8S_API_MODULE_VERSION (once)"
  dir="$(cd "$root" && GOFLAGS=-mod=mod go mod download -json "k8s.io/cli-runtime@$K8S_API_MODULE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -f "$dir/artifacts/openapi/swagger.json" ] || { say "no OpenAPI document in k8s.io/cli-runtime ($dir)"; exit 1; }
  rm -rf "$schemas"
  "$root/node_modules/.bin/tsx" "$root/gateway/tools/k8s-json-schemas.ts" "$dir/artifacts/openapi/swagger.json" "$schemas" >&2
  touch "$schemas/.complete"
fi
echo "$root/.tools"
