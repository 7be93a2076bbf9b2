import type { DataSource } from 'typeorm';
import { applyRetention, ensurePartitions, recordEvent, recordEvents, refreshDailyStats } from '../src/adapters/db';
import { openTestDb } from './support/analytics-db';
import { engagement, fetched, published, summarized } from './support/events';

let dataSource: DataSource;
let schema: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, schema, drop } = await openTestDb());
});
afterAll(async () => {
  await drop();
});

/** The partition each of the tenant's facts is stored in, by event id. */
async function partitionsOf(tenantId: string): Promise<Map<string, string>> {
  const found = (await dataSource.query(
    `SELECT event_id, tableoid::regclass::text AS partition FROM "${schema}".event_facts WHERE tenant_id = $1`,
    [tenantId],
  )) as Array<{ event_id: string; partition: string }>;
  return new Map(found.map((r) => [r.event_id, r.partition.replace(`${schema}.`, '')]));
}

async function dailyStats(tenantId: string): Promise<Array<Record<string, string | number | null>>> {
  return dataSource.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, niche, articles, posts, measured_posts, likes, engagement
     FROM "${schema}".daily_stats WHERE tenant_id = $1 ORDER BY 1, 2`,
    [tenantId],
  );
}

describe('analytics storage', () => {
  it('creates the partitioned facts table with today, the days ahead and a default partition, and the daily_stats view', async () => {
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const partitions = (await dataSource.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [`"${schema}".event_facts`],
    )) as Array<{ relname: string }>;
    const names = partitions.map((p) => p.relname);
    expect(names).toContain('event_facts_default');
    expect(names).toContain(`event_facts_p${today}`);
    expect(names.filter((n) => /^event_facts_p\d{8}$/.test(n)).length).toBeGreaterThanOrEqual(8);
    const views = (await dataSource.query(`SELECT matviewname FROM pg_matviews WHERE schemaname = $1`, [schema])) as Array<{
      matviewname: string;
    }>;
    expect(views.map((v) => v.matviewname)).toEqual(['daily_stats']);
  });

  it('counts a redelivered event once', async () => {
    const event = fetched({ tenantId: 'redelivery', time: new Date() });
    expect(await recordEvent(dataSource.manager, event)).toBe(true);
    expect(await recordEvent(dataSource.manager, event)).toBe(false);
    const inserted = await recordEvents(dataSource.manager, [event, event]);
    expect(inserted.size).toBe(0);
    await refreshDailyStats(dataSource);
    const [row] = await dailyStats('redelivery');
    expect(Number(row?.articles)).toBe(1);
  });

  it('keeps the newest engagement measurement of a post whatever the delivery order', async () => {
    const post = published({ tenantId: 'measured', time: new Date() });
    const first = engagement(post, { likes: 1 }, new Date(Date.now() + 60_000));
    const second = engagement(post, { likes: 5, replies: 1 }, new Date(Date.now() + 120_000));
    for (const event of [second, post, first, second, first]) await recordEvent(dataSource.manager, event);
    const [outcome] = (await dataSource.query(`SELECT likes, replies, published_at FROM "${schema}".post_outcomes WHERE tenant_id = $1`, [
      'measured',
    ])) as Array<{ likes: number; replies: number; published_at: Date }>;
    expect(outcome).toEqual({ likes: 5, replies: 1, published_at: new Date(post.data.publishedAt) });
    await refreshDailyStats(dataSource);
    const [row] = await dailyStats('measured');
    expect(row).toMatchObject({ posts: '1', measured_posts: '1', likes: '5', engagement: '6' });
  });

  it('stores events of two days in their own partitions and still counts rows of the default partition', async () => {
    await ensurePartitions(dataSource, new Date('2026-01-10T12:00:00Z'), 1);
    const lateOnTenth = fetched({ tenantId: 'days', time: '2026-01-10T23:59:59.999Z' });
    const earlyOnEleventh = fetched({ tenantId: 'days', time: '2026-01-11T00:00:00.000Z' });
    const withoutPartition = fetched({ tenantId: 'days', time: '2026-01-20T08:00:00Z' });
    await recordEvents(dataSource.manager, [lateOnTenth, earlyOnEleventh, withoutPartition]);

    const partitions = await partitionsOf('days');
    expect(partitions.get(lateOnTenth.id)).toBe('event_facts_p20260110');
    expect(partitions.get(earlyOnEleventh.id)).toBe('event_facts_p20260111');
    expect(partitions.get(withoutPartition.id)).toBe('event_facts_default');

    await refreshDailyStats(dataSource);
    expect((await dailyStats('days')).map((r) => [r.day, Number(r.articles)])).toEqual([
      ['2026-01-10', 1],
      ['2026-01-11', 1],
      ['2026-01-20', 1],
    ]);
  });

  it('moves rows waiting in the default partition into their day when the partition is created, without duplicating them', async () => {
    const waiting = summarized({ tenantId: 'late', time: '2026-02-03T10:00:00Z' });
    await recordEvent(dataSource.manager, waiting);
    expect((await partitionsOf('late')).get(waiting.id)).toBe('event_facts_default');

    const created = await ensurePartitions(dataSource, new Date('2026-02-03T00:00:00Z'), 0);
    expect(created).toEqual(['event_facts_p20260203']);
    expect((await partitionsOf('late')).get(waiting.id)).toBe('event_facts_p20260203');
    expect(await recordEvent(dataSource.manager, waiting)).toBe(false);
    expect(await ensurePartitions(dataSource, new Date('2026-02-03T00:00:00Z'), 0)).toEqual([]);
  });

  it('creates a partition once when two replicas ensure it at the same time', async () => {
    const day = new Date('2026-02-14T00:00:00Z');
    const results = await Promise.all([ensurePartitions(dataSource, day, 0), ensurePartitions(dataSource, day, 0)]);
    expect(results.flat()).toEqual(['event_facts_p20260214']);
  });

  it('refreshes daily_stats concurrently while a reader holds the view open', async () => {
    await recordEvent(dataSource.manager, fetched({ tenantId: 'reader', time: new Date() }));
    await refreshDailyStats(dataSource);
    const reader = dataSource.createQueryRunner();
    await reader.connect();
    try {
      await reader.startTransaction();
      const before = (await reader.query(`SELECT sum(articles) AS n FROM "${schema}".daily_stats WHERE tenant_id = 'reader'`)) as Array<{
        n: string;
      }>;
      expect(Number(before[0]?.n)).toBe(1);
      const [{ pid }] = (await reader.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      const held = (await dataSource.query(`SELECT granted FROM pg_locks WHERE pid = $1 AND relation = $2::regclass`, [
        pid,
        `"${schema}".daily_stats`,
      ])) as Array<{ granted: boolean }>;
      expect(held).toEqual([{ granted: true }]);

      await recordEvent(dataSource.manager, fetched({ tenantId: 'reader', time: new Date() }));
      // A plain REFRESH would wait for the reader's lock forever; the concurrent one must not.
      let guard: NodeJS.Timeout | undefined;
      await Promise.race([
        refreshDailyStats(dataSource),
        new Promise((_, reject) => {
          guard = setTimeout(() => reject(new Error('refresh blocked behind the reader')), 15_000);
        }),
      ]).finally(() => clearTimeout(guard));

      const after = (await reader.query(`SELECT sum(articles) AS n FROM "${schema}".daily_stats WHERE tenant_id = 'reader'`)) as Array<{
        n: string;
      }>;
      expect(Number(after[0]?.n)).toBe(2);
      await reader.commitTransaction();
    } finally {
      if (reader.isTransactionActive) await reader.rollbackTransaction();
      await reader.release();
    }
  });

  it('drops only partitions older than the retention window, and old rows of the default partition', async () => {
    await ensurePartitions(dataSource, new Date('2026-03-01T00:00:00Z'), 3);
    const old = fetched({ tenantId: 'retention', time: '2026-03-01T12:00:00Z' });
    const kept = fetched({ tenantId: 'retention', time: '2026-03-02T12:00:00Z' });
    const oldDefault = fetched({ tenantId: 'retention', time: '2026-02-25T12:00:00Z' });
    const keptDefault = fetched({ tenantId: 'retention', time: '2026-03-05T12:00:00Z' });
    const oldPost = published({ tenantId: 'retention', time: '2026-02-25T12:00:00Z' });
    await recordEvents(dataSource.manager, [old, kept, oldDefault, keptDefault, oldPost]);
    expect((await partitionsOf('retention')).get(oldDefault.id)).toBe('event_facts_default');

    // now - 4 days = 2026-03-02T06:00Z: the 1st ended before it, the 2nd has not.
    const result = await applyRetention(dataSource, new Date('2026-03-06T06:00:00Z'), 4);

    expect(result.droppedPartitions).toEqual(expect.arrayContaining(['event_facts_p20260110', 'event_facts_p20260301']));
    expect(result.droppedPartitions).not.toContain('event_facts_p20260302');
    expect(result.deletedDefaultRows).toBeGreaterThanOrEqual(2);
    expect(result.deletedPostOutcomes).toBe(1);
    const remaining = await partitionsOf('retention');
    expect([...remaining.keys()].sort()).toEqual([kept.id, keptDefault.id].sort());
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const exists = (await dataSource.query(`SELECT to_regclass($1) AS t`, [`"${schema}".event_facts_p${today}`])) as Array<{ t: string | null }>;
    expect(exists[0]?.t).not.toBeNull();
  });
});
