import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook subscriptions, their deliveries (the durable retry queue) and the attempt log. */
export class CreateWebhooks1795400000000 implements MigrationInterface {
  name = 'CreateWebhooks1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = quotedSchema(queryRunner);
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS ${s}."webhook_subscriptions" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "url" text NOT NULL,
      "events" text[] NOT NULL DEFAULT '{}',
      "niches" text[] NOT NULL DEFAULT '{}',
      "secret_sealed" text NOT NULL,
      "enabled" boolean NOT NULL DEFAULT true,
      "consecutive_failures" integer NOT NULL DEFAULT 0,
      "disabled_reason" text,
      "disabled_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "webhook_subscriptions_tenant_idx" ON ${s}."webhook_subscriptions" ("tenant_id", "created_at" DESC)`);
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS ${s}."webhook_deliveries" (
      "id" uuid PRIMARY KEY,
      "subscription_id" uuid NOT NULL REFERENCES ${s}."webhook_subscriptions" ("id") ON DELETE CASCADE,
      "tenant_id" text NOT NULL,
      "event_id" uuid NOT NULL,
      "event_type" text NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed', 'dead')),
      "attempts" integer NOT NULL DEFAULT 0,
      "round_start_attempt" integer NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz,
      "last_status_code" integer,
      "last_error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "webhook_deliveries_once_per_event" UNIQUE ("subscription_id", "event_id")
    )`);
    // The worker's claim query walks only pending rows, oldest due first.
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "webhook_deliveries_due_idx" ON ${s}."webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "webhook_deliveries_log_idx" ON ${s}."webhook_deliveries" ("subscription_id", "created_at" DESC)`);
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS ${s}."webhook_delivery_attempts" (
      "delivery_id" uuid NOT NULL REFERENCES ${s}."webhook_deliveries" ("id") ON DELETE CASCADE,
      "attempt" integer NOT NULL,
      "outcome" text NOT NULL,
      "status_code" integer,
      "error" text,
      "response_excerpt" text,
      "duration_ms" integer NOT NULL,
      "attempted_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("delivery_id", "attempt")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = quotedSchema(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."webhook_delivery_attempts"`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."webhook_subscriptions"`);
  }
}

/** The DataSource's schema (the service's own), quoted. */
function quotedSchema(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}
