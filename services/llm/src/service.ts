import { contracts, withTopic } from '@pulse/contracts';
import { ensureTopics } from '@pulse/event-bus';
import type { ServiceDefinition } from '@pulse/service-runtime';
import { SummaryCache } from './adapters/cache/summary-cache';
import { llmEntities, llmMigrations } from './adapters/db';
import { BatchMode } from './batching/batch-mode';
import { BatchWorker } from './batching/batch-worker';
import { intervalWorker } from './batching/interval-worker';
import { configSchema } from './config';
import { newsFetchedConsumer } from './consumers/news-fetched.consumer';
import { llmOpenApi } from './http/openapi';
import { summariesRoutes } from './http/summaries.routes';
import { usageRoutes } from './http/usage.routes';
import { llmMetrics } from './summarization/llm-metrics';
import { NicheSettings } from './summarization/niche-settings';
import { SummarizationPipeline } from './summarization/summarization-pipeline';
import { createSummarizers } from './summarization/summarizers.factory';

/**
 * The llm service: consumes `news.fetched`, summarizes (Claude with an extractive fallback) and
 * produces `article.summarized` through the outbox; owns summaries, LLM usage and skipped articles.
 * Tests spread it with a unique `name` (the PostgreSQL schema).
 */
export const llmService: ServiceDefinition<typeof configSchema> = {
  name: 'llm',
  configSchema,
  entities: llmEntities,
  migrations: llmMigrations,
  async setup({ config, logger, metrics, dataSource, redis, kafka, producer, auth, rateLimit }) {
    const input = withTopic(contracts.newsFetched, config.TOPIC_NEWS_FETCHED);
    const output = withTopic(contracts.articleSummarized, config.TOPIC_ARTICLE_SUMMARIZED);
    // Topic names come from config, so they are ensured here rather than in `topics`. The input
    // topic too: llm must be able to start before news has produced anything, and it writes the
    // input's DLQ.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        { topic: output.topic, partitions: config.KAFKA_TOPIC_PARTITIONS },
        { topic: input.topic, partitions: config.KAFKA_TOPIC_PARTITIONS },
      ]);
    } finally {
      await admin.disconnect();
    }

    const measures = llmMetrics(metrics);
    const summarizers = createSummarizers(config, measures);
    if (!summarizers.claude) logger.warn('ANTHROPIC_API_KEY is not set: every article is summarized extractively');
    // Without an API key there is nothing to batch: everything is extractive.
    const batchMode = new BatchMode({
      mode: summarizers.claude ? config.LLM_BATCH_MODE : 'never',
      lagThreshold: config.LLM_BATCH_LAG_THRESHOLD,
      lagCheckMs: config.LLM_BATCH_LAG_CHECK_MS,
      kafka,
      groupId: config.CONSUMER_GROUP,
      topic: input.topic,
      logger,
      onLag: (lag) => measures.consumerLag.set(lag),
    });
    const niches = new NicheSettings(config);
    const pipeline = new SummarizationPipeline({
      dataSource,
      summarizers,
      cache: new SummaryCache(redis, config.LLM_CACHE_TTL_SECONDS, logger, config.LLM_CACHE_KEY_PREFIX),
      niches,
      outputLanguage: config.LLM_OUTPUT_LANGUAGE,
      metrics: measures,
      logger,
      batchMode,
    });
    const shared = { dataSource, pipeline, output, pricedModel: config.LLM_MODEL, llmMetrics: measures };
    // The batch worker runs whenever Claude is configured, whatever the mode: batches submitted
    // before a restart (or a mode change) are still polled and collected.
    const batchWorker = summarizers.claude
      ? new BatchWorker({
          dataSource, batches: summarizers.claude.batches, pipeline, niches, output, pricedModel: config.LLM_MODEL, metrics: measures, logger,
          maxSize: config.LLM_BATCH_MAX_SIZE, maxWaitMs: config.LLM_BATCH_MAX_WAIT_MS, leaseMs: config.LLM_BATCH_LEASE_MS,
        })
      : undefined;

    return {
      routes: (router) => {
        summariesRoutes(router, { ...shared, auth, rateLimit });
        usageRoutes(router, { auth, rateLimit, dataSource });
      },
      // This service's OpenAPI document, at the root: the gateway publishes the merged spec instead.
      rootRoutes: (router) => {
        const document = llmOpenApi();
        router.get('/openapi.json', (_req, res) => void res.json(document));
      },
      consumers: [
        newsFetchedConsumer({
          ...shared, kafka, producer, input, groupId: config.CONSUMER_GROUP, concurrency: config.CONSUMER_CONCURRENCY, keyConcurrency: config.CONSUMER_KEY_CONCURRENCY, metrics, logger,
          sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS, heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS,
        }),
      ],
      workers: [
        ...(batchMode.worker ? [batchMode.worker] : []),
        ...(batchWorker ? [intervalWorker('message batches', config.LLM_BATCH_POLL_INTERVAL_MS, () => batchWorker.tick(), logger)] : []),
      ],
      shutdown: [{ name: 'anthropic caller', run: () => summarizers.close() }],
    };
  },
};
