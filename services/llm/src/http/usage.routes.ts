import type { RequestHandler, Router } from 'express';
import type { DataSource } from 'typeorm';
import { principalOf, type Authenticator } from '@pulse/auth';
import { validate } from '@pulse/http-kit';
import { sumUsage } from '../adapters/db/usage.repository';
import { roundUsd } from '../domain/cost-calculator';
import { usageQuery } from './summary.schemas';

export interface UsageRouteDeps {
  auth: Authenticator;
  rateLimit: RequestHandler;
  dataSource: DataSource;
}

/** `GET /llm/usage?from&to&groupBy=niche|stage` (llm:read): the tenant's tokens and cost in [from, to). */
export function usageRoutes(router: Router, { auth, rateLimit, dataSource }: UsageRouteDeps): void {
  router.get('/llm/usage', auth.authenticate, auth.requireScopes('llm:read'), rateLimit, validate({ query: usageQuery }), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { groupBy } = req.query;
    const from = new Date(req.query.from);
    const to = new Date(req.query.to);
    const groups = await sumUsage(dataSource.manager, tenantId, from, to, groupBy);
    const total = groups.reduce(
      (sum, g) => ({
        calls: sum.calls + g.calls,
        inputTokens: sum.inputTokens + g.inputTokens,
        outputTokens: sum.outputTokens + g.outputTokens,
        cacheReadTokens: sum.cacheReadTokens + g.cacheReadTokens,
        cacheWriteTokens: sum.cacheWriteTokens + g.cacheWriteTokens,
        costUsd: roundUsd(sum.costUsd + g.costUsd),
      }),
      { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
    );
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      groups: groups.map(({ key, ...sums }) => ({ [groupBy as string]: key, ...sums })),
      total,
    });
  });
}
