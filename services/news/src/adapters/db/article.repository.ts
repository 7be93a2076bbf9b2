import type { DataSource, Repository } from 'typeorm';
import { preparedQuery } from '@pulse/db';
import { NotFoundError } from '@pulse/errors';
import { ArticleEntity } from './article.entity';
import { StoryClusterEntity } from './story-cluster.entity';
import { knownKeyHashes } from './article-writer';

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

/**
 * What the list shows of an article, ready to be written out: no `content` (most of a row's bytes),
 * timestamps already as ISO 8601 text and the jsonb columns as PostgreSQL prints them, so the
 * response splices them in instead of parsing and re-serializing every breakdown on every request.
 */
export interface ArticleListRow {
  id: string;
  sourceId: string | null;
  niche: string;
  url: string;
  canonicalUrl: string;
  guid: string | null;
  title: string;
  lead: string;
  language: string | null;
  author: string | null;
  /** JSON text of the keywords array. */
  keywordsJson: string;
  /** `Date.prototype.toISOString()` form (UTC, milliseconds). */
  publishedAt: string;
  firstSeenAt: string;
  score: number;
  /** JSON text of the score breakdown object. */
  scoreBreakdownJson: string;
  clusterId: string;
  clusterSize: number;
}

/** A timestamptz as `Date.toISOString()` writes it (both truncate to milliseconds). */
const isoText = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const LIST_COLUMNS = [
  'a.id', 'a.source_id AS "sourceId"', 'a.niche', 'a.url', 'a.canonical_url AS "canonicalUrl"', 'a.guid', 'a.title', 'a.lead',
  'a.language', 'a.author', 'a.keywords::text AS "keywordsJson"', `${isoText('a.published_at')} AS "publishedAt"`,
  `${isoText('a.first_seen_at')} AS "firstSeenAt"`, 'a.score', 'a.score_breakdown::text AS "scoreBreakdownJson"',
  'a.cluster_id AS "clusterId"', 'COALESCE(c.size, 1) AS "clusterSize"',
].join(', ');

/** Read side of articles for the API; every query is scoped to one tenant. */
export class ArticleRepository {
  private readonly repo: Repository<ArticleEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(ArticleEntity);
  }

  /**
   * One page of live articles in a stable order: (score, id) or (published_at, id), both descending.
   *
   * A hand-written parameterized query rather than a QueryBuilder with entity hydration: the list is
   * the public API's hottest path, and building the query and hydrating entities cost more CPU than
   * PostgreSQL spent answering it. It selects only what the list shows, in the form the response
   * writes it (see ArticleListRow).
   */
  async list(tenantId: string, query: ArticleQuery): Promise<ArticleListRow[]> {
    const params: unknown[] = [tenantId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = ['a.tenant_id = $1', 'a.deleted_at IS NULL'];
    const column = query.order === 'score' ? 'a.score' : 'a.published_at';
    if (query.niche) where.push(`a.niche = ${param(query.niche)}`);
    if (query.sourceId) where.push(`a.source_id = ${param(query.sourceId)}`);
    if (query.since) where.push(`a.published_at >= ${param(query.since)}`);
    if (query.until) where.push(`a.published_at < ${param(query.until)}`);
    if (query.minScore !== undefined) where.push(`a.score >= ${param(query.minScore)}`);
    if (query.q) {
      const pattern = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(a.title ILIKE ${pattern} OR a.lead ILIKE ${pattern})`);
    }
    if (query.after) {
      const value = query.order === 'score' ? Number(query.after.value) : new Date(query.after.value);
      where.push(`(${column}, a.id) < (${param(value)}, ${param(query.after.id)})`);
    }
    const sql = `SELECT ${LIST_COLUMNS} FROM articles a
       LEFT JOIN story_clusters c ON c.id = a.cluster_id AND c.tenant_id = a.tenant_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${column} DESC, a.id DESC
       LIMIT ${param(query.limit)}`;
    // Prepared: PostgreSQL plans a query over the partitioned table once per connection instead of on
    // every request (planning cost more than executing); the text depends only on which filters are present.
    return preparedQuery<ArticleListRow>(this.dataSource.manager, sql, params);
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
  knownKeyHashes(tenantId: string, keyHashes: string[]): Promise<Set<string>> {
    return knownKeyHashes(this.dataSource, tenantId, keyHashes);
  }
}
