import type { DataSource, EntityManager } from 'typeorm';
import { describeError } from '@pulse/errors';
import type { BusLogger } from '../logger';
import type { EventProducer, OutgoingRecord } from '../producer';
import type { RetryPolicy } from '../retry-policy';
import { outboxChannel, schemaOf } from './outbox-channel';
import { connectionOptionsOf, OutboxListener } from './outbox-listener';
import { preparedQuery, quotedTable } from '@pulse/db';
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
      await preparedQuery(manager, `UPDATE ${quotedTable(manager, OutboxEntity)} SET sent_at = now() WHERE id = ANY ($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async publish(rows: ClaimedRow[]): Promise<void> {
    // Consecutive rows of one topic go out as one request; topics alternate in id order.
    let topic: string | undefined;
    let records: OutgoingRecord[] = [];
    for (const row of rows) {
      if (row.topic !== topic && records.length > 0) {
        await this.options.producer.send(topic!, records);
        records = [];
      }
      topic = row.topic;
      records.push({ key: row.key, value: row.payloadJson, headers: row.headers });
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

/**
 * What a round publishes of a row (and its id, to mark it sent). The payload comes as jsonb's
 * text and goes to Kafka as it is: the event was validated when it was enqueued, and parsing it
 * (pg) only to stringify it again was ~6% of the news service's CPU per article in
 * `npm run bench -- news` (0.467-0.508 -> 0.437-0.476 ms). jsonb's text is JSON with a space
 * after each ':' and ',' and keys in its own order, which no JSON reader tells apart.
 */
type ClaimedRow = Pick<OutboxRow, 'id' | 'topic' | 'key' | 'headers'> & { payloadJson: string };

/**
 * Claims the oldest unsent rows (FOR UPDATE SKIP LOCKED) and returns those it may publish now, in id
 * order: a claimed row whose key has an older unsent row this round did not claim (another replica
 * holds it) stays back, so it cannot overtake it. One statement: the claim and the check for such
 * blockers used to be two round trips and TypeORM's query building.
 */
async function claimPublishable(manager: EntityManager, limit: number): Promise<ClaimedRow[]> {
  const table = quotedTable(manager, OutboxEntity);
  const rows = await preparedQuery<{ id: string; topic: string; event_key: string; payload: string; headers: Record<string, string> }>(
    manager,
    `WITH claimed AS (
       SELECT id, topic, event_key, payload, headers FROM ${table}
        WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     ), blockers AS (
       SELECT o.topic, o.event_key, MIN(o.id) AS min_id FROM ${table} o
        WHERE o.sent_at IS NULL
          AND o.event_key IN (SELECT event_key FROM claimed)
          AND o.id NOT IN (SELECT id FROM claimed)
        GROUP BY o.topic, o.event_key
     )
     SELECT c.id, c.topic, c.event_key, c.payload::text AS payload, c.headers FROM claimed c
       LEFT JOIN blockers b ON b.topic = c.topic AND b.event_key = c.event_key
      WHERE b.min_id IS NULL OR c.id < b.min_id
      ORDER BY c.id`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, topic: r.topic, key: r.event_key, payloadJson: r.payload, headers: r.headers }));
}
