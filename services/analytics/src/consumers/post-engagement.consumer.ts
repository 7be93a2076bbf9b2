import type { EventConsumer } from '@pulse/event-bus';
import { analyticsConsumer, type ConsumerDeps } from './analytics-consumer';
import { postEngagementContract } from './post-engagement.contract';

/**
 * post.engagement (optional, TOPIC_POST_ENGAGEMENT) -> a measurement fact and the post's newest
 * counters. Undefined when the topic is not configured.
 */
export function postEngagementConsumer(deps: ConsumerDeps): EventConsumer | undefined {
  const topic = deps.config.TOPIC_POST_ENGAGEMENT;
  return topic === '' ? undefined : analyticsConsumer(deps, postEngagementContract(topic));
}
