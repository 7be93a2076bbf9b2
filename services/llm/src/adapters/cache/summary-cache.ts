import type { Redis } from 'ioredis';
import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import type { SummaryResult } from '../../domain/summary.types';

/**
 * Claude results in Redis, keyed by content hash + prompt version (domain/content-hash.ts), so a
 * redelivered event or the same article from another feed costs nothing. Redis trouble never
 * fails an article: a failed read is a miss, a failed write is logged.
 */
export class SummaryCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    private readonly keyPrefix = 'llm:summary:',
  ) {}

  /** `hash`: contentHash(...) of the article, prompt version, niche, language and model. */
  async get(hash: string): Promise<SummaryResult | undefined> {
    const key = this.keyPrefix + hash;
    try {
      const raw = await this.redis.get(key);
      return raw ? (JSON.parse(raw) as SummaryResult) : undefined;
    } catch (error) {
      this.logger.warn('summary cache read failed; summarizing without it', { key, error: describeError(error) });
      return undefined;
    }
  }

  async set(hash: string, result: SummaryResult): Promise<void> {
    const key = this.keyPrefix + hash;
    try {
      await this.redis.set(key, JSON.stringify(result), 'EX', this.ttlSeconds);
    } catch (error) {
      this.logger.warn('summary cache write failed', { key, error: describeError(error) });
    }
  }
}
