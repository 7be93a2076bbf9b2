import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { ArticleSummarizedEvent, EventContract, NewsFetchedEvent } from '@pulse/contracts';
import { createConsumer, inbox, type DeliveryInfo, type EventConsumer, type EventProducer } from '@pulse/event-bus';
import { GroupCommit } from '@pulse/db';
import type { Logger, Metrics } from '@pulse/observability';
import { enqueueBatchItem } from '../adapters/db/batch.repository';
import { recordSkippedArticle } from '../adapters/db/skipped-article.repository';
import { newsEventStatuses, type NewsEventRef, type NewsEventStatus } from '../adapters/db/news-event-status.repository';
import { articleFromEvent, metaFromEvent } from '../summarization/article-mapping';
import type { LlmMetrics } from '../summarization/llm-metrics';
import type { PipelineOutcome, SummarizationPipeline } from '../summarization/summarization-pipeline';
import { SummaryWriter } from '../summarization/summary-store';

export interface NewsFetchedConsumerDeps {
  kafka: Kafka;
  dataSource: DataSource;
  producer: EventProducer;
  input: EventContract<NewsFetchedEvent>;
  output: EventContract<ArticleSummarizedEvent>;
  groupId: string;
  concurrency: number;
  /** Articles of different keys in flight per partition. */
  keyConcurrency: number;
  /** Consumer group session timeout and heartbeat interval (ms; the bus's defaults when absent). */
  sessionTimeout?: number;
  heartbeatInterval?: number;
  pipeline: SummarizationPipeline;
  pricedModel: string;
  metrics: Metrics;
  llmMetrics: LlmMetrics;
  logger: Logger;
}

/** Consumes `news.fetched`: summarize (or skip with a reason) and announce `article.summarized` through the outbox. */
export function newsFetchedConsumer(deps: NewsFetchedConsumerDeps): EventConsumer {
  const handling: HandlingDeps = {
    ...deps,
    // Events handled side by side share their pre-check and their write (one statement each).
    statuses: new GroupCommit({
      write: async (group, refs: NewsEventRef[]) => (await newsEventStatuses(deps.dataSource.manager, group, refs)).map((value) => ({ ok: true, value })),
      sizeOf: () => 1,
      maxSize: 100,
    }),
    summaries: new SummaryWriter(deps.dataSource, deps.output),
  };
  return createConsumer({
    kafka: deps.kafka,
    groupId: deps.groupId,
    contract: deps.input,
    handler: (event, delivery) => handleNewsFetched(handling, event, delivery),
    logger: deps.logger,
    registry: deps.metrics.registry,
    dlqProducer: deps.producer,
    concurrency: deps.concurrency,
    keyConcurrency: deps.keyConcurrency,
    sessionTimeout: deps.sessionTimeout,
    heartbeatInterval: deps.heartbeatInterval,
  });
}

interface HandlingDeps extends NewsFetchedConsumerDeps {
  statuses: GroupCommit<NewsEventRef, NewsEventStatus>;
  summaries: SummaryWriter;
}

/**
 * The summarizing happens outside any database transaction (an LLM call can take a minute; a
 * pooled connection should not wait for it). The inbox is checked first so a redelivered event
 * costs nothing, and recorded atomically with the summary, usage and outbox rows (one statement)
 * so a concurrent duplicate commits at most once; the result cache makes its API calls free as well.
 */
async function handleNewsFetched(deps: HandlingDeps, event: NewsFetchedEvent, delivery: DeliveryInfo): Promise<void> {
  const { dataSource, logger } = deps;
  const meta = metaFromEvent(event);
  const status = await deps.statuses.run(delivery.groupId, { eventId: event.id, tenantId: meta.tenantId, articleId: meta.articleId });
  if (status.applied) return;

  let outcome: PipelineOutcome | undefined;
  if (!status.summarized) {
    outcome = await deps.pipeline.process(articleFromEvent(event), { allowBatch: true });
  } else {
    logger.info('article already summarized; event applied without a new summary', { articleId: meta.articleId, eventId: event.id });
  }

  if (outcome?.kind === 'summarized') {
    // Inbox row, usage, summary and outbox entry: one statement (shared with summaries finishing meanwhile).
    const stored = await deps.summaries.store({
      meta, result: outcome.result, summarizer: outcome.summarizer, reason: outcome.reason,
      contract: deps.output, pricedModel: deps.pricedModel, now: new Date(),
    }, { group: delivery.groupId, eventId: event.id });
    if (stored.emitted) deps.llmMetrics.processed.inc({ summarizer: outcome.summarizer, reason: outcome.reason });
    return;
  }

  // Skipped, queued for a batch, or summarized before (the inbox row alone): with the inbox row in one transaction.
  const applied = await dataSource.transaction((manager) =>
    inbox.runOnce(manager, delivery.groupId, event.id, async (tx): Promise<{ queued: boolean }> => {
      if (outcome?.kind === 'skipped') {
        const article = articleFromEvent(event);
        await recordSkippedArticle(tx, {
          tenantId: meta.tenantId,
          articleId: meta.articleId,
          eventId: event.id,
          niche: meta.niche,
          reason: outcome.decision.reason,
          detail: outcome.decision.detail,
          score: event.data.score,
          title: meta.title,
          text: article.text,
          url: meta.url,
          language: event.data.language ?? null,
          fetchedAt: new Date(meta.fetchedAt),
        });
        return { queued: false };
      }
      if (outcome?.kind === 'batched') {
        // Queued in the same transaction as the inbox row: the offset is committed only once the
        // article is safely queued, and the batch worker announces it when its batch is collected.
        const article = articleFromEvent(event);
        const queued = await enqueueBatchItem(tx, {
          tenantId: meta.tenantId,
          articleId: meta.articleId,
          eventId: event.id,
          niche: meta.niche,
          title: meta.title,
          text: article.text,
          url: meta.url,
          language: event.data.language ?? null,
          score: event.data.score ?? null,
          fetchedAt: new Date(meta.fetchedAt),
        });
        // false: the tenant's article is already queued (a second news.fetched for it).
        return { queued };
      }
      return { queued: false };
    }),
  );
  if (!applied.applied || !outcome) return;
  if (outcome.kind === 'batched') {
    if (applied.result.queued) deps.llmMetrics.batchItems.inc({ result: 'queued' });
  } else if (outcome.kind === 'skipped') {
    deps.llmMetrics.skipped.inc({ reason: outcome.decision.reason });
    logger.info('article skipped', { articleId: meta.articleId, tenantId: meta.tenantId, reason: outcome.decision.reason, detail: outcome.decision.detail });
  }
}
