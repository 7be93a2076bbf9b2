import { z } from 'zod';
import { serviceDocument, type OpenApiDocument, type OperationSpec } from '@pulse/openapi';
import { LEADERBOARD_DIMENSIONS, LEADERBOARD_ORDERS } from '../domain/leaderboard';
import { TIME_SERIES_INTERVALS, TIME_SERIES_METRICS } from '../domain/time-series';
import { ANALYTICS_READ_SCOPE } from './analytics.routes';
import { bestHoursQuery, dailyQuery, experimentsQuery, leaderboardQuery, timeSeriesQuery } from './query.schemas';

/*
 * The analytics API as the public sees it through the gateway (read-only). Requests: the routes'
 * own zod schemas; responses: the schemas below, which follow the domain types they serialize.
 */

const instant = z.iso.datetime({ offset: true });
const count = z.number().int();

const overviewWindow = z.object({
  from: instant,
  to: instant,
  articles: count,
  summaries: count,
  posts: count,
  llmCostUsd: z.number(),
  p95PipelineLatencyMs: z.number().nullable().describe('95th percentile of fetch -> publish latency of the window\'s posts.'),
  articlesPerMinute: z.number(),
  failures: count.nullable(),
});

const overview = z.object({ generatedAt: instant, lastHour: overviewWindow, lastDay: overviewWindow, dlqDepth: count.nullable() });

const timeSeries = z.object({
  metric: z.enum(TIME_SERIES_METRICS),
  interval: z.enum(Object.keys(TIME_SERIES_INTERVALS) as [string, ...string[]]),
  from: instant,
  to: instant,
  niche: z.string().nullable(),
  points: z.array(z.object({ t: instant.describe('Bucket start.'), value: z.number() })),
});

const leaderboard = z.object({
  by: z.enum(LEADERBOARD_DIMENSIONS),
  orderBy: z.enum(LEADERBOARD_ORDERS),
  from: instant,
  to: instant,
  entries: z.array(z.object({ key: z.string(), articles: count, posts: count, engagement: z.number() })),
});

const experiments = z.object({
  confidence: z.number(),
  experiments: z.array(z.object({
    experimentId: z.string(),
    posts: count,
    confidence: z.number(),
    variants: z.array(z.object({
      variant: z.string(),
      posts: count,
      trials: count,
      successes: count,
      engagementRate: z.number().nullable(),
      interval: z.object({ low: z.number(), high: z.number() }).nullable().describe('Wilson score interval of engagementRate.'),
      meanInteractions: z.number().nullable(),
    })),
    winner: z.string().nullable().describe("The variant whose interval lies above every other's; null while they overlap."),
  })),
});

const bestHours = z.object({
  timeZone: z.string(),
  minSamples: count,
  niches: z.array(z.object({
    niche: z.string(),
    timeZone: z.string(),
    bestHour: count.nullable(),
    meanInteractions: z.number().nullable(),
    samples: count,
    hours: z.array(z.object({ hour: count, samples: count, meanInteractions: z.number() })),
  })),
});

const daily = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  niche: z.string().nullable(),
  days: z.array(z.object({
    day: z.iso.date(),
    niche: z.string(),
    articles: count,
    summaries: count,
    posts: count,
    measuredPosts: count,
    likes: count,
    reposts: count,
    replies: count,
    engagement: z.number(),
    impressions: count,
    llmCostUsd: z.number(),
    inputTokens: count,
    outputTokens: count,
    p95PipelineLatencyMs: z.number().nullable(),
  })),
});

const scopes = [ANALYTICS_READ_SCOPE];
const operations: OperationSpec[] = [
  { method: 'get', path: '/api/v1/analytics/overview', operationId: 'getAnalyticsOverview', summary: 'The last hour and day at a glance', scopes,
    description: 'The DLQ numbers are pipeline-wide (the same for every tenant).',
    responses: { 200: { description: 'The overview', schema: overview } } },
  { method: 'get', path: '/api/v1/analytics/timeseries', operationId: 'getAnalyticsTimeSeries', summary: 'One metric over time', scopes, query: timeSeriesQuery,
    description: '`from`/`to` default to the last 24 hours.',
    responses: { 200: { description: 'The series', schema: timeSeries } } },
  { method: 'get', path: '/api/v1/analytics/leaderboards', operationId: 'getAnalyticsLeaderboard', summary: 'Top niches or sources', scopes, query: leaderboardQuery,
    description: '`from`/`to` default to the last 7 days.',
    responses: { 200: { description: 'The leaderboard', schema: leaderboard } } },
  { method: 'get', path: '/api/v1/analytics/experiments', operationId: 'getAnalyticsExperiments', summary: 'Engagement of A/B variants with Wilson intervals', scopes, query: experimentsQuery,
    responses: { 200: { description: 'The experiments', schema: experiments } } },
  { method: 'get', path: '/api/v1/analytics/best-hours', operationId: 'getAnalyticsBestHours', summary: 'The best hour of day to post, per niche', scopes, query: bestHoursQuery,
    responses: { 200: { description: 'Best hours', schema: bestHours } } },
  { method: 'get', path: '/api/v1/analytics/daily', operationId: 'getAnalyticsDaily', summary: 'Daily totals per niche', scopes, query: dailyQuery,
    description: 'UTC days from..to inclusive, default the last 30 days.',
    responses: { 200: { description: 'Daily rows', schema: daily } } },
];

/** The analytics service's OpenAPI 3.1 document (public paths). */
export function analyticsOpenApi(): OpenApiDocument {
  return serviceDocument({
    service: 'analytics',
    version: '1.0.0',
    description: 'Read-only numbers about the pipeline: throughput, cost, engagement, experiments and the best hours to post.',
    operations,
  });
}
