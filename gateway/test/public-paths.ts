/**
 * The public API as ARCHITECTURE.md defines it: every path prefix the gateway must route, the
 * Traefik service that owns it, and whether the `/api` prefix is stripped on the way.
 * The API paths themselves are checked against the generated OpenAPI spec (openapi.test.ts); this
 * table keeps the prefixes, the non-API routes (dashboard, docs, streams, JWKS) and the upstream paths.
 */
export interface PublicPath {
  prefix: string;
  service: string;
  /** Path the service receives for the prefix itself. */
  upstreamPath: string;
  exact?: boolean;
}

export const PUBLIC_PATHS: PublicPath[] = [
  { prefix: '/api/v1/sources', service: 'news', upstreamPath: '/v1/sources' },
  { prefix: '/api/v1/articles', service: 'news', upstreamPath: '/v1/articles' },
  { prefix: '/api/v1/summaries', service: 'llm', upstreamPath: '/v1/summaries' },
  { prefix: '/api/v1/llm/usage', service: 'llm', upstreamPath: '/v1/llm/usage' },
  { prefix: '/api/v1/channels', service: 'social', upstreamPath: '/v1/channels' },
  { prefix: '/api/v1/posts', service: 'social', upstreamPath: '/v1/posts' },
  { prefix: '/api/v1/experiments', service: 'social', upstreamPath: '/v1/experiments' },
  { prefix: '/api/v1/analytics', service: 'analytics', upstreamPath: '/v1/analytics' },
  { prefix: '/api/v1/webhooks', service: 'notification', upstreamPath: '/v1/webhooks' },
  { prefix: '/api/v1/stream', service: 'notification', upstreamPath: '/v1/stream' },
  { prefix: '/ws', service: 'notification', upstreamPath: '/ws' },
  { prefix: '/dashboard', service: 'notification', upstreamPath: '/dashboard' },
  { prefix: '/api/docs', service: 'notification', upstreamPath: '/api/docs' },
  { prefix: '/api/openapi.json', service: 'notification', upstreamPath: '/api/openapi.json', exact: true },
  { prefix: '/api/v1/auth/token', service: 'news', upstreamPath: '/v1/auth/token', exact: true },
  { prefix: '/api/v1/api-keys', service: 'news', upstreamPath: '/v1/api-keys' },
  { prefix: '/.well-known/jwks.json', service: 'news', upstreamPath: '/.well-known/jwks.json', exact: true },
];

/** Paths that must never be reachable through the public entrypoint. */
export const PRIVATE_PATHS = ['/', '/healthz', '/readyz', '/metrics', '/v1/sources', '/api/v2/sources', '/api/v1/admin', '/ping'];
