import { In, type EntityManager } from 'typeorm';
import type { EngagementMetrics } from '../../domain/variant-selection';
import { PostEntity } from './post.entity';

/** The engagement a post has stored: its last measurement, and whether the bandit judged it. */
export interface StoredEngagement {
  /** Null until the first measurement (and for a post closed without one). */
  metrics: EngagementMetrics | null;
  outcomeRecordedAt: Date | null;
}

export interface EngagementWindow {
  /** Only posts published at or before this are measured (old enough to judge). */
  publishedBefore: Date;
  /** Posts published before this are no longer measured. */
  publishedAfter: Date;
  /** A post is measured at most once per this many seconds. */
  intervalSeconds: number;
  limit: number;
}

/**
 * The engagement poller's reads and writes of posts. Its columns `engagement_polled_at` and
 * `impressions` are not on PostEntity: only this repository uses them, with SQL.
 */
export class PostEngagementRepository {
  /**
   * Claims up to `limit` published posts in the window that are due for a measurement, least
   * recently measured first, and stamps them as polled now: `FOR UPDATE SKIP LOCKED` and the
   * interval let several replicas poll without measuring a post twice in one interval. Posts
   * closed without metrics (judged, no counters: the platform offers none or the post is gone)
   * are not polled again.
   */
  async claimDue(manager: EntityManager, window: EngagementWindow): Promise<PostEntity[]> {
    const result = await manager.query(
      `WITH due AS (
         SELECT id FROM posts
          WHERE status = 'published' AND published_at <= $1 AND published_at >= $2
            AND NOT (outcome_recorded_at IS NOT NULL AND likes IS NULL)
            AND (engagement_polled_at IS NULL OR engagement_polled_at <= now() - make_interval(secs => $3))
          ORDER BY engagement_polled_at NULLS FIRST, published_at
          LIMIT $4
          FOR UPDATE SKIP LOCKED)
       UPDATE posts p SET engagement_polled_at = now() FROM due WHERE p.id = due.id
       RETURNING p.id`,
      [window.publishedBefore, window.publishedAfter, window.intervalSeconds, window.limit],
    );
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [claimed] = result as [Array<{ id: string }>, number];
    if (claimed.length === 0) return [];
    return manager.find(PostEntity, { where: { id: In(claimed.map((c) => c.id)) }, order: { publishedAt: 'ASC' } });
  }

  /** The stored engagement of a post, its row locked until the transaction ends. */
  async lock(manager: EntityManager, postId: string): Promise<StoredEngagement | undefined> {
    const rows: Array<{ likes: number | null; reposts: number | null; replies: number | null; impressions: string | null; outcome_recorded_at: Date | null }> =
      await manager.query(`SELECT likes, reposts, replies, impressions, outcome_recorded_at FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const metrics = row.likes === null || row.reposts === null || row.replies === null
      ? null
      : { likes: row.likes, reposts: row.reposts, replies: row.replies, ...(row.impressions === null ? {} : { impressions: Number(row.impressions) }) };
    return { metrics, outcomeRecordedAt: row.outcome_recorded_at };
  }

  /** Stores a measurement; the first one also marks the post as judged for the bandit. */
  async store(manager: EntityManager, postId: string, metrics: EngagementMetrics): Promise<void> {
    await manager.query(
      `UPDATE posts SET likes = $2, reposts = $3, replies = $4, impressions = $5,
              outcome_recorded_at = coalesce(outcome_recorded_at, now()), updated_at = now()
        WHERE id = $1`,
      [postId, metrics.likes, metrics.reposts, metrics.replies, metrics.impressions ?? null],
    );
  }

  /** Judges a never-measured post without an outcome: it is not polled again. */
  async close(manager: EntityManager, postId: string): Promise<void> {
    await manager.query(`UPDATE posts SET outcome_recorded_at = now(), updated_at = now() WHERE id = $1 AND outcome_recorded_at IS NULL`, [postId]);
  }
}
