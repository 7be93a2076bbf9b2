import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeWebhookEndpoint, type FakeWebhookEndpoint } from '@pulse/fakes';
import { decideSubscriptionHealth } from '../src/domain/auto-disable';
import { groupIntoDigests } from '../src/domain/digest';
import { verifyWebhook } from '../src/domain/webhook-signature';
import type { WebhookSubscription } from '../src/domain/webhook-subscription';
import { deliverWithRetry } from '../src/adapters/webhooks/deliver-with-retry';
import { deliverWebhook } from '../src/adapters/webhooks/webhook-delivery';
import { liveEvent } from './support/events';

const secret = 'whsec_integration_0123456789';
const loopback = ['127.0.0.1'];
const fastPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2_000 };

describe('webhook delivery', () => {
  let receiver: FakeWebhookEndpoint;
  let subscription: WebhookSubscription;
  beforeEach(async () => {
    receiver = await startFakeWebhookEndpoint({ secret });
    subscription = { id: randomUUID(), tenantId: 'acme', url: receiver.url, secret, events: [], enabled: true };
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('sends a signed request a receiver can verify, with event and delivery ids', async () => {
    const event = liveEvent({ type: 'post.published' });
    const deliveryId = randomUUID();
    const result = await deliverWebhook(subscription, event, { deliveryId, allow: loopback });
    expect(result).toMatchObject({ outcome: 'delivered', status: 200, attempt: 1, deliveryId });

    const [request] = await receiver.waitForDeliveries(1);
    expect(request!.signatureValid).toBe(true);
    expect(verifyWebhook(secret, request!.headers, request!.rawBody).ok).toBe(true);
    expect(request!.headers['pulse-event-id']).toBe(event.id);
    expect(request!.headers['pulse-event-type']).toBe('post.published');
    expect(request!.headers['pulse-delivery-id']).toBe(deliveryId);
    expect(request!.json).toEqual(event);
  });

  it('is refused by the receiver when signed with another secret', async () => {
    const result = await deliverWebhook({ ...subscription, secret: 'whsec_wrong' }, liveEvent(), { deliveryId: randomUUID(), allow: loopback });
    expect(result).toMatchObject({ outcome: 'permanent', status: 401 });
    expect(receiver.received[0]!.signatureProblem).toBe('mismatch');
  });

  it('retries a 500 with backoff and succeeds, keeping the delivery id', async () => {
    receiver.failNext(2, 500);
    const deliveryId = randomUUID();
    const delays: number[] = [];
    const report = await deliverWithRetry(subscription, liveEvent(), {
      deliveryId,
      allow: loopback,
      policy: fastPolicy,
      sleep: async (ms) => {
        delays.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    expect(report.result).toBe('delivered');
    expect(report.attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 500, 'retriable'],
      [2, 500, 'retriable'],
      [3, 200, 'delivered'],
    ]);
    expect(delays[0]).toBeLessThan(10);
    expect(delays[1]).toBeLessThan(20);
    const requests = await receiver.waitForDeliveries(3);
    expect(new Set(requests.map((r) => r.headers['pulse-delivery-id']))).toEqual(new Set([deliveryId]));
    expect(new Set(requests.map((r) => r.headers['pulse-event-id'])).size).toBe(1);
  });

  it('honours Retry-After from a 503', async () => {
    receiver.failNext(1, 503, { 'retry-after': '1' });
    const delays: number[] = [];
    const report = await deliverWithRetry(subscription, liveEvent(), {
      deliveryId: randomUUID(),
      allow: loopback,
      policy: fastPolicy,
      sleep: async (ms) => void delays.push(ms),
    });
    expect(report.result).toBe('delivered');
    expect(report.attempts[0]!.retryAfterMs).toBe(1000);
    expect(delays).toEqual([1000]);
  });

  it('stops on 410 Gone and the subscription gets disabled', async () => {
    receiver.failNext(1, 410);
    const report = await deliverWithRetry(subscription, liveEvent(), { deliveryId: randomUUID(), allow: loopback, policy: fastPolicy, sleep: async () => {} });
    expect(report).toMatchObject({ result: 'gone' });
    expect(report.attempts).toHaveLength(1);
    expect(decideSubscriptionHealth({ consecutiveFailures: 0 }, report.result)).toMatchObject({ disable: true, reason: 'gone' });
  });

  it('does not retry another 4xx', async () => {
    receiver.failNext(1, 422);
    const report = await deliverWithRetry(subscription, liveEvent(), { deliveryId: randomUUID(), allow: loopback, policy: fastPolicy, sleep: async () => {} });
    expect(report.result).toBe('failed');
    expect(report.attempts).toHaveLength(1);
  });

  it('gives up after the last attempt and counts towards auto-disable', async () => {
    receiver.failNext(10, 502);
    const report = await deliverWithRetry(subscription, liveEvent(), { deliveryId: randomUUID(), allow: loopback, policy: fastPolicy, sleep: async () => {} });
    expect(report.result).toBe('failed');
    expect(report.attempts).toHaveLength(fastPolicy.maxAttempts);
    expect(decideSubscriptionHealth({ consecutiveFailures: 4 }, report.result, 5)).toMatchObject({ disable: true, reason: 'too-many-failures' });
  });

  it('times out a receiver that never answers, as retriable', async () => {
    receiver.respondNext(1, { kind: 'timeout' });
    const result = await deliverWebhook(subscription, liveEvent(), { deliveryId: randomUUID(), allow: loopback, timeoutMs: 300 });
    expect(result.outcome).toBe('retriable');
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it('refuses a loopback receiver unless it is allowed', async () => {
    const result = await deliverWebhook(subscription, liveEvent(), { deliveryId: randomUUID() });
    expect(result.outcome).toBe('permanent');
    expect(result.error).toContain('loopback');
    expect(receiver.received).toHaveLength(0);
  });

  it('does not follow redirects and caps how much of the response it reads', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/redirect') return void res.writeHead(302, { location: receiver.url }).end();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('y'.repeat(1024 * 1024));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const redirected = await deliverWebhook({ ...subscription, url: `${base}/redirect` }, liveEvent(), { deliveryId: randomUUID(), allow: loopback });
      expect(redirected).toMatchObject({ outcome: 'permanent', status: 302 });
      expect(receiver.received).toHaveLength(0);

      const big = await deliverWebhook({ ...subscription, url: `${base}/big` }, liveEvent(), { deliveryId: randomUUID(), allow: loopback, maxResponseBytes: 100 });
      expect(big.outcome).toBe('delivered');
      expect(big.responseBody).toHaveLength(100);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('delivers a digest as one signed request', async () => {
    const events = [liveEvent(), liveEvent({ type: 'post.published' })];
    const [digest] = groupIntoDigests(events.map((event) => ({ subscriptionId: subscription.id, event })), 60_000);
    const result = await deliverWebhook(subscription, digest!.payload, { deliveryId: randomUUID(), allow: loopback });
    expect(result.outcome).toBe('delivered');
    const [request] = await receiver.waitForDeliveries(1);
    expect(request!.signatureValid).toBe(true);
    expect(request!.headers['pulse-event-type']).toBe('digest');
    expect(request!.headers['pulse-event-id']).toBe(digest!.payload.id);
    expect((request!.json as { events: Array<{ id: string }> }).events.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});
