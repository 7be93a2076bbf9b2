import { z } from 'zod';
import { LEADERBOARD_DIMENSIONS, LEADERBOARD_ORDERS } from '../domain/leaderboard';
import { DAY_MS } from '../domain/overview';
import { MAX_BUCKETS, TIME_SERIES_INTERVALS, TIME_SERIES_METRICS, type TimeSeriesInterval } from '../domain/time-series';

/*
 * Query strings of the analytics routes. Every value is checked for shape here (a problem per
 * bad parameter, all listed in one 400); the queries then bind them as parameters, so nothing from
 * a request is ever spliced into SQL. Unknown parameters are ignored.
 */

const time = () =>
  z.iso
    .datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2026-01-10T12:00:00Z' })
    .transform((value) => new Date(value));
const day = () => z.iso.date({ error: 'must be a day YYYY-MM-DD' });
const niche = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

interface OptionalRange {
  from?: Date;
  to?: Date;
}

/** Fills a missing `to` with now and a missing `from` with `to - spanMs`, then requires from < to. */
function withDefaultRange<T extends OptionalRange>(spanMs: number) {
  return (query: T, ctx: z.RefinementCtx): T & { from: Date; to: Date } => {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - spanMs);
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    return { ...query, from, to };
  };
}

function fromBeforeTo(query: OptionalRange, ctx: z.RefinementCtx): void {
  if (query.from && query.to && query.from >= query.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
}

const intervalNames = Object.keys(TIME_SERIES_INTERVALS) as [TimeSeriesInterval, ...TimeSeriesInterval[]];

/** GET /analytics/timeseries: from/to default to the last 24 hours, interval to hour. */
export const timeSeriesQuery = z
  .object({
    metric: z.enum(TIME_SERIES_METRICS),
    interval: z.enum(intervalNames).default('hour'),
    from: time().optional(),
    to: time().optional(),
    niche: niche().optional(),
  })
  .transform(withDefaultRange(DAY_MS))
  .superRefine((query, ctx) => {
    const buckets = Math.ceil((query.to.getTime() - query.from.getTime()) / TIME_SERIES_INTERVALS[query.interval]) + 1;
    if (query.from < query.to && buckets > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: `the range holds more than ${MAX_BUCKETS} ${query.interval} buckets: choose a wider interval` });
    }
  });

/** GET /analytics/leaderboards: from/to default to the last 7 days. */
export const leaderboardQuery = z
  .object({
    by: z.enum(LEADERBOARD_DIMENSIONS),
    orderBy: z.enum(LEADERBOARD_ORDERS).default('articles'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    from: time().optional(),
    to: time().optional(),
  })
  .transform(withDefaultRange(7 * DAY_MS));

/** GET /analytics/experiments: every experiment of the tenant unless one is named. */
export const experimentsQuery = z
  .object({
    // PostgreSQL text cannot hold NUL: refuse control characters here (400) rather than fail in the query (500).
    experimentId: z.string().trim().min(1).max(200).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters').optional(),
    from: time().optional(),
    to: time().optional(),
    confidence: z.coerce.number().gt(0.5).lt(1).default(0.95),
  })
  .superRefine(fromBeforeTo);

/** GET /analytics/best-hours: hours counted in `timeZone` (IANA, default UTC). */
export const bestHoursQuery = z
  .object({
    niche: niche().optional(),
    timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin').default('UTC'),
    minSamples: z.coerce.number().int().min(1).max(100_000).default(5),
    from: time().optional(),
    to: time().optional(),
  })
  .superRefine(fromBeforeTo);

/** GET /analytics/daily: UTC days from..to inclusive, default the last 30 days. */
export const dailyQuery = z
  .object({
    from: day().optional(),
    to: day().optional(),
    niche: niche().optional(),
  })
  .transform((query, ctx) => {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    else if (Date.parse(to) - Date.parse(from) > 3_660 * DAY_MS) ctx.addIssue({ code: 'custom', path: ['from'], message: 'the range may span at most 3660 days' });
    return { ...query, from, to };
  });

export type TimeSeriesQuery = z.output<typeof timeSeriesQuery>;
export type LeaderboardQuery = z.output<typeof leaderboardQuery>;
export type ExperimentsQuery = z.output<typeof experimentsQuery>;
export type BestHoursQuery = z.output<typeof bestHoursQuery>;
export type DailyQuery = z.output<typeof dailyQuery>;
