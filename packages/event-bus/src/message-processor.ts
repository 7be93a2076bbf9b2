import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import { describeError, isRetriable } from '@pulse/errors';
import { dlqTopicOf } from '@pulse/contracts';
import { deadLetterRecord } from './dlq/dead-letter';
import type { BusLogger } from './logger';
import type { BusMetrics, DeadLetterKind } from './metrics';
import type { EventProducer } from './producer';
import { backoffDelay, type RetryPolicy } from './retry-policy';
import { extractContext, withConsumerSpan } from './trace-context';

/** What a handler learns about the delivery besides the event. */
export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  headers: IHeaders;
  /** 1 on the first try. */
  attempt: number;
  groupId: string;
}

/** Applies one event. Throw a RetriableError to be retried, anything else goes to the DLQ. */
export type EventHandler<E extends AnyEvent> = (event: E, delivery: DeliveryInfo) => Promise<void>;

/** Hooks into the batch a message came in; lets retries heartbeat, and stop early on shutdown. */
export interface BatchControl {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
  /** Stops fetching this partition until the returned function is called. */
  pause(): () => void;
}

export interface ProcessorDeps<E extends AnyEvent> {
  contract: EventContract<E>;
  groupId: string;
  handler: EventHandler<E>;
  retry: RetryPolicy;
  dlqProducer: EventProducer;
  logger: BusLogger;
  metrics: BusMetrics;
  heartbeatIntervalMs: number;
}

/** `done`: the offset may be committed (handled or dead-lettered); `aborted`: leave it for redelivery. */
export type Outcome = 'done' | 'aborted';

/**
 * Validates, handles with retries, and dead-letters one message. Never lets a poison message stop
 * the partition: after the last attempt it is parked in the DLQ and the consumer moves on.
 */
export async function processMessage<E extends AnyEvent>(
  deps: ProcessorDeps<E>, topic: string, partition: number, message: KafkaMessage, control: BatchControl,
): Promise<Outcome> {
  const { contract, groupId, metrics } = deps;
  const decoded = decode(contract, message);
  if (!decoded.ok) {
    await deadLetter(deps, topic, partition, message, 'invalid', decoded.reason, 0, control);
    return 'done';
  }
  const event = decoded.event;
  const parent = extractContext(message.headers);
  const labels = { topic, group: groupId };
  for (let attempt = 1; ; attempt++) {
    const stopTimer = metrics.handlerDuration.startTimer(labels);
    try {
      await withConsumerSpan(parent, { topic, group: groupId, partition, offset: message.offset, eventId: event.id, attempt }, () =>
        deps.handler(event, {
          topic, partition, offset: message.offset, key: message.key?.toString(), headers: message.headers ?? {}, attempt, groupId,
        }));
      stopTimer();
      metrics.consumed.inc(labels);
      return 'done';
    } catch (error) {
      stopTimer();
      metrics.failed.inc(labels);
      const reason = describeError(error);
      const meta = { topic, partition, offset: message.offset, eventId: event.id, groupId, attempt, error: reason };
      if (!isRetriable(error)) {
        deps.logger.warn('event handler failed permanently; dead-lettering', meta);
        await deadLetter(deps, topic, partition, message, 'permanent', reason, attempt, control);
        return 'done';
      }
      if (attempt >= deps.retry.attempts) {
        deps.logger.warn('event handler retries exhausted; dead-lettering', meta);
        await deadLetter(deps, topic, partition, message, 'exhausted', reason, attempt, control);
        return 'done';
      }
      deps.logger.info('event handler failed; retrying', { ...meta, attempts: deps.retry.attempts });
      const waited = await backoff(deps, control, backoffDelay(attempt, deps.retry));
      if (!waited) return 'aborted';
    }
  }
}

export type Decoded<E> = { ok: true; event: E } | { ok: false; reason: string };

export function decode<E extends AnyEvent>(contract: EventContract<E>, message: KafkaMessage): Decoded<E> {
  if (!message.value) return { ok: false, reason: 'validation failed: empty message value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `validation failed: value is not JSON (${describeError(error)})` };
  }
  const result = contract.validate(parsed);
  if (!result.ok) return { ok: false, reason: `validation failed: ${result.errors.join('; ')}` };
  return { ok: true, event: result.value };
}

export async function deadLetter<E extends AnyEvent>(
  deps: ProcessorDeps<E>, topic: string, partition: number, message: KafkaMessage,
  kind: DeadLetterKind, reason: string, attempts: number, control: BatchControl,
): Promise<void> {
  // The partition stays paused while the DLQ write is in flight: nothing newer is fetched for it.
  const resume = control.pause();
  try {
    const record = deadLetterRecord(message, { topic, partition, group: deps.groupId, kind, reason, attempts });
    await deps.dlqProducer.send(dlqTopicOf(topic), [record]);
  } finally {
    resume();
  }
  deps.metrics.deadLettered.inc({ topic, group: deps.groupId, reason_kind: kind });
  deps.logger.warn('event dead-lettered', { topic, partition, offset: message.offset, groupId: deps.groupId, kind, reason, attempts });
}

// Waits `ms` while heartbeating so the group does not evict us; false when the consumer is
// stopping or the partition was revoked (the message is then redelivered, not dead-lettered).
async function backoff<E extends AnyEvent>(deps: ProcessorDeps<E>, control: BatchControl, ms: number): Promise<boolean> {
  const resume = control.pause();
  try {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!control.isRunning() || control.isStale()) return false;
      await sleep(Math.min(deps.heartbeatIntervalMs, until - Date.now(), 250));
      await control.heartbeat();
    }
    return control.isRunning() && !control.isStale();
  } finally {
    resume();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
