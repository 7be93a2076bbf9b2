/**
 * The SQL steps of storing a batch of new articles (one feed fetch), all run on the caller's
 * transaction (see ArticleIngester): tenant lock, dedupe keys, story clusters, the article rows
 * with their outbox rows; each one multi-row statement.
 */
import type { EntityManager } from 'typeorm';
import { outbox } from '@pulse/event-bus';
import { simhashToBigInt } from '../../domain/simhash';
import type { ScoreBreakdown } from '../../domain/article-ranker';

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

/**
 * Which of these key hashes a tenant already has: one primary-key lookup per key. Written as a
 * LATERAL lookup per key (LIMIT keeps PostgreSQL from flattening it into a join) rather than
 * `key_hash = ANY($2)`: for the ANY form the planner often preferred reading all of the tenant's keys
 * through the index and filtering them (statistics of a young, fast-growing table; 12 ms per check
 * at 45,000 keys in the news benchmark), and nothing but the per-key form stays cheap as it grows.
 */
export const KNOWN_KEY_HASHES_SQL = `SELECT d.key_hash FROM unnest($2::text[]) AS k(key_hash)
  CROSS JOIN LATERAL (SELECT key_hash FROM dedupe_keys WHERE tenant_id = $1 AND key_hash = k.key_hash LIMIT 1) AS d`;

/** The stored ones among `keyHashes` (tombstones included), on any executor: a transaction's manager or the pool. */
export async function knownKeyHashes(db: Pick<EntityManager, 'query'>, tenantId: string, keyHashes: string[]): Promise<Set<string>> {
  if (keyHashes.length === 0) return new Set();
  const rows = await db.query<Array<{ key_hash: string }>>(KNOWN_KEY_HASHES_SQL, [tenantId, keyHashes]);
  return new Set(rows.map((row) => row.key_hash));
}

/** A dedupe key with its hashDedupeKey, computed once by the caller (SHA-256 per key is not free). */
export interface HashedKey {
  key: string;
  hash: string;
}

export interface KeyClaim {
  articleId: string;
  keys: HashedKey[];
}

/**
 * Decides which of a batch of would-be articles are new and inserts their dedupe keys; returns
 * their ids. Call it under the tenant's lock (lockTenant): every writer of the tenant takes it,
 * so the keys read here are all there are. In batch order, as if stored one by one: an article
 * is new when none of its keys is stored (a duplicate or a tombstone) or taken by an earlier new
 * article of the batch. The keys then go in with ON CONFLICT DO NOTHING RETURNING, sorted (no
 * deadlocks); should a key be taken after all (a writer that skipped the lock), its article
 * counts as a duplicate and gives back the keys it got, so only stored articles hold keys.
 */
export async function claimDedupeKeys(manager: EntityManager, tenantId: string, claims: KeyClaim[]): Promise<Set<string>> {
  // Each key once per claim (an article's URL and GUID key can coincide).
  const hashed = claims.map((claim) => ({ articleId: claim.articleId, keys: [...new Map(claim.keys.map((k) => [k.hash, k])).values()] }));
  const taken = await knownKeyHashes(manager, tenantId, hashed.flatMap((c) => c.keys.map((k) => k.hash)));
  const winners = hashed.filter((claim) => {
    if (claim.keys.some((k) => taken.has(k.hash))) return false;
    for (const k of claim.keys) taken.add(k.hash);
    return true;
  });
  if (winners.length === 0) return new Set();
  const rows = winners.flatMap((claim) => claim.keys.map((k) => ({ ...k, articleId: claim.articleId })));
  rows.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const inserted = await manager.query<Array<{ article_id: string }>>(
    `INSERT INTO dedupe_keys (tenant_id, key_hash, key, article_id)
     SELECT $1, t.h, t.k, t.a FROM unnest($2::text[], $3::text[], $4::uuid[]) WITH ORDINALITY AS t(h, k, a, n) ORDER BY t.n
     ON CONFLICT (tenant_id, key_hash) DO NOTHING
     RETURNING article_id`,
    [tenantId, rows.map((r) => r.hash), rows.map((r) => r.key), rows.map((r) => r.articleId)],
  );
  const got = new Map<string, number>();
  for (const row of inserted) got.set(row.article_id, (got.get(row.article_id) ?? 0) + 1);
  const claimed = new Set<string>();
  const partial: string[] = [];
  for (const claim of winners) {
    const count = got.get(claim.articleId) ?? 0;
    if (count === claim.keys.length) claimed.add(claim.articleId);
    else if (count > 0) partial.push(claim.articleId);
  }
  if (partial.length > 0) {
    await manager.query('DELETE FROM dedupe_keys WHERE tenant_id = $1 AND article_id = ANY($2::uuid[])', [tenantId, partial]);
  }
  return claimed;
}

