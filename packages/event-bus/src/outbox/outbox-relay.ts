import type { DataSource, EntityManager } from 'typeorm';
import { describeError } from '@pulse/errors';
import type { BusLogger } from '../logger';
import type { EventProducer, OutgoingRecord } from '../producer';
import type { RetryPolicy } from '../retry-policy';
import { outboxChannel, schemaOf } from './outbox-channel';
import { connectionOptionsOf, OutboxListener } from './outbox-listener';
import { OutboxEntity, type OutboxRow } from './outbox.entity';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  producer: EventProducer;
  logger: BusLogger;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** Wait between polls when the outbox is drained and LISTEN is not in effect (not yet, or its connection is down). */
  pollIntervalMs?: number;
  /**
   * Wait between polls while LISTEN is in effect: notifications wake the relay, so this poll is
   * only a safety net (a schema without the notify trigger, a notification lost with its connection).
   */
  listeningPollIntervalMs?: number;
  /** LISTEN for the outbox trigger's notifications on a dedicated connection (default true). */
  listen?: boolean;
  /** Backoff of the LISTEN connection's reconnects. */
  listenRetry?: Pick<RetryPolicy, 'initialMs' | 'maxMs'>;
  /** Wait after a failed round (Kafka or PostgreSQL down) before trying again. */
  errorBackoffMs?: number;
}

/**
 * Publishes committed outbox rows and marks them sent. Each round is one transaction: claim the
 * oldest unsent rows with FOR UPDATE SKIP LOCKED (replicas claim disjoint rows and never block each
 * other), publish them in id order with the idempotent producer, mark them sent, commit.
 *
 * Crash safety: a row is marked sent only after Kafka acknowledged it, in the same transaction
 * that claimed it. A relay dying between the two leaves the row unsent and unlocked, so the next
 * round publishes it again: at-least-once, where a duplicate is the same event id, which the
 * consumers' inbox turns into a no-op. Nothing committed is ever skipped.
 *
 * Order: per key (article) the rows go out in id order. A replica skips a key whose older unsent
 * row another replica holds, so it cannot overtake it.
 *
 * Wake-up: the outbox's insert trigger NOTIFYs the schema's channel when the inserting transaction
 * commits; the relay LISTENs on a connection of its own (OutboxListener) and starts a round at once
 * instead of at its next poll. A notification that arrives during a round makes the next round
 * start right after it (the round's SELECT may have run before that commit). Polling remains:
 * every listeningPollIntervalMs while LISTEN holds, every pollIntervalMs while it is down.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly listeningPollIntervalMs: number;
  private readonly errorBackoffMs: number;
  private readonly listener: OutboxListener | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Ends the current sleep early (a notification, stop). */
  private wake: (() => void) | undefined;
  /** A notification arrived while no sleep was waiting for it: skip the next sleep. */
  private notified = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.listeningPollIntervalMs = options.listeningPollIntervalMs ?? 1_000;
    this.errorBackoffMs = options.errorBackoffMs ?? 1_000;
    if (options.listen !== false) {
      this.listener = new OutboxListener({
        connection: connectionOptionsOf(options.dataSource),
        channel: outboxChannel(schemaOf(options.dataSource.options)),
        logger: options.logger,
        retry: options.listenRetry,
        onNotify: () => this.onNotify(),
        onLost: () => this.onNotify(),
      });
    }
  }

  /** True while notifications wake the relay (LISTEN in effect). */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** Starts the loop (and the LISTEN connection) in the background. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.listener?.start();
    this.running = this.loop();
  }

  /** Finishes the current round and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.listener?.stop();
    await this.running;
    this.running = undefined;
  }

  /** One round; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    return this.options.dataSource.transaction(async (manager) => {
      const rows = await claimPublishable(manager, this.batchSize);
      if (rows.length === 0) return 0;
      await this.publish(rows);
      await manager.createQueryBuilder().update(OutboxEntity)
        .set({ sentAt: () => 'now()' })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      return rows.length;
    });
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    // Consecutive rows of one topic go out as one request; topics alternate in id order.
    let topic: string | undefined;
    let records: OutgoingRecord[] = [];
    for (const row of rows) {
      if (row.topic !== topic && records.length > 0) {
        await this.options.producer.send(topic!, records);
        records = [];
      }
      topic = row.topic;
      records.push({ key: row.key, value: JSON.stringify(row.payload), headers: row.headers });
    }
    if (records.length > 0) await this.options.producer.send(topic!, records);
  }

  private onNotify(): void {
    if (this.wake) this.wake();
    else this.notified = true;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      // Cleared before the round's SELECT: a commit notified after this point is seen by this round or the next.
      this.notified = false;
      let published = 0;
      let failed = false;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.options.logger.error('outbox relay round failed; will retry', { error: describeError(error) });
        failed = true;
      }
      if (this.stopping) break;
      if (failed) await this.sleep(this.errorBackoffMs, false); // notifications must not turn a backoff into a busy loop
      else if (published >= this.batchSize || this.notified) continue; // more is waiting, or was committed meanwhile
      else await this.sleep(this.listening ? this.listeningPollIntervalMs : this.pollIntervalMs, true);
    }
  }

  /** Waits `ms`; a notification ends the wait early when `wakeable`; stop always does. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = wakeable ? done : () => { if (this.stopping) done(); else this.notified = true; };
    });
  }
}

async function claimPublishable(manager: EntityManager, limit: number): Promise<OutboxRow[]> {
  const claimed = await manager.getRepository(OutboxEntity).createQueryBuilder('o')
    .where('o.sentAt IS NULL')
    .orderBy('o.id', 'ASC')
    .limit(limit)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
  if (claimed.length === 0) return claimed;

  // Older unsent rows of the same keys that we did not claim are held by another replica.
  const blockers: { topic: string; key: string; minId: string }[] = await manager.getRepository(OutboxEntity).createQueryBuilder('o')
    .select('o.topic', 'topic').addSelect('o.key', 'key').addSelect('MIN(o.id)', 'minId')
    .where('o.sentAt IS NULL')
    .andWhere('o.id NOT IN (:...ids)', { ids: claimed.map((r) => r.id) })
    .andWhere('o.key IN (:...keys)', { keys: [...new Set(claimed.map((r) => r.key))] })
    .groupBy('o.topic').addGroupBy('o.key')
    .getRawMany();
  if (blockers.length === 0) return claimed;
  const firstForeign = new Map(blockers.map((b) => [`${b.topic}\u0000${b.key}`, BigInt(b.minId)]));
  return claimed.filter((row) => {
    const foreign = firstForeign.get(`${row.topic}\u0000${row.key}`);
    return foreign === undefined || BigInt(row.id) < foreign;
  });
}
