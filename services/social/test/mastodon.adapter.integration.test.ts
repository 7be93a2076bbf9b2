import { PermanentError, RetriableError } from '@pulse/errors';
import { startFakeMastodon, type FakeMastodon } from '@pulse/fakes';
import { MastodonAdapter } from '../src/adapters/platforms/mastodon.adapter';
import { failureOf, outgoingPost, rawPost } from './platform-fixtures';

describe('MastodonAdapter against a fake Mastodon', () => {
  let fake: FakeMastodon;
  let adapter: MastodonAdapter;
  let credentials: { accessToken: string };

  beforeEach(async () => {
    fake = await startFakeMastodon();
    adapter = new MastodonAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
    credentials = { accessToken: fake.token };
  });
  afterEach(() => fake.close());

  it('publishes a status with bearer auth, idempotency key, visibility and language', async () => {
    const post = outgoingPost('mastodon');
    const result = await adapter.publish(post, credentials, 'article-1:channel-1');
    expect(fake.statuses).toHaveLength(1);
    expect(fake.statuses[0]?.text).toBe(post.text);
    expect(result).toEqual({ remoteId: fake.statuses[0]?.id, remoteUrl: fake.statuses[0]?.url });
    const request = fake.requests.find((r) => r.path === '/api/v1/statuses');
    expect(request?.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(request?.headers['idempotency-key']).toBe('article-1:channel-1');
    expect(request?.body).toEqual({ status: post.text, visibility: 'public', language: 'en' });
  });

  it('does not post twice when the same idempotency key is sent again', async () => {
    const post = outgoingPost('mastodon');
    const first = await adapter.publish(post, credentials, 'key-1');
    const second = await adapter.publish(post, credentials, 'key-1');
    expect(second).toEqual(first);
    expect(fake.statuses).toHaveLength(1);
  });

  it('finds a status whose response was lost, so the retry can be skipped', async () => {
    const post = outgoingPost('mastodon');
    expect(await adapter.findExisting(post, credentials, 'key-2')).toBeUndefined();
    fake.injectFaults(1, { status: 504, afterProcessing: true, pathIncludes: '/api/v1/statuses' });
    expect(await failureOf(adapter.publish(post, credentials, 'key-2'))).toBeInstanceOf(RetriableError);
    expect(fake.statuses).toHaveLength(1);
    const found = await adapter.findExisting(post, credentials, 'key-2');
    expect(found).toEqual({ remoteId: fake.statuses[0]?.id, remoteUrl: fake.statuses[0]?.url });
  });

  it('turns 429 into a RetriableError with the wait from x-ratelimit-reset', async () => {
    fake.rateLimitNext(1, 120);
    const error = await failureOf(adapter.publish(outgoingPost('mastodon'), credentials, 'key-3'));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
    expect(fake.statuses).toHaveLength(0);
  });

  it('turns 503 and an HTML error page into RetriableError', async () => {
    fake.failNext(1, 503);
    expect(await failureOf(adapter.publish(outgoingPost('mastodon'), credentials, 'key-4'))).toBeInstanceOf(RetriableError);
    fake.injectFaults(1, { status: 200, body: '<html><body>Maintenance</body></html>', contentType: 'text/html' });
    const error = await failureOf(adapter.publish(outgoingPost('mastodon'), credentials, 'key-4'));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error.message).toContain('Maintenance');
  });

  it('turns a revoked token into a PermanentError with Mastodon’s reason', async () => {
    fake.revokeToken(fake.token);
    const error = await failureOf(adapter.publish(outgoingPost('mastodon'), credentials, 'key-5'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('mastodon answered 401: The access token was revoked');
  });

  it('turns a status over 500 characters into a PermanentError (422)', async () => {
    const error = await failureOf(adapter.publish(rawPost('mastodon', 'x'.repeat(501)), credentials, 'key-6'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('Validation failed: Text character limit of 500 exceeded');
  });

  it('accepts what the composer makes of a summary far over the limit', async () => {
    await adapter.publish(outgoingPost('mastodon', 'Lange Zusammenfassung über Energie. '.repeat(60)), credentials, 'key-7');
    expect(fake.statuses).toHaveLength(1);
  });

  it('reads favourites, reblogs and replies, and nothing for a deleted status', async () => {
    const { remoteId } = await adapter.publish(outgoingPost('mastodon'), credentials, 'key-8');
    fake.setCounts(remoteId, { favourites_count: 5, reblogs_count: 2, replies_count: 1 });
    expect(await adapter.fetchMetrics(remoteId, credentials)).toEqual({ likes: 5, reposts: 2, replies: 1 });
    expect(await adapter.fetchMetrics('404404', credentials)).toBeUndefined();
  });

  it('names missing credential fields', async () => {
    const error = await failureOf(adapter.publish(outgoingPost('mastodon'), {}, 'key-9'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('accessToken');
  });

  it('shows published statuses on the public timeline (the demo sink)', async () => {
    await adapter.publish(outgoingPost('mastodon'), credentials, 'key-10');
    const timeline = (await (await fetch(`${fake.url}/api/v1/timelines/public`)).json()) as Array<{ id: string }>;
    expect(timeline.map((s) => s.id)).toEqual(fake.statuses.map((s) => s.id));
  });
});
