import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * dedupe_keys.key_hash becomes text (it was char(32)). The lookup `key_hash = ANY($1::text[])`
 * compared a bpchar column with text, so PostgreSQL cast the column and could not use the
 * primary key: every dedupe check read the whole table (31 ms at 90,000 keys, growing with every
 * article ever stored). The hashes are 32 hex characters, so no value changes; the table and its
 * primary key are rewritten once.
 */
export class DedupeKeyHashText1795483300000 implements MigrationInterface {
  name = 'DedupeKeyHashText1795483300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dedupe_keys" ALTER COLUMN "key_hash" TYPE text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dedupe_keys" ALTER COLUMN "key_hash" TYPE char(32)`);
  }
}
