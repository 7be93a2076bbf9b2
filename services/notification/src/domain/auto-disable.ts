/** Final outcome of one delivery (after its retries), as the subscription's health sees it. */
export type DeliveryResultKind = 'delivered' | 'failed' | 'gone';

export interface SubscriptionHealth {
  consecutiveFailures: number;
}

export type HealthDecision =
  | { consecutiveFailures: number; disable: false }
  | { consecutiveFailures: number; disable: true; reason: 'gone' | 'too-many-failures' };

export const DEFAULT_DISABLE_AFTER = 10;

/**
 * Updates a subscription's failure streak after a finished delivery and says whether to disable it:
 * at once on 410 Gone, or after `disableAfter` consecutive failed deliveries; a success resets the streak.
 */
export function decideSubscriptionHealth(
  health: SubscriptionHealth,
  result: DeliveryResultKind,
  disableAfter = DEFAULT_DISABLE_AFTER,
): HealthDecision {
  if (result === 'delivered') return { consecutiveFailures: 0, disable: false };
  const consecutiveFailures = health.consecutiveFailures + 1;
  if (result === 'gone') return { consecutiveFailures, disable: true, reason: 'gone' };
  if (consecutiveFailures >= disableAfter) return { consecutiveFailures, disable: true, reason: 'too-many-failures' };
  return { consecutiveFailures, disable: false };
}
