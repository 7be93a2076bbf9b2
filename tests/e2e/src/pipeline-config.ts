import { randomBytes } from 'node:crypto';
import { dlqTopicOf } from '@pulse/contracts';
import type { InfraEnv } from '@pulse/testing';
import { uniqueName, uniqueSchema } from '@pulse/testing';

export const SERVICE_NAMES = ['news', 'llm', 'social', 'analytics', 'notification'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Everything one run names uniquely, so runs (and other tests) never see each other's data. */
export interface PipelineNames {
  topics: { newsFetched: string; articleSummarized: string; postPublished: string; postEngagement: string };
  /** PostgreSQL schema per service (the runtime uses the definition's `name` as schema). */
  schemas: Record<ServiceName, string>;
  groups: { llm: string; social: string; analyticsPrefix: string; notificationPrefix: string };
  redisPrefixes: { llmCache: string; live: string };
}

export function uniquePipelineNames(): PipelineNames {
  return {
    topics: {
      newsFetched: uniqueName('e2e.news.fetched'),
      articleSummarized: uniqueName('e2e.article.summarized'),
      postPublished: uniqueName('e2e.post.published'),
      postEngagement: uniqueName('e2e.post.engagement'),
    },
    schemas: {
      news: uniqueSchema('e2e_news'),
      llm: uniqueSchema('e2e_llm'),
      social: uniqueSchema('e2e_social'),
      analytics: uniqueSchema('e2e_analytics'),
      notification: uniqueSchema('e2e_notification'),
    },
    groups: {
      llm: uniqueName('e2e-llm.news.fetched'),
      social: uniqueName('e2e-social.article.summarized'),
      analyticsPrefix: uniqueName('e2e-analytics'),
      notificationPrefix: uniqueName('e2e-notification'),
    },
    redisPrefixes: { llmCache: `${uniqueName('e2e-llm-cache')}:`, live: uniqueName('e2e-live') },
  };
}

export interface EnvInputs {
  names: PipelineNames;
  infra: InfraEnv;
  jwtPublicKeyPem: string;
  anthropicUrl: string;
  anthropicApiKey: string;
  mastodonUrl: string;
}

// Few partitions keep group rebalances short on a 2-core machine; keys still spread the articles.
const PARTITIONS = '3';

/** The environment each service boots with: shared infrastructure, one key pair, the run's names. */
export function serviceEnvs({ names, infra, jwtPublicKeyPem, anthropicUrl, anthropicApiKey, mastodonUrl }: EnvInputs): Record<ServiceName, Record<string, string>> {
  const { topics, groups, redisPrefixes } = names;
  const common = {
    PORT: '0',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    DATABASE_POOL_SIZE: '4',
    JWT_PUBLIC_KEY: jwtPublicKeyPem,
    LOG_LEVEL: 'error',
    NODE_ENV: 'test',
    RATE_LIMIT_PER_MINUTE: '100000',
    SHUTDOWN_TIMEOUT_MS: '15000',
  };
  return {
    news: {
      ...common,
      TOPIC_NEWS_FETCHED: topics.newsFetched,
      KAFKA_TOPIC_PARTITIONS: PARTITIONS,
      // The test drives fetching through POST /sources/:id/refresh; a scheduled cycle racing it
      // would make the refresh answer 409 (source locked) and the events' trace origin random.
      FETCH_WORKER_ENABLED: 'false',
      FEED_ALLOWED_HOSTS: '127.0.0.1',
      FETCH_TIMEOUT_MS: '5000',
    },
    llm: {
      ...common,
      ANTHROPIC_API_KEY: anthropicApiKey,
      ANTHROPIC_BASE_URL: anthropicUrl,
      TOPIC_NEWS_FETCHED: topics.newsFetched,
      TOPIC_ARTICLE_SUMMARIZED: topics.articleSummarized,
      KAFKA_TOPIC_PARTITIONS: PARTITIONS,
      CONSUMER_GROUP: groups.llm,
      CONSUMER_CONCURRENCY: PARTITIONS,
      // Every article of the fixture is summarized, whatever its rank.
      LLM_NICHE_DEFAULTS: JSON.stringify({ scoreThreshold: 0, summaryWords: 60 }),
      LLM_CACHE_KEY_PREFIX: redisPrefixes.llmCache,
      LLM_CACHE_TTL_SECONDS: '600',
      LLM_RETRY_BASE_DELAY_MS: '50',
    },
    social: {
      ...common,
      CREDENTIALS_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      MASTODON_BASE_URL: mastodonUrl,
      TOPIC_ARTICLE_SUMMARIZED: topics.articleSummarized,
      TOPIC_POST_PUBLISHED: topics.postPublished,
      TOPIC_POST_ENGAGEMENT: topics.postEngagement,
      TOPIC_PARTITIONS: PARTITIONS,
      CONSUMER_GROUP_ARTICLE_SUMMARIZED: groups.social,
      DISPATCH_CRON: '* * * * * *',
      RETRY_BASE_SECONDS: '0.2',
      RETRY_CAP_SECONDS: '2',
      ENGAGEMENT_ENABLED: 'false',
    },
    analytics: {
      ...common,
      TOPIC_NEWS_FETCHED: topics.newsFetched,
      TOPIC_ARTICLE_SUMMARIZED: topics.articleSummarized,
      TOPIC_POST_PUBLISHED: topics.postPublished,
      TOPIC_POST_ENGAGEMENT: topics.postEngagement,
      TOPIC_PARTITIONS: PARTITIONS,
      CONSUMER_GROUP_PREFIX: groups.analyticsPrefix,
      DLQ_STATS_CACHE_MS: '0',
    },
    notification: {
      ...common,
      TOPIC_ARTICLE_SUMMARIZED: topics.articleSummarized,
      TOPIC_POST_PUBLISHED: topics.postPublished,
      TOPIC_PARTITIONS: PARTITIONS,
      CONSUMER_GROUP_PREFIX: groups.notificationPrefix,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_SECONDS: '1',
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      LIVE_KEY_PREFIX: redisPrefixes.live,
    },
  };
}

/** Every topic of the run, with the dead-letter topics the services create beside them. */
export function topicsOf(names: PipelineNames): string[] {
  const main = Object.values(names.topics);
  return [...main, ...main.map(dlqTopicOf)];
}