/**
 * Opens or grows story clusters by `added` members each (one statement); returns each cluster's
 * size before this batch, so the caller can number the batch's members (size including itself).
 */
export async function joinClusters(manager: EntityManager, tenantId: string, added: Map<string, number>, now: Date): Promise<Map<string, number>> {
  if (added.size === 0) return new Map();
  const ids = [...added.keys()];
  const rows = await manager.query<Array<{ id: string; size: number }>>(
    `INSERT INTO story_clusters (id, tenant_id, size, first_seen_at, last_seen_at)
     SELECT t.id, $1, t.n, $2, $2 FROM unnest($3::uuid[], $4::int[]) AS t(id, n)
     ON CONFLICT (id) DO UPDATE SET size = story_clusters.size + EXCLUDED.size, last_seen_at = EXCLUDED.last_seen_at
     WHERE story_clusters.tenant_id = EXCLUDED.tenant_id
     RETURNING id, size`,
    [tenantId, now, ids, ids.map((id) => added.get(id)!)],
  );
  const before = new Map(ids.map((id) => [id, 0]));
  for (const row of rows) before.set(row.id, Number(row.size) - added.get(row.id)!);
  return before;
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

/**
 * Inserts the articles and their outbox rows in one statement (PostgreSQL routes each article to its
 * month's partition): one array parameter per column and unnest, in batch order (seq follows it),
 * and the outbox rows as `announcements` (outbox.rowsParameter) in a data-modifying WITH. One
 * statement rather than two saves the write a round trip, and the write is the part of a fetch
 * cycle that runs one at a time per tenant (the tenant lock). Plain SQL rather than TypeORM's
 * insert builder, which spent more CPU building and escaping a 500-row VALUES list (18
 * parameters per row) than PostgreSQL spent storing it.
 */
export async function insertArticles(manager: EntityManager, articles: NewArticle[], announcements: string): Promise<void> {
  if (articles.length === 0) return;
  const column = <T>(pick: (article: NewArticle) => T): T[] => articles.map(pick);
  await manager.query(
    `WITH stored AS (
       INSERT INTO articles (id, tenant_id, source_id, niche, url, canonical_url, guid, title, lead, content, language, author,
         keywords, published_at, first_seen_at, score, score_breakdown, cluster_id, simhash)
       SELECT t.id, t.tenant_id, t.source_id, t.niche, t.url, t.canonical_url, t.guid, t.title, t.lead, t.content, t.language, t.author,
         t.keywords::jsonb, t.published_at, t.first_seen_at, t.score, t.score_breakdown::jsonb, t.cluster_id, t.simhash
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::float8[], $17::text[],
         $18::uuid[], $19::bigint[])
         WITH ORDINALITY AS t(id, tenant_id, source_id, niche, url, canonical_url, guid, title, lead, content, language, author,
           keywords, published_at, first_seen_at, score, score_breakdown, cluster_id, simhash, n)
       ORDER BY t.n
     )
     ${outbox.insertStatement(manager, { rows: '$20' })}`,
    [
      column((a) => a.id), column((a) => a.tenantId), column((a) => a.sourceId), column((a) => a.niche), column((a) => a.url),
      column((a) => a.canonicalUrl), column((a) => a.guid), column((a) => a.title), column((a) => a.lead), column((a) => a.content),
      column((a) => a.language), column((a) => a.author), column((a) => JSON.stringify(a.keywords)),
      column((a) => a.publishedAt.toISOString()), column((a) => a.firstSeenAt.toISOString()), column((a) => a.score),
      column((a) => JSON.stringify(a.scoreBreakdown)), column((a) => a.clusterId), column((a) => simhashToBigInt(a.simhash).toString()),
      announcements,
    ],
  );
}
