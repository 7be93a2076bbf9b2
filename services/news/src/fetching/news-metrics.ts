import type { Metrics } from '@pulse/observability';

/** The news service's business metrics (names from ARCHITECTURE.md). */
export function newsMetrics(metrics: Metrics) {
  return {
    /** Items handled per niche and outcome: new, duplicate, failed. */
    articles: metrics.counter<'niche' | 'outcome'>({
      name: 'pulse_articles_processed_total',
      help: 'Feed items processed by the news service, by niche and outcome (new, duplicate, failed)',
      labelNames: ['niche', 'outcome'],
    }),
    /** Feed fetches by outcome: fetched, not-modified, failed. */
    fetches: metrics.counter<'outcome'>({
      name: 'pulse_feed_fetches_total',
      help: 'Feed fetches by outcome (fetched, not-modified, failed)',
      labelNames: ['outcome'],
    }),
    fetchDuration: metrics.histogram<'outcome'>({
      name: 'pulse_feed_fetch_duration_seconds',
      help: 'Duration of one source fetch (download, parse, store), by outcome',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
  };
}

export type NewsMetrics = ReturnType<typeof newsMetrics>;
