import type { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { contracts, withTopic, type ArticleSummarizedEvent } from '@pulse/contracts';
import { createConsumer, idempotentHandler, type EventConsumer } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import { planArticlePosts, type PostPlannerDeps } from '../publishing/plan-article-posts';

export interface ArticleSummarizedConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  registry: Registry;
  topic: string;
  groupId: string;
  planner: PostPlannerDeps;
}

/**
 * `article.summarized` -> posts for every subscribed channel, in the same transaction as the
 * inbox row: a redelivered summary plans nothing new.
 */
export function articleSummarizedConsumer(options: ArticleSummarizedConsumerOptions): EventConsumer {
  const { kafka, dataSource, logger, registry, planner } = options;
  return createConsumer<ArticleSummarizedEvent>({
    kafka,
    groupId: options.groupId,
    contract: withTopic(contracts.articleSummarized, options.topic),
    logger,
    registry,
    handler: idempotentHandler(dataSource, async (event, manager) => {
      const posts = await planArticlePosts(manager, event, planner);
      logger.info('summary planned', { tenantId: event.tenantId, articleId: event.data.articleId, posts: posts.length });
    }),
  });
}
