import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contracts } from '@pulse/contracts';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { waitFor } from '@pulse/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { api, EventCollector, items, rss, startNews, tokenFor, uniqueNames, type NewsInstance } from './support/news-harness';

// The scheduled cycle is off here: every fetch in this file is a manual refresh, so counts are exact.
const names = uniqueNames();
let news: NewsInstance;
let feeds: FakeFeedServer;
let collector: EventCollector;

const tenant = () => `tenant-${randomUUID()}`;
const dataSource = () => (news.running.context as { dataSource: DataSource }).dataSource;

async function unsentOutboxRows(): Promise<number> {
  const rows = await dataSource().query<Array<{ n: string }>>('SELECT count(*) AS n FROM event_outbox WHERE sent_at IS NULL');
  return Number(rows[0]!.n);
}

async function outboxRowsOf(tenantId: string): Promise<number> {
  const rows = await dataSource().query<Array<{ n: string }>>(`SELECT count(*) AS n FROM event_outbox WHERE payload->>'tenantId' = $1`, [tenantId]);
  return Number(rows[0]!.n);
}

/** The value of the sample of `name` whose labels include `labels` (in any order), or undefined. */
function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function createSource(token: string, body: Record<string, unknown>): Promise<string> {
  const response = await api(news.server, token).post('/sources', { niche: 'technology', ...body });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

beforeAll(async () => {
  feeds = await startFeedServer();
  news = await startNews(names, { FETCH_WORKER_ENABLED: 'false', SOURCE_CREDENTIALS_KEY: randomBytes(32).toString('base64') });
  collector = new EventCollector(names.topic);
  await collector.start();
}, 120_000);

afterAll(async () => {
  await collector?.stop();
  await news?.stop();
  await feeds?.close();
}, 60_000);

describe('news service: sources, refresh and news.fetched', () => {
  it('publishes one valid news.fetched event per feed item after a refresh, keyed by article id', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    feeds.serve('/basic.rss', { body: rss('Basic', items('basic.example', 4)), etag: '"basic-v1"' });
    const sourceId = await createSource(token, { url: feeds.urlFor('/basic.rss'), authorityWeight: 0.8 });

    const refresh = await api(news.server, token).post(`/sources/${sourceId}/refresh`);
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({ outcome: 'fetched', newArticles: 4, duplicates: 0, failedItems: 0 });

    const events = await waitFor(() => (collector.of(tenantId).length >= 4 ? collector.of(tenantId) : undefined), { what: 'four news.fetched events' });
    expect(events).toHaveLength(4);
    for (const event of events) {
      expect(contracts.newsFetched.validate(event)).toEqual({ ok: true, value: event });
      expect(event).toMatchObject({ type: 'news.fetched', source: 'pulse/news', data: { sourceId, niche: 'technology', clusterSize: 1 } });
    }
    expect(new Set(events.map((e) => e.data.canonicalUrl))).toEqual(new Set([1, 2, 3, 4].map((i) => `https://basic.example/news/${i}`)));
    const keyed = collector.events.filter((e) => e.value.tenantId === tenantId);
    expect(keyed.every((e) => e.key === e.value.data.articleId)).toBe(true);

    const health = await api(news.server, token).get(`/sources/${sourceId}/health`);
    expect(health.body).toMatchObject({ status: 'healthy', consecutiveFailures: 0, lastError: null, itemsSeen: 4 });

    // Prometheus: per niche and source (id), so one feed's numbers can be told from another's.
    const metrics = await request(news.server).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metricValue(metrics.text, 'pulse_articles_processed_total', { niche: 'technology', source: sourceId, outcome: 'new' })).toBe(4);
    expect(metricValue(metrics.text, 'pulse_feed_fetches_total', { niche: 'technology', source: sourceId, outcome: 'fetched' })).toBe(1);
    expect(metricValue(metrics.text, 'pulse_feed_fetch_duration_seconds_count', { niche: 'technology', outcome: 'fetched' })).toBeGreaterThanOrEqual(1);

    // A new ETag with the same items: fetched again, all four duplicates.
    feeds.serve('/basic.rss', { body: rss('Basic', items('basic.example', 4)), etag: '"basic-v2"' });
    await api(news.server, token).post(`/sources/${sourceId}/refresh`).expect(200);
    const again = await request(news.server).get('/metrics');
    expect(metricValue(again.text, 'pulse_articles_processed_total', { niche: 'technology', source: sourceId, outcome: 'new' })).toBe(4);
    expect(metricValue(again.text, 'pulse_articles_processed_total', { niche: 'technology', source: sourceId, outcome: 'duplicate' })).toBe(4);
  });

  it('publishes nothing more when the feed answers 304 or repeats the same items', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    feeds.serve('/etag.rss', { body: rss('With ETag', items('etag.example', 3)), etag: '"etag-v1"' });
    feeds.serve('/no-etag.rss', { body: rss('Without ETag', items('noetag.example', 3)) });
    const withEtag = await createSource(token, { url: feeds.urlFor('/etag.rss') });
    const withoutEtag = await createSource(token, { url: feeds.urlFor('/no-etag.rss') });

    for (const id of [withEtag, withoutEtag]) expect((await api(news.server, token).post(`/sources/${id}/refresh`)).body.newArticles).toBe(3);
    expect(await outboxRowsOf(tenantId)).toBe(6);

    const again304 = await api(news.server, token).post(`/sources/${withEtag}/refresh`);
    expect(again304.body).toMatchObject({ outcome: 'not-modified', newArticles: 0 });
    expect(feeds.requests.filter((r) => r.path === '/etag.rss').map((r) => r.status)).toEqual([200, 304]);
    const againSame = await api(news.server, token).post(`/sources/${withoutEtag}/refresh`);
    expect(againSame.body).toMatchObject({ outcome: 'fetched', newArticles: 0, duplicates: 3 });

    // Refreshes are synchronous: had they stored anything, the outbox would hold it now.
    expect(await outboxRowsOf(tenantId)).toBe(6);
    await waitFor(async () => (await unsentOutboxRows()) === 0, { what: 'the outbox to drain' });
    await waitFor(() => collector.of(tenantId).length >= 6, { what: 'six events' });
    expect(collector.of(tenantId)).toHaveLength(6);
  });

  it('puts the same story from two outlets into one cluster of size 2', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    const now = new Date();
    feeds.serve('/outlet-a.rss', { body: rss('Outlet A', [{
      title: 'Arvion unveils 2nm processor for thin-and-light laptops',
      link: 'https://outlet-a.example/arvion-2nm', guid: 'a-1', pubDate: new Date(now.getTime() - 3_600_000),
      description: 'Chipmaker Arvion on Tuesday unveiled its first processor built on a 2-nanometre process, saying the chip uses 30% less power than its predecessor and will ship in laptops from five manufacturers this autumn.',
    }]) });
    feeds.serve('/outlet-b.rss', { body: rss('Outlet B', [{
      title: 'Arvion unveils 2nm processor for thin and light laptops',
      link: 'https://outlet-b.example/tech/arvion-2nm-chip', guid: 'b-1', pubDate: new Date(now.getTime() - 1_800_000),
      description: 'Chipmaker Arvion on Tuesday unveiled its first processor built on a 2-nanometre process, saying the chip uses 30% less power than its predecessor and will ship in laptops from at least five manufacturers this autumn.',
    }]) });
    const a = await createSource(token, { url: feeds.urlFor('/outlet-a.rss') });
    const b = await createSource(token, { url: feeds.urlFor('/outlet-b.rss'), niche: 'technology' });
    await api(news.server, token).post(`/sources/${a}/refresh`).expect(200);
    await api(news.server, token).post(`/sources/${b}/refresh`).expect(200);

    const events = await waitFor(() => (collector.of(tenantId).length >= 2 ? collector.of(tenantId) : undefined), { what: 'two events' });
    const [first, second] = [events.find((e) => e.data.sourceId === a)!, events.find((e) => e.data.sourceId === b)!];
    expect(first.data.clusterSize).toBe(1);
    expect(second.data.clusterSize).toBe(2);
    expect(second.data.clusterId).toBe(first.data.clusterId);

    const detail = await api(news.server, token).get(`/articles/${second.data.articleId}`);
    expect(detail.body.cluster).toEqual({ id: first.data.clusterId, size: 2 });
    expect(detail.body.scoreBreakdown.components.coverage.value).toBeGreaterThan(0);
  });

  it('keeps one article per canonical URL across sources and never brings back a deleted one', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    const list = items('dup.example', 3);
    feeds.serve('/dup-1.rss', { body: rss('Dup 1', list) });
    // The second feed lists the same articles under other GUIDs and with other tracking parameters.
    feeds.serve('/dup-2.rss', { body: rss('Dup 2', list.map((item, i) => ({ ...item, guid: `other-${i}`, link: item.link.replace('utm_source=rss', 'utm_medium=social') }))) });
    const first = await createSource(token, { url: feeds.urlFor('/dup-1.rss') });
    const second = await createSource(token, { url: feeds.urlFor('/dup-2.rss') });
    expect((await api(news.server, token).post(`/sources/${first}/refresh`)).body.newArticles).toBe(3);
    expect((await api(news.server, token).post(`/sources/${second}/refresh`)).body).toMatchObject({ newArticles: 0, duplicates: 3 });

    const listed = await api(news.server, token).get('/articles?order=published');
    expect(listed.body.items).toHaveLength(3);
    const victim = listed.body.items[0].id as string;
    await api(news.server, token).delete(`/articles/${victim}`).expect(204);
    await api(news.server, token).get(`/articles/${victim}`).expect(404);

    expect((await api(news.server, token).post(`/sources/${first}/refresh`)).body).toMatchObject({ newArticles: 0, duplicates: 3 });
    expect((await api(news.server, token).post(`/sources/${second}/refresh`)).body).toMatchObject({ newArticles: 0, duplicates: 3 });
    const after = await api(news.server, token).get('/articles');
    expect(after.body.items.map((a: { id: string }) => a.id).sort()).toEqual(listed.body.items.slice(1).map((a: { id: string }) => a.id).sort());
    expect(await outboxRowsOf(tenantId)).toBe(3);
  });

  it('records a broken feed on the source and backs off', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    feeds.serve('/broken.rss', { body: '<rss version="2.0"><channel><item><title>cut', contentType: 'application/rss+xml' });
    const id = await createSource(token, { url: feeds.urlFor('/broken.rss') });
    const refresh = await api(news.server, token).post(`/sources/${id}/refresh`);
    expect(refresh.body).toMatchObject({ outcome: 'failed', newArticles: 0 });
    expect(refresh.body.error).toMatch(/malformed|not a feed|truncated/i);
    await api(news.server, token).post(`/sources/${id}/refresh`).expect(200);

    const health = await api(news.server, token).get(`/sources/${id}/health`);
    expect(health.body).toMatchObject({ status: 'failing', consecutiveFailures: 2, lastSuccessAt: null });
    expect(health.body.lastError).toMatch(/malformed|not a feed|truncated/i);
    expect(Date.parse(health.body.nextFetchAt)).toBeGreaterThan(Date.now() + 30_000);
  });

  it('refuses a source at the cloud metadata address with a 400 problem', async () => {
    const token = await tokenFor(tenant());
    const response = await api(news.server, token).post('/sources', { url: 'http://169.254.169.254/latest/meta-data/', niche: 'technology' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ status: 400, errors: [expect.stringMatching(/169\.254\.169\.254.*link-local|linkLocal/i)] });
  });

  it('validates source input: only http(s) URLs, weights within 0..1', async () => {
    const token = await tokenFor(tenant());
    const response = await api(news.server, token).post('/sources', { url: 'file:///etc/passwd', niche: 'technology', authorityWeight: 3 });
    expect(response.status).toBe(400);
    const problem = JSON.parse(response.text) as { errors: string[] };
    expect(problem.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^body\.url/), expect.stringMatching(/^body\.authorityWeight/)]));
  });

  it("hides one tenant's sources and articles from another (404)", async () => {
    const owner = await tokenFor(tenant());
    const stranger = await tokenFor(tenant());
    feeds.serve('/private.rss', { body: rss('Private', items('private.example', 1)) });
    const id = await createSource(owner, { url: feeds.urlFor('/private.rss') });
    await api(news.server, owner).post(`/sources/${id}/refresh`).expect(200);
    const [article] = (await api(news.server, owner).get('/articles')).body.items as Array<{ id: string }>;

    await api(news.server, stranger).get(`/sources/${id}`).expect(404);
    await api(news.server, stranger).get(`/sources/${id}/health`).expect(404);
    await api(news.server, stranger).post(`/sources/${id}/refresh`).expect(404);
    await api(news.server, stranger).get(`/articles/${article!.id}`).expect(404);
    await api(news.server, stranger).delete(`/articles/${article!.id}`).expect(404);
    expect((await api(news.server, stranger).get('/articles')).body.items).toEqual([]);
    await api(news.server, owner).get(`/articles/${article!.id}`).expect(200);
  });

  it('needs news:write to change sources', async () => {
    const reader = await tokenFor(tenant(), ['news:read']);
    const response = await api(news.server, reader).post('/sources', { url: feeds.urlFor('/x.rss'), niche: 'technology' });
    expect(response.status).toBe(403);
  });

  it('imports sources from OPML and exports them again', async () => {
    const token = await tokenFor(tenant());
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="finance"><outline type="rss" text="Harbor" xmlUrl="${feeds.urlFor('/harbor.rss')}"/></outline>
      <outline type="rss" text="Loose" xmlUrl="${feeds.urlFor('/loose.rss')}"/>
      <outline type="rss" text="Metadata" xmlUrl="http://169.254.169.254/feed"/>
    </body></opml>`;
    const imported = await api(news.server, token).raw('post', '/sources/import?niche=science').set('content-type', 'text/x-opml').send(opml);
    expect(imported.status).toBe(201);
    expect(imported.body.created.map((c: { niche: string }) => c.niche).sort()).toEqual(['finance', 'science']);
    expect(imported.body.skipped).toEqual([{ url: 'http://169.254.169.254/feed', reason: expect.stringMatching(/not allowed|link-local|linkLocal/i) }]);

    const again = await api(news.server, token).raw('post', '/sources/import').set('content-type', 'application/xml').send(opml);
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped.filter((s: { reason: string }) => s.reason === 'already subscribed')).toHaveLength(2);

    const exported = await api(news.server, token).get('/sources/export');
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/x-opml/);
    expect(exported.text).toContain(`xmlUrl="${feeds.urlFor('/harbor.rss')}"`);
    expect(exported.text).toContain('<outline text="finance"');
  });

  it('pages through ranked articles with a cursor and filters by score', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    feeds.serve('/many.rss', { body: rss('Many', items('many.example', 7)) });
    const id = await createSource(token, { url: feeds.urlFor('/many.rss') });
    await api(news.server, token).post(`/sources/${id}/refresh`).expect(200);

    const seen: Array<{ id: string; score: number }> = [];
    let cursor: string | null = null;
    do {
      const page = await api(news.server, token).get(`/articles?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((a) => a.id)).size).toBe(7);
    const scores = seen.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));

    const threshold = scores[3]!;
    const filtered = await api(news.server, token).get(`/articles?minScore=${threshold}`);
    expect(filtered.body.items.every((a: { score: number }) => a.score >= threshold)).toBe(true);
    expect(filtered.body.items.length).toBeGreaterThanOrEqual(4);

    // The list is written from raw columns (see articleListItemJson): each item must be the detail
    // view without its content, value for value, and the published order must page the same way.
    const [first] = seen as Array<Record<string, unknown>>;
    const { content, ...detail } = (await api(news.server, token).get(`/articles/${first!.id}`).expect(200)).body as Record<string, unknown>;
    expect(typeof content).toBe('string');
    expect(first).toEqual(detail);
    const byDate: string[] = [];
    cursor = null;
    do {
      const page: { items: Array<{ publishedAt: string }>; nextCursor: string | null } =
        (await api(news.server, token).get(`/articles?order=published&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body;
      byDate.push(...page.items.map((a) => a.publishedAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(byDate).toHaveLength(7);
    expect(byDate).toEqual([...byDate].sort().reverse());
  });

  it('sends basic auth to the feed but never shows or stores the password in clear', async () => {
    const token = await tokenFor(tenant());
    feeds.serve('/members.rss', { body: rss('Members', items('members.example', 1)) });
    const created = await api(news.server, token).post('/sources', {
      url: feeds.urlFor('/members.rss'), niche: 'finance', basicAuth: { username: 'reader', password: 'pa55-word' }, headers: { 'X-Api-Version': '2' },
    });
    expect(created.status).toBe(201);
    expect(created.body.basicAuth).toEqual({ username: 'reader' });
    expect(JSON.stringify(created.body)).not.toContain('pa55-word');
    const [stored] = await dataSource().query<Array<{ basic_auth_secret: string }>>('SELECT basic_auth_secret FROM sources WHERE id = $1', [created.body.id]);
    expect(stored!.basic_auth_secret).not.toContain('pa55-word');

    await api(news.server, token).post(`/sources/${created.body.id}/refresh`).expect(200);
    const sent = feeds.requests.filter((r) => r.path === '/members.rss').at(-1)!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('reader:pa55-word').toString('base64')}`);
    expect(sent.headers['x-api-version']).toBe('2');
  });

  it('stores the full article text for a source that asks for it', async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    feeds.serve('/article.html', { body: readFileSync(join(__dirname, 'fixtures', 'article-page.html')), contentType: 'text/html; charset=utf-8' });
    feeds.serve('/teasers.rss', { body: rss('Teasers', [{
      title: 'Arvion unveils 2nm processor for thin-and-light laptops', link: feeds.urlFor('/article.html'), guid: 'teaser-1',
      description: 'Chipmaker Arvion unveiled a processor.', pubDate: new Date(Date.now() - 600_000),
    }]) });
    const id = await createSource(token, { url: feeds.urlFor('/teasers.rss'), fetchFullArticle: true });
    await api(news.server, token).post(`/sources/${id}/refresh`).expect(200);

    const [event] = await waitFor(() => (collector.of(tenantId).length > 0 ? collector.of(tenantId) : undefined), { what: 'the event' });
    expect(event!.data.lead).toBe('Chipmaker Arvion unveiled a processor.');
    expect(event!.data.content).toContain('more than 40 billion transistors');
    expect(event!.data.content).not.toContain('Advertisement');
  });

  it("keeps each refresh's trace on its articles' events when concurrent fetches of a tenant share one write", async () => {
    const tenantId = tenant();
    const token = await tokenFor(tenantId);
    const sites = ['trace-a.example', 'trace-b.example', 'trace-c.example'];
    const sourceIds: string[] = [];
    for (const site of sites) {
      feeds.serve(`/${site}.rss`, { body: rss(site, items(site, 3)) });
      sourceIds.push(await createSource(token, { url: feeds.urlFor(`/${site}.rss`) }));
    }
    const traceIds = sites.map(() => randomBytes(16).toString('hex'));
    // At once: the first fetch's write is in flight while the others finish, so they are written together.
    await Promise.all(sourceIds.map((id, i) =>
      api(news.server, token).raw('post', `/sources/${id}/refresh`).set('traceparent', `00-${traceIds[i]}-${randomBytes(8).toString('hex')}-01`).expect(200)));

    const rows = await dataSource().query<Array<{ source_id: string; traceparent: string }>>(
      `SELECT payload->'data'->>'sourceId' AS source_id, headers->>'traceparent' AS traceparent FROM event_outbox WHERE payload->>'tenantId' = $1`, [tenantId]);
    expect(rows).toHaveLength(9);
    for (const row of rows) expect(row.traceparent.split('-')[1]).toBe(traceIds[sourceIds.indexOf(row.source_id)]);
  });
});
