import { contracts } from '@pulse/contracts';
import { startFakeMastodon, type FakeMastodon } from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { mastodonChannel, SocialHarness } from './support/social-harness';

const harness = new SocialHarness();
const fakes: FakeMastodon[] = [];
const secrets: string[] = [];

async function fakeMastodon(): Promise<FakeMastodon> {
  const token = uniqueName('secret-token');
  secrets.push(token);
  const fake = await startFakeMastodon({ token });
  fakes.push(fake);
  return fake;
}

/** A tenant with a Mastodon channel (created through the API) on its own fake instance. */
async function tenantWithChannel(extra: Record<string, unknown> = {}) {
  const tenant = uniqueName('tenant');
  const fake = await fakeMastodon();
  const created = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token, extra));
  expect(created.status).toBe(201);
  return { tenant, fake, channel: created.body };
}

const statusPosts = (fake: FakeMastodon) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');

beforeAll(async () => {
  await harness.start({ RATE_LIMIT_PER_MINUTE: '100000', DISPATCH_BATCH_SIZE: '5', ENGAGEMENT_CRON: '* * * * * *', ENGAGEMENT_MIN_AGE_SECONDS: '2' });
});

afterAll(async () => {
  await harness.stop();
  await Promise.all(fakes.map((f) => f.close()));
});

