import { progressAfterAttempt } from '../src/domain/delivery-progress';
import type { RetryPolicy } from '../src/domain/retry-policy';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

describe('delivery progress after an attempt', () => {
  it('finishes a delivery on 2xx and counts it as a success for the subscription', () => {
    expect(progressAfterAttempt('delivered', 1, policy)).toEqual({ status: 'delivered', result: 'delivered' });
  });

  it('fails a delivery for good on a permanent answer, and reports 410 as gone', () => {
    expect(progressAfterAttempt('permanent', 1, policy)).toEqual({ status: 'failed', result: 'failed' });
    expect(progressAfterAttempt('gone', 1, policy)).toEqual({ status: 'failed', result: 'gone' });
  });

  it('schedules a retriable failure with the jittered backoff of its attempt in the round', () => {
    expect(progressAfterAttempt('retriable', 1, policy, { random: () => 0.5 })).toEqual({ status: 'pending', retryInMs: 500 });
    expect(progressAfterAttempt('retriable', 2, policy, { random: () => 0.5 })).toEqual({ status: 'pending', retryInMs: 1_000 });
  });

  it('honours Retry-After as a lower bound', () => {
    expect(progressAfterAttempt('retriable', 1, policy, { random: () => 0, retryAfterMs: 30_000 })).toEqual({ status: 'pending', retryInMs: 30_000 });
  });

  it('declares a delivery dead once the round used every attempt', () => {
    expect(progressAfterAttempt('retriable', 3, policy)).toEqual({ status: 'dead', result: 'failed' });
  });
});
