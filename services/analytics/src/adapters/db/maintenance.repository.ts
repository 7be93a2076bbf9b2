import { ValidationError } from '@pulse/errors';
import type { DataSource } from 'typeorm';
import { DAY_MS } from '../../domain/overview';
import { rows } from './queryable';
import { analyticsTables, schemaOf } from './schema-name';

/**
 * Rebuilds `daily_stats` without blocking readers (CONCURRENTLY needs the unique index the
 * migration creates). Two refreshes at once would queue on the view's lock; run it from one
 * schedule.
 */
export async function refreshDailyStats(dataSource: DataSource): Promise<void> {
  await dataSource.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${analyticsTables(schemaOf(dataSource)).dailyStats}`);
}

/**
 * Creates the daily partitions of `event_facts` from `now`'s UTC day to `aheadDays` days later
 * (existing ones are kept; rows of those days waiting in the default partition move in).
 * Returns the partitions created.
 */
export async function ensurePartitions(dataSource: DataSource, now: Date, aheadDays: number): Promise<string[]> {
  assertDays('aheadDays', aheadDays, 0);
  const first = utcDay(now);
  const last = utcDay(new Date(now.getTime() + aheadDays * DAY_MS));
  const created = await rows<{ partition: string }>(
    dataSource,
    `SELECT ${analyticsTables(schemaOf(dataSource)).fn('ensure_event_fact_partitions')}($1::date, $2::date) AS partition`,
    [first, last],
  );
  return created.map((r) => r.partition);
}

export interface RetentionResult {
  /** Daily partitions dropped whole. */
  droppedPartitions: string[];
  /** Old rows deleted from the default partition. */
  deletedDefaultRows: number;
  /** Post outcomes deleted (their publish, or measurement, time is older than the cutoff). */
  deletedPostOutcomes: number;
}

/**
 * Keeps the last `keepDays` days of facts: drops daily partitions that end on or before the
 * cutoff's UTC day, deletes older rows from the default partition, and deletes old post outcomes
 * and article -> source entries.
 * `daily_stats` keeps the old days until its next refresh.
 */
export async function applyRetention(dataSource: DataSource, now: Date, keepDays: number): Promise<RetentionResult> {
  assertDays('keepDays', keepDays, 1);
  const tables = analyticsTables(schemaOf(dataSource));
  const cutoff = new Date(now.getTime() - keepDays * DAY_MS);
  return dataSource.transaction(async (manager) => {
    const dropped = await rows<{ partition: string }>(
      manager,
      `SELECT ${tables.fn('drop_event_fact_partitions_before')}($1::date) AS partition`,
      [utcDay(cutoff)],
    );
    const [, deletedDefaultRows] = (await manager.query(`DELETE FROM ${tables.factsDefault} WHERE occurred_at < $1`, [cutoff])) as [
      unknown,
      number,
    ];
    const [, deletedPostOutcomes] = (await manager.query(`DELETE FROM ${tables.postOutcomes} WHERE attributed_at < $1`, [cutoff])) as [
      unknown,
      number,
    ];
    await manager.query(`DELETE FROM ${tables.articleSources} WHERE fetched_at < $1`, [cutoff]);
    return { droppedPartitions: dropped.map((r) => r.partition), deletedDefaultRows, deletedPostOutcomes };
  });
}

/** The UTC calendar day of `date` as YYYY-MM-DD. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function assertDays(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > 3650) {
    throw new ValidationError(`Invalid ${name}`, [`${name} must be an integer between ${min} and 3650, got ${value}`]);
  }
}
