/**
 * docker-compose.yml, checked without Docker: the file is loaded by Docker Compose's own loader
 * (compose-go: the Compose Specification's JSON Schema plus references), then every build,
 * variable, secret, mount and published port is checked. Each service's environment, with real
 * secrets from gateway/tools/make-secrets.sh, must load through its own config.ts. The Dockerfile
 * itself is checked in deploy-image.integration.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadDynamicConfig, ROUTES_FILE } from '../src';
import { ensureTools, REPO_ROOT, run } from './deploy-tools';
import { configProblems, makeSecrets, removeSecrets, OPTIONAL_SECRETS, REQUIRED_SECRETS, SERVICES } from './service-config';

const COMMON_ENV = ['PORT', 'SERVICE_NAME', 'KAFKA_BROKERS', 'REDIS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'LOG_LEVEL'];

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | null>;
  secrets?: { source: string; target: string }[];
  ports?: { target: number; published: string; host_ip?: string }[];
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}
interface ComposeProject {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
}

function loadCompose(file: string): { status: number; project?: ComposeProject; error: string } {
  const result = run('compose-check', [file]);
  return { status: result.status, project: result.status === 0 ? (JSON.parse(result.stdout) as ComposeProject) : undefined, error: result.stderr };
}

let project: ComposeProject;
let secretsDir: string;
beforeAll(() => {
  ensureTools();
  secretsDir = makeSecrets();
  const loaded = loadCompose(path.join(REPO_ROOT, 'docker-compose.yml'));
  if (!loaded.project) throw new Error(`docker-compose.yml does not load: ${loaded.error}`);
  project = loaded.project;
}, 30 * 60_000);
afterAll(() => removeSecrets(secretsDir));

describe('docker-compose.yml', () => {
  it('is accepted by the Compose loader and a broken copy is not', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pulse-compose-'));
    const source = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    writeFileSync(path.join(dir, 'unknown-key.yml'), source.replace(/^ {2}redis:$/m, '  redis:\n    restart_policy: always'));
    writeFileSync(path.join(dir, 'bad-reference.yml'), source.replace('news-migrate: { condition', 'news-migrat: { condition'));
    expect(loadCompose(path.join(dir, 'unknown-key.yml'))).toMatchObject({ status: 1, error: expect.stringMatching(/restart_policy/) });
    expect(loadCompose(path.join(dir, 'bad-reference.yml'))).toMatchObject({ status: 1, error: expect.stringMatching(/news-migrat/) });
  });

  it('runs the whole stack', () => {
    const expected = ['kafka', 'kafka-topics', 'postgres', 'redis', 'traefik', 'prometheus', 'grafana', 'otel-collector', 'jaeger', ...SERVICES, ...SERVICES.map((s) => `${s}-migrate`)];
    expect(Object.keys(project.services).sort()).toEqual(expected.sort());
  });

  it('builds every service (and its migration) from the one Dockerfile in the workspace, naming the service', () => {
    for (const name of SERVICES) {
      for (const entry of [name, `${name}-migrate`]) {
        const build = project.services[entry]!.build!;
        expect({ entry, build }).toEqual({ entry, build: { context: REPO_ROOT, dockerfile: 'Dockerfile', args: { SERVICE: name } } });
        expect(existsSync(path.join(build.context, build.dockerfile))).toBe(true);
      }
      expect(project.services[`${name}-migrate`]!.command).toEqual(['node', 'dist/main.js', 'migrate']);
    }
  });

  it('sets every variable each service and its migration need, secrets as *_FILE pointing at a mounted secret', () => {
    for (const name of SERVICES) {
      for (const entry of [name, `${name}-migrate`]) {
        const service = project.services[entry]!;
        const env = service.environment ?? {};
        for (const key of COMMON_ENV) expect({ entry, key, set: typeof env[key] === 'string' && env[key] !== '' }).toEqual({ entry, key, set: true });
        expect(env.SERVICE_NAME).toBe(name);
        expect(env.PORT).toBe('8080');
        for (const key of [...REQUIRED_SECRETS[name], ...(OPTIONAL_SECRETS[name] ?? [])]) {
          if (key === 'ANTHROPIC_API_KEY') continue; // passed through from the host (below)
          const file = env[`${key}_FILE`];
          expect({ entry, key, file }).toEqual({ entry, key, file: expect.stringMatching(/^\/run\/secrets\//) });
          const secret = service.secrets?.find((s) => s.target === file);
          expect({ entry, key, mounted: Boolean(secret && project.secrets[secret.source]) }).toEqual({ entry, key, mounted: true });
        }
      }
    }
    expect(Object.keys(project.services.llm!.environment!)).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']));
  });

  it("configures each service exactly as its config.ts reads it (real secrets from make-secrets.sh, nothing unknown)", () => {
    for (const name of SERVICES) {
      for (const entry of [name, `${name}-migrate`]) {
        const service = project.services[entry]!;
        const env: Record<string, string> = {};
        for (const [key, value] of Object.entries(service.environment ?? {})) {
          // A key without a value is passed through from the host when set there (the optional Anthropic settings).
          if (value === null) continue;
          const mounted = key.endsWith('_FILE') ? service.secrets?.find((s) => s.target === value) : undefined;
          const secret = mounted && project.secrets[mounted.source];
          // The default secrets directory, ./.secrets, is where make-secrets.sh writes (same file names).
          if (secret) expect(path.dirname(secret.file)).toBe(path.join(REPO_ROOT, '.secrets'));
          env[key] = secret ? path.join(secretsDir, path.basename(secret.file)) : value;
        }
        expect({ entry, problems: configProblems(name, env) }).toEqual({ entry, problems: [] });
      }
    }
  });

  it('mounts on each service only the secrets it reads', () => {
    for (const [entry, service] of Object.entries(project.services)) {
      const read = new Set(Object.values(service.environment ?? {}));
      for (const secret of service.secrets ?? []) {
        expect({ entry, secret: secret.source, read: read.has(secret.target) }).toEqual({ entry, secret: secret.source, read: true });
      }
    }
  });

  it('waits for healthy infrastructure and finished migrations, and health-checks /readyz', () => {
    for (const name of SERVICES) {
      const service = project.services[name]!;
      expect(service.depends_on).toMatchObject({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        'kafka-topics': { condition: 'service_completed_successfully' },
        [`${name}-migrate`]: { condition: 'service_completed_successfully' },
      });
      expect(service.healthcheck?.test.join(' ')).toContain('/readyz');
      expect({ name, readOnly: service.read_only, caps: service.cap_drop }).toEqual({ name, readOnly: true, caps: ['ALL'] });
    }
    for (const name of SERVICES) expect(project.services.traefik!.depends_on![name]).toEqual(expect.objectContaining({ condition: 'service_healthy' }));
  });

  it('publishes only the API on every interface; the Grafana and Jaeger UIs on loopback only', () => {
    const published = Object.entries(project.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, port: p.published, hostIp: p.host_ip ?? '' })));
    expect(published.filter((p) => p.hostIp === '' || p.hostIp === '0.0.0.0')).toEqual([{ name: 'traefik', port: '8080', hostIp: '' }]);
    expect(published.filter((p) => p.hostIp === '127.0.0.1').map((p) => p.name).sort()).toEqual(['grafana', 'jaeger']);
  });

  it('mounts only files that exist in the repository, read-only', () => {
    const binds = Object.values(project.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.type === 'bind'));
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      expect({ source: bind.source, exists: existsSync(bind.source), readOnly: bind.read_only }).toEqual({ source: bind.source, exists: true, readOnly: true });
    }
  });

  it('gives Traefik the gateway configuration and a compose service for every Traefik service', () => {
    const targets = (project.services.traefik!.volumes ?? []).map((v) => [path.relative(REPO_ROOT, v.source), v.target]);
    expect(targets).toEqual(
      expect.arrayContaining([
        ['gateway/traefik/traefik.yml', '/etc/traefik/traefik.yml'],
        ['gateway/traefik/dynamic', '/etc/traefik/dynamic'],
      ]),
    );
    for (const service of Object.values(loadDynamicConfig(ROUTES_FILE).http.services)) {
      const host = new URL(service.loadBalancer.servers[0]!.url).hostname;
      expect(project.services[host]).toBeDefined();
    }
  });

  it('scrapes every service with Prometheus and loads the same alert rules as the Helm chart', () => {
    const config = parse(readFileSync(path.join(REPO_ROOT, 'helm/pulse/files/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const name of SERVICES) expect(targets).toContain(`${name}:8080`);
    expect(targets).toContain('traefik:8082');
    const mounts = project.services.prometheus!.volumes!.map((v) => path.relative(REPO_ROOT, v.source));
    expect(mounts).toEqual(expect.arrayContaining(['helm/pulse/files/prometheus/prometheus.yml', 'helm/pulse/files/prometheus/alerts.yml']));
  });
});
