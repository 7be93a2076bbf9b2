/**
 * The Helm chart: lints, renders over a matrix of values, validates offline (kubeconform -strict
 * for Kubernetes kinds, CRD models for Traefik/prometheus-operator), matches k8s/, keeps hardened
 * defaults on every workload and mirrors the gateway's routing file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadDynamicConfig, ROUTES_FILE } from '../src';
import {
  CHART_DIR,
  ensureTools,
  helmTemplate,
  kubeconform,
  parseManifests,
  RENDER_ARGS,
  RENDERED_FILE,
  run,
  validateCustomResources,
  type K8sObject,
} from './deploy-tools';
import { canaryExpectations } from './helm-canary';
import { containerEnv, secretMountOf } from './helm-env';
import { configProblems, makeSecrets, removeSecrets, SERVICES, type ServiceName } from './service-config';

const allServices = (setting: string): string[] => SERVICES.map((s) => `services.${s}.${setting}`);

const MATRIX: Record<string, string[]> = {
  defaults: [],
  'autoscaling off': allServices('autoscaling.enabled=false'),
  'autoscaling on, canary for news and llm': [
    'services.news.canary.enabled=true',
    'services.news.canary.tag=0.2.0-rc.1',
    'services.llm.canary.enabled=true',
    'services.llm.canary.tag=0.2.0',
    'services.llm.canary.weight=25',
  ],
  'canary with autoscaling off, dark launch (weight 0)': [...allServices('autoscaling.enabled=false'), 'services.social.canary.enabled=true', 'services.social.canary.tag=0.3.0', 'services.social.canary.weight=0'],
  'strimzi topics, TLS host, no network policies': ['kafkaTopics.mode=strimzi', 'gateway.host=api.pulse.example', 'gateway.tls.enabled=true', 'gateway.tls.secretName=pulse-tls', 'networkPolicy.enabled=false'],
  'monitoring and migrations off': ['monitoring.serviceMonitor.enabled=false', 'monitoring.prometheusRule.enabled=false', 'monitoring.grafanaDashboard.enabled=false', 'migrations.enabled=false', 'kafkaTopics.enabled=false'],
};

const byKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);
// Pod specs are read field by field below: `any` keeps those reads short.
const podSpecs = (objects: K8sObject[]): { owner: string; spec: any }[] =>
  [...byKind(objects, 'Deployment'), ...byKind(objects, 'Job')].map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, spec: o.spec.template.spec }));

let secretsDir: string;
beforeAll(() => {
  ensureTools();
  secretsDir = makeSecrets();
}, 30 * 60_000);
afterAll(() => removeSecrets(secretsDir));

describe('helm chart', () => {
  it('passes helm lint --strict', () => {
    const result = run('helm', ['lint', '--strict', CHART_DIR, '--kube-version', '1.31.0']);
    expect({ status: result.status, output: result.stdout + result.stderr }).toMatchObject({ status: 0 });
  });

  it('renders to exactly what k8s/pulse.yaml holds (run scripts/render-k8s.sh after changing the chart)', () => {
    const committed = readFileSync(RENDERED_FILE, 'utf8').split('\n').filter((line) => !line.startsWith('# Rendered from')).join('\n');
    expect(helmTemplate().trim()).toBe(committed.trim());
  });

  describe.each(Object.entries(MATRIX))('rendered with %s', (_name, sets) => {
    let manifest: string;
    let objects: K8sObject[];
    beforeAll(() => {
      manifest = helmTemplate(sets);
      objects = parseManifests(manifest);
    });

    it('is valid Kubernetes (kubeconform -strict, offline schemas)', () => {
      const result = kubeconform(manifest);
      expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
      expect(result.output).toMatch(/Invalid: 0, Errors: 0/);
    });

    it('has valid Traefik and prometheus-operator resources', () => {
      const result = validateCustomResources(manifest);
      expect(result.errors).toEqual([]);
      const expected = objects.filter((o) => ['IngressRoute', 'Middleware', 'TraefikService', 'ServiceMonitor', 'PrometheusRule'].includes(o.kind));
      expect(result.checked).toHaveLength(expected.length);
    });

    it('runs every container non-root on a read-only root filesystem without capabilities, with requests and limits', () => {
      for (const { owner, spec } of podSpecs(objects)) {
        expect({ owner, runAsNonRoot: spec.securityContext?.runAsNonRoot, token: spec.automountServiceAccountToken }).toEqual({ owner, runAsNonRoot: true, token: false });
        for (const c of spec.containers) {
          expect({ owner, sc: c.securityContext }).toEqual({
            owner,
            sc: expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } }),
          });
          expect({ owner, requests: Object.keys(c.resources?.requests ?? {}), limits: Object.keys(c.resources?.limits ?? {}) }).toEqual({
            owner,
            requests: expect.arrayContaining(['cpu', 'memory']),
            limits: expect.arrayContaining(['cpu', 'memory']),
          });
        }
      }
    });

    it('caps every service container\'s V8 heap at half its memory limit (V8 would size it from the node\'s memory)', () => {
      const toMiB = (q: string) => (q.endsWith('Gi') ? Number(q.slice(0, -2)) * 1024 : Number(q.replace(/Mi$/, '')));
      for (const { owner, spec } of podSpecs(objects).filter(({ owner }) => owner.startsWith('Deployment/') && !owner.includes('traefik'))) {
        const [c] = spec.containers;
        const nodeOptions = c.env?.find((e: { name: string; value?: string }) => e.name === 'NODE_OPTIONS')?.value;
        expect({ owner, nodeOptions }).toEqual({ owner, nodeOptions: `--max-old-space-size=${toMiB(String(c.resources?.limits?.memory)) / 2}` });
      }
    });

    it('gives every Deployment liveness, readiness and startup probes and its own ServiceAccount', () => {
      const accounts = new Set(byKind(objects, 'ServiceAccount').map((a) => a.metadata.name));
      const deployments = byKind(objects, 'Deployment');
      expect(deployments.length).toBeGreaterThanOrEqual(SERVICES.length);
      for (const d of deployments) {
        const spec = d.spec.template.spec;
        const [container] = spec.containers;
        expect({ d: d.metadata.name, live: container.livenessProbe?.httpGet?.path, ready: container.readinessProbe?.httpGet?.path, start: container.startupProbe?.httpGet?.path }).toEqual({
          d: d.metadata.name,
          live: '/healthz',
          ready: '/readyz',
          start: '/healthz',
        });
        expect(spec.serviceAccountName).toBe(d.metadata.name.replace(/-canary$/, ''));
        expect(accounts.has(spec.serviceAccountName)).toBe(true);
      }
      const stable = deployments.filter((d) => d.metadata.labels?.['pulse.dev/track'] === 'stable').map((d) => d.spec.template.spec.serviceAccountName);
      expect(new Set(stable).size).toBe(stable.length);
    });

    it('never puts a secret value in the manifests: secrets are referenced by name or mounted read-only', () => {
      expect(byKind(objects, 'Secret')).toEqual([]);
      for (const { owner, spec } of podSpecs(objects)) {
        for (const c of spec.containers) {
          for (const env of c.env ?? []) {
            if (!/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(env.name)) continue;
            if (env.name.endsWith('_FILE')) expect(() => secretMountOf(spec, c, env.value)).not.toThrow();
            else expect({ owner, env: env.name, from: Boolean(env.valueFrom?.secretKeyRef) }).toEqual({ owner, env: env.name, from: true });
          }
        }
      }
    });

    it("configures every service and migration exactly as its config.ts reads it (real secrets, nothing unknown)", () => {
      const workloads = podSpecs(objects).filter(({ owner }) => owner.startsWith('Deployment/') || owner.endsWith('-migrate'));
      expect(workloads.length).toBeGreaterThanOrEqual(SERVICES.length);
      for (const { owner, spec } of workloads) {
        const [container] = spec.containers;
        const env = containerEnv(objects, spec, container, secretsDir);
        const service = env.SERVICE_NAME as ServiceName;
        expect(SERVICES).toContain(service);
        expect({ owner, problems: configProblems(service, env) }).toEqual({ owner, problems: [] });
      }
    });

    it('splits a service between stable and canary Deployments with a weighted TraefikService exactly when its canary is on', () => {
      for (const service of SERVICES) {
        const { actual, expected } = canaryExpectations(objects, sets, service);
        expect({ service, ...actual }).toEqual({ service, ...expected });
      }
    });

    it('scales with an HPA exactly when autoscaling is on, and omits fixed replicas then', () => {
      const values = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as { services: Record<string, { autoscaling: { enabled: boolean } }> };
      const off = sets.some((s) => s.endsWith('autoscaling.enabled=false'));
      const hpas = byKind(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
      const expected = SERVICES.filter((s) => !off && values.services[s]!.autoscaling.enabled).map((s) => `pulse-${s}`);
      expect(hpas.sort()).toEqual(expected.sort());
      for (const d of byKind(objects, 'Deployment').filter((x) => x.metadata.labels?.['pulse.dev/track'] === 'stable')) {
        expect({ d: d.metadata.name, replicas: d.spec.replicas }).toEqual({ d: d.metadata.name, replicas: hpas.includes(d.metadata.name) ? undefined : 2 });
      }
    });

    it('runs migrations and topic creation as pre-install/pre-upgrade hooks', () => {
      const migrationsOff = sets.includes('migrations.enabled=false');
      const jobs = byKind(objects, 'Job');
      const migrations = jobs.filter((j) => j.metadata.name.endsWith('-migrate'));
      expect(migrations).toHaveLength(migrationsOff ? 0 : SERVICES.length);
      for (const job of jobs) {
        expect({ job: job.metadata.name, hook: job.metadata.annotations?.['helm.sh/hook'], del: job.metadata.annotations?.['helm.sh/hook-delete-policy'] }).toEqual({
          job: job.metadata.name,
          hook: 'pre-install,pre-upgrade',
          del: 'before-hook-creation,hook-succeeded',
        });
        const account = job.spec.template.spec.serviceAccountName;
        const sa = byKind(objects, 'ServiceAccount').find((a) => a.metadata.name === account);
        expect(Number(sa?.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations?.['helm.sh/hook-weight']));
      }
      for (const job of migrations) expect(job.spec.template.spec.containers[0].args).toEqual(['dist/main.js', 'migrate']);
    });
  });
});

describe('helm chart canary values', () => {
  const render = (sets: string[]) => run('helm', [...RENDER_ARGS, ...sets.flatMap((x) => ['--set', x])]);

  it('refuses a canary without its own image tag', () => {
    const result = render(['services.news.canary.enabled=true']);
    expect({ status: result.status, error: result.stderr }).toEqual({ status: 1, error: expect.stringContaining('services.news.canary.tag is required') });
  });

  it.each(['120', '-1', 'ten'])('refuses canary weight %s', (weight) => {
    const result = render(['services.llm.canary.enabled=true', 'services.llm.canary.tag=0.2.0', `services.llm.canary.weight=${weight}`]);
    expect({ status: result.status, error: result.stderr }).toEqual({ status: 1, error: expect.stringContaining('services.llm.canary.weight must be a') });
  });
});

describe('helm chart network policies', () => {
  let policies: K8sObject[];
  beforeAll(() => {
    policies = byKind(parseManifests(helmTemplate()), 'NetworkPolicy');
  });

  it('admits traffic only from Traefik and Prometheus', () => {
    expect(policies).toHaveLength(SERVICES.length);
    for (const p of policies) {
      const peers = p.spec.ingress.map((rule: any) => rule.from[0].podSelector.matchLabels['app.kubernetes.io/name']);
      expect(peers.sort()).toEqual(['prometheus', 'traefik']);
    }
  });

  it('lets only news, llm, social and notification reach the internet, never private ranges', () => {
    const internet = policies
      .filter((p) => p.spec.egress.some((rule: any) => rule.to?.some((to: any) => to.ipBlock)))
      .map((p) => p.metadata.name);
    expect(internet.sort()).toEqual(['pulse-llm', 'pulse-news', 'pulse-notification', 'pulse-social']);
    for (const p of policies) {
      for (const rule of p.spec.egress) for (const to of rule.to ?? []) if (to.ipBlock) expect(to.ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']));
    }
  });
});

describe('helm chart gateway resources', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = parseManifests(helmTemplate());
  });
  const routesFile = loadDynamicConfig(ROUTES_FILE).http;
  const full = (name: string): string => `pulse-${name}`;

  it('routes exactly what gateway/traefik/dynamic/routes.yml routes, to the same services and middlewares', () => {
    const [ingress] = byKind(objects, 'IngressRoute');
    const fromChart = ingress!.spec.routes.map((r: any) => ({ match: r.match, service: r.services[0].name, middlewares: r.middlewares.map((m: any) => m.name) }));
    const fromFile = Object.values(routesFile.routers).map((r) => ({ match: r.rule, service: full(r.service), middlewares: (r.middlewares ?? []).map(full) }));
    expect(fromChart).toEqual(expect.arrayContaining(fromFile));
    expect(fromChart).toHaveLength(fromFile.length);
  });

  it('defines every middleware of the routing file with the same settings', () => {
    const middlewares = Object.fromEntries(byKind(objects, 'Middleware').map((m) => [m.metadata.name, m.spec]));
    const expected = Object.fromEntries(
      Object.entries(routesFile.middlewares).map(([name, spec]) => [
        full(name),
        'chain' in spec ? { chain: { middlewares: spec.chain.middlewares.map((m) => ({ name: full(m) })) } } : spec,
      ]),
    );
    expect(middlewares).toEqual(expected);
  });
});

describe('alert rules and dashboard', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = parseManifests(helmTemplate());
  });

  it('ships the five required alerts in the PrometheusRule', () => {
    const [rule] = byKind(objects, 'PrometheusRule');
    const alerts = rule!.spec.groups.flatMap((g: { rules: { alert: string; expr: string }[] }) => g.rules);
    const byName = Object.fromEntries(alerts.map((a: { alert: string; expr: string }) => [a.alert, a.expr]));
    expect(byName.PulseHighErrorRate).toMatch(/http_request_duration_seconds_count\{status=~"5\.\."\}/);
    expect(byName.PulseSlowSummarization).toMatch(/histogram_quantile\(0\.95, .*pulse_summarization_duration_seconds_bucket/);
    expect(byName.PulseLowPostRate).toMatch(/pulse_posts_published_total/);
    expect(byName.PulseConsumerLagHigh).toMatch(/pulse_consumer_lag/);
    expect(byName.PulseDeadLetterGrowth).toMatch(/pulse_events_dead_lettered_total/);
  });

  it('ships the Grafana dashboard as a sidecar ConfigMap with panels on the pipeline metrics', () => {
    const dashboard = byKind(objects, 'ConfigMap').find((c) => c.metadata.labels?.grafana_dashboard === '1');
    const json = JSON.parse(dashboard!.data!['pulse.json']!) as { panels: { targets: { expr: string }[] }[] };
    const exprs = json.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of ['http_request_duration_seconds', 'pulse_articles_processed_total', 'pulse_posts_published_total', 'pulse_summarization_duration_seconds', 'pulse_consumer_lag', 'pulse_events_dead_lettered_total']) {
      expect(exprs).toContain(metric);
    }
  });
});
