import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { PulseError } from '@pulse/errors';
import { waitFor } from '@pulse/testing';
import { createAuthenticator, createTokenSigner, generateKeyPair, principalOf } from '../src';
import { es256With, forgeToken, hmacWith, nowSeconds, unsigned } from './forge-token';

const keys = generateKeyPair();
const issuer = 'pulse';
const audience = 'pulse-api';
const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer, audience, keyId: 'k1' });

// A bare error handler: the problem+json mapping itself is @pulse/http-kit's and tested there.
const reportError: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = error instanceof PulseError ? error.status : 500;
  res.status(status).json({ name: error.name, message: error.message });
};

function appWith(...scopes: string[]) {
  const auth = createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer, audience });
  const app = express();
  app.get('/me', auth.authenticate, auth.requireScopes(...scopes), (req, res) => {
    res.json(principalOf(req));
  });
  app.use(reportError);
  return app;
}

const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'user-1', tenantId: 't-1', scopes: ['news:read'], iss: issuer, aud: audience, exp: nowSeconds() + 60, ...extra });

describe('createAuthenticator', () => {
  it('accepts a valid token and exposes the principal with its tenant', async () => {
    const token = await signer.sign({ sub: 'user-1', tenantId: 'tenant-a', scopes: ['news:read'] });
    const response = await request(appWith('news:read')).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'user-1', tenantId: 'tenant-a', scopes: ['news:read'] });
  });

  it.each([
    ['no token', undefined, 'A valid bearer token is required'],
    ['a malformed token', 'Bearer not.a.jwt', 'The bearer token is invalid'],
    ['alg none', `Bearer ${forgeToken({ alg: 'none', typ: 'JWT' }, claims(), unsigned)}`, 'The bearer token is invalid'],
    ['HS256 signed with the public key', `Bearer ${forgeToken({ alg: 'HS256', typ: 'JWT' }, claims(), hmacWith(keys.publicKeyPem))}`, 'invalid algorithm'],
    ['a signature by another key', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims(), es256With(generateKeyPair().privateKeyPem))}`, 'invalid signature'],
    ['an expired token', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ exp: nowSeconds() - 60 }), es256With(keys.privateKeyPem))}`, 'has expired'],
    ['another audience', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ aud: 'other' }), es256With(keys.privateKeyPem))}`, 'audience invalid'],
    ['another issuer', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ iss: 'evil' }), es256With(keys.privateKeyPem))}`, 'issuer invalid'],
    ['no tenantId', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ tenantId: undefined }), es256With(keys.privateKeyPem))}`, 'tenantId'],
    ['no exp', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ exp: undefined }), es256With(keys.privateKeyPem))}`, 'exp'],
    ['scopes that are not an array', `Bearer ${forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ scopes: 'admin' }), es256With(keys.privateKeyPem))}`, 'scopes'],
  ])('rejects %s with 401', async (_case, header, reason) => {
    const call = request(appWith()).get('/me');
    if (header) call.set('Authorization', header);
    const response = await call.expect(401);
    expect(response.body).toMatchObject({ name: 'UnauthorizedError' });
    expect(response.body.message).toContain(reason);
  });

  it('answers 403 when a scope is missing and names it', async () => {
    const token = await signer.sign({ sub: 'u', tenantId: 't', scopes: ['news:read'] });
    const response = await request(appWith('news:read', 'news:write')).get('/me').set('Authorization', `Bearer ${token}`).expect(403);
    expect(response.body).toEqual({ name: 'ForbiddenError', message: 'This needs the scope news:write' });
  });

  it('lets the admin scope satisfy every scope', async () => {
    const token = await signer.sign({ sub: 'ops', tenantId: 't', scopes: ['admin'] });
    await request(appWith('news:write', 'webhooks:write')).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('keeps two authenticators with different keys apart in one process', async () => {
    const otherKeys = generateKeyPair();
    createAuthenticator({ publicKeyPem: otherKeys.publicKeyPem, issuer, audience });
    const token = await signer.sign({ sub: 'u', tenantId: 't', scopes: [] });
    await request(appWith()).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  describe('the cache of verified tokens', () => {
    function cachingApp() {
      // No clock tolerance: the token is refused the moment its exp passes, cached or not.
      const auth = createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer, audience, clockToleranceSeconds: 0 });
      const app = express();
      app.get('/me', auth.authenticate, (req, res) => void res.json(principalOf(req)));
      app.use(reportError);
      return app;
    }

    it('never accepts a token that differs from a remembered one, even only in its signature', async () => {
      const app = cachingApp();
      const token = await signer.sign({ sub: 'u', tenantId: 't', scopes: ['news:read'] });
      await request(app).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const otherSignature = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const tampered = `${header}.${payload}.${otherSignature}`;
      const forged = forgeToken({ alg: 'ES256', typ: 'JWT', kid: 'k1' }, claims({ sub: 'u', tenantId: 'other' }), es256With(generateKeyPair().privateKeyPem));
      await request(app).get('/me').set('Authorization', `Bearer ${tampered}`).expect(401);
      await request(app).get('/me').set('Authorization', `Bearer ${forged}`).expect(401);
      const again = await request(app).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(again.body).toEqual({ sub: 'u', tenantId: 't', scopes: ['news:read'] });
    });

    it('refuses a remembered token once it has expired', async () => {
      const app = cachingApp();
      const token = forgeToken({ alg: 'ES256', typ: 'JWT' }, claims({ exp: nowSeconds() + 2 }), es256With(keys.privateKeyPem));
      await request(app).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
      const refused = await waitFor(async () => {
        const response = await request(app).get('/me').set('Authorization', `Bearer ${token}`);
        return response.status === 401 ? response : undefined;
      }, { timeoutMs: 10_000, what: 'the cached token to expire' });
      expect(refused.body.message).toContain('has expired');
    });

    it('hands every request its own principal (a handler changing it cannot change the next one)', async () => {
      const auth = createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer, audience });
      const app = express();
      app.get('/me', auth.authenticate, (req, res) => {
        const seen = JSON.stringify(principalOf(req));
        req.user!.scopes.push('admin');
        res.type('json').send(seen);
      });
      const token = await signer.sign({ sub: 'u', tenantId: 't', scopes: ['news:read'] });
      for (let i = 0; i < 3; i++) {
        const response = await request(app).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
        expect(response.body.scopes).toEqual(['news:read']);
      }
    });
  });
});
