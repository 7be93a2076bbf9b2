import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@pulse/db';
import { PulseError } from '@pulse/errors';
import { infraEnv, uniqueSchema } from '@pulse/testing';
import {
  apiKeyEntities, apiKeyMigrations, createApiKeyRouter, createAuthenticator, createJwksRouter, createTokenIssuing,
  createTokenSigner, generateKeyPair, publicKeyFromJwks,
} from '../src';

const keys = generateKeyPair();
const issuing = createTokenIssuing({ privateKeyPem: keys.privateKeyPem, publicKeyPem: keys.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' });
const operator = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
const auth = createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' });
const TTL = 900;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
// The runtime passes its Redis-backed limiter; limits are covered by the news service's test.
const noLimit: RequestHandler = (_req, _res, next) => next();
// A stand-in for @pulse/http-kit's problem handler (http-kit depends on this package).
const problems: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status = error instanceof PulseError ? error.status : 500;
  res.status(status).json({ code: error instanceof PulseError ? error.code : 'internal', detail: (error as Error).message });
};

const schema = uniqueSchema('auth_keys');
let dataSource: DataSource;
let app: express.Express;
let unsignedApp: express.Express;

beforeAll(async () => {
  dataSource = await createDataSource({ url: infraEnv().databaseUrl, schema, entities: apiKeyEntities, migrations: apiKeyMigrations, logger: quiet, poolSize: 3 });
  const build = (signer: typeof issuing.signer | undefined) => {
    const built = express();
    built.use(express.json());
    built.use('/v1', createApiKeyRouter({ dataSource, signer, tokenTtlSeconds: TTL, auth, rateLimit: noLimit }));
    built.get('/v1/whoami', auth.authenticate, (req, res) => res.json(req.user));
    built.use(createJwksRouter({ jwks: issuing.jwks }));
    built.use(problems);
    return built;
  };
  app = build(issuing.signer);
  unsignedApp = build(undefined);
});

afterAll(async () => {
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await dataSource.destroy();
});

const tokenFor = (tenantId: string, scopes: string[]) => operator.sign({ sub: `user-of-${tenantId}`, tenantId, scopes });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

interface CreatedKey { id: string; secret: string; prefix: string; scopes: string[]; expiresAt: string | null }

async function createKey(tenantId: string, body: object, callerScopes = ['admin']): Promise<CreatedKey> {
  const res = await request(app).post('/v1/api-keys').set('authorization', `Bearer ${await tokenFor(tenantId, callerScopes)}`).send(body);
  expect(res.status).toBe(201);
  return res.body as CreatedKey;
}

function exchange(id: string, secret: string, extra: Record<string, string> = {}) {
  return request(app).post('/v1/auth/token').set('authorization', basic(id, secret)).type('form').send({ grant_type: 'client_credentials', ...extra });
}

describe('API keys exchanged for tokens', () => {
  it('exchanges a new key for a short-lived token that verifies and carries the key tenant and scopes', async () => {
    const key = await createKey('acme', { name: 'ci bot', scopes: ['news:read', 'posts:write'] });
    expect(key.secret).toMatch(/^pulse_sk_[A-Za-z0-9_-]{43}$/);

    const res = await exchange(key.id, key.secret);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: TTL, scope: 'news:read posts:write' });

    const who = await request(app).get('/v1/whoami').set('authorization', `Bearer ${res.body.access_token}`);
    expect(who.status).toBe(200);
    expect(who.body).toEqual({ sub: `api-key:${key.id}`, tenantId: 'acme', scopes: ['news:read', 'posts:write'] });
    const claims = jwt.decode(res.body.access_token) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(TTL);
  });

  it('takes the credentials as form or JSON body parameters too, and narrows to a requested scope', async () => {
    const key = await createKey('acme', { name: 'body client', scopes: ['news:read', 'news:write'] });
    const form = await request(app).post('/v1/auth/token').type('form')
      .send({ grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret, scope: 'news:read' });
    expect(form.status).toBe(200);
    expect(form.body.scope).toBe('news:read');
    expect((jwt.decode(form.body.access_token) as { scopes: string[] }).scopes).toEqual(['news:read']);

    const json = await request(app).post('/v1/auth/token').send({ grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret });
    expect(json.status).toBe(200);
    expect(json.body.scope).toBe('news:read news:write');
  });

  it('answers invalid_client (401) for a wrong secret or an unknown key id', async () => {
    const key = await createKey('acme', { name: 'guarded', scopes: ['news:read'] });
    const wrong = await exchange(key.id, `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);

    const unknown = await exchange('00000000-0000-4000-8000-000000000000', key.secret);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const missing = await request(app).post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials' });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe('invalid_client');
  });

  it('answers the RFC 6749 errors for a wrong grant, two authentication methods and a scope the key lacks', async () => {
    const key = await createKey('acme', { name: 'strict', scopes: ['news:read'] });
    const grant = await exchange(key.id, key.secret, { grant_type: 'password' });
    expect([grant.status, grant.body.error]).toEqual([400, 'unsupported_grant_type']);
    const both = await exchange(key.id, key.secret, { client_id: key.id, client_secret: key.secret });
    expect([both.status, both.body.error]).toEqual([400, 'invalid_request']);
    const scope = await exchange(key.id, key.secret, { scope: 'news:read admin' });
    expect([scope.status, scope.body.error]).toEqual([400, 'invalid_scope']);
  });

  it('refuses tokens for a revoked key, and revoking twice is harmless', async () => {
    const key = await createKey('acme', { name: 'short-lived', scopes: ['news:read'] });
    expect((await exchange(key.id, key.secret)).status).toBe(200);
    const admin = `Bearer ${await tokenFor('acme', ['keys:write'])}`;
    expect((await request(app).delete(`/v1/api-keys/${key.id}`).set('authorization', admin)).status).toBe(204);

    const after = await exchange(key.id, key.secret);
    expect([after.status, after.body.error]).toEqual([401, 'invalid_client']);
    expect((await request(app).delete(`/v1/api-keys/${key.id}`).set('authorization', admin)).status).toBe(204);
  });

  it('issues tokens that never outlive the key, and refuses an expired key', async () => {
    const expiresAt = new Date(Date.now() + 120_000);
    const key = await createKey('acme', { name: 'expiring', scopes: ['news:read'], expiresAt: expiresAt.toISOString() });
    const before = await exchange(key.id, key.secret);
    expect(before.status).toBe(200);
    expect(before.body.expires_in).toBeLessThanOrEqual(120);
    expect((jwt.decode(before.body.access_token) as { exp: number }).exp).toBeLessThanOrEqual(Math.ceil(expiresAt.getTime() / 1000));

    // Time passes: move the expiry into the past rather than waiting for it.
    await dataSource.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);
    const after = await exchange(key.id, key.secret);
    expect([after.status, after.body.error]).toEqual([401, 'invalid_client']);
  });

  it('refuses a key expiry in the past', async () => {
    const res = await request(app).post('/v1/api-keys').set('authorization', `Bearer ${await tokenFor('acme', ['admin'])}`)
      .send({ name: 'stale', scopes: ['news:read'], expiresAt: '2001-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('The request is invalid');
  });

  it('answers 503 problem+json when the service has no signing key', async () => {
    const res = await request(unsignedApp).post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status: 503, code: 'token-issuing-not-configured', detail: expect.stringMatching(/not configured/) });
  });
});

describe('API key management', () => {
  it('lists the tenant keys with prefix and last use but never a secret or hash', async () => {
    const tenant = `lister-${Date.now()}`;
    const key = await createKey(tenant, { name: 'listed', scopes: ['news:read'] });
    await exchange(key.id, key.secret);

    const res = await request(app).get('/v1/api-keys').set('authorization', `Bearer ${await tokenFor(tenant, ['keys:read'])}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{
      id: key.id, name: 'listed', prefix: key.secret.slice(0, 16), scopes: ['news:read'],
      createdAt: expect.any(String), lastUsedAt: expect.any(String), expiresAt: null, revokedAt: null,
    }]);
    expect(res.text).not.toContain(key.secret);
    expect(res.text).not.toContain(key.secret.slice(16));
    expect(res.text).not.toMatch(/scrypt|"hash"/);
  });

  it('lets a non-admin grant only scopes it holds (403 otherwise) and needs keys:write to create', async () => {
    const caller = `Bearer ${await tokenFor('acme', ['keys:write', 'news:read'])}`;
    const escalate = await request(app).post('/v1/api-keys').set('authorization', caller).send({ name: 'too much', scopes: ['news:read', 'news:write'] });
    expect(escalate.status).toBe(403);
    expect(escalate.body.detail).toContain('news:write');
    const admin = await request(app).post('/v1/api-keys').set('authorization', caller).send({ name: 'admin please', scopes: ['admin'] });
    expect(admin.status).toBe(403);

    const allowed = await request(app).post('/v1/api-keys').set('authorization', caller).send({ name: 'fine', scopes: ['news:read'] });
    expect(allowed.status).toBe(201);
    const readOnly = `Bearer ${await tokenFor('acme', ['news:read'])}`;
    expect((await request(app).post('/v1/api-keys').set('authorization', readOnly).send({ name: 'nope', scopes: ['news:read'] })).status).toBe(403);
    expect((await request(app).get('/v1/api-keys')).status).toBe(401);
  });

  it('keeps tenants apart: another tenant neither lists nor revokes a key', async () => {
    const owner = `owner-${Date.now()}`;
    const other = `other-${Date.now()}`;
    const key = await createKey(owner, { name: 'mine', scopes: ['news:read'] });
    const otherAdmin = `Bearer ${await tokenFor(other, ['admin'])}`;

    const list = await request(app).get('/v1/api-keys').set('authorization', otherAdmin);
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).not.toContain(key.id);
    expect((await request(app).delete(`/v1/api-keys/${key.id}`).set('authorization', otherAdmin)).status).toBe(404);

    const stillWorks = await exchange(key.id, key.secret);
    expect(stillWorks.status).toBe(200);
    expect((jwt.decode(stillWorks.body.access_token) as { tenantId: string }).tenantId).toBe(owner);
  });
});

describe('JWKS', () => {
  it('publishes the key that verifies the issued tokens, under the kid the tokens name', async () => {
    const key = await createKey('acme', { name: 'jwks check', scopes: ['news:read'] });
    const token = (await exchange(key.id, key.secret)).body.access_token as string;

    const res = await request(app).get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const kid = (jwt.decode(token, { complete: true })!.header as { kid?: string }).kid;
    expect(res.body.keys.map((k: { kid: string }) => k.kid)).toEqual([kid]);

    const publicKeyPem = publicKeyFromJwks(res.body, kid);
    const verifier = createAuthenticator({ publicKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    const verifying = express().get('/who', verifier.authenticate, (req, r) => r.json(req.user)).use(problems);
    const who = await request(verifying).get('/who').set('authorization', `Bearer ${token}`);
    expect(who.status).toBe(200);
    expect(who.body.tenantId).toBe('acme');
    const forged = createTokenSigner({ privateKeyPem: generateKeyPair().privateKeyPem, issuer: 'pulse', audience: 'pulse-api', keyId: kid });
    const refused = await request(verifying).get('/who').set('authorization', `Bearer ${await forged.sign({ sub: 'x', tenantId: 'acme', scopes: [] })}`);
    expect(refused.status).toBe(401);
  });
});
