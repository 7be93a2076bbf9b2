import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { contracts } from '@pulse/contracts';
import { openServiceDataSource } from '@pulse/service-runtime';
import { infraEnv, uniqueSchema } from '@pulse/testing';
import { PostEntity, PostRepository } from '../src/adapters/db';
import { socialService } from '../src/service';
import { PublishedRecorder } from '../src/publishing/published-recorder';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const schema = uniqueSchema('social_recorder');
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openServiceDataSource(socialService, { url: infraEnv().databaseUrl, schema, logger: quiet, poolSize: 2 });
});

afterAll(async () => {
  await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  await dataSource.destroy();
});

/** A post claimed for sending (status 'publishing') at attempt 2, as the dispatcher leaves it before the remote call. */
async function claimedPost(channelId: string): Promise<PostEntity> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO posts (id, tenant_id, article_id, channel_id, platform, niche, text, composed, article_title, status, attempts, next_attempt_at, idempotency_key, created_at, updated_at)
     VALUES ($1, 'acme', $2, $3, 'mastodon', 'technology', 'A post https://example.com/a', '{}'::jsonb, 'A title', 'publishing', 2, now() + interval '1 minute', $4, now(), now())`,
    [id, randomUUID(), channelId, randomUUID()],
  );
  return dataSource.manager.findOneByOrFail(PostEntity, { id });
}

describe('PublishedRecorder', () => {
  it('records a send and its post.published row in one statement, and neither for a post whose claim was taken over', async () => {
    const channelId = randomUUID();
    await dataSource.query(
      `INSERT INTO channels (id, tenant_id, platform, name, credentials, niches, time_zone, max_posts_per_hour, auto_publish, enabled, status, created_at, updated_at)
       VALUES ($1, 'acme', 'mastodon', 'main', 'sealed', ARRAY['technology'], 'UTC', 100, true, true, 'active', now(), now())`,
      [channelId],
    );
    const [ours, takenOver] = [await claimedPost(channelId), await claimedPost(channelId)];
    // Another replica's lease ran out and it claimed the post again (attempt 3): our result is stale.
    await dataSource.query(`UPDATE posts SET attempts = 3 WHERE id = $1`, [takenOver.id]);

    const recorder = new PublishedRecorder({ dataSource, posts: new PostRepository(), publishedContract: contracts.postPublished });
    const recorded = await Promise.all([
      recorder.record(ours, { remoteId: '1001', remoteUrl: 'https://social.example/@pulse/1001' }, {}),
      recorder.record(takenOver, { remoteId: '1002' }, {}),
    ]);

    expect(recorded).toEqual([true, false]);
    const posts: Array<{ id: string; status: string; remote_id: string | null }> =
      await dataSource.query(`SELECT id, status, remote_id FROM posts ORDER BY attempts`);
    expect(posts).toEqual([{ id: ours.id, status: 'published', remote_id: '1001' }, { id: takenOver.id, status: 'publishing', remote_id: null }]);
    const announced: Array<{ topic: string; payload: { data: { postId: string; remoteId: string; remoteUrl?: string } } }> =
      await dataSource.query(`SELECT topic, payload FROM event_outbox`);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({
      topic: contracts.postPublished.topic,
      payload: { data: { postId: ours.id, remoteId: '1001', remoteUrl: 'https://social.example/@pulse/1001' } },
    });
  });
});
