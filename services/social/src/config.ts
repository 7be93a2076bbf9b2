import { z } from 'zod';
import { commonEnv, envBoolean, envInt, envUrl } from '@pulse/config';
import { TOPICS } from '@pulse/contracts';
import cron from 'node-cron';
import { DEFAULT_PLATFORM_BASE_URLS } from './adapters/platforms/platform-adapters';
import { createCredentialCipher, parseKeyRing, type KeyRing } from './domain/credential-cipher';

const cronExpression = (fallback: string) =>
  z.string().default(fallback).refine((value) => cron.validate(value), { message: 'must be a cron expression (node-cron, seconds allowed)' });

// "k2:<base64 32 bytes>,k1:<...>": parsed and checked here so a bad key stops the service at boot.
const keyRing = z.string().min(1).transform((spec, ctx): KeyRing => {
  try {
    const ring = parseKeyRing(spec);
    createCredentialCipher(ring);
    return ring;
  } catch (error) {
    const detail = (error as { errors?: string[] }).errors?.join('; ');
    ctx.addIssue({ code: 'custom', message: `must be "id:base64-32-byte-key,..." (${detail ?? 'invalid'})` });
    return z.NEVER;
  }
});

const cidrList = z
  .string()
  .default('')
  .transform((raw) => raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

/** The social service's environment: the common variables plus its own. */
export const configSchema = commonEnv({ service: 'social', port: 4103 }).safeExtend({
  CREDENTIALS_ENCRYPTION_KEYS: keyRing,
  MASTODON_BASE_URL: envUrl(/^https?$/).default(DEFAULT_PLATFORM_BASE_URLS.mastodonBaseUrl),
  BLUESKY_BASE_URL: envUrl(/^https?$/).default(DEFAULT_PLATFORM_BASE_URLS.blueskyBaseUrl),
  X_BASE_URL: envUrl(/^https?$/).default(DEFAULT_PLATFORM_BASE_URLS.xBaseUrl),
  LINKEDIN_BASE_URL: envUrl(/^https?$/).default(DEFAULT_PLATFORM_BASE_URLS.linkedinBaseUrl),
  LINKEDIN_API_VERSION: z.string().regex(/^\d{6}$/, 'must be YYYYMM').optional(),
  PLATFORM_TIMEOUT_MS: envInt().min(100).default(10_000),
  /** CIDRs webhook channels may reach although private (SSRF exceptions), e.g. "127.0.0.1/32". */
  WEBHOOK_ALLOWED_CIDRS: cidrList,
  DISPATCH_CRON: cronExpression('*/2 * * * * *'),
  DISPATCH_BATCH_SIZE: envInt().min(1).max(1_000).default(50),
  DISPATCH_CONCURRENCY: envInt().min(1).max(64).default(8),
  DISPATCH_MAX_ATTEMPTS: envInt().min(1).max(100).default(8),
  /** A post left in "publishing" longer than this (crashed replica) is picked up again, checked first. */
  DISPATCH_LEASE_SECONDS: envInt().min(5).default(120),
  RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
  RETRY_CAP_SECONDS: z.coerce.number().positive().default(3_600),
  ENGAGEMENT_ENABLED: envBoolean().default(true),
  ENGAGEMENT_CRON: cronExpression('0 */10 * * * *'),
  /** A post's engagement is first measured, and judged (once, for the bandit), when it is this old. */
  ENGAGEMENT_MIN_AGE_SECONDS: envInt().min(0).default(3_600),
  /** A post is measured again at most this often; each change of its counters is a post.engagement event. */
  ENGAGEMENT_INTERVAL_SECONDS: envInt().min(1).default(600),
  /** Posts older than this are no longer polled. */
  ENGAGEMENT_MAX_AGE_HOURS: envInt().min(1).default(48),
  /** Likes + reposts + replies needed to count a post as a success. */
  ENGAGEMENT_THRESHOLD: envInt().min(1).default(1),
  TOPIC_ARTICLE_SUMMARIZED: z.string().min(1).default(TOPICS.articleSummarized),
  TOPIC_POST_PUBLISHED: z.string().min(1).default(TOPICS.postPublished),
  TOPIC_POST_ENGAGEMENT: z.string().min(1).default(TOPICS.postEngagement),
  TOPIC_PARTITIONS: envInt().min(1).default(6),
  CONSUMER_GROUP_ARTICLE_SUMMARIZED: z.string().min(1).default('social.article.summarized'),
  /** Partitions of article.summarized planned at once (order holds within each; each holds a DB connection). */
  CONSUMER_CONCURRENCY: envInt().min(1).max(64).default(3),
  /** Summaries of one partition planned in one transaction (one inbox statement, one channel lock). */
  PLAN_BATCH_SIZE: envInt().min(1).max(1_000).default(100),
  RATE_LIMIT_PER_MINUTE: envInt().min(1).default(600),
});

export type SocialConfig = z.output<typeof configSchema>;
