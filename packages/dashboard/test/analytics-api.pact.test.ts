import { httpPact, MatchersV3, pactMatchers } from '@pulse/testing';
import { ApiError, createApi } from '../public/js/api-client.js';
import { normalizeOverview, normalizeSeries } from '../public/js/dashboard-state.js';
import { withApiAt } from './pact-browser-fetch';

// What the dashboard page needs from the analytics API: the overview cards and the throughput
// chart, through the gateway paths the page calls (relative /api/v1/...). The page's own
// api-client.js sends the requests (the page's fetch is pointed at the Pact mock server) and its
// own normalizers read the answers, so the pact is exactly what the browser does and needs.
// services/analytics verifies it (test/http-provider.pact.test.ts).
const consumer = 'dashboard';
const provider = 'analytics';

const { decimal, eachLike, fromProviderState, integer, like, number, regex } = MatchersV3;
const { rfc3339 } = pactMatchers;

/** A JWT-shaped example (pasted at sign-in); the provider test sends a real token of the state's tenant. */
const EXAMPLE_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImFjbWUiLCJzY29wZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
const headers = { Authorization: regex(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, `Bearer ${EXAMPLE_TOKEN}`), Accept: 'application/json' };
const json = { 'Content-Type': regex(/^application\/json(; ?charset=utf-8)?$/, 'application/json; charset=utf-8') };

/** The cards of one window (the page shows every numeric field; these are the ones it labels first). */
const window = {
  articles: integer(3),
  articlesPerMinute: number(0.05),
  summaries: integer(2),
  posts: integer(1),
  llmCostUsd: decimal(0.01),
};

describe('dashboard uses the analytics API (pact with analytics)', () => {
  it('shows the overview of the last hour and day', async () => {
    await httpPact({ consumer, provider })
      .given("the tenant's pipeline ran in the last hour")
      .uponReceiving('a request for the overview from the dashboard')
      .withRequest({ method: 'GET', path: '/api/v1/analytics/overview', headers })
      .willRespondWith({ status: 200, headers: json, body: { generatedAt: rfc3339('2026-11-23T08:00:00.000Z'), lastHour: window, lastDay: window } })
      .executeTest(async (mock) => {
        const overview = normalizeOverview(await withApiAt(mock.url, () => createApi(EXAMPLE_TOKEN).overview()));
        expect(overview.lastHour).toEqual({ articles: 3, articlesPerMinute: 0.05, summaries: 2, posts: 1, llmCostUsd: 0.01 });
        expect(overview.lastDay.posts).toBe(1);
        expect(overview.generatedAt).toBe('2026-11-23T08:00:00.000Z');
      });
  });

  it('reads a rejected token as a 401, which signs the page out', async () => {
    await httpPact({ consumer, provider })
      .given('the token is not valid')
      .uponReceiving('a request for the overview with a token the API rejects')
      .withRequest({ method: 'GET', path: '/api/v1/analytics/overview', headers })
      .willRespondWith({
        status: 401,
        headers: { 'Content-Type': regex(/^application\/problem\+json(; ?charset=utf-8)?$/, 'application/problem+json; charset=utf-8') },
        body: { title: like('Unauthorized'), detail: like('The token is not valid') },
      })
      .executeTest(async (mock) => {
        const failure = await withApiAt(mock.url, () => createApi(EXAMPLE_TOKEN).overview()).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ApiError);
        expect(failure).toMatchObject({ status: 401, message: '/api/v1/analytics/overview: 401 The token is not valid' });
      });
  });

  it('draws articles and posts per minute of the last hour', async () => {
    // from/to come from the provider state: the window its seeded events fall in.
    const series = (metric: string) => ({
      method: 'GET',
      path: '/api/v1/analytics/timeseries',
      query: {
        metric,
        interval: 'minute',
        from: fromProviderState('${from}', '2026-11-23T07:00:00.000Z'),
        to: fromProviderState('${to}', '2026-11-23T08:00:00.000Z'),
      },
      headers,
    });
    const points = { status: 200, headers: json, body: { points: eachLike({ t: rfc3339('2026-11-23T07:30:00.000Z'), value: integer(1) }) } };
    await httpPact({ consumer, provider })
      .given("the tenant's pipeline ran in the last hour")
      .uponReceiving('a request for the articles per minute')
      .withRequest(series('articles'))
      .willRespondWith(points)
      .given("the tenant's pipeline ran in the last hour")
      .uponReceiving('a request for the posts per minute')
      .withRequest(series('posts'))
      .willRespondWith(points)
      .executeTest(async (mock) => {
        const to = new Date();
        const from = new Date(to.getTime() - 3_600_000);
        const api = createApi(EXAMPLE_TOKEN);
        const [articles, posts] = await withApiAt(mock.url, () => Promise.all([api.timeseries('articles', from, to), api.timeseries('posts', from, to)]));
        expect(normalizeSeries(articles)).toEqual([{ t: Date.parse('2026-11-23T07:30:00.000Z'), value: 1 }]);
        expect(normalizeSeries(posts)).toEqual([{ t: Date.parse('2026-11-23T07:30:00.000Z'), value: 1 }]);
      });
  });
});
