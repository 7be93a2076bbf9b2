import type { Rng } from './rng';

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. Default 30 s. */
  baseSeconds?: number;
  /** Longest delay. Default 1 h. */
  capSeconds?: number;
  /** What the platform asked for (Retry-After and friends); never retry sooner. */
  retryAfterSeconds?: number;
}

/**
 * Seconds to wait before retry number `attempt` (1-based): exponential, capped, with "equal
 * jitter" (half fixed, half random) so replicas that failed together do not retry together.
 */
export function retryDelaySeconds(attempt: number, rng: Rng, options: BackoffOptions = {}): number {
  const base = options.baseSeconds ?? 30;
  const cap = options.capSeconds ?? 3600;
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + rng() * (exponential / 2);
  return Math.max(jittered, Math.min(options.retryAfterSeconds ?? 0, cap * 24));
}

/** When to try again after a retriable failure. */
export function nextRetryAt(now: Date, attempt: number, rng: Rng, options: BackoffOptions = {}): Date {
  return new Date(now.getTime() + Math.round(retryDelaySeconds(attempt, rng, options) * 1000));
}
