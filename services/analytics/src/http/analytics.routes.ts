import type { Request, RequestHandler, Router } from 'express';
import { principalOf, type Authenticator } from '@pulse/auth';
import { validate } from '@pulse/http-kit';
import type { z } from 'zod';
import type { AnalyticsQueries } from '../adapters/db';
import type { DlqStatsReader } from '../adapters/kafka/dlq-stats.reader';
import {
  bestHoursQuery,
  dailyQuery,
  experimentsQuery,
  leaderboardQuery,
  timeSeriesQuery,
  type BestHoursQuery,
  type DailyQuery,
  type ExperimentsQuery,
  type LeaderboardQuery,
  type TimeSeriesQuery,
} from './query.schemas';

export const ANALYTICS_READ_SCOPE = 'analytics:read';

export interface AnalyticsRouteDeps {
  auth: Authenticator;
  rateLimit: RequestHandler;
  queries: AnalyticsQueries;
  dlqStats: Pick<DlqStatsReader, 'read'>;
}

/** The tenant of the verified token: every query below is scoped to it, never to a parameter. */
const tenantOf = (req: Request): string => principalOf(req).tenantId;

/**
 * validate() types the handlers after it by the schema's output, which conflicts with the
 * untyped auth handlers placed before it (401/403 must win over 400); so it is mounted as a plain
 * handler and the parsed query, which it put on req.query, is read back with `queryOf`.
 */
const validQuery = (schema: z.ZodType): RequestHandler => validate({ query: schema }) as unknown as RequestHandler;
const queryOf = <T>(req: Request): T => req.query as unknown as T;

/** Mounts the read-only analytics API (under /v1 by the runtime); every route needs `analytics:read`. */
export function analyticsRoutes(router: Router, { auth, rateLimit, queries, dlqStats }: AnalyticsRouteDeps): void {
  const scope = auth.requireScopes(ANALYTICS_READ_SCOPE);

  router.get('/analytics/overview', auth.authenticate, scope, rateLimit, async (req, res) => {
    const tenantId = tenantOf(req);
    const now = new Date();
    // Pipeline-wide (DLQ records are not read, only counted): the same numbers for every tenant.
    const stats = await dlqStats.read(now.getTime());
    res.json(
      await queries.overview(tenantId, now, {
        dlqDepth: stats?.depth,
        failuresLastHour: stats?.failuresLastHour,
        failuresLastDay: stats?.failuresLastDay,
      }),
    );
  });

  router.get('/analytics/timeseries', auth.authenticate, scope, rateLimit, validQuery(timeSeriesQuery), async (req, res) => {
    const { metric, interval, from, to, niche } = queryOf<TimeSeriesQuery>(req);
    res.json(await queries.timeSeries(tenantOf(req), { metric, interval, from, to, ...(niche === undefined ? {} : { niche }) }));
  });

  router.get('/analytics/leaderboards', auth.authenticate, scope, rateLimit, validQuery(leaderboardQuery), async (req, res) => {
    const query = queryOf<LeaderboardQuery>(req);
    const entries = await queries.leaderboard(tenantOf(req), query);
    res.json({ by: query.by, orderBy: query.orderBy, from: query.from.toISOString(), to: query.to.toISOString(), entries });
  });

  router.get('/analytics/experiments', auth.authenticate, scope, rateLimit, validQuery(experimentsQuery), async (req, res) => {
    const query = queryOf<ExperimentsQuery>(req);
    res.json({ confidence: query.confidence, experiments: await queries.experimentResults(tenantOf(req), query) });
  });

  router.get('/analytics/best-hours', auth.authenticate, scope, rateLimit, validQuery(bestHoursQuery), async (req, res) => {
    const query = queryOf<BestHoursQuery>(req);
    res.json({ timeZone: query.timeZone, minSamples: query.minSamples, niches: await queries.bestPostingHours(tenantOf(req), query) });
  });

  router.get('/analytics/daily', auth.authenticate, scope, rateLimit, validQuery(dailyQuery), async (req, res) => {
    const query = queryOf<DailyQuery>(req);
    res.json({ from: query.from, to: query.to, niche: query.niche ?? null, days: await queries.dailyStats(tenantOf(req), query) });
  });
}
