/**
 * docker-compose.yml and the services' Dockerfiles, checked without Docker: the file is loaded by
 * Docker Compose's own loader (compose-go: the Compose Specification's JSON Schema plus references),
 * then every build, variable, secret, mount and published port is checked.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadDynamicConfig, ROUTES_FILE } from '../src';
import { ensureTools, REPO_ROOT, run } from './deploy-tools';

const SERVICES = ['news', 'llm', 'social', 'analytics', 'notification'];
const COMMON_ENV = ['PORT', 'SERVICE_NAME', 'KAFKA_BROKERS', 'REDIS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'LOG_LEVEL'];
const SECRET_ENV: Record<string, string[]> = {
  news: ['DATABASE_URL', 'JWT_PUBLIC_KEY'],
  llm: ['DATABASE_URL', 'JWT_PUBLIC_KEY'],
  social: ['DATABASE_URL', 'JWT_PUBLIC_KEY', 'CREDENTIALS_ENCRYPTION_KEYS'],
  analytics: ['DATABASE_URL', 'JWT_PUBLIC_KEY'],
  notification: ['DATABASE_URL', 'JWT_PUBLIC_KEY'],
};
const BUILD_SCRIPT = 'esbuild src/main.ts --bundle --platform=node --target=node20 --outfile=dist/main.js --sourcemap --external:pg-native';

interface ComposeService {
  build?: { context: string; dockerfile: string };
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
beforeAll(() => {
  ensureTools();
  const loaded = loadCompose(path.join(REPO_ROOT, 'docker-compose.yml'));
  if (!loaded.project) throw new Error(`docker-compose.yml does not load: ${loaded.error}`);
  project = loaded.project;
}, 30 * 60_000);

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

  it('builds every service (and its migration) from the service Dockerfile in the workspace', () => {
    for (const name of SERVICES) {
      for (const entry of [name, `${name}-migrate`]) {
        const build = project.services[entry]!.build!;
        expect({ entry, context: build.context, dockerfile: build.dockerfile }).toEqual({ entry, context: REPO_ROOT, dockerfile: `services/${name}/Dockerfile` });
        expect(existsSync(path.join(build.context, build.dockerfile))).toBe(true);
      }
      expect(project.services[`${name}-migrate`]!.command).toEqual(['node', '--enable-source-maps', 'dist/main.js', 'migrate']);
    }
  });

  it('sets every variable each service needs, secrets as *_FILE pointing at a mounted secret', () => {
    for (const name of SERVICES) {
      const service = project.services[name]!;
      const env = service.environment ?? {};
      for (const key of COMMON_ENV) expect({ name, key, set: typeof env[key] === 'string' && env[key] !== '' }).toEqual({ name, key, set: true });
      expect(env.SERVICE_NAME).toBe(name);
      expect(env.PORT).toBe('8080');
      for (const key of SECRET_ENV[name]!) {
        const file = env[`${key}_FILE`];
        expect({ name, key, file }).toEqual({ name, key, file: expect.stringMatching(/^\/run\/secrets\//) });
        const secret = service.secrets?.find((s) => s.target === file);
        expect({ name, key, mounted: Boolean(secret && project.secrets[secret.source]) }).toEqual({ name, key, mounted: true });
      }
    }
    expect(Object.keys(project.services.llm!.environment!)).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']));
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

describe('service Dockerfiles', () => {
  it.each(SERVICES)('%s: multi-stage build of its own package, non-root runtime with a health check', (name) => {
    const text = readFileSync(path.join(REPO_ROOT, 'services', name, 'Dockerfile'), 'utf8');
    const stages = [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => m[1]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^ARG NODE_IMAGE=node:20-slim$/m);
    expect(text).toContain(`--filter "@pulse/${name}..."`);
    expect(text).toContain(`pnpm --filter @pulse/${name} run build`);
    const user = /^USER\s+(\S+)/m.exec(text.slice(text.lastIndexOf('FROM ')))?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(text).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(text).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/main\.js"\]$/m);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.scripts.build).toBe(BUILD_SCRIPT);
    expect(pkg.devDependencies.esbuild).toBe('catalog:');
  });

  it('keeps dependencies, local data and secrets out of the build context', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.data', '.tools', '.secrets', '.env', '.git']));
  });
});
