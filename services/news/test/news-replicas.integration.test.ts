import { randomUUID } from 'node:crypto';
import { contracts } from '@pulse/contracts';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { waitFor } from '@pulse/testing';
import type { DataSource } from 'typeorm';
import { api, EventCollector, items, rss, startNews, tokenFor, uniqueNames, type NewsInstance } from './support/news-harness';

// Two replicas on one schema and topic, both running the fetch cycle every second.
const names = uniqueNames();
const tenantId = `tenant-${randomUUID()}`;
const GOOD_FEEDS = 5;
const ITEMS_PER_FEED = 4;
let replicas: NewsInstance[] = [];
let feeds: FakeFeedServer;
let collector: EventCollector;

const query = async <T>(sql: string): Promise<T[]> => (replicas[0]!.running.context as { dataSource: DataSource }).dataSource.query<T[]>(sql);

beforeAll(async () => {
  feeds = await startFeedServer();
  const env = { FETCH_CRON: '* * * * * *', FETCH_PER_HOST_CONCURRENCY: '8' };
  // Booted one after the other: the first applies the migrations, the second finds them done.
  replicas.push(await startNews(names, env));
  replicas.push(await startNews(names, env));
  collector = new EventCollector(names.topic);
  await collector.start();
}, 180_000);

afterAll(async () => {
  await collector?.stop();
  for (const replica of replicas) await replica.stop();
  replicas = [];
  await feeds?.close();
}, 60_000);

describe('news fetch cycle across replicas', () => {
  it('fetches every due source once, publishes every item exactly once, and records a broken feed without stopping the cycle', async () => {
    const token = await tokenFor(tenantId);
    // Slow answers keep each fetch in flight while the other replica's cycle reaches the same source.
    for (let f = 0; f < GOOD_FEEDS; f++) {
      feeds.serve(`/replica-${f}.rss`, { body: rss(`Feed ${f}`, items(`site-${f}.example`, ITEMS_PER_FEED)), delayMs: 400 });
    }
    feeds.serve('/replica-broken.rss', { body: '<html><body>This is a web page, not a feed</body></html>', contentType: 'text/html', delayMs: 400 });
    const ids: string[] = [];
    for (const path of [...Array.from({ length: GOOD_FEEDS }, (_, f) => `/replica-${f}.rss`), '/replica-broken.rss']) {
      const response = await api(replicas[0]!.server, token).post('/sources', { url: feeds.urlFor(path), niche: 'science' });
      expect(response.status).toBe(201);
      ids.push(response.body.id as string);
    }
    const brokenId = ids[ids.length - 1]!;

    await waitFor(async () => {
      const [row] = await query<{ n: string }>('SELECT count(*) AS n FROM sources WHERE last_fetched_at IS NULL');
      return Number(row!.n) === 0;
    }, { timeoutMs: 30_000, what: 'every source to be fetched by the cycle' });
    await waitFor(async () => {
      const [row] = await query<{ n: string }>('SELECT count(*) AS n FROM event_outbox WHERE sent_at IS NULL');
      return Number(row!.n) === 0;
    }, { what: 'the outbox to drain' });
    const expected = GOOD_FEEDS * ITEMS_PER_FEED;
    await waitFor(() => collector.of(tenantId).length >= expected, { what: `${expected} events` });

    const events = collector.of(tenantId);
    expect(events).toHaveLength(expected);
    expect(new Set(events.map((e) => e.data.canonicalUrl)).size).toBe(expected);
    expect(new Set(events.map((e) => e.id)).size).toBe(expected);
    for (const event of events) expect(contracts.newsFetched.validate(event).ok).toBe(true);
    const [stored] = await query<{ n: string }>('SELECT count(*) AS n FROM articles');
    expect(Number(stored!.n)).toBe(expected);

    // The per-source lock and the "still due?" check: one replica fetched each feed, once.
    for (let f = 0; f < GOOD_FEEDS; f++) expect({ feed: f, requests: feeds.requestCount(`/replica-${f}.rss`) }).toEqual({ feed: f, requests: 1 });
    expect(feeds.requestCount('/replica-broken.rss')).toBe(1);

    const broken = await api(replicas[1]!.server, token).get(`/sources/${brokenId}/health`);
    expect(broken.body).toMatchObject({ status: 'failing', consecutiveFailures: 1, lastSuccessAt: null });
    expect(broken.body.lastError).toMatch(/not a feed|not-a-feed|html/i);
    const healthy = await api(replicas[1]!.server, token).get(`/sources/${ids[0]}/health`);
    expect(healthy.body).toMatchObject({ status: 'healthy', itemsSeen: ITEMS_PER_FEED });
  });

  it('stores a story listed by several feeds once when the replicas fetch those feeds at the same time', async () => {
    const otherTenant = `tenant-${randomUUID()}`;
    const token = await tokenFor(otherTenant);
    const shared = items('wire.example', 6);
    const FEEDS = 4;
    for (let f = 0; f < FEEDS; f++) {
      // Each feed: the six wire stories (another GUID each time) and two of its own.
      const own = items(`own-${f}.example`, 2);
      feeds.serve(`/overlap-${f}.rss`, { body: rss(`Overlap ${f}`, [...shared.map((item, i) => ({ ...item, guid: `feed-${f}-${i}` })), ...own]), delayMs: 200 });
      const response = await api(replicas[f % 2]!.server, token).post('/sources', { url: feeds.urlFor(`/overlap-${f}.rss`), niche: 'science' });
      expect(response.status).toBe(201);
    }
    const expected = shared.length + FEEDS * 2;
    await waitFor(async () => {
      const [row] = await query<{ n: string }>(`SELECT count(*) AS n FROM sources WHERE tenant_id = '${otherTenant}' AND last_fetched_at IS NULL`);
      return Number(row!.n) === 0;
    }, { timeoutMs: 30_000, what: 'every overlapping source to be fetched' });
    await waitFor(() => collector.of(otherTenant).length >= expected, { what: `${expected} events` });
    const [stored] = await query<{ n: string }>(`SELECT count(*) AS n FROM articles WHERE tenant_id = '${otherTenant}'`);
    expect(Number(stored!.n)).toBe(expected);
    const [keys] = await query<{ n: string }>(`SELECT count(DISTINCT article_id) AS n FROM dedupe_keys WHERE tenant_id = '${otherTenant}'`);
    expect(Number(keys!.n)).toBe(expected);
    await waitFor(async () => {
      const [row] = await query<{ n: string }>('SELECT count(*) AS n FROM event_outbox WHERE sent_at IS NULL');
      return Number(row!.n) === 0;
    }, { what: 'the outbox to drain' });
    const events = collector.of(otherTenant);
    expect(events).toHaveLength(expected);
    expect(new Set(events.map((e) => e.data.canonicalUrl)).size).toBe(expected);
  });
});
