import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import type { BusLogger } from './logger';
import { handleBatchMode, singleEventHandler, type BatchDeps, type BatchEventHandler } from './batch-processor';
import { busMetrics, type BusMetrics } from './metrics';
import { processMessage, type EventHandler, type ProcessorDeps } from './message-processor';
import { EventProducer } from './producer';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy';

export interface ConsumerOptions<E extends AnyEvent> {
  kafka: Kafka;
  groupId: string;
  contract: EventContract<E>;
  /** Applies one event (per-event mode). Give this or `handleBatch`. */
  handler?: EventHandler<E>;
  /**
   * Batch mode: applies the valid events of one partition's fetch together (at most `maxBatchSize`,
   * in offset order), e.g. in one transaction with one inbox statement. A throw makes the consumer
   * handle that chunk one event at a time (retries, DLQ), so it must be all or nothing. See README.
   */
  handleBatch?: BatchEventHandler<E>;
  /** Most events one `handleBatch` call gets (default 500). */
  maxBatchSize?: number;
  logger: BusLogger;
  registry: Registry;
  retry?: Partial<RetryPolicy>;
  /** Partitions handled at once (kafkajs partitionsConsumedConcurrently); order holds within each. */
  concurrency?: number;
  /**
   * Events of different keys handled at once within one partition (default 1: strictly in offset
   * order). Order still holds per key, and an offset is committed only once it and every offset
   * before it are done. For handlers that wait on I/O (the llm service's Claude calls), so the
   * in-flight count is not capped by the partition count.
   */
  keyConcurrency?: number;
  /** A new group starts at the oldest retained event (default) rather than only new ones. */
  fromBeginning?: boolean;
  /** Writes DLQ records; by default the consumer owns an idempotent producer of its own. */
  dlqProducer?: EventProducer;
  /**
   * Within a long batch, resolved offsets are committed at most this often (default 1 s); every
   * batch end, rebalance and stop commits anyway. A crash redelivers what was handled since.
   */
  commitIntervalMs?: number;
  /** Group timeouts; tests lower them (a crashed member is noticed after sessionTimeout). */
  sessionTimeout?: number;
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
  /** Extra kafkajs consumer settings (fetch sizes, retry). */
  config?: Omit<ConsumerConfig, 'groupId' | 'sessionTimeout' | 'rebalanceTimeout' | 'heartbeatInterval'>;
}

export interface EventConsumer {
  readonly groupId: string;
  readonly topic: string;
  /** Connects, subscribes and starts handling; resolves once the run loop started. */
  start(): Promise<void>;
  /** Graceful: stop fetching, finish the in-flight handler, commit what was handled, leave, disconnect. */
  stop(): Promise<void>;
}

/**
 * A consumer of one topic with the delivery rules of ARCHITECTURE.md: validate on receipt, run the
 * handler in a CONSUMER span continuing the producer's trace, retry retriable failures with
 * backoff, dead-letter the rest, and commit an offset only once its message was handled or parked.
 *
 * It uses eachBatch with manual offset resolution: each message's offset is resolved right after
 * it is done, and kafkajs commits resolved offsets at the end of every batch, on rebalance and on
 * stop (autoCommit). So a commit never covers an unhandled message, a crash redelivers at most the
 * part of a batch handled since the last commit (the inbox makes that a no-op), and a batch of
 * thousands costs one commit instead of one per message (eachMessage with autoCommit off would
 * need a commit round trip per message to give the same guarantee).
 */
export function createConsumer<E extends AnyEvent>(options: ConsumerOptions<E>): EventConsumer {
  const { kafka, groupId, contract, logger } = options;
  const topic = contract.topic;
  const heartbeatInterval = options.heartbeatInterval ?? 3_000;
  const metrics = busMetrics(options.registry);
  if ((options.handler === undefined) === (options.handleBatch === undefined)) {
    throw new TypeError(`consumer ${groupId}: give exactly one of handler and handleBatch`);
  }
  if (options.handleBatch && (options.keyConcurrency ?? 1) > 1) throw new TypeError(`consumer ${groupId}: keyConcurrency does not apply to handleBatch`);
  const maxBatchSize = options.maxBatchSize ?? 500;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new TypeError(`consumer ${groupId}: maxBatchSize must be a positive integer`);
  const ownsProducer = options.dlqProducer === undefined;
  const dlqProducer = options.dlqProducer ?? new EventProducer({ kafka, logger, registry: options.registry });
  const deps: ProcessorDeps<E> = {
    contract, groupId, handler: options.handler ?? singleEventHandler(options.handleBatch!), logger, metrics, dlqProducer, heartbeatIntervalMs: heartbeatInterval,
    retry: { ...DEFAULT_RETRY, ...options.retry },
  };
  const batchDeps: BatchDeps<E> | undefined = options.handleBatch ? { ...deps, handleBatch: options.handleBatch, maxBatchSize } : undefined;
  let consumer: Consumer | undefined;

  return {
    groupId,
    topic,
    async start() {
      if (consumer) return;
      consumer = kafka.consumer({
        allowAutoTopicCreation: false,
        // stop() waits for the fetch in flight; a 1 s long-poll keeps shutdown quick at the cost
        // of one idle fetch per second per broker.
        maxWaitTimeInMs: 1_000,
        ...options.config,
        groupId,
        sessionTimeout: options.sessionTimeout ?? 30_000,
        rebalanceTimeout: options.rebalanceTimeout ?? 60_000,
        heartbeatInterval,
      });
      await dlqProducer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: options.commitIntervalMs ?? 1_000,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachBatch: (payload) => (batchDeps ? handleBatchMode(batchDeps, metrics, payload) : (options.keyConcurrency ?? 1) > 1
          ? handleBatchByKey(deps, metrics, payload, options.keyConcurrency!)
          : handleBatch(deps, metrics, payload)),
      });
      logger.info('consumer started', { topic, groupId });
    },
    async stop() {
      const current = consumer;
      consumer = undefined;
      if (current) await current.disconnect();
      if (ownsProducer) await dlqProducer.disconnect();
      logger.info('consumer stopped', { topic, groupId });
    },
  };
}

