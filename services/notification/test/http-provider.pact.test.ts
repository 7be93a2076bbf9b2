import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { compileRoutes, loadDynamicConfig, ROUTES_FILE, servicePathResolver } from '@pulse/gateway';
import { pactsDir, verifyHttpProvider } from '@pulse/testing';
import { startHarness, type Harness } from './support/service-harness';

// notification verifies every HTTP pact naming it (the dashboard's live stream ticket) against the
// real service on its own schema, topics, groups and Redis prefix. Consumers call the public paths
// (/api/v1/...); the gateway's own route table (gateway/traefik/dynamic/routes.yml) maps them to the
// service's paths, as Traefik does, and refuses a path routed elsewhere.
const provider = 'notification';

/** The service path Traefik forwards a public path to; undefined for the verifier's own calls. */
const servicePathOf = servicePathResolver(compileRoutes(loadDynamicConfig(ROUTES_FILE)), provider);

const tenantId = `pact-http-${randomUUID()}`;
let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness();
  // The dashboard's user pastes a token; npm start prints an admin one.
  token = await harness.tokenFor(tenantId, ['admin']);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe('notification provides its HTTP API (pact verification)', () => {
  it('answers every request of every HTTP pact naming notification as the pact says', async () => {
    const verified = await verifyHttpProvider({
      provider,
      providerBaseUrl: harness.baseUrl,
      toProviderPath: servicePathOf,
      authorization: () => `Bearer ${token}`,
      stateHandlers: {
        'a signed-in user of the tenant': async () => undefined,
      },
    });
    expect(verified.map((file) => path.relative(pactsDir(), file))).toContain('dashboard-notification.json');
  }, 120_000);
});
