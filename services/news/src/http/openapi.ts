import { z } from 'zod';
import { apiKeyIdParams, createApiKeyBody, KEYS_READ_SCOPE, KEYS_WRITE_SCOPE } from '@pulse/auth';
import { serviceDocument, type OpenApiDocument, type OperationSpec } from '@pulse/openapi';
import { listArticlesQuery } from './articles.schemas';
import { createSourceBody, idParams, importSourcesQuery, listSourcesQuery, updateSourceBody } from './sources.schemas';

/*
 * The news API as the public sees it through the gateway (`/api/v1/...`). Requests are described
 * by the very zod schemas the routes validate with; responses by the schemas below, which follow
 * source-view.ts and article-view.ts.
 */

const instant = z.iso.datetime({ offset: true });
const nullableInstant = instant.nullable();

const sourceHealth = z.object({
  status: z.enum(['disabled', 'failing', 'healthy', 'pending']),
  lastFetchedAt: nullableInstant,
  lastSuccessAt: nullableInstant,
  lastError: z.string().nullable(),
  lastErrorAt: nullableInstant,
  consecutiveFailures: z.number().int(),
  nextFetchAt: instant,
  intervalSeconds: z.number().int(),
  itemsSeen: z.number().int(),
});

const source = z.object({
  id: z.uuid(),
  url: z.url(),
  title: z.string().nullable(),
  niche: z.string(),
  authorityWeight: z.number(),
  pollIntervalSeconds: z.number().int().nullable(),
  enabled: z.boolean(),
  headers: z.record(z.string(), z.string()),
  basicAuth: z.object({ username: z.string() }).nullable().describe('The password is never returned.'),
  userAgent: z.string().nullable(),
  fetchFullArticle: z.boolean(),
  health: sourceHealth,
  createdAt: instant,
  updatedAt: instant,
});

const componentScore = z.object({ value: z.number(), weight: z.number(), contribution: z.number() });

const articleFields = {
  id: z.uuid(),
  sourceId: z.uuid(),
  niche: z.string(),
  url: z.url(),
  canonicalUrl: z.string().nullable(),
  guid: z.string().nullable(),
  title: z.string(),
  lead: z.string().nullable(),
  language: z.string().nullable(),
  author: z.string().nullable(),
  keywords: z.array(z.string()),
  publishedAt: instant,
  firstSeenAt: instant,
  score: z.number(),
  scoreBreakdown: z.object({
    score: z.number(),
    components: z.record(z.string(), componentScore),
    matchedTerms: z.array(z.string()),
    formula: z.literal('v1'),
  }),
  cluster: z.object({ id: z.string().nullable(), size: z.number().int() }).describe('The story cluster: near-duplicates of one event.'),
};
const articleSummary = z.object(articleFields);
const articleDetail = z.object({ ...articleFields, content: z.string().nullable() });

const fetchSummary = z.object({
  sourceId: z.uuid(),
  outcome: z.enum(['fetched', 'not-modified', 'failed']),
  newArticles: z.number().int(),
  duplicates: z.number().int(),
  failedItems: z.number().int(),
  skippedItems: z.number().int(),
  error: z.string().optional(),
  itemErrors: z.array(z.string()).optional(),
  nextFetchAt: instant.optional(),
  durationMs: z.number(),
});

const importResult = z.object({
  created: z.array(z.object({ id: z.uuid(), url: z.string(), niche: z.string() })),
  skipped: z.array(z.object({ url: z.string(), reason: z.string() })),
});

const OPML = { type: 'string', description: 'An OPML 2.0 document.' };
const read = ['news:read'];
const write = ['news:write'];

// API keys (from @pulse/auth, hosted by news): what apiKeyJson returns; the secret only on creation.
const apiKey = z.object({
  id: z.uuid().describe('Also the OAuth client_id for POST /api/v1/auth/token.'),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: instant,
  lastUsedAt: nullableInstant,
  expiresAt: nullableInstant,
  revokedAt: nullableInstant,
});

