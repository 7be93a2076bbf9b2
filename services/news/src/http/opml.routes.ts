import type { Request, RequestHandler, Response } from 'express';
import { principalOf } from '@pulse/auth';
import { ConflictError, PermanentError, ValidationError } from '@pulse/errors';
import { buildOpml, parseOpml } from '../domain/opml';
import type { SourceRepository } from '../adapters/db';
import type { SourceRoutesDeps } from './sources.routes';
import { assertFeedUrlAllowed } from './feed-url.guard';
import { feedUrlSchema, importSourcesQuery, nicheSchema } from './sources.schemas';

/** GET /v1/sources/export: the tenant's sources as OPML 2.0, one folder per niche. */
export function exportOpmlHandler(sources: SourceRepository): RequestHandler {
  return async (req: Request, res: Response) => {
    const rows = await sources.list(principalOf(req).tenantId, { limit: 10_000 });
    res.type('text/x-opml; charset=utf-8').attachment('pulse-sources.opml').send(buildOpml('Pulse sources', rows));
  };
}

/**
 * POST /v1/sources/import: subscribes to every feed of an OPML body. Each outline is judged on
 * its own: invalid, forbidden or already subscribed ones are listed as skipped with the reason.
 */
export function importOpmlHandler(deps: SourceRoutesDeps): RequestHandler {
  return async (req: Request, res: Response) => {
    const { tenantId } = principalOf(req);
    if (typeof req.body !== 'string') {
      throw new PermanentError('Send the OPML document as text/x-opml or application/xml', { status: 415, code: 'unsupported-media-type' });
    }
    const query = importSourcesQuery.safeParse(req.query);
    if (!query.success) throw new ValidationError('The request is invalid', query.error.issues.map((i) => `query.${i.path.join('.')}: ${i.message}`));
    const feeds = parseOpml(req.body);
    if (feeds.length > 1000) throw new ValidationError('The OPML document lists too many feeds', ['at most 1000 feeds per import']);

    const created: Array<{ id: string; url: string; niche: string }> = [];
    const skipped: Array<{ url: string; reason: string }> = [];
    for (const feed of feeds) {
      const url = feedUrlSchema.safeParse(feed.xmlUrl);
      if (!url.success) {
        skipped.push({ url: feed.xmlUrl, reason: 'not an http(s) URL' });
        continue;
      }
      const niche = nicheSchema.safeParse(feed.category ?? '');
      try {
        await assertFeedUrlAllowed(deps.guard, url.data, 'xmlUrl');
        const source = await deps.sources.create(tenantId, {
          url: url.data, title: feed.title ?? null, niche: niche.success ? niche.data : query.data.niche,
          authorityWeight: query.data.authorityWeight, pollIntervalSeconds: null, enabled: true, headers: {},
          basicAuthUsername: null, basicAuthSecret: null, userAgent: null, fetchFullArticle: false,
        });
        created.push({ id: source.id, url: source.url, niche: source.niche });
      } catch (error) {
        if (error instanceof ConflictError) skipped.push({ url: url.data, reason: 'already subscribed' });
        else if (error instanceof ValidationError) skipped.push({ url: url.data, reason: error.errors.join('; ') });
        // Anything else (the database is down): stop; a repeated import skips what was created.
        else throw error;
      }
    }
    res.status(created.length > 0 ? 201 : 200).json({ created, skipped });
  };
}
