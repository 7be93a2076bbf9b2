import { createEvent, type EventContract, type PostEngagementEvent } from '@pulse/contracts';
import type { PostEntity } from '../adapters/db';
import type { EngagementMetrics } from '../domain/variant-selection';
import { EVENT_SOURCE } from './post-published-event';

/**
 * The `post.engagement` event of one measurement of a post: cumulative counters as the platform
 * reported them at `measuredAt`. A fresh event id per measurement; it is enqueued only in the
 * transaction that stored the changed counters, so a measurement is announced once.
 */
export function postEngagementEvent(
  contract: EventContract<PostEngagementEvent>,
  post: PostEntity,
  metrics: EngagementMetrics,
  measuredAt: Date,
): PostEngagementEvent {
  return createEvent(contract, {
    tenantId: post.tenantId,
    source: EVENT_SOURCE,
    time: measuredAt.toISOString(),
    data: {
      postId: post.id,
      articleId: post.articleId,
      channelId: post.channelId,
      platform: post.platform,
      niche: post.niche,
      ...(post.variant === null ? {} : { variant: post.variant }),
      ...(post.experimentId === null ? {} : { experimentId: post.experimentId }),
      likes: metrics.likes,
      reposts: metrics.reposts,
      replies: metrics.replies,
      ...(metrics.impressions === undefined ? {} : { impressions: metrics.impressions }),
      measuredAt: measuredAt.toISOString(),
    },
  });
}
