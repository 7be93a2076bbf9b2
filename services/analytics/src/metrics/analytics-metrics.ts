import type { Metrics } from '@pulse/observability';
import type { AnalyticsEvent } from '../domain/analytics-event';
import { BUSINESS_METRICS, type BusinessMetric } from '../domain/business-metrics';
import type { FactRow } from '../domain/fact-row';

/** The Prometheus series analytics feeds, registered once on the service's registry. */
export interface AnalyticsMetrics {
  /** Counts a stored fact (or an ignored redelivery) and, when new, the business numbers it carries. */
  observeFact(event: AnalyticsEvent, fact: FactRow, isNew: boolean): void;
  /** Times one refresh of daily_stats. */
  timeRefresh(): () => void;
}

function counter(metrics: Metrics, spec: BusinessMetric) {
  return metrics.counter({ name: spec.name, help: spec.help, labelNames: [...spec.labels] });
}

function histogram(metrics: Metrics, spec: BusinessMetric) {
  return metrics.histogram({ name: spec.name, help: spec.help, labelNames: [...spec.labels], buckets: [...(spec.buckets ?? [])] });
}

/** Registers the business metrics of BUSINESS_METRICS that analytics observes from the events. */
export function createAnalyticsMetrics(metrics: Metrics): AnalyticsMetrics {
  const m = BUSINESS_METRICS;
  const articles = counter(metrics, m.articlesProcessed);
  const summarized = counter(metrics, m.articlesSummarized);
  const posts = counter(metrics, m.postsPublished);
  const cost = counter(metrics, m.llmCost);
  const tokens = counter(metrics, m.llmTokens);
  const latency = histogram(metrics, m.pipelineLatency);
  const facts = counter(metrics, m.factsRecorded);
  const refresh = histogram(metrics, m.dailyStatsRefreshDuration);

  return {
    observeFact(event, fact, isNew) {
      facts.inc({ type: event.type, duplicate: String(!isNew) });
      // A redelivery was counted the first time; counting it again would inflate every rate.
      if (!isNew) return;
      const niche = fact.niche;
      switch (event.type) {
        case 'news.fetched':
          articles.inc({ niche });
          break;
        case 'article.summarized': {
          const model = fact.model ?? 'unknown';
          summarized.inc({ niche, model });
          if (fact.costUsd !== null && fact.costUsd > 0) cost.inc({ niche }, fact.costUsd);
          if (fact.inputTokens) tokens.inc({ model, direction: 'input' }, fact.inputTokens);
          if (fact.outputTokens) tokens.inc({ model, direction: 'output' }, fact.outputTokens);
          break;
        }
        case 'post.published': {
          const platform = fact.platform ?? 'unknown';
          posts.inc({ platform, niche });
          if (fact.latencyMs !== null) latency.observe({ niche, platform }, fact.latencyMs / 1_000);
          break;
        }
        case 'post.engagement':
          break;
      }
    },
    timeRefresh: () => refresh.startTimer(),
  };
}
