import type { DataSource, EntityManager } from 'typeorm';
import type { AnyEvent } from '@pulse/contracts';
import type { DeliveryInfo, EventHandler } from '../message-processor';
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
  const inserted = await manager.createQueryBuilder().insert().into(InboxEntity)
    .values({ consumerGroup: group, eventId })
    .orIgnore()
    .returning(['eventId'])
    .execute();
  if ((inserted.raw as unknown[]).length === 0) return { applied: false };
  return { applied: true, result: await fn(manager) };
}

export const inbox = { runOnce };

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
