import { dashboardRouter } from '@pulse/dashboard';
import publicSpec from '@pulse/contracts/openapi/pulse.openapi.json';
import { docsRouter } from '@pulse/openapi';
import type { Kafka } from 'kafkajs';
import { describeError } from '@pulse/errors';
import { ensureTopics } from '@pulse/event-bus';
import { cronWorker, type ServiceDefinition, type Worker } from '@pulse/service-runtime';
import { configSchema, retryPolicyOf, type NotificationConfig } from './config';
import { webhookDisabledNotice } from './domain/webhook-disabled-notice';
import {
  DeliveryOutcomeRepository, DeliveryRepository, DigestRepository, SecretCipher, SubscriptionRepository, notificationEntities, notificationMigrations,
} from './adapters/db';
import { createLiveRuntime } from './adapters/live-runtime';
import { articleSummarizedConsumer } from './consumers/article-summarized.consumer';
import { postPublishedConsumer } from './consumers/post-published.consumer';
import { deliveryRoutes } from './http/deliveries.routes';
import { notificationOpenApi } from './http/openapi';
import { streamRoutes } from './http/stream.routes';
import { webhookRoutes } from './http/webhooks.routes';
import { DigestBuilder } from './workers/digest-builder';
import { WebhookDispatcher } from './workers/webhook-dispatcher';

/**
 * notification: consumes `article.summarized` and `post.published`, pushes them live (SSE, WebSocket)
 * to the tenant's clients and delivers them to the tenant's signed webhooks with durable retries.
 */
export const notificationService: ServiceDefinition<typeof configSchema> = {
  name: 'notification',
  configSchema,
  entities: notificationEntities,
  migrations: notificationMigrations,
  async setup({ config, logger, metrics, dataSource, redis, kafka, auth, rateLimit }) {
    await ensureConsumedTopics(kafka, config);
    const cipher = new SecretCipher(config.WEBHOOK_SECRET_KEY);
    if (!cipher.encrypts) logger.warn('WEBHOOK_SECRET_KEY is not set: webhook secrets are stored unencrypted (allowed outside production only)');

    const live = createLiveRuntime({ config, redis, auth, logger, metrics });
    const subscriptions = new SubscriptionRepository(dataSource);
    const deliveries = new DeliveryRepository(dataSource);
    const digests = new DigestRepository(dataSource);
    const disabledTotal = metrics.counter({ name: 'pulse_webhook_subscriptions_disabled_total', help: 'Webhook subscriptions auto-disabled', labelNames: ['reason'] as const });
    const dispatcher = new WebhookDispatcher({
      deliveries,
      outcomes: new DeliveryOutcomeRepository(dataSource, config.WEBHOOK_DISABLE_AFTER),
      cipher,
      policy: retryPolicyOf(config),
      batchSize: config.WEBHOOK_BATCH_SIZE,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      allow: config.WEBHOOK_ALLOWED_HOSTS,
      logger,
      metrics,
      onDisabled: async (disabled) => {
        disabledTotal.inc({ reason: disabled.reason });
        logger.warn('webhook subscription disabled', { ...disabled });
        // The tenant hears about it live; a lost notice is not worth failing the delivery record for.
        await live.hub.publish(webhookDisabledNotice(disabled)).catch((error: unknown) =>
          logger.error('could not push the webhook.disabled notice', { tenantId: disabled.tenantId, error: describeError(error) }),
        );
      },
    });

    const digestBuilder = new DigestBuilder({ digests, batchEvents: config.WEBHOOK_DIGEST_BATCH_EVENTS, logger, metrics, onDigestsQueued: () => dispatcher.kick() });

    const handlerDeps = { dataSource, hub: live.hub, deliveries, metrics, onDeliveriesQueued: () => dispatcher.kick() };
    const consumerOptions = { kafka, groupPrefix: config.CONSUMER_GROUP_PREFIX, logger, registry: metrics.registry, concurrency: config.CONSUMER_CONCURRENCY,
      sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS, heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS };
    return {
      routes: (router) => {
        webhookRoutes(router, { auth, rateLimit, subscriptions, cipher, allowedHosts: config.WEBHOOK_ALLOWED_HOSTS });
        deliveryRoutes(router, { auth, rateLimit, subscriptions, deliveries, onRedeliver: () => dispatcher.kick() });
        streamRoutes(router, { auth, rateLimit, hub: live.hub, tickets: live.tickets });
      },
      // The live dashboard page (static; it authenticates its API calls with the user's token).
      rootRoutes: (router) => {
        router.use('/dashboard', dashboardRouter());
        // This service's own document; and the merged public spec (written by gateway/tools/public-openapi.ts)
        // with Swagger UI at /api/openapi.json and /api/docs, which the gateway's `docs` router sends here unstripped.
        const document = notificationOpenApi();
        router.get('/openapi.json', (_req, res) => void res.json(document));
        router.use(docsRouter({ spec: publicSpec }));
      },
      consumers: [
        articleSummarizedConsumer({ ...consumerOptions, topic: config.TOPIC_ARTICLE_SUMMARIZED }, handlerDeps),
        postPublishedConsumer({ ...consumerOptions, topic: config.TOPIC_POST_PUBLISHED }, handlerDeps),
      ],
      // The live hub stops first: its clients' streams end before the HTTP server waits for them.
      workers: [live.worker, digestWorker(digestBuilder, config, logger), dispatcherWorker(dispatcher, config, logger)],
      onListening: (server) => live.attachWebSocket(server),
    };
  },
};

/** Polls for due deliveries every WEBHOOK_POLL_SECONDS (node-cron with a seconds field). */
function dispatcherWorker(dispatcher: WebhookDispatcher, config: NotificationConfig, logger: Parameters<typeof cronWorker>[3]): Worker {
  const cron = cronWorker('webhook dispatcher', `*/${config.WEBHOOK_POLL_SECONDS} * * * * *`, () => dispatcher.drain(), logger);
  return {
    name: cron.name,
    start: () => cron.start(),
    stop: async () => {
      await dispatcher.stop();
      await cron.stop();
    },
  };
}

/** Turns closed digest windows into deliveries every WEBHOOK_POLL_SECONDS (node-cron with a seconds field). */
function digestWorker(builder: DigestBuilder, config: NotificationConfig, logger: Parameters<typeof cronWorker>[3]): Worker {
  return cronWorker('webhook digests', `*/${config.WEBHOOK_POLL_SECONDS} * * * * *`, () => builder.run(), logger);
}

/**
 * The consumed topics and their DLQs (the consumers write dead letters there) must exist before the
 * consumers subscribe; their producers create them too, but this service may start first.
 */
async function ensureConsumedTopics(kafka: Kafka, config: NotificationConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [config.TOPIC_ARTICLE_SUMMARIZED, config.TOPIC_POST_PUBLISHED].map((topic) => ({ topic, partitions: config.TOPIC_PARTITIONS })));
  } finally {
    await admin.disconnect();
  }
}
