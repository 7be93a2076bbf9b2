import type { DataSource, Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '@pulse/errors';
import { SourceEntity } from './source.entity';

/** The fields a client sets on a source (the rest is fetch state). */
export interface SourceSettings {
  url: string;
  title?: string | null;
  niche: string;
  authorityWeight: number;
  pollIntervalSeconds: number | null;
  enabled: boolean;
  headers: Record<string, string>;
  basicAuthUsername: string | null;
  basicAuthSecret: string | null;
  userAgent: string | null;
  fetchFullArticle: boolean;
}

export interface FetchSuccess {
  at: Date;
  etag: string | null;
  lastModified: string | null;
  newItems: number;
  intervalSeconds: number;
  nextFetchAt: Date;
  title?: string;
}

export interface FetchFailure {
  at: Date;
  error: string;
  consecutiveFailures: number;
  nextFetchAt: Date;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === UNIQUE_VIOLATION || e?.driverError?.code === UNIQUE_VIOLATION;
}

/** Sources of every tenant; each client-facing method takes the tenant and never crosses it. */
export class SourceRepository {
  private readonly repo: Repository<SourceEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(SourceEntity);
  }

  async create(tenantId: string, settings: SourceSettings): Promise<SourceEntity> {
    try {
      const row = this.repo.create({ ...settings, tenantId, consecutiveFailures: 0, itemsSeen: 0, nextFetchAt: new Date() });
      return await this.repo.save(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A source with the URL ${settings.url} already exists`);
      throw error;
    }
  }

  list(tenantId: string, filter: { niche?: string; limit: number }): Promise<SourceEntity[]> {
    return this.repo.find({
      where: { tenantId, ...(filter.niche ? { niche: filter.niche } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: filter.limit,
    });
  }

  async get(tenantId: string, id: string): Promise<SourceEntity> {
    const row = await this.repo.findOneBy({ tenantId, id });
    if (!row) throw new NotFoundError('Source', id);
    return row;
  }

  /** The source whatever its tenant: only for the fetch worker, which takes the tenant from the row. */
  findForFetch(id: string): Promise<SourceEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async update(tenantId: string, id: string, patch: Partial<SourceSettings>): Promise<SourceEntity> {
    const row = await this.get(tenantId, id);
    // A changed URL is another feed: its validators and health start over, and it is due now.
    const urlChanged = patch.url !== undefined && patch.url !== row.url;
    Object.assign(row, patch);
    if (urlChanged) Object.assign(row, { etag: null, lastModified: null, consecutiveFailures: 0, lastError: null, nextFetchAt: new Date() });
    if (patch.enabled === true) row.nextFetchAt = new Date(Math.min(row.nextFetchAt.getTime(), Date.now()));
    try {
      return await this.repo.save(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A source with the URL ${patch.url} already exists`);
      throw error;
    }
  }

  async delete(tenantId: string, id: string): Promise<void> {
    const result = await this.repo.delete({ tenantId, id });
    if (!result.affected) throw new NotFoundError('Source', id);
  }

  /** Ids of enabled sources whose next fetch is due, oldest first. */
  /**
   * The due sources, oldest due first: id and URL only (the URL picks the per-host limit), so a
   * cycle over thousands of sources loads no entity until its fetch starts.
   */
  async dueSources(now: Date, limit: number): Promise<Array<{ id: string; url: string }>> {
    return this.repo.createQueryBuilder('s')
      .select('s.id', 'id')
      .addSelect('s.url', 'url')
      .where('s.enabled AND s.next_fetch_at <= :now', { now })
      .orderBy('s.next_fetch_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string; url: string }>();
  }

  async recordSuccess(id: string, outcome: FetchSuccess): Promise<void> {
    await this.repo.createQueryBuilder().update(SourceEntity)
      .set({
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        lastFetchedAt: outcome.at,
        lastSuccessAt: outcome.at,
        lastError: null,
        lastErrorAt: null,
        consecutiveFailures: 0,
        effectiveIntervalSeconds: outcome.intervalSeconds,
        nextFetchAt: outcome.nextFetchAt,
        itemsSeen: () => `items_seen + ${Math.max(0, Math.floor(outcome.newItems))}`,
        ...(outcome.title ? { title: () => `COALESCE(title, :feedTitle)` } : {}),
      })
      .where('id = :id', { id, feedTitle: outcome.title })
      .execute();
  }

  async recordFailure(id: string, outcome: FetchFailure): Promise<void> {
    await this.repo.createQueryBuilder().update(SourceEntity)
      .set({
        lastFetchedAt: outcome.at,
        lastError: outcome.error.slice(0, 2000),
        lastErrorAt: outcome.at,
        consecutiveFailures: outcome.consecutiveFailures,
        nextFetchAt: outcome.nextFetchAt,
      })
      .where('id = :id', { id })
      .execute();
  }
}
