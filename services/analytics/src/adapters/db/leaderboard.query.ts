import { ValidationError } from '@pulse/errors';
import { interactionsSql } from '../../domain/engagement';
import {
  LEADERBOARD_DIMENSIONS,
  LEADERBOARD_ORDERS,
  rankLeaderboard,
  type LeaderboardEntry,
  type LeaderboardRequest,
} from '../../domain/leaderboard';
import { num, rows, type Queryable } from './queryable';

interface Tables {
  facts: string;
  postOutcomes: string;
  articleSources: string;
}

/**
 * Per niche or per source in [from, to): articles fetched, posts published and the engagement of
 * those posts. Posts and engagement reach a source through article_sources ($1 tenant, $2 from, $3 to).
 */
function leaderboardSql(by: LeaderboardRequest['by'], t: Tables): string {
  const bySource = by === 'source';
  const postKey = bySource ? 's.source_id::text' : 'p.niche';
  const postJoin = bySource ? `JOIN ${t.articleSources} s ON s.tenant_id = p.tenant_id AND s.article_id = p.article_id` : '';
  const outcomeKey = bySource ? 's.source_id::text' : 'o.niche';
  const outcomeJoin = bySource ? `JOIN ${t.articleSources} s ON s.tenant_id = o.tenant_id AND s.article_id = o.article_id` : '';
  return `
    WITH articles AS (
      SELECT ${bySource ? 'source_id::text' : 'niche'} AS key, count(*) AS n
      FROM ${t.facts}
      WHERE tenant_id = $1 AND type = 'news.fetched' AND occurred_at >= $2 AND occurred_at < $3
      GROUP BY 1
    ),
    posts AS (
      SELECT ${postKey} AS key, count(*) AS n
      FROM ${t.facts} p ${postJoin}
      WHERE p.tenant_id = $1 AND p.type = 'post.published' AND p.occurred_at >= $2 AND p.occurred_at < $3
      GROUP BY 1
    ),
    engagement AS (
      SELECT ${outcomeKey} AS key, sum(${interactionsSql('o')}) AS n
      FROM ${t.postOutcomes} o ${outcomeJoin}
      WHERE o.tenant_id = $1 AND o.measured_at IS NOT NULL AND o.attributed_at >= $2 AND o.attributed_at < $3
      GROUP BY 1
    )
    SELECT key, coalesce(articles.n, 0) AS articles, coalesce(posts.n, 0) AS posts, coalesce(engagement.n, 0) AS engagement
    FROM articles FULL JOIN posts USING (key) FULL JOIN engagement USING (key)`;
}

/** The top entries by the chosen column (default: articles, limit 20, at most 100). */
export async function queryLeaderboard(db: Queryable, tables: Tables, tenantId: string, request: LeaderboardRequest): Promise<LeaderboardEntry[]> {
  const orderBy = request.orderBy ?? 'articles';
  const limit = request.limit ?? 20;
  const errors: string[] = [];
  if (!LEADERBOARD_DIMENSIONS.includes(request.by)) errors.push(`by must be one of ${LEADERBOARD_DIMENSIONS.join(', ')}`);
  if (!LEADERBOARD_ORDERS.includes(orderBy)) errors.push(`orderBy must be one of ${LEADERBOARD_ORDERS.join(', ')}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) errors.push('limit must be an integer from 1 to 100');
  if (!(request.from < request.to)) errors.push('from must be before to');
  if (errors.length > 0) throw new ValidationError('Invalid leaderboard request', errors);
  const found = await rows<Record<keyof LeaderboardEntry, string | number>>(db, leaderboardSql(request.by, tables), [
    tenantId,
    request.from,
    request.to,
  ]);
  const entries = found.map((r) => ({ key: String(r.key), articles: num(r.articles), posts: num(r.posts), engagement: num(r.engagement) }));
  return rankLeaderboard(entries, orderBy, limit);
}
