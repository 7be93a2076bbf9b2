import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpPact, MatchersV3 } from '@pulse/testing';
import { runCli } from '../src';

// What `pulse status` needs from the analytics API (GET /api/v1/analytics/overview through the
// gateway): the numbers it prints for the last hour and day. `failures` and `p95PipelineLatencyMs`
// may be null (no DLQ reading, no post yet; the CLI prints "-"), but they must be there: without
// them the table would read "undefined" and "NaN", which this test found. Pact has no "number or
// null", so the state is one where both are known (a post in the last hour, DLQs readable).
// `dlqDepth` is optional to the CLI and left out. services/analytics verifies this pact.
//
// `status` also probes each service's /readyz directly: an operational probe (any 2xx is ready),
// not part of the public API, answered here by a stand-in so the test sees only the API call.
const consumer = 'cli';
const provider = 'analytics';

const { decimal, integer, number, regex } = MatchersV3;

const EXAMPLE_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImFjbWUiLCJzY29wZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
const authorization = regex(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, `Bearer ${EXAMPLE_TOKEN}`);

const window = (articles: number, summaries: number, posts: number, costUsd: number) => ({
  articles: integer(articles),
  summaries: integer(summaries),
  posts: integer(posts),
  failures: integer(0),
  articlesPerMinute: number(articles / 60),
  p95PipelineLatencyMs: number(300000),
  llmCostUsd: decimal(costUsd),
});

let readyz: Server;
let readyzUrl: string;

beforeAll(async () => {
  readyz = createServer((req, res) => {
    res.writeHead(req.url === '/readyz' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ready"}');
  });
  await new Promise<void>((resolve) => readyz.listen(0, '127.0.0.1', resolve));
  readyzUrl = `http://127.0.0.1:${(readyz.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => readyz.close(resolve));
});

describe('pulse CLI uses the analytics API (pact with analytics)', () => {
  it('prints the counts of the last hour and day in `pulse status`', async () => {
    await httpPact({ consumer, provider })
      .given("the tenant's pipeline ran in the last hour")
      .uponReceiving('a request for the overview')
      .withRequest({ method: 'GET', path: '/api/v1/analytics/overview', headers: { Authorization: authorization } })
      .willRespondWith({
        status: 200,
        headers: { 'Content-Type': regex(/^application\/json(; ?charset=utf-8)?$/, 'application/json; charset=utf-8') },
        body: { lastHour: window(3, 2, 1, 0.01), lastDay: window(3, 2, 1, 0.01) },
      })
      .executeTest(async (mock) => {
        let out = '';
        let err = '';
        const env = { PULSE_API_URL: mock.url, PULSE_TOKEN: EXAMPLE_TOKEN };
        const services = ['news', 'llm', 'social', 'analytics', 'notification'].map((name) => `${name}=${readyzUrl}`).join(',');
        const code = await runCli(['node', 'pulse', 'status', '--services', services], { out: (t) => { out += t; }, err: (t) => { err += t; }, env });
        expect({ code, err }).toEqual({ code: 0, err: '' });
        expect(out).toMatch(/^news\s+yes\s/m);
        expect(out).toMatch(/^WINDOW\s+ARTICLES\s+SUMMARIES\s+POSTS\s+FAILURES\s+ARTICLES\/MIN\s+P95 FETCH->POST MS\s+LLM USD$/m);
        expect(out).toMatch(/^last hour\s+3\s+2\s+1\s+0\s+0\.1\s+300000\s+0\.0100$/m);
        expect(out).not.toContain('dead letters');
      });
  });
});
