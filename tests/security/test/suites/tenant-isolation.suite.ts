import {
  ALL_SCOPES, STREAMING_ROUTES, bodyFor, fillPath, problem, problemOf, publicRoutes, requiredQuery, routeName, sendRoute, victimPathParams,
  type PublicRoute, type SecuritySystem,
} from '../../src';

const routes = publicRoutes().filter((route) => route.tenantScoped && !STREAMING_ROUTES.has(routeName(route)));
const withIds = routes.filter((route) => route.pathParams.length > 0);
const collections = routes.filter((route) => route.pathParams.length === 0);

/** Everything the victim can read about its own resources, to compare before and after the attacks. */
async function victimState(system: SecuritySystem): Promise<string> {
  const { victim } = system;
  const reads = [
    `/api/v1/sources/${victim.sourceId}`, `/api/v1/channels/${victim.channelId}`, `/api/v1/webhooks/${victim.webhookId}`,
    ...victim.articleIds.map((id) => `/api/v1/articles/${id}`), ...victim.postIds.map((id) => `/api/v1/posts/${id}`),
    '/api/v1/api-keys', '/api/v1/sources', '/api/v1/channels', '/api/v1/webhooks',
  ];
  const answers = await Promise.all(reads.map(async (path) => {
    const { status, body } = await victim.api.get(path);
    // Volatile bookkeeping (fetch times, usage stamps, delivery counters) may move on its own.
    return { path, status, body: JSON.stringify(body, (key, value) => (/At$|Count$|Attempts?$|health|lastUsed/i.test(key) ? undefined : value)) };
  }));
  return JSON.stringify(answers);
}

/** The victim's markers in an answer, except those the caller sent itself (a 404 may name the id it was asked for). */
function leakedMarkers(system: SecuritySystem, body: unknown, request: string): string[] {
  const text = JSON.stringify(body ?? '');
  return system.victim.markers.filter((marker) => text.includes(marker) && !request.includes(marker));
}

/**
 * Another tenant, holding every scope, on every tenant-scoped route of the published spec: the
 * victim's ids answer 404, collections and creations show nothing of the victim's, and afterwards
 * the victim's resources are unchanged.
 */
export function tenantIsolationSuite(system: () => SecuritySystem): void {
  describe("another tenant's token on every tenant-scoped endpoint", () => {
    let before: string;
    const attacker = `attacker-${Date.now()}`;
    const token = () => system().token(attacker, ALL_SCOPES);
    const context = () => ({
      victim: system().victim, feedUrl: `${system().outside.url}/feeds/attacker.xml`, hookUrl: `${system().outside.url}/hooks/attacker`,
      mastodonToken: system().pipeline.mastodon.token,
    });

    beforeAll(async () => {
      before = await victimState(system());
    });

    it.each(withIds.map((route) => [routeName(route), route] as [string, PublicRoute]))(
      "%s with the victim's ids answers 404 not-found",
      async (_name, route) => {
        const path = fillPath(route.template, victimPathParams(route, system().victim));
        const body = bodyFor(route, context());
        const response = await sendRoute(system().gatewayUrl, token(), route, path, body);
        expect({ route: routeName(route), ...problemOf(response) }).toEqual({ route: routeName(route), ...problem(404, 'not-found') });
        expect(leakedMarkers(system(), response.body, path + JSON.stringify(body))).toEqual([]);
      },
    );

    it.each(collections.map((route) => [routeName(route), route] as [string, PublicRoute]))(
      "%s answers with the caller's own data only",
      async (_name, route) => {
        const query = new URLSearchParams(requiredQuery(route)).toString();
        const path = `${route.template}${query ? `?${query}` : ''}`;
        const body = bodyFor(route, context());
        const response = await sendRoute(system().gatewayUrl, token(), route, path, body);
        if (body.namesVictimResource) {
          expect({ route: routeName(route), ...problemOf(response) }).toEqual({ route: routeName(route), ...problem(404, 'not-found') });
        } else {
          // A creation answers 201; the OPML import answers 200 with what it imported.
          const ok = route.method === 'GET' ? [200] : [200, 201];
          expect({ route: routeName(route), ok: ok.includes(response.status) }).toEqual({ route: routeName(route), ok: true });
        }
        expect(leakedMarkers(system(), response.body, path + JSON.stringify(body))).toEqual([]);
      },
    );

    it("leaves every resource of the victim as it was", async () => {
      expect(await victimState(system())).toEqual(before);
      const { body: overview } = await system().client(attacker).get('/api/v1/analytics/overview');
      expect(overview.lastDay).toMatchObject({ articles: 0, summaries: 0, posts: 0 });
    });
  });
}
