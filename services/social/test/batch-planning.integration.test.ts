import { startFakeMastodon, type FakeMastodon } from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { mastodonChannel, SocialHarness } from './support/social-harness';

// The dispatcher's tick is made (practically) never to fire: everything published here went out
// through the planner's hand-off right after its transaction committed.
const harness = new SocialHarness();
let fake: FakeMastodon;

beforeAll(async () => {
  fake = await startFakeMastodon({ token: uniqueName('secret-token') });
  await harness.start({ RATE_LIMIT_PER_MINUTE: '100000', DISPATCH_CRON: '0 0 0 1 1 *', ENGAGEMENT_ENABLED: 'false' });
});

afterAll(async () => {
  await harness.stop();
  await fake?.close();
});

interface PostRow { id: string; article_id: string; status: string; scheduled_at: Date | null; variant: string | null }

describe('planning summaries in batches', () => {
  it('plans a burst of summaries together: the hourly rate holds inside the batch, variants rotate, repeats create nothing, due posts go out at once', async () => {
    const tenant = uniqueName('tenant');
    const created = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token, { maxPostsPerHour: 3 }));
    expect(created.status).toBe(201);
    const summaries = Array.from({ length: 6 }, () => harness.summary(tenant, 'technology'));
    const resummary = harness.summary(tenant, 'technology', { articleId: summaries[0]!.data.articleId, url: summaries[0]!.data.url });
    // One send: on one partition the consumer gets them in one fetch, a redelivery and a re-summary among them.
    await harness.send(...summaries, summaries[1]!, resummary);

    const published = await waitFor(() => {
      const ours = harness.published.filter((e) => e.tenantId === tenant);
      return ours.length >= 3 ? ours : undefined;
    }, { what: 'three posts published without a dispatcher tick', timeoutMs: 30_000 });
    const posts: PostRow[] = await harness.db.query(`SELECT id, article_id, status, scheduled_at, variant FROM "${harness.schema}".posts WHERE tenant_id = $1 ORDER BY scheduled_at`, [tenant]);

    // One post per article, whatever was repeated.
    expect(posts).toHaveLength(6);
    expect(new Set(posts.map((p) => p.article_id))).toEqual(new Set(summaries.map((s) => s.data.articleId)));
    // Three may go within the hour; the other three wait an hour for their slot.
    const now = Date.now();
    const immediate = posts.filter((p) => p.scheduled_at !== null && p.scheduled_at.getTime() <= now);
    const later = posts.filter((p) => p.scheduled_at !== null && p.scheduled_at.getTime() > now + 50 * 60_000);
    expect(immediate).toHaveLength(3);
    expect(later).toHaveLength(3);
    expect(later.every((p) => p.status === 'scheduled')).toBe(true);
    await waitFor(async () => {
      const rows: PostRow[] = await harness.db.query(`SELECT status FROM "${harness.schema}".posts WHERE tenant_id = $1 AND status = 'published'`, [tenant]);
      return rows.length === 3 ? true : undefined;
    }, { what: 'the three due posts to be published' });
    expect(fake.statuses.filter((s) => immediate.some((p) => s.text.includes(summaryUrl(summaries, p.article_id))))).toHaveLength(3);
    expect(published.map((e) => e.data.postId).sort()).toEqual(immediate.map((p) => p.id).sort());

    // Round-robin over the four variants across the batch, counted once per post.
    const stats: Array<{ variant: string; assignments: number }> = await harness.db.query(
      `SELECT variant, assignments FROM "${harness.schema}".variant_stats WHERE tenant_id = $1 AND experiment_id = 'technology-default'`, [tenant]);
    expect(stats.reduce((sum, s) => sum + s.assignments, 0)).toBe(6);
    const counts = stats.map((s) => s.assignments);
    expect(stats).toHaveLength(4);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(new Set(posts.map((p) => p.variant)).size).toBe(4);
  });

  it('plans nothing for a tenant without a subscribed channel and still applies the batch', async () => {
    const tenant = uniqueName('tenant');
    const other = uniqueName('tenant');
    const created = await harness.api(tenant, 'post', '/v1/channels', mastodonChannel(fake.url, fake.token));
    expect(created.status).toBe(201);
    const lonely = harness.summary(other, 'technology');
    const mine = harness.summary(tenant, 'technology');
    await harness.send(lonely, mine);

    await harness.waitForPost(tenant, mine.data.articleId, (p) => p.status === 'published', 'the subscribed tenant\'s post');
    const otherPosts: unknown[] = await harness.db.query(`SELECT id FROM "${harness.schema}".posts WHERE tenant_id = $1`, [other]);
    const otherExperiments: unknown[] = await harness.db.query(`SELECT id FROM "${harness.schema}".experiments WHERE tenant_id = $1`, [other]);
    expect(otherPosts).toHaveLength(0);
    expect(otherExperiments).toHaveLength(0);
  });
});

function summaryUrl(summaries: Array<{ data: { articleId: string; url: string } }>, articleId: string): string {
  return summaries.find((s) => s.data.articleId === articleId)!.data.url;
}
