import type { Counter } from 'prom-client';
import type { Metrics } from '@pulse/observability';
import { BUSINESS_METRICS, type BusinessMetric } from '../domain/business-metrics';
import type { FactRow } from '../domain/fact-row';

/** The Prometheus series analytics feeds, registered once on the service's registry. */
export interface AnalyticsMetrics {
  /**
   * Counts a batch's stored facts (and ignored redeliveries: ids not in `inserted`) and the business
   * numbers the new ones carry. An id twice in one batch is new once (the statement stored it once).
   */
  observeFacts(facts: readonly FactRow[], inserted: ReadonlySet<string>): void;
  /** Times one refresh of daily_stats. */
  timeRefresh(): () => void;
}

function counter(metrics: Metrics, spec: BusinessMetric) {
  return metrics.counter({ name: spec.name, help: spec.help, labelNames: [...spec.labels] });
}

function histogram(metrics: Metrics, spec: BusinessMetric) {
  return metrics.histogram({ name: spec.name, help: spec.help, labelNames: [...spec.labels], buckets: [...(spec.buckets ?? [])] });
}

type Labels = Record<string, string>;

/**
 * Counter increments of one batch summed per series: prom-client hashes the label set on every
 * inc, so a batch adds to each series once instead of once per event.
 */
class BatchSums {
  private readonly sums = new Map<string, { counter: Counter<string>; labels: Labels; value: number }>();

  /** `key` names the series (metric and label values); `labels` builds its labels the first time. */
  add(counter: Counter<string>, key: string, labels: () => Labels, value = 1): void {
    const sum = this.sums.get(key);
    if (sum === undefined) this.sums.set(key, { counter, labels: labels(), value });
    else sum.value += value;
  }

  flush(): void {
    for (const { counter, labels, value } of this.sums.values()) counter.inc(labels, value);
  }
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

  /** The business numbers a new fact carries. */
  function observeNew(fact: FactRow, sums: BatchSums): void {
    const niche = fact.niche;
    switch (fact.type) {
      case 'news.fetched':
        sums.add(articles, `articles\u0000${niche}`, () => ({ niche }));
        break;
      case 'article.summarized': {
        const model = fact.model ?? 'unknown';
        sums.add(summarized, `summarized\u0000${niche}\u0000${model}`, () => ({ niche, model }));
        if (fact.costUsd !== null && fact.costUsd > 0) sums.add(cost, `cost\u0000${niche}`, () => ({ niche }), fact.costUsd);
        if (fact.inputTokens) sums.add(tokens, `tokens\u0000${model}\u0000input`, () => ({ model, direction: 'input' }), fact.inputTokens);
        if (fact.outputTokens) sums.add(tokens, `tokens\u0000${model}\u0000output`, () => ({ model, direction: 'output' }), fact.outputTokens);
        break;
      }
      case 'post.published': {
        const platform = fact.platform ?? 'unknown';
        sums.add(posts, `posts\u0000${platform}\u0000${niche}`, () => ({ platform, niche }));
        if (fact.latencyMs !== null) latency.observe({ niche, platform }, fact.latencyMs / 1_000);
        break;
      }
      case 'post.engagement':
        break;
    }
  }

  return {
    observeFacts(batch, inserted) {
      const sums = new BatchSums();
      const counted = new Set<string>();
      for (const fact of batch) {
        const isNew = inserted.has(fact.eventId) && !counted.has(fact.eventId);
        sums.add(facts, `facts\u0000${fact.type}\u0000${isNew}`, () => ({ type: fact.type, duplicate: String(!isNew) }));
        // A redelivery was counted the first time; counting it again would inflate every rate.
        if (!isNew) continue;
        counted.add(fact.eventId);
        observeNew(fact, sums);
      }
      sums.flush();
    },
    timeRefresh: () => refresh.startTimer(),
  };
}
