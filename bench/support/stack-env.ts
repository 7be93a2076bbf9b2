// The environment of the five services in the process-per-service benchmarks: the shared local
// infrastructure, one JWT key pair, and topic/group/schema/Redis names unique to the run.
import { randomBytes } from 'node:crypto';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';

export const STACK_SERVICES = ['news', 'llm', 'social', 'analytics', 'notification'] as const;
export type StackService = (typeof STACK_SERVICES)[number];

export interface StackNames {
  topics: { newsFetched: string; articleSummarized: string; postPublished: string; postEngagement: string };
  schemas: Record<StackService, string>;
  prefix: string;
}

export function uniqueStackNames(): StackNames {
  const prefix = uniqueName('bench');
  return {
    prefix,
    topics: {
      newsFetched: `${prefix}.news.fetched`,
      articleSummarized: `${prefix}.article.summarized`,
      postPublished: `${prefix}.post.published`,
      postEngagement: `${prefix}.post.engagement`,
    },
    schemas: {
      news: uniqueSchema('bench_news'), llm: uniqueSchema('bench_llm'), social: uniqueSchema('bench_social'),
      analytics: uniqueSchema('bench_analytics'), notification: uniqueSchema('bench_notification'),
    },
  };
}

export interface StackEnvInputs {
  names: StackNames;
  jwtPublicKeyPem: string;
  mastodonUrl?: string;
  partitions?: number;
}

/**
 * Each service's environment. Defaults are the services' own except where a benchmark must differ
 * from a production tenant's pacing: every article is summarized (score threshold 0), posts are
 * dispatched every second in batches big enough for the rate, rate limits are out of the way, and
 * loopback is allowed for feeds and the fake platform. The llm service has no Anthropic key, so it
 * summarizes with its offline extractive summarizer.
 */
export function stackEnvs({ names, jwtPublicKeyPem, mastodonUrl = 'http://127.0.0.1:9', partitions = 6 }: StackEnvInputs): Record<StackService, Record<string, string>> {
  const infra = infraEnv();
  const { topics, schemas, prefix } = names;
  const common = {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    JWT_PUBLIC_KEY: jwtPublicKeyPem,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    RATE_LIMIT_PER_MINUTE: '100000000',
    TOPIC_NEWS_FETCHED: topics.newsFetched,
    TOPIC_ARTICLE_SUMMARIZED: topics.articleSummarized,
    TOPIC_POST_PUBLISHED: topics.postPublished,
    TOPIC_POST_ENGAGEMENT: topics.postEngagement,
    TOPIC_PARTITIONS: String(partitions),
    KAFKA_TOPIC_PARTITIONS: String(partitions),
    // No OTLP collector runs locally: no exporter.
    OTEL_TRACES_EXPORTER: 'none',
  };
  return {
    news: { ...common, SERVICE_SCHEMA: schemas.news, FETCH_WORKER_ENABLED: 'false', FEED_ALLOWED_HOSTS: '127.0.0.1' },
    llm: {
      ...common, SERVICE_SCHEMA: schemas.llm, CONSUMER_GROUP: `${prefix}-llm`, CONSUMER_CONCURRENCY: String(partitions),
      LLM_NICHE_DEFAULTS: JSON.stringify({ scoreThreshold: 0, summaryWords: 60 }), LLM_CACHE_KEY_PREFIX: `${prefix}:llm-cache:`,
    },
    social: {
      ...common, SERVICE_SCHEMA: schemas.social, CONSUMER_GROUP_ARTICLE_SUMMARIZED: `${prefix}-social`, MASTODON_BASE_URL: mastodonUrl,
      PLATFORM_ALLOWED_HOSTS: '127.0.0.1', CREDENTIALS_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      DISPATCH_CRON: '* * * * * *', DISPATCH_BATCH_SIZE: '1000', DISPATCH_CONCURRENCY: '32', ENGAGEMENT_ENABLED: 'false',
    },
    analytics: { ...common, SERVICE_SCHEMA: schemas.analytics, CONSUMER_GROUP_PREFIX: `${prefix}-analytics` },
    notification: {
      ...common, SERVICE_SCHEMA: schemas.notification, CONSUMER_GROUP_PREFIX: `${prefix}-notification`,
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'), LIVE_KEY_PREFIX: `${prefix}:live`,
    },
  };
}
