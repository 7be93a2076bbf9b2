import { createEvent, type EventContract, type PostPublishedEvent } from '@pulse/contracts';
import type { PostEntity } from '../adapters/db';

/** The source named in every event this service produces. */
export const EVENT_SOURCE = 'pulse/social';

/**
 * The `post.published` event of a post. Its id is the post id: one event per post, and the
 * outbox's unique event id refuses a second one even if a bug tried.
 */
export function postPublishedEvent(contract: EventContract<PostPublishedEvent>, post: PostEntity): PostPublishedEvent {
  const remoteUrl = post.remoteUrl !== null && URL.canParse(post.remoteUrl) ? post.remoteUrl : undefined;
  return createEvent(contract, {
    id: post.id,
    tenantId: post.tenantId,
    source: EVENT_SOURCE,
    data: {
      postId: post.id,
      articleId: post.articleId,
      channelId: post.channelId,
      platform: post.platform,
      remoteId: post.remoteId ?? '',
      ...(remoteUrl === undefined ? {} : { remoteUrl }),
      text: post.text,
      niche: post.niche,
      ...(post.variant === null ? {} : { variant: post.variant }),
      ...(post.experimentId === null ? {} : { experimentId: post.experimentId }),
      ...(post.scheduledAt === null ? {} : { scheduledAt: post.scheduledAt.toISOString() }),
      publishedAt: (post.publishedAt ?? new Date()).toISOString(),
      ...(post.fetchedAt === null ? {} : { fetchedAt: post.fetchedAt.toISOString() }),
      ...(post.summarizedAt === null ? {} : { summarizedAt: post.summarizedAt.toISOString() }),
    },
  });
}
