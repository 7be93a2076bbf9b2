import { dlqTopicOf } from '@pulse/contracts';
import type { EventConsumer } from '@pulse/event-bus';
import type { ServiceDefinition } from '@pulse/service-runtime';
import { AnalyticsQueries, analyticsMigrations, schemaOf } from './adapters/db';
import { ensureConsumedTopics } from './adapters/kafka/consumed-topics';
import { DlqStatsReader } from './adapters/kafka/dlq-stats.reader';
import { configSchema, consumedTopics } from './config';
import type { ConsumerDeps } from './consumers/analytics-consumer';
import { articleSummarizedConsumer } from './consumers/article-summarized.consumer';
import { newsFetchedConsumer } from './consumers/news-fetched.consumer';
import { postEngagementConsumer } from './consumers/post-engagement.consumer';
import { postPublishedConsumer } from './consumers/post-published.consumer';
import { analyticsRoutes } from './http/analytics.routes';
import { analyticsOpenApi } from './http/openapi';
import { createAnalyticsMetrics } from './metrics/analytics-metrics';
import { dailyStatsRefreshWorker, maintenanceWorker } from './workers/maintenance.workers';

/**
 * analytics: records every pipeline event as a fact in its own (partitioned) schema, keeps the
 * daily_stats rollup fresh, and serves tenant-scoped numbers. It produces no events.
 * Tests boot it as `{ ...analyticsService, name: uniqueSchema('analytics') }` (name = schema).
 */
export const analyticsService: ServiceDefinition<typeof configSchema> = {
  name: 'analytics',
  configSchema,
  migrations: analyticsMigrations,
  async setup({ config, dataSource, kafka, producer, logger, metrics, auth, rateLimit }) {
    const topics = consumedTopics(config);
    await ensureConsumedTopics(kafka, topics, config.TOPIC_PARTITIONS);

    const analyticsMetrics = createAnalyticsMetrics(metrics);
    const deps: ConsumerDeps = { config, kafka, dataSource, producer, logger, registry: metrics.registry, metrics: analyticsMetrics };
    const consumers = [newsFetchedConsumer(deps), articleSummarizedConsumer(deps), postPublishedConsumer(deps), postEngagementConsumer(deps)].filter(
      (consumer): consumer is EventConsumer => consumer !== undefined,
    );

    const dlqStats = new DlqStatsReader({ kafka, topics: topics.map(dlqTopicOf), cacheMs: config.DLQ_STATS_CACHE_MS, logger });
    const maintenance = { config, dataSource, logger, metrics: analyticsMetrics, schema: schemaOf(dataSource) ?? 'analytics' };
    return {
      routes: (router) => analyticsRoutes(router, { auth, rateLimit, queries: new AnalyticsQueries(dataSource), dlqStats }),
      // This service's OpenAPI document, at the root: the gateway publishes the merged spec instead.
      rootRoutes: (router) => {
        const document = analyticsOpenApi();
        router.get('/openapi.json', (_req, res) => void res.json(document));
      },
      consumers,
      workers: [maintenanceWorker(maintenance), dailyStatsRefreshWorker(maintenance)],
      shutdown: [{ name: 'dlq stats admin', run: () => dlqStats.close() }],
    };
  },
};
