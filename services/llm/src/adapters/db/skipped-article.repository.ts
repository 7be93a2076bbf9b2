import type { EntityManager } from 'typeorm';
import { SkippedArticleEntity } from './skipped-article.entity';

/** Records (or refreshes) why an article was skipped. */
export async function recordSkippedArticle(manager: EntityManager, row: Omit<SkippedArticleEntity, 'skippedAt'>): Promise<void> {
  await manager.createQueryBuilder().insert().into(SkippedArticleEntity)
    .values(row)
    .orUpdate(['event_id', 'niche', 'reason', 'detail', 'score', 'title', 'text', 'url', 'language', 'fetched_at', 'skipped_at'], ['tenant_id', 'article_id'])
    .execute();
}

/** The tenant's skipped article, or undefined. */
export async function findSkippedArticle(manager: EntityManager, tenantId: string, articleId: string): Promise<SkippedArticleEntity | undefined> {
  return (await manager.findOne(SkippedArticleEntity, { where: { tenantId, articleId } })) ?? undefined;
}
