import type { LiveEventType } from './live-event';

/** What delivery needs to know about a tenant's webhook subscription (the db entity maps onto this). */
export interface WebhookSubscription {
  id: string;
  tenantId: string;
  url: string;
  /** HMAC secret; receivers verify Pulse-Signature with it. */
  secret: string;
  /** Event types delivered; empty means all. */
  events: readonly LiveEventType[];
  /** Niches delivered; empty means all. */
  niches?: readonly string[];
  enabled: boolean;
  /** Batch events per window of this many ms into one digest payload; unset means one request per event. */
  digestWindowMs?: number;
}

/** Whether an event should be delivered to a subscription (tenant, enabled, type and niche). */
export function subscriptionWants(
  subscription: WebhookSubscription,
  event: { tenantId: string; type: string; data: { niche: string } },
): boolean {
  if (!subscription.enabled || subscription.tenantId !== event.tenantId) return false;
  if (subscription.events.length > 0 && !(subscription.events as readonly string[]).includes(event.type)) return false;
  if (subscription.niches && subscription.niches.length > 0 && !subscription.niches.includes(event.data.niche)) return false;
  return true;
}
