import type { EntityManager } from 'typeorm';
import { BatchItemEntity } from './batch-item.entity';
import { MessageBatchEntity } from './message-batch.entity';

export type NewBatchItem = Omit<BatchItemEntity, 'id' | 'enqueuedAt' | 'batchId'>;

/** Queues an article for the next batch; false when the tenant's article is already queued or in a batch. */
export async function enqueueBatchItem(manager: EntityManager, row: NewBatchItem): Promise<boolean> {
  const result = await manager.createQueryBuilder().insert().into(BatchItemEntity)
    .values({ ...row, batchId: null })
    .orIgnore()
    .returning(['id'])
    .execute();
  return (result.raw as unknown[]).length > 0;
}

/**
 * The oldest queued items, locked for this transaction: another replica skips them, and they
 * become queued again if the transaction rolls back (a failed submission).
 */
export async function lockQueuedItems(manager: EntityManager, limit: number): Promise<BatchItemEntity[]> {
  return manager.createQueryBuilder(BatchItemEntity, 'item')
    .where('item.batch_id IS NULL')
    .orderBy('item.enqueued_at', 'ASC')
    .limit(limit)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .getMany();
}

/** Records a submitted batch and assigns its items to it. */
export async function recordSubmittedBatch(manager: EntityManager, batchId: string, status: string, itemIds: readonly string[]): Promise<void> {
  await manager.insert(MessageBatchEntity, { id: batchId, status, itemCount: itemIds.length, lastPolledAt: null, endedAt: null, collectedAt: null, leaseUntil: null });
  await manager.createQueryBuilder().update(BatchItemEntity).set({ batchId }).whereInIds(itemIds).execute();
}

/** Batches whose results are not collected yet, oldest first. */
export async function openBatches(manager: EntityManager): Promise<MessageBatchEntity[]> {
  return manager.createQueryBuilder(MessageBatchEntity, 'batch')
    .where('batch.collected_at IS NULL')
    .orderBy('batch.submitted_at', 'ASC')
    .getMany();
}

export async function markPolled(manager: EntityManager, batchId: string, status: string): Promise<void> {
  await manager.createQueryBuilder().update(MessageBatchEntity)
    .set({ status, lastPolledAt: () => 'now()', ...(status === 'ended' ? { endedAt: () => 'COALESCE(ended_at, now())' } : {}) })
    .where('id = :batchId', { batchId })
    .execute();
}

/** Takes the lease to collect an ended batch; false when another replica holds it or it is collected. */
export async function leaseForCollection(manager: EntityManager, batchId: string, leaseMs: number): Promise<boolean> {
  const result = await manager.createQueryBuilder().update(MessageBatchEntity)
    .set({ leaseUntil: () => "now() + (:leaseMs * interval '1 millisecond')" })
    .where('id = :batchId AND collected_at IS NULL AND (lease_until IS NULL OR lease_until < now())', { batchId })
    .setParameter('leaseMs', leaseMs)
    .execute();
  return (result.affected ?? 0) > 0;
}

export async function itemsOfBatch(manager: EntityManager, batchId: string): Promise<BatchItemEntity[]> {
  return manager.find(BatchItemEntity, { where: { batchId }, order: { enqueuedAt: 'ASC' } });
}

/** Removes a finished item; false when it was already finished (by another replica or an earlier run). */
export async function removeBatchItem(manager: EntityManager, itemId: string): Promise<boolean> {
  const result = await manager.createQueryBuilder().delete().from(BatchItemEntity).where('id = :itemId', { itemId }).execute();
  return (result.affected ?? 0) > 0;
}

export async function markCollected(manager: EntityManager, batchId: string): Promise<void> {
  await manager.createQueryBuilder().update(MessageBatchEntity)
    .set({ collectedAt: () => 'now()', leaseUntil: null })
    .where('id = :batchId', { batchId })
    .execute();
}
