import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * `article_sources`: article -> source, from news.fetched. Only news.fetched names the source;
 * this lets the per-source leaderboard attribute posts and engagement to the source of their
 * article with a primary-key lookup instead of searching every fact partition.
 */
export class CreateArticleSources1795394700150 implements MigrationInterface {
  name = 'CreateArticleSources1795394700150';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.article_sources (
        tenant_id  text        NOT NULL,
        article_id uuid        NOT NULL,
        source_id  uuid        NOT NULL,
        niche      text        NOT NULL,
        fetched_at timestamptz NOT NULL,
        CONSTRAINT article_sources_pkey PRIMARY KEY (tenant_id, article_id)
      )`);
    await queryRunner.query(`CREATE INDEX article_sources_fetched_idx ON ${s}.article_sources (fetched_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${await migrationSchema(queryRunner)}"`;
    await queryRunner.query(`DROP TABLE ${s}.article_sources`);
  }
}
