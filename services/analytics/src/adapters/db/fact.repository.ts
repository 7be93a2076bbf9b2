import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@pulse/db';
import type { AnalyticsEvent } from '../../domain/analytics-event';
import { toFactRow, type FactRow } from '../../domain/fact-row';
import { collapsePostOutcomes, toPostOutcome, type PostOutcome } from '../../domain/post-outcome';
import { analyticsTables, schemaOf } from './schema-name';

/** Column, its PostgreSQL array type for unnest, and how to read it from the row. */
type Column<R> = readonly [name: string, type: string, pick: (row: R) => unknown];

const FACT_COLUMNS: ReadonlyArray<Column<FactRow>> = [
  ['event_id', 'uuid', (r) => r.eventId],
  ['tenant_id', 'text', (r) => r.tenantId],
  ['type', 'text', (r) => r.type],
  ['niche', 'text', (r) => r.niche],
  ['source_id', 'uuid', (r) => r.sourceId],
  ['article_id', 'uuid', (r) => r.articleId],
  ['post_id', 'uuid', (r) => r.postId],
  ['channel_id', 'text', (r) => r.channelId],
  ['platform', 'text', (r) => r.platform],
  ['variant', 'text', (r) => r.variant],
  ['experiment_id', 'text', (r) => r.experimentId],
  ['model', 'text', (r) => r.model],
  ['cost_usd', 'numeric', (r) => r.costUsd],
  ['input_tokens', 'integer', (r) => r.inputTokens],
  ['output_tokens', 'integer', (r) => r.outputTokens],
  ['latency_ms', 'bigint', (r) => r.latencyMs],
  ['likes', 'integer', (r) => r.likes],
  ['reposts', 'integer', (r) => r.reposts],
  ['replies', 'integer', (r) => r.replies],
  ['impressions', 'bigint', (r) => r.impressions],
  ['measured_at', 'timestamptz', (r) => r.measuredAt],
  ['occurred_at', 'timestamptz', (r) => r.occurredAt],
];

const OUTCOME_COLUMNS: ReadonlyArray<Column<PostOutcome>> = [
  ['tenant_id', 'text', (o) => o.tenantId],
  ['post_id', 'uuid', (o) => o.postId],
  ['article_id', 'uuid', (o) => o.articleId],
  ['channel_id', 'text', (o) => o.channelId],
  ['platform', 'text', (o) => o.platform],
  ['niche', 'text', (o) => o.niche],
  ['variant', 'text', (o) => o.variant],
  ['experiment_id', 'text', (o) => o.experimentId],
  ['published_at', 'timestamptz', (o) => o.publishedAt],
  ['likes', 'integer', (o) => o.likes],
  ['reposts', 'integer', (o) => o.reposts],
  ['replies', 'integer', (o) => o.replies],
  ['impressions', 'bigint', (o) => o.impressions],
  ['measured_at', 'timestamptz', (o) => o.measuredAt],
];

/**
 * Stores one event as a fact. Returns true when it was new, false for a redelivery (same id and
 * time), which changes nothing. Throws a ValidationError (permanent) for an event that cannot be
 * stored. Pass the consumer's transactional manager to commit the fact with its inbox entry.
 */
export async function recordEvent(manager: EntityManager, event: AnalyticsEvent): Promise<boolean> {
  const inserted = await recordEvents(manager, [event]);
  return inserted.size === 1;
}

/**
 * Stores a batch of events in one statement (so one round trip and one commit): the facts, the
 * article -> source map (news.fetched) and post outcomes (post events). Returns the ids that were
 * new. The map and the outcomes are upserted for every event, new or not: both are idempotent.
 */
export async function recordEvents(manager: EntityManager, events: readonly AnalyticsEvent[]): Promise<Set<string>> {
  return recordFacts(manager, events.map(toFactRow), postOutcomesOf(events));
}

/** The post outcome updates of a batch, one per post (see collapsePostOutcomes). */
export function postOutcomesOf(events: readonly AnalyticsEvent[]): PostOutcome[] {
  const outcomes: PostOutcome[] = [];
  for (const event of events) {
    const outcome = toPostOutcome(event);
    if (outcome !== null) outcomes.push(outcome);
  }
  return collapsePostOutcomes(outcomes);
}

