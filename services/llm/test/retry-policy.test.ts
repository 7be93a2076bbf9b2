import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { RateLimitedError } from '@pulse/errors';
import { backoffDelay, classifyFailure, retryAfterFromHeaders, toPulseError, withRetry } from '../src/adapters/anthropic/retry-policy';

const apiError = (status: number, headers: Record<string, string> = {}): APIError =>
  APIError.generate(status, { type: 'error', error: { type: 'x', message: 'm' } }, 'm', new Headers(headers));

describe('retry policy', () => {
  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3_000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });

  it('retries 429, 500, 529 and connection failures but not 400 or 401', () => {
    expect(classifyFailure(apiError(429, { 'retry-after': '2' }))).toEqual({ retriable: true, status: 429, retryAfterMs: 2_000 });
    expect(classifyFailure(apiError(529)).retriable).toBe(true);
    expect(classifyFailure(apiError(500)).retriable).toBe(true);
    expect(classifyFailure(new APIConnectionError({ message: 'reset' })).retriable).toBe(true);
    expect(classifyFailure(apiError(400)).retriable).toBe(false);
    expect(classifyFailure(apiError(401)).retriable).toBe(false);
  });

  it('backs off exponentially with jitter up to the cap', () => {
    const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1_000);
  });

  it('stops at once on a permanent failure and maps a final 429 to RateLimitedError', async () => {
    let calls = 0;
    const options = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 100 };
    await expect(withRetry(async () => { calls += 1; throw apiError(400); }, options)).rejects.toMatchObject({ retriable: false, code: 'anthropic-rejected' });
    expect(calls).toBe(1);
    await expect(withRetry(async () => { throw apiError(429, { 'retry-after': '60' }); }, options)).rejects.toBeInstanceOf(RateLimitedError);
    expect(toPulseError(apiError(429, { 'retry-after': '7' }))).toMatchObject({ retryAfterSeconds: 7 });
  });

  it('gives up after the configured attempts on repeated 5xx', async () => {
    let calls = 0;
    const options = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 100 };
    await expect(withRetry(async () => { calls += 1; throw apiError(503); }, options)).rejects.toMatchObject({ retriable: true, code: 'anthropic-unavailable' });
    expect(calls).toBe(3);
  });
});
