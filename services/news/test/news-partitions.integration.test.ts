import { randomUUID } from 'node:crypto';
import { createDataSource } from '@pulse/db';
import { CreateEventBusTables1763856000000 } from '@pulse/event-bus';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { infraEnv } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { ArticlePartitions, CreateNewsTables1764100000000, KNOWN_KEY_HASHES_SQL } from '../src/adapters/db';
import { hashDedupeKey } from '../src/domain/dedupe-keys';
import { monthPartition, monthStart } from '../src/domain/month-partitions';
import { api, items, rss, startNews, tokenFor, uniqueNames, type NewsInstance } from './support/news-harness';

// A database as the first release left it (plain articles table with rows), then the service
// boots and migrates it to monthly partitions.
const names = uniqueNames();
const tenantId = `tenant-${randomUUID()}`;
const now = new Date();
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
let news: NewsInstance | undefined;
let feeds: FakeFeedServer;

const dataSource = () => (news!.running.context as { dataSource: DataSource }).dataSource;
const query = <T>(sql: string, params?: unknown[]) => dataSource().query<T[]>(sql, params);

/** The partition each of these articles lives in. */
async function partitionsOf(ids: string[]): Promise<Record<string, string>> {
  const rows = await query<{ id: string; partition: string }>('SELECT id, tableoid::regclass::text AS partition FROM articles WHERE id = ANY($1::uuid[])', [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.partition.replace(/^.*\./, '')]));
}

// Published: this month, last month, and 2001 (older than the partitions made for existing rows).
const old = { thisMonth: randomUUID(), lastMonth: randomUUID(), ancient: randomUUID() };
const publishedAt = {
  [old.thisMonth]: new Date(now.getTime() - 60_000),
  [old.lastMonth]: new Date(monthStart(now).getTime() - 86_400_000),
  [old.ancient]: new Date('2001-03-04T05:06:07Z'),
};

beforeAll(async () => {
  feeds = await startFeedServer();
  const legacy = await createDataSource({
    url: infraEnv().databaseUrl, schema: names.schema, logger: silent,
    migrations: [CreateEventBusTables1763856000000, CreateNewsTables1764100000000],
  });
  try {
    const [source] = await legacy.query<Array<{ id: string }>>(`INSERT INTO sources (tenant_id, url, niche) VALUES ($1, 'https://legacy.example/feed', 'science') RETURNING id`, [tenantId]);
    for (const [i, id] of Object.values(old).entries()) {
      await legacy.query(`INSERT INTO story_clusters (id, tenant_id, size, first_seen_at, last_seen_at) VALUES ($1, $2, 1, now(), now())`, [id, tenantId]);
      await legacy.query(
        `INSERT INTO articles (id, tenant_id, source_id, niche, url, canonical_url, title, lead, content, published_at, first_seen_at, score, score_breakdown, cluster_id, simhash)
         VALUES ($1, $2, $3, 'science', $4, $4, $5, 'lead', 'content', $6, now(), 0.5, '{}'::jsonb, $1, $7)`,
        [id, tenantId, source!.id, `https://legacy.example/${i}`, `Legacy story ${i}`, publishedAt[id], i],
      );
      await legacy.query(`INSERT INTO dedupe_keys (tenant_id, key_hash, key, article_id) VALUES ($1, $2, $3, $4)`, [tenantId, hashDedupeKey(`url:legacy.example/${i}`), `url:legacy.example/${i}`, id]);
    }
  } finally {
    await legacy.destroy();
  }
  news = await startNews(names, { FETCH_WORKER_ENABLED: 'false' });
}, 120_000);

afterAll(async () => {
  await news?.stop();
  await feeds?.close();
}, 60_000);

