import type { SourceEntity } from '../adapters/db';

/** A source as the API shows it: settings and health, never the basic-auth password. */
export function sourceView(source: SourceEntity) {
  return {
    id: source.id,
    url: source.url,
    title: source.title,
    niche: source.niche,
    authorityWeight: source.authorityWeight,
    pollIntervalSeconds: source.pollIntervalSeconds,
    enabled: source.enabled,
    headers: source.headers,
    basicAuth: source.basicAuthUsername ? { username: source.basicAuthUsername } : null,
    userAgent: source.userAgent,
    fetchFullArticle: source.fetchFullArticle,
    health: healthView(source),
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}

export function healthView(source: SourceEntity) {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    status: !source.enabled ? 'disabled' : source.consecutiveFailures > 0 ? 'failing' : source.lastSuccessAt ? 'healthy' : 'pending',
    lastFetchedAt: iso(source.lastFetchedAt),
    lastSuccessAt: iso(source.lastSuccessAt),
    lastError: source.lastError,
    lastErrorAt: iso(source.lastErrorAt),
    consecutiveFailures: source.consecutiveFailures,
    nextFetchAt: source.nextFetchAt.toISOString(),
    intervalSeconds: source.effectiveIntervalSeconds,
    itemsSeen: source.itemsSeen,
  };
}
