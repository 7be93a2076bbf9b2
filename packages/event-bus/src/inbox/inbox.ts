import type { DataSource, EntityManager } from 'typeorm';
import type { AnyEvent } from '@pulse/contracts';
import type { BatchEventHandler, BatchItem } from '../batch-processor';
import type { DeliveryInfo, EventHandler } from '../message-processor';
import { preparedQuery, quotedTable } from '@pulse/db';
import { InboxEntity } from './inbox.entity';

export type InboxResult<T> = { applied: true; result: T } | { applied: false };

/**
 * Runs `fn` unless `group` already applied `eventId`, recording it in the same transaction as
 * `fn`'s writes (INSERT ... ON CONFLICT DO NOTHING). A redelivered event is thus a no-op, and a
 * failed `fn` rolls back the inbox row with everything else so the retry applies it.
 * Without an open transaction on `manager` it opens one.
 */
async function runOnce<T>(
  manager: EntityManager, group: string, eventId: string, fn: (manager: EntityManager) => Promise<T>,
): Promise<InboxResult<T>> {
  if (!manager.queryRunner?.isTransactionActive) {
    return manager.transaction((tx) => runOnce(tx, group, eventId, fn));
  }
  const recorded = await preparedQuery(manager, recordStatement(manager, { group: '$1', eventIds: '$2' }), [group, [eventId]]);
  if (recorded.length === 0) return { applied: false };
  return { applied: true, result: await fn(manager) };
}

export interface InboxBatchResult<T> {
  /** The event ids this call applied (first time for the group), in the order given. */
  applied: string[];
  /** What `fn` returned; undefined when every id had been applied before (fn was not called). */
  result: T | undefined;
}

/**
 * runOnce for many events in one statement: records every id of `eventIds` the group has not
 * applied yet (INSERT ... SELECT unnest ... ON CONFLICT DO NOTHING RETURNING) and runs
 * `fn(manager, applied)` with those, in the same transaction. An id repeated in `eventIds` is
 * applied once. A failing `fn` rolls back every inbox row of the batch.
 */
async function runBatchOnce<T>(
  manager: EntityManager, group: string, eventIds: readonly string[], fn: (manager: EntityManager, applied: string[]) => Promise<T>,
): Promise<InboxBatchResult<T>> {
  if (!manager.queryRunner?.isTransactionActive) {
    return manager.transaction((tx) => runBatchOnce(tx, group, eventIds, fn));
  }
  const unique = [...new Set(eventIds)];
  if (unique.length === 0) return { applied: [], result: undefined };
  const rows = await preparedQuery<{ event_id: string }>(manager, recordStatement(manager, { group: '$1', eventIds: '$2' }), [group, unique]);
  const inserted = idSet(rows);
  const applied = unique.filter((id) => inserted(id));
  if (applied.length === 0) return { applied, result: undefined };
  return { applied, result: await fn(manager, applied) };
}

/**
 * runBatchOnce for items that carry their event id (`idOf`): `fn` gets the items the group had not
 * applied yet, in the order given, each id once (the first wins: a repeat inside the batch is a
 * redelivery).
 */
async function runItemsOnce<I, T>(
  manager: EntityManager, group: string, items: readonly I[], idOf: (item: I) => string, fn: (manager: EntityManager, fresh: I[]) => Promise<T>,
): Promise<InboxBatchResult<T>> {
  return runBatchOnce(manager, group, items.map(idOf), (m, applied) => {
    const fresh = new Set(applied);
    return fn(m, items.filter((item) => fresh.delete(idOf(item))));
  });
}

/** Membership in the event ids PostgreSQL returned: it prints a uuid in lower case, a caller's id may not be. */
function idSet(rows: ReadonlyArray<{ event_id: string }>): (id: string) => boolean {
  const ids = new Set(rows.map((row) => row.event_id));
  return (id) => ids.has(id) || ids.has(id.toLowerCase());
}

/**
 * The SQL that records a batch of event ids for a group and returns (`event_id`) those it recorded
 * now, i.e. not applied before: what runBatchOnce runs, for a caller that puts it in a `WITH` clause
 * so that recording and applying are ONE statement (atomic without an explicit transaction, one
 * round trip). `group` and `eventIds` name the statement's parameters (`$1`, a `uuid[]`).
 */
function recordStatement(manager: EntityManager, params: { group: string; eventIds: string }): string {
  return `INSERT INTO ${quotedTable(manager, InboxEntity)} (consumer_group, event_id)
     SELECT ${params.group}, id FROM unnest(${params.eventIds}::uuid[]) AS id
     ON CONFLICT DO NOTHING
     RETURNING event_id`;
}

/**
 * The ids of `eventIds` that `group` has not applied yet (each once, in the order given); reads
 * only. For a handler with an effect outside the database that must happen before the inbox row is
 * written (an idempotent publish), followed by one statement built with recordStatement.
 */
async function pending(manager: EntityManager, group: string, eventIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(eventIds)];
  if (unique.length === 0) return [];
  const rows = await preparedQuery<{ event_id: string }>(
    manager,
    `SELECT i.event_id FROM ${quotedTable(manager, InboxEntity)} i WHERE i.consumer_group = $1 AND i.event_id = ANY ($2::uuid[])`,
    [group, unique],
  );
  const done = idSet(rows);
  return unique.filter((id) => !done(id));
}

export const inbox = { runOnce, runBatchOnce, runItemsOnce, pending, recordStatement };

/**
 * A consumer handler that applies each event once per group: `apply` runs in a transaction of
 * `dataSource` together with the inbox row.
 */
export function idempotentHandler<E extends AnyEvent>(
  dataSource: DataSource,
  apply: (event: E, manager: EntityManager, delivery: DeliveryInfo) => Promise<void>,
): EventHandler<E> {
  return async (event, delivery) => {
    await dataSource.transaction((manager) => runOnce(manager, delivery.groupId, event.id, (m) => apply(event, m, delivery)));
  };
}

/**
 * The batch form of idempotentHandler (for `handleBatch`): one transaction of `dataSource` per batch
 * holds the inbox rows of all its events and `apply`'s writes; `apply` gets only the events the group
 * has not applied yet (each id once, in offset order) and is not called when there are none.
 */
export function idempotentBatchHandler<E extends AnyEvent>(
  dataSource: DataSource,
  apply: (items: BatchItem<E>[], manager: EntityManager) => Promise<void>,
): BatchEventHandler<E> {
  return async (items) => {
    if (items.length === 0) return;
    const group = items[0]!.delivery.groupId;
    await dataSource.transaction((manager) => runItemsOnce(manager, group, items, (item) => item.event.id, (m, fresh) => apply(fresh, m)));
  };
}