/**
 * recordEvents for rows already mapped (the consumer maps each event once and reuses its row for
 * the metrics). `outcomes` must hold one entry per (tenant, post): postOutcomesOf.
 */
export async function recordFacts(manager: EntityManager, facts: readonly FactRow[], outcomes: readonly PostOutcome[]): Promise<Set<string>> {
  if (facts.length === 0) return new Set();
  // Prepared: the statement is the same for every batch, so PostgreSQL plans it once per connection.
  const inserted = await preparedQuery<{ event_id: string }>(manager, recordSql(schemaOf(manager)), [
    ...columnArrays(FACT_COLUMNS, uniqueById(facts)),
    ...columnArrays(OUTCOME_COLUMNS, outcomes),
  ]);
  const ids = new Set<string>();
  for (const row of inserted) ids.add(row.event_id);
  return ids;
}

// The statement depends only on the schema: built once per schema, not per batch.
const statements = new Map<string, string>();

function recordSql(schema: string | undefined): string {
  const key = schema ?? '';
  let sql = statements.get(key);
  if (sql === undefined) {
    sql = buildRecordSql(schema);
    statements.set(key, sql);
  }
  return sql;
}

function buildRecordSql(schema: string | undefined): string {
  const t = analyticsTables(schema);
  const newer = 'EXCLUDED.measured_at IS NOT NULL AND (o.measured_at IS NULL OR EXCLUDED.measured_at > o.measured_at)';
  const counter = (column: string): string => `${column} = CASE WHEN ${newer} THEN EXCLUDED.${column} ELSE o.${column} END`;
  return `WITH incoming AS (
       SELECT * FROM unnest(${arrays(FACT_COLUMNS, 0)}) AS f(${names(FACT_COLUMNS)})
     ),
     inserted AS (
       INSERT INTO ${t.facts} (${names(FACT_COLUMNS)}) SELECT * FROM incoming
       ON CONFLICT (event_id, occurred_at) DO NOTHING
       RETURNING event_id
     ),
     sources AS (
       INSERT INTO ${t.articleSources} (tenant_id, article_id, source_id, niche, fetched_at)
       SELECT tenant_id, article_id, source_id, niche, occurred_at FROM incoming WHERE type = 'news.fetched'
       ON CONFLICT (tenant_id, article_id) DO NOTHING
     ),
     -- Mirrors mergePostOutcome: first known descriptions, earliest publish time, newest measurement.
     outcomes AS (
       INSERT INTO ${t.postOutcomes} AS o (${names(OUTCOME_COLUMNS)})
       SELECT * FROM unnest(${arrays(OUTCOME_COLUMNS, FACT_COLUMNS.length)})
       ON CONFLICT (tenant_id, post_id) DO UPDATE SET
         variant = coalesce(o.variant, EXCLUDED.variant),
         experiment_id = coalesce(o.experiment_id, EXCLUDED.experiment_id),
         published_at = least(o.published_at, EXCLUDED.published_at),
         ${['likes', 'reposts', 'replies', 'impressions', 'measured_at'].map(counter).join(',\n         ')},
         updated_at = now()
     )
     SELECT event_id FROM inserted`;
}

function names<R>(columns: ReadonlyArray<Column<R>>): string {
  return columns.map(([name]) => name).join(', ');
}

function arrays<R>(columns: ReadonlyArray<Column<R>>, offset: number): string {
  return columns.map(([, type], i) => `$${offset + i + 1}::${type}[]`).join(', ');
}

function columnArrays<R>(columns: ReadonlyArray<Column<R>>, records: readonly R[]): unknown[][] {
  return columns.map(([, , pick]) => records.map(pick));
}

function uniqueById(facts: readonly FactRow[]): FactRow[] {
  const seen = new Map<string, FactRow>();
  for (const fact of facts) if (!seen.has(fact.eventId)) seen.set(fact.eventId, fact);
  return [...seen.values()];
}
