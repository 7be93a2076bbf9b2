import type { EntityManager } from 'typeorm';
import { createEvent, type ArticleSummarizedEvent, type EventContract } from '@pulse/contracts';
import { outbox } from '@pulse/event-bus';
import { insertSummaryIfAbsent } from '../adapters/db/summary.repository';
import { recordUsage } from '../adapters/db/usage.repository';
import type { SummaryResult } from '../domain/summary.types';
import { summarizedData, summaryRow, usageRecords, type ArticleMeta } from './article-mapping';
import type { Summarizer } from './summarization-pipeline';

export const EVENT_SOURCE = 'pulse/llm';

export interface StoreInput {
  meta: ArticleMeta;
  result: SummaryResult;
  summarizer: Summarizer;
  reason: string;
  contract: EventContract<ArticleSummarizedEvent>;
  pricedModel: string;
  now: Date;
}

/**
 * Writes the usage rows, the summary and its `article.summarized` outbox entry through `manager`
 * (the caller's transaction): all or nothing. A tenant's second summary of the same article is
 * not stored and not announced again; its usage is still recorded, because it was spent.
 */
export async function storeSummary(manager: EntityManager, input: StoreInput): Promise<{ emitted: boolean }> {
  const { meta, result } = input;
  await recordUsage(manager, usageRecords(result, meta.tenantId, meta.articleId, input.pricedModel));
  const data = summarizedData(result, meta, input.now);
  const inserted = await insertSummaryIfAbsent(manager, summaryRow(data, result, meta, input.summarizer, input.reason));
  if (!inserted) return { emitted: false };
  await outbox.enqueue(manager, input.contract, createEvent(input.contract, { tenantId: meta.tenantId, source: EVENT_SOURCE, data }));
  return { emitted: true };
}
