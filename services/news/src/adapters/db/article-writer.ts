/**
 * The SQL steps of storing one new article, all run on the caller's transaction (see
 * ArticleIngester): tenant lock, dedupe keys, story cluster, the article row.
 */
import type { EntityManager } from 'typeorm';
import { hashDedupeKey } from '../../domain/dedupe-keys';
import { simhashToBigInt } from '../../domain/simhash';
import type { ScoreBreakdown } from '../../domain/article-ranker';
import { ArticleEntity } from './article.entity';

/** First half of the two-int advisory lock key: "news" in ASCII, so other users of advisory locks do not collide. */
const TENANT_LOCK_NAMESPACE = 0x6e657773;

/**
 * Serializes a tenant's article writes (across replicas) until the transaction ends: dedupe keys
 * and story clustering then see every earlier article of the tenant, and two transactions never
 * wait on each other's keys in opposite order.
 */
export async function lockTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, tenantId]);
}

/** Inserts the article's dedupe keys; false when any of them already exists (a duplicate, or a tombstone). */
export async function claimDedupeKeys(manager: EntityManager, tenantId: string, articleId: string, keys: string[]): Promise<boolean> {
  const sorted = [...new Set(keys)].sort();
  const rows = await manager.query<Array<{ key_hash: string }>>(
    `INSERT INTO dedupe_keys (tenant_id, key_hash, key, article_id)
     SELECT $1, t.h, t.k, $2 FROM unnest($3::text[], $4::text[]) AS t(h, k)
     ON CONFLICT (tenant_id, key_hash) DO NOTHING
     RETURNING key_hash`,
    [tenantId, articleId, sorted.map(hashDedupeKey), sorted],
  );
  return rows.length === sorted.length;
}

/** Opens or grows a story cluster; returns its size including this article. */
export async function joinCluster(manager: EntityManager, tenantId: string, clusterId: string, now: Date): Promise<number> {
  const rows = await manager.query<Array<{ size: number }>>(
    `INSERT INTO story_clusters (id, tenant_id, size, first_seen_at, last_seen_at) VALUES ($1, $2, 1, $3, $3)
     ON CONFLICT (id) DO UPDATE SET size = story_clusters.size + 1, last_seen_at = EXCLUDED.last_seen_at
     WHERE story_clusters.tenant_id = EXCLUDED.tenant_id
     RETURNING size`,
    [clusterId, tenantId, now],
  );
  return rows[0]?.size ?? 1;
}

export interface NewArticle {
  id: string;
  tenantId: string;
  sourceId: string;
  niche: string;
  url: string;
  canonicalUrl: string;
  guid: string | null;
  title: string;
  lead: string;
  content: string;
  language: string | null;
  author: string | null;
  keywords: string[];
  publishedAt: Date;
  firstSeenAt: Date;
  score: number;
  scoreBreakdown: ScoreBreakdown;
  clusterId: string;
  simhash: string;
}

export async function insertArticle(manager: EntityManager, article: NewArticle): Promise<void> {
  await manager.createQueryBuilder().insert().into(ArticleEntity)
    .values({ ...article, simhash: simhashToBigInt(article.simhash).toString(), deletedAt: null })
    .execute();
}
