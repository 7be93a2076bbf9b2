import { contracts, withTopic } from '@pulse/contracts';
import type { EventConsumer } from '@pulse/event-bus';
import { analyticsConsumer, type ConsumerDeps } from './analytics-consumer';

/** article.summarized -> a summary fact with LLM cost and tokens, pulse_llm_cost_usd_total. */
export function articleSummarizedConsumer(deps: ConsumerDeps): EventConsumer {
  return analyticsConsumer(deps, withTopic(contracts.articleSummarized, deps.config.TOPIC_ARTICLE_SUMMARIZED));
}
