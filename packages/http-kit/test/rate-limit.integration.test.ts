import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { infraEnv, TcpProxy, uniqueName, waitFor } from '@pulse/testing';
import { finalize, rateLimit } from '../src';
import { closeAll, kitApp, serve } from './support';

const { redisUrl } = infraEnv();
const clients: Redis[] = [];
afterAll(async () => {
  await closeAll();
  for (const client of clients) client.disconnect();
});

async function redisClient(url = redisUrl): Promise<Redis> {
  // Fail fast instead of queueing while disconnected, as services configure it.
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  client.on('error', () => undefined);
  clients.push(client);
  await client.connect();
  return client;
}

// Stands in for `authenticate`: the limit is keyed by the principal's tenant.
const asTenant: RequestHandler = (req, _res, next) => {
  const tenant = req.get('x-test-tenant');
  if (tenant) req.user = { sub: 'u', tenantId: tenant, scopes: [] };
  next();
};

async function replica(redis: Redis, keyPrefix: string, points = 3) {
  const kit = kitApp();
  kit.app.get('/api/v1/articles/:id', asTenant, rateLimit({ redis, keyPrefix, points, durationSeconds: 60 }), (_req, res) => {
    res.json({ ok: true });
  });
  kit.app.get('/api/v1/sources', asTenant, rateLimit({ redis, keyPrefix, points, durationSeconds: 60 }), (_req, res) => {
    res.json({ ok: true });
  });
  finalize(kit.app);
  return { server: await serve(kit.app), log: kit.log };
}

const hit = (server: Server, path: string, tenant = 'tenant-a') => request(server).get(path).set('x-test-tenant', tenant);

describe('rateLimit', () => {
  it('counts per tenant and route and answers 429 with RateLimit-* and Retry-After once exceeded', async () => {
    const { server } = await replica(await redisClient(), uniqueName('rl'));
    const first = await hit(server, '/api/v1/articles/1').expect(200);
    expect(first.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2' });
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    // A different id is the same route template: it shares the budget.
    await hit(server, '/api/v1/articles/2').expect(200);
    await hit(server, '/api/v1/articles/3').expect(200);

    const limited = await hit(server, '/api/v1/articles/4');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate-limited' });

    // Another tenant and another route still have their own budgets.
    await hit(server, '/api/v1/articles/1', 'tenant-b').expect(200);
    await hit(server, '/api/v1/sources').expect(200);
  });

  it('shares one limit between two replicas through Redis', async () => {
    const keyPrefix = uniqueName('rl-shared');
    const a = await replica(await redisClient(), keyPrefix);
    const b = await replica(await redisClient(), keyPrefix);

    await hit(a.server, '/api/v1/articles/1').expect(200);
    await hit(b.server, '/api/v1/articles/1').expect(200);
    const third = await hit(a.server, '/api/v1/articles/1').expect(200);
    expect(third.headers['ratelimit-remaining']).toBe('0');
    const fourth = await hit(b.server, '/api/v1/articles/1');
    expect(fourth.status).toBe(429);
    expect(fourth.headers['retry-after']).toBeDefined();
  });

  it('falls back to the client address when there is no principal', async () => {
    const { server } = await replica(await redisClient(), uniqueName('rl-ip'), 1);
    await request(server).get('/api/v1/sources').expect(200);
    await request(server).get('/api/v1/sources').expect(429);
  });

  it('lets requests through and logs a warning when Redis is unreachable (fail-open)', async () => {
    const { hostname, port } = new URL(redisUrl);
    const proxy = new TcpProxy(hostname, Number(port));
    const proxyPort = await proxy.start();
    const redis = await redisClient(`redis://127.0.0.1:${proxyPort}`);
    const { server, log } = await replica(redis, uniqueName('rl-down'), 1);
    await hit(server, '/api/v1/sources').expect(200);

    await proxy.cut();
    await new Promise<void>((resolve) => (redis.status !== 'ready' ? resolve() : redis.once('close', () => resolve())));
    const response = await hit(server, '/api/v1/sources');
    expect(response.status).toBe(200);
    expect(response.headers['ratelimit-limit']).toBeUndefined();
    expect(log.lines()).toContainEqual(expect.objectContaining({ level: 'warn', message: 'rate limiter unavailable, letting requests through' }));

    // Once Redis is back the limit applies again (the first request used the only point).
    await proxy.restore();
    await waitFor(() => redis.status === 'ready', { what: 'ioredis to reconnect through the proxy' });
    const limited = await hit(server, '/api/v1/sources');
    expect(limited.status).toBe(429);
    redis.disconnect();
    await proxy.stop();
  });
});
