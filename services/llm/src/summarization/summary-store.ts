import type { EntityManager } from 'typeorm';
import { createEvent, type ArticleSummarizedEvent, type EventContract } from '@pulse/contracts';
import { activeTraceHeaders, outbox } from '@pulse/event-bus';
import { insertSummaryOnce } from '../adapters/db/summary.repository';
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
 * (in the caller's transaction when it has one) in one statement: all or nothing. With `once`, the
 * event's inbox row too, and nothing at all when the group applied the event before (`applied`
 * false). A tenant's second summary of the same article is not stored and not announced again;
 * its usage is still recorded, because it was spent.
 */
export async function storeSummary(
  manager: EntityManager, input: StoreInput, once?: { group: string; eventId: string },
): Promise<{ applied: boolean; emitted: boolean }> {
  const { meta, result } = input;
  const data = summarizedData(result, meta, input.now);
  const event = createEvent(input.contract, { tenantId: meta.tenantId, source: EVENT_SOURCE, data });
  return insertSummaryOnce(manager, {
    inbox: once,
    usage: usageRecords(result, meta.tenantId, meta.articleId, input.pricedModel),
    summary: summaryRow(data, result, meta, input.summarizer, input.reason),
    announcement: outbox.rowsParameter(input.contract, [{ event, traceHeaders: activeTraceHeaders() }]),
  });
}
