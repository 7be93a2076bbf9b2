import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { createConsumer, type EventConsumer, type EventProducer } from '@pulse/event-bus';
import type { Logger, Registry } from '@pulse/observability';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsMetrics } from '../metrics/analytics-metrics';
import { factRecorder } from './fact-recorder';

/** What every analytics consumer is built from. */
export interface ConsumerDeps {
  config: AnalyticsConfig;
  kafka: Kafka;
  dataSource: DataSource;
  /** The runtime's idempotent producer, shared for DLQ records. */
  producer: EventProducer;
  logger: Logger;
  registry: Registry;
  metrics: AnalyticsMetrics;
}

/** A consumer of `contract.topic` in group `<prefix>.<topic>` that records its events as facts, a batch at a time. */
export function analyticsConsumer<E extends AnyEvent>(deps: ConsumerDeps, contract: EventContract<E>): EventConsumer {
  return createConsumer({
    kafka: deps.kafka,
    groupId: `${deps.config.CONSUMER_GROUP_PREFIX}.${contract.topic}`,
    contract,
    // Batch mode: the events of one partition's fetch are stored with one statement.
    handleBatch: factRecorder<E>(deps),
    maxBatchSize: deps.config.CONSUMER_BATCH_SIZE,
    logger: deps.logger,
    registry: deps.registry,
    dlqProducer: deps.producer,
    concurrency: deps.config.CONSUMER_CONCURRENCY,
    sessionTimeout: deps.config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: deps.config.KAFKA_HEARTBEAT_INTERVAL_MS,
  });
}
