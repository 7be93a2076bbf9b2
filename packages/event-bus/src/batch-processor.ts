import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { AnyEvent } from '@pulse/contracts';
import { describeError } from '@pulse/errors';
import type { BusMetrics } from './metrics';
import {
  deadLetter, decode, processMessage, type BatchControl, type DeliveryInfo, type EventHandler, type Outcome, type ProcessorDeps,
} from './message-processor';
import { endWithError, extractContext, startConsumerSpan } from './trace-context';

/** One event of a batch with what the handler learns about its delivery. */
export interface BatchItem<E extends AnyEvent> {
  event: E;
  delivery: DeliveryInfo;
}

/**
 * Applies a batch of valid events of ONE partition, in offset order, all or nothing: throw and none
 * of them counts as handled (the consumer then handles them one by one, see handleBatchMode).
 */
export type BatchEventHandler<E extends AnyEvent> = (items: readonly BatchItem<E>[]) => Promise<void>;

export interface BatchDeps<E extends AnyEvent> extends ProcessorDeps<E> {
  handleBatch: BatchEventHandler<E>;
  maxBatchSize: number;
}

/** The per-event handler the fallback uses: a batch of one. */
export function singleEventHandler<E extends AnyEvent>(handleBatch: BatchEventHandler<E>): EventHandler<E> {
  return (event, delivery) => handleBatch([{ event, delivery }]);
}

// Heartbeats and commit checks are async round trips into kafkajs; they run at most this often.
const HOUSEKEEPING_MS = 100;

/**
 * eachBatch in batch mode: the fetched messages of one partition are handed to `handleBatch` in
 * chunks of at most `maxBatchSize` valid events, so a handler can apply them with one transaction
 * (inbox rows and writes for the whole chunk) instead of one per event. Offsets are resolved only
 * after a chunk's handler succeeded, so a commit never covers an unapplied event.
 *
 * Events that are not JSON or fail their schema are dead-lettered one by one before their chunk is
 * handled (the chunk's offsets then cover them, parked). If the chunk's handler throws, the chunk
 * falls back to one event at a time with the usual retries and DLQ (processMessage), so one poison
 * event cannot hold the others back; a handler that keeps its chunk all-or-nothing (one transaction)
 * leaves nothing half-applied for that fallback to double.
 */
export async function handleBatchMode<E extends AnyEvent>(deps: BatchDeps<E>, metrics: BusMetrics, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale, pause, commitOffsetsIfNecessary } = payload;
  const control: BatchControl = { heartbeat, isRunning, isStale, pause };
  const messages = batch.messages;
  let next: bigint | undefined;
  let housekeepingAt = Date.now() + HOUSEKEEPING_MS;
  for (let from = 0; from < messages.length; from += deps.maxBatchSize) {
    if (!isRunning() || isStale()) break;
    const chunk = messages.slice(from, from + deps.maxBatchSize);
    const { outcome, doneUpTo } = await processChunk(deps, batch.topic, batch.partition, chunk, control, resolveOffset);
    if (doneUpTo !== undefined) next = BigInt(doneUpTo) + 1n;
    if (outcome === 'aborted') break;
    if (Date.now() >= housekeepingAt) {
      await heartbeat();
      await commitOffsetsIfNecessary();
      housekeepingAt = Date.now() + HOUSEKEEPING_MS;
    }
  }
  if (next !== undefined) {
    const lag = BigInt(batch.highWatermark) - next;
    metrics.lag.set({ topic: batch.topic, partition: String(batch.partition), group: deps.groupId }, Number(lag > 0n ? lag : 0n));
  }
}

type Valid<E> = { message: KafkaMessage; event: E };

async function processChunk<E extends AnyEvent>(
  deps: BatchDeps<E>, topic: string, partition: number, chunk: KafkaMessage[], control: BatchControl, resolveOffset: (offset: string) => void,
): Promise<{ outcome: Outcome; doneUpTo?: string }> {
  const last = chunk[chunk.length - 1]!;
  const valid: Valid<E>[] = [];
  for (const message of chunk) {
    const decoded = decode(deps.contract, message);
    if (decoded.ok) valid.push({ message, event: decoded.event });
    else await deadLetter(deps, topic, partition, message, 'invalid', decoded.reason, 0, control);
  }
  if (valid.length > 1 && await applyChunk(deps, topic, partition, valid)) {
    resolveOffset(last.offset);
    return { outcome: 'done', doneUpTo: last.offset };
  }
  // One event, or a chunk whose handler failed: each event on its own, with retries and the DLQ.
  let doneUpTo: string | undefined;
  for (const { message } of valid) {
    const outcome = await processMessage(deps, topic, partition, message, control);
    if (outcome === 'aborted') return { outcome, doneUpTo };
    resolveOffset(message.offset);
    doneUpTo = message.offset;
  }
  resolveOffset(last.offset);
  return { outcome: 'done', doneUpTo: last.offset };
}

/** Runs the batch handler once over the chunk; false when it threw (the caller falls back). */
async function applyChunk<E extends AnyEvent>(deps: BatchDeps<E>, topic: string, partition: number, valid: Valid<E>[]): Promise<boolean> {
  const { groupId, metrics } = deps;
  const labels = { topic, group: groupId };
  // One process span per event, each continuing its producer's trace (as in per-event mode).
  const spans = valid.map(({ message, event }) => startConsumerSpan(extractContext(message.headers), {
    topic, group: groupId, partition, offset: message.offset, eventId: event.id, attempt: 1,
  }));
  const items = valid.map(({ message, event }): BatchItem<E> => ({
    event,
    delivery: { topic, partition, offset: message.offset, key: message.key?.toString(), headers: message.headers ?? {}, attempt: 1, groupId },
  }));
  const stopTimer = metrics.handlerDuration.startTimer(labels);
  try {
    await deps.handleBatch(items);
    stopTimer();
    for (const span of spans) span.end();
    metrics.consumed.inc(labels, items.length);
    return true;
  } catch (error) {
    stopTimer();
    for (const span of spans) {
      endWithError(span, error);
      span.end();
    }
    metrics.failed.inc(labels);
    deps.logger.info('batch handler failed; handling its events one by one', {
      topic, partition, groupId, events: items.length, firstOffset: items[0]!.delivery.offset, error: describeError(error),
    });
    return false;
  }
}
