import { PermanentError, RetriableError } from '@pulse/errors';
import { startFakeBluesky, type FakeBluesky } from '@pulse/fakes';
import { BlueskyAdapter } from '../src/adapters/platforms/bluesky.adapter';
import { deterministicRkey } from '../src/adapters/platforms/bluesky-rkey';
import { failureOf, outgoingPost, rawPost } from './platform-fixtures';

describe('BlueskyAdapter against a fake PDS', () => {
  let fake: FakeBluesky;
  let adapter: BlueskyAdapter;
  let credentials: { identifier: string; appPassword: string };

  beforeEach(async () => {
    fake = await startFakeBluesky();
    adapter = new BlueskyAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
    credentials = { identifier: fake.identifier, appPassword: fake.appPassword };
  });
  afterEach(() => fake.close());

  it('creates a session and a post record with facets, langs and a key derived from the idempotency key', async () => {
    const post = outgoingPost('bluesky', '👨‍👩‍👧‍👦 Solar hits a record', { card: { title: 'Solar record' } });
    const result = await adapter.publish(post, credentials, 'article-1:channel-1');
    const rkey = deterministicRkey('article-1:channel-1', post.createdAt);
    expect(result).toEqual({ remoteId: `at://${fake.did}/app.bsky.feed.post/${rkey}`, remoteUrl: `https://bsky.app/profile/${fake.handle}/post/${rkey}` });
    const record = fake.records[0]?.value as { text: string; facets: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<{ uri?: string }> }>; langs: string[]; createdAt: string; embed: unknown };
    expect(record.text).toBe(post.text);
    expect(record.langs).toEqual(['en']);
    expect(record.createdAt).toBe('2024-05-06T10:00:00.000Z');
    const link = record.facets.find((f) => f.features[0]?.uri !== undefined);
    const bytes = new TextEncoder().encode(record.text);
    expect(new TextDecoder().decode(bytes.slice(link?.index.byteStart, link?.index.byteEnd))).toBe('news.example.com/solar-record');
    expect(link?.features[0]?.uri).toBe('https://news.example.com/solar-record');
    expect(record.embed).toEqual({ $type: 'app.bsky.embed.external', external: { uri: 'https://news.example.com/solar-record', title: 'Solar record', description: '' } });
    const create = fake.requests.find((r) => r.path === '/xrpc/com.atproto.repo.createRecord');
    expect(create?.headers.authorization).toMatch(/^Bearer access-/);
  });

  it('does not post twice when publishing again with the same key (the key conflicts and the record is read back)', async () => {
    const post = outgoingPost('bluesky');
    const first = await adapter.publish(post, credentials, 'key-1');
    const second = await adapter.publish(post, credentials, 'key-1');
    expect(second).toEqual(first);
    expect(fake.records).toHaveLength(1);
  });

  it('treats a lost createRecord response as success once the record is there', async () => {
    const post = outgoingPost('bluesky');
    fake.injectFaults(1, { status: 502, afterProcessing: true, pathIncludes: 'createRecord' });
    const result = await adapter.publish(post, credentials, 'key-2');
    expect(fake.records).toHaveLength(1);
    expect(result.remoteId).toBe(fake.records[0]?.uri);
    expect(await adapter.findExisting(post, credentials, 'key-2')).toEqual(result);
    expect(await adapter.findExisting(post, credentials, 'another-key')).toBeUndefined();
  });

  it('reuses its session and renews it once when the token expired', async () => {
    await adapter.publish(outgoingPost('bluesky', 'one'), credentials, 'key-3');
    await adapter.publish(outgoingPost('bluesky', 'two'), credentials, 'key-4');
    expect(fake.sessionsCreated()).toBe(1);
    fake.expireSessions();
    await adapter.publish(outgoingPost('bluesky', 'three'), credentials, 'key-5');
    expect(fake.sessionsCreated()).toBe(2);
    expect(fake.records).toHaveLength(3);
  });

  it('turns 429 into a RetriableError with the wait from ratelimit-reset', async () => {
    await adapter.publish(outgoingPost('bluesky', 'warm up'), credentials, 'key-6');
    fake.rateLimitNext(1, 300);
    const error = await failureOf(adapter.publish(outgoingPost('bluesky'), credentials, 'key-7'));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(298);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(301);
  });

  it('turns a revoked app password into a PermanentError with the PDS reason', async () => {
    fake.revokeAppPassword();
    const error = await failureOf(adapter.publish(outgoingPost('bluesky'), credentials, 'key-8'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('bluesky answered 401: AuthenticationRequired: Invalid identifier or password');
  });

  it('turns a text over 300 graphemes into a PermanentError', async () => {
    const error = await failureOf(adapter.publish(rawPost('bluesky', '🙂'.repeat(301)), credentials, 'key-9'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('must not be longer than 300 graphemes');
    expect(fake.records).toHaveLength(0);
  });

  it('reads likes, reposts and replies of a post', async () => {
    const { remoteId } = await adapter.publish(outgoingPost('bluesky'), credentials, 'key-10');
    Object.assign(fake.records[0] ?? {}, { likeCount: 7, repostCount: 3, replyCount: 2 });
    expect(await adapter.fetchMetrics(remoteId, credentials)).toEqual({ likes: 7, reposts: 3, replies: 2 });
    expect(await adapter.fetchMetrics(`at://${fake.did}/app.bsky.feed.post/3kaaaaaaaaaaa`, credentials)).toBeUndefined();
  });
});
