import { randomUUID } from 'node:crypto';
import { generateKeyPair } from '@pulse/auth';
import {
  claimsFor, epochIn, es256Token, fillPath, hs256Token, problem, problemOf, publicRoutes, rawRequest, routeName, unsignedToken,
  type ForgedClaims, type PublicRoute, type SecuritySystem,
} from '../../src';

const routes = publicRoutes().filter((route) => route.tenantScoped);
const anyIds = (route: PublicRoute) => Object.fromEntries(route.pathParams.map((name) => [name, randomUUID()]));

interface Attack {
  name: string;
  /** The Authorization header value (undefined: none at all). */
  header(system: SecuritySystem): string | undefined;
}

const tenant = `jwt-${randomUUID()}`;
const valid = (overrides: ForgedClaims = {}) => claimsFor(tenant, ['admin'], overrides);
const signed = (system: SecuritySystem, overrides: ForgedClaims) => es256Token(valid(overrides), system.pipeline.keys.privateKeyPem);

const ATTACKS: Attack[] = [
  { name: 'a request without a token', header: () => undefined },
  { name: 'a bearer value that is not a JWT', header: () => 'Bearer not.a-jwt' },
  { name: 'an unsigned token (alg "none")', header: () => `Bearer ${unsignedToken(valid())}` },
  { name: 'a token that expired a minute ago', header: (s) => `Bearer ${signed(s, { iat: epochIn(-3_600), exp: epochIn(-60) })}` },
  { name: 'a token not valid for another ten minutes (nbf)', header: (s) => `Bearer ${signed(s, { nbf: epochIn(600) })}` },
  { name: 'a token of another issuer', header: (s) => `Bearer ${signed(s, { iss: 'evil' })}` },
  { name: 'a token for another audience', header: (s) => `Bearer ${signed(s, { aud: 'other-api' })}` },
  { name: 'a token signed by another key', header: () => `Bearer ${es256Token(valid(), generateKeyPair().privateKeyPem)}` },
  { name: 'an HS256 token keyed with the public key (key confusion)', header: (s) => `Bearer ${hs256Token(valid(), s.pipeline.keys.publicKeyPem)}` },
  {
    name: 'a token without a tenantId claim',
    header: (s) => {
      const { tenantId: _omitted, ...claims } = valid();
      return `Bearer ${es256Token(claims, s.pipeline.keys.privateKeyPem)}`;
    },
  },
  { name: 'a token whose tenantId was swapped after signing', header: (s) => `Bearer ${tamper(signed(s, {}), s.victim.tenantId)}` },
];

/** Swaps the tenantId of a signed token, keeping its signature. */
function tamper(token: string, tenantId: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as ForgedClaims;
  return `${header}.${Buffer.from(JSON.stringify({ ...claims, tenantId })).toString('base64url')}.${signature}`;
}

/** JWT attacks on every tenant-scoped route of the published spec: 401 problem+json with WWW-Authenticate. */
export function jwtAttackSuite(system: () => SecuritySystem): void {
  describe('JWT attacks on every route of the public API', () => {
    it('enumerates the routes from the published OpenAPI document', () => {
      expect(routes.length).toBeGreaterThan(30);
    });

    for (const attack of ATTACKS) {
      it(`answers ${attack.name} with 401 on every route`, async () => {
        const authorization = attack.header(system());
        const wrong: string[] = [];
        for (const route of routes) {
          const response = await rawRequest(`${system().gatewayUrl}${fillPath(route.template, anyIds(route))}`, {
            method: route.method, headers: authorization ? { authorization } : {},
          });
          const got = problemOf(response);
          const challenge = response.headers.get('www-authenticate') ?? '';
          if (JSON.stringify(got) !== JSON.stringify(problem(401, 'unauthorized')) || !/^Bearer/.test(challenge)) {
            wrong.push(`${routeName(route)} -> ${JSON.stringify(got)} WWW-Authenticate: "${challenge}"`);
          }
        }
        expect(wrong).toEqual([]);
      });
    }

    it('refuses a valid token without the route\'s scope with 403 on every route', async () => {
      const client = system().client(undefined, ['nothing:read']);
      const wrong: string[] = [];
      for (const route of routes.filter((r) => r.scopes.length > 0)) {
        const response = await client.request(route.method, fillPath(route.template, anyIds(route)));
        const got = problemOf(response);
        if (JSON.stringify(got) !== JSON.stringify(problem(403, 'forbidden'))) wrong.push(`${routeName(route)} -> ${JSON.stringify(got)}`);
      }
      expect(wrong).toEqual([]);
    });
  });
}
