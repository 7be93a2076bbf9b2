import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { contracts, type PostEngagementEvent } from '@pulse/contracts';
import { startFakeMastodon, type FakeMastodon } from '@pulse/fakes';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import { mastodonChannel, SocialHarness } from './support/social-harness';

// The engagement poller against a fake Mastodon: each change of a post's favourites, reblogs and
// replies becomes one post.engagement event (through the outbox) on the configured topic.
const harness = new SocialHarness();
const received: Array<{ key: string; event: PostEngagementEvent }> = [];
let fake: FakeMastodon;
let consumer: Consumer;

beforeAll(async () => {
  fake = await startFakeMastodon({ token: uniqueName('secret-token') });
  // Measured from publication on, every second at most.
  await harness.start({ ENGAGEMENT_CRON: '* * * * * *', ENGAGEMENT_MIN_AGE_SECONDS: '0', ENGAGEMENT_INTERVAL_SECONDS: '1' });
  const kafka = new Kafka({ clientId: uniqueName('social-engagement-test'), brokers: infraEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId: uniqueName('social-engagement-test'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: harness.engagementTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push({ key: message.key?.toString('utf8') ?? '', event: JSON.parse(message.value?.toString('utf8') ?? 'null') as PostEngagementEvent });
    },
  });
});

afterAll(async () => {
  await consumer?.disconnect();
  await harness.stop();
  await fake?.close();
});

const eventsOf = (postId: string) => received.filter((r) => r.event.data.postId === postId);
const counts = (e: PostEngagementEvent) => [e.data.likes, e.data.reposts, e.data.replies];

/** When the poller last claimed the post (it stamps the claim before measuring). */
async function polledAt(postId: string): Promise<Date | null> {
  const rows: Array<{ at: Date | null }> = await harness.db.query(`SELECT engagement_polled_at AS at FROM "${harness.schema}".posts WHERE id = $1`, [postId]);
  return rows[0]?.at ?? null;
}

describe('engagement poller', () => {
  it('publishes a contract-valid post.engagement, keyed by post, each time the Mastodon counters change', async () => {
    const tenant = uniqueName('tenant');
    const created = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token));
    expect(created.status).toBe(201);
    const summary = harness.summary(tenant, 'technology');
    await harness.send(summary);
    const post = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.status === 'published', 'the post to be published');

    fake.setCounts(post.remoteId, { favourites_count: 3, reblogs_count: 2, replies_count: 1 });
    const first = await waitFor(() => eventsOf(post.id).find((r) => r.event.data.likes === 3), { what: 'the measurement 3/2/1', timeoutMs: 30_000 });
    expect(contracts.postEngagement.validate(first.event)).toEqual({ ok: true, value: first.event });
    expect(first.key).toBe(post.id);
    expect(first.event).toMatchObject({ type: 'post.engagement', version: 1, source: 'pulse/social', tenantId: tenant });
    expect(first.event.data).toMatchObject({
      postId: post.id, articleId: summary.data.articleId, channelId: created.body.id, platform: 'mastodon', niche: 'technology',
      variant: post.variant, experimentId: 'technology-default', likes: 3, reposts: 2, replies: 1,
    });
    expect(first.event.data.impressions).toBeUndefined();

    // Two more claims of the post after that measurement: the first of them (runs never overlap)
    // measured unchanged counters before the second began.
    const measuredAt = new Date(first.event.data.measuredAt);
    const again = await waitFor(async () => { const at = await polledAt(post.id); return at !== null && at > measuredAt ? at : undefined; }, { what: 'a poll after the measurement' });
    await waitFor(async () => ((await polledAt(post.id)) ?? again) > again, { what: 'another poll' });

    fake.setCounts(post.remoteId, { favourites_count: 5 });
    await waitFor(() => eventsOf(post.id).find((r) => r.event.data.likes === 5), { what: 'the measurement 5/2/1', timeoutMs: 30_000 });

    // Unchanged polls sent nothing: consecutive measurements differ, and 3/2/1 was sent once. A
    // measurement of 0/0/0 may come first if the poller was quicker than setCounts.
    const events = eventsOf(post.id).map((r) => r.event).sort((a, b) => a.data.measuredAt.localeCompare(b.data.measuredAt));
    expect(events.map(counts).slice(-2)).toEqual([[3, 2, 1], [5, 2, 1]]);
    expect(events.length === 2 || (events.length === 3 && counts(events[0]!).every((n) => n === 0))).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    // The post shows the newest counters; the bandit got one outcome for the post (its first measurement).
    const latest = await harness.waitForPost(tenant, summary.data.articleId, (p) => p.engagement?.likes === 5, 'the newest counters on the post');
    expect(latest.engagement).toEqual({ likes: 5, reposts: 2, replies: 1 });
    const experiments = await harness.api(tenant, 'get', '/v1/experiments');
    const stats = experiments.body.items[0].variants.find((v: { variant: string }) => v.variant === post.variant);
    expect(stats.successes + stats.failures).toBe(1);
  });
});
