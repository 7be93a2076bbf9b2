import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { compileRoutes, loadDynamicConfig, ROUTES_FILE, servicePathResolver } from '@pulse/gateway';
import { pactsDir, verifyHttpProvider, waitFor } from '@pulse/testing';
import { fetched, published, summarized } from './support/events';
import { message, startAnalytics, type AnalyticsHarness } from './support/analytics-service';

// analytics verifies every HTTP pact naming it (the CLI's `status` and the dashboard's cards and
// chart) against the real service on its own schema, topics and groups. The state "the tenant's
// pipeline ran in the last hour" is seeded the way production fills analytics: events on its
// Kafka topics, consumed and counted. Consumers call the public paths (/api/v1/...); the gateway's
// own route table (gateway/traefik/dynamic/routes.yml) maps them to the service's paths, as
// Traefik does, and refuses a path routed elsewhere.
const provider = 'analytics';

/** The service path Traefik forwards a public path to; undefined for the verifier's own calls. */
const servicePathOf = servicePathResolver(compileRoutes(loadDynamicConfig(ROUTES_FILE)), provider);

const MINUTE = 60_000;
const tenantId = `pact-http-${randomUUID()}`;
// Minute-aligned and inside the last hour, so the per-minute series has these events in known buckets.
const base = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
const at = (offsetMs: number): Date => new Date(base + offsetMs);

let analytics: AnalyticsHarness;
let token: string;
/** The Authorization header the verifier sends: a real token, or none for a state that expects a refusal. */
let authorization: string | undefined;
let seeded: Promise<void> | undefined;

beforeAll(async () => {
  analytics = await startAnalytics({ DLQ_STATS_CACHE_MS: '0' });
  // The CLI mints an admin token; the dashboard's user pastes one (npm start prints an admin token).
  token = await analytics.token(tenantId, ['admin']);
}, 120_000);

afterAll(async () => {
  await analytics?.stop();
}, 60_000);

/** Three articles fetched, two summarized, one posted (5 min after its fetch), once per run. */
function pipelineRan(): Promise<void> {
  seeded ??= (async () => {
    const articles = [randomUUID(), randomUUID(), randomUUID()];
    await analytics.send(analytics.topics.fetched, articles.map((articleId, i) => message(fetched({ tenantId, time: at(i * MINUTE), articleId }))));
    await analytics.send(analytics.topics.summarized, articles.slice(0, 2).map((articleId, i) => message(summarized({ tenantId, time: at((i + 1) * MINUTE), fetchedAt: at(i * MINUTE), articleId }))));
    await analytics.send(analytics.topics.published, [message(published({ tenantId, time: at(5 * MINUTE), fetchedAt: at(0), articleId: articles[0] }))]);
    await waitFor(async () => {
      const { body } = await analytics.get('/analytics/overview', token);
      const lastHour = body.lastHour as Record<string, unknown> | undefined;
      return lastHour?.articles === 3 && lastHour.summaries === 2 && lastHour.posts === 1 && typeof lastHour.failures === 'number';
    }, { what: "the seeded events in the tenant's overview" });
  })();
  return seeded;
}

describe('analytics provides its HTTP API (pact verification)', () => {
  it('answers every request of every HTTP pact naming analytics as the pact says', async () => {
    const verified = await verifyHttpProvider({
      provider,
      providerBaseUrl: analytics.base,
      toProviderPath: servicePathOf,
      authorization: () => authorization,
      stateHandlers: {
        "the tenant's pipeline ran in the last hour": async () => {
          authorization = `Bearer ${token}`;
          await pipelineRan();
          // The chart's range (the timeseries pacts take from/to from the state): around the seeded events.
          return { from: at(-5 * MINUTE).toISOString(), to: at(10 * MINUTE).toISOString() };
        },
        'the token is not valid': async () => {
          authorization = undefined;
          return undefined;
        },
      },
    });
    expect(verified.map((file) => path.relative(pactsDir(), file)).sort()).toEqual(expect.arrayContaining(['cli-analytics.json', 'dashboard-analytics.json']));
  }, 120_000);
});
