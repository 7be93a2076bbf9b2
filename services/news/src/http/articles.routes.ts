import type { Router } from 'express';
import { principalOf } from '@pulse/auth';
import { validate } from '@pulse/http-kit';
import type { ArticleRepository } from '../adapters/db';
import { validateQuery, type RouteKit } from './route-kit';
import { articleListItemJson, articleView } from './article-view';
import { encodeCursor, listArticlesQuery, type ListArticlesQuery } from './articles.schemas';
import { idParams } from './sources.schemas';

/** /v1/articles: ranked listing with filters and cursor pagination, detail, tombstoning delete. */
export function registerArticleRoutes(router: Router, { auth, rateLimit }: RouteKit, articles: ArticleRepository): void {
  const read = [auth.authenticate, auth.requireScopes('news:read'), rateLimit];
  const write = [auth.authenticate, auth.requireScopes('news:write'), rateLimit];

  router.get('/articles', ...read, validateQuery(listArticlesQuery), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { cursor, limit, order, ...filters } = req.query as unknown as ListArticlesQuery;
    const rows = await articles.list(tenantId, {
      ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      order,
      limit: limit + 1,
      ...(cursor ? { after: { value: cursor.v, id: cursor.id } } : {}),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last
      ? encodeCursor({ o: order, v: order === 'score' ? last.score : last.publishedAt, id: last.id })
      : null;
    // Written by hand (same document as res.json would write): see articleListItemJson.
    res.type('json').send(`{"items":[${page.map(articleListItemJson).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`);
  });

  router.get('/articles/:id', ...read, validate({ params: idParams }), async (req, res) => {
    res.json(articleView(await articles.get(principalOf(req).tenantId, req.params.id), { withContent: true }));
  });

  router.delete('/articles/:id', ...write, validate({ params: idParams }), async (req, res) => {
    await articles.tombstone(principalOf(req).tenantId, req.params.id);
    res.status(204).end();
  });
}
