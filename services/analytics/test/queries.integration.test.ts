import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AnalyticsQueries, recordEvents, refreshDailyStats } from '../src/adapters/db';
import type { AnalyticsEvent } from '../src/domain/analytics-event';
import { wilsonInterval } from '../src/domain/wilson-interval';
import { openTestDb } from './support/analytics-db';
import { engagement, fetched, published, summarized } from './support/events';

let dataSource: DataSource;
let drop: () => Promise<void>;
let queries: AnalyticsQueries;

const A = 'tenant-a';
const B = 'tenant-b';
const now = new Date('2026-04-15T12:00:00Z');
const at = (offsetMs: number): Date => new Date(now.getTime() + offsetMs);
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Posts published at `time` with engagement measured an hour later (interactions = likes). */
function measuredPosts(specs: Array<{ time: string; likes: number; niche?: string; variant?: string; experimentId?: string }>): AnalyticsEvent[] {
  return specs.flatMap((spec) => {
    const post = published({ tenantId: A, ...spec });
    return [post, engagement(post, { likes: spec.likes }, new Date(Date.parse(spec.time) + HOUR))];
  });
}

const sourceOne = randomUUID();
const sourceTwo = randomUUID();
const boardArticles = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  ({ dataSource, drop } = await openTestDb());
  queries = new AnalyticsQueries(dataSource);
  const events: AnalyticsEvent[] = [
    // Overview: articles, summaries and posts in the last hour, earlier in the day, and before.
    fetched({ tenantId: A, time: at(-50 * MIN) }),
    fetched({ tenantId: A, time: at(-30 * MIN) }),
    fetched({ tenantId: A, time: at(-1 * MIN) }),
    fetched({ tenantId: A, time: at(-5 * HOUR) }),
    fetched({ tenantId: A, time: at(-5 * HOUR) }),
    fetched({ tenantId: A, time: at(-48 * HOUR) }),
    summarized({ tenantId: A, time: at(-20 * MIN), costUsd: 0.01 }),
    summarized({ tenantId: A, time: at(-10 * MIN), costUsd: 0.02 }),
    summarized({ tenantId: A, time: at(-5 * HOUR), costUsd: 0.03 }),
    // 20 posts with fetch -> post latencies of 1..20 s: 1..10 in the last hour, 11..20 three hours ago.
    ...Array.from({ length: 20 }, (_, i) => {
      const time = i < 10 ? at(-40 * MIN + i * MIN) : at(-3 * HOUR + i * MIN);
      return published({ tenantId: A, time, fetchedAt: new Date(time.getTime() - (i + 1) * 1000), experimentId: 'overview' });
    }),
    // Time series on 2026-04-14 10:00-10:05.
    fetched({ tenantId: A, time: '2026-04-14T10:00:30Z', niche: 'technology' }),
    fetched({ tenantId: A, time: '2026-04-14T10:00:45Z', niche: 'technology' }),
    fetched({ tenantId: A, time: '2026-04-14T10:03:10Z', niche: 'science' }),
    // Best hour, January (New York is UTC-5): technology wins at 09 UTC; 14 UTC has one post only.
    ...measuredPosts([
      { time: '2026-01-05T09:10:00Z', likes: 10 },
      { time: '2026-01-05T09:20:00Z', likes: 12 },
      { time: '2026-01-06T09:40:00Z', likes: 8 },
      { time: '2026-01-05T14:00:00Z', likes: 50 },
      { time: '2026-01-05T18:00:00Z', likes: 2 },
      { time: '2026-01-06T18:00:00Z', likes: 3 },
      { time: '2026-01-07T18:00:00Z', likes: 4 },
      { time: '2026-01-05T07:00:00Z', likes: 1, niche: 'science' },
      { time: '2026-01-06T07:00:00Z', likes: 1, niche: 'science' },
      { time: '2026-01-07T07:00:00Z', likes: 1, niche: 'science' },
    ]),
    published({ tenantId: A, time: '2026-01-05T08:00:00Z', niche: 'science' }),
    // Experiment e1 (February): casual 10 posts, 8 measured, 6 engaged; formal 5 posts, 5 measured, 1 engaged.
    ...measuredPosts(
      Array.from({ length: 8 }, (_, i) => ({ time: `2026-02-0${1 + (i % 5)}T10:00:00Z`, likes: i < 6 ? 2 : 0, variant: 'casual', experimentId: 'e1' })),
    ),
    published({ tenantId: A, time: '2026-02-01T11:00:00Z', variant: 'casual', experimentId: 'e1' }),
    published({ tenantId: A, time: '2026-02-01T12:00:00Z', variant: 'casual', experimentId: 'e1' }),
    ...measuredPosts(Array.from({ length: 5 }, (_, i) => ({ time: `2026-02-0${1 + i}T10:30:00Z`, likes: i === 0 ? 4 : 0, variant: 'formal', experimentId: 'e1' }))),
    // Leaderboards (March): source one has 3 technology articles and 2 posts; source two 1 science article.
    ...boardArticles.map((articleId) => fetched({ tenantId: A, time: '2026-03-10T08:00:00Z', articleId, sourceId: sourceOne, niche: 'technology' })),
    fetched({ tenantId: A, time: '2026-03-10T08:00:00Z', sourceId: sourceTwo, niche: 'science' }),
  ];
  const boardPosts = [0, 1].map((i) => published({ tenantId: A, time: '2026-03-10T09:00:00Z', articleId: boardArticles[i], experimentId: 'board' }));
  events.push(...boardPosts, engagement(boardPosts[0]!, { likes: 3, reposts: 1, replies: 1 }, '2026-03-10T10:00:00Z'));
  events.push(engagement(boardPosts[1]!, { likes: 1 }, '2026-03-10T10:00:00Z'));
  await recordEvents(dataSource.manager, events);
});
afterAll(async () => {
  await drop();
});

