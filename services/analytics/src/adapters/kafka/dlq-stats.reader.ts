import type { Admin, Kafka } from 'kafkajs';
import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import { DAY_MS, HOUR_MS } from '../../domain/overview';

/** Dead-lettered events of the pipeline, summed over the DLQ topics (not per tenant: see README). */
export interface DlqStats {
  /** Events retained in the DLQs now (high watermark - low watermark, per partition). */
  depth: number;
  /** Events dead-lettered in the last hour / day (high watermark - first offset at that time). */
  failuresLastHour: number;
  failuresLastDay: number;
}

export interface DlqStatsReaderOptions {
  kafka: Kafka;
  /** The `.dlq` topics to read. */
  topics: string[];
  /** Reuse a reading this long (overview requests are frequent; offsets are cheap but not free). */
  cacheMs: number;
  logger: Logger;
}

/**
 * Reads DLQ depth and recent failures from Kafka offsets with the admin client (no consuming).
 * Concurrent callers share one reading; a failed reading yields undefined (the overview shows
 * null) and is not cached, so the next request tries again.
 */
export class DlqStatsReader {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;
  private cached: { at: number; stats: Promise<DlqStats | undefined> } | undefined;

  constructor(private readonly options: DlqStatsReaderOptions) {}

  /** The current stats, at most `cacheMs` old. */
  read(now: number = Date.now()): Promise<DlqStats | undefined> {
    if (this.cached && now - this.cached.at < this.options.cacheMs) return this.cached.stats;
    const stats = this.fetch(now).catch((error: unknown) => {
      this.options.logger.warn('reading DLQ offsets failed', { error: describeError(error) });
      if (this.cached?.stats === stats) this.cached = undefined;
      void this.reset();
      return undefined;
    });
    this.cached = { at: now, stats };
    return stats;
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async fetch(now: number): Promise<DlqStats> {
    const admin = await this.connect();
    const perTopic = await Promise.all(
      this.options.topics.map(async (topic) => {
        const [offsets, hourAgo, dayAgo] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchTopicOffsetsByTimestamp(topic, now - HOUR_MS),
          admin.fetchTopicOffsetsByTimestamp(topic, now - DAY_MS),
        ]);
        const since = (at: Array<{ partition: number; offset: string }>): number =>
          offsets.reduce((sum, p) => sum + Math.max(0, Number(p.high) - Number(at.find((a) => a.partition === p.partition)?.offset ?? p.high)), 0);
        return {
          depth: offsets.reduce((sum, p) => sum + Math.max(0, Number(p.high) - Number(p.low)), 0),
          failuresLastHour: since(hourAgo),
          failuresLastDay: since(dayAgo),
        };
      }),
    );
    return perTopic.reduce(
      (total, t) => ({
        depth: total.depth + t.depth,
        failuresLastHour: total.failuresLastHour + t.failuresLastHour,
        failuresLastDay: total.failuresLastDay + t.failuresLastDay,
      }),
      { depth: 0, failuresLastHour: 0, failuresLastDay: 0 },
    );
  }

  private connect(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.options.kafka.admin();
      try {
        await admin.connect();
        this.admin = admin;
        return admin;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
