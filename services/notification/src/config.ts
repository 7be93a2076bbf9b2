import { z } from 'zod';
import { commonEnv, envInt } from '@pulse/config';
import type { RetryPolicy } from './domain/retry-policy';

/** A comma-separated list that may be empty (unlike envList). */
const optionalList = () =>
  z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

/** 32 bytes for AES-256-GCM, given as base64 (44 chars) or hex (64 chars). */
const aesKey = () =>
  z
    .string()
    .transform((raw) => Buffer.from(raw.trim(), /^[0-9a-f]{64}$/i.test(raw.trim()) ? 'hex' : 'base64'))
    .refine((key) => key.length === 32, { message: 'must be 32 bytes, base64 or hex (openssl rand -base64 32)' });

/** Everything notification reads from the environment; the only place that does. */
export const configSchema = commonEnv({ service: 'notification', port: 4105 })
  .safeExtend({
    TOPIC_ARTICLE_SUMMARIZED: z.string().min(1).default('article.summarized'),
    TOPIC_POST_PUBLISHED: z.string().min(1).default('post.published'),
    /** Partitions the consumed topics (and their DLQs) get if this service starts before their producers. */
    TOPIC_PARTITIONS: envInt().min(1).max(1000).default(6),
    /** Consumer groups are `<prefix>.<topic>`. */
    CONSUMER_GROUP_PREFIX: z.string().min(1).default('notification'),
    /** Partitions each consumer handles at once (order holds within a partition, i.e. per article). */
    CONSUMER_CONCURRENCY: envInt().min(1).max(64).default(3),

    WEBHOOK_MAX_ATTEMPTS: envInt().min(1).max(50).default(8),
    WEBHOOK_RETRY_BASE_MS: envInt().min(1).default(1_000),
    WEBHOOK_RETRY_MAX_MS: envInt().min(1).default(15 * 60_000),
    WEBHOOK_RETRY_AFTER_MAX_MS: envInt().min(0).default(60 * 60_000),
    WEBHOOK_TIMEOUT_MS: envInt().min(100).max(60_000).default(10_000),
    /** Consecutive failed deliveries (after their retries) before a subscription is disabled. */
    WEBHOOK_DISABLE_AFTER: envInt().min(1).default(10),
    /** Private destinations allowed anyway (SSRF exceptions): CIDRs, addresses or host names, e.g. 127.0.0.1 in tests. */
    WEBHOOK_ALLOWED_HOSTS: optionalList(),
    /** How often the delivery worker looks for due deliveries (seconds, 1-59). */
    WEBHOOK_POLL_SECONDS: envInt().min(1).max(59).default(2),
    WEBHOOK_BATCH_SIZE: envInt().min(1).max(500).default(20),
    /** Events the digest worker moves into digests per transaction (it runs every WEBHOOK_POLL_SECONDS). */
    WEBHOOK_DIGEST_BATCH_EVENTS: envInt().min(10).max(50_000).default(5_000),
    /** Encrypts webhook secrets at rest (AES-256-GCM); required in production. */
    WEBHOOK_SECRET_KEY: aesKey().optional(),

    /** Namespace of the live streams, tickets and fan-out channel in Redis (same on every replica). */
    LIVE_KEY_PREFIX: z.string().min(1).default('notification:live'),
    LIVE_WINDOW_EVENTS: envInt().min(1).default(1_000),
    LIVE_WINDOW_TTL_SECONDS: envInt().min(1).default(900),
    LIVE_CLIENT_MAX_EVENTS: envInt().min(1).default(500),
    LIVE_CLIENT_MAX_BYTES: envInt().min(1_024).default(1024 * 1024),
    LIVE_HEARTBEAT_MS: envInt().min(100).default(15_000),
    STREAM_TICKET_TTL_SECONDS: envInt().min(1).max(600).default(30),

    RATE_LIMIT_PER_MINUTE: envInt().min(1).default(600),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.WEBHOOK_SECRET_KEY !== undefined, {
    path: ['WEBHOOK_SECRET_KEY'],
    message: 'is required in production (webhook secrets are encrypted at rest with it)',
  });

export type NotificationConfig = z.output<typeof configSchema>;

/** The retry policy the delivery worker applies. */
export function retryPolicyOf(config: NotificationConfig): RetryPolicy {
  return {
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    baseDelayMs: config.WEBHOOK_RETRY_BASE_MS,
    maxDelayMs: config.WEBHOOK_RETRY_MAX_MS,
    maxRetryAfterMs: config.WEBHOOK_RETRY_AFTER_MAX_MS,
  };
}
