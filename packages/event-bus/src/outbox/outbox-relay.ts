import type { DataSource, EntityManager } from 'typeorm';
import { describeError } from '@pulse/errors';
import type { BusLogger } from '../logger';
import type { EventProducer, OutgoingRecord } from '../producer';
import { OutboxEntity, type OutboxRow } from './outbox.entity';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  producer: EventProducer;
  logger: BusLogger;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** Wait between polls when the outbox is drained. */
  pollIntervalMs?: number;
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
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly errorBackoffMs: number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.errorBackoffMs = options.errorBackoffMs ?? 1_000;
  }

  /** Starts the polling loop in the background. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Finishes the current round and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
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

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let published = 0;
      let delay = this.pollIntervalMs;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.options.logger.error('outbox relay round failed; will retry', { error: describeError(error) });
        delay = this.errorBackoffMs;
      }
      if (published < this.batchSize && !this.stopping) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); resolve(); }
      this.wake = done;
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
