import { contracts, withTopic } from '@pulse/contracts';
import type { EventConsumer } from '@pulse/event-bus';
import { analyticsConsumer, type ConsumerDeps } from './analytics-consumer';

/**
 * post.engagement (social's measurements, TOPIC_POST_ENGAGEMENT) -> a measurement fact and the
 * post's newest counters (post_outcomes), which feed engagement in daily_stats, experiment results
 * and best posting hours. Undefined when CONSUME_POST_ENGAGEMENT=false (consumer off).
 */
export function postEngagementConsumer(deps: ConsumerDeps): EventConsumer | undefined {
  if (!deps.config.CONSUME_POST_ENGAGEMENT) return undefined;
  return analyticsConsumer(deps, withTopic(contracts.postEngagement, deps.config.TOPIC_POST_ENGAGEMENT));
}
