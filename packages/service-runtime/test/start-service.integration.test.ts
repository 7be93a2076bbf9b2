import { generateKeyPair, createTokenSigner } from '@pulse/auth';
import { commonEnv } from '@pulse/config';
import { infraEnv, uniqueSchema } from '@pulse/testing';
import { startService, type RunningService } from '../src';

describe('startService', () => {
  const keys = generateKeyPair();
  const name = uniqueSchema('runtime');
  let service: RunningService<unknown> | undefined;

  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('boots a service whose routes need a JWT, reports ready, and stops gracefully', async () => {
    const env = infraEnv();
    service = await startService(
      {
        name,
        configSchema: commonEnv({ service: name, port: 0 }),
        setup: ({ auth }) => ({
          routes: (router) => router.get('/hello', auth.authenticate, (req, res) => { res.json({ tenant: req.user!.tenantId }); }),
        }),
      },
      {
        handleSignals: false,
        host: '127.0.0.1',
        env: {
          PORT: '0', KAFKA_BROKERS: env.kafkaBrokers.join(','), DATABASE_URL: env.databaseUrl, REDIS_URL: env.redisUrl,
          JWT_PUBLIC_KEY: keys.publicKeyPem, LOG_LEVEL: 'error',
        },
      },
    );
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/v1/hello`)).status).toBe(401);
    const token = await createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' })
      .sign({ sub: 'u1', tenantId: 'acme', scopes: [] });
    const res = await fetch(`${base}/v1/hello`, { headers: { authorization: `Bearer ${token}` } });
    expect(await res.json()).toEqual({ tenant: 'acme' });
    const running = service;
    service = undefined;
    expect(await running.stop()).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
