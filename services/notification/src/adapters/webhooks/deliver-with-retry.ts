import type { DeliveryResultKind } from '../../domain/auto-disable';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from '../../domain/retry-policy';
import type { WebhookSubscription } from '../../domain/webhook-subscription';
import { deliverWebhook, type AttemptResult, type DeliveryOptions, type WebhookPayload } from './webhook-delivery';

export interface RetryOptions extends Omit<DeliveryOptions, 'attempt'> {
  policy?: RetryPolicy;
  /** Called after every attempt, e.g. to write the delivery log. */
  onAttempt?: (result: AttemptResult) => void | Promise<void>;
  /** Waits between attempts; tests and schedulers may replace it. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  deliver?: typeof deliverWebhook;
}

export interface DeliveryReport {
  result: DeliveryResultKind;
  attempts: AttemptResult[];
}

/**
 * Delivers one payload with retries: retriable outcomes wait per the policy (full jitter, Retry-After
 * honoured) and try again; a 2xx, a 410 or a permanent failure ends it. The result feeds
 * decideSubscriptionHealth.
 */
export async function deliverWithRetry(subscription: WebhookSubscription, payload: WebhookPayload, options: RetryOptions): Promise<DeliveryReport> {
  const { policy = DEFAULT_RETRY_POLICY, onAttempt, sleep = defaultSleep, random, deliver = deliverWebhook, ...deliveryOptions } = options;
  const attempts: AttemptResult[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const result = await deliver(subscription, payload, { ...deliveryOptions, attempt });
    attempts.push(result);
    await onAttempt?.(result);
    if (result.outcome === 'delivered') return { result: 'delivered', attempts };
    if (result.outcome === 'gone') return { result: 'gone', attempts };
    if (result.outcome === 'permanent') return { result: 'failed', attempts };
    const delay = nextRetryDelay(attempt, policy, { ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }), ...(random ? { random } : {}) });
    if (delay === undefined) return { result: 'failed', attempts };
    await sleep(delay);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
