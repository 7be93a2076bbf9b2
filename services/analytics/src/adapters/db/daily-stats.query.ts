import { ValidationError } from '@pulse/errors';
import { num, numOrNull, rows, type Queryable } from './queryable';

export interface DailyStatsRequest {
  /** Inclusive first and last UTC day, YYYY-MM-DD. */
  from: string;
  to: string;
  niche?: string;
}

/** One row of the daily_stats view (as fresh as its last refresh). */
export interface DailyStatsRow {
  day: string;
  niche: string;
  articles: number;
  summaries: number;
  posts: number;
  measuredPosts: number;
  likes: number;
  reposts: number;
  replies: number;
  engagement: number;
  impressions: number;
  llmCostUsd: number;
  inputTokens: number;
  outputTokens: number;
  p95PipelineLatencyMs: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Rows of the daily rollup for one tenant, by day then niche. */
export async function queryDailyStats(db: Queryable, dailyStats: string, tenantId: string, request: DailyStatsRequest): Promise<DailyStatsRow[]> {
  if (!DAY.test(request.from) || !DAY.test(request.to) || request.from > request.to) {
    throw new ValidationError('Invalid daily stats request', ['from and to must be YYYY-MM-DD days with from <= to']);
  }
  const found = await rows<Record<string, string | number | null>>(
    db,
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, niche, articles, summaries, posts, measured_posts, likes, reposts, replies,
            engagement, impressions, llm_cost_usd, input_tokens, output_tokens, p95_pipeline_latency_ms
     FROM ${dailyStats}
     WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR niche = $4)
     ORDER BY day, niche`,
    [tenantId, request.from, request.to, request.niche ?? null],
  );
  return found.map((r) => ({
    day: String(r.day),
    niche: String(r.niche),
    articles: num(r.articles),
    summaries: num(r.summaries),
    posts: num(r.posts),
    measuredPosts: num(r.measured_posts),
    likes: num(r.likes),
    reposts: num(r.reposts),
    replies: num(r.replies),
    engagement: num(r.engagement),
    impressions: num(r.impressions),
    llmCostUsd: num(r.llm_cost_usd),
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    p95PipelineLatencyMs: numOrNull(r.p95_pipeline_latency_ms),
  }));
}
