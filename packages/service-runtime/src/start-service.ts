import type { Server } from 'node:http';
import express from 'express';
import { Redis } from 'ioredis';
import type { z } from 'zod';
import { createAuthenticator, fetchPublicKeyFromJwks } from '@pulse/auth';
import { loadConfig, type CommonEnv } from '@pulse/config';
import { describeError } from '@pulse/errors';
import {
  createKafka, createProducer, ensureTopics, kafkaCheck, OutboxRelay,
} from '@pulse/event-bus';
import {
  closeServer, createHttpApp, finalize, gracefulShutdown, listen, portOf, postgresCheck, rateLimit, redisCheck,
  type GracefulShutdown, type ShutdownStep,
} from '@pulse/http-kit';
import { createLogger, createMetrics, startTelemetry, type Logger } from '@pulse/observability';
import { openServiceDataSource } from './service-data-source';
import type { ServiceContext, ServiceDefinition, ServiceParts } from './service-definition';

export interface RunningService<C> {
  config: C;
  port: number;
  server: Server;
  context: ServiceContext<C & CommonEnv>;
  /** Graceful stop (the same sequence SIGTERM runs); resolves with the exit code. */
  stop(): Promise<number>;
}

export interface StartOptions {
  /** Environment to read instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
  /** Install SIGTERM/SIGINT handlers (main.ts: yes; tests: no). */
  handleSignals?: boolean;
  /** Called with the exit code once a signal-driven shutdown finished (main.ts exits with it). */
  onExit?: (code: number) => void;
  /** Host to bind (default all interfaces; tests bind loopback). */
  host?: string;
}

/**
 * Boots a service in the conventional order — config, logger and telemetry, adapters (PostgreSQL
 * with migrations, Redis, Kafka producer and topics), HTTP routes, consumers, workers, listen,
 * ready — and wires the reverse order for shutdown. A failure at boot closes what was opened.
 */
export async function startService<S extends z.ZodType<CommonEnv>>(
  definition: ServiceDefinition<S>,
  options: StartOptions = {},
): Promise<RunningService<z.output<S>>> {
  const config = loadConfig(definition.configSchema as never, options.env ?? process.env) as z.output<S> & CommonEnv;
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const telemetry = startTelemetry({ serviceName: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const metrics = createMetrics({ service: definition.name });
  const closers: ShutdownStep[] = [{ name: 'telemetry', run: () => telemetry.shutdown() }];

  try {
    const dataSource = await openServiceDataSource(definition, {
      url: config.DATABASE_URL,
      logger,
      poolSize: config.DATABASE_POOL_SIZE,
      applicationName: `pulse-${definition.name}`,
    });
    closers.unshift({ name: 'postgresql', run: () => dataSource.destroy() });

    const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    await redis.connect();
    closers.unshift({ name: 'redis', run: async () => void (await redis.quit().catch(() => redis.disconnect())) });

    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `pulse-${definition.name}`, logger });
    const producer = createProducer({ kafka, logger, registry: metrics.registry });
    await producer.connect();
    closers.unshift({ name: 'kafka producer', run: () => producer.disconnect() });
    const topics = typeof definition.topics === 'function' ? definition.topics(config) : definition.topics ?? [];
    if (topics.length > 0) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, topics);
      } finally {
        await admin.disconnect();
      }
    }
    const kafkaReadiness = kafkaCheck(kafka);
    closers.unshift({ name: 'kafka readiness', run: () => kafkaReadiness.close() });

    const publicKeyPem = config.JWT_PUBLIC_KEY ?? (await fetchPublicKeyFromJwks(config.JWT_JWKS_URL!));
    const auth = createAuthenticator({ publicKeyPem, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });

    const app = createHttpApp({
      service: definition.name,
      logger,
      metrics,
      exposeMetrics: config.METRICS_ENABLED,
      readiness: [postgresCheck(dataSource), redisCheck(redis), kafkaReadiness],
    });
    const limiter = rateLimit({
      redis,
      keyPrefix: `ratelimit:${definition.name}`,
      points: Number((config as Record<string, unknown>).RATE_LIMIT_PER_MINUTE ?? 600),
      durationSeconds: 60,
      logger,
    });

    const context: ServiceContext<z.output<S> & CommonEnv> = { config, logger, metrics, dataSource, redis, kafka, producer, auth, rateLimit: limiter };
    const parts: ServiceParts = await definition.setup(context as never);
    mountRoutes(app, parts);
    finalize(app);

    const relay = new OutboxRelay({ dataSource, producer, logger });
    const workers = [{ name: 'outbox relay', start: () => relay.start(), stop: () => relay.stop() }, ...(parts.workers ?? [])];

    for (const consumer of parts.consumers ?? []) await consumer.start();
    for (const worker of workers) await worker.start();
    const server = await listen(app, config.PORT, options.host);
    parts.onListening?.(server);
    logger.info('service ready', { port: portOf(server), consumers: (parts.consumers ?? []).map((c) => c.topic) });

    const steps: ShutdownStep[] = [
      ...workers.map((w) => ({ name: w.name, run: () => w.stop() })),
      ...(parts.consumers ?? []).map((c) => ({ name: `consumer ${c.topic}`, run: () => c.stop() })),
      { name: 'http server', run: () => closeServer(server) },
      ...(parts.shutdown ?? []),
      ...closers,
    ];
    const shutdown: GracefulShutdown = gracefulShutdown({
      server,
      logger,
      steps,
      timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      signals: options.handleSignals === false ? [] : undefined,
      onExit: options.onExit,
    });
    return {
      config,
      port: portOf(server),
      server,
      context,
      stop: async () => {
        const code = await shutdown.shutdown('stop requested');
        shutdown.dispose();
        return code;
      },
    };
  } catch (error) {
    logger.error('boot failed', { error: describeError(error) });
    for (const step of closers) await Promise.resolve(step.run()).catch(() => undefined);
    throw error;
  }
}

function mountRoutes(app: express.Application, parts: ServiceParts): void {
  if (parts.routes) {
    const v1 = express.Router();
    parts.routes(v1);
    app.use('/v1', v1);
  }
  if (parts.rootRoutes) {
    const root = express.Router();
    parts.rootRoutes(root);
    app.use(root);
  }
}

export type { Logger };