// Heartbeats and commit checks are async round trips into kafkajs; per message they cost more than
// a small handler, so they run at most every HOUSEKEEPING_MS (well under any heartbeat interval).
const HOUSEKEEPING_MS = 100;

async function handleBatch<E extends AnyEvent>(deps: ProcessorDeps<E>, metrics: BusMetrics, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale, pause, commitOffsetsIfNecessary } = payload;
  const control = { heartbeat, isRunning, isStale, pause };
  let next: bigint | undefined;
  let housekeepingAt = Date.now() + HOUSEKEEPING_MS;
  for (const message of batch.messages) {
    if (!isRunning() || isStale()) break;
    const outcome = await processMessage(deps, batch.topic, batch.partition, message, control);
    if (outcome === 'aborted') break;
    resolveOffset(message.offset);
    next = BigInt(message.offset) + 1n;
    if (Date.now() >= housekeepingAt) {
      // kafkajs heartbeats only when asked (throttled to heartbeatInterval) and commits within a
      // long batch only through this call (at most every commitIntervalMs).
      await heartbeat();
      await commitOffsetsIfNecessary();
      housekeepingAt = Date.now() + HOUSEKEEPING_MS;
    }
  }
  recordLag(deps, metrics, batch, next);
}

function recordLag<E extends AnyEvent>(deps: ProcessorDeps<E>, metrics: BusMetrics, batch: EachBatchPayload['batch'], next: bigint | undefined): void {
  if (next === undefined) return;
  const lag = BigInt(batch.highWatermark) - next;
  metrics.lag.set({ topic: batch.topic, partition: String(batch.partition), group: deps.groupId }, Number(lag > 0n ? lag : 0n));
}

/**
 * handleBatch with up to `limit` keys in flight: each key's events run one after another (a chain
 * per key), different keys side by side. Offsets are resolved in offset order as the done prefix
 * of the batch grows, so a commit never covers an event still in flight; what a crash leaves
 * uncommitted is redelivered and the inbox makes it a no-op.
 */
async function handleBatchByKey<E extends AnyEvent>(deps: ProcessorDeps<E>, metrics: BusMetrics, payload: EachBatchPayload, limit: number): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale, pause, commitOffsetsIfNecessary } = payload;
  const control = { heartbeat, isRunning, isStale, pause };
  const messages = batch.messages;
  const done: boolean[] = new Array(messages.length).fill(false);
  const tails = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  let resolvedUpTo = 0; // messages[0 .. resolvedUpTo) are resolved
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let housekeepingAt = Date.now() + HOUSEKEEPING_MS;

  const resolveDonePrefix = () => {
    while (resolvedUpTo < messages.length && done[resolvedUpTo]) resolveOffset(messages[resolvedUpTo++]!.offset);
  };

  for (let index = 0; index < messages.length; index++) {
    if (stopped || !isRunning() || isStale()) break;
    while (inFlight.size >= limit) await Promise.race(inFlight);
    if (stopped) break;
    const message = messages[index]!;
    const key = message.key?.toString('utf8') ?? '';
    const previous = tails.get(key) ?? Promise.resolve();
    const task = previous.then(async () => {
      if (stopped) return;
      try {
        const outcome = await processMessage(deps, batch.topic, batch.partition, message, control);
        if (outcome === 'aborted') { stopped = true; return; }
        done[index] = true;
        resolveDonePrefix();
      } catch (error) {
        // As in handleBatch, an unexpected failure ends the batch (kafkajs restarts the consumer
        // from the last commit); the other keys in flight finish first.
        stopped = true;
        failure ??= { error };
      }
    });
    tails.set(key, task);
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      if (tails.get(key) === task) tails.delete(key);
    });
    inFlight.add(tracked);
    if (Date.now() >= housekeepingAt) {
      await heartbeat();
      await commitOffsetsIfNecessary();
      housekeepingAt = Date.now() + HOUSEKEEPING_MS;
    }
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  recordLag(deps, metrics, batch, resolvedUpTo > 0 ? BigInt(messages[resolvedUpTo - 1]!.offset) + 1n : undefined);
}
