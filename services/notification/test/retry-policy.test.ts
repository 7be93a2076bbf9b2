import { DEFAULT_RETRY_POLICY, nextRetryDelay, parseRetryAfter, type RetryPolicy } from '../src/domain/retry-policy';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 60_000 };

describe('retry policy', () => {
  it('draws each delay uniformly from [0, base * 2^(attempt-1)] capped at maxDelay (full jitter)', () => {
    expect(nextRetryDelay(1, policy, { random: () => 0.999999 })).toBe(999);
    expect(nextRetryDelay(2, policy, { random: () => 0.999999 })).toBe(1999);
    expect(nextRetryDelay(3, policy, { random: () => 0.999999 })).toBe(3999);
    expect(nextRetryDelay(4, policy, { random: () => 0.999999 })).toBe(4999);
    expect(nextRetryDelay(3, policy, { random: () => 0 })).toBe(0);
    expect(nextRetryDelay(3, policy, { random: () => 0.5 })).toBe(2000);
  });

  it('stays within bounds for random draws', () => {
    for (let attempt = 1; attempt < 5; attempt += 1) {
      const window = Math.min(5000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i += 1) {
        const delay = nextRetryDelay(attempt, policy)!;
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(window);
      }
    }
  });

  it('gives up after the last attempt', () => {
    expect(nextRetryDelay(4, policy)).toBeDefined();
    expect(nextRetryDelay(5, policy)).toBeUndefined();
    expect(nextRetryDelay(DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY)).toBeUndefined();
  });

  it('waits at least what Retry-After asks, up to its cap', () => {
    expect(nextRetryDelay(1, policy, { retryAfterMs: 30_000, random: () => 0.5 })).toBe(30_000);
    expect(nextRetryDelay(1, policy, { retryAfterMs: 10 * 60_000, random: () => 0.5 })).toBe(60_000);
    expect(nextRetryDelay(4, policy, { retryAfterMs: 100, random: () => 0.5 })).toBe(2500);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
