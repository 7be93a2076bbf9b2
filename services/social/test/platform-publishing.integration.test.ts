import { contracts } from '@pulse/contracts';
import {
  startFakeBluesky, startFakeLinkedIn, startFakeWebhookReceiver, startFakeX,
  type FakeBluesky, type FakeLinkedIn, type FakeWebhookReceiver, type FakeX,
} from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { parseTweet } from 'twitter-text';
import { SocialHarness } from './support/social-harness';

// The whole path for each platform besides Mastodon (social-service covers that one):
// article.summarized -> plan -> dispatcher -> adapter -> the platform's fake -> post.published.
const harness = new SocialHarness();
let bluesky: FakeBluesky;
let x: FakeX;
let linkedin: FakeLinkedIn;
let webhook: FakeWebhookReceiver;

beforeAll(async () => {
  [bluesky, x, linkedin, webhook] = await Promise.all([startFakeBluesky(), startFakeX({ token: uniqueName('x-token') }), startFakeLinkedIn({ token: uniqueName('li-token') }), startFakeWebhookReceiver()]);
  await harness.start({
    X_BASE_URL: x.url,
    LINKEDIN_BASE_URL: linkedin.url,
    LINKEDIN_API_VERSION: '202506',
    // The receiver listens on loopback; only this address is let through the SSRF guard.
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
    RATE_LIMIT_PER_MINUTE: '100000',
    ENGAGEMENT_ENABLED: 'false',
  });
});

afterAll(async () => {
  await harness.stop();
  await Promise.all([bluesky, x, linkedin, webhook].map((fake) => fake?.close()));
});

