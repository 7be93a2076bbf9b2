import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '@pulse/errors';
import { insertRows, preparedQuery } from '@pulse/db';
import { outbox } from '@pulse/event-bus';
import { PostEntity, type PostStatus } from './post.entity';
import { postRowMapper } from './post-row';

/** Where a listing continues: the last row's (created_at, id). */
export interface PostCursor {
  createdAt: Date;
  id: string;
}

export interface PostFilter {
  status?: PostStatus;
  channelId?: string;
  niche?: string;
  articleId?: string;
  cursor?: PostCursor;
  limit: number;
}

/** A post claimed for sending, with whether an earlier try may already have reached the platform. */
export interface ClaimedPost {
  post: PostEntity;
  checkFirst: boolean;
}

/** Reads and state changes of posts; every HTTP-facing query names the tenant. */
export class PostRepository {
  /**
   * Inserts the posts in one statement, skipping those whose article already has a post on the
   * channel; answers the ids that were inserted.
   */
  async insertMany(manager: EntityManager, posts: readonly PostEntity[]): Promise<Set<string>> {
    const inserted = await insertRows<{ id: string }>(manager, PostEntity, posts, { onConflictDoNothing: true, returning: ['id'] });
    return new Set(inserted.map((r) => r.id));
  }

  /** `takenSlots` of several channels in one query. */
  async takenSlotsOf(manager: EntityManager, channelIds: readonly string[], since: Date): Promise<Map<string, Date[]>> {
    const slots = new Map<string, Date[]>(channelIds.map((id) => [id, []]));
    if (channelIds.length === 0) return slots;
    const rows: Array<{ channel_id: string; at: Date }> = await manager.query(
      `SELECT channel_id, COALESCE(published_at, scheduled_at) AS at FROM posts
        WHERE channel_id = ANY($1::uuid[]) AND status IN ('scheduled', 'publishing', 'published')
          AND COALESCE(published_at, scheduled_at) >= $2`,
      [channelIds, since],
    );
    for (const row of rows) slots.get(row.channel_id)?.push(new Date(row.at));
    return slots;
  }

  /** Publication times of the channel's posts that count against its hourly rate from `since` on. */
  async takenSlots(manager: EntityManager, channelId: string, since: Date): Promise<Date[]> {
    const rows: Array<{ at: Date }> = await manager.query(
      `SELECT COALESCE(published_at, scheduled_at) AS at FROM posts
        WHERE channel_id = $1 AND status IN ('scheduled', 'publishing', 'published')
          AND COALESCE(published_at, scheduled_at) >= $2`,
      [channelId, since],
    );
    return rows.map((r) => new Date(r.at));
  }

  /**
   * Claims up to `limit` due posts for this replica: `FOR UPDATE SKIP LOCKED` lets replicas claim
   * disjoint sets, and the claim is a lease (`next_attempt_at` moves `leaseSeconds` ahead) so a
   * replica that dies mid-send leaves the post to be picked up again, checked before resending.
   * One statement (atomic on its own) that answers the claimed rows whole.
   */
  claimDue(manager: EntityManager, limit: number, leaseSeconds: number): Promise<ClaimedPost[]> {
    return this.claim(manager, `status IN ('scheduled', 'publishing') AND next_attempt_at <= now()`, [limit, leaseSeconds]);
  }

  /**
   * `claimDue` for just these posts (planned a moment ago, due now): the same lease, so another
   * replica's dispatcher or this one's cron tick that got there first simply wins.
   */
  claimDueByIds(manager: EntityManager, ids: readonly string[], leaseSeconds: number): Promise<ClaimedPost[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.claim(manager, `id = ANY($3::uuid[]) AND status = 'scheduled' AND next_attempt_at <= now()`, [ids.length, leaseSeconds, ids]);
  }

  private async claim(manager: EntityManager, due: string, parameters: unknown[]): Promise<ClaimedPost[]> {
    const rows = await preparedQuery<Record<string, unknown>>(
      manager,
      `WITH due AS (
         SELECT id, status AS previous_status, outcome_unknown AS previous_unknown FROM posts
          WHERE ${due}
            -- a disabled channel's posts wait until it is enabled again
            AND EXISTS (SELECT 1 FROM channels c WHERE c.id = posts.channel_id AND c.enabled)
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE posts p
          SET status = 'publishing', attempts = p.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2),
              outcome_unknown = due.previous_unknown OR due.previous_status = 'publishing',
              updated_at = now()
         FROM due WHERE p.id = due.id
       RETURNING p.*`,
      parameters,
    );
    const toEntity = postRowMapper(manager);
    // outcome_unknown after the claim is exactly "an earlier try may have reached the platform".
    return rows.map((row) => ({ post: toEntity(row), checkFirst: row.outcome_unknown === true }));
  }

