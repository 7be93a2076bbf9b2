import { contracts, withTopic } from '@pulse/contracts';
import type { EventConsumer } from '@pulse/event-bus';
import { analyticsConsumer, type ConsumerDeps } from './analytics-consumer';

/** news.fetched -> an article fact, the article -> source map, pulse_articles_processed_total. */
export function newsFetchedConsumer(deps: ConsumerDeps): EventConsumer {
  return analyticsConsumer(deps, withTopic(contracts.newsFetched, deps.config.TOPIC_NEWS_FETCHED));
}
