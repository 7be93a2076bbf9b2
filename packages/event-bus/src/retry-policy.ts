/** How a consumer retries a retriable failure before dead-lettering it. */
export interface RetryPolicy {
  /** Total handler attempts, the first included (>= 1). */
  attempts: number;
  /** Delay before the second attempt. */
  initialMs: number;
  /** Ceiling of any delay. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialMs: 200, maxMs: 10_000 };

/**
 * Delay before attempt `attempt + 1`: exponential from initialMs, capped at maxMs, with "full
 * jitter" (uniform in [cap/2, cap]) so replicas retrying the same dependency spread out.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}
