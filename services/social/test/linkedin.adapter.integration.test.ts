import { PermanentError, RetriableError } from '@pulse/errors';
import { startFakeLinkedIn, type FakeLinkedIn } from '@pulse/fakes';
import { LinkedInAdapter } from '../src/adapters/platforms/linkedin.adapter';
import { failureOf, outgoingPost, rawPost } from './platform-fixtures';

describe('LinkedInAdapter against a fake Posts API', () => {
  let fake: FakeLinkedIn;
  let adapter: LinkedInAdapter;
  let credentials: { accessToken: string; author: string };

  beforeEach(async () => {
    fake = await startFakeLinkedIn();
    adapter = new LinkedInAdapter({ baseUrl: fake.url, timeoutMs: 2000, apiVersion: '202506' });
    credentials = { accessToken: fake.token, author: fake.author };
  });
  afterEach(() => fake.close());

  it('posts with the version headers and reads the id from x-restli-id', async () => {
    const post = outgoingPost('linkedin', 'Solar (finally) wins', { card: { title: 'Solar record', description: 'Panels' } });
    const result = await adapter.publish(post, credentials, 'key-1');
    const stored = fake.posts[0];
    expect(result).toEqual({ remoteId: stored?.id, remoteUrl: `https://www.linkedin.com/feed/update/${stored?.id}/` });
    expect(stored?.commentary).toBe('Solar \\(finally\\) wins\n\nhttps://news.example.com/solar-record\n\n{hashtag|\\#|Climate} {hashtag|\\#|SolarPower}');
    expect(stored?.content).toEqual({ article: { source: 'https://news.example.com/solar-record', title: 'Solar record', description: 'Panels' } });
    const request = fake.requests.find((r) => r.method === 'POST');
    expect(request?.headers['linkedin-version']).toBe('202506');
    expect(request?.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(request?.body).toMatchObject({ author: fake.author, visibility: 'PUBLIC', lifecycleState: 'PUBLISHED', distribution: { feedDistribution: 'MAIN_FEED' } });
  });

  it('finds a post whose response was lost, so a retry does not post twice', async () => {
    const post = outgoingPost('linkedin');
    fake.injectFaults(1, { status: 504, afterProcessing: true, pathIncludes: '/rest/posts' });
    expect(await failureOf(adapter.publish(post, credentials, 'key-2'))).toBeInstanceOf(RetriableError);
    const found = await adapter.findExisting(post, credentials);
    expect(found?.remoteId).toBe(fake.posts[0]?.id);
    expect(fake.posts).toHaveLength(1);
  });

  it('turns 429 into a RetriableError with Retry-After', async () => {
    fake.rateLimitNext(1, 60);
    const error = await failureOf(adapter.publish(outgoingPost('linkedin'), credentials, 'key-3'));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error.retryAfterSeconds).toBe(60);
  });

  it('turns a revoked token into a PermanentError with LinkedIn’s reason', async () => {
    fake.revokeToken(fake.token);
    const error = await failureOf(adapter.publish(outgoingPost('linkedin'), credentials, 'key-4'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('linkedin answered 401: The token used in the request has been revoked by the user');
  });

  it('turns commentary over 3000 characters into a PermanentError (422)', async () => {
    const error = await failureOf(adapter.publish(rawPost('linkedin', 'a'.repeat(3001)), credentials, 'key-5'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain('exceeds maximum of 3000');
  });

  it('reads likes and comments', async () => {
    const { remoteId } = await adapter.publish(outgoingPost('linkedin'), credentials, 'key-6');
    Object.assign(fake.posts[0] ?? {}, { likes: 9, comments: 3 });
    expect(await adapter.fetchMetrics(remoteId, credentials)).toEqual({ likes: 9, reposts: 0, replies: 3 });
    expect(await adapter.fetchMetrics('urn:li:share:1', credentials)).toBeUndefined();
  });
});