describe('articles partitioned by month on published_at', () => {
  it('migrates an existing table: every row moved into its month, old ones into the default partition', async () => {
    const [kind] = await query<{ relkind: string }>(`SELECT relkind FROM pg_class WHERE oid = to_regclass('articles')`);
    expect(kind!.relkind).toBe('p');
    expect(await partitionsOf(Object.values(old))).toEqual({
      [old.thisMonth]: monthPartition(now).name,
      [old.lastMonth]: monthPartition(monthStart(now, -1)).name,
      [old.ancient]: 'articles_default',
    });
    // Months ahead exist (start-up maintenance, ARTICLE_PARTITIONS_AHEAD_MONTHS=3).
    const children = await query<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('articles')`);
    expect(children.map((c) => c.name)).toEqual(expect.arrayContaining([1, 2, 3].map((m) => monthPartition(monthStart(now, m)).name)));
  });

  it('stores new articles in their month partition and keeps the API, dedupe and tombstones working', async () => {
    const token = await tokenFor(tenantId);
    feeds.serve('/parts.rss', { body: rss('Parts', [
      ...items('parts.example', 2, now),
      // Its first key is a migrated article's: a duplicate.
      { title: 'Legacy story again', link: 'https://legacy.example/0', description: 'Seen before the migration.', pubDate: now },
    ]) });
    const created = await api(news!.server, token).post('/sources', { url: feeds.urlFor('/parts.rss'), niche: 'science' });
    expect(created.status).toBe(201);
    const refresh = await api(news!.server, token).post(`/sources/${created.body.id}/refresh`);
    expect(refresh.body).toMatchObject({ outcome: 'fetched', newArticles: 2, duplicates: 1 });

    const listed = await api(news!.server, token).get('/articles?order=published&limit=10');
    expect(listed.status).toBe(200);
    const ids: string[] = (listed.body.items as Array<{ id: string }>).map((a) => a.id);
    expect(ids).toHaveLength(5); // 2 new + 3 migrated
    expect(ids.slice(-1)).toEqual([old.ancient]);
    const fresh = ids.filter((id) => !(Object.values(old) as string[]).includes(id));
    const partitions = await partitionsOf(fresh);
    for (const id of fresh) {
      const [row] = await query<{ published_at: Date }>('SELECT published_at FROM articles WHERE id = $1', [id]);
      expect(partitions[id]).toBe(monthPartition(row!.published_at).name);
    }
    const bySource = await api(news!.server, token).get(`/articles?niche=science&sourceId=${created.body.id}&since=${encodeURIComponent(monthStart(now, -1).toISOString())}`);
    expect(bySource.body.items).toHaveLength(2);

    // Tombstone a migrated article: gone from the API, and its key still keeps it from coming back.
    await api(news!.server, token).delete(`/articles/${old.ancient}`).expect(204);
    await api(news!.server, token).get(`/articles/${old.ancient}`).expect(404);
    const detail = await api(news!.server, token).get(`/articles/${fresh[0]}`);
    expect(detail.status).toBe(200);
    expect(detail.body.cluster).toEqual({ id: expect.any(String), size: expect.any(Number) });
  });

  it('creates a missing month later, moving that month\'s rows out of the default partition', async () => {
    const future = monthStart(now, 10); // beyond the months kept ahead
    const id = randomUUID();
    await query(`INSERT INTO story_clusters (id, tenant_id, size, first_seen_at, last_seen_at) VALUES ($1, $2, 1, now(), now())`, [id, tenantId]);
    await query(
      `INSERT INTO articles (id, tenant_id, niche, url, canonical_url, title, lead, content, published_at, first_seen_at, score, score_breakdown, cluster_id, simhash)
       VALUES ($1, $2, 'science', 'https://later.example/', 'https://later.example/', 'Later', '', '', $3, now(), 0.1, '{}'::jsonb, $1, 1)`,
      [id, tenantId, new Date(future.getTime() + 3_600_000)],
    );
    expect(await partitionsOf([id])).toEqual({ [id]: 'articles_default' });

    const partitions = new ArticlePartitions(dataSource());
    expect(await partitions.ensure(monthPartition(future))).toBe(true);
    expect(await partitions.ensure(monthPartition(future))).toBe(false);
    expect(await partitionsOf([id])).toEqual({ [id]: monthPartition(future).name });
    // The new partition got the parent's indexes.
    const [indexes] = await query<{ n: string }>(`SELECT count(*) AS n FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [monthPartition(future).name]);
    expect(Number(indexes!.n)).toBe(7);
  });
});

interface PlanNode { 'Node Type': string; 'Index Cond'?: string; Filter?: string; Plans?: PlanNode[] }
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describe('dedupe keys of a migrated database', () => {
  it('finds known keys through the primary key, not by reading the whole table', async () => {
    // The legacy table had key_hash char(32): compared with the lookup's text[] PostgreSQL could
    // not use the index, and every dedupe check read every key ever stored.
    const runner = dataSource().createQueryRunner();
    try {
      await runner.startTransaction();
      // A few rows would be read sequentially anyway; forbid that so only a usable index passes.
      await runner.query('SET LOCAL enable_seqscan = off');
      await runner.query('ANALYZE dedupe_keys'); // without statistics the planner may filter a tiny table's keys instead
      const [explained] = await runner.query(`EXPLAIN (FORMAT JSON) ${KNOWN_KEY_HASHES_SQL}`, [tenantId, [hashDedupeKey('url:legacy.example/1')]]) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
      const nodes = planNodes(explained!['QUERY PLAN'][0]!.Plan);
      // key_hash is searched in the index, not filtered row by row after reading the tenant's keys.
      expect(nodes.map((node) => node['Index Cond'] ?? '').join(' ')).toContain('key_hash');
      expect(nodes.map((node) => node.Filter ?? '').join(' ')).not.toContain('key_hash');
      const known = await runner.query(KNOWN_KEY_HASHES_SQL, [tenantId, [hashDedupeKey('url:legacy.example/1'), hashDedupeKey('url:never.example/')]]) as Array<{ key_hash: string }>;
      expect(known.map((row) => row.key_hash)).toEqual([hashDedupeKey('url:legacy.example/1')]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
