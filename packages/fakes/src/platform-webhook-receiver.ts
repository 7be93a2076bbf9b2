import { createHmac, timingSafeEqual } from 'node:crypto';
import { reply, startFakePlatformServer, type FakePlatformControls } from './platform-fake-server';

export interface FakeWebhookDelivery {
  eventId: string;
  body: unknown;
  rawBody: string;
  signature: string;
  receivedAt: Date;
}

export interface FakeWebhookReceiver extends FakePlatformControls {
  /** URL to configure as the webhook target. */
  readonly endpoint: string;
  readonly secret: string;
  /** Accepted deliveries, one per event id. */
  readonly deliveries: FakeWebhookDelivery[];
}

const TOLERANCE_SECONDS = 300;

/**
 * A local webhook receiver as an integrator would write it: checks `Pulse-Signature`
 * (HMAC-SHA256 over "<t>.<raw body>", five-minute tolerance) and keeps each `Pulse-Event-Id` once.
 */
export async function startFakeWebhookReceiver(options: { secret?: string; path?: string } = {}): Promise<FakeWebhookReceiver> {
  const secret = options.secret ?? 'whsec_pulse_test_secret_0123456789';
  const path = options.path ?? '/hooks/pulse';
  const deliveries: FakeWebhookDelivery[] = [];

  const server = await startFakePlatformServer(
    (app) => {
      app.post(path, (req, res) => {
        // The signature covers the raw bytes, which the kit keeps beside the parsed JSON.
        const rawBody = (req as unknown as { rawBody?: string }).rawBody ?? '';
        const header = req.header('pulse-signature') ?? '';
        const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
        const timestamp = Number(parts.t);
        if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_SECONDS) {
          return reply(res, 401, { error: 'signature timestamp outside tolerance' });
        }
        const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest();
        const given = Buffer.from(parts.v1 ?? '', 'hex');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply(res, 401, { error: 'invalid signature' });
        const eventId = req.header('pulse-event-id');
        if (eventId === undefined || eventId === '') return reply(res, 400, { error: 'Pulse-Event-Id is required' });
        const earlier = deliveries.find((d) => d.eventId === eventId);
        if (earlier !== undefined) return reply(res, 200, { id: earlier.eventId, duplicate: true });
        deliveries.push({ eventId, body: req.body, rawBody, signature: header, receivedAt: new Date() });
        reply(res, 200, { id: eventId, duplicate: false });
      });
    },
    (status) => ({ body: { error: status === 429 ? 'slow down' : 'unavailable' } }),
  );

  return { ...server, endpoint: `${server.url}${path}`, secret, deliveries };
}