const graphemes = (text: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;

const channelBodies = () => ({
  bluesky: { platform: 'bluesky', name: 'bsky', niches: ['science'], credentials: { identifier: bluesky.identifier, appPassword: bluesky.appPassword, serviceUrl: bluesky.url } },
  x: { platform: 'x', name: 'x', niches: ['science'], credentials: { accessToken: x.token } },
  linkedin: { platform: 'linkedin', name: 'li', niches: ['science'], credentials: { accessToken: linkedin.token, author: linkedin.author } },
  webhook: { platform: 'webhook', name: 'hook', niches: ['science'], credentials: { url: webhook.endpoint, secret: webhook.secret } },
});

/** A tenant with one channel per platform, created through the API. */
async function tenantWithChannels() {
  const tenant = uniqueName('tenant');
  const ids: Record<string, string> = {};
  for (const [platform, body] of Object.entries(channelBodies())) {
    const created = await harness.api(tenant, 'post', '/v1/channels', body);
    expect(created.status).toBe(201);
    ids[platform] = created.body.id;
  }
  return { tenant, ids };
}

async function publishedPosts(tenant: string, articleId: string, count: number) {
  const items = await waitFor(async () => {
    const list = await harness.api(tenant, 'get', `/v1/posts?articleId=${articleId}`);
    if (list.status !== 200) throw new Error(`GET /v1/posts answered ${list.status}: ${list.text}`);
    const found = list.body.items as Array<{ id: string; platform: string; status: string; text: string; remoteId: string; remoteUrl: string | null; error: unknown }>;
    return found.length === count && found.every((p) => p.status === 'published' || p.status === 'failed') ? found : undefined;
  }, { what: `${count} posts to be published or failed`, timeoutMs: 60_000, intervalMs: 200 });
  // Compared whole, so a failure shows the platform's reason.
  expect(items.map((p) => ({ platform: p.platform, status: p.status, error: p.error })).sort((a, b) => a.platform.localeCompare(b.platform)))
    .toEqual(['bluesky', 'linkedin', 'webhook', 'x'].map((platform) => ({ platform, status: 'published', error: null })));
  return items;
}

describe('publishing to every platform through the service', () => {
  it('publishes one summary to Bluesky, X, LinkedIn and a webhook with the platforms’ auth and request shapes', async () => {
    const { tenant, ids } = await tenantWithChannels();
    const summary = harness.summary(tenant, 'science', { variants: {}, summary: 'A new telescope mapped 10,000 galaxies in one night, astronomers said.', keywords: ['astronomy'] });
    await harness.send(summary);
    const posts = await publishedPosts(tenant, summary.data.articleId, 4);
    const byPlatform = Object.fromEntries(posts.map((p) => [p.platform, p]));

    // Bluesky: a session from the app password, then createRecord with the session's token,
    // a TID record key and a link facet carrying the article URL over exactly its bytes.
    const session = bluesky.requests.find((r) => r.path === '/xrpc/com.atproto.server.createSession');
    expect(session?.body).toEqual({ identifier: bluesky.identifier, password: bluesky.appPassword });
    const create = bluesky.requests.find((r) => r.path === '/xrpc/com.atproto.repo.createRecord');
    expect(create?.headers.authorization).toMatch(/^Bearer access-/);
    const createBody = create?.body as { repo: string; collection: string; rkey: string; record: { text: string; facets: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<{ $type: string; uri?: string; tag?: string }> }> } };
    expect(createBody).toMatchObject({ repo: bluesky.did, collection: 'app.bsky.feed.post' });
    expect(createBody.rkey).toMatch(/^[234567a-j][234567a-z]{12}$/);
    expect(createBody.record.text).toBe(byPlatform.bluesky?.text);
    const link = createBody.record.facets.find((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#link');
    expect(link?.features[0]?.uri).toBe(summary.data.url);
    const bytes = new TextEncoder().encode(createBody.record.text);
    // The visible link text is a short label (host and path, cut with an ellipsis); the facet carries the full URL.
    const label = new TextDecoder().decode(bytes.slice(link!.index.byteStart, link!.index.byteEnd));
    expect(summary.data.url).toContain(label.replace(/…$/, ''));
    expect(createBody.record.facets.some((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#tag')).toBe(true);
    expect(byPlatform.bluesky?.remoteId).toBe(bluesky.records[0]?.uri);

    // X: POST /2/tweets with the user's bearer token and only { text }.
    const tweet = x.requests.find((r) => r.method === 'POST' && r.path === '/2/tweets');
    expect(tweet?.headers.authorization).toBe(`Bearer ${x.token}`);
    expect(tweet?.body).toEqual({ text: byPlatform.x?.text });
    expect(byPlatform.x?.remoteId).toBe(x.tweets[0]?.id);

    // LinkedIn: the versioned Posts API, author URN, little-text commentary and the article as content.
    const share = linkedin.requests.find((r) => r.method === 'POST' && r.path === '/rest/posts');
    expect(share?.headers).toMatchObject({ authorization: `Bearer ${linkedin.token}`, 'linkedin-version': '202506', 'x-restli-protocol-version': '2.0.0' });
    expect(share?.body).toMatchObject({
      author: linkedin.author, visibility: 'PUBLIC', lifecycleState: 'PUBLISHED',
      distribution: { feedDistribution: 'MAIN_FEED' },
      content: { article: { source: summary.data.url, title: summary.data.title } },
    });
    expect((share?.body as { commentary: string }).commentary).toContain('{hashtag|\\#|');
    expect(byPlatform.linkedin?.remoteId).toBe(linkedin.posts[0]?.id);

    // Webhook: the receiver checked the HMAC signature over the raw body and got the idempotency key as event id.
    expect(webhook.deliveries).toHaveLength(1);
    const delivery = webhook.deliveries[0]!;
    expect(delivery.eventId).toBe(`${summary.data.articleId}:${ids.webhook}`);
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivery.body).toMatchObject({ id: delivery.eventId, type: 'post.publish', post: { text: byPlatform.webhook?.text }, metadata: { articleId: summary.data.articleId, channelId: ids.webhook } });

    // One valid post.published per post, naming its platform and remote id.
    const events = await waitFor(() => {
      const found = harness.published.filter((e) => e.data.articleId === summary.data.articleId);
      return found.length >= 4 ? found : undefined;
    }, { what: 'four post.published events' });
    expect(events).toHaveLength(4);
    for (const event of events) {
      expect(contracts.postPublished.validate(event).ok).toBe(true);
      const post = posts.find((p) => p.id === event.data.postId);
      expect(event.data).toMatchObject({ platform: post?.platform, remoteId: post?.remoteId, channelId: ids[post!.platform] });
    }
  });

  it('fits a summary longer than any platform allows, in emoji, CJK and RTL text with a unicode URL, onto every platform', async () => {
    const { tenant } = await tenantWithChannels();
    // ~4,200 UTF-16 units: more than LinkedIn’s 3,000, Bluesky’s 300 graphemes and X’s 280 weighted, within the event’s 5,000.
    const long = Array.from({ length: 90 }, (_, i) => `第${i}回 東京で会議 👩🏽‍🔬 مرحبا بالعالم Škoda ${i} 🇯🇵`).join(' ');
    const url = 'https://bücher.example/日本/straße?q=ü';
    const summary = harness.summary(tenant, 'science', { variants: {}, summary: long, url });
    await harness.send(summary);
    const posts = await publishedPosts(tenant, summary.data.articleId, 4);
    const byPlatform = Object.fromEntries(posts.map((p) => [p.platform, p]));
    const href = new URL(url).href;

    // Each platform's fake enforces its own rule (graphemes, twitter-text weight, characters); all accepted.
    const record = bluesky.records.find((r) => (r.value as { text: string }).text === byPlatform.bluesky?.text)!.value as { text: string; facets: Array<{ features: Array<{ uri?: string }> }> };
    expect(graphemes(record.text)).toBeLessThanOrEqual(300);
    expect(record.facets.some((f) => f.features[0]?.uri === href)).toBe(true);
    const sent = x.tweets.find((t) => t.sentText === byPlatform.x?.text);
    expect(sent).toBeDefined();
    expect(parseTweet(sent!.sentText).valid).toBe(true);
    expect(byPlatform.x?.text).toContain(href);
    expect(linkedin.posts.some((p) => p.id === byPlatform.linkedin?.remoteId)).toBe(true);
    for (const platform of ['bluesky', 'x', 'linkedin'] as const) {
      const text = byPlatform[platform]!.text;
      expect(text).toContain('…');
      // Cut between words: never inside a surrogate pair, ZWJ sequence or flag.
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|\u200D(?!\p{Extended_Pictographic})/u);
      expect(text).toContain('مرحبا');
    }
    // The webhook has no length limit: the whole summary arrives.
    const delivery = webhook.deliveries.find((d) => (d.body as { metadata: { articleId: string } }).metadata.articleId === summary.data.articleId);
    expect((delivery?.body as { post: { text: string } }).post.text).toContain(long);
  });
});
