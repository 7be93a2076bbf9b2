export { createKafka, parseBrokers, type KafkaClientOptions } from './kafka';
export { kafkaLogCreator, type BusLogger } from './logger';
export { HEADERS, CLOUDEVENTS_CONTENT_TYPE, headerString, headersToStrings } from './headers';
export { busMetrics, type BusMetrics, type DeadLetterKind } from './metrics';
export { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry-policy';
export { ensureTopics, type EnsureTopicsOptions, type TopicSpec } from './topics';
export { encodeEvent, type EncodedEvent } from './encode-event';
export { EventProducer, createProducer, type ProducerOptions, type OutgoingRecord } from './producer';
export { createConsumer, type ConsumerOptions, type EventConsumer } from './consumer';
export type { EventHandler, DeliveryInfo } from './message-processor';
export type { BatchEventHandler, BatchItem } from './batch-processor';
export { deadLetterRecord, type DeadLetterInfo } from './dlq/dead-letter';
export { toDlqEntry, asDlqTopic, originalTopicOf, type DlqEntry } from './dlq/dlq-entry';
export { listDlq, replayDlq, type ReplayOptions, type ReplayResult } from './dlq/dlq-admin';
export { OutboxEntity, type OutboxRow } from './outbox/outbox.entity';
export { outbox, type TracedEvent } from './outbox/outbox';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export { InboxEntity, type InboxRow } from './inbox/inbox.entity';
export { inbox, idempotentHandler, idempotentBatchHandler, type InboxResult, type InboxBatchResult } from './inbox/inbox';
export { outboxChannel } from './outbox/outbox-channel';
export { CreateEventBusTables1763856000000 } from './bus-tables.migration';
export { NotifyOutboxInserts1795400000000 } from './outbox-notify.migration';
export { kafkaCheck, type ReadinessCheck } from './kafka-check';
export { activeTraceHeaders, continueTrace } from './trace-context';

import { CreateEventBusTables1763856000000 } from './bus-tables.migration';
import { InboxEntity } from './inbox/inbox.entity';
import { NotifyOutboxInserts1795400000000 } from './outbox-notify.migration';
import { OutboxEntity } from './outbox/outbox.entity';
/** The entities a service's DataSource lists to use the outbox and inbox. */
export const eventBusEntities = [OutboxEntity, InboxEntity];
/** The bus migrations, in order, that a service's DataSource lists before its own: the tables, then the outbox's notify trigger. */
export const eventBusMigrations = [CreateEventBusTables1763856000000, NotifyOutboxInserts1795400000000];
