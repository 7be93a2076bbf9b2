import { contracts, withTopic } from '@pulse/contracts';
import type { EventConsumer } from '@pulse/event-bus';
import { analyticsConsumer, type ConsumerDeps } from './analytics-consumer';

/** post.published -> a post fact and outcome, pulse_posts_published_total, pulse_pipeline_latency_seconds. */
export function postPublishedConsumer(deps: ConsumerDeps): EventConsumer {
  return analyticsConsumer(deps, withTopic(contracts.postPublished, deps.config.TOPIC_POST_PUBLISHED));
}
