import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook digests: a subscription may batch its events per window (`digest_window_seconds`); its
 * events wait in `webhook_digest_items` until the window closes, then become one delivery.
 */
export class AddWebhookDigests1795500000000 implements MigrationInterface {
  name = 'AddWebhookDigests1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quotedSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}."webhook_subscriptions" ADD COLUMN IF NOT EXISTS "digest_window_seconds" integer
      CHECK ("digest_window_seconds" IS NULL OR "digest_window_seconds" > 0)`);
    // One row per event waiting for its subscription's window to close; unique so a repeated event waits once.
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS ${s}."webhook_digest_items" (
      "subscription_id" uuid NOT NULL REFERENCES ${s}."webhook_subscriptions" ("id") ON DELETE CASCADE,
      "event_id" uuid NOT NULL,
      "tenant_id" text NOT NULL,
      "payload" jsonb NOT NULL,
      "queued_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY ("subscription_id", "event_id")
    )`);
    // The digest worker looks for items whose window has closed, oldest first.
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "webhook_digest_items_queued_idx" ON ${s}."webhook_digest_items" ("queued_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = quotedSchema(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."webhook_digest_items"`);
    await queryRunner.query(`ALTER TABLE ${s}."webhook_subscriptions" DROP COLUMN IF EXISTS "digest_window_seconds"`);
  }
}

/** The DataSource's schema (the service's own), quoted. */
function quotedSchema(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}
