import { Kafka, logLevel } from 'kafkajs';
import { listDlq } from '@pulse/event-bus';
import { startFakeMastodon, type FakeMastodon } from '@pulse/fakes';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import { mastodonChannel, SocialHarness } from './support/social-harness';

// Three partitions handled side by side: their chunks reach the planner at the same time, and
// chunks that arrive while a planning transaction runs are planned together in the next one.
const harness = new SocialHarness();
let fake: FakeMastodon;

beforeAll(async () => {
  fake = await startFakeMastodon({ token: uniqueName('secret-token') });
  await harness.start({
    TOPIC_PARTITIONS: '3', CONSUMER_CONCURRENCY: '3', RATE_LIMIT_PER_MINUTE: '100000', DISPATCH_CRON: '0 0 0 1 1 *', ENGAGEMENT_ENABLED: 'false',
  });
});

afterAll(async () => {
  await harness.stop();
  await fake?.close();
});

interface PostRow { article_id: string; status: string; scheduled_at: Date | null }

const postsOf = (tenant: string): Promise<PostRow[]> =>
  harness.db.query(`SELECT article_id, status, scheduled_at FROM "${harness.schema}".posts WHERE tenant_id = $1`, [tenant]);

describe('planning chunks of several partitions', () => {
  it('plans every summary once and keeps the hourly rate across chunks planned together', async () => {
    const tenant = uniqueName('tenant');
    expect((await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token, { maxPostsPerHour: 4 }))).status).toBe(201);
    const summaries = Array.from({ length: 12 }, () => harness.summary(tenant, 'technology'));
    // Keyed by article: spread over the three partitions; two of them delivered twice.
    await harness.send(...summaries, summaries[3]!, summaries[8]!);

    const posts = await waitFor(async () => {
      const rows = await postsOf(tenant);
      return rows.length >= 12 ? rows : undefined;
    }, { what: 'a post for every summary', timeoutMs: 30_000 });
    expect(posts).toHaveLength(12);
    expect(new Set(posts.map((p) => p.article_id))).toEqual(new Set(summaries.map((s) => s.data.articleId)));
    const now = Date.now();
    expect(posts.filter((p) => p.scheduled_at !== null && p.scheduled_at.getTime() <= now)).toHaveLength(4);
    expect(posts.filter((p) => p.scheduled_at !== null && p.scheduled_at.getTime() > now + 50 * 60_000)).toHaveLength(8);
    const stats: Array<{ assignments: string }> = await harness.db.query(
      `SELECT sum(assignments)::text AS assignments FROM "${harness.schema}".variant_stats WHERE tenant_id = $1`, [tenant]);
    expect(Number(stats[0]?.assignments)).toBe(12);
  });

  it('plans the good chunks when a chunk planned with them fails, and dead-letters the bad summary alone', async () => {
    const tenant = uniqueName('tenant');
    expect((await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token))).status).toBe(201);
    const good = Array.from({ length: 9 }, () => harness.summary(tenant, 'technology'));
    // Valid against the contract, refused by PostgreSQL (text cannot hold NUL): its transaction fails.
    const bad = harness.summary(tenant, 'technology', { title: 'broken \u0000 title' });
    await harness.send(...good.slice(0, 4), bad, ...good.slice(4));

    await waitFor(async () => ((await postsOf(tenant)).length >= 9 ? true : undefined), { what: 'a post for every good summary', timeoutMs: 30_000 });
    const kafka = new Kafka({ clientId: uniqueName('social-test-dlq'), brokers: infraEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
    const dead = await waitFor(async () => {
      const entries = await listDlq({ kafka, topic: harness.inTopic, limit: 10 });
      return entries.length > 0 ? entries : undefined;
    }, { what: 'the bad summary in the dead-letter topic', timeoutMs: 30_000 });
    expect(dead.map((entry) => entry.eventId)).toEqual([bad.id]);
    const posts = await postsOf(tenant);
    expect(posts.map((p) => p.article_id).sort()).toEqual(good.map((s) => s.data.articleId).sort());
  });
});
