/**
 * Maps an HTTP exchange's failures to the shared error taxonomy: 429/503/5xx/408/425 and network
 * failures are retriable (with Retry-After), other 4xx and the guard's refusals are permanent.
 */
import { PermanentError, RetriableError, describeError } from '@pulse/errors';
import { parseRetryAfter } from './retry-after';
import { findSsrfRefusal } from './ssrf-guard';

/** The error a non-2xx status stands for. */
export function statusError(status: number, url: string, retryAfter: string | undefined): Error {
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const details = { url, status };
  const extra = retryAfterSeconds === undefined ? { details } : { details, retryAfterSeconds };
  if (status === 429) return new RetriableError(`${url} answered 429 Too Many Requests`, { code: 'upstream-rate-limited', ...extra });
  if (status === 503) return new RetriableError(`${url} answered 503 Service Unavailable`, { code: 'upstream-unavailable', ...extra });
  if (status >= 500 || status === 408 || status === 425) return new RetriableError(`${url} answered ${status}`, { code: 'upstream-error', ...extra });
  if (status === 404 || status === 410) return new PermanentError(`${url} answered ${status}: not found`, { code: 'upstream-not-found', details });
  if (status === 401 || status === 403) return new PermanentError(`${url} answered ${status}: access denied`, { code: 'upstream-unauthorized', details });
  if (status >= 300 && status < 400) return new PermanentError(`${url} answered ${status} without a Location`, { code: 'bad-redirect', details });
  return new PermanentError(`${url} answered ${status}`, { code: 'upstream-rejected', details });
}

/** Turns whatever a request threw into a PulseError; `timedOut` says the exchange's deadline passed. */
export function translateError(error: unknown, url: string, timedOut: boolean, timeoutMs: number): Error {
  // undici may wrap the guard's refusal from the socket's lookup; surface the refusal itself.
  const refusal = findSsrfRefusal(error);
  if (refusal) return refusal;
  if (error instanceof PermanentError || error instanceof RetriableError) return error;
  if (timedOut) return new RetriableError(`Fetching ${url} timed out after ${timeoutMs} ms`, { code: 'timeout', cause: error, details: { url } });
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_CHAR') {
    return new PermanentError(`The request to ${url} is invalid: ${describeError(error)}`, { code: 'invalid-request', cause: error, details: { url } });
  }
  // Everything else is the network's doing (refused, reset, DNS, TLS): worth another try later.
  return new RetriableError(`Fetching ${url} failed: ${describeError(error)}`, { code: 'network-error', cause: error, details: { url } });
}
