#!/usr/bin/env bash
# Renders the Helm chart into k8s/pulse.yaml: plain manifests for `kubectl apply`, and the drift
# check's reference (gateway/test/deploy.integration.test.ts fails when they differ).
#   bash scripts/render-k8s.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$(bash "$root/scripts/tools.sh")"
# The same arguments as the drift check: release "pulse", namespace "pulse", Kubernetes 1.31.
{
  echo "# Rendered from helm/pulse by scripts/render-k8s.sh: do not edit, change the chart and re-render."
  "$tools/bin/helm" template pulse "$root/helm/pulse" --namespace pulse --kube-version 1.31.0
} > "$root/k8s/pulse.yaml"
echo "[render-k8s] wrote k8s/pulse.yaml" >&2
