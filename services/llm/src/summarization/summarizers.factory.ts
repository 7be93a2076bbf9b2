import type { LlmConfig } from '../config';
import { createAnthropicClient } from '../adapters/anthropic/anthropic-client.factory';
import { AnthropicSummarizer } from '../adapters/anthropic/anthropic-summarizer';
import { BatchSummarizer } from '../adapters/anthropic/batch-summarizer';
import { ResilientCaller } from '../adapters/anthropic/resilient-caller';
import { ExtractiveSummarizer } from '../domain/extractive-summarizer';
import { COMBINED_PROMPT_VERSION, PIPELINE_PROMPT_VERSION } from '../domain/prompts';
import { circuitValue, type LlmMetrics } from './llm-metrics';

/** Claude behind its resilient caller; absent without an API key. */
export interface ClaudeSummarizer {
  summarizer: AnthropicSummarizer;
  caller: ResilientCaller;
  /** Message Batches (backlogs): same model, prompts and prices, one combined request per article. */
  batches: BatchSummarizer;
  model: string;
  /** What the result cache key carries: a new prompt version misses old entries on purpose. */
  promptVersion: string;
}

export interface Summarizers {
  claude: ClaudeSummarizer | undefined;
  extractive: ExtractiveSummarizer;
  /** Stops the breaker's timers. */
  close(): void;
}

/** Builds the summarizers the config asks for (Claude only with ANTHROPIC_API_KEY). */
export function createSummarizers(config: LlmConfig, metrics: LlmMetrics): Summarizers {
  const extractive = new ExtractiveSummarizer();
  if (!config.ANTHROPIC_API_KEY) return { claude: undefined, extractive, close: () => undefined };

  const client = createAnthropicClient({
    apiKey: config.ANTHROPIC_API_KEY,
    timeoutMs: config.LLM_TIMEOUT_MS,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
  });
  const retry = {
    maxAttempts: config.LLM_RETRY_MAX_ATTEMPTS,
    baseDelayMs: config.LLM_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.LLM_RETRY_MAX_DELAY_MS,
    maxRetryAfterMs: config.LLM_MAX_RETRY_AFTER_MS,
  };
  const caller = new ResilientCaller(
    client,
    {
      concurrency: config.LLM_CONCURRENCY,
      timeoutMs: config.LLM_TIMEOUT_MS,
      ...(config.LLM_REQUESTS_PER_SECOND ? { requestsPerSecond: config.LLM_REQUESTS_PER_SECOND } : {}),
      ...(config.LLM_INPUT_TOKENS_PER_MINUTE ? { inputTokensPerMinute: config.LLM_INPUT_TOKENS_PER_MINUTE } : {}),
      retry,
      breaker: {
        errorThresholdPercentage: config.LLM_BREAKER_ERROR_PERCENT,
        volumeThreshold: config.LLM_BREAKER_VOLUME,
        resetTimeoutMs: config.LLM_BREAKER_RESET_MS,
        rollingCountTimeoutMs: 10_000,
      },
    },
    {
      onRetry: ({ failure }) => metrics.retries.inc({ status: String(failure.status ?? 'network') }),
      onCircuitChange: (state) => metrics.circuit.set(circuitValue(state)),
    },
  );
  const options = {
    model: config.LLM_MODEL,
    mode: config.LLM_MODE,
    outputLanguage: config.LLM_OUTPUT_LANGUAGE,
    maxArticleTokens: config.LLM_MAX_ARTICLE_TOKENS,
    factCount: config.LLM_FACT_COUNT,
    minFactConfidence: config.LLM_MIN_FACT_CONFIDENCE,
    prices: config.LLM_PRICES,
  };
  const summarizer = new AnthropicSummarizer(caller, options);
  return {
    claude: {
      summarizer,
      caller,
      batches: new BatchSummarizer(client, options, retry),
      model: config.LLM_MODEL,
      promptVersion: config.LLM_MODE === 'combined' ? COMBINED_PROMPT_VERSION : PIPELINE_PROMPT_VERSION,
    },
    extractive,
    close: () => caller.close(),
  };
}
