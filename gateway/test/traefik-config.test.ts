import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  compileRoutes,
  dynamicConfigSchema,
  loadDynamicConfig,
  matchRoute,
  parseRule,
  ROUTES_FILE,
  servicePathResolver,
  STATIC_FILE,
  staticConfigSchema,
  stripPath,
  type TraefikDynamicConfig,
} from '../src';
import { PRIVATE_PATHS, PUBLIC_PATHS } from './public-paths';

const readYaml = (file: string): unknown => parse(readFileSync(file, 'utf8'));
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('Traefik static configuration', () => {
  const raw = readYaml(STATIC_FILE);

  it('is valid against the strict static schema', () => {
    const result = staticConfigSchema.safeParse(raw);
    expect(issues(result)).toEqual([]);
  });

  it('serves the public API on one entrypoint and keeps /metrics and /ping off it', () => {
    const config = staticConfigSchema.parse(raw);
    expect(config.entryPoints.web?.address).toBe(':8080');
    expect(config.metrics?.prometheus.entryPoint).not.toBe('web');
    expect(config.ping?.entryPoint).not.toBe('web');
    expect(config.accessLog?.format).toBe('json');
    expect(config.accessLog?.fields?.headers?.defaultMode).toBe('drop');
    expect(config.tracing?.otlp.http.endpoint).toMatch(/^http:\/\/otel-collector:4318\//);
  });

  it('rejects an option Traefik does not know', () => {
    const typo = { ...(raw as object), entryPoint: { web: { address: ':80' } } };
    expect(staticConfigSchema.safeParse(typo).success).toBe(false);
  });
});

describe('Traefik routing file', () => {
  const config: TraefikDynamicConfig = loadDynamicConfig(ROUTES_FILE);
  const routes = compileRoutes(config);

  it('maps a public path to the path its service gets, refuses another service\'s path, ignores unrouted ones', () => {
    const newsPath = servicePathResolver(routes, 'news');
    expect(newsPath('/api/v1/articles?limit=5')).toBe('/v1/articles?limit=5');
    expect(() => newsPath('/api/v1/posts')).toThrow('/api/v1/posts is routed to social by the gateway, not to news');
    expect(newsPath('/_pactSetup')).toBeUndefined();
  });

  it('is valid against the strict file-provider schema', () => {
    expect(issues(dynamicConfigSchema.safeParse(readYaml(ROUTES_FILE)))).toEqual([]);
  });

  it('rejects a misspelled router option and a middleware with two kinds', () => {
    const broken = structuredClone(config) as unknown as { http: { routers: Record<string, object>; middlewares: Record<string, object> } };
    broken.http.routers.news = { ...broken.http.routers.news, middleware: ['api'] };
    expect(dynamicConfigSchema.safeParse(broken).success).toBe(false);
    const twoKinds = structuredClone(config) as unknown as { http: { middlewares: Record<string, object> } };
    twoKinds.http.middlewares.retry = { retry: { attempts: 2 }, compress: {} };
    expect(dynamicConfigSchema.safeParse(twoKinds).success).toBe(false);
  });

  it('points every router at a defined service and only at defined middlewares', () => {
    for (const [name, router] of Object.entries(config.http.routers)) {
      expect({ name, service: config.http.services[router.service] ? router.service : 'missing' }).toEqual({ name, service: router.service });
      expect(router.entryPoints).toEqual(['web']);
    }
    expect(routes).toHaveLength(Object.keys(config.http.routers).length);
  });

  it('defines no middleware or service that nothing uses', () => {
    const used = new Set<string>();
    const visit = (name: string): void => {
      used.add(name);
      const m = config.http.middlewares[name];
      if (m && 'chain' in m) m.chain.middlewares.forEach(visit);
    };
    Object.values(config.http.routers).forEach((r) => r.middlewares?.forEach(visit));
    expect(Object.keys(config.http.middlewares).filter((name) => !used.has(name))).toEqual([]);
    const targeted = new Set(Object.values(config.http.routers).map((r) => r.service));
    expect(Object.keys(config.http.services).filter((name) => !targeted.has(name))).toEqual([]);
  });

  it('routes every public path to its service with the /api prefix stripped', () => {
    for (const p of PUBLIC_PATHS) {
      const route = matchRoute(routes, p.prefix);
      expect({ path: p.prefix, service: route?.service, upstream: route && stripPath(p.prefix, route.stripPrefixes).path }).toEqual({
        path: p.prefix,
        service: p.service,
        upstream: p.upstreamPath,
      });
      if (!p.exact) expect(matchRoute(routes, `${p.prefix}/abc?x=1`.split('?')[0]!)?.service).toBe(p.service);
    }
  });

  it('routes nothing but the public paths', () => {
    const declared = routes.flatMap((r) => r.matchers.map((m) => m.value)).sort();
    expect(declared).toEqual(PUBLIC_PATHS.map((p) => p.prefix).sort());
    for (const path of PRIVATE_PATHS) expect({ path, route: matchRoute(routes, path)?.router }).toEqual({ path, route: undefined });
  });

  it('keeps retry, compression, in-flight caps and the circuit breaker off long-lived streams', () => {
    for (const path of ['/api/v1/stream', '/ws']) {
      const route = matchRoute(routes, path)!;
      for (const m of ['retry', 'compress', 'in-flight', 'circuit-breaker']) expect(route.middlewares).not.toContain(m);
    }
    expect(matchRoute(routes, '/api/v1/posts')!.middlewares).toEqual(
      expect.arrayContaining(['security-headers', 'cors', 'rate-limit', 'in-flight', 'circuit-breaker', 'retry', 'compress', 'strip-api']),
    );
  });

  it('sends every service to its container on port 8080 and health-checks /readyz', () => {
    for (const [name, service] of Object.entries(config.http.services)) {
      expect(service.loadBalancer.servers).toEqual([{ url: `http://${name}:8080` }]);
      expect(service.loadBalancer.healthCheck?.path).toBe('/readyz');
    }
  });

  it('never compresses server-sent events', () => {
    const compress = config.http.middlewares.compress;
    expect(compress && 'compress' in compress ? compress.compress.excludedContentTypes : []).toContain('text/event-stream');
  });
});

describe('rule parsing', () => {
  it('reads Path and PathPrefix alternatives', () => {
    expect(parseRule('PathPrefix(`/a`) || Path(`/b/c`)')).toEqual([
      { kind: 'PathPrefix', value: '/a' },
      { kind: 'Path', value: '/b/c' },
    ]);
  });

  it('refuses matchers the dev gateway cannot mirror', () => {
    expect(() => parseRule('Host(`example.com`)')).toThrow(/Unsupported router rule/);
    expect(() => parseRule('PathPrefix(`/a`) && Method(`GET`)')).toThrow(/Unsupported router rule/);
  });

  it('strips the first matching prefix and keeps a leading slash', () => {
    expect(stripPath('/api/v1/x', ['/api'])).toEqual({ path: '/v1/x', stripped: '/api' });
    expect(stripPath('/api', ['/api'])).toEqual({ path: '/', stripped: '/api' });
    expect(stripPath('/.well-known/jwks.json', ['/api'])).toEqual({ path: '/.well-known/jwks.json' });
  });
});
