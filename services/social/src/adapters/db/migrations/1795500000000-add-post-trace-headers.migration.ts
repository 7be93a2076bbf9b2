import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace headers of the summary that planned a post, so the post published later by the
 * dispatcher (and its post.published event) stays in the article's trace from fetch to post.
 */
export class AddPostTraceHeaders1795500000000 implements MigrationInterface {
  name = 'AddPostTraceHeaders1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE posts ADD COLUMN trace_headers jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE posts DROP COLUMN trace_headers`);
  }
}
