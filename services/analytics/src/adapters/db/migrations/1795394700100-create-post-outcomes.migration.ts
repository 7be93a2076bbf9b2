import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * `post_outcomes`: the current state of each post (where and when it was published, its newest
 * engagement measurement), upserted from post.published and post.engagement facts. Engagement
 * counters are cumulative snapshots, so summing facts would count a post once per measurement;
 * this table keeps exactly one row per post for experiment results, best hours and engagement totals.
 * `attributed_at` is when engagement counts: the publish time, or the measurement time while
 * the publish event has not been seen.
 */
export class CreatePostOutcomes1795394700100 implements MigrationInterface {
  name = 'CreatePostOutcomes1795394700100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.post_outcomes (
        tenant_id     text        NOT NULL,
        post_id       uuid        NOT NULL,
        article_id    uuid        NOT NULL,
        channel_id    text        NOT NULL,
        platform      text        NOT NULL,
        niche         text        NOT NULL,
        variant       text,
        experiment_id text,
        published_at  timestamptz,
        likes         integer,
        reposts       integer,
        replies       integer,
        impressions   bigint,
        measured_at   timestamptz,
        attributed_at timestamptz GENERATED ALWAYS AS (coalesce(published_at, measured_at)) STORED,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT post_outcomes_pkey PRIMARY KEY (tenant_id, post_id)
      )`);
    await queryRunner.query(`CREATE INDEX post_outcomes_tenant_attributed_idx ON ${s}.post_outcomes (tenant_id, attributed_at)`);
    await queryRunner.query(
      `CREATE INDEX post_outcomes_tenant_experiment_idx ON ${s}.post_outcomes (tenant_id, experiment_id, variant) WHERE experiment_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`DROP TABLE ${s}.post_outcomes`);
  }
}
