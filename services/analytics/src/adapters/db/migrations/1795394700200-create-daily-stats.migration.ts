import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * `daily_stats`: per tenant, UTC day and niche: pipeline counts, LLM spend and tokens, p95
 * fetch -> post latency, and engagement of the posts published that day. The unique index on
 * (tenant_id, day, niche) is what lets `REFRESH MATERIALIZED VIEW CONCURRENTLY` run while
 * dashboards read it.
 */
export class CreateDailyStats1795394700200 implements MigrationInterface {
  name = 'CreateDailyStats1795394700200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE MATERIALIZED VIEW ${s}.daily_stats AS
      WITH pipeline AS (
        SELECT tenant_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, niche,
               count(*) FILTER (WHERE type = 'news.fetched')       AS articles,
               count(*) FILTER (WHERE type = 'article.summarized') AS summaries,
               count(*) FILTER (WHERE type = 'post.published')     AS posts,
               coalesce(sum(cost_usd), 0)                           AS llm_cost_usd,
               coalesce(sum(input_tokens), 0)                       AS input_tokens,
               coalesce(sum(output_tokens), 0)                      AS output_tokens,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
                 FILTER (WHERE type = 'post.published')             AS p95_pipeline_latency_ms
        FROM ${s}.event_facts
        WHERE type <> 'post.engagement'
        GROUP BY 1, 2, 3
      ),
      engagement AS (
        SELECT tenant_id, (attributed_at AT TIME ZONE 'UTC')::date AS day, niche,
               count(*)                        AS measured_posts,
               sum(likes)                      AS likes,
               sum(reposts)                    AS reposts,
               sum(replies)                    AS replies,
               coalesce(sum(impressions), 0)   AS impressions
        FROM ${s}.post_outcomes
        WHERE measured_at IS NOT NULL
        GROUP BY 1, 2, 3
      )
      SELECT tenant_id, day, niche,
             coalesce(p.articles, 0)::bigint                 AS articles,
             coalesce(p.summaries, 0)::bigint                AS summaries,
             coalesce(p.posts, 0)::bigint                    AS posts,
             coalesce(e.measured_posts, 0)::bigint           AS measured_posts,
             coalesce(e.likes, 0)::bigint                    AS likes,
             coalesce(e.reposts, 0)::bigint                  AS reposts,
             coalesce(e.replies, 0)::bigint                  AS replies,
             coalesce(e.likes + e.reposts + e.replies, 0)::bigint AS engagement,
             coalesce(e.impressions, 0)::bigint              AS impressions,
             coalesce(p.llm_cost_usd, 0)::numeric(14, 6)     AS llm_cost_usd,
             coalesce(p.input_tokens, 0)::bigint             AS input_tokens,
             coalesce(p.output_tokens, 0)::bigint            AS output_tokens,
             p.p95_pipeline_latency_ms
      FROM pipeline p FULL JOIN engagement e USING (tenant_id, day, niche)`);
    await queryRunner.query(`CREATE UNIQUE INDEX daily_stats_tenant_day_niche_key ON ${s}.daily_stats (tenant_id, day, niche)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`DROP MATERIALIZED VIEW ${s}.daily_stats`);
  }
}
