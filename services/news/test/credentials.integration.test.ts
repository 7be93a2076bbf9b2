import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { createAuthenticator, createTokenSigner, generateKeyPair, publicKeyFromJwks } from '@pulse/auth';
import { startNews, uniqueNames, type NewsInstance } from './support/news-harness';

// The service gets a key pair of this file's own: it signs API-key tokens with the private half.
const keys = generateKeyPair();
const operator = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
const TOKEN_LIMIT = 4;
let news: NewsInstance;

beforeAll(async () => {
  news = await startNews(uniqueNames(), {
    FETCH_WORKER_ENABLED: 'false',
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    JWT_PRIVATE_KEY: keys.privateKeyPem,
    TOKEN_TTL_SECONDS: '600',
    TOKEN_RATE_LIMIT_PER_MINUTE: String(TOKEN_LIMIT),
  });
}, 120_000);

afterAll(async () => {
  await news?.stop();
});

describe('news service credentials', () => {
  it('lets a client exchange a new API key for a token that reads the tenant sources', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const admin = await operator.sign({ sub: 'operator', tenantId, scopes: ['admin'] });
    const created = await request(news.server).post('/v1/api-keys').set('authorization', `Bearer ${admin}`).send({ name: 'reader', scopes: ['news:read'] });
    expect(created.status).toBe(201);

    const basic = Buffer.from(`${created.body.id}:${created.body.secret}`).toString('base64');
    const issued = await request(news.server).post('/v1/auth/token').set('authorization', `Basic ${basic}`).type('form').send({ grant_type: 'client_credentials' });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'news:read' });
    const token = issued.body.access_token as string;

    const sources = await request(news.server).get('/v1/sources').set('authorization', `Bearer ${token}`);
    expect(sources.status).toBe(200);
    expect(sources.body).toEqual({ items: [] });
    // The key holds news:read only, and so does its token.
    const write = await request(news.server).post('/v1/sources').set('authorization', `Bearer ${token}`).send({ url: 'https://example.org/feed', niche: 'technology' });
    expect(write.status).toBe(403);

    const jwks = await request(news.server).get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    // A verifier that knows only the published JWKS accepts the token.
    const { kid } = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid?: string };
    const verifier = createAuthenticator({ publicKeyPem: publicKeyFromJwks(jwks.body, kid), issuer: 'pulse', audience: 'pulse-api' });
    const elsewhere = express().get('/whoami', verifier.authenticate, (req, res) => res.json(req.user));
    const who = await request(elsewhere).get('/whoami').set('authorization', `Bearer ${token}`);
    expect(who.body).toEqual({ tenantId, scopes: ['news:read'], sub: `api-key:${created.body.id}` });
  });

  it('limits token requests per client and answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < TOKEN_LIMIT + 1 && !limited; i++) {
      const res = await request(news.server).post('/v1/auth/token').type('form')
        .send({ grant_type: 'client_credentials', client_id: randomUUID(), client_secret: 'pulse_sk_wrong' });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.filter((s) => s !== 429).every((s) => s === 401)).toBe(true);
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