const operations: OperationSpec[] = [
  { method: 'post', path: '/api/v1/api-keys', operationId: 'createApiKey', summary: 'Create an API key (the secret is shown once)', scopes: [KEYS_WRITE_SCOPE], body: createApiKeyBody,
    responses: { 201: { description: 'The key with its secret', schema: apiKey.extend({ secret: z.string().describe('Shown only in this response.') }) } } },
  { method: 'get', path: '/api/v1/api-keys', operationId: 'listApiKeys', summary: "List the tenant's API keys (never their secrets)", scopes: [KEYS_READ_SCOPE],
    responses: { 200: { description: 'The keys', schema: z.object({ items: z.array(apiKey) }) } } },
  { method: 'delete', path: '/api/v1/api-keys/{id}', operationId: 'revokeApiKey', summary: 'Revoke an API key (tokens already issued expire with their TTL)', scopes: [KEYS_WRITE_SCOPE], params: apiKeyIdParams,
    responses: { 204: { description: 'Revoked' } } },
  { method: 'get', path: '/api/v1/sources', operationId: 'listSources', summary: "List the tenant's feed sources", scopes: read, query: listSourcesQuery,
    responses: { 200: { description: 'The sources', schema: z.object({ items: z.array(source) }) } } },
  { method: 'post', path: '/api/v1/sources', operationId: 'createSource', summary: 'Subscribe to a feed', scopes: write, body: createSourceBody, errors: [409],
    description: 'The URL is checked against the SSRF guard (private and metadata addresses are refused).',
    responses: { 201: { description: 'Created', schema: source, headers: { Location: { description: 'The new source', schema: { type: 'string' } } } } } },
  { method: 'get', path: '/api/v1/sources/export', operationId: 'exportSources', summary: 'Export the sources as OPML', scopes: read,
    responses: { 200: { description: 'OPML 2.0, one folder per niche', content: { 'text/x-opml': OPML } } } },
  { method: 'post', path: '/api/v1/sources/import', operationId: 'importSources', summary: 'Subscribe to every feed of an OPML document', scopes: write, query: importSourcesQuery, errors: [413, 415],
    description: 'Each outline is judged on its own: invalid, forbidden or already subscribed ones are listed as skipped with the reason.',
    rawBody: { description: 'OPML 2.0 (at most 1000 feeds, 2 MB)', content: { 'text/x-opml': OPML, 'application/xml': OPML } },
    responses: { 200: { description: 'Nothing new was created', schema: importResult }, 201: { description: 'Some sources were created', schema: importResult } } },
  { method: 'get', path: '/api/v1/sources/{id}', operationId: 'getSource', summary: 'Get a source', scopes: read, params: idParams,
    responses: { 200: { description: 'The source', schema: source } } },
  { method: 'patch', path: '/api/v1/sources/{id}', operationId: 'updateSource', summary: "Change a source's settings", scopes: write, params: idParams, body: updateSourceBody, errors: [409],
    responses: { 200: { description: 'The updated source', schema: source } } },
  { method: 'delete', path: '/api/v1/sources/{id}', operationId: 'deleteSource', summary: 'Unsubscribe from a feed', scopes: write, params: idParams,
    responses: { 204: { description: 'Deleted' } } },
  { method: 'get', path: '/api/v1/sources/{id}/health', operationId: 'getSourceHealth', summary: "A source's fetch health", scopes: read, params: idParams,
    responses: { 200: { description: 'Health', schema: sourceHealth.extend({ id: z.uuid(), url: z.url(), enabled: z.boolean() }) } } },
  { method: 'post', path: '/api/v1/sources/{id}/refresh', operationId: 'refreshSource', summary: 'Fetch a source now', scopes: write, params: idParams, errors: [409],
    responses: { 200: { description: 'What the fetch found', schema: fetchSummary } } },
  { method: 'get', path: '/api/v1/articles', operationId: 'listArticles', summary: 'Ranked articles, filtered, one page at a time', scopes: read, query: listArticlesQuery,
    description: 'Pass `nextCursor` of a page as `cursor` (with the same `order`) for the next one.',
    responses: { 200: { description: 'A page of articles (without content)', schema: z.object({ items: z.array(articleSummary), nextCursor: z.string().nullable() }) } } },
  { method: 'get', path: '/api/v1/articles/{id}', operationId: 'getArticle', summary: 'Get an article with its content', scopes: read, params: idParams,
    responses: { 200: { description: 'The article', schema: articleDetail } } },
  { method: 'delete', path: '/api/v1/articles/{id}', operationId: 'deleteArticle', summary: 'Tombstone an article', scopes: write, params: idParams,
    description: 'It disappears from listings and is not fetched again.',
    responses: { 204: { description: 'Deleted' } } },
];

/** The news service's OpenAPI 3.1 document (public paths). */
export function newsOpenApi(): OpenApiDocument {
  return serviceDocument({
    service: 'news',
    version: '1.0.0',
    description: 'Feed sources (RSS, Atom, JSON Feed, OPML import/export) and the ranked, de-duplicated articles fetched from them.',
    operations,
  });
}