  /**
   * `finishAttempt` to 'published' for several posts in one statement, each fenced on its own
   * claim, together with their `post.published` outbox rows (`announcement`, outbox.rowsParameter;
   * a row goes in only when the post of its `data.postId` was recorded): atomic on its own, one
   * round trip. Answers the ids that were still this dispatcher's.
   */
  async finishPublished(
    manager: EntityManager,
    items: ReadonlyArray<{ post: PostEntity; remoteId: string; remoteUrl: string | null; publishedAt: Date }>,
    announcement: string,
  ): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `WITH finished AS (
         UPDATE posts p
            SET status = 'published', remote_id = v.remote_id, remote_url = v.remote_url, published_at = v.published_at,
                next_attempt_at = NULL, outcome_unknown = false, error_code = NULL, error_reason = NULL, updated_at = now()
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::timestamptz[]) AS v(id, attempts, remote_id, remote_url, published_at)
          WHERE p.id = v.id AND p.status = 'publishing' AND p.attempts = v.attempts
         RETURNING p.id
       ),
       announced AS (${outbox.insertStatement(manager, { rows: '$6', onlyIf: `(r.payload #>> '{data,postId}')::uuid IN (SELECT id FROM finished)` })})
       SELECT id FROM finished`,
      [
        items.map((i) => i.post.id), items.map((i) => i.post.attempts), items.map((i) => i.remoteId),
        items.map((i) => i.remoteUrl), items.map((i) => i.publishedAt), announcement,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Applies the result of a send, fenced on the claim (status 'publishing' with the same attempt
   * count): a replica whose lease expired and was taken over cannot overwrite the newer outcome.
   */
  async finishAttempt(manager: EntityManager, post: PostEntity, changes: Partial<PostEntity>): Promise<boolean> {
    const result = await manager.update(
      PostEntity,
      { id: post.id, status: 'publishing', attempts: post.attempts },
      { ...changes, updatedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  async get(manager: EntityManager, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<PostEntity> {
    const post = await manager.findOne(PostEntity, {
      where: { tenantId, id },
      ...(options.lock === true ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (post === null) throw new NotFoundError('Post', id);
    return post;
  }

  /** Newest first, `limit + 1` rows so the caller knows whether a next page exists. */
  list(manager: EntityManager, tenantId: string, filter: PostFilter): Promise<PostEntity[]> {
    const query = manager.createQueryBuilder(PostEntity, 'p').where('p.tenant_id = :tenantId', { tenantId });
    if (filter.status !== undefined) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.channelId !== undefined) query.andWhere('p.channel_id = :channelId', { channelId: filter.channelId });
    if (filter.niche !== undefined) query.andWhere('p.niche = :niche', { niche: filter.niche });
    if (filter.articleId !== undefined) query.andWhere('p.article_id = :articleId', { articleId: filter.articleId });
    if (filter.cursor !== undefined) {
      query.andWhere('(p.created_at, p.id) < (:cursorAt, :cursorId)', { cursorAt: filter.cursor.createdAt, cursorId: filter.cursor.id });
    }
    return query.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(filter.limit + 1).getMany();
  }

  /** Moves a post to 'scheduled' at `at` when it is in one of `from`; ConflictError otherwise. */
  async schedule(manager: EntityManager, tenantId: string, id: string, from: readonly PostStatus[], at: Date, extra: Partial<PostEntity> = {}): Promise<PostEntity> {
    const post = await this.get(manager, tenantId, id, { lock: true });
    if (!from.includes(post.status)) throw new ConflictError(`Post ${id} is ${post.status}; this needs it to be ${from.join(' or ')}`);
    Object.assign(post, { status: 'scheduled', scheduledAt: at, nextAttemptAt: at, errorCode: null, errorReason: null, updatedAt: new Date() }, extra);
    return manager.save(post);
  }

  /** Fails the channel's posts that were still waiting (the channel is going away). */
  async failOpenPostsOfChannel(manager: EntityManager, channelId: string, code: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE posts SET status = 'failed', error_code = $2, error_reason = $3, next_attempt_at = NULL, updated_at = now()
        WHERE channel_id = $1 AND status IN ('draft', 'scheduled')`,
      [channelId, code, reason],
    );
  }
}
