import { Redis } from 'ioredis';
import request from 'supertest';
import { createDataSource, type DataSource } from '@pulse/db';
import { infraEnv, TcpProxy, uniqueSchema, waitFor } from '@pulse/testing';
import { addReadinessCheck, finalize, postgresCheck, redisCheck, setAccepting } from '../src';
import { closeAll, kitApp, serve } from './support';

const { databaseUrl, redisUrl } = infraEnv();
const schema = uniqueSchema('readyz');
let proxy: TcpProxy;
let dataSource: DataSource;
let redis: Redis;

beforeAll(async () => {
  const url = new URL(databaseUrl);
  proxy = new TcpProxy(url.hostname, Number(url.port));
  url.port = String(await proxy.start());
  const { logger } = kitApp().log;
  dataSource = await createDataSource({ url: url.toString(), schema, logger, poolSize: 2, connectTimeoutMs: 1_000 });
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  await redis.connect();
});
afterAll(async () => {
  await closeAll();
  await proxy.restore();
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await dataSource.destroy();
  await proxy.stop();
  redis.disconnect();
});

describe('/readyz', () => {
  it('turns 503 naming PostgreSQL while it is unreachable and 200 again after', async () => {
    const kit = kitApp({ readiness: [postgresCheck(dataSource), redisCheck(redis)], readinessTimeoutMs: 1_500 });
    finalize(kit.app);
    const server = await serve(kit.app);

    const ready = await request(server).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });

    await proxy.cut();
    const down = await request(server).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not-ready', checks: { postgres: { status: 'down', error: expect.any(String) }, redis: { status: 'up' } } });

    await proxy.restore();
    // The pool drops its broken connections and reconnects on the next checks.
    await waitFor(async () => (await request(server).get('/readyz')).status === 200, { what: '/readyz to recover' });
  });

  it('bounds a hanging check by the readiness timeout', async () => {
    const kit = kitApp({ readiness: [{ name: 'stuck', check: () => new Promise(() => undefined) }], readinessTimeoutMs: 200 });
    finalize(kit.app);
    const started = Date.now();
    const response = await request(await serve(kit.app)).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks.stuck).toMatchObject({ status: 'down', error: expect.stringContaining('within 200 ms') });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('runs checks added after creation and answers 503 once the app stops accepting', async () => {
    const kit = kitApp({ readiness: [] });
    finalize(kit.app);
    const server = await serve(kit.app);
    let calls = 0;
    addReadinessCheck(kit.app, { name: 'kafka', check: async () => void calls++ });
    expect((await request(server).get('/readyz').expect(200)).body.checks.kafka.status).toBe('up');
    expect(calls).toBe(1);
    setAccepting(kit.app, false);
    expect((await request(server).get('/readyz').expect(503)).body.status).toBe('shutting-down');
    await request(server).get('/healthz').expect(200);
  });
});
