/** How a failed webhook delivery is retried. */
export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Cap of the exponential window before jitter: base * 2^(attempt-1). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A receiver's Retry-After is honoured up to this, so one receiver cannot park a delivery forever. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * The wait before attempt `failedAttempt + 1`, or undefined when no attempt is left.
 * Full jitter (uniform in [0, window]) spreads retries of many deliveries that failed together;
 * a Retry-After from the receiver is a lower bound.
 */
export function nextRetryDelay(
  failedAttempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  { retryAfterMs, random = Math.random }: { retryAfterMs?: number; random?: () => number } = {},
): number | undefined {
  if (failedAttempt >= policy.maxAttempts) return undefined;
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  const jittered = Math.floor(random() * window);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
