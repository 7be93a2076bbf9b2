import { interactionsSql } from '../../domain/engagement';
import { shapeExperimentResults, type ExperimentResult } from '../../domain/experiment-results';
import { num, rows, type Queryable } from './queryable';

export interface ExperimentResultsRequest {
  /** One experiment, or all of the tenant's. */
  experimentId?: string;
  /** Limit to posts published (attributed) in [from, to). */
  from?: Date;
  to?: Date;
  /** Two-sided confidence level of the intervals (default 0.95). */
  confidence?: number;
}

/** Per experiment and variant: posts, measured posts (trials), engaged posts (successes), Wilson intervals. */
export async function queryExperimentResults(
  db: Queryable,
  postOutcomes: string,
  tenantId: string,
  request: ExperimentResultsRequest = {},
): Promise<ExperimentResult[]> {
  const interactions = interactionsSql('o');
  const found = await rows<Record<'experiment_id' | 'variant' | 'posts' | 'measured' | 'engaged' | 'interactions', string | number>>(
    db,
    `SELECT experiment_id, variant,
            count(*) AS posts,
            count(*) FILTER (WHERE measured_at IS NOT NULL) AS measured,
            count(*) FILTER (WHERE measured_at IS NOT NULL AND ${interactions} >= 1) AS engaged,
            coalesce(sum(${interactions}) FILTER (WHERE measured_at IS NOT NULL), 0) AS interactions
     FROM ${postOutcomes} o
     WHERE tenant_id = $1 AND experiment_id IS NOT NULL AND variant IS NOT NULL
       AND ($2::text IS NULL OR experiment_id = $2)
       AND ($3::timestamptz IS NULL OR attributed_at >= $3)
       AND ($4::timestamptz IS NULL OR attributed_at < $4)
     GROUP BY experiment_id, variant`,
    [tenantId, request.experimentId ?? null, request.from ?? null, request.to ?? null],
  );
  return shapeExperimentResults(
    found.map((r) => ({
      experimentId: String(r.experiment_id),
      variant: String(r.variant),
      posts: num(r.posts),
      measuredPosts: num(r.measured),
      engagedPosts: num(r.engaged),
      interactions: num(r.interactions),
    })),
    request.confidence ?? 0.95,
  );
}
