import { randomUUID } from 'node:crypto';
import { waitFor } from '@pulse/testing';
import { engagement, fetched, published, summarized } from './support/events';
import { message, startAnalytics, type AnalyticsHarness } from './support/analytics-service';

const MINUTE = 60_000;
const TENANT = `tenant-a-${randomUUID()}`;
const OTHER_TENANT = `tenant-b-${randomUUID()}`;
// Minute-aligned and inside the overview's last hour, so the time series buckets are predictable.
const base = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
const at = (offsetMs: number): Date => new Date(base + offsetMs);

const articles = [randomUUID(), randomUUID(), randomUUID()];
const fetchedEvents = [
  fetched({ tenantId: TENANT, time: at(0), articleId: articles[0] }),
  fetched({ tenantId: TENANT, time: at(10_000), articleId: articles[1] }),
  fetched({ tenantId: TENANT, time: at(2 * MINUTE), articleId: articles[2] }),
];
const summarizedEvents = [
  summarized({ tenantId: TENANT, time: at(MINUTE), fetchedAt: at(0), articleId: articles[0], costUsd: 0.004 }),
  summarized({ tenantId: TENANT, time: at(3 * MINUTE), fetchedAt: at(2 * MINUTE), articleId: articles[2], costUsd: 0.006 }),
];
const post = published({ tenantId: TENANT, time: at(5 * MINUTE), fetchedAt: at(0), articleId: articles[0], variant: 'casual', experimentId: 'exp-1' });
const measurement = engagement(post, { likes: 2, replies: 1 }, at(20 * MINUTE));

let analytics: AnalyticsHarness;
let token: string;

async function sendAll(): Promise<void> {
  await analytics.send(analytics.topics.fetched, fetchedEvents.map(message));
  await analytics.send(analytics.topics.summarized, summarizedEvents.map(message));
  await analytics.send(analytics.topics.published, [message(post)]);
  await analytics.send(analytics.topics.engagement, [message(measurement)]);
}

async function overviewOf(bearer: string): Promise<{ lastHour: Record<string, number | null>; dlqDepth: number | null }> {
  const { status, body } = await analytics.get('/analytics/overview', bearer);
  expect(status).toBe(200);
  return body as never;
}

async function duplicatesRecorded(): Promise<number> {
  const types = ['news.fetched', 'article.summarized', 'post.published', 'post.engagement'];
  const counts = await Promise.all(types.map((type) => analytics.metric('pulse_analytics_facts_recorded_total', { type, duplicate: 'true' })));
  return counts.reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  analytics = await startAnalytics({ DAILY_STATS_REFRESH_CRON: '* * * * * *', DLQ_STATS_CACHE_MS: '0' });
  token = await analytics.token(TENANT);
  await sendAll();
  await waitFor(async () => (await overviewOf(token)).lastHour.posts === 1 && (await analytics.metric('pulse_analytics_facts_recorded_total', { type: 'post.engagement', duplicate: 'false' })) === 1, {
    timeoutMs: 60_000,
    what: 'the first events to be recorded',
  });
}, 120_000);

afterAll(async () => {
  await analytics?.stop();
}, 60_000);

