import express, { type Router } from 'express';
import { principalOf } from '@pulse/auth';
import { ConflictError, PermanentError, ValidationError } from '@pulse/errors';
import { validate } from '@pulse/http-kit';
import type { CredentialsCipher, SourceRepository, SourceSettings } from '../adapters/db';
import type { SsrfGuard } from '@pulse/safe-http';
import type { SourceFetcher } from '../fetching/source-fetcher';
import { validateQuery, type RouteKit } from './route-kit';
import { assertFeedUrlAllowed } from './feed-url.guard';
import { createSourceBody, idParams, listSourcesQuery, updateSourceBody, type CreateSourceBody, type ListSourcesQuery, type UpdateSourceBody } from './sources.schemas';
import { healthView, sourceView } from './source-view';
import { exportOpmlHandler, importOpmlHandler } from './opml.routes';

export interface SourceRoutesDeps {
  sources: SourceRepository;
  fetcher: SourceFetcher;
  guard: SsrfGuard;
  cipher?: CredentialsCipher;
}

/** Sealed basic-auth fields for storage; refuses credentials when no key is configured. */
export function sealBasicAuth(cipher: CredentialsCipher | undefined, basicAuth: { username: string; password: string } | null | undefined) {
  if (basicAuth === undefined) return {};
  if (basicAuth === null) return { basicAuthUsername: null, basicAuthSecret: null };
  if (!cipher) throw new ValidationError('Basic auth is not available', ['basicAuth: the service has no SOURCE_CREDENTIALS_KEY to store credentials with']);
  return { basicAuthUsername: basicAuth.username, basicAuthSecret: cipher.encrypt(basicAuth.password) };
}

function settingsFrom(body: CreateSourceBody, cipher: CredentialsCipher | undefined): SourceSettings {
  return {
    url: body.url,
    title: body.title ?? null,
    niche: body.niche,
    authorityWeight: body.authorityWeight,
    pollIntervalSeconds: body.pollIntervalSeconds ?? null,
    enabled: body.enabled,
    headers: body.headers,
    basicAuthUsername: null,
    basicAuthSecret: null,
    userAgent: body.userAgent ?? null,
    fetchFullArticle: body.fetchFullArticle,
    ...sealBasicAuth(cipher, body.basicAuth),
  };
}

function patchFrom(body: UpdateSourceBody, cipher: CredentialsCipher | undefined): Partial<SourceSettings> {
  const { basicAuth, ...rest } = body;
  const patch: Partial<SourceSettings> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) (patch as Record<string, unknown>)[key] = value;
  return { ...patch, ...sealBasicAuth(cipher, basicAuth) };
}

/** /v1/sources: CRUD, health, refresh, OPML import/export. */
export function registerSourceRoutes(router: Router, kit: RouteKit, deps: SourceRoutesDeps): void {
  const { auth, rateLimit } = kit;
  const read = [auth.authenticate, auth.requireScopes('news:read'), rateLimit];
  const write = [auth.authenticate, auth.requireScopes('news:write'), rateLimit];

  router.post('/sources', ...write, validate({ body: createSourceBody }), async (req, res) => {
    const { tenantId } = principalOf(req);
    await assertFeedUrlAllowed(deps.guard, req.body.url);
    const source = await deps.sources.create(tenantId, settingsFrom(req.body, deps.cipher));
    res.status(201).location(`${req.baseUrl}/sources/${source.id}`).json(sourceView(source));
  });

  router.get('/sources', ...read, validateQuery(listSourcesQuery), async (req, res) => {
    const { tenantId } = principalOf(req);
    // validate() replaced the query with its parsed form; the spread middlewares above hide its type.
    const query = req.query as unknown as ListSourcesQuery;
    const rows = await deps.sources.list(tenantId, { limit: query.limit, ...(query.niche ? { niche: query.niche } : {}) });
    res.json({ items: rows.map(sourceView) });
  });

  // Before /sources/:id, so "export" and "import" are not taken for ids.
  router.get('/sources/export', ...read, exportOpmlHandler(deps.sources));
  router.post(
    '/sources/import',
    ...write,
    express.text({ type: ['text/x-opml', 'application/xml', 'text/xml', 'application/opml+xml', 'text/plain'], limit: '2mb' }),
    importOpmlHandler(deps),
  );

  router.get('/sources/:id', ...read, validate({ params: idParams }), async (req, res) => {
    res.json(sourceView(await deps.sources.get(principalOf(req).tenantId, req.params.id)));
  });

  router.patch('/sources/:id', ...write, validate({ params: idParams, body: updateSourceBody }), async (req, res) => {
    const { tenantId } = principalOf(req);
    if (req.body.url !== undefined) await assertFeedUrlAllowed(deps.guard, req.body.url);
    const source = await deps.sources.update(tenantId, req.params.id, patchFrom(req.body, deps.cipher));
    res.json(sourceView(source));
  });

  router.delete('/sources/:id', ...write, validate({ params: idParams }), async (req, res) => {
    await deps.sources.delete(principalOf(req).tenantId, req.params.id);
    res.status(204).end();
  });

  router.get('/sources/:id/health', ...read, validate({ params: idParams }), async (req, res) => {
    const source = await deps.sources.get(principalOf(req).tenantId, req.params.id);
    res.json({ id: source.id, url: source.url, enabled: source.enabled, ...healthView(source) });
  });

  router.post('/sources/:id/refresh', ...write, validate({ params: idParams }), async (req, res) => {
    // The tenant check comes first: a refresh of another tenant's source is a 404 like any read.
    const source = await deps.sources.get(principalOf(req).tenantId, req.params.id);
    const summary = await deps.fetcher.fetch(source.id);
    if (summary.outcome === 'busy') throw new ConflictError('The source is being fetched right now; try again in a moment');
    if (summary.outcome === 'skipped') throw new PermanentError('The source was deleted meanwhile', { status: 404, code: 'not-found' });
    res.json(summary);
  });
}
