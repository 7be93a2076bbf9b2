import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message Batches state, so a restart resumes where it stopped: `batch_items` (articles waiting
 * for a batch or in one; deleted when their summary is stored) and `message_batches` (submitted
 * batches and whether their results were collected).
 */
export class CreateBatchTables1764000000000 implements MigrationInterface {
  name = 'CreateBatchTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "message_batches" (
      "id" text PRIMARY KEY,
      "status" text NOT NULL,
      "item_count" integer NOT NULL,
      "submitted_at" timestamptz NOT NULL DEFAULT now(),
      "last_polled_at" timestamptz,
      "ended_at" timestamptz,
      "collected_at" timestamptz,
      "lease_until" timestamptz
    )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "message_batches_open_idx" ON "message_batches" ("submitted_at") WHERE "collected_at" IS NULL`);

    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "batch_items" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "tenant_id" text NOT NULL,
      "article_id" uuid NOT NULL,
      "event_id" uuid NOT NULL,
      "niche" text NOT NULL,
      "title" text NOT NULL,
      "text" text NOT NULL,
      "url" text NOT NULL,
      "language" text,
      "score" double precision,
      "fetched_at" timestamptz NOT NULL,
      "enqueued_at" timestamptz NOT NULL DEFAULT now(),
      "batch_id" text REFERENCES "message_batches" ("id")
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS "batch_items_tenant_article_uq" ON "batch_items" ("tenant_id", "article_id")`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "batch_items_queued_idx" ON "batch_items" ("enqueued_at") WHERE "batch_id" IS NULL`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "batch_items_batch_idx" ON "batch_items" ("batch_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "batch_items"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "message_batches"`);
  }
}
