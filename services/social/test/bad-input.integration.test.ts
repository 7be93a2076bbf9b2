import { startFakeLinkedIn, startFakeMastodon, type FakeLinkedIn, type FakeMastodon } from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { mastodonChannel, SocialHarness } from './support/social-harness';

// Bad input through the whole service: webhook URLs a tenant must not set, platforms answering
// HTML instead of JSON, revoked credentials. (Over-long, emoji/CJK/RTL text and unicode URLs on
// every platform: platform-publishing.integration.test.ts.)
const harness = new SocialHarness();
const fakes: Array<{ close(): Promise<void> }> = [];
let linkedin: FakeLinkedIn;

beforeAll(async () => {
  linkedin = await startFakeLinkedIn({ token: uniqueName('li-token') });
  fakes.push(linkedin);
  await harness.start({
    LINKEDIN_BASE_URL: linkedin.url,
    // Only this one loopback address is an allowed exception, so 127.0.0.1 itself stays refused.
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.2/32',
    RATE_LIMIT_PER_MINUTE: '100000',
    ENGAGEMENT_ENABLED: 'false',
  });
});

afterAll(async () => {
  await harness.stop();
  await Promise.all(fakes.map((f) => f.close()));
});

async function mastodonTenant() {
  const tenant = uniqueName('tenant');
  const fake = await startFakeMastodon({ token: uniqueName('token') });
  fakes.push(fake);
  const created = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token));
  expect(created.status).toBe(201);
  return { tenant, fake };
}

const statusPosts = (fake: FakeMastodon) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
const webhookBody = (url: string) => ({ platform: 'webhook', name: 'hook', niches: ['technology'], credentials: { url, secret: 'a-signing-secret-of-32-characters' } });

describe('webhook channel URLs', () => {
  it.each([
    ['http://127.0.0.1:9/hook', 'loopback'],
    ['http://[::1]:9/hook', 'loopback'],
    ['http://10.1.2.3/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['ftp://hooks.example.com/hook', 'only http and https'],
    ['https://user:pass@hooks.example.com/hook', 'must not contain credentials'],
    ['not a url', 'absolute http(s) URL'],
  ])('refuses %s at creation with 422 problem+json (%s)', async (url, why) => {
    const tenant = uniqueName('tenant');
    const refused = await harness.api(tenant, 'post', '/v1/channels', webhookBody(url));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ status: 422, code: 'webhook-url-refused' });
    expect(refused.text).toContain(why);
    expect((await harness.api(tenant, 'get', '/v1/channels')).body.items).toEqual([]);
  });

  it('checks a new URL when the credentials change, and accepts an allowed one', async () => {
    const tenant = uniqueName('tenant');
    const created = await harness.api(tenant, 'post', '/v1/channels', webhookBody('http://127.0.0.2:9/hook'));
    expect(created.status).toBe(201);
    const refused = await harness.api(tenant, 'patch', `/v1/channels/${created.body.id}`, { credentials: { url: 'http://127.0.0.1:9/hook', secret: 'a-signing-secret-of-32-characters' } });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('loopback');
    const renamed = await harness.api(tenant, 'patch', `/v1/channels/${created.body.id}`, { name: 'renamed' });
    expect(renamed.status).toBe(200);
  });
});

describe('a platform answering HTML instead of JSON', () => {
  it('looks the post up after a 200 HTML page that hid a stored status, and posts it once', async () => {
    const { tenant, fake } = await mastodonTenant();
    fake.injectFaults(1, { status: 200, body: '<html><body><h1>Welcome to our CDN</h1></body></html>', contentType: 'text/html', afterProcessing: true, pathIncludes: '/api/v1/statuses' });
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');
    expect(post.attempts).toBe(2);
    expect(fake.statuses).toHaveLength(1);
    expect(statusPosts(fake)).toHaveLength(1);
    expect(post.remoteId).toBe(fake.statuses[0]?.id);
    await waitFor(() => harness.published.some((e) => e.data.postId === post.id), { what: 'post.published' });
    expect(harness.published.filter((e) => e.data.postId === post.id)).toHaveLength(1);
  });

  it('reschedules after an HTML 502 page with its text as the reason, then publishes once', async () => {
    const { tenant, fake } = await mastodonTenant();
    // Retry-After keeps the rescheduled state visible long enough to read it.
    fake.injectFaults(1, { status: 502, headers: { 'retry-after': '2' }, body: '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>', contentType: 'text/html', pathIncludes: '/api/v1/statuses' });
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const waiting = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'scheduled' && p.error !== null, 'the rescheduled post');
    expect(waiting.error).toEqual({ code: 'platform-unavailable', reason: expect.stringContaining('502 Bad Gateway nginx') });
    expect(waiting.error.reason).not.toContain('<');
    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');
    expect(post.error).toBeNull();
    expect(fake.statuses).toHaveLength(1);
  });

  it('sends again after a 200 HTML page that stored nothing, and ends with one status', async () => {
    const { tenant, fake } = await mastodonTenant();
    fake.injectFaults(1, { status: 200, body: '<!doctype html><title>Down for maintenance</title>', contentType: 'text/html', pathIncludes: '/api/v1/statuses' });
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');
    expect(post.attempts).toBe(2);
    // Checked first (nothing there), then sent: two POSTs, one status.
    expect(fake.requests.some((r) => r.path === '/api/v1/accounts/verify_credentials')).toBe(true);
    expect(statusPosts(fake)).toHaveLength(2);
    expect(fake.statuses).toHaveLength(1);
    await waitFor(() => harness.published.some((e) => e.data.postId === post.id), { what: 'post.published' });
    expect(harness.published.filter((e) => e.data.postId === post.id)).toHaveLength(1);
  });
});

describe('revoked credentials', () => {
  it('fails a LinkedIn post on a revoked token with LinkedIn’s reason, flags the channel and counts it, without retrying', async () => {
    const tenant = uniqueName('tenant');
    const token = uniqueName('revoked');
    const created = await harness.api(tenant, 'post', '/v1/channels', { platform: 'linkedin', name: 'li', niches: ['technology'], credentials: { accessToken: token, author: linkedin.author } });
    expect(created.status).toBe(201);
    linkedin.revokeToken(token);
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'failed', 'the post to fail');
    expect(post.error).toEqual({ code: 'platform-unauthorized', reason: expect.stringContaining('revoked by the user') });
    expect(post.attempts).toBe(1);
    expect(linkedin.requests.filter((r) => r.method === 'POST' && r.headers.authorization === `Bearer ${token}`)).toHaveLength(1);
    const channel = await harness.api(tenant, 'get', `/v1/channels/${created.body.id}`);
    expect(channel.body).toMatchObject({ status: 'error', lastError: expect.stringContaining('revoked') });
    await waitFor(async () => {
      const text = await fetch(`http://127.0.0.1:${harness.service.port}/metrics`).then((r) => r.text());
      return /pulse_posts_failed_total\{[^}]*platform="linkedin"[^}]*reason="platform-unauthorized"[^}]*\} [1-9]/.test(text);
    }, { what: 'the failed-posts counter' });
    expect(harness.published.some((e) => e.data.articleId === summary.data.articleId)).toBe(false);
  });
});
