/**
 * Turns Traefik's routing file into a route table the dev gateway can run: rules parsed, chains
 * flattened, prefixes to strip and response headers collected. Only what Traefik would do with the
 * same file; a rule or middleware this module cannot reproduce faithfully is refused, not ignored.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ValidationError } from '@pulse/errors';
import { dynamicConfigSchema, type TraefikDynamicConfig, type TraefikMiddleware } from './traefik-config.schema';

export interface PathMatcher {
  kind: 'Path' | 'PathPrefix';
  value: string;
}

export interface HeaderPolicy {
  /** Response headers to set; an empty string removes the header (Traefik's convention). */
  responseHeaders: Record<string, string>;
  cors?: {
    allowOrigins: string[];
    allowMethods: string[];
    allowHeaders: string[];
    exposeHeaders: string[];
    maxAge?: number;
    allowCredentials: boolean;
    addVaryHeader: boolean;
  };
}

export interface CompiledRoute {
  router: string;
  service: string;
  matchers: PathMatcher[];
  /** Traefik's default priority: the rule's length; longer rules are tried first. */
  priority: number;
  stripPrefixes: string[];
  headers: HeaderPolicy;
  /** Middleware names after flattening chains, in order: for docs, tests and debugging. */
  middlewares: string[];
}

const MATCHER = /^(Path|PathPrefix)\(`([^`]+)`\)$/;

/** Parses `PathPrefix(`/a`) || Path(`/b`)`; any other matcher or operator is refused. */
export function parseRule(rule: string): PathMatcher[] {
  return rule.split('||').map((part) => {
    const match = MATCHER.exec(part.trim());
    if (!match) throw new ValidationError(`Unsupported router rule: ${rule}`, [`cannot mirror "${part.trim()}"`]);
    return { kind: match[1] as PathMatcher['kind'], value: match[2]! };
  });
}

/** Reads and validates a Traefik dynamic configuration file. */
export function loadDynamicConfig(file: string): TraefikDynamicConfig {
  const result = dynamicConfigSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    throw new ValidationError(`Invalid Traefik routing file ${file}`, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

/** Resolves chains depth-first into the ordered list of leaf middlewares. */
export function flattenMiddlewares(names: string[], defined: Record<string, TraefikMiddleware>, seen: string[] = []): string[] {
  return names.flatMap((name) => {
    const middleware = defined[name];
    if (!middleware) throw new ValidationError(`Unknown middleware ${name}`, [`middleware "${name}" is not defined`]);
    if (seen.includes(name)) throw new ValidationError(`Middleware cycle at ${name}`, [[...seen, name].join(' -> ')]);
    return 'chain' in middleware ? flattenMiddlewares(middleware.chain.middlewares, defined, [...seen, name]) : [name];
  });
}

function headerPolicy(leaves: TraefikMiddleware[]): HeaderPolicy {
  const policy: HeaderPolicy = { responseHeaders: {} };
  for (const leaf of leaves) {
    if (!('headers' in leaf)) continue;
    const h = leaf.headers;
    if (h.frameDeny) policy.responseHeaders['X-Frame-Options'] = 'DENY';
    if (h.contentTypeNosniff) policy.responseHeaders['X-Content-Type-Options'] = 'nosniff';
    if (h.referrerPolicy) policy.responseHeaders['Referrer-Policy'] = h.referrerPolicy;
    if (h.permissionsPolicy) policy.responseHeaders['Permissions-Policy'] = h.permissionsPolicy;
    if (h.contentSecurityPolicy) policy.responseHeaders['Content-Security-Policy'] = h.contentSecurityPolicy;
    // Strict-Transport-Security: Traefik sends it only on TLS requests (unless forceSTSHeader);
    // the dev gateway speaks plain HTTP, so it is left out just as Traefik would.
    if (h.forceSTSHeader && h.stsSeconds) policy.responseHeaders['Strict-Transport-Security'] = `max-age=${h.stsSeconds}`;
    Object.assign(policy.responseHeaders, h.customResponseHeaders ?? {});
    if (h.accessControlAllowOriginList) {
      policy.cors = {
        allowOrigins: h.accessControlAllowOriginList,
        allowMethods: h.accessControlAllowMethods ?? [],
        allowHeaders: h.accessControlAllowHeaders ?? [],
        exposeHeaders: h.accessControlExposeHeaders ?? [],
        ...(h.accessControlMaxAge === undefined ? {} : { maxAge: h.accessControlMaxAge }),
        allowCredentials: h.accessControlAllowCredentials ?? false,
        addVaryHeader: h.addVaryHeader ?? false,
      };
    }
  }
  return policy;
}

/** Compiles every router of the file into routes sorted the way Traefik tries them. */
export function compileRoutes(config: TraefikDynamicConfig): CompiledRoute[] {
  const { routers, middlewares, services } = config.http;
  const routes = Object.entries(routers).map(([name, router]): CompiledRoute => {
    if (!services[router.service]) throw new ValidationError(`Router ${name} targets unknown service ${router.service}`, [router.service]);
    const leafNames = flattenMiddlewares(router.middlewares ?? [], middlewares);
    const leaves = leafNames.map((leaf) => middlewares[leaf]!);
    return {
      router: name,
      service: router.service,
      matchers: parseRule(router.rule),
      priority: router.priority || router.rule.length,
      stripPrefixes: leaves.flatMap((leaf) => ('stripPrefix' in leaf ? leaf.stripPrefix.prefixes : [])),
      headers: headerPolicy(leaves),
      middlewares: leafNames,
    };
  });
  return routes.sort((a, b) => b.priority - a.priority);
}

/** The first route whose rule matches the path (Traefik: highest priority first). */
export function matchRoute(routes: CompiledRoute[], path: string): CompiledRoute | undefined {
  return routes.find((route) =>
    route.matchers.some((m) => (m.kind === 'Path' ? path === m.value : path.startsWith(m.value))),
  );
}

/** Traefik's StripPrefix: the first matching prefix is removed; the result keeps a leading slash. */
export function stripPath(path: string, prefixes: string[]): { path: string; stripped?: string } {
  for (const prefix of prefixes) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    return { path: rest.startsWith('/') ? rest : `/${rest}`, stripped: prefix };
  }
  return { path };
}

/**
 * For HTTP pact verification: maps a consumer's public path (/api/v1/...) to the path Traefik
 * forwards it to on `service`, by the given route table. Undefined for a path no route matches
 * (the verifier's own calls); throws for a path the gateway routes to another service.
 */
export function servicePathResolver(routes: CompiledRoute[], service: string): (publicPath: string) => string | undefined {
  return (publicPath) => {
    const url = new URL(publicPath, 'http://gateway');
    const route = matchRoute(routes, url.pathname);
    if (!route) return undefined;
    if (route.service !== service) throw new Error(`${url.pathname} is routed to ${route.service} by the gateway, not to ${service}`);
    return `${stripPath(url.pathname, route.stripPrefixes).path}${url.search}`;
  };
}