describe('overview', () => {
  it('counts the last hour and the last day, with articles per minute, LLM cost, p95 latency and the given failures', async () => {
    const overview = await queries.overview(A, now, { failuresLastHour: 1, failuresLastDay: 4, dlqDepth: 2 });
    expect(overview.lastHour).toMatchObject({ articles: 3, summaries: 2, posts: 10, failures: 1 });
    expect(overview.lastHour.articlesPerMinute).toBeCloseTo(3 / 60, 10);
    expect(overview.lastHour.llmCostUsd).toBeCloseTo(0.03, 10);
    // percentile_cont(0.95) of 1..10 s: 9 s + 0.55 * 1 s.
    expect(overview.lastHour.p95PipelineLatencyMs).toBeCloseTo(9550, 6);
    expect(overview.lastDay).toMatchObject({ articles: 5, summaries: 3, posts: 20, failures: 4 });
    expect(overview.lastDay.llmCostUsd).toBeCloseTo(0.06, 10);
    expect(overview.lastDay.p95PipelineLatencyMs).toBeCloseTo(19050, 6);
    expect(overview.dlqDepth).toBe(2);
    expect(overview.lastDay.from).toBe('2026-04-14T12:00:00.000Z');
  });

  it('reports no failures when the caller does not know them', async () => {
    const overview = await queries.overview(A, now);
    expect(overview.lastHour.failures).toBeNull();
    expect(overview.dlqDepth).toBeNull();
  });
});

describe('time series', () => {
  const window = { from: new Date('2026-04-14T10:00:00Z'), to: new Date('2026-04-14T10:05:00Z'), interval: 'minute' as const };

  it('fills empty buckets with zeros', async () => {
    const series = await queries.timeSeries(A, { ...window, metric: 'articles' });
    expect(series.points).toEqual([
      { t: '2026-04-14T10:00:00.000Z', value: 2 },
      { t: '2026-04-14T10:01:00.000Z', value: 0 },
      { t: '2026-04-14T10:02:00.000Z', value: 0 },
      { t: '2026-04-14T10:03:00.000Z', value: 1 },
      { t: '2026-04-14T10:04:00.000Z', value: 0 },
    ]);
  });

  it('filters by niche', async () => {
    const series = await queries.timeSeries(A, { ...window, metric: 'articles', niche: 'science' });
    expect(series.points.map((p) => p.value)).toEqual([0, 0, 0, 1, 0]);
  });

  it('aligns hour buckets to the hour and sums cost and engagement', async () => {
    const cost = await queries.timeSeries(A, { metric: 'cost', interval: 'hour', from: at(-6 * HOUR + 30 * MIN), to: now });
    expect(cost.points).toHaveLength(6);
    expect(cost.points[0]).toEqual({ t: '2026-04-15T06:00:00.000Z', value: 0 });
    expect(cost.points[1]?.value).toBeCloseTo(0.03, 10);
    expect(cost.points[5]?.value).toBeCloseTo(0.03, 10);
    const engaged = await queries.timeSeries(A, {
      metric: 'engagement',
      interval: 'hour',
      from: new Date('2026-01-05T09:00:00Z'),
      to: new Date('2026-01-05T12:00:00Z'),
    });
    expect(engaged.points.map((p) => p.value)).toEqual([22, 0, 0]);
  });
});

