import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '@pulse/observability';
import type { CircuitState } from '../adapters/anthropic/resilient-caller';
import type { SummaryResult } from '../domain/summary.types';

/** The llm service's business metrics (names from ARCHITECTURE.md where it names them). */
export interface LlmMetrics {
  skipped: Counter<'reason'>;
  processed: Counter<'summarizer' | 'reason'>;
  duration: Histogram<'summarizer'>;
  tokens: Counter<'kind' | 'model'>;
  cost: Counter<'model'>;
  cache: Counter<'result'>;
  retries: Counter<'status'>;
  circuit: Gauge;
  batchItems: Counter<'result'>;
  consumerLag: Gauge;
}

export function llmMetrics(metrics: Metrics): LlmMetrics {
  return {
    skipped: metrics.counter({ name: 'pulse_articles_skipped_total', help: 'Articles not summarized, by reason', labelNames: ['reason'] }),
    processed: metrics.counter({
      name: 'pulse_articles_processed_total',
      help: 'Articles summarized, by summarizer (claude, extractive, cache) and selection reason',
      labelNames: ['summarizer', 'reason'],
    }),
    duration: metrics.histogram({
      name: 'pulse_summarization_duration_seconds',
      help: 'Time to summarize one article, by summarizer',
      labelNames: ['summarizer'],
      buckets: [0.005, 0.02, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    }),
    tokens: metrics.counter({ name: 'pulse_llm_tokens_total', help: 'Anthropic tokens by kind (input, output, cache_read, cache_write)', labelNames: ['kind', 'model'] }),
    cost: metrics.counter({ name: 'pulse_llm_cost_usd_total', help: 'Anthropic cost in USD from the configured price table', labelNames: ['model'] }),
    cache: metrics.counter({ name: 'pulse_llm_result_cache_total', help: 'Result cache lookups (hit, miss)', labelNames: ['result'] }),
    retries: metrics.counter({ name: 'pulse_llm_retries_total', help: 'Anthropic API calls retried, by HTTP status', labelNames: ['status'] }),
    circuit: metrics.gauge({ name: 'pulse_llm_circuit_open', help: 'Anthropic circuit breaker: 1 open, 0.5 half-open, 0 closed' }),
    batchItems: metrics.counter({
      name: 'pulse_llm_batch_items_total',
      help: 'Message Batches items: queued, then how each ended (succeeded, invalid, errored, expired, canceled, missing)',
      labelNames: ['result'],
    }),
    consumerLag: metrics.gauge({ name: 'pulse_llm_consumer_lag', help: 'news.fetched events the llm group has not committed (measured when LLM_BATCH_MODE=auto)' }),
  };
}

/** Counts the tokens and cost of a result's API calls. */
export function countSpend(metrics: LlmMetrics, result: SummaryResult, pricedModel: string): void {
  for (const stage of result.stages) {
    if (stage.calls === 0) continue;
    const model = stage.model === 'extractive' ? pricedModel : stage.model;
    metrics.tokens.inc({ kind: 'input', model }, stage.usage.inputTokens);
    metrics.tokens.inc({ kind: 'output', model }, stage.usage.outputTokens);
    metrics.tokens.inc({ kind: 'cache_read', model }, stage.usage.cacheReadTokens);
    metrics.tokens.inc({ kind: 'cache_write', model }, stage.usage.cacheWriteTokens);
    metrics.cost.inc({ model }, stage.costUsd ?? 0);
  }
}

export function circuitValue(state: CircuitState): number {
  return state === 'open' ? 1 : state === 'half-open' ? 0.5 : 0;
}
