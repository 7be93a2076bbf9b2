import request from 'supertest';
import { startFakeWebhookEndpoint, type FakeWebhookEndpoint } from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { verifyWebhook } from '../src/domain/webhook-signature';
import { liveEvent } from './support/events';
import { startHarness, type Harness } from './support/service-harness';

jest.setTimeout(180_000);

// Long enough that three events are consumed inside one window even on a busy machine.
const WINDOW_SECONDS = 30;

interface DeliveryLogItem {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  attemptLog: Array<{ attempt: number; outcome: string; statusCode: number | null }>;
}

describe('webhook digests (real Kafka, PostgreSQL, Redis)', () => {
  let h: Harness;
  const endpoints: FakeWebhookEndpoint[] = [];

  beforeAll(async () => {
    h = await startHarness({ WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '300', WEBHOOK_MAX_ATTEMPTS: '4' });
  });

  afterEach(async () => {
    for (const endpoint of endpoints.splice(0)) await endpoint.close();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const tenant = async () => {
    const tenantId = uniqueName('tenant');
    return { tenantId, auth: { authorization: `Bearer ${await h.tokenFor(tenantId)}` } };
  };
  const deliveryLog = async (auth: Record<string, string>, subscriptionId: string): Promise<DeliveryLogItem[]> => {
    const res = await request(h.baseUrl).get(`/v1/webhooks/${subscriptionId}/deliveries`).set(auth);
    expect(res.status).toBe(200);
    return (res.body as { items: DeliveryLogItem[] }).items;
  };

  it('refuses digest windows out of bounds with 400 problem+json', async () => {
    const { auth } = await tenant();
    for (const digest of [{ windowSeconds: 1 }, { windowSeconds: 86_401 }, { windowSeconds: 7.5 }, { windowSeconds: '300' }, { every: 300 }]) {
      const res = await request(h.baseUrl).post('/v1/webhooks').set(auth).send({ url: 'https://example.com/hook', digest });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).toContain('digest');
    }
    expect((await request(h.baseUrl).get('/v1/webhooks').set(auth)).body.items).toEqual([]);
  });

  it('sends the events of one window as one signed digest, retries it after a failure and redelivers it on request', async () => {
    const a = await tenant();
    const receiver = await startFakeWebhookEndpoint();
    endpoints.push(receiver);
    receiver.failNext(1, 503);
    const created = await request(h.baseUrl).post('/v1/webhooks').set(a.auth).send({ url: receiver.url, digest: { windowSeconds: WINDOW_SECONDS } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ digest: { windowSeconds: WINDOW_SECONDS } });
    const { id: subscriptionId, secret } = created.body as { id: string; secret: string };
    // A plain subscription of the same tenant still gets one request per event.
    const plainReceiver = await startFakeWebhookEndpoint();
    endpoints.push(plainReceiver);
    expect((await request(h.baseUrl).post('/v1/webhooks').set(a.auth).send({ url: plainReceiver.url })).status).toBe(201);

    // Windows are aligned to the clock: start right after a boundary so all three land in one window.
    await waitFor(() => Date.now() % (WINDOW_SECONDS * 1000) < 1000, { what: 'the start of a digest window', timeoutMs: WINDOW_SECONDS * 1000 + 5000, intervalMs: 50 });
    const events = [
      liveEvent({ tenantId: a.tenantId }),
      liveEvent({ tenantId: a.tenantId, type: 'post.published' }),
      liveEvent({ tenantId: a.tenantId }),
    ];
    // The events travel on two topics (two consumers), so the next one is produced only once the
    // previous one is queued (its plain delivery went out; digest item and delivery are queued by one
    // statement): "in order" below is then the order the service queued them in, not a race.
    for (const [i, event] of events.entries()) {
      await h.produce(event);
      await plainReceiver.waitForDeliveries(i + 1, 30_000);
    }

    // The first attempt fails (503) and is retried: two requests of the same delivery.
    const [failed, accepted] = await receiver.waitForDeliveries(2, (WINDOW_SECONDS + 45) * 1000);
    for (const attempt of [failed!, accepted!]) {
      expect(verifyWebhook(secret, attempt.headers, attempt.rawBody)).toEqual({ ok: true, timestamp: expect.any(Number) });
      expect(attempt.headers['pulse-event-type']).toBe('digest');
    }
    expect(accepted!.headers['pulse-delivery-id']).toBe(failed!.headers['pulse-delivery-id']);
    expect(accepted!.rawBody.equals(failed!.rawBody)).toBe(true);
    const digest = accepted!.json as { id: string; type: string; tenantId: string; windowStart: string; windowEnd: string; events: Array<{ id: string }> };
    expect(digest).toMatchObject({ type: 'digest', tenantId: a.tenantId });
    expect(accepted!.headers['pulse-event-id']).toBe(digest.id);
    // Every event once, in order, with its own id for receiver-side idempotency.
    expect(digest.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(Date.parse(digest.windowEnd) - Date.parse(digest.windowStart)).toBe(WINDOW_SECONDS * 1000);
    // Nothing went out while the window was open.
    expect(failed!.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(digest.windowEnd));

    const [logged] = await waitFor(async () => {
      const log = await deliveryLog(a.auth, subscriptionId);
      return log.length === 1 && log[0]!.status === 'delivered' ? log : undefined;
    }, { what: 'the digest delivery to be logged as delivered' });
    expect(logged).toMatchObject({ eventId: digest.id, eventType: 'digest', attempts: 2 });
    expect(logged!.attemptLog.map((attempt) => [attempt.attempt, attempt.outcome, attempt.statusCode])).toEqual([
      [1, 'retriable', 503],
      [2, 'delivered', 200],
    ]);

    const redeliver = await request(h.baseUrl).post(`/v1/webhooks/${subscriptionId}/deliveries/${logged!.id}/redeliver`).set(a.auth);
    expect(redeliver.status).toBe(202);
    const all = await receiver.waitForDeliveries(3, 15_000);
    expect(all[2]!.headers['pulse-event-id']).toBe(digest.id);
    expect(verifyWebhook(secret, all[2]!.headers, all[2]!.rawBody).ok).toBe(true);
    expect((all[2]!.json as { events: Array<{ id: string }> }).events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });
});
