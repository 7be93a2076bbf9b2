import { contracts, withTopic } from '@pulse/contracts';
import type { Kafka } from 'kafkajs';
import { ensureTopics } from '@pulse/event-bus';
import { cronWorker, type ServiceDefinition, type Worker } from '@pulse/service-runtime';
import { ChannelRepository, ExperimentRepository, PostEngagementRepository, PostRepository, socialEntities, socialMigrations } from './adapters/db';
import { createPlatformAdapters } from './adapters/platforms/platform-adapters';
import { createWebhookUrlGuard } from './adapters/platforms/webhook-url-guard';
import { configSchema, type SocialConfig } from './config';
import { articleSummarizedConsumer } from './consumers/article-summarized.consumer';
import { createCredentialCipher } from './domain/credential-cipher';
import { socialOpenApi } from './http/openapi';
import { socialRoutes } from './http/routes';
import { EngagementPoller } from './publishing/engagement-poller';
import { PostDispatcher } from './publishing/post-dispatcher';
import { socialMetrics } from './social-metrics';

/**
 * The social service: `article.summarized` -> posts per subscribed channel -> published on the
 * platforms by the dispatcher -> `post.published` through the outbox.
 * Tests spread it with another `name` to get a schema of their own.
 */
export const socialService: ServiceDefinition<typeof configSchema> = {
  name: 'social',
  configSchema,
  entities: socialEntities,
  migrations: socialMigrations,
  // No static `topics`: their names come from config (tests use unique ones), so setup creates them.
  setup: async ({ config, logger, metrics, dataSource, kafka, auth, rateLimit }) => {
    await createTopics(kafka, config);
    const cipher = createCredentialCipher(config.CREDENTIALS_ENCRYPTION_KEYS);
    const channels = new ChannelRepository(cipher);
    const posts = new PostRepository();
    const experiments = new ExperimentRepository();
    const counters = socialMetrics(metrics);
    const rng = Math.random;
    const webhookUrlGuard = createWebhookUrlGuard(config.WEBHOOK_ALLOWED_CIDRS);
    const adapters = createPlatformAdapters({
      mastodonBaseUrl: config.MASTODON_BASE_URL,
      blueskyBaseUrl: config.BLUESKY_BASE_URL,
      xBaseUrl: config.X_BASE_URL,
      linkedinBaseUrl: config.LINKEDIN_BASE_URL,
      ...(config.LINKEDIN_API_VERSION === undefined ? {} : { linkedinApiVersion: config.LINKEDIN_API_VERSION }),
      timeoutMs: config.PLATFORM_TIMEOUT_MS,
      guardWebhookUrl: webhookUrlGuard,
    });

    const dispatcher = new PostDispatcher({
      dataSource, channels, posts, adapters, logger, rng, metrics: counters,
      publishedContract: withTopic(contracts.postPublished, config.TOPIC_POST_PUBLISHED),
      settings: {
        batchSize: config.DISPATCH_BATCH_SIZE,
        concurrency: config.DISPATCH_CONCURRENCY,
        maxAttempts: config.DISPATCH_MAX_ATTEMPTS,
        leaseSeconds: config.DISPATCH_LEASE_SECONDS,
        retryBaseSeconds: config.RETRY_BASE_SECONDS,
        retryCapSeconds: config.RETRY_CAP_SECONDS,
      },
    });
    const workers: Worker[] = [
      cronWorker('post dispatcher', config.DISPATCH_CRON, () => dispatcher.run(), logger),
      // Stops the consumer's hand-offs (workers stop before consumers) and waits for their sends.
      { name: 'post dispatcher hand-offs', start: () => undefined, stop: () => dispatcher.stop() },
    ];
    if (config.ENGAGEMENT_ENABLED) {
      const poller = new EngagementPoller({
        dataSource, channels, engagement: new PostEngagementRepository(), experiments, adapters, logger,
        engagementContract: withTopic(contracts.postEngagement, config.TOPIC_POST_ENGAGEMENT),
        settings: {
          minAgeSeconds: config.ENGAGEMENT_MIN_AGE_SECONDS,
          maxAgeHours: config.ENGAGEMENT_MAX_AGE_HOURS,
          intervalSeconds: config.ENGAGEMENT_INTERVAL_SECONDS,
          threshold: config.ENGAGEMENT_THRESHOLD,
          batchSize: 100,
        },
      });
      workers.push(cronWorker('engagement poller', config.ENGAGEMENT_CRON, () => poller.pollDue(), logger));
    }

    return {
      routes: socialRoutes({ dataSource, auth, rateLimit, channels, posts, experiments, rng, webhookUrlGuard }),
      // This service's OpenAPI document, at the root: the gateway publishes the merged spec instead.
      rootRoutes: (router) => {
        const document = socialOpenApi();
        router.get('/openapi.json', (_req, res) => void res.json(document));
      },
      consumers: [
        articleSummarizedConsumer({
          kafka, dataSource, logger, registry: metrics.registry,
          topic: config.TOPIC_ARTICLE_SUMMARIZED,
          groupId: config.CONSUMER_GROUP_ARTICLE_SUMMARIZED,
          concurrency: config.CONSUMER_CONCURRENCY,
          sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
          heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS,
          maxBatchSize: config.PLAN_BATCH_SIZE,
          // Posts due now go out right after planning; the cron tick covers later slots, retries and other replicas.
          onDuePosts: (ids) => dispatcher.handOff(ids),
          planner: { channels, posts, experiments, metrics: counters, logger, rng },
        }),
      ],
      workers,
    };
  },
};

/**
 * Creates what we produce to and, idempotently, what we consume (its DLQ must exist for the
 * consumer's dead letters, and social may start before llm created it).
 */
async function createTopics(kafka: Kafka, config: SocialConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [
      { topic: config.TOPIC_POST_PUBLISHED, partitions: config.TOPIC_PARTITIONS },
      { topic: config.TOPIC_POST_ENGAGEMENT, partitions: config.TOPIC_PARTITIONS },
      { topic: config.TOPIC_ARTICLE_SUMMARIZED, partitions: config.TOPIC_PARTITIONS },
    ]);
  } finally {
    await admin.disconnect();
  }
}
