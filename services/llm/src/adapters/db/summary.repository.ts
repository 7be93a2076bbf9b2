import type { EntityManager } from 'typeorm';
import { inbox, outbox } from '@pulse/event-bus';
import type { UsageRecord } from './usage.repository';
import { SummaryEntity } from './summary.entity';

export type NewSummary = Omit<SummaryEntity, 'id' | 'createdAt'>;

/** What insertSummaryOnce writes. */
export interface SummaryWrite {
  /** The consumer group and event this summary applies: recorded in the inbox; nothing else is written when it was already. */
  inbox?: { group: string; eventId: string };
  /** Usage rows (written whenever the write applies, even when the tenant had the summary already: the money was spent). */
  usage: readonly UsageRecord[];
  summary: NewSummary;
  /** The `article.summarized` outbox rows (outbox.rowsParameter), enqueued only with a new summary. */
  announcement: string;
}

/**
 * Inbox row, usage rows, the summary (unless the tenant has one for the article) and its outbox
 * entry in ONE statement: atomic without BEGIN/COMMIT and one round trip instead of six, which on
 * this project's machines costs more CPU than the statements themselves. Inside the caller's
 * transaction when there is one. Rows travel as JSON and become records in PostgreSQL
 * (jsonb_populate_record: the table's own column types). Unqualified tables: the service's schema
 * is first on search_path.
 */
export async function insertSummaryOnce(manager: EntityManager, write: SummaryWrite): Promise<{ applied: boolean; emitted: boolean }> {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const fresh = write.inbox
    ? inbox.recordStatement(manager, { group: param(write.inbox.group), eventIds: param([write.inbox.eventId]) })
    : 'SELECT NULL::uuid AS event_id';
  const rows = (await manager.query(
    `WITH fresh AS (${fresh}),
     usage AS (
       INSERT INTO llm_usage (tenant_id, niche, article_id, stage, model, calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd)
       SELECT u.tenant_id, u.niche, u.article_id, u.stage, u.model, u.calls, u.input_tokens, u.output_tokens, u.cache_read_tokens, u.cache_write_tokens, u.cost_usd
         FROM jsonb_populate_recordset(NULL::llm_usage, ${param(JSON.stringify(write.usage.map(usageColumns)))}::jsonb) AS u
        WHERE EXISTS (SELECT 1 FROM fresh)
     ),
     summary AS (
       INSERT INTO summaries (tenant_id, article_id, niche, title, url, summary, tone, facts, confidence, variants, keywords, language,
                              model, prompt_version, truncated, cached, selection_reason, input_tokens, output_tokens,
                              cache_read_tokens, cache_write_tokens, cost_usd, fetched_at)
       SELECT s.tenant_id, s.article_id, s.niche, s.title, s.url, s.summary, s.tone, s.facts, s.confidence, s.variants, s.keywords, s.language,
              s.model, s.prompt_version, s.truncated, s.cached, s.selection_reason, s.input_tokens, s.output_tokens,
              s.cache_read_tokens, s.cache_write_tokens, s.cost_usd, s.fetched_at
         FROM jsonb_populate_record(NULL::summaries, ${param(JSON.stringify(columns(write.summary)))}::jsonb) AS s
        WHERE EXISTS (SELECT 1 FROM fresh)
       ON CONFLICT DO NOTHING
       RETURNING id
     ),
     announced AS (${outbox.insertStatement(manager, { rows: param(write.announcement), onlyIf: 'EXISTS (SELECT 1 FROM summary)' })})
     SELECT EXISTS (SELECT 1 FROM fresh) AS applied, EXISTS (SELECT 1 FROM summary) AS emitted`,
    values,
  )) as Array<{ applied: boolean; emitted: boolean }>;
  return rows[0]!;
}

/**
 * `row` keyed by column name (camelCase to snake_case) for jsonb_populate_record, which takes the
 * keys it knows and ignores the rest; Dates become ISO text through JSON.stringify.
 */
function columns(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]));
}

const usageColumns = (r: UsageRecord) => columns({ ...r, ...r.usage, costUsd: r.costUsd.toFixed(9) });

/** The tenant's summary of an article, or undefined (another tenant's never matches). */
export async function findSummary(manager: EntityManager, tenantId: string, articleId: string): Promise<SummaryEntity | undefined> {
  return (await manager.findOne(SummaryEntity, { where: { tenantId, articleId } })) ?? undefined;
}

export async function summaryExists(manager: EntityManager, tenantId: string, articleId: string): Promise<boolean> {
  return manager.exists(SummaryEntity, { where: { tenantId, articleId } });
}
