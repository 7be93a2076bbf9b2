import type { DeliveryResultKind } from './auto-disable';
import type { AttemptOutcome } from './delivery-classification';
import { nextRetryDelay, type RetryPolicy } from './retry-policy';

/** Where a delivery stands after one attempt. */
export type DeliveryProgress =
  | { status: 'pending'; retryInMs: number }
  | { status: 'delivered' | 'failed' | 'dead'; result: DeliveryResultKind };

/**
 * The next state of a delivery after attempt number `attemptInRound` (1-based within the current
 * round) ended with `outcome`: delivered; failed for good (410 is `gone`, which also disables the
 * subscription); retried after nextRetryDelay; or dead once the round's attempts are used up.
 */
export function progressAfterAttempt(
  outcome: AttemptOutcome,
  attemptInRound: number,
  policy: RetryPolicy,
  { retryAfterMs, random }: { retryAfterMs?: number; random?: () => number } = {},
): DeliveryProgress {
  if (outcome === 'delivered') return { status: 'delivered', result: 'delivered' };
  if (outcome === 'gone') return { status: 'failed', result: 'gone' };
  if (outcome === 'permanent') return { status: 'failed', result: 'failed' };
  const delay = nextRetryDelay(attemptInRound, policy, { ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(random ? { random } : {}) });
  if (delay === undefined) return { status: 'dead', result: 'failed' };
  return { status: 'pending', retryInMs: delay };
}
