import { DAY_MS, HOUR_MS, shapeOverview, type OperationalInputs, type Overview, type WindowCounts } from '../../domain/overview';
import { num, numOrNull, rows, type Queryable } from './queryable';

type WindowRow = Record<`${'hour' | 'day'}_${'articles' | 'summaries' | 'posts' | 'cost' | 'p95'}`, string | number | null>;

/** The last hour and day before `now` for one tenant, from the raw facts (not the daily view). */
export async function queryOverview(
  db: Queryable,
  facts: string,
  tenantId: string,
  now: Date,
  inputs: OperationalInputs = {},
): Promise<Overview> {
  const window = (prefix: 'hour' | 'day', since: string): string => `
    count(*) FILTER (WHERE type = 'news.fetched' ${since})       AS ${prefix}_articles,
    count(*) FILTER (WHERE type = 'article.summarized' ${since}) AS ${prefix}_summaries,
    count(*) FILTER (WHERE type = 'post.published' ${since})     AS ${prefix}_posts,
    coalesce(sum(cost_usd) FILTER (WHERE true ${since}), 0)     AS ${prefix}_cost,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
      FILTER (WHERE type = 'post.published' ${since})            AS ${prefix}_p95`;
  const [row] = await rows<WindowRow>(
    db,
    `SELECT ${window('hour', 'AND occurred_at > $3')}, ${window('day', '')}
     FROM ${facts}
     WHERE tenant_id = $1
       AND type IN ('news.fetched', 'article.summarized', 'post.published')
       AND occurred_at > $2 AND occurred_at <= $4`,
    [tenantId, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - HOUR_MS), now],
  );
  const counts = (prefix: 'hour' | 'day'): WindowCounts => ({
    articles: num(row?.[`${prefix}_articles`]),
    summaries: num(row?.[`${prefix}_summaries`]),
    posts: num(row?.[`${prefix}_posts`]),
    llmCostUsd: num(row?.[`${prefix}_cost`]),
    p95PipelineLatencyMs: numOrNull(row?.[`${prefix}_p95`]),
  });
  return shapeOverview(now, counts('hour'), counts('day'), inputs);
}
