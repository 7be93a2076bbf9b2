import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `event_outbox` and `event_inbox` in the DataSource's schema (the service's own; `public`
 * without one). A service lists this class in its DataSource `migrations` next to its own.
 */
export class CreateEventBusTables1763856000000 implements MigrationInterface {
  name = 'CreateEventBusTables1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quotedSchema(queryRunner);
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS ${s}."event_outbox" (
      "id" BIGSERIAL PRIMARY KEY,
      "event_id" uuid NOT NULL UNIQUE,
      "topic" text NOT NULL,
      "event_key" text NOT NULL,
      "payload" jsonb NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "sent_at" timestamptz
    )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "event_outbox_unsent_idx" ON ${s}."event_outbox" ("id") WHERE sent_at IS NULL`);
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS ${s}."event_inbox" (
      "consumer_group" text NOT NULL,
      "event_id" uuid NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer_group", "event_id")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = quotedSchema(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."event_inbox"`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."event_outbox"`);
  }
}

function quotedSchema(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}
