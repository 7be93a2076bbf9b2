import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { compileRoutes, loadDynamicConfig, ROUTES_FILE, servicePathResolver } from '@pulse/gateway';
import { pactsDir, verifyHttpProvider } from '@pulse/testing';
import { api, items, rss, startNews, tokenFor, uniqueNames, type NewsInstance } from './support/news-harness';

// news verifies every HTTP pact naming it (today: the CLI's, contracts/pacts/cli-news.json)
// against the real service on its own schema, topic, PostgreSQL, Redis and Kafka. Consumers call
// the public paths (/api/v1/...); the gateway's own route table (gateway/traefik/dynamic/routes.yml)
// maps them to the service's paths here, as Traefik does, and refuses a path routed elsewhere.
// State handlers seed through the service's API with a real token of a tenant of this run.
const provider = 'news';

/** The service path Traefik forwards a public path to; undefined for the verifier's own calls. */
const servicePathOf = servicePathResolver(compileRoutes(loadDynamicConfig(ROUTES_FILE)), provider);

const tenantId = `pact-cli-${randomUUID()}`;
let news: NewsInstance;
let feeds: FakeFeedServer;
let token: string;

beforeAll(async () => {
  feeds = await startFeedServer();
  news = await startNews(uniqueNames(), { FETCH_WORKER_ENABLED: 'false', SOURCE_CREDENTIALS_KEY: randomBytes(32).toString('base64') });
  // The CLI's token: `--tenant` mints an admin token, as `npm start`'s demo token is.
  token = await tokenFor(tenantId, ['admin']);
}, 120_000);

afterAll(async () => {
  await news?.stop();
  await feeds?.close();
}, 60_000);

/** A source of the tenant whose feed (on loopback) holds `count` articles no other source has. */
async function sourceWithFeed(count: number): Promise<{ sourceId: string }> {
  const feedPath = `/pact-${randomUUID()}.rss`;
  feeds.serve(feedPath, { body: rss('Pact feed', items(`${randomUUID()}.example`, count)) });
  const created = await api(news.server, token).post('/sources', { url: feeds.urlFor(feedPath), niche: 'technology', title: 'Pact feed' });
  expect(created.status).toBe(201);
  return { sourceId: created.body.id as string };
}

describe('news provides its HTTP API (pact verification)', () => {
  it('answers every request of every HTTP pact naming news as the pact says', async () => {
    const verified = await verifyHttpProvider({
      provider,
      providerBaseUrl: `http://127.0.0.1:${news.running.port}`,
      toProviderPath: servicePathOf,
      authorization: () => `Bearer ${token}`,
      stateHandlers: {
        'the tenant exists': async () => undefined,
        'the tenant has a technology source': () => sourceWithFeed(1),
        'the tenant has a source whose feed has a new article': () => sourceWithFeed(1),
      },
    });
    expect(verified.map((file) => path.relative(pactsDir(), file))).toContain('cli-news.json');
  }, 120_000);
});
