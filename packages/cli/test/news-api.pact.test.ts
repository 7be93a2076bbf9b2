import { httpPact, MatchersV3, pactMatchers } from '@pulse/testing';
import { runCli } from '../src';

// What `pulse sources list|add|remove` and `pulse fetch-now` need from the news service's public
// API, through the gateway paths the CLI really calls (/api/v1/...). Each test drives the real
// command against the Pact mock server (--api is the only seam), so the pact holds exactly the
// requests the CLI sends and only the response fields it reads. services/news verifies it
// (test/http-provider.pact.test.ts) on its own paths, mapped with the gateway's route table.
const consumer = 'cli';
const provider = 'news';

const { eachLike, fromProviderState, integer, like, number, regex } = MatchersV3;
const { uuid, rfc3339 } = pactMatchers;

/** A JWT-shaped example; the provider test sends a real token of the state's tenant instead. */
const EXAMPLE_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImFjbWUiLCJzY29wZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
const EXAMPLE_SOURCE_ID = '5a1e7c3d-2b4f-4a6e-8d9c-0e1f2a3b4c5d';
const authorization = regex(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, `Bearer ${EXAMPLE_TOKEN}`);
const json = { 'Content-Type': regex(/^application\/json(; ?charset=utf-8)?$/, 'application/json; charset=utf-8') };
const problemJson = { 'Content-Type': regex(/^application\/problem\+json(; ?charset=utf-8)?$/, 'application/problem+json; charset=utf-8') };

/** The fields of a source `sources list` prints and `fetch-now --all` filters on. */
const sourceView = {
  id: uuid(EXAMPLE_SOURCE_ID),
  url: like('https://feeds.example.com/technology.rss'),
  niche: like('technology'),
  enabled: like(true),
  health: {
    status: regex(/^(pending|healthy|failing|disabled)$/, 'healthy'),
    consecutiveFailures: integer(0),
    nextFetchAt: rfc3339('2026-11-23T08:15:00.000Z'),
    itemsSeen: integer(12),
  },
};

async function pulse(apiUrl: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { PULSE_API_URL: apiUrl, PULSE_TOKEN: EXAMPLE_TOKEN };
  const code = await runCli(['node', 'pulse', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, env });
  return { code, out, err };
}

