/**
 * Keeps the monthly partitions of `articles` ahead of time (see the partitioning migration): run
 * at start and daily. Idempotent and safe with several replicas (one advisory lock around each
 * month's check-and-create).
 */
import type { DataSource } from 'typeorm';
import { DEFAULT_ARTICLE_PARTITION, partitionsAhead, type MonthPartition } from '../../domain/month-partitions';

/** First half of the two-int advisory lock key: "news" in ASCII (as lockTenant). */
const LOCK_NAMESPACE = 0x6e657773;

export class ArticlePartitions {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the partitions of `now`'s month and the `monthsAhead` following months that are missing; returns their names. */
  async ensureAhead(now: Date, monthsAhead: number): Promise<string[]> {
    const created: string[] = [];
    for (const partition of partitionsAhead(now, monthsAhead)) {
      if (await this.ensure(partition)) created.push(partition.name);
    }
    return created;
  }

  /**
   * Creates one month's partition unless it exists. Rows of that month already in the default
   * partition (the month had no partition when they arrived, e.g. after a long outage) move into
   * it in the same transaction: PostgreSQL refuses a new partition whose range the default holds.
   */
  async ensure(partition: MonthPartition): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, 'article-partitions']);
      const [exists] = await manager.query<Array<{ oid: string | null }>>('SELECT to_regclass($1)::text AS oid', [partition.name]);
      if (exists?.oid) return false;
      const from = partition.from.toISOString();
      const to = partition.to.toISOString();
      // A table shaped like the parent (same column order), filled from the default partition, then attached:
      // attaching checks the default no longer holds the range, and copies the parent's indexes and keys.
      await manager.query(`CREATE TABLE "${partition.name}" (LIKE "articles" INCLUDING DEFAULTS)`);
      await manager.query(
        `WITH moved AS (DELETE FROM "${DEFAULT_ARTICLE_PARTITION}" WHERE "published_at" >= $1 AND "published_at" < $2 RETURNING *)
         INSERT INTO "${partition.name}" SELECT * FROM moved`,
        [from, to],
      );
      await manager.query(`ALTER TABLE "articles" ATTACH PARTITION "${partition.name}" FOR VALUES FROM ('${from}') TO ('${to}')`);
      return true;
    });
  }
}
