import type { DataSource } from 'typeorm';
import type { BestPostingHour } from '../../domain/best-posting-hour';
import type { ExperimentResult } from '../../domain/experiment-results';
import type { LeaderboardEntry, LeaderboardRequest } from '../../domain/leaderboard';
import type { OperationalInputs, Overview } from '../../domain/overview';
import type { TimeSeries, TimeSeriesRequest } from '../../domain/time-series';
import { queryBestPostingHours, type BestHourRequest } from './best-hour.query';
import { queryDailyStats, type DailyStatsRequest, type DailyStatsRow } from './daily-stats.query';
import { queryExperimentResults, type ExperimentResultsRequest } from './experiment.query';
import { queryLeaderboard } from './leaderboard.query';
import { queryOverview } from './overview.query';
import { analyticsTables, schemaOf } from './schema-name';
import { queryTimeSeries } from './time-series.query';

/**
 * The read side of analytics. Every method is scoped to one tenant: tenantId is always a bound
 * parameter of every statement, so one tenant can never read another's numbers.
 */
export class AnalyticsQueries {
  private readonly tables: ReturnType<typeof analyticsTables>;

  constructor(private readonly dataSource: DataSource) {
    this.tables = analyticsTables(schemaOf(dataSource));
  }

  /** Last hour and last day before `now`; failures and DLQ depth come from the caller (DLQ metrics). */
  overview(tenantId: string, now: Date, inputs: OperationalInputs = {}): Promise<Overview> {
    return queryOverview(this.dataSource, this.tables.facts, tenantId, now, inputs);
  }

  /** A gap-filled series of one metric (zero for empty buckets). */
  timeSeries(tenantId: string, request: TimeSeriesRequest): Promise<TimeSeries> {
    return queryTimeSeries(this.dataSource, this.tables, tenantId, request);
  }

  /** Per niche or per source: articles, posts, engagement. */
  leaderboard(tenantId: string, request: LeaderboardRequest): Promise<LeaderboardEntry[]> {
    return queryLeaderboard(this.dataSource, this.tables, tenantId, request);
  }

  /** Per experiment and variant: engagement rate with Wilson confidence intervals. */
  experimentResults(tenantId: string, request: ExperimentResultsRequest = {}): Promise<ExperimentResult[]> {
    return queryExperimentResults(this.dataSource, this.tables.postOutcomes, tenantId, request);
  }

  /** Per niche: the hour of day (in a time zone) whose posts engaged most, with its sample size. */
  bestPostingHours(tenantId: string, request: BestHourRequest = {}): Promise<BestPostingHour[]> {
    return queryBestPostingHours(this.dataSource, this.tables.postOutcomes, tenantId, request);
  }

  /** Rows of the daily_stats rollup. */
  dailyStats(tenantId: string, request: DailyStatsRequest): Promise<DailyStatsRow[]> {
    return queryDailyStats(this.dataSource, this.tables.dailyStats, tenantId, request);
  }
}
