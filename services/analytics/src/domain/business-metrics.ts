/**
 * Prometheus business metrics of the pipeline. The names are shared by the services that
 * register them (through @pulse/observability), the Grafana dashboard and the alert rules, so
 * they live here once. Counters end in `_total`, durations are seconds, money is USD. No tenant
 * label: tenants are unbounded, and a Prometheus series per tenant and niche would not be.
 */
export interface BusinessMetric {
  name: string;
  type: 'counter' | 'histogram' | 'gauge';
  help: string;
  labels: readonly string[];
  /** Histogram buckets in the metric's unit. */
  buckets?: readonly number[];
}

export const BUSINESS_METRICS = {
  articlesProcessed: {
    name: 'pulse_articles_processed_total',
    type: 'counter',
    help: 'Articles fetched and handed to the pipeline (news.fetched events recorded).',
    labels: ['niche'],
  },
  articlesSummarized: {
    name: 'pulse_articles_summarized_total',
    type: 'counter',
    help: 'Articles summarized (article.summarized events recorded).',
    labels: ['niche', 'model'],
  },
  summarizationDuration: {
    name: 'pulse_summarization_duration_seconds',
    type: 'histogram',
    help: 'Time from fetch to summary of an article.',
    labels: ['niche', 'model'],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  },
  postsPublished: {
    name: 'pulse_posts_published_total',
    type: 'counter',
    help: 'Posts published (post.published events recorded).',
    labels: ['platform', 'niche'],
  },
  pipelineLatency: {
    name: 'pulse_pipeline_latency_seconds',
    type: 'histogram',
    help: 'Time from fetch to publish of a post.',
    labels: ['niche', 'platform'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
  },
  llmCost: {
    name: 'pulse_llm_cost_usd_total',
    type: 'counter',
    help: 'LLM spend in US dollars reported by article.summarized events.',
    labels: ['niche'],
  },
  llmTokens: {
    name: 'pulse_llm_tokens_total',
    type: 'counter',
    help: 'LLM tokens reported by article.summarized events, by direction (input/output).',
    labels: ['model', 'direction'],
  },
  factsRecorded: {
    name: 'pulse_analytics_facts_recorded_total',
    type: 'counter',
    help: 'Events stored as facts; duplicate="true" counts redeliveries that were ignored.',
    labels: ['type', 'duplicate'],
  },
  dailyStatsRefreshDuration: {
    name: 'pulse_analytics_daily_stats_refresh_seconds',
    type: 'histogram',
    help: 'Duration of REFRESH MATERIALIZED VIEW CONCURRENTLY daily_stats.',
    labels: [],
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60],
  },
} as const satisfies Record<string, BusinessMetric>;
