import type { EntityManager } from 'typeorm';
import { SummaryEntity } from './summary.entity';

export type NewSummary = Omit<SummaryEntity, 'id' | 'createdAt'>;

/** Inserts the summary unless the tenant already has one for the article; true when inserted. */
export async function insertSummaryIfAbsent(manager: EntityManager, row: NewSummary): Promise<boolean> {
  const result = await manager.createQueryBuilder().insert().into(SummaryEntity)
    .values(row)
    .orIgnore()
    .returning(['id'])
    .execute();
  return (result.raw as unknown[]).length > 0;
}

/** The tenant's summary of an article, or undefined (another tenant's never matches). */
export async function findSummary(manager: EntityManager, tenantId: string, articleId: string): Promise<SummaryEntity | undefined> {
  return (await manager.findOne(SummaryEntity, { where: { tenantId, articleId } })) ?? undefined;
}

export async function summaryExists(manager: EntityManager, tenantId: string, articleId: string): Promise<boolean> {
  return manager.exists(SummaryEntity, { where: { tenantId, articleId } });
}
