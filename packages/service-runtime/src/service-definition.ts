import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { DataSource, EntitySchema } from 'typeorm';
import type { z } from 'zod';
import type { Authenticator } from '@pulse/auth';
import type { CommonEnv } from '@pulse/config';
import type { EventConsumer, EventProducer, TopicSpec } from '@pulse/event-bus';
import type { ShutdownStep } from '@pulse/http-kit';
import type { Logger, Metrics } from '@pulse/observability';
import type { RequestHandler } from 'express';

/** What every service is given once its adapters are connected. */
export interface ServiceContext<C extends CommonEnv> {
  config: C;
  logger: Logger;
  metrics: Metrics;
  dataSource: DataSource;
  redis: Redis;
  kafka: Kafka;
  /** Idempotent producer shared by the outbox relay and the consumers' DLQ. */
  producer: EventProducer;
  auth: Authenticator;
  /** Per-tenant-and-route limit shared through Redis (`RATE_LIMIT_PER_MINUTE`). */
  rateLimit: RequestHandler;
}

/** What a service adds to the runtime: its routes, consumers and scheduled jobs. */
export interface ServiceParts {
  /** Public routes, mounted at `/v1` (the gateway serves them under `/api/v1`). */
  routes?: (router: Router) => void;
  /** Extra non-versioned routes (e.g. the dashboard), mounted at the root. */
  rootRoutes?: (router: Router) => void;
  /** Started after the HTTP routes are mounted, stopped first on shutdown. */
  consumers?: EventConsumer[];
  /** Background work (cron jobs, relays): started last, stopped before the consumers. */
  workers?: Worker[];
  /** Called once the HTTP server listens (e.g. to attach a WebSocket server to its upgrades). */
  onListening?: (server: import('node:http').Server) => void;
  /** Extra shutdown steps, run after consumers and workers stopped and before adapters close. */
  shutdown?: ShutdownStep[];
}

export interface Worker {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceDefinition<S extends z.ZodType<CommonEnv>> {
  /** Service name: the PostgreSQL schema, Kafka client id, metric label. */
  name: string;
  /** The config schema: `commonEnv({ service, port }).safeExtend({...})`. */
  configSchema: S;
  /** Entity classes or EntitySchemas (packages share EntitySchemas: no decorator metadata needed). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: (Function | EntitySchema)[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /** Topics this service produces to (created with their DLQs at start, idempotently); may depend on config. */
  topics?: TopicSpec[] | ((config: z.output<S>) => TopicSpec[]);
  setup(context: ServiceContext<z.output<S>>): ServiceParts | Promise<ServiceParts>;
}
