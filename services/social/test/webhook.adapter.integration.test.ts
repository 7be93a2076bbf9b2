import { PermanentError, RetriableError } from '@pulse/errors';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '@pulse/fakes';
import { WebhookAdapter, signWebhook } from '../src/adapters/platforms/webhook.adapter';
import { createWebhookUrlGuard } from '../src/adapters/platforms/webhook-url-guard';
import { failureOf, outgoingPost } from './platform-fixtures';

describe('WebhookAdapter against a signature-checking receiver', () => {
  let fake: FakeWebhookReceiver;
  let adapter: WebhookAdapter;

  beforeEach(async () => {
    fake = await startFakeWebhookReceiver();
    adapter = new WebhookAdapter({ timeoutMs: 2000 });
  });
  afterEach(() => fake.close());

  it('delivers the post as signed JSON with event id and idempotency key', async () => {
    const post = outgoingPost('webhook', 'Solar news', { metadata: { postId: 'p-1', articleId: 'a-1' } });
    const result = await adapter.publish(post, { url: fake.endpoint, secret: fake.secret }, 'evt-1');
    expect(result).toEqual({ remoteId: 'evt-1' });
    const delivery = fake.deliveries[0];
    expect(delivery?.eventId).toBe('evt-1');
    expect(delivery?.body).toMatchObject({ id: 'evt-1', type: 'post.publish', post: { text: post.text, hashtags: ['Climate', 'SolarPower'] }, metadata: { postId: 'p-1', articleId: 'a-1' } });
    const request = fake.requests[0];
    expect(request?.headers['idempotency-key']).toBe('evt-1');
    const t = Number(/t=(\d+)/.exec(String(request?.headers['pulse-signature']))?.[1]);
    expect(request?.headers['pulse-signature']).toBe(signWebhook(fake.secret, t, delivery?.rawBody ?? ''));
  });

  it('is delivered once however often it is retried', async () => {
    const post = outgoingPost('webhook');
    const creds = { url: fake.endpoint, secret: fake.secret };
    fake.injectFaults(1, { status: 502, afterProcessing: true });
    expect(await failureOf(adapter.publish(post, creds, 'evt-2'))).toBeInstanceOf(RetriableError);
    await adapter.publish(post, creds, 'evt-2');
    await adapter.publish(post, creds, 'evt-2');
    expect(fake.deliveries).toHaveLength(1);
  });

  it('turns a wrong secret into a PermanentError with the receiver’s reason', async () => {
    const error = await failureOf(adapter.publish(outgoingPost('webhook'), { url: fake.endpoint, secret: 'not-the-right-secret-at-all' }, 'evt-3'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('webhook answered 401: invalid signature');
  });

  it('turns 429 into a RetriableError with Retry-After, and a slow receiver into a timeout', async () => {
    fake.injectFaults(1, { status: 429, headers: { 'retry-after': '45' } });
    const limited = await failureOf(adapter.publish(outgoingPost('webhook'), { url: fake.endpoint, secret: fake.secret }, 'evt-4'));
    expect(limited).toBeInstanceOf(RetriableError);
    expect(limited.retryAfterSeconds).toBe(45);
    fake.slowNext(1, 1000);
    const slow = new WebhookAdapter({ timeoutMs: 200 });
    const timeout = await failureOf(slow.publish(outgoingPost('webhook'), { url: fake.endpoint, secret: fake.secret }, 'evt-5'));
    expect(timeout).toBeInstanceOf(RetriableError);
  });

  it('asks the SSRF guard before sending anything', async () => {
    const guarded = new WebhookAdapter({ guardUrl: () => { throw new PermanentError('private address refused'); } });
    await expect(guarded.publish(outgoingPost('webhook'), { url: fake.endpoint, secret: fake.secret }, 'evt-6')).rejects.toThrow('private address refused');
    expect(fake.requests).toHaveLength(0);
  });

  it('connects to the address the SSRF guard checked, not to a second DNS answer', async () => {
    // The guard resolves the name from its table; the system resolver does not know it at all
    // (.invalid), so the delivery can only arrive if the socket went to the checked address.
    let lookups = 0;
    const guard = createWebhookUrlGuard(['127.0.0.1/32'], async (host) => {
      lookups += 1;
      return host === 'hooks.pulse.invalid' ? [{ address: '127.0.0.1' }] : [];
    });
    const pinned = new WebhookAdapter({ timeoutMs: 2000, guardUrl: guard });
    const url = fake.endpoint.replace('127.0.0.1', 'hooks.pulse.invalid');
    await pinned.publish(outgoingPost('webhook'), { url, secret: fake.secret }, 'evt-7');
    expect(fake.deliveries.map((d) => d.eventId)).toEqual(['evt-7']);
    expect(fake.requests[0]?.headers.host).toBe(new URL(url).host);
    expect(lookups).toBe(1);
  });
});