describe('leaderboards', () => {
  const range = { from: new Date('2026-03-10T00:00:00Z'), to: new Date('2026-03-11T00:00:00Z') };

  it('ranks sources by articles with the posts and engagement of their articles', async () => {
    expect(await queries.leaderboard(A, { ...range, by: 'source' })).toEqual([
      { key: sourceOne, articles: 3, posts: 2, engagement: 6 },
      { key: sourceTwo, articles: 1, posts: 0, engagement: 0 },
    ]);
  });

  it('ranks niches by the chosen column', async () => {
    expect(await queries.leaderboard(A, { ...range, by: 'niche', orderBy: 'engagement', limit: 1 })).toEqual([
      { key: 'technology', articles: 3, posts: 2, engagement: 6 },
    ]);
  });
});

describe('experiment results', () => {
  it('reports posts, trials, successes and Wilson intervals per variant', async () => {
    const [e1] = await queries.experimentResults(A, { experimentId: 'e1' });
    expect(e1?.posts).toBe(15);
    expect(e1?.variants).toEqual([
      expect.objectContaining({ variant: 'casual', posts: 10, trials: 8, successes: 6, engagementRate: 0.75, interval: wilsonInterval(6, 8) }),
      expect.objectContaining({ variant: 'formal', posts: 5, trials: 5, successes: 1, engagementRate: 0.2, interval: wilsonInterval(1, 5) }),
    ]);
    expect(e1?.variants[0]?.meanInteractions).toBeCloseTo(12 / 8, 10);
  });
});

describe('best posting hour', () => {
  it('finds the hour with the highest mean engagement among hours with enough posts', async () => {
    const best = await queries.bestPostingHours(A, { minSamples: 3, to: new Date('2026-01-31T00:00:00Z') });
    expect(best.map((b) => [b.niche, b.bestHour, b.samples, b.meanInteractions])).toEqual([
      ['science', 7, 3, 1],
      ['technology', 9, 3, 10],
    ]);
    expect(best[1]?.hours).toContainEqual({ hour: 14, samples: 1, meanInteractions: 50 });
  });

  it('counts hours in the requested time zone', async () => {
    const best = await queries.bestPostingHours(A, {
      minSamples: 3,
      niche: 'technology',
      timeZone: 'America/New_York',
      to: new Date('2026-01-31T00:00:00Z'),
    });
    expect(best).toEqual([expect.objectContaining({ niche: 'technology', bestHour: 4, samples: 3, timeZone: 'America/New_York' })]);
  });
});

describe('tenant isolation', () => {
  it("shows tenant B nothing of tenant A's data in any query", async () => {
    const overview = await queries.overview(B, now);
    for (const window of [overview.lastHour, overview.lastDay]) {
      expect(window).toMatchObject({ articles: 0, summaries: 0, posts: 0, llmCostUsd: 0, p95PipelineLatencyMs: null });
    }
    for (const metric of ['articles', 'summaries', 'posts', 'cost', 'engagement'] as const) {
      const series = await queries.timeSeries(B, { metric, interval: 'day', from: new Date('2026-01-01T00:00:00Z'), to: now });
      expect(series.points.length).toBeGreaterThan(100);
      expect(series.points.every((p) => p.value === 0)).toBe(true);
    }
    const range = { from: new Date('2026-01-01T00:00:00Z'), to: now };
    expect(await queries.leaderboard(B, { ...range, by: 'niche' })).toEqual([]);
    expect(await queries.leaderboard(B, { ...range, by: 'source' })).toEqual([]);
    expect(await queries.experimentResults(B)).toEqual([]);
    expect(await queries.bestPostingHours(B, { minSamples: 1 })).toEqual([]);
  });

  it('keeps tenant B out of the daily rollup', async () => {
    await refreshDailyStats(dataSource);
    const range = { from: '2026-01-01', to: '2026-12-31' };
    expect((await queries.dailyStats(A, range)).length).toBeGreaterThan(5);
    expect(await queries.dailyStats(B, range)).toEqual([]);
  });

  it('treats a tenant id full of SQL as a plain value', async () => {
    const overview = await queries.overview(`${A}' OR '1'='1`, now);
    expect(overview.lastDay.articles).toBe(0);
  });
});
