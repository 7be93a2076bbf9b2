import {
  apiKeyEntities, apiKeyMigrations, createApiKeyRouter, createJwksRouter, createTokenIssuing, jwksFromPublicKey,
} from '@pulse/auth';
import { contracts, withTopic } from '@pulse/contracts';
import { ensureTopics } from '@pulse/event-bus';
import { rateLimit as redisRateLimit } from '@pulse/http-kit';
import type { Router } from 'express';
import { cronWorker, type ServiceDefinition, type Worker } from '@pulse/service-runtime';
import {
  ArticlePartitions, ArticleRepository, createCredentialsCipher, newsEntities, newsMigrations, SourceRepository, StoryIndex,
} from './adapters/db';
import { GuardedHttpClient } from './adapters/feeds';
import { createSourceLock } from './adapters/redis/source-lock';
import { configSchema } from './config';
import { ArticleIngester } from './fetching/article-ingester';
import { FetchCycle } from './fetching/fetch-cycle';
import { newsMetrics } from './fetching/news-metrics';
import { SourceFetcher } from './fetching/source-fetcher';
import { registerArticleRoutes } from './http/articles.routes';
import { newsOpenApi } from './http/openapi';
import { registerSourceRoutes } from './http/sources.routes';

/**
 * The news service: sources and articles over HTTP, a node-cron fetch cycle, `news.fetched`
 * through the outbox. Tests spread it with a unique `name` (the PostgreSQL schema).
 */
export const newsService: ServiceDefinition<typeof configSchema> = {
  name: 'news',
  configSchema,
  // ServiceDefinition types entities as classes; the api_keys EntitySchema is accepted by TypeORM all the same.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: [...newsEntities, ...apiKeyEntities],
  migrations: [...newsMigrations, ...apiKeyMigrations],
  // No static `topics`: the topic name is configurable (tests use a unique one), so setup ensures it.
  async setup({ config, dataSource, redis, kafka, logger, metrics, auth, rateLimit }) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ topic: config.TOPIC_NEWS_FETCHED, partitions: config.KAFKA_TOPIC_PARTITIONS }]);
    } finally {
      await admin.disconnect();
    }

    const contract = withTopic(contracts.newsFetched, config.TOPIC_NEWS_FETCHED);
    const counters = newsMetrics(metrics);
    const client = new GuardedHttpClient({
      ssrf: { allow: config.FEED_ALLOWED_HOSTS },
      ...(config.FETCH_USER_AGENT ? { userAgent: config.FETCH_USER_AGENT } : {}),
    });
    const httpOptions = { timeoutMs: config.FETCH_TIMEOUT_MS, maxBytes: config.FETCH_MAX_BODY_BYTES, maxRedirects: config.FETCH_MAX_REDIRECTS };
    const cipher = config.SOURCE_CREDENTIALS_KEY ? createCredentialsCipher(config.SOURCE_CREDENTIALS_KEY) : undefined;
    const sources = new SourceRepository(dataSource);
    const articles = new ArticleRepository(dataSource);
    const ingester = new ArticleIngester({
      dataSource, articles, contract, client, httpOptions, logger, metrics: counters,
      storyIndex: new StoryIndex({ windowHours: config.CLUSTER_WINDOW_HOURS, maxDistance: config.CLUSTER_MAX_DISTANCE }),
      nicheKeywords: config.NICHE_KEYWORDS,
      nicheRanking: config.NICHE_RANKING,
    });
    const fetcher = new SourceFetcher({
      sources, ingester, client, httpOptions, logger, metrics: counters,
      ...(cipher ? { cipher } : {}),
      // The schema name scopes the lock: replicas of one deployment share it, test schemas do not.
      lock: createSourceLock(redis, { keyPrefix: `pulse:${(dataSource.options as { schema?: string }).schema ?? 'news'}:source-lock`, ttlMs: config.FETCH_LOCK_TTL_MS }),
      intervals: {
        defaultSeconds: config.DEFAULT_POLL_INTERVAL_SECONDS,
        minSeconds: config.MIN_POLL_INTERVAL_SECONDS,
        maxSeconds: config.MAX_POLL_INTERVAL_SECONDS,
      },
    });
    const cycle = new FetchCycle(sources, fetcher, logger, {
      batchSize: config.FETCH_BATCH_SIZE,
      globalConcurrency: config.FETCH_CONCURRENCY,
      perHostConcurrency: config.FETCH_PER_HOST_CONCURRENCY,
    });
    // The months ahead exist before anything is stored; the daily job keeps them ahead after that.
    const partitions = new ArticlePartitions(dataSource);
    const maintainPartitions = async () => {
      const created = await partitions.ensureAhead(new Date(), config.ARTICLE_PARTITIONS_AHEAD_MONTHS);
      if (created.length > 0) logger.info('article partitions created', { partitions: created });
    };
    await maintainPartitions();
    const workers: Worker[] = [
      cronWorker('article partition maintenance', config.PARTITION_MAINTENANCE_CRON, maintainPartitions, logger),
      ...(config.FETCH_WORKER_ENABLED ? [cronWorker('fetch cycle', config.FETCH_CRON, () => cycle.run(), logger)] : []),
    ];

    // Credentials (API keys -> short-lived JWTs, JWKS): hosted by news, the pipeline's public front
    // door, since five services is a fixed shape; the logic lives in @pulse/auth so it can move.
    const issuing = config.JWT_PRIVATE_KEY
      ? createTokenIssuing({ privateKeyPem: config.JWT_PRIVATE_KEY, publicKeyPem: config.JWT_PUBLIC_KEY, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE })
      : undefined;
    const jwks = issuing?.jwks ?? (config.JWT_PUBLIC_KEY ? jwksFromPublicKey(config.JWT_PUBLIC_KEY) : undefined);
    const tokenRateLimit = redisRateLimit({
      redis, logger, keyPrefix: `ratelimit:${(dataSource.options as { schema?: string }).schema ?? 'news'}:token`,
      points: config.TOKEN_RATE_LIMIT_PER_MINUTE, durationSeconds: 60,
    });
    if (!issuing) logger.warn('JWT_PRIVATE_KEY is not set: POST /v1/auth/token answers 503');

    const kit = { auth, rateLimit };
    return {
      routes: (router) => {
        registerSourceRoutes(router, kit, { sources, fetcher, guard: client.guard, ...(cipher ? { cipher } : {}) });
        registerArticleRoutes(router, kit, articles);
        router.use(createApiKeyRouter({ dataSource, signer: issuing?.signer, tokenTtlSeconds: config.TOKEN_TTL_SECONDS, auth, rateLimit, tokenRateLimit }));
      },
      rootRoutes: (root: Router) => {
        // This service's OpenAPI document, at the root: the gateway publishes the merged spec instead.
        const document = newsOpenApi();
        root.get('/openapi.json', (_req, res) => void res.json(document));
        // Without a local public key (JWT_JWKS_URL) there is nothing of our own to publish.
        if (jwks) root.use(createJwksRouter({ jwks, rateLimit }));
      },
      workers,
      shutdown: [{ name: 'feed http client', run: () => client.close() }],
    };
  },
};
