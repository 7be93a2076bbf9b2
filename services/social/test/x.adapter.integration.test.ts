import { PermanentError, RetriableError } from '@pulse/errors';
import { startFakeX, type FakeX } from '@pulse/fakes';
import { XAdapter } from '../src/adapters/platforms/x.adapter';
import { failureOf, outgoingPost, rawPost } from './platform-fixtures';

describe('XAdapter against a fake X API v2', () => {
  let fake: FakeX;
  let adapter: XAdapter;
  let credentials: { accessToken: string };

  beforeEach(async () => {
    fake = await startFakeX();
    adapter = new XAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
    credentials = { accessToken: fake.token };
  });
  afterEach(() => fake.close());

  it('posts { text } with the user token', async () => {
    const post = outgoingPost('x', '東京 news with 👨‍👩‍👧‍👦 and more');
    const result = await adapter.publish(post, credentials, 'key-1');
    expect(result).toEqual({ remoteId: fake.tweets[0]?.id, remoteUrl: `https://x.com/i/web/status/${fake.tweets[0]?.id}` });
    const request = fake.requests.find((r) => r.path === '/2/tweets');
    expect(request?.body).toEqual({ text: post.text });
    expect(request?.headers.authorization).toBe(`Bearer ${fake.token}`);
  });

  it('finds a post whose response was lost, even though X rewrote its links', async () => {
    const post = outgoingPost('x');
    fake.injectFaults(1, { status: 503, afterProcessing: true, pathIncludes: '/2/tweets' });
    expect(await failureOf(adapter.publish(post, credentials, 'key-2'))).toBeInstanceOf(RetriableError);
    expect(fake.tweets[0]?.text).toContain('https://t.co/');
    expect(await adapter.findExisting(post, credentials)).toEqual({ remoteId: fake.tweets[0]?.id, remoteUrl: `https://x.com/i/web/status/${fake.tweets[0]?.id}` });
  });

  it('does not post twice on a retry: X refuses the duplicate and the first post is returned', async () => {
    const post = outgoingPost('x');
    const first = await adapter.publish(post, credentials, 'key-3');
    const again = await adapter.publish(post, credentials, 'key-3');
    expect(again).toEqual(first);
    expect(fake.tweets).toHaveLength(1);
  });

  it('turns 429 into a RetriableError with the wait from x-rate-limit-reset', async () => {
    fake.rateLimitNext(1, 900);
    const error = await failureOf(adapter.publish(outgoingPost('x'), credentials, 'key-4'));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(898);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(901);
  });

  it('turns a revoked token into a PermanentError', async () => {
    fake.revokeToken(fake.token);
    const error = await failureOf(adapter.publish(outgoingPost('x'), credentials, 'key-5'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('x answered 401: Unauthorized');
  });

  it('turns a text X counts as too long (CJK weighs 2) into a PermanentError', async () => {
    const error = await failureOf(adapter.publish(rawPost('x', '東'.repeat(141)), credentials, 'key-6'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('too long');
  });

  it('publishes composed posts at the very limit of X’s weighting', async () => {
    const long = '東京で新しい技術が発表されました。👨‍👩‍👧‍👦 '.repeat(30);
    const post = outgoingPost('x', long);
    expect(post.length).toBeGreaterThan(270);
    await adapter.publish(post, credentials, 'key-7');
    expect(fake.tweets).toHaveLength(1);
  });

  it('reads public metrics, and nothing for a deleted post', async () => {
    const { remoteId } = await adapter.publish(outgoingPost('x'), credentials, 'key-8');
    fake.setMetrics(remoteId, { like_count: 4, retweet_count: 1, quote_count: 1, reply_count: 2, impression_count: 300 });
    expect(await adapter.fetchMetrics(remoteId, credentials)).toEqual({ likes: 4, reposts: 2, replies: 2, impressions: 300 });
    expect(await adapter.fetchMetrics('123', credentials)).toBeUndefined();
  });
});