describe('pulse CLI uses the news API (pact with news)', () => {
  it('lists the sources of a niche with their health', async () => {
    await httpPact({ consumer, provider })
      .given('the tenant has a technology source')
      .uponReceiving('a request for the sources of a niche')
      .withRequest({ method: 'GET', path: '/api/v1/sources', query: { limit: '1000', niche: 'technology' }, headers: { Authorization: authorization } })
      .willRespondWith({ status: 200, headers: json, body: { items: eachLike(sourceView) } })
      .executeTest(async (mock) => {
        const listed = await pulse(mock.url, 'sources', 'list', '--niche', 'technology');
        expect(listed).toMatchObject({ code: 0, err: '' });
        expect(listed.out).toMatch(/^ID\s+NICHE\s+STATUS\s+FAILURES\s+ITEMS\s+NEXT FETCH\s+URL\n/);
        expect(listed.out).toContain(`${EXAMPLE_SOURCE_ID}  technology  healthy`);
      });
  });

  it('adds a source and prints its id', async () => {
    await httpPact({ consumer, provider })
      .given('the tenant exists')
      .uponReceiving('a request to add a source')
      .withRequest({
        method: 'POST',
        path: '/api/v1/sources',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: { url: 'https://feeds.example.com/technology.rss', niche: 'technology', title: 'Example Tech', authorityWeight: 0.8 },
      })
      .willRespondWith({ status: 201, headers: json, body: { id: uuid(EXAMPLE_SOURCE_ID), url: like('https://feeds.example.com/technology.rss') } })
      .executeTest(async (mock) => {
        const added = await pulse(mock.url, 'sources', 'add', 'https://feeds.example.com/technology.rss', '--niche', 'technology', '--title', 'Example Tech', '--weight', '0.8');
        expect(added).toEqual({ code: 0, out: `added ${EXAMPLE_SOURCE_ID} https://feeds.example.com/technology.rss\n`, err: '' });
      });
  });

  it('prints the validation messages of a refused source', async () => {
    await httpPact({ consumer, provider })
      .given('the tenant exists')
      .uponReceiving('a request to add a source whose url is not a URL')
      .withRequest({
        method: 'POST',
        path: '/api/v1/sources',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: { url: 'not a url', niche: 'technology' },
      })
      .willRespondWith({
        status: 400,
        headers: problemJson,
        body: { title: like('Bad Request'), detail: like('The request is invalid'), errors: eachLike(regex(/^body\.url: .+/, 'body.url: Invalid URL')) },
      })
      .executeTest(async (mock) => {
        const refused = await pulse(mock.url, 'sources', 'add', 'not a url', '--niche', 'technology');
        expect(refused.code).toBe(1);
        expect(refused.err).toMatch(/400 Bad Request: The request is invalid\n  body\.url: Invalid URL\n$/);
      });
  });

  it('removes a source', async () => {
    await httpPact({ consumer, provider })
      .given('the tenant has a technology source')
      .uponReceiving('a request to delete a source')
      .withRequest({
        method: 'DELETE',
        path: fromProviderState('/api/v1/sources/${sourceId}', `/api/v1/sources/${EXAMPLE_SOURCE_ID}`),
        headers: { Authorization: authorization },
      })
      .willRespondWith({ status: 204 })
      .executeTest(async (mock) => {
        expect(await pulse(mock.url, 'sources', 'remove', EXAMPLE_SOURCE_ID)).toEqual({ code: 0, out: `removed ${EXAMPLE_SOURCE_ID}\n`, err: '' });
      });
  });

  it('says when the source to remove does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await httpPact({ consumer, provider })
      .given('the tenant exists')
      .uponReceiving('a request to delete a source that does not exist')
      .withRequest({ method: 'DELETE', path: `/api/v1/sources/${missing}`, headers: { Authorization: authorization } })
      .willRespondWith({ status: 404, headers: problemJson, body: { title: like('Not Found'), detail: like('Source not found') } })
      .executeTest(async (mock) => {
        const refused = await pulse(mock.url, 'sources', 'remove', missing);
        expect(refused.code).toBe(1);
        expect(refused.err).toMatch(/404 Not Found: Source not found\n$/);
      });
  });

  it('fetches every enabled source now and prints what each brought', async () => {
    await httpPact({ consumer, provider })
      .given('the tenant has a technology source')
      .uponReceiving('a request for all sources')
      .withRequest({ method: 'GET', path: '/api/v1/sources', query: { limit: '1000' }, headers: { Authorization: authorization } })
      .willRespondWith({ status: 200, headers: json, body: { items: eachLike(sourceView) } })
      .given('the tenant has a source whose feed has a new article')
      .uponReceiving('a request to fetch a source now')
      .withRequest({
        method: 'POST',
        path: fromProviderState('/api/v1/sources/${sourceId}/refresh', `/api/v1/sources/${EXAMPLE_SOURCE_ID}/refresh`),
        headers: { Authorization: authorization },
      })
      .willRespondWith({
        status: 200,
        headers: json,
        body: {
          sourceId: uuid(EXAMPLE_SOURCE_ID),
          outcome: regex(/^(fetched|not-modified|failed)$/, 'fetched'),
          newArticles: integer(1),
          duplicates: integer(0),
          failedItems: integer(0),
          durationMs: number(42),
        },
      })
      .executeTest(async (mock) => {
        const fetched = await pulse(mock.url, 'fetch-now', '--all');
        expect(fetched).toMatchObject({ code: 0, err: '' });
        expect(fetched.out.split('\n')[1]!.split(/\s+/)).toEqual([EXAMPLE_SOURCE_ID, 'fetched', '1', '0', '0', '42']);
      });
  });
});