describe('analytics service', () => {
  it('counts the articles, summaries, posts, cost and fetch-to-post latency of the last hour', async () => {
    const { lastHour } = await overviewOf(token);
    expect(lastHour).toMatchObject({ articles: 3, summaries: 2, posts: 1, p95PipelineLatencyMs: 5 * MINUTE, failures: 0 });
    expect(lastHour.llmCostUsd).toBeCloseTo(0.01, 6);
    expect(await analytics.metric('pulse_articles_processed_total', { niche: 'technology' })).toBe(3);
    expect(await analytics.metric('pulse_posts_published_total', { niche: 'technology', platform: 'mastodon' })).toBe(1);
    expect(await analytics.metric('pulse_llm_cost_usd_total', { niche: 'technology' })).toBeCloseTo(0.01, 6);
    expect(await analytics.metric('pulse_pipeline_latency_seconds_count', { niche: 'technology', platform: 'mastodon' })).toBe(1);
  });

  it('does not count redelivered events again, in the tables or in the business counters', async () => {
    await sendAll();
    await waitFor(async () => (await duplicatesRecorded()) === 7, { timeoutMs: 30_000, what: 'the redelivered events to be handled' });
    const { lastHour } = await overviewOf(token);
    expect(lastHour).toMatchObject({ articles: 3, summaries: 2, posts: 1 });
    expect(await analytics.metric('pulse_articles_processed_total', { niche: 'technology' })).toBe(3);
    expect(await analytics.metric('pulse_posts_published_total', { niche: 'technology', platform: 'mastodon' })).toBe(1);
    const { body } = await analytics.get('/analytics/experiments?experimentId=exp-1', token);
    expect(body.experiments).toEqual([
      expect.objectContaining({ experimentId: 'exp-1', posts: 1, variants: [expect.objectContaining({ variant: 'casual', trials: 1, successes: 1, meanInteractions: 3 })] }),
    ]);
  });

  it('shows another tenant only zeros', async () => {
    const { lastHour } = await overviewOf(await analytics.token(OTHER_TENANT));
    expect(lastHour).toMatchObject({ articles: 0, summaries: 0, posts: 0, llmCostUsd: 0, p95PipelineLatencyMs: null });
    const other = await analytics.token(OTHER_TENANT);
    const { body } = await analytics.get(`/analytics/leaderboards?by=niche&from=${at(-MINUTE).toISOString()}`, other);
    expect(body.entries).toEqual([]);
  });

  it('returns a time series with a zero for every empty bucket', async () => {
    const query = `metric=articles&interval=minute&from=${at(0).toISOString()}&to=${at(4 * MINUTE).toISOString()}`;
    const { status, body } = await analytics.get(`/analytics/timeseries?${query}`, token);
    expect(status).toBe(200);
    expect(body.points).toEqual([
      { t: at(0).toISOString(), value: 2 },
      { t: at(MINUTE).toISOString(), value: 0 },
      { t: at(2 * MINUTE).toISOString(), value: 1 },
      { t: at(3 * MINUTE).toISOString(), value: 0 },
    ]);
  });

  it('ranks niches and sources by what they produced', async () => {
    const range = `from=${at(-MINUTE).toISOString()}&to=${new Date(Date.now() + MINUTE).toISOString()}`;
    const byNiche = await analytics.get(`/analytics/leaderboards?by=niche&${range}`, token);
    expect(byNiche.body.entries).toEqual([{ key: 'technology', articles: 3, posts: 1, engagement: 3 }]);
    const bySource = await analytics.get(`/analytics/leaderboards?by=source&orderBy=posts&${range}`, token);
    expect(bySource.body.entries).toEqual([{ key: fetchedEvents[0]!.data.sourceId, articles: 3, posts: 1, engagement: 3 }]);
  });

  it('reports the best posting hour per niche from engagement history', async () => {
    const { status, body } = await analytics.get('/analytics/best-hours?minSamples=1&timeZone=UTC', token);
    expect(status).toBe(200);
    expect(body.niches).toEqual([expect.objectContaining({ niche: 'technology', bestHour: at(5 * MINUTE).getUTCHours(), samples: 1 })]);
  });

  it('serves the daily rollup once the scheduled refresh ran', async () => {
    const from = new Date(base - 86_400_000).toISOString().slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    const expected = { articles: 3, summaries: 2, posts: 1, engagement: 3 };
    const totals = async () => {
      const { body } = await analytics.get(`/analytics/daily?from=${from}&to=${to}&niche=technology`, token);
      const rows = body.days as Array<Record<string, number>>;
      const total = (key: string) => rows.reduce((sum, r) => sum + r[key]!, 0);
      return { articles: total('articles'), summaries: total('summaries'), posts: total('posts'), engagement: total('engagement') };
    };
    // The refresh runs on its own schedule: a refresh taken between two recorded events shows a
    // partial day, so wait for one taken after all of them.
    await waitFor(async () => JSON.stringify(await totals()) === JSON.stringify(expected), { what: 'a daily_stats refresh covering every event' });
    expect(await totals()).toEqual(expected);
  });

  it('reports a dead-lettered event in the DLQ depth and the failures of the overview', async () => {
    await analytics.send(analytics.topics.fetched, [{ key: randomUUID(), value: 'not an event' }]);
    const overview = await waitFor(async () => {
      const current = await overviewOf(token);
      return current.dlqDepth === 1 ? current : undefined;
    }, { timeoutMs: 30_000, what: 'the DLQ depth to reach 1' });
    expect(overview.lastHour.failures).toBe(1);
    expect((await overviewOf(token)).lastHour.articles).toBe(3);
  });

  it('answers an invalid query with a 400 problem listing each problem', async () => {
    const { status, contentType, body } = await analytics.get('/analytics/timeseries?metric=bogus&interval=week&from=yesterday&niche=', token);
    expect(status).toBe(400);
    expect(contentType).toMatch(/^application\/problem\+json/);
    const errors = body.errors as string[];
    for (const field of ['query.metric', 'query.interval', 'query.from', 'query.niche']) expect(errors.some((e) => e.startsWith(`${field}:`))).toBe(true);
    const reversed = await analytics.get(`/analytics/daily?from=2026-02-02&to=2026-01-01`, token);
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual(['query.from: must not be after to']);
  });

  it('treats SQL in query parameters as plain values', async () => {
    const injected = encodeURIComponent("technology' OR '1'='1");
    const series = await analytics.get(`/analytics/timeseries?metric=articles&interval=minute&from=${at(0).toISOString()}&to=${at(4 * MINUTE).toISOString()}&niche=${injected}`, token);
    expect(series.status).toBe(200);
    expect((series.body.points as Array<{ value: number }>).map((p) => p.value)).toEqual([0, 0, 0, 0]);
    const metric = await analytics.get(`/analytics/timeseries?metric=${encodeURIComponent('articles; DROP TABLE event_facts')}`, token);
    expect(metric.status).toBe(400);
    expect((await overviewOf(token)).lastHour.articles).toBe(3);
  });

  it('needs a bearer token and the analytics:read scope', async () => {
    const anonymous = await analytics.get('/analytics/overview');
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toMatch(/^application\/problem\+json/);
    const wrongScope = await analytics.get('/analytics/overview', await analytics.token(TENANT, ['news:read']));
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.contentType).toMatch(/^application\/problem\+json/);
    const admin = await analytics.get('/analytics/overview', await analytics.token(TENANT, ['admin']));
    expect(admin.status).toBe(200);
  });
});
