import type { DataSource, Repository } from 'typeorm';
import { NotFoundError } from '@pulse/errors';
import { ArticleEntity } from './article.entity';
import { StoryClusterEntity } from './story-cluster.entity';

export type ArticleOrder = 'score' | 'published';

export interface ArticleQuery {
  niche?: string;
  sourceId?: string;
  since?: Date;
  until?: Date;
  minScore?: number;
  /** Case-insensitive text in the title or lead. */
  q?: string;
  order: ArticleOrder;
  limit: number;
  /** Position after which the page starts (from the previous page's last row). */
  after?: { value: number | string; id: string };
}

export interface ArticleWithCluster extends ArticleEntity {
  clusterSize: number;
}

/** Read side of articles for the API; every query is scoped to one tenant. */
export class ArticleRepository {
  private readonly repo: Repository<ArticleEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(ArticleEntity);
  }

  /** One page of live articles in a stable order: (score, id) or (published_at, id), both descending. */
  async list(tenantId: string, query: ArticleQuery): Promise<ArticleWithCluster[]> {
    const column = query.order === 'score' ? 'a.score' : 'a.published_at';
    const qb = this.repo.createQueryBuilder('a')
      .leftJoin(StoryClusterEntity, 'c', 'c.id = a.cluster_id AND c.tenant_id = a.tenant_id')
      .addSelect('COALESCE(c.size, 1)', 'cluster_size')
      .where('a.tenant_id = :tenantId AND a.deleted_at IS NULL', { tenantId });
    if (query.niche) qb.andWhere('a.niche = :niche', { niche: query.niche });
    if (query.sourceId) qb.andWhere('a.source_id = :sourceId', { sourceId: query.sourceId });
    if (query.since) qb.andWhere('a.published_at >= :since', { since: query.since });
    if (query.until) qb.andWhere('a.published_at < :until', { until: query.until });
    if (query.minScore !== undefined) qb.andWhere('a.score >= :minScore', { minScore: query.minScore });
    if (query.q) qb.andWhere(`(a.title ILIKE :q OR a.lead ILIKE :q)`, { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (query.after) {
      const value = query.order === 'score' ? Number(query.after.value) : new Date(query.after.value);
      qb.andWhere(`(${column}, a.id) < (:afterValue, :afterId)`, { afterValue: value, afterId: query.after.id });
    }
    qb.orderBy(column, 'DESC').addOrderBy('a.id', 'DESC').limit(query.limit);
    const { entities, raw } = await qb.getRawAndEntities<{ cluster_size: number | string }>();
    return entities.map((entity, i) => Object.assign(entity, { clusterSize: Number(raw[i]?.cluster_size ?? 1) }));
  }

  async get(tenantId: string, id: string): Promise<ArticleWithCluster> {
    const row = await this.repo.findOneBy({ tenantId, id });
    if (!row || row.deletedAt) throw new NotFoundError('Article', id);
    const cluster = await this.dataSource.getRepository(StoryClusterEntity).findOneBy({ tenantId, id: row.clusterId });
    return Object.assign(row, { clusterSize: cluster?.size ?? 1 });
  }

  /**
   * Tombstones an article: it disappears from the API and its text is dropped, while its dedupe
   * keys stay, so no refetch brings it back.
   */
  async tombstone(tenantId: string, id: string): Promise<void> {
    const result = await this.repo.createQueryBuilder().update(ArticleEntity)
      .set({ deletedAt: () => 'now()', lead: '', content: '' })
      .where('tenant_id = :tenantId AND id = :id AND deleted_at IS NULL', { tenantId, id })
      .execute();
    if (!result.affected) throw new NotFoundError('Article', id);
  }

  /** Which of these key hashes the tenant already has (a cheap pre-check; the insert decides). */
  async knownKeyHashes(tenantId: string, keyHashes: string[]): Promise<Set<string>> {
    if (keyHashes.length === 0) return new Set();
    const rows = await this.dataSource.query<Array<{ key_hash: string }>>(
      'SELECT key_hash FROM dedupe_keys WHERE tenant_id = $1 AND key_hash = ANY($2::text[])',
      [tenantId, keyHashes],
    );
    return new Set(rows.map((r) => r.key_hash));
  }
}
