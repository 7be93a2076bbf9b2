/**
 * What the chart's canary toggle must render for one service, next to what it did render: with
 * `services.<name>.canary.enabled` a second Deployment (track "canary", one replica, the canary
 * tag, otherwise the stable pod), its own Service, and a weighted TraefikService that every
 * IngressRoute route of the service sends to (100 - weight to stable, weight to canary); without
 * it none of these and the routes go straight to the stable Service.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CHART_DIR, type K8sObject } from './deploy-tools';

interface ChartValues {
  services: Record<string, { canary: { weight: number } }>;
  gateway: { routes: { name: string; service: string }[] };
}
const values = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as ChartValues;
const appVersion = (parse(readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { appVersion: string }).appVersion;

/** The canary settings a `--set` list turns on for `service`, or undefined. */
export function canaryOf(sets: string[], service: string): { tag: string; weight: number } | undefined {
  const get = (key: string) => sets.find((s) => s.startsWith(`services.${service}.canary.${key}=`))?.split('=')[1];
  if (get('enabled') !== 'true') return undefined;
  return { tag: get('tag') ?? '', weight: Number(get('weight') ?? values.services[service]!.canary.weight) };
}

const tagOf = (image: string): string => image.slice(image.lastIndexOf(':') + 1);
// The pod as it runs, minus what must differ between the tracks.
const podWithoutTrack = (d: K8sObject) => {
  const spec = structuredClone(d.spec.template.spec);
  for (const c of spec.containers) delete c.image;
  return spec;
};

export function canaryExpectations(objects: K8sObject[], sets: string[], service: string): { actual: object; expected: object } {
  const full = `pulse-${service}`;
  const canary = canaryOf(sets, service);
  const mine = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === service);
  const deployments = mine.filter((o) => o.kind === 'Deployment');
  const ingress = objects.find((o) => o.kind === 'IngressRoute');
  const routes = values.gateway.routes.flatMap((r, i) => (r.service === service ? [ingress?.spec.routes[i].services] : []));
  const stable = deployments.find((d) => d.metadata.name === full);
  const canaryDeployment = deployments.find((d) => d.metadata.name === `${full}-canary`);

  const actual = {
    deployments: deployments.map((d) => ({
      name: d.metadata.name,
      track: d.metadata.labels?.['pulse.dev/track'],
      podTrack: d.spec.template.metadata.labels['pulse.dev/track'],
      selectorTrack: d.spec.selector.matchLabels['pulse.dev/track'],
      tag: tagOf(d.spec.template.spec.containers[0].image),
      ...(d.metadata.labels?.['pulse.dev/track'] === 'canary' ? { replicas: d.spec.replicas } : {}),
    })),
    services: mine.filter((o) => o.kind === 'Service').map((s) => ({ name: s.metadata.name, track: s.spec.selector['pulse.dev/track'], port: s.spec.ports[0].targetPort })),
    weighted: objects.find((o) => o.kind === 'TraefikService' && o.metadata.name === `${full}-weighted`)?.spec,
    routes,
    samePod: canaryDeployment && stable ? JSON.stringify(podWithoutTrack(canaryDeployment)) === JSON.stringify(podWithoutTrack(stable)) : undefined,
    scaled: objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === full).map((h) => h.spec.scaleTargetRef.name),
    disruptionBudgetTrack: objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === full).map((p) => p.spec.selector.matchLabels['pulse.dev/track']),
  };

  const stableDeployment = { name: full, track: 'stable', podTrack: 'stable', selectorTrack: 'stable', tag: appVersion };
  const expected = {
    deployments: canary
      ? [stableDeployment, { name: `${full}-canary`, track: 'canary', podTrack: 'canary', selectorTrack: 'canary', tag: canary.tag, replicas: 1 }]
      : [stableDeployment],
    services: canary
      ? [
          { name: full, track: 'stable', port: 'http' },
          { name: `${full}-canary`, track: 'canary', port: 'http' },
        ]
      : [{ name: full, track: 'stable', port: 'http' }],
    weighted: canary
      ? {
          weighted: {
            services: [
              { name: full, port: 'http', weight: 100 - canary.weight },
              { name: `${full}-canary`, port: 'http', weight: canary.weight },
            ],
          },
        }
      : undefined,
    routes: routes.map(() => (canary ? [{ kind: 'TraefikService', name: `${full}-weighted` }] : [{ kind: 'Service', name: full, port: 'http' }])),
    samePod: canary ? true : undefined,
    // Autoscaling and disruption budgets manage the stable track only; the canary stays at one pod.
    scaled: actual.scaled.length > 0 ? [full] : [],
    disruptionBudgetTrack: actual.disruptionBudgetTrack.length > 0 ? ['stable'] : [],
  };
  return { actual, expected };
}
