import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import type { SourceRepository } from '../adapters/db';
import { ConcurrencyLimiter, hostOf } from './concurrency-limiter';
import type { FetchSummary, SourceFetcher } from './source-fetcher';

export interface FetchCycleOptions {
  batchSize: number;
  globalConcurrency: number;
  perHostConcurrency: number;
}

/**
 * One scheduled round: every enabled source that is due, fetched under the per-host and global
 * caps. Several replicas run it at once; the per-source lock and the "still due?" check make each
 * source fetched by one of them.
 */
export class FetchCycle {
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly sources: SourceRepository,
    private readonly fetcher: SourceFetcher,
    private readonly logger: Logger,
    private readonly options: FetchCycleOptions,
  ) {
    this.limiter = new ConcurrencyLimiter(options.globalConcurrency, options.perHostConcurrency);
  }

  async run(now = new Date()): Promise<FetchSummary[]> {
    const due = await this.sources.dueSources(now, this.options.batchSize);
    if (due.length === 0) return [];
    // Only a closure per source waits in the limiter: the entity, the body and the items of a
    // source exist only while it holds a slot, so memory follows the concurrency, not the batch.
    const results = await Promise.all(due.map(({ id, url }) => this.limiter.run(hostOf(url), async () => {
      try {
        return await this.fetcher.fetch(id, { onlyIfDue: true });
      } catch (error) {
        // The fetcher records feed failures itself; this is Redis or PostgreSQL trouble for one source.
        this.logger.error('fetching a source failed', { sourceId: id, error: describeError(error) });
        return undefined;
      }
    })));
    const done = results.filter((r): r is FetchSummary => r !== undefined && r.outcome !== 'skipped' && r.outcome !== 'busy');
    if (done.length > 0) {
      this.logger.info('fetch cycle done', {
        sources: done.length,
        newArticles: done.reduce((sum, r) => sum + r.newArticles, 0),
        failed: done.filter((r) => r.outcome === 'failed').length,
      });
    }
    return done;
  }
}
