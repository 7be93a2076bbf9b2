import type { EntityManager } from 'typeorm';
import type { ArticleSummarizedEvent, EventContract } from '@pulse/contracts';
import { columnRecords, preparedQuery } from '@pulse/db';
import { inbox, outbox, type TracedEvent } from '@pulse/event-bus';
import { usageRow, type UsageRecord } from './usage.repository';
import { LlmUsageEntity } from './llm-usage.entity';
import { SummaryEntity } from './summary.entity';

export type NewSummary = Omit<SummaryEntity, 'id' | 'createdAt'>;

/** One summary to store (insertSummaries). */
export interface SummaryWrite {
  /** The news.fetched event it applies: recorded in the inbox, and nothing else is written when the group applied it before. */
  eventId?: string;
  /** Usage rows (written whenever the write applies, even when the tenant had the summary already: the money was spent). */
  usage: readonly UsageRecord[];
  summary: NewSummary;
  /** Its `article.summarized` event, enqueued only with a new summary. */
  announcement: TracedEvent<ArticleSummarizedEvent>;
}

export interface SummaryWriteResult {
  /** False when the inbox had the event already (nothing written). */
  applied: boolean;
  /** True when the summary is new and announced. */
  emitted: boolean;
}

/**
 * Stores several summaries in ONE statement: with `group`, the inbox rows of their events (each
 * write carries its eventId; a write whose event the group applied before writes nothing); the
 * usage rows; each summary unless the tenant has one for the article; and the outbox rows of
 * those that were new. Atomic without BEGIN/COMMIT (inside the caller's transaction when there is
 * one) and one round trip for the lot, where a summary used to cost six. Writes must not repeat a
 * (tenant, article) or an event id (SummaryWriter makes sure). Rows travel as JSON (@pulse/db's
 * columnRecords) and become records in PostgreSQL (jsonb_populate_record: the table's own column
 * types). Unqualified tables: the service's schema is first on search_path.
 */
export async function insertSummaries(
  manager: EntityManager, contract: EventContract<ArticleSummarizedEvent>, writes: readonly SummaryWrite[], group?: string,
): Promise<SummaryWriteResult[]> {
  if (writes.length === 0) return [];
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const input = JSON.stringify(writes.map((w) => ({
    event_id: w.eventId ?? null,
    tenant_id: w.summary.tenantId,
    article_id: w.summary.articleId,
    usage: columnRecords(manager, LlmUsageEntity, w.usage.map(usageRow)).records,
    summary: columnRecords(manager, SummaryEntity, [w.summary]).records[0],
  })));
  const recordInbox = group === undefined
    ? ''
    : `fresh AS (${inbox.recordStatement(manager, { group: param(group), eventIds: param(writes.map((w) => w.eventId)) })}),`;
  const rows = (await preparedQuery(
    manager,
    `WITH input AS (
       SELECT i.* FROM ROWS FROM (jsonb_to_recordset(${param(input)}::jsonb)
                AS (event_id uuid, tenant_id text, article_id uuid, usage jsonb, summary jsonb)) WITH ORDINALITY AS i
     ),
     ${recordInbox}
     applying AS (SELECT * FROM input ${group === undefined ? '' : 'WHERE event_id IN (SELECT event_id FROM fresh)'}),
     usage AS (
       INSERT INTO llm_usage (tenant_id, niche, article_id, stage, model, calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd)
       SELECT u.tenant_id, u.niche, u.article_id, u.stage, u.model, u.calls, u.input_tokens, u.output_tokens, u.cache_read_tokens, u.cache_write_tokens, u.cost_usd
         FROM applying a CROSS JOIN LATERAL jsonb_populate_recordset(NULL::llm_usage, a.usage) AS u
        ORDER BY a.ordinality
     ),
     summary AS (
       INSERT INTO summaries (tenant_id, article_id, niche, title, url, summary, tone, facts, confidence, variants, keywords, language,
                              model, prompt_version, truncated, cached, selection_reason, input_tokens, output_tokens,
                              cache_read_tokens, cache_write_tokens, cost_usd, fetched_at)
       SELECT s.tenant_id, s.article_id, s.niche, s.title, s.url, s.summary, s.tone, s.facts, s.confidence, s.variants, s.keywords, s.language,
              s.model, s.prompt_version, s.truncated, s.cached, s.selection_reason, s.input_tokens, s.output_tokens,
              s.cache_read_tokens, s.cache_write_tokens, s.cost_usd, s.fetched_at
         FROM applying a CROSS JOIN LATERAL jsonb_populate_record(NULL::summaries, a.summary) AS s
        ORDER BY a.ordinality
       ON CONFLICT DO NOTHING
       RETURNING tenant_id, article_id
     ),
     announced AS (${outbox.insertStatement(manager, {
    rows: param(outbox.rowsParameter(contract, writes.map((w) => w.announcement))),
    onlyIf: `(r.payload ->> 'tenantId', (r.payload #>> '{data,articleId}')::uuid) IN (SELECT tenant_id, article_id FROM summary)`,
  })})
     SELECT i.ordinality IN (SELECT ordinality FROM applying) AS applied,
            EXISTS (SELECT 1 FROM summary s WHERE s.tenant_id = i.tenant_id AND s.article_id = i.article_id) AS emitted
       FROM input i ORDER BY i.ordinality`,
    values,
  )) as SummaryWriteResult[];
  return rows;
}

/** The tenant's summary of an article, or undefined (another tenant's never matches). */
export async function findSummary(manager: EntityManager, tenantId: string, articleId: string): Promise<SummaryEntity | undefined> {
  return (await manager.findOne(SummaryEntity, { where: { tenantId, articleId } })) ?? undefined;
}

export async function summaryExists(manager: EntityManager, tenantId: string, articleId: string): Promise<boolean> {
  return manager.exists(SummaryEntity, { where: { tenantId, articleId } });
}
