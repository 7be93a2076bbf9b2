// Validates the Traefik and prometheus-operator custom resources of a rendered manifest against the
// CRD schemas shipped by the @kubernetes-models packages (kubeconform has no schemas for CRDs here).
//   node gateway/tools/validate-custom-resources.mjs <manifest.yaml>
// Prints JSON: { checked: [{kind, name}], errors: [{kind, name, message}] }. ESM because the
// @kubernetes-models packages are ESM-only.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { IngressRoute, Middleware, TraefikService } from '@kubernetes-models/traefik/traefik.io/v1alpha1';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

const MODELS = {
  'traefik.io/v1alpha1/IngressRoute': IngressRoute,
  'traefik.io/v1alpha1/Middleware': Middleware,
  'traefik.io/v1alpha1/TraefikService': TraefikService,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

const file = process.argv[2];
const checked = [];
const errors = [];
for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
  const object = doc.toJS();
  if (!object || typeof object !== 'object') continue;
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) continue;
  const name = object.metadata?.name;
  checked.push({ kind: object.kind, name });
  try {
    new Model(object).validate();
  } catch (error) {
    errors.push({ kind: object.kind, name, message: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify({ checked, errors }));
