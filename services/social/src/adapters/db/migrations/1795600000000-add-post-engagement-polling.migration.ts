import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engagement poller measures a post repeatedly (not once) to publish `post.engagement` each
 * time its counters change: `engagement_polled_at` spreads the polls (least recently polled first,
 * at most once per interval, claimed with SKIP LOCKED across replicas) and `impressions` keeps the
 * last reported reach (X) so a change in it is noticed too. Both belong to PostEngagementRepository.
 */
export class AddPostEngagementPolling1795600000000 implements MigrationInterface {
  name = 'AddPostEngagementPolling1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE posts ADD COLUMN engagement_polled_at timestamptz, ADD COLUMN impressions bigint`);
    // The poller's scan: published posts by time (it no longer stops at the first measurement).
    await queryRunner.query(`DROP INDEX posts_engagement_idx`);
    await queryRunner.query(`CREATE INDEX posts_engagement_poll_idx ON posts (published_at) WHERE status = 'published'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX posts_engagement_poll_idx`);
    await queryRunner.query(`CREATE INDEX posts_engagement_idx ON posts (published_at) WHERE status = 'published' AND outcome_recorded_at IS NULL`);
    await queryRunner.query(`ALTER TABLE posts DROP COLUMN engagement_polled_at, DROP COLUMN impressions`);
  }
}
