import type { DataSource } from 'typeorm';
import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import { cronWorker, type Worker } from '@pulse/service-runtime';
import { applyRetention, ensurePartitions, refreshDailyStats } from '../adapters/db';
import type { AnalyticsConfig } from '../config';
import type { AnalyticsMetrics } from '../metrics/analytics-metrics';
import { exclusiveRun } from './exclusive-run';

export interface MaintenanceDeps {
  config: AnalyticsConfig;
  dataSource: DataSource;
  logger: Logger;
  metrics: AnalyticsMetrics;
  /** Lock names are per schema, so test schemas never wait for each other. */
  schema: string;
  now?: () => Date;
}

/** REFRESH MATERIALIZED VIEW CONCURRENTLY daily_stats on DAILY_STATS_REFRESH_CRON (default every minute). */
export function dailyStatsRefreshWorker(deps: MaintenanceDeps): Worker {
  const refresh = () =>
    exclusiveRun(deps.dataSource, `analytics:${deps.schema}:daily-stats`, async () => {
      const stop = deps.metrics.timeRefresh();
      await refreshDailyStats(deps.dataSource);
      stop();
    });
  return cronWorker('refresh daily_stats', deps.config.DAILY_STATS_REFRESH_CRON, refresh, deps.logger);
}

/**
 * The daily housekeeping of `event_facts` on MAINTENANCE_CRON: create the partitions
 * PARTITIONS_AHEAD_DAYS ahead, then drop facts older than RETENTION_DAYS. One job, one after the
 * other, because both take locks on the partitioned table. Partitions are also ensured at start
 * (awaited, so the day's first events land in their own partition after a long downtime).
 */
export function maintenanceWorker(deps: MaintenanceDeps): Worker {
  const now = deps.now ?? (() => new Date());
  const ensure = async () => {
    const created = await exclusiveRun(deps.dataSource, `analytics:${deps.schema}:partitions`, () =>
      ensurePartitions(deps.dataSource, now(), deps.config.PARTITIONS_AHEAD_DAYS),
    );
    if (created?.length) deps.logger.info('event_facts partitions created', { partitions: created });
  };
  const retain = async () => {
    const result = await exclusiveRun(deps.dataSource, `analytics:${deps.schema}:retention`, () =>
      applyRetention(deps.dataSource, now(), deps.config.RETENTION_DAYS),
    );
    if (result && (result.droppedPartitions.length > 0 || result.deletedDefaultRows > 0 || result.deletedPostOutcomes > 0)) {
      deps.logger.info('retention applied', { ...result, keepDays: deps.config.RETENTION_DAYS });
    }
  };
  const scheduled = cronWorker('event_facts maintenance', deps.config.MAINTENANCE_CRON, async () => {
    await ensure();
    await retain();
  }, deps.logger);
  return {
    name: scheduled.name,
    start: async () => {
      // Not fatal: the default partition stores events of days without a partition meanwhile.
      await ensure().catch((error: unknown) => deps.logger.error('ensuring partitions at start failed', { error: describeError(error) }));
      scheduled.start();
    },
    stop: () => scheduled.stop(),
  };
}
