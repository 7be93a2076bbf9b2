import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `api_keys` in the hosting service's own schema (first on search_path; no schema name here). */
export class CreateApiKeys1764300000000 implements MigrationInterface {
  name = 'CreateApiKeys1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "api_keys" (
      "id" uuid PRIMARY KEY,
      "tenant_id" text NOT NULL,
      "name" text NOT NULL,
      "prefix" text NOT NULL,
      "hash" text NOT NULL,
      "scopes" text[] NOT NULL CHECK (cardinality("scopes") > 0),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "last_used_at" timestamptz,
      "revoked_at" timestamptz,
      "expires_at" timestamptz
    )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "api_keys_tenant_idx" ON "api_keys" ("tenant_id", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "api_keys"`);
  }
}
