import pLimit from 'p-limit';
import type { DataSource, EntityManager } from 'typeorm';
import type { ArticleSummarizedEvent, EventContract } from '@pulse/contracts';
import { PermanentError, describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import type { BatchItem, BatchItemOutcome, BatchSummarizer } from '../adapters/anthropic/batch-summarizer';
import type { BatchItemEntity } from '../adapters/db/batch-item.entity';
import {
  itemsOfBatch, leaseForCollection, lockQueuedItems, markCollected, markPolled, openBatches, recordSubmittedBatch, removeBatchItem,
} from '../adapters/db/batch.repository';
import { recordSkippedArticle } from '../adapters/db/skipped-article.repository';
import { EXTRACTIVE_MODEL } from '../domain/extractive-summarizer';
import type { ArticleInput, SummaryResult } from '../domain/summary.types';
import type { ArticleMeta } from '../summarization/article-mapping';
import { countSpend, type LlmMetrics } from '../summarization/llm-metrics';
import type { NicheSettings } from '../summarization/niche-settings';
import type { SummarizationPipeline, Summarizer } from '../summarization/summarization-pipeline';
import { storeSummary } from '../summarization/summary-store';

export interface BatchWorkerDeps {
  dataSource: DataSource;
  batches: BatchSummarizer;
  /** Single calls (or extractive) for items a batch did not answer. */
  pipeline: SummarizationPipeline;
  niches: NicheSettings;
  output: EventContract<ArticleSummarizedEvent>;
  pricedModel: string;
  metrics: LlmMetrics;
  logger: Logger;
  /** Requests per batch. */
  maxSize: number;
  /** A partial batch is submitted once its oldest item waited this long. */
  maxWaitMs: number;
  /** How long collecting an ended batch may take before another replica may take it over. */
  leaseMs: number;
}

/** The selection reason stored with a summary that came from a Message Batch. */
export const BATCH_REASON = 'batch';
/** ... and with one made by a single call because the batch did not answer for it. */
export const BATCH_FALLBACK_REASON = 'batch-fallback';

// No reply at all: worth a single call. An unusable reply was paid for and is filled extractively.
const UNANSWERED: ReadonlySet<BatchItemOutcome> = new Set(['errored', 'expired', 'canceled', 'missing']);

/**
 * Drives Message Batches from the `batch_items` queue (filled by the news.fetched consumer):
 * submits due items as one batch, polls open batches, and finishes every item of an ended batch
 * exactly like a single call would (verification, summary, usage at the batch price, outbox
 * `article.summarized`). All state is in PostgreSQL, so a restart resumes polling; an item is
 * deleted in the transaction that stores its summary, so it is finished at most once.
 */
export class BatchWorker {
  private readonly finishing = pLimit(8);

  constructor(private readonly deps: BatchWorkerDeps) {}

  /** One round: submit what is due, then poll (and collect) open batches. */
  async tick(): Promise<void> {
    await this.submitDue();
    await this.pollOpen();
  }

  /**
   * Submits queued items while a full batch is available, or a partial one has waited long enough.
   * The items stay locked (FOR UPDATE SKIP LOCKED) during the one create call, so replicas never
   * submit the same item twice, and a failed submission leaves them queued for the next round.
   * (A crash after the API accepted the batch but before the commit resubmits them: paid twice,
   * stored and announced once.)
   */
  async submitDue(): Promise<void> {
    const { dataSource, maxSize, maxWaitMs } = this.deps;
    for (;;) {
      let rejected: BatchItemEntity[] = [];
      const submitted = await dataSource.transaction(async (tx) => {
        const items = await lockQueuedItems(tx, maxSize);
        if (items.length === 0) return 0;
        if (items.length < maxSize && Date.now() - items[0]!.enqueuedAt.getTime() < maxWaitMs) return 0;
        try {
          const batch = await this.deps.batches.submitBatch(items.map((item) => this.batchItem(item)));
          await recordSubmittedBatch(tx, batch.batchId, 'in_progress', items.map((item) => item.id));
          this.deps.logger.info('Message Batch submitted', { batchId: batch.batchId, items: items.length });
        } catch (error) {
          // The API refuses this batch for good (e.g. a malformed request): summarize its items one by one.
          if (!(error instanceof PermanentError)) throw error;
          this.deps.logger.warn('Message Batch rejected; summarizing its items with single calls', { items: items.length, error: describeError(error) });
          rejected = items;
        }
        return items.length;
      });
      await Promise.all(rejected.map((item) => this.finishing(() => this.finishSingly(item, 'missing'))));
      if (submitted < maxSize) return;
    }
  }

  /** Polls every open batch once; collects the ended ones. */
  async pollOpen(): Promise<void> {
    const manager = this.deps.dataSource.manager;
    for (const batch of await openBatches(manager)) {
      const items = await itemsOfBatch(manager, batch.id);
      if (items.length === 0) {
        await markCollected(manager, batch.id); // every item was finished by an earlier, interrupted collection
        continue;
      }
      const collection = await this.deps.batches.collectBatch(batch.id, items.map((item) => this.batchItem(item)));
      await markPolled(manager, batch.id, collection.status);
      if (collection.status !== 'ended') continue;
      if (!(await leaseForCollection(manager, batch.id, this.deps.leaseMs))) continue; // another replica collects it
      const byId = new Map(items.map((item) => [item.id, item]));
      await Promise.all(collection.results.map((entry) => this.finishing(async () => {
        const item = byId.get(entry.customId)!;
        this.deps.metrics.batchItems.inc({ result: entry.outcome });
        if (UNANSWERED.has(entry.outcome)) return this.finishSingly(item, entry.outcome);
        const summarizer: Summarizer = entry.result.model === EXTRACTIVE_MODEL ? 'extractive' : 'claude';
        return this.finish(item, entry.result, summarizer, BATCH_REASON);
      })));
      await markCollected(manager, batch.id);
      this.deps.logger.info('Message Batch collected', { batchId: batch.id, items: items.length });
    }
  }

  /** The item the batch did not answer: the pipeline again, as a single call (or extractive, over budget or with the circuit open). */
  private async finishSingly(item: BatchItemEntity, why: BatchItemOutcome): Promise<void> {
    const outcome = await this.deps.pipeline.process(articleOf(item));
    if (outcome.kind === 'summarized') return this.finish(item, outcome.result, outcome.summarizer, BATCH_FALLBACK_REASON);
    await this.deps.dataSource.transaction(async (tx) => {
      if (!(await removeBatchItem(tx, item.id))) return;
      await recordSkippedArticle(tx, {
        tenantId: item.tenantId, articleId: item.articleId, eventId: item.eventId, niche: item.niche,
        reason: outcome.decision.reason, detail: `${outcome.decision.detail} (batch item ${why})`, score: item.score,
        title: item.title, text: item.text, url: item.url, language: item.language, fetchedAt: item.fetchedAt,
      });
    });
    this.deps.metrics.skipped.inc({ reason: outcome.decision.reason });
  }

  /** Stores the summary, its usage and the outbox entry, and removes the item, in one transaction. */
  private async finish(item: BatchItemEntity, result: SummaryResult, summarizer: Summarizer, reason: string): Promise<void> {
    const stored = await this.deps.dataSource.transaction(async (tx: EntityManager) => {
      if (!(await removeBatchItem(tx, item.id))) return undefined;
      return storeSummary(tx, { meta: metaOf(item), result, summarizer, reason, contract: this.deps.output, pricedModel: this.deps.pricedModel, now: new Date() });
    });
    if (!stored) return;
    // Batch results are counted here, once stored; single calls were counted by the pipeline.
    if (reason === BATCH_REASON) countSpend(this.deps.metrics, result, this.deps.pricedModel);
    if (stored.emitted) this.deps.metrics.processed.inc({ summarizer, reason });
  }

  private batchItem(item: BatchItemEntity): BatchItem {
    const article = articleOf(item);
    return { article, niche: this.deps.niches.profileOf(item.niche), customId: item.id };
  }
}

function articleOf(item: BatchItemEntity): ArticleInput {
  return {
    id: item.articleId,
    tenantId: item.tenantId,
    niche: item.niche,
    title: item.title,
    text: item.text,
    ...(item.language ? { language: item.language } : {}),
    ...(item.score === null ? {} : { score: item.score }),
  };
}

function metaOf(item: BatchItemEntity): ArticleMeta {
  return { tenantId: item.tenantId, articleId: item.articleId, niche: item.niche, title: item.title, url: item.url, fetchedAt: item.fetchedAt.toISOString() };
}
