import { interactionsSql } from '../../domain/engagement';
import { validateTimeSeriesRequest, type TimeSeries, type TimeSeriesMetric, type TimeSeriesRequest } from '../../domain/time-series';
import { num, rows, type Queryable } from './queryable';

interface Tables {
  facts: string;
  postOutcomes: string;
}

/** Buckets are aligned to this origin: minutes, hours and days start on UTC boundaries. */
const ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";

/**
 * Per metric: the aggregate and where it comes from. Fixed SQL chosen by an enum value; request
 * values are bound as parameters ($1 tenant, $2 interval, $3 from, $4 to, $5 niche or null).
 */
function valuesSql(metric: TimeSeriesMetric, tables: Tables): string {
  const facts = (type: string, aggregate: string): string => `
    SELECT date_bin($2::interval, occurred_at, ${ORIGIN}) AS bucket, ${aggregate} AS value
    FROM ${tables.facts}
    WHERE tenant_id = $1 AND type = '${type}' AND occurred_at >= $3 AND occurred_at < $4
      AND ($5::text IS NULL OR niche = $5)
    GROUP BY 1`;
  switch (metric) {
    case 'articles':
      return facts('news.fetched', 'count(*)');
    case 'summaries':
      return facts('article.summarized', 'count(*)');
    case 'posts':
      return facts('post.published', 'count(*)');
    case 'cost':
      return facts('article.summarized', 'coalesce(sum(cost_usd), 0)');
    case 'engagement':
      // Engagement counts at its post's publish time (see post_outcomes.attributed_at).
      return `
        SELECT date_bin($2::interval, attributed_at, ${ORIGIN}) AS bucket, sum(${interactionsSql('o')}) AS value
        FROM ${tables.postOutcomes} o
        WHERE tenant_id = $1 AND measured_at IS NOT NULL AND attributed_at >= $3 AND attributed_at < $4
          AND ($5::text IS NULL OR niche = $5)
        GROUP BY 1`;
  }
}

/** One point per bucket from `from` to `to`, zero where nothing happened. */
export async function queryTimeSeries(db: Queryable, tables: Tables, tenantId: string, request: TimeSeriesRequest): Promise<TimeSeries> {
  validateTimeSeriesRequest(request);
  const points = await rows<{ bucket: Date; value: string | number | null }>(
    db,
    `WITH buckets AS (
       SELECT b AS bucket
       FROM generate_series(date_bin($2::interval, $3::timestamptz, ${ORIGIN}), $4::timestamptz, $2::interval) AS b
       WHERE b < $4
     ),
     metric_values AS (${valuesSql(request.metric, tables)})
     SELECT buckets.bucket, coalesce(metric_values.value, 0) AS value
     FROM buckets LEFT JOIN metric_values USING (bucket)
     ORDER BY buckets.bucket`,
    [tenantId, `1 ${request.interval}`, request.from, request.to, request.niche ?? null],
  );
  return {
    metric: request.metric,
    interval: request.interval,
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    niche: request.niche ?? null,
    points: points.map((p) => ({ t: new Date(p.bucket).toISOString(), value: num(p.value) })),
  };
}
