import type { Metrics } from '@pulse/observability';

/**
 * The news service's business metrics (names from ARCHITECTURE.md). Counters carry `niche` and
 * `source` (the source id) so one bad or chatty feed can be found; the histogram carries only
 * `niche`, since a per-source histogram would multiply its buckets by every source.
 */
export function newsMetrics(metrics: Metrics) {
  return {
    /** Feed items by outcome: new, duplicate, failed (could not be stored), skipped (unusable entry). */
    articles: metrics.counter<'niche' | 'source' | 'outcome'>({
      name: 'pulse_articles_processed_total',
      help: 'Feed items processed by the news service, by niche, source id and outcome (new, duplicate, failed, skipped); their sum is the items fetched',
      labelNames: ['niche', 'source', 'outcome'],
    }),
    /** Feed fetches by outcome: fetched, not-modified, failed (the errors). */
    fetches: metrics.counter<'niche' | 'source' | 'outcome'>({
      name: 'pulse_feed_fetches_total',
      help: 'Feed fetches by niche, source id and outcome (fetched, not-modified, failed)',
      labelNames: ['niche', 'source', 'outcome'],
    }),
    fetchDuration: metrics.histogram<'niche' | 'outcome'>({
      name: 'pulse_feed_fetch_duration_seconds',
      help: 'Duration of one source fetch (download, parse, store), by niche and outcome',
      labelNames: ['niche', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
  };
}

export type NewsMetrics = ReturnType<typeof newsMetrics>;
