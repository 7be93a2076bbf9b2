import type { EntityManager } from 'typeorm';
import { insertRows } from '@pulse/db';
import { roundUsd } from '../../domain/cost-calculator';
import type { UsageSoFar } from '../../domain/selection-policy';
import type { TokenUsage } from '../../domain/summary.types';
import { LlmUsageEntity } from './llm-usage.entity';

/** One stage's usage as recorded. */
export interface UsageRecord {
  tenantId: string;
  niche: string;
  articleId: string | null;
  stage: string;
  model: string;
  calls: number;
  usage: TokenUsage;
  costUsd: number;
}

export type UsageGroupBy = 'niche' | 'stage';

/** Summed usage of one group (a niche or a stage). */
export interface UsageSums extends TokenUsage {
  key: string;
  calls: number;
  costUsd: number;
}

/** A usage record as an LlmUsageEntity row (insertRows / columnRecords). */
export function usageRow(r: UsageRecord): Omit<LlmUsageEntity, 'id' | 'at'> {
  return {
    tenantId: r.tenantId,
    niche: r.niche,
    articleId: r.articleId,
    stage: r.stage,
    model: r.model,
    calls: r.calls,
    inputTokens: r.usage.inputTokens,
    outputTokens: r.usage.outputTokens,
    cacheReadTokens: r.usage.cacheReadTokens,
    cacheWriteTokens: r.usage.cacheWriteTokens,
    costUsd: r.costUsd.toFixed(9),
  };
}

export async function recordUsage(manager: EntityManager, records: readonly UsageRecord[]): Promise<void> {
  await insertRows(manager, LlmUsageEntity, records.map(usageRow));
}

/** What the tenant spent in the niche since `since` (the start of the budget day). */
export async function usageSince(manager: EntityManager, tenantId: string, niche: string, since: Date): Promise<UsageSoFar> {
  const rows = (await manager.query(
    `SELECT COALESCE(SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens), 0)::bigint AS tokens,
            COALESCE(SUM(cost_usd), 0)::text AS cost
       FROM llm_usage WHERE tenant_id = $1 AND niche = $2 AND at >= $3`,
    [tenantId, niche, since],
  )) as Array<{ tokens: string; cost: string }>;
  const row = rows[0];
  return { tokens: Number(row?.tokens ?? 0), costUsd: roundUsd(Number(row?.cost ?? 0)) };
}

/** The tenant's usage in [from, to), summed per niche or per stage, largest cost first. */
export async function sumUsage(manager: EntityManager, tenantId: string, from: Date, to: Date, groupBy: UsageGroupBy): Promise<UsageSums[]> {
  const column = groupBy === 'niche' ? 'niche' : 'stage'; // from a closed set, never from input
  const rows = (await manager.query(
    `SELECT ${column} AS key, SUM(calls)::bigint AS calls,
            SUM(input_tokens)::bigint AS input, SUM(output_tokens)::bigint AS output,
            SUM(cache_read_tokens)::bigint AS cache_read, SUM(cache_write_tokens)::bigint AS cache_write,
            SUM(cost_usd)::text AS cost
       FROM llm_usage WHERE tenant_id = $1 AND at >= $2 AND at < $3
      GROUP BY ${column} ORDER BY SUM(cost_usd) DESC, ${column}`,
    [tenantId, from, to],
  )) as Array<Record<'key' | 'calls' | 'input' | 'output' | 'cache_read' | 'cache_write' | 'cost', string>>;
  return rows.map((r) => ({
    key: r.key,
    calls: Number(r.calls),
    inputTokens: Number(r.input),
    outputTokens: Number(r.output),
    cacheReadTokens: Number(r.cache_read),
    cacheWriteTokens: Number(r.cache_write),
    costUsd: roundUsd(Number(r.cost)),
  }));
}
