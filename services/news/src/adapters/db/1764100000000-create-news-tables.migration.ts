import type { MigrationInterface, QueryRunner } from 'typeorm';

/** sources, articles, dedupe_keys and story_clusters in the service's own schema (first on search_path). */
export class CreateNewsTables1764100000000 implements MigrationInterface {
  name = 'CreateNewsTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "sources" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "tenant_id" text NOT NULL,
      "url" text NOT NULL,
      "title" text,
      "niche" text NOT NULL,
      "authority_weight" double precision NOT NULL DEFAULT 0.5 CHECK ("authority_weight" BETWEEN 0 AND 1),
      "poll_interval_seconds" integer CHECK ("poll_interval_seconds" > 0),
      "enabled" boolean NOT NULL DEFAULT true,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "basic_auth_username" text,
      "basic_auth_secret" text,
      "user_agent" text,
      "fetch_full_article" boolean NOT NULL DEFAULT false,
      "etag" text,
      "last_modified" text,
      "last_fetched_at" timestamptz,
      "last_success_at" timestamptz,
      "last_error" text,
      "last_error_at" timestamptz,
      "consecutive_failures" integer NOT NULL DEFAULT 0,
      "effective_interval_seconds" integer,
      "next_fetch_at" timestamptz NOT NULL DEFAULT now(),
      "items_seen" integer NOT NULL DEFAULT 0,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS "sources_tenant_url_uq" ON "sources" ("tenant_id", "url")`);
    // The fetch cycle's query: enabled sources that are due, oldest first.
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "sources_due_idx" ON "sources" ("next_fetch_at") WHERE "enabled"`);

    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "story_clusters" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "size" integer NOT NULL CHECK ("size" >= 1),
      "first_seen_at" timestamptz NOT NULL,
      "last_seen_at" timestamptz NOT NULL
    )`);

    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "articles" (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "tenant_id" text NOT NULL,
      "source_id" uuid REFERENCES "sources" ("id") ON DELETE SET NULL,
      "niche" text NOT NULL,
      "url" text NOT NULL,
      "canonical_url" text NOT NULL,
      "guid" text,
      "title" text NOT NULL,
      "lead" text NOT NULL,
      "content" text NOT NULL,
      "language" text,
      "author" text,
      "keywords" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "published_at" timestamptz NOT NULL,
      "first_seen_at" timestamptz NOT NULL,
      "score" double precision NOT NULL,
      "score_breakdown" jsonb NOT NULL,
      "cluster_id" uuid NOT NULL REFERENCES "story_clusters" ("id"),
      "simhash" bigint NOT NULL,
      "deleted_at" timestamptz
    )`);
    // The API's orders (ranked, newest) per tenant, live articles only; niche/source narrow them.
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "articles_tenant_score_idx" ON "articles" ("tenant_id", "score" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "articles_tenant_niche_published_idx" ON "articles" ("tenant_id", "niche", "published_at" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "articles_tenant_published_idx" ON "articles" ("tenant_id", "published_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "articles_source_idx" ON "articles" ("source_id")`);
    // The story index loads a tenant's window once, then only what is new (seq).
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "articles_tenant_seq_idx" ON "articles" ("tenant_id", "seq")`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "articles_tenant_first_seen_idx" ON "articles" ("tenant_id", "first_seen_at")`);

    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "dedupe_keys" (
      "tenant_id" text NOT NULL,
      "key_hash" char(32) NOT NULL,
      "key" text NOT NULL,
      "article_id" uuid NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "key_hash")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "dedupe_keys"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "articles"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "story_clusters"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "sources"`);
  }
}
