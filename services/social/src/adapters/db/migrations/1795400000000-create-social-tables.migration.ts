import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channels, posts, experiments and variant stats in the service's own schema (first on
 * search_path, so names stay unqualified).
 */
export class CreateSocialTables1795400000000 implements MigrationInterface {
  name = 'CreateSocialTables1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE channels (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      platform text NOT NULL CHECK (platform IN ('mastodon', 'bluesky', 'x', 'linkedin', 'webhook')),
      name text NOT NULL,
      credentials text NOT NULL,
      niches text[] NOT NULL,
      posting_windows jsonb NOT NULL DEFAULT '[]'::jsonb,
      time_zone text NOT NULL,
      max_posts_per_hour integer NOT NULL CHECK (max_posts_per_hour > 0),
      auto_publish boolean NOT NULL,
      enabled boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'error')),
      last_error text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX channels_tenant_idx ON channels (tenant_id, created_at)`);
    await queryRunner.query(`CREATE INDEX channels_niches_idx ON channels USING gin (niches)`);

    await queryRunner.query(`CREATE TABLE posts (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      article_id uuid NOT NULL,
      channel_id uuid NOT NULL,
      platform text NOT NULL,
      niche text NOT NULL,
      text text NOT NULL,
      composed jsonb NOT NULL,
      language text,
      article_title text NOT NULL,
      variant text,
      experiment_id text,
      status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'publishing', 'published', 'failed')),
      scheduled_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      outcome_unknown boolean NOT NULL DEFAULT false,
      idempotency_key text NOT NULL UNIQUE,
      remote_id text,
      remote_url text,
      error_code text,
      error_reason text,
      created_at timestamptz NOT NULL,
      published_at timestamptz,
      fetched_at timestamptz,
      summarized_at timestamptz,
      likes integer,
      reposts integer,
      replies integer,
      outcome_recorded_at timestamptz,
      updated_at timestamptz NOT NULL,
      CONSTRAINT posts_article_channel_key UNIQUE (article_id, channel_id)
    )`);
    // The dispatcher's scan: only posts that may still be sent.
    await queryRunner.query(`CREATE INDEX posts_due_idx ON posts (next_attempt_at) WHERE status IN ('scheduled', 'publishing')`);
    await queryRunner.query(`CREATE INDEX posts_tenant_list_idx ON posts (tenant_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX posts_channel_time_idx ON posts (channel_id, scheduled_at)`);
    await queryRunner.query(`CREATE INDEX posts_engagement_idx ON posts (published_at) WHERE status = 'published' AND outcome_recorded_at IS NULL`);

    await queryRunner.query(`CREATE TABLE experiments (
      tenant_id text NOT NULL,
      id text NOT NULL,
      niche text NOT NULL,
      variants text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await queryRunner.query(`CREATE TABLE variant_stats (
      tenant_id text NOT NULL,
      experiment_id text NOT NULL,
      variant text NOT NULL,
      assignments integer NOT NULL DEFAULT 0,
      successes integer NOT NULL DEFAULT 0,
      failures integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, experiment_id, variant),
      FOREIGN KEY (tenant_id, experiment_id) REFERENCES experiments (tenant_id, id) ON DELETE CASCADE
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS variant_stats`);
    await queryRunner.query(`DROP TABLE IF EXISTS experiments`);
    await queryRunner.query(`DROP TABLE IF EXISTS posts`);
    await queryRunner.query(`DROP TABLE IF EXISTS channels`);
  }
}
