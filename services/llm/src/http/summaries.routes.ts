import type { RequestHandler, Router } from 'express';
import type { DataSource } from 'typeorm';
import { principalOf, type Authenticator } from '@pulse/auth';
import { NotFoundError, PermanentError } from '@pulse/errors';
import { validate } from '@pulse/http-kit';
import { findSkippedArticle } from '../adapters/db/skipped-article.repository';
import { findSummary } from '../adapters/db/summary.repository';
import { summarizeStoredArticle, summarizeText, type OnRequestDeps } from '../summarization/summarize-on-request';
import { createSummaryBody, summaryParams } from './summary.schemas';
import { resultView, storedSummaryView } from './summary-view';

export interface RouteDeps extends OnRequestDeps {
  auth: Authenticator;
  rateLimit: RequestHandler;
  dataSource: DataSource;
}

/** `POST /summaries` (llm:write) and `GET /summaries/:articleId` (llm:read), tenant-scoped. */
export function summariesRoutes(router: Router, deps: RouteDeps): void {
  const { auth, rateLimit } = deps;

  router.post('/summaries', auth.authenticate, auth.requireScopes('llm:write'), rateLimit, validate({ body: createSummaryBody }), async (req, res) => {
    const { tenantId } = principalOf(req);
    const body = req.body;
    if ('articleId' in body) {
      const { summary, created } = await summarizeStoredArticle(deps, tenantId, body.articleId);
      res.status(created ? 201 : 200).json(storedSummaryView(summary));
      return;
    }
    const { result, summarizer, reason } = await summarizeText(deps, tenantId, body);
    res.status(200).json(resultView(result, summarizer, reason));
  });

  router.get('/summaries/:articleId', auth.authenticate, auth.requireScopes('llm:read'), rateLimit, validate({ params: summaryParams }), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { articleId } = req.params;
    const summary = await findSummary(deps.dataSource.manager, tenantId, articleId);
    if (summary) {
      res.json(storedSummaryView(summary));
      return;
    }
    // Say why there is none when the selection skipped it (still a 404: there is no summary).
    const skipped = await findSkippedArticle(deps.dataSource.manager, tenantId, articleId);
    if (skipped) {
      throw new PermanentError(`Article ${articleId} was not summarized: ${skipped.reason} (${skipped.detail})`, {
        status: 404,
        code: 'not-found',
        details: { reason: skipped.reason, skippedAt: skipped.skippedAt.toISOString() },
      });
    }
    throw new NotFoundError('Summary of article', articleId);
  });
}
