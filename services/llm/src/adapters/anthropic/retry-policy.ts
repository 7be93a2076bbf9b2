import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { PermanentError, PulseError, RateLimitedError, RetriableError } from '@pulse/errors';

/**
 * Our own retry loop (the SDK's is switched off with maxRetries: 0) because every attempt must
 * pass through the circuit breaker, the token bucket and the concurrency limit, and because the
 * SDK silently replaces a `retry-after` of a minute or more with its own short backoff. Here a
 * server-given delay is always honoured; when it is longer than we are willing to wait, we stop
 * and report a RateLimitedError with that delay instead of hammering the API.
 */
export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Exponential backoff base when the server gives no delay. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest server-requested delay we wait out; a longer one ends the retries. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

export interface AttemptFailure {
  retriable: boolean;
  status?: number;
  /** Delay the server asked for, from `retry-after-ms` or `retry-after` (seconds or HTTP date). */
  retryAfterMs?: number;
}

const RETRIABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/** Delay requested by response headers, if any. */
export function retryAfterFromHeaders(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Whether a failed attempt may be retried, and after how long the server wants us to wait. */
export function classifyFailure(error: unknown): AttemptFailure {
  if (error instanceof APIUserAbortError) return { retriable: false };
  if (error instanceof APIConnectionError) return { retriable: true };
  if (error instanceof APIError) {
    const status = error.status;
    const shouldRetry = error.headers?.get('x-should-retry');
    const retriable = shouldRetry === 'true' || (shouldRetry !== 'false' && status !== undefined && (RETRIABLE_STATUS.has(status) || status >= 500));
    const retryAfterMs = retryAfterFromHeaders(error.headers);
    return { retriable, ...(status === undefined ? {} : { status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (error instanceof PulseError) return { retriable: false }; // e.g. the open breaker: do not spin on it
  return { retriable: false };
}

/** Full-jitter exponential backoff for attempt `n` (1-based). */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Maps an SDK failure onto the shared error taxonomy (retriable vs permanent). */
export function toPulseError(error: unknown): PulseError {
  if (error instanceof PulseError) return error;
  const failure = classifyFailure(error);
  const message = error instanceof Error ? error.message : String(error);
  if (failure.status === 429) return new RateLimitedError(Math.ceil((failure.retryAfterMs ?? 1000) / 1000));
  if (error instanceof APIConnectionTimeoutError) return new RetriableError(`Anthropic API timed out: ${message}`, { code: 'anthropic-timeout', cause: error });
  if (failure.retriable) {
    return new RetriableError(`Anthropic API unavailable: ${message}`, {
      code: 'anthropic-unavailable',
      cause: error,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(failure.retryAfterMs / 1000) }),
    });
  }
  return new PermanentError(`Anthropic API rejected the request: ${message}`, { code: 'anthropic-rejected', status: 502, cause: error });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails permanently, or attempts run out; throws a PulseError. */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
  onRetry?: (info: { attempt: number; delayMs: number; failure: AttemptFailure }) => void,
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      const failure = classifyFailure(error);
      if (!failure.retriable || n >= options.maxAttempts) throw toPulseError(error);
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > options.maxRetryAfterMs) throw toPulseError(error);
      const delayMs = failure.retryAfterMs ?? backoffDelay(n, options);
      onRetry?.({ attempt: n, delayMs, failure });
      await sleep(delayMs);
    }
  }
}
