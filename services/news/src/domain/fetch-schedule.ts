/**
 * When to fetch a source next. Pure: callers pass `now` and, for jitter, `random`.
 * - After a success: the poll interval (configured, or adapted to the feed's posting rhythm).
 * - After a failure: exponential backoff, capped, with jitter so that sources failing together
 *   (one host down) do not retry together; a Retry-After from the server is a floor.
 */

export interface BackoffPolicy {
  /** Delay after the first failure. Default 60 s. */
  baseSeconds: number;
  /** Cap. Default 6 h. */
  maxSeconds: number;
  /** Growth per consecutive failure. Default 2. */
  multiplier: number;
  /** ± fraction of randomization. Default 0.2. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 60, maxSeconds: 6 * 3600, multiplier: 2, jitter: 0.2 };

/** Backoff delay after `consecutiveFailures` failures in a row (1 = first failure). */
export function backoffSeconds(consecutiveFailures: number, policy: Partial<BackoffPolicy> = {}, random: () => number = Math.random): number {
  const { baseSeconds, maxSeconds, multiplier, jitter } = { ...DEFAULT_BACKOFF, ...policy };
  const exponent = Math.max(0, consecutiveFailures - 1);
  const raw = Math.min(maxSeconds, baseSeconds * Math.pow(multiplier, exponent));
  const factor = 1 - jitter + 2 * jitter * Math.min(1, Math.max(0, random()));
  return Math.round(Math.min(maxSeconds, raw * factor));
}

export interface ScheduleDecision {
  consecutiveFailures: number;
  nextFetchAt: Date;
  delaySeconds: number;
}

/** After a failed fetch: one more failure, next attempt after backoff (or Retry-After, if longer). */
export function scheduleAfterFailure(args: {
  now: Date;
  previousFailures: number;
  retryAfterSeconds?: number;
  policy?: Partial<BackoffPolicy>;
  random?: () => number;
}): ScheduleDecision {
  const consecutiveFailures = args.previousFailures + 1;
  const backoff = backoffSeconds(consecutiveFailures, args.policy, args.random);
  const delaySeconds = Math.max(backoff, Math.ceil(args.retryAfterSeconds ?? 0));
  return { consecutiveFailures, delaySeconds, nextFetchAt: new Date(args.now.getTime() + delaySeconds * 1000) };
}

/** After a successful fetch (including 304): failures reset, next attempt after the poll interval. */
export function scheduleAfterSuccess(args: { now: Date; intervalSeconds: number }): ScheduleDecision {
  return { consecutiveFailures: 0, delaySeconds: args.intervalSeconds, nextFetchAt: new Date(args.now.getTime() + args.intervalSeconds * 1000) };
}

export interface PollIntervalOptions {
  minSeconds: number;
  maxSeconds: number;
  /** Used when the feed has fewer than two dated items. */
  fallbackSeconds: number;
  /**
   * When given, a feed that has been silent for longer than its usual rhythm slows down: the
   * interval is at least a quarter of the time since its newest item.
   */
  now?: Date;
  /** Only the newest items describe the current rhythm. Default 20. */
  sampleSize?: number;
}

/** Poll interval from the feed's posting rhythm: the median gap between its newest items, clamped to [min, max]. */
export function adaptivePollInterval(publishedDates: Array<Date | undefined>, options: PollIntervalOptions): number {
  const clamp = (seconds: number): number => Math.round(Math.min(options.maxSeconds, Math.max(options.minSeconds, seconds)));
  const times = [...new Set(publishedDates.filter((d): d is Date => d !== undefined).map((d) => d.getTime()))]
    .sort((a, b) => b - a)
    .slice(0, options.sampleSize ?? 20);
  if (times.length < 2) return clamp(options.fallbackSeconds);
  const gaps: number[] = [];
  for (let i = 0; i + 1 < times.length; i++) gaps.push((times[i]! - times[i + 1]!) / 1000);
  gaps.sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  const silence = options.now === undefined ? 0 : Math.max(0, (options.now.getTime() - times[0]!) / 1000);
  return clamp(Math.max(median, silence / 4));
}