describe('social service', () => {
  it('publishes a summary to a subscribed Mastodon channel and announces it with a valid post.published event', async () => {
    const { tenant, fake, channel } = await tenantWithChannel();
    expect(channel).toMatchObject({ platform: 'mastodon', niches: ['technology'], autoPublish: true, enabled: true, status: 'active' });
    expect(channel.credentials).toBeUndefined();

    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');
    expect(fake.statuses).toHaveLength(1);
    expect(fake.statuses[0]?.text).toBe(post.text);
    expect(post.text).toContain(summary.data.url);
    expect(post).toMatchObject({ channelId: channel.id, remoteId: fake.statuses[0]?.id, remoteUrl: fake.statuses[0]?.url, experimentId: 'technology-default' });
    expect(['casual', 'formal', 'question', 'statistic']).toContain(post.variant);
    expect(statusPosts(fake)[0]?.headers['idempotency-key']).toBe(`${summary.data.articleId}:${channel.id}`);

    const event = await waitFor(() => harness.published.find((e) => e.data.postId === post.id), { what: 'post.published' });
    expect(contracts.postPublished.validate(event)).toEqual({ ok: true, value: event });
    expect(event).toMatchObject({ tenantId: tenant, source: 'pulse/social', type: 'post.published' });
    expect(event.data).toMatchObject({
      articleId: summary.data.articleId, channelId: channel.id, platform: 'mastodon', remoteId: post.remoteId, remoteUrl: post.remoteUrl,
      text: post.text, niche: 'technology', variant: post.variant, experimentId: 'technology-default',
      fetchedAt: summary.data.fetchedAt, summarizedAt: summary.data.summarizedAt,
    });

    const experiments = await harness.api(tenant, 'get', '/v1/experiments');
    const variants = experiments.body.items[0].variants as Array<{ variant: string; assignments: number; probabilityBest: number }>;
    expect(experiments.body.items[0].id).toBe('technology-default');
    expect(variants.find((v) => v.variant === post.variant)?.assignments).toBe(1);
    expect(variants.reduce((sum, v) => sum + v.probabilityBest, 0)).toBeCloseTo(1, 5);
  });

  it('creates nothing new when a summary is redelivered or summarized again', async () => {
    const { tenant, fake } = await tenantWithChannel();
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);
    await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the first post');

    const again = harness.summary(tenant, 'technology', { articleId: summary.data.articleId, url: summary.data.url });
    const marker = harness.summary(tenant, 'technology');
    await harness.send(summary, again, marker);
    // One partition: once the marker is published, both repeats were handled before it.
    await harness.waitForPost(tenant, marker.data.articleId, (p) => p.status === 'published', 'the marker post');

    const posts = await harness.api(tenant, 'get', `/v1/posts?articleId=${summary.data.articleId}`);
    expect(posts.body.items).toHaveLength(1);
    expect(fake.statuses.map((s) => s.text).filter((t) => t.includes(summary.data.url))).toHaveLength(1);
    expect(harness.published.filter((e) => e.data.articleId === summary.data.articleId)).toHaveLength(1);
  });

  it('looks the post up instead of posting again when the platform stored it but the answer was lost', async () => {
    const { tenant, fake } = await tenantWithChannel();
    fake.injectFaults(1, { status: 503, afterProcessing: true, pathIncludes: '/api/v1/statuses' });
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');
    expect(fake.statuses).toHaveLength(1);
    expect(statusPosts(fake)).toHaveLength(1);
    expect(fake.requests.some((r) => r.path === '/api/v1/accounts/verify_credentials')).toBe(true);
    expect(post).toMatchObject({ attempts: 2, remoteId: fake.statuses[0]?.id, error: null });
    await waitFor(() => harness.published.some((e) => e.data.postId === post.id), { what: 'post.published' });
    expect(harness.published.filter((e) => e.data.postId === post.id)).toHaveLength(1);
  });

  it('reschedules a rate-limited post after the platform’s reset time, then publishes it', async () => {
    const { tenant, fake } = await tenantWithChannel();
    fake.rateLimitNext(1, 3);
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const waiting = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'scheduled' && p.error !== null, 'the rescheduled post');
    expect(waiting.error.code).toBe('platform-rate-limited');
    // Measured from the refused request, not from now: on a busy machine the poll may come late.
    const refusedAt = statusPosts(fake)[0]!.at.getTime();
    expect(Date.parse(waiting.nextAttemptAt) - refusedAt).toBeGreaterThan(2_000);
    expect(fake.statuses).toHaveLength(0);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');
    expect(post.attempts).toBe(2);
    expect(fake.statuses).toHaveLength(1);
  });

  it('fails a post on a revoked token with the platform’s reason, does not retry, and flags the channel', async () => {
    const { tenant, fake, channel } = await tenantWithChannel();
    fake.revokeToken(fake.token);
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'failed', 'the post to fail');
    expect(post.error.code).toBe('platform-unauthorized');
    expect(post.error.reason).toContain('The access token was revoked');
    expect(post.attempts).toBe(1);
    expect(statusPosts(fake)).toHaveLength(1);
    const flagged = await harness.api(tenant, 'get', `/v1/channels/${channel.id}`);
    expect(flagged.body).toMatchObject({ status: 'error', lastError: expect.stringContaining('revoked') });
    const metrics = await waitFor(async () => {
      const text = (await fetch(`http://127.0.0.1:${harness.service.port}/metrics`).then((r) => r.text()));
      return /pulse_posts_failed_total\{[^}]*platform="mastodon"[^}]*reason="platform-unauthorized"[^}]*\} [1-9]/.test(text) ? text : undefined;
    }, { what: 'the failed-posts counter' });
    expect(metrics).toContain('pulse_posts_failed_total');
  });

  it('keeps a draft channel’s post waiting until it is approved, then publishes it', async () => {
    const tenant = uniqueName('tenant');
    const draftFake = await fakeMastodon();
    const autoFake = await fakeMastodon();
    const draftChannel = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(draftFake.url, draftFake.token, { autoPublish: false }));
    await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(autoFake.url, autoFake.token));
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);

    // The auto-publishing channel's post going out shows the dispatcher ran after both were planned.
    await waitFor(() => autoFake.statuses.length === 1, { what: 'the auto channel to publish' });
    const posts = await harness.api(tenant, 'get', `/v1/posts?channelId=${draftChannel.body.id}`);
    expect(posts.body.items).toHaveLength(1);
    const draft = posts.body.items[0];
    expect(draft.status).toBe('draft');
    expect(draftFake.statuses).toHaveLength(0);

    const approved = await harness.api(tenant, 'post', `/v1/posts/${draft.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('scheduled');
    await waitFor(() => draftFake.statuses.length === 1, { what: 'the approved post on the platform' });
    const published = await waitFor(async () => {
      const current = await harness.api(tenant, 'get', `/v1/posts/${draft.id}`);
      return current.body.status === 'published' ? current.body : undefined;
    }, { what: 'the approved post to be published' });
    expect(published.remoteId).toBe(draftFake.statuses[0]?.id);
    const again = await harness.api(tenant, 'post', `/v1/posts/${draft.id}/approve`);
    expect(again.status).toBe(409);
  });

  it('shows a tenant only its own posts and channels', async () => {
    const { tenant, channel } = await tenantWithChannel();
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);
    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post');

    const other = uniqueName('tenant');
    expect((await harness.api(other, 'get', `/v1/posts/${post.id}`)).status).toBe(404);
    expect((await harness.api(other, 'post', `/v1/posts/${post.id}/retry`)).status).toBe(404);
    expect((await harness.api(other, 'get', `/v1/channels/${channel.id}`)).status).toBe(404);
    expect((await harness.api(other, 'get', '/v1/posts')).body.items).toEqual([]);
    expect((await harness.api(tenant, 'get', `/v1/posts/${post.id}`)).body.id).toBe(post.id);
  });

  it('pages through posts with a cursor, newest first', async () => {
    const { tenant } = await tenantWithChannel({ autoPublish: false });
    const summaries = [harness.summary(tenant, 'technology'), harness.summary(tenant, 'technology'), harness.summary(tenant, 'technology')];
    await harness.send(...summaries);
    await waitFor(async () => (await harness.api(tenant, 'get', '/v1/posts?status=draft')).body.items.length === 3, { what: 'three drafts' });

    const first = await harness.api(tenant, 'get', '/v1/posts?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await harness.api(tenant, 'get', `/v1/posts?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(3);
    expect((await harness.api(tenant, 'get', '/v1/posts?cursor=bogus')).status).toBe(400);
  });

  it('records a published post’s engagement as an outcome of its variant', async () => {
    const { tenant, fake } = await tenantWithChannel();
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);
    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post');
    // The poller judges posts 2 s after publishing; the likes arrive before that.
    fake.setCounts(post.remoteId, { favourites_count: 4, reblogs_count: 1 });

    const judged = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.engagement !== null, 'the engagement');
    expect(judged.engagement).toEqual({ likes: 4, reposts: 1, replies: 0 });
    const experiments = await harness.api(tenant, 'get', '/v1/experiments');
    const stats = experiments.body.items[0].variants.find((v: { variant: string }) => v.variant === post.variant);
    expect(stats).toMatchObject({ assignments: 1, successes: 1, failures: 0 });
  });

  it('publishes every post exactly once while two replicas dispatch', async () => {
    await harness.startReplica();
    const { tenant, fake } = await tenantWithChannel({ maxPostsPerHour: 1000 });
    const summaries = Array.from({ length: 30 }, () => harness.summary(tenant, 'technology'));
    await harness.send(...summaries);

    // A second member joining means a consumer-group rebalance first, which takes a while on a busy machine.
    await waitFor(async () => (await harness.api(tenant, 'get', '/v1/posts?status=published&limit=100')).body.items.length === 30, { what: '30 published posts', timeoutMs: 90_000 });
    expect(fake.statuses).toHaveLength(30);
    expect(statusPosts(fake)).toHaveLength(30);
    expect(new Set(fake.statuses.map((s) => s.text)).size).toBe(30);
    const articleIds = new Set(summaries.map((s) => s.data.articleId));
    await waitFor(() => harness.published.filter((e) => articleIds.has(e.data.articleId)).length >= 30, { what: '30 post.published events' });
    expect(harness.published.filter((e) => articleIds.has(e.data.articleId))).toHaveLength(30);
  });

  it('validates channel input and scopes with problem+json', async () => {
    const tenant = uniqueName('tenant');
    const bad = await harness.api(tenant, 'post', '/v1/channels', { platform: 'myspace', name: '', credentials: {}, niches: [], timeZone: 'Mars/Base' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('platform');
    expect(bad.text).toContain('timeZone');
    const forbidden = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel('https://m.example', 'x'), ['posts:read']);
    expect(forbidden.status).toBe(403);
    expect((await harness.api(tenant, 'get', '/v1/posts', undefined, ['channels:read'])).status).toBe(403);
  });

  it('keeps credentials sealed at rest and out of every response', async () => {
    const { tenant, fake, channel } = await tenantWithChannel();
    const newToken = uniqueName('secret-rotated');
    secrets.push(newToken);
    const patched = await harness.api(tenant, 'patch', `/v1/channels/${channel.id}`, { credentials: { accessToken: newToken, instanceUrl: fake.url }, name: 'renamed' });
    expect(patched.body.name).toBe('renamed');
    await harness.api(tenant, 'get', '/v1/channels');

    const rows: Array<{ credentials: string }> = await harness.db.query(`SELECT credentials FROM "${harness.schema}".channels`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.credentials).toMatch(/^v1:k2:/);
      for (const secret of secrets) expect(row.credentials).not.toContain(secret);
    }
    // Runs last: every response of every test above was recorded.
    for (const body of harness.responses) {
      for (const secret of secrets) expect(body).not.toContain(secret);
      expect(body).not.toContain('accessToken');
    }
  });
});
