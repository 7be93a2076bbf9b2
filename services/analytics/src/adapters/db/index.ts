export { analyticsMigrations } from './migrations';
export { postOutcomesOf, recordEvent, recordEvents, recordFacts } from './fact.repository';
export { refreshDailyStats, ensurePartitions, applyRetention, utcDay, type RetentionResult } from './maintenance.repository';
export { AnalyticsQueries } from './analytics.queries';
export type { BestHourRequest } from './best-hour.query';
export type { DailyStatsRequest, DailyStatsRow } from './daily-stats.query';
export type { ExperimentResultsRequest } from './experiment.query';
export { analyticsTables, schemaOf } from './schema-name';
