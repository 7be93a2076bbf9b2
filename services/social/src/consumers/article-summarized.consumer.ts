import type { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { contracts, withTopic, type ArticleSummarizedEvent } from '@pulse/contracts';
import { createConsumer, inbox, type EventConsumer } from '@pulse/event-bus';
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
  /** Partitions handled at once; within a partition events stay in order. */
  concurrency?: number;
  /** Called once planned posts that are due now have committed (the dispatcher sends them at once). */
  onDuePosts?: () => void;
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
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    handler: async (event, delivery) => {
      const outcome = await dataSource.transaction((manager) =>
        inbox.runOnce(manager, delivery.groupId, event.id, (m) => planArticlePosts(m, event, planner)));
      if (!outcome.applied) return;
      const posts = outcome.result;
      logger.info('summary planned', { tenantId: event.tenantId, articleId: event.data.articleId, posts: posts.length });
      // After the commit, so the dispatcher can claim them.
      const now = Date.now();
      if (posts.some((p) => p.status === 'scheduled' && p.nextAttemptAt !== null && p.nextAttemptAt.getTime() <= now)) options.onDuePosts?.();
    },
  });
}
