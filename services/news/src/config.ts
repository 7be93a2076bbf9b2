import cron from 'node-cron';
import { z } from 'zod';
import { commonEnv, envInt, envPem } from '@pulse/config';

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

/** A comma-separated list that may be empty (FEED_ALLOWED_HOSTS= allows nothing private). */
const envOptionalList = () =>
  z.string().transform((raw) => raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

/** A node-cron expression (5 or 6 fields); checked with node-cron's own validator at start. */
const envCron = () =>
  z.string().refine((value) => cron.validate(value), 'must be a valid cron expression (e.g. "*/5 * * * * *")');

/** Terms that make an article relevant to its niche (title hits count double). */
export const DEFAULT_NICHE_KEYWORDS: Record<string, string[]> = {
  technology: ['ai', 'chip', 'processor', 'software', 'open source', 'security', 'cloud', 'smartphone', 'startup', 'database'],
  finance: ['earnings', 'interest rate', 'inflation', 'central bank', 'stocks', 'bond', 'merger', 'ipo', 'revenue', 'market'],
  science: ['study', 'researchers', 'climate', 'space', 'telescope', 'vaccine', 'species', 'physics', 'genome', 'ocean'],
};

const rankingOverride = z.object({
  weights: z.object({
    freshness: z.number().min(0).optional(),
    authority: z.number().min(0).optional(),
    coverage: z.number().min(0).optional(),
    relevance: z.number().min(0).optional(),
    titleQuality: z.number().min(0).optional(),
  }).optional(),
  halfLifeHours: z.number().positive().optional(),
  coverageSaturation: z.number().min(2).optional(),
});

/**
 * Feeds one replica fetches at once. It also bounds how many fetches' new articles wait for the
 * tenant's next write transaction (ArticleIngester groups them): 16 fetches gave groups of ~360
 * articles, 32 give ~715, and the write, which runs one at a time per tenant, pays its eight round
 * trips (BEGIN to COMMIT) once per group (npm run bench -- news: 1,923 items/s at 16, 2,104 at 32).
 */
export const DEFAULT_FETCH_CONCURRENCY = 32;

export const configSchema = commonEnv({ service: 'news', port: 4101 }).safeExtend({
  TOPIC_NEWS_FETCHED: z.string().min(1).default('news.fetched'),
  KAFKA_TOPIC_PARTITIONS: envInt().min(1).default(6),
  /** node-cron schedule of fetch cycles (6 fields = with seconds). */
  FETCH_CRON: envCron().default('*/5 * * * * *'),
  /** Run the scheduled fetch cycle in this replica (the manual refresh works either way). */
  FETCH_WORKER_ENABLED: z.stringbool().default(true),
  /** Due sources taken per cycle (the rest wait for the next tick). */
  FETCH_BATCH_SIZE: envInt().min(1).max(10_000).default(200),
  /** Feeds fetched at once by one replica (see DEFAULT_FETCH_CONCURRENCY). */
  FETCH_CONCURRENCY: envInt().min(1).max(1_000).default(DEFAULT_FETCH_CONCURRENCY),
  /** Feeds fetched at once from one host by one replica (politeness). */
  FETCH_PER_HOST_CONCURRENCY: envInt().min(1).max(100).default(2),
  /** Hosts, addresses or CIDRs that may be private/loopback (SSRF exceptions), comma-separated. */
  FEED_ALLOWED_HOSTS: envOptionalList().default([]),
  FETCH_TIMEOUT_MS: envInt().min(100).max(300_000).default(15_000),
  FETCH_MAX_BODY_BYTES: envInt().min(1_024).default(5 * 1024 * 1024),
  FETCH_MAX_REDIRECTS: envInt().min(0).max(20).default(5),
  FETCH_USER_AGENT: z.string().min(1).optional(),
  /** Redis lock per source: longer than a fetch can take, so it never expires mid-fetch. */
  FETCH_LOCK_TTL_MS: envInt().min(1_000).default(120_000),
  /** Poll interval of a source that does not set one. */
  DEFAULT_POLL_INTERVAL_SECONDS: envInt().min(10).default(900),
  /** Bounds of the interval adapted to a feed's posting rhythm. */
  MIN_POLL_INTERVAL_SECONDS: envInt().min(5).default(60),
  MAX_POLL_INTERVAL_SECONDS: envInt().min(10).default(6 * 3600),
  /** Articles first seen within this many hours are candidates for story clustering. */
  CLUSTER_WINDOW_HOURS: envInt().min(1).max(24 * 30).default(48),
  /** Monthly partitions of `articles` kept ready beyond the current month (created at start and by the maintenance job). */
  ARTICLE_PARTITIONS_AHEAD_MONTHS: envInt().min(1).max(24).default(3),
  /** node-cron schedule of the partition maintenance (daily at 03:17 by default; idempotent across replicas). */
  PARTITION_MAINTENANCE_CRON: envCron().default('0 17 3 * * *'),
  /** Largest SimHash distance (of 64 bits) still counted as the same story. */
  CLUSTER_MAX_DISTANCE: envInt().min(0).max(32).default(12),
  NICHE_KEYWORDS: envJson(z.record(z.string().min(1), z.array(z.string().min(1))), DEFAULT_NICHE_KEYWORDS),
  /** Per-niche ranking overrides: { "finance": { "weights": { "freshness": 0.5 }, "halfLifeHours": 6 } }. */
  NICHE_RANKING: envJson(z.record(z.string().min(1), rankingOverride), {}),
  /** 32-byte key (base64 or 64 hex digits) encrypting sources' basic-auth passwords; without it basic auth is refused. */
  SOURCE_CREDENTIALS_KEY: z.string().min(1).optional(),
  RATE_LIMIT_PER_MINUTE: envInt().min(1).default(600),
  /**
   * PKCS#8 P-256 key signing the tokens of POST /v1/auth/token (or JWT_PRIVATE_KEY_FILE); must be
   * JWT_PUBLIC_KEY's pair. Without it that endpoint answers 503 and API keys cannot be exchanged.
   */
  JWT_PRIVATE_KEY: envPem('PRIVATE KEY').optional(),
  /** Lifetime of tokens issued for API keys: also how long a token outlives its key's revocation. */
  TOKEN_TTL_SECONDS: envInt().min(60).max(86_400).default(900),
  /** Token requests per client IP per minute (each costs a scrypt check). */
  TOKEN_RATE_LIMIT_PER_MINUTE: envInt().min(1).default(60),
}).refine((env) => env.MIN_POLL_INTERVAL_SECONDS <= env.MAX_POLL_INTERVAL_SECONDS, {
  path: ['MIN_POLL_INTERVAL_SECONDS'],
  message: 'must not exceed MAX_POLL_INTERVAL_SECONDS',
});

export type NewsConfig = z.output<typeof configSchema>;
