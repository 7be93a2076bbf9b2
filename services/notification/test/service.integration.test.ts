import request from 'supertest';
import { startFakeWebhookEndpoint, type FakeWebhookEndpoint } from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { verifyWebhook } from '../src/domain/webhook-signature';
import { liveEvent } from './support/events';
import { startHarness, type Harness } from './support/service-harness';
import { SseClient } from './support/sse-client';
import { WsClient } from './support/ws-client';

jest.setTimeout(60_000);

interface DeliveryLogItem {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  attemptLog: Array<{ attempt: number; outcome: string; statusCode: number | null }>;
}

describe('notification service (real Kafka, PostgreSQL, Redis)', () => {
  let h: Harness;
  const endpoints: FakeWebhookEndpoint[] = [];
  const streams: SseClient[] = [];
  const sockets: WsClient[] = [];

  beforeAll(async () => {
    h = await startHarness({ WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '300', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_DISABLE_AFTER: '3' });
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    for (const socket of sockets.splice(0)) socket.close();
    for (const endpoint of endpoints.splice(0)) await endpoint.close();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const endpoint = async () => {
    const created = await startFakeWebhookEndpoint();
    endpoints.push(created);
    return created;
  };
  const tenant = async () => {
    const tenantId = uniqueName('tenant');
    return { tenantId, auth: { authorization: `Bearer ${await h.tokenFor(tenantId)}` } };
  };
  const subscribe = async (auth: Record<string, string>, body: Record<string, unknown>) => {
    const res = await request(h.baseUrl).post('/v1/webhooks').set(auth).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string; enabled: boolean };
  };
  const deliveryLog = async (auth: Record<string, string>, subscriptionId: string): Promise<DeliveryLogItem[]> => {
    const res = await request(h.baseUrl).get(`/v1/webhooks/${subscriptionId}/deliveries`).set(auth);
    expect(res.status).toBe(200);
    return (res.body as { items: DeliveryLogItem[] }).items;
  };
  const openStream = async (auth: Record<string, string>, query = '') => {
    const stream = await SseClient.open(`${h.baseUrl}/v1/stream${query}`, auth);
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  };

  it('answers 401 problem+json to requests without a token, on the API, the SSE stream and the WebSocket', async () => {
    const create = await request(h.baseUrl).post('/v1/webhooks').send({ url: 'https://example.com/hook' });
    expect(create.status).toBe(401);
    expect(create.headers['content-type']).toMatch(/application\/problem\+json/);
    const stream = await request(h.baseUrl).get('/v1/stream');
    expect(stream.status).toBe(401);
    expect(stream.headers['content-type']).toMatch(/application\/problem\+json/);
    await expect(WsClient.open(h.wsUrl)).rejects.toThrow('upgrade refused with 401');
  });

  it('lets a browser open the stream once with a ticket bought with its token', async () => {
    const a = await tenant();
    const issued = await request(h.baseUrl).post('/v1/stream/tickets').set(a.auth);
    expect(issued.status).toBe(201);
    const { ticket } = issued.body as { ticket: string };
    const stream = await openStream({}, `?ticket=${ticket}`);
    const event = liveEvent({ tenantId: a.tenantId });
    await h.produce(event);
    await waitFor(() => stream.eventIds().includes(event.id), { what: 'the event on the ticket stream' });
    const reused = await request(h.baseUrl).get(`/v1/stream?ticket=${ticket}`);
    expect(reused.status).toBe(401);
    const withoutScope = await request(h.baseUrl)
      .post('/v1/stream/tickets')
      .set({ authorization: `Bearer ${await h.tokenFor(a.tenantId, ['webhooks:read'])}` });
    expect(withoutScope.status).toBe(403);
  });

  it('refuses subscriptions to private and metadata addresses with 400 problem+json', async () => {
    const { auth } = await tenant();
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data']) {
      const res = await request(h.baseUrl).post('/v1/webhooks').set(auth).send({ url });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).toContain('not allowed');
    }
    const list = await request(h.baseUrl).get('/v1/webhooks').set(auth);
    expect(list.body.items).toEqual([]);
  });

  it('delivers a signed webhook and pushes the event live to the same tenant only (SSE and WebSocket)', async () => {
    const a = await tenant();
    const b = await tenant();
    const receiver = await endpoint();
    const subscription = await subscribe(a.auth, { url: receiver.url, events: ['article.summarized'] });
    expect(subscription.secret).toMatch(/^whsec_/);

    const streamA = await openStream(a.auth);
    const streamB = await openStream(b.auth);
    const socketA = await WsClient.open(h.wsUrl, a.auth);
    sockets.push(socketA);
    socketA.send({ type: 'subscribe' });
    await waitFor(() => socketA.of('subscribed').length === 1, { what: 'WebSocket subscribed' });

    const forA = liveEvent({ tenantId: a.tenantId });
    const forB = liveEvent({ tenantId: b.tenantId });
    await h.produce(forA);
    await h.produce(forB);

    const [webhook] = await receiver.waitForDeliveries(1, 30_000);
    expect(verifyWebhook(subscription.secret, webhook!.headers, webhook!.rawBody)).toEqual({ ok: true, timestamp: expect.any(Number) });
    expect(verifyWebhook('whsec_some-other-secret-entirely', webhook!.headers, webhook!.rawBody).ok).toBe(false);
    expect(webhook!.headers['pulse-event-id']).toBe(forA.id);
    expect(webhook!.json).toMatchObject({ id: forA.id, tenantId: a.tenantId, type: 'article.summarized' });

    await waitFor(() => streamA.eventIds().includes(forA.id) && streamB.eventIds().includes(forB.id), { what: 'both tenants got their event' });
    await waitFor(() => socketA.eventIds().includes(forA.id), { what: 'the WebSocket got the event' });
    expect(streamA.eventIds()).toEqual([forA.id]);
    expect(streamB.eventIds()).toEqual([forB.id]);
    expect(socketA.eventIds()).toEqual([forA.id]);

    // The secret is shown once, at creation, never again.
    const listed = await request(h.baseUrl).get('/v1/webhooks').set(a.auth);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(subscription.secret);
    const otherTenant = await request(h.baseUrl).get(`/v1/webhooks/${subscription.id}/deliveries`).set(b.auth);
    expect(otherTenant.status).toBe(404);
  });

  it('sends one webhook for an event that Kafka delivers twice', async () => {
    const a = await tenant();
    const receiver = await endpoint();
    const subscription = await subscribe(a.auth, { url: receiver.url });
    const event = liveEvent({ tenantId: a.tenantId });
    const marker = liveEvent({ tenantId: a.tenantId, type: 'post.published' });

    await h.produce(event);
    await h.produce(event);
    await h.produce(liveEvent({ tenantId: a.tenantId })); // same topic, after the duplicate: once it is delivered the duplicate was handled
    await h.produce(marker);

    await waitFor(async () => (await deliveryLog(a.auth, subscription.id)).filter((d) => d.status === 'delivered').length === 3, {
      what: 'three deliveries delivered',
      timeoutMs: 30_000,
    });
    const log = await deliveryLog(a.auth, subscription.id);
    expect(log.map((d) => d.eventId).filter((id) => id === event.id)).toHaveLength(1);
    expect(receiver.received.filter((r) => r.headers['pulse-event-id'] === event.id)).toHaveLength(1);
  });

  it('pushes and queues an event once when its statement fails after the live publish (the bus retries the batch)', async () => {
    const a = await tenant();
    const receiver = await endpoint();
    const subscription = await subscribe(a.auth, { url: receiver.url });
    const stream = await openStream(a.auth);
    // The first delivery row of this tenant fails the statement that records the inbox rows and
    // queues the deliveries, after the handler published the event live (nextval is not rolled back),
    // with a transient error (serialization failure), which the bus retries.
    const db = h.service.context.dataSource;
    const [seq, fn] = [uniqueName('fail_seq').replace(/-/g, '_'), uniqueName('fail_once').replace(/-/g, '_')];
    await db.query(`CREATE SEQUENCE ${seq}`);
    await db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.tenant_id = '${a.tenantId}' AND nextval('${seq}') = 1 THEN RAISE EXCEPTION 'injected failure' USING ERRCODE = '40001'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const event = liveEvent({ tenantId: a.tenantId });
      const after = liveEvent({ tenantId: a.tenantId });
      await h.produce(event);
      await h.produce(after);
      await waitFor(async () => (await deliveryLog(a.auth, subscription.id)).filter((d) => d.status === 'delivered').length === 2, {
        what: 'both deliveries delivered', timeoutMs: 30_000,
      });
      await waitFor(() => stream.eventIds().includes(after.id), { what: 'the later event on the stream' });
      const [{ last_value: calls }] = (await db.query(`SELECT last_value FROM ${seq}`)) as [{ last_value: string }];
      expect(Number(calls)).toBeGreaterThanOrEqual(3); // the failed insert, then one per event
      expect(stream.eventIds().filter((id) => id === event.id)).toHaveLength(1);
      expect((await deliveryLog(a.auth, subscription.id)).filter((d) => d.eventId === event.id)).toHaveLength(1);
      expect(receiver.received.filter((r) => r.headers['pulse-event-id'] === event.id)).toHaveLength(1);
    } finally {
      await db.query(`DROP TRIGGER ${fn} ON webhook_deliveries`);
      await db.query(`DROP FUNCTION ${fn}()`);
      await db.query(`DROP SEQUENCE ${seq}`);
    }
  });

  it('retries a failing receiver until it accepts and logs every attempt with its status code', async () => {
    const a = await tenant();
    const receiver = await endpoint();
    receiver.failNext(2, 500);
    const subscription = await subscribe(a.auth, { url: receiver.url });
    const event = liveEvent({ tenantId: a.tenantId });
    await h.produce(event);

    await receiver.waitForDeliveries(3, 30_000);
    const [delivery] = await waitFor(
      async () => {
        const log = await deliveryLog(a.auth, subscription.id);
        return log[0]?.status === 'delivered' ? log : undefined;
      },
      { what: 'the delivery to be delivered' },
    );
    expect(delivery).toMatchObject({ eventId: event.id, attempts: 3, lastStatusCode: 200 });
    expect(delivery!.attemptLog.map((attempt) => [attempt.attempt, attempt.outcome, attempt.statusCode])).toEqual([
      [1, 'retriable', 500],
      [2, 'retriable', 500],
      [3, 'delivered', 200],
    ]);
    // Every retry is the same delivery of the same event, so the receiver can de-duplicate.
    expect(new Set(receiver.received.map((r) => r.headers['pulse-delivery-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['pulse-event-id']))).toEqual(new Set([event.id]));
  });

  it('disables a subscription whose receiver answers 410 Gone and tells the tenant live', async () => {
    const a = await tenant();
    const receiver = await endpoint();
    receiver.failNext(1, 410);
    const subscription = await subscribe(a.auth, { url: receiver.url });
    const notices = await openStream(a.auth, '?events=webhook.disabled');
    await h.produce(liveEvent({ tenantId: a.tenantId }));

    await waitFor(() => notices.events().length === 1, { what: 'the webhook.disabled notice', timeoutMs: 30_000 });
    expect(notices.events()[0]!.event).toBe('webhook.disabled');
    expect(JSON.parse(notices.events()[0]!.data!)).toMatchObject({ tenantId: a.tenantId, data: { subscriptionId: subscription.id, reason: 'gone' } });
    const shown = await request(h.baseUrl).get(`/v1/webhooks/${subscription.id}`).set(a.auth);
    expect(shown.body).toMatchObject({ enabled: false, disabledReason: 'gone' });

    // A disabled subscription gets no new deliveries.
    await h.produce(liveEvent({ tenantId: a.tenantId }));
    const later = liveEvent({ tenantId: a.tenantId });
    const stream = await openStream(a.auth);
    await h.produce(later);
    await waitFor(() => stream.eventIds().includes(later.id), { what: 'the later event to be consumed' });
    expect(await deliveryLog(a.auth, subscription.id)).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('disables a subscription after the configured number of consecutive failed deliveries', async () => {
    const a = await tenant();
    const receiver = await endpoint();
    receiver.failNext(3, 400);
    const subscription = await subscribe(a.auth, { url: receiver.url });
    for (let i = 0; i < 3; i += 1) await h.produce(liveEvent({ tenantId: a.tenantId }));

    const shown = await waitFor(
      async () => {
        const res = await request(h.baseUrl).get(`/v1/webhooks/${subscription.id}`).set(a.auth);
        return res.body.enabled === false ? res.body : undefined;
      },
      { what: 'the subscription to be disabled', timeoutMs: 30_000 },
    );
    expect(shown).toMatchObject({ disabledReason: 'too-many-failures', consecutiveFailures: 3 });
    expect((await deliveryLog(a.auth, subscription.id)).map((d) => d.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('re-sends a delivery when asked to redeliver it', async () => {
    const a = await tenant();
    const receiver = await endpoint();
    const subscription = await subscribe(a.auth, { url: receiver.url });
    const event = liveEvent({ tenantId: a.tenantId });
    await h.produce(event);
    await receiver.waitForDeliveries(1, 30_000);
    const [delivery] = await waitFor(async () => {
      const log = await deliveryLog(a.auth, subscription.id);
      return log[0]?.status === 'delivered' ? log : undefined;
    });

    const res = await request(h.baseUrl).post(`/v1/webhooks/${subscription.id}/deliveries/${delivery!.id}/redeliver`).set(a.auth);
    expect(res.status).toBe(202);
    const received = await receiver.waitForDeliveries(2, 15_000);
    expect(received.map((r) => r.headers['pulse-event-id'])).toEqual([event.id, event.id]);
    await waitFor(async () => {
      const [after] = await deliveryLog(a.auth, subscription.id);
      return after?.status === 'delivered' && after.attempts === 2;
    }, { what: 'the redelivery to be logged' });

    const unknown = await request(h.baseUrl)
      .post(`/v1/webhooks/${subscription.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`)
      .set(a.auth);
    expect(unknown.status).toBe(404);
  });
});
