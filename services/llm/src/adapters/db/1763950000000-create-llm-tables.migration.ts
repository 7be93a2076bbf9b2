import type { MigrationInterface, QueryRunner } from 'typeorm';

/** summaries, llm_usage and skipped_articles in the service's own schema (first on search_path). */
export class CreateLlmTables1763950000000 implements MigrationInterface {
  name = 'CreateLlmTables1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "summaries" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "tenant_id" text NOT NULL,
      "article_id" uuid NOT NULL,
      "niche" text NOT NULL,
      "title" text NOT NULL,
      "url" text NOT NULL,
      "summary" text NOT NULL,
      "tone" text NOT NULL,
      "facts" jsonb NOT NULL,
      "confidence" double precision NOT NULL,
      "variants" jsonb NOT NULL,
      "keywords" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "language" text,
      "model" text NOT NULL,
      "prompt_version" text NOT NULL,
      "truncated" boolean NOT NULL,
      "cached" boolean NOT NULL DEFAULT false,
      "selection_reason" text NOT NULL,
      "input_tokens" integer NOT NULL DEFAULT 0,
      "output_tokens" integer NOT NULL DEFAULT 0,
      "cache_read_tokens" integer NOT NULL DEFAULT 0,
      "cache_write_tokens" integer NOT NULL DEFAULT 0,
      "cost_usd" numeric(20,9) NOT NULL DEFAULT 0,
      "fetched_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS "summaries_tenant_article_uq" ON "summaries" ("tenant_id", "article_id")`);

    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "llm_usage" (
      "id" bigserial PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "niche" text NOT NULL,
      "article_id" uuid,
      "stage" text NOT NULL,
      "model" text NOT NULL,
      "calls" integer NOT NULL,
      "input_tokens" integer NOT NULL,
      "output_tokens" integer NOT NULL,
      "cache_read_tokens" integer NOT NULL,
      "cache_write_tokens" integer NOT NULL,
      "cost_usd" numeric(20,9) NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now()
    )`);
    // Budgets sum today's usage per tenant and niche; the usage API scans a tenant's time range.
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "llm_usage_tenant_niche_at_idx" ON "llm_usage" ("tenant_id", "niche", "at")`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "llm_usage_tenant_at_idx" ON "llm_usage" ("tenant_id", "at")`);

    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "skipped_articles" (
      "tenant_id" text NOT NULL,
      "article_id" uuid NOT NULL,
      "event_id" uuid NOT NULL,
      "niche" text NOT NULL,
      "reason" text NOT NULL,
      "detail" text NOT NULL,
      "score" double precision,
      "title" text NOT NULL,
      "text" text NOT NULL,
      "url" text NOT NULL,
      "language" text,
      "fetched_at" timestamptz NOT NULL,
      "skipped_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "article_id")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "skipped_articles"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "llm_usage"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "summaries"`);
  }
}
