import { randomUUID } from 'node:crypto';
import {
  ALL_SCOPES, STREAMING_ROUTES, fillPath, publicRoutes, rawRequest, requiredQuery, routeName, victimPathParams, type SecuritySystem,
} from '../../src';

const getRoutes = publicRoutes().filter((route) => route.method === 'GET' && route.tenantScoped && !STREAMING_ROUTES.has(routeName(route)));

/** What an attacker puts in a query string: raw query text (already encoded), by kind. */
function payloads(victimTenant: string, name: string): Array<[string, string]> {
  const value = (raw: string) => `${name}=${encodeURIComponent(raw)}`;
  return [
    ['SQL quote', value("' OR '1'='1")],
    ['SQL stacked query', value('1; DROP TABLE articles; --')],
    ['SQL union', value("x' UNION SELECT tenant_id, id FROM sources --")],
    ['SQL comment and wildcard', value("%' /* */ OR tenant_id LIKE '%")],
    ['backslash and NUL', value('\\\u0000\\')],
    ['NoSQL operator object', `${name}[$ne]=x`],
    ['NoSQL nested object', `${name}[tenantId]=${encodeURIComponent(victimTenant)}`],
    ['array', `${name}=a&${name}=b`],
    ['very long', value('A'.repeat(8_000))],
    ['unicode', value('日本語 ü 🙂 \u202e\u200b')],
    ['control characters', value('\r\n\t\u0007')],
    ['path traversal', value('../../../etc/passwd')],
    ['JSON', value('{"$gt": ""}')],
    ['number overflow', value('1e309')],
    ['negative', value('-1')],
  ];
}

/**
 * Injection attempts in every query parameter of every GET route of the published spec (and in
 * the path of those with ids): the answer is a 400 problem or a normal answer, never a 5xx, and
 * never carries the victim's data. Each request is a new tenant's, so no rate limit gets in the way.
 */
export function injectionSuite(system: () => SecuritySystem): void {
  describe('injection attempts in every query parameter of every GET route', () => {
    it.each(getRoutes.map((route) => [routeName(route), route] as const))('%s', async (_name, route) => {
      const { victim, gatewayUrl } = system();
      const base = route.pathParams.length > 0 ? fillPath(route.template, victimPathParams(route, victim)) : route.template;
      const required = new URLSearchParams(requiredQuery(route)).toString();
      const names = [...route.queryParams.map((p) => p.name), 'tenantId'];
      const cases: Array<{ what: string; url: string }> = [];
      for (const name of names) {
        for (const [what, query] of payloads(victim.tenantId, name)) {
          cases.push({ what: `${name}: ${what}`, url: `${gatewayUrl}${base}?${[query, required].filter(Boolean).join('&')}` });
        }
      }
      // The path itself, where the route has ids.
      for (const id of ["' OR 1=1 --", '../../sources', '%00', '1e309', 'A'.repeat(2_000)]) {
        if (route.pathParams.length > 0) {
          cases.push({ what: `path: ${id.slice(0, 20)}`, url: `${gatewayUrl}${fillPath(route.template, Object.fromEntries(route.pathParams.map((p) => [p, id])))}` });
        }
      }
      const wrong: string[] = [];
      for (const { what, url } of cases) {
        const response = await rawRequest(url, { token: system().token(`inject-${randomUUID()}`, ALL_SCOPES) });
        const text = JSON.stringify(response.body ?? '');
        // A marker the request itself carried (the victim's id in the path, its tenant in a payload) may be echoed in a 400/404 detail.
        const leaked = victim.markers.filter((marker) => text.includes(marker) && !decodeURIComponent(url).includes(marker));
        const acceptable = response.status === 400 || response.status === 404 || response.status === 200;
        const problemType = response.status === 200 || (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
        if (!acceptable || !problemType || leaked.length > 0) wrong.push(`${what} -> ${response.status} ${response.headers.get('content-type')} leaked [${leaked.join(', ')}]`);
      }
      expect(wrong).toEqual([]);
    });
  });
}
