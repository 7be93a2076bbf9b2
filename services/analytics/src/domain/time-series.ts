import { ValidationError } from '@pulse/errors';

export const TIME_SERIES_METRICS = ['articles', 'summaries', 'posts', 'cost', 'engagement'] as const;
export type TimeSeriesMetric = (typeof TIME_SERIES_METRICS)[number];

/** Bucket widths; buckets are aligned to UTC (a `day` bucket starts at 00:00 UTC). */
export const TIME_SERIES_INTERVALS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type TimeSeriesInterval = keyof typeof TIME_SERIES_INTERVALS;

/** A chart never needs more points than this; larger requests are refused rather than slow. */
export const MAX_BUCKETS = 10_000;

export interface TimeSeriesRequest {
  metric: TimeSeriesMetric;
  /** Inclusive start; the first bucket is the one containing it. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  interval: TimeSeriesInterval;
  niche?: string;
}

export interface TimeSeriesPoint {
  /** Bucket start, RFC 3339. */
  t: string;
  value: number;
}

export interface TimeSeries {
  metric: TimeSeriesMetric;
  interval: TimeSeriesInterval;
  from: string;
  to: string;
  niche: string | null;
  points: TimeSeriesPoint[];
}

/** Throws a ValidationError listing everything wrong with a time series request. */
export function validateTimeSeriesRequest(request: TimeSeriesRequest): void {
  const errors: string[] = [];
  if (!TIME_SERIES_METRICS.includes(request.metric)) errors.push(`metric must be one of ${TIME_SERIES_METRICS.join(', ')}`);
  const step = TIME_SERIES_INTERVALS[request.interval];
  if (step === undefined) errors.push(`interval must be one of ${Object.keys(TIME_SERIES_INTERVALS).join(', ')}`);
  const from = request.from.getTime();
  const to = request.to.getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) errors.push('from and to must be valid times');
  else if (from >= to) errors.push('from must be before to');
  else if (step !== undefined && Math.ceil((to - from) / step) + 1 > MAX_BUCKETS) {
    errors.push(`the range holds more than ${MAX_BUCKETS} ${request.interval} buckets: choose a wider interval`);
  }
  if (errors.length > 0) throw new ValidationError('Invalid time series request', errors);
}
