import { z } from 'zod';
import type { PostCursor, PostEntity } from '../adapters/db';
import { POST_STATUSES } from '../adapters/db';

/** Opaque cursor: base64url of the last row's creation time and id. */
export function encodeCursor(post: PostEntity): string {
  return Buffer.from(JSON.stringify([post.createdAt.toISOString(), post.id]), 'utf8').toString('base64url');
}

const cursor = z.string().max(200).transform((raw, ctx): PostCursor => {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = new Date(String(at));
    if (typeof id === 'string' && z.uuid().safeParse(id).success && !Number.isNaN(createdAt.getTime())) return { createdAt, id };
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
  return z.NEVER;
});

export const listPostsQuery = z
  .object({
    status: z.enum(POST_STATUSES).optional(),
    channelId: z.uuid().optional(),
    // PostgreSQL text cannot hold NUL: refuse control characters here (400) rather than fail in the query (500).
    niche: z.string().min(1).max(64).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters').optional(),
    articleId: z.uuid().optional(),
    cursor: cursor.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const postIdParams = z.object({ id: z.uuid() });

/** A post as the API shows it. */
export function postView(post: PostEntity) {
  return {
    id: post.id,
    articleId: post.articleId,
    channelId: post.channelId,
    platform: post.platform,
    niche: post.niche,
    text: post.text,
    variant: post.variant,
    experimentId: post.experimentId,
    status: post.status,
    scheduledAt: post.scheduledAt?.toISOString() ?? null,
    attempts: post.attempts,
    nextAttemptAt: post.status === 'scheduled' ? (post.nextAttemptAt?.toISOString() ?? null) : null,
    remoteId: post.remoteId,
    remoteUrl: post.remoteUrl,
    error: post.errorCode === null ? null : { code: post.errorCode, reason: post.errorReason },
    engagement: post.outcomeRecordedAt === null ? null : { likes: post.likes, reposts: post.reposts, replies: post.replies },
    createdAt: post.createdAt.toISOString(),
    publishedAt: post.publishedAt?.toISOString() ?? null,
  };
}
