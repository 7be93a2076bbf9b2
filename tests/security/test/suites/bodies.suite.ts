import { randomUUID } from 'node:crypto';
import { ALL_SCOPES, fillPath, problem, problemOf, publicRoutes, rawRequest, routeName, type PublicRoute, type SecuritySystem } from '../../src';

const jsonRoutes = publicRoutes().filter((route) => route.hasBody && route.template !== '/api/v1/sources/import');
const anyIds = (route: PublicRoute) => Object.fromEntries(route.pathParams.map((name) => [name, randomUUID()]));

/** Request bodies beyond the limits (1 MiB JSON, 2 MiB OPML) answer 413, malformed JSON 400, on every route that takes one. */
export function bodiesSuite(system: () => SecuritySystem): void {
  describe('oversized and malformed request bodies', () => {
    const send = (route: PublicRoute, body: string | Buffer, contentType = 'application/json') =>
      rawRequest(`${system().gatewayUrl}${fillPath(route.template, anyIds(route))}`, {
        method: route.method, token: system().token(`bodies-${randomUUID()}`, ALL_SCOPES), body, headers: { 'content-type': contentType },
      });

    it('answers a JSON body over 1 MiB with 413 payload-too-large on every route with a body', async () => {
      const oversized = JSON.stringify({ name: 'x'.repeat(1_100_000) });
      const wrong: string[] = [];
      for (const route of jsonRoutes) {
        const got = problemOf(await send(route, oversized));
        if (JSON.stringify(got) !== JSON.stringify(problem(413, 'payload-too-large'))) wrong.push(`${routeName(route)} -> ${JSON.stringify(got)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('answers malformed JSON with 400 malformed-json on every route with a body', async () => {
      const wrong: string[] = [];
      for (const route of jsonRoutes) {
        for (const body of ['{"url": ', '{url: "x"}', "{'a': 1}", '[1,2', '\u0000']) {
          const got = problemOf(await send(route, body));
          if (JSON.stringify(got) !== JSON.stringify(problem(400, 'malformed-json'))) wrong.push(`${routeName(route)} ${JSON.stringify(body)} -> ${JSON.stringify(got)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('answers well-formed JSON of the wrong shape with 400 validation-failed', async () => {
      const wrong: string[] = [];
      for (const route of jsonRoutes) {
        for (const body of ['null', '"text"', '42', '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"x": 1}}}']) {
          const response = await send(route, body);
          // A route whose body is all optional (a PATCH) may find {} acceptable and answer 404 for the unknown id.
          const got = problemOf(response);
          if (got.status !== 400 && !(route.method === 'PATCH' && got.status === 404)) wrong.push(`${routeName(route)} ${body} -> ${JSON.stringify(got)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('answers an OPML import over 2 MiB with 413', async () => {
      const route = publicRoutes().find((r) => r.template === '/api/v1/sources/import')!;
      const opml = `<?xml version="1.0"?><opml version="2.0"><body>${'<outline text="x"/>'.repeat(120_000)}</body></opml>`;
      expect(problemOf(await send(route, opml, 'text/x-opml'))).toEqual(problem(413, 'payload-too-large'));
    });
  });
}
