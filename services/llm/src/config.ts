import { z } from 'zod';
import { commonEnv, envInt } from '@pulse/config';

/** A JSON-valued variable parsed and checked with `schema`; the default is given as a value. */
function envJson<S extends z.ZodType>(schema: S, fallback: z.input<S>) {
  // prefault: the default goes through the same parse and checks as a configured value.
  return z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema)
    .prefault(JSON.stringify(fallback));
}

const envNumber = () => z.coerce.number({ error: 'must be a number' });

const modelPrice = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheWrite: z.number().min(0),
  cacheRead: z.number().min(0),
  /** Share of these prices billed for Message Batches requests (Anthropic: 0.5, half price). */
  batchFactor: z.number().min(0).max(1).optional(),
});

/** USD per million tokens (Anthropic list prices; cache writes are 5-minute breakpoints). */
export const DEFAULT_PRICES = {
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, batchFactor: 0.5 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1, batchFactor: 0.5 },
  'claude-opus-4-1': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5, batchFactor: 0.5 },
};

/** Selection rules and writing profile of one niche; every field optional (falls back to the defaults). */
const nicheSettings = z.object({
  scoreThreshold: z.number().min(0).max(1).optional(),
  dailyTokenBudget: z.number().int().positive().optional(),
  dailyCostBudgetUsd: z.number().positive().optional(),
  audience: z.string().min(1).max(300).optional(),
  summaryWords: z.number().int().min(10).max(600).optional(),
});

const nicheDefaults = nicheSettings.required({ scoreThreshold: true, summaryWords: true });

export type NicheSettings = z.output<typeof nicheSettings>;
export type NicheDefaults = z.output<typeof nicheDefaults>;

export const configSchema = commonEnv({ service: 'llm', port: 4102 }).safeExtend({
  /** Unset: every article goes to the offline extractive summarizer. */
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_MODEL: z.string().min(1).default('claude-sonnet-4-5'),
  LLM_MODE: z.enum(['staged', 'combined']).default('staged'),
  LLM_PRICES: envJson(z.record(z.string().min(1), modelPrice), DEFAULT_PRICES),
  LLM_NICHES: envJson(z.record(z.string().min(1), nicheSettings), {}),
  LLM_NICHE_DEFAULTS: envJson(nicheDefaults, { scoreThreshold: 0.3, summaryWords: 60 }),
  LLM_OUTPUT_LANGUAGE: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en').default('en'),
  LLM_MAX_ARTICLE_TOKENS: envInt().min(200).default(12_000),
  LLM_FACT_COUNT: envInt().min(1).max(20).default(5),
  LLM_MIN_FACT_CONFIDENCE: envNumber().min(0).max(1).default(0.5),
  /** Messages API calls in flight at once (per replica). */
  LLM_CONCURRENCY: envInt().min(1).max(256).default(16),
  LLM_REQUESTS_PER_SECOND: envInt().min(1).optional(),
  LLM_INPUT_TOKENS_PER_MINUTE: envInt().min(100).optional(),
  LLM_TIMEOUT_MS: envInt().min(100).default(60_000),
  LLM_RETRY_MAX_ATTEMPTS: envInt().min(1).max(10).default(4),
  LLM_RETRY_BASE_DELAY_MS: envInt().min(1).default(500),
  LLM_RETRY_MAX_DELAY_MS: envInt().min(1).default(8_000),
  LLM_MAX_RETRY_AFTER_MS: envInt().min(0).default(30_000),
  LLM_BREAKER_ERROR_PERCENT: envInt().min(1).max(100).default(50),
  LLM_BREAKER_VOLUME: envInt().min(1).default(5),
  LLM_BREAKER_RESET_MS: envInt().min(100).default(30_000),
  /**
   * Message Batches for backlogs: `never`; `always` (every article Claude would summarize goes into
   * a batch); `auto` (only while the consumer group lags LLM_BATCH_LAG_THRESHOLD events or more).
   */
  LLM_BATCH_MODE: z.enum(['never', 'auto', 'always']).default('auto'),
  LLM_BATCH_LAG_THRESHOLD: envInt().min(1).default(1_000),
  LLM_BATCH_LAG_CHECK_MS: envInt().min(100).default(15_000),
  /** Requests per batch (the API takes up to 100,000). */
  LLM_BATCH_MAX_SIZE: envInt().min(1).max(100_000).default(500),
  /** A partial batch is submitted once its oldest article waited this long. */
  LLM_BATCH_MAX_WAIT_MS: envInt().min(0).default(10_000),
  /** How often queued articles are submitted and submitted batches are polled. */
  LLM_BATCH_POLL_INTERVAL_MS: envInt().min(50).default(30_000),
  /** A replica collecting an ended batch holds it this long; after a crash another one takes over. */
  LLM_BATCH_LEASE_MS: envInt().min(1_000).default(10 * 60_000),
  LLM_CACHE_TTL_SECONDS: envInt().min(1).default(7 * 24 * 3600),
  /** Redis key prefix of the result cache (tests use their own). */
  LLM_CACHE_KEY_PREFIX: z.string().min(1).default('llm:summary:'),
  TOPIC_NEWS_FETCHED: z.string().min(1).default('news.fetched'),
  TOPIC_ARTICLE_SUMMARIZED: z.string().min(1).default('article.summarized'),
  KAFKA_TOPIC_PARTITIONS: envInt().min(1).default(6),
  CONSUMER_GROUP: z.string().min(1).default('llm.news.fetched'),
  /** Partitions handled at once; each handles its events in order. */
  CONSUMER_CONCURRENCY: envInt().min(1).default(6),
  // Articles of different keys handled side by side within one partition (order kept per key).
  CONSUMER_KEY_CONCURRENCY: envInt().min(1).max(64).default(4),
  RATE_LIMIT_PER_MINUTE: envInt().min(1).default(600),
});

export type LlmConfig = z.output<typeof configSchema>;
