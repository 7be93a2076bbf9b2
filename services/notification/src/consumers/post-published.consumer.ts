import type { Kafka } from 'kafkajs';
import { contracts, withTopic, type PostPublishedEvent } from '@pulse/contracts';
import { createConsumer, type EventConsumer } from '@pulse/event-bus';
import type { Logger, Metrics } from '@pulse/observability';
import { liveEventHandler, type LiveEventHandlerDeps } from './live-event.handler';

/** `post.published` -> live push + webhook deliveries; group `<prefix>.<topic>`. */
export function postPublishedConsumer(
  options: { kafka: Kafka; topic: string; groupPrefix: string; logger: Logger; registry: Metrics['registry']; concurrency?: number;
    /** Consumer group session timeout and heartbeat interval (ms; the bus's defaults when absent). */
    sessionTimeout?: number; heartbeatInterval?: number },
  deps: LiveEventHandlerDeps,
): EventConsumer {
  return createConsumer<PostPublishedEvent>({
    kafka: options.kafka,
    groupId: `${options.groupPrefix}.${options.topic}`,
    contract: withTopic(contracts.postPublished, options.topic),
    // Batch mode: one transaction, one enqueue statement and one Redis round trip per partition fetch.
    handleBatch: liveEventHandler<PostPublishedEvent>(deps),
    logger: options.logger,
    registry: options.registry,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    sessionTimeout: options.sessionTimeout,
    heartbeatInterval: options.heartbeatInterval,
  });
}
