import { createHmac, createSign } from 'node:crypto';
import request from 'supertest';
import { createAuthenticator, createTokenSigner, generateKeyPair, principalOf } from '@pulse/auth';
import { finalize } from '../src';
import { closeAll, kitApp, serve } from './support';

afterAll(closeAll);

const keys = generateKeyPair();
const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
const auth = createAuthenticator({ publicKeyPem: keys.publicKeyPem, issuer: 'pulse', audience: 'pulse-api' });

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: object = {}) => ({ sub: 'u1', tenantId: 'tenant-a', scopes: ['news:read'], iss: 'pulse', aud: 'pulse-api', exp: now() + 60, ...extra });
function forge(header: object, payload: object, sign: (input: string) => string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input)}`;
}
const es256 = (pem: string) => (input: string) => createSign('SHA256').update(input).sign({ key: pem, dsaEncoding: 'ieee-p1363' }).toString('base64url');

async function server() {
  const kit = kitApp();
  kit.app.get('/api/v1/news', auth.authenticate, auth.requireScopes('news:read'), (req, res) => {
    res.json(principalOf(req));
  });
  kit.app.post('/api/v1/news', auth.authenticate, auth.requireScopes('news:write'), (_req, res) => {
    res.status(201).end();
  });
  finalize(kit.app);
  return serve(kit.app);
}

describe('JWT authentication through the kit', () => {
  it('lets a valid token through with the tenant on the principal', async () => {
    const token = await signer.sign({ sub: 'u1', tenantId: 'tenant-a', scopes: ['news:read'] });
    const response = await request(await server()).get('/api/v1/news').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'u1', tenantId: 'tenant-a', scopes: ['news:read'] });
  });

  it.each([
    ['a missing token', () => undefined],
    ['an expired token', () => forge({ alg: 'ES256' }, claims({ exp: now() - 30 }), es256(keys.privateKeyPem))],
    ['a token signed by another key', () => forge({ alg: 'ES256' }, claims(), es256(generateKeyPair().privateKeyPem))],
    ['an unsigned alg:none token', () => forge({ alg: 'none' }, claims(), () => '')],
    ['an HS256 token keyed with the public key', () => forge({ alg: 'HS256' }, claims(), (i) => createHmac('sha256', keys.publicKeyPem).update(i).digest('base64url'))],
  ])('answers %s with a 401 problem', async (_name, token) => {
    const call = request(await server()).get('/api/v1/news');
    const value = token();
    if (value) call.set('Authorization', `Bearer ${value}`);
    const response = await call;
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toMatchObject({ status: 401, code: 'unauthorized', type: 'urn:pulse:problem:unauthorized' });
  });

  it('answers a missing scope with a 403 problem', async () => {
    const token = await signer.sign({ sub: 'u1', tenantId: 'tenant-a', scopes: ['news:read'] });
    const response = await request(await server()).post('/api/v1/news').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'forbidden', detail: 'This needs the scope news:write' });
  });
});
