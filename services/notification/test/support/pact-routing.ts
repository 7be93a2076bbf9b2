import type { ArticleSummarizedEvent, PostPublishedEvent } from '@pulse/contracts';
import { matchesFilter, subscriptionWants, type WebhookSubscription } from '../../src/domain';

type NotifiedEvent = ArticleSummarizedEvent | PostPublishedEvent;

/**
 * What notification's consumer pacts can check of an event short of I/O: the routing
 * liveEventHandler relies on, for a tenant `acme` subscribed to `type` events of the `technology`
 * niche. subscriptionWants is the rule enqueueForEvent's SQL applies (webhooks), matchesFilter the
 * one for live clients; the delivery rows and the Redis stream need PostgreSQL and Redis.
 */
export function routeAsNotificationDoes<E extends NotifiedEvent>(type: E['type']): (event: E) => { event: E; webhook: boolean; live: boolean } {
  const subscription: WebhookSubscription = {
    id: 'sub-1', tenantId: 'acme', url: 'https://hooks.example/pulse', secret: 's', events: [type], niches: ['technology'], enabled: true,
  };
  return (event) => ({ event, webhook: subscriptionWants(subscription, event), live: matchesFilter(event, { niches: ['technology'], events: [type] }) });
}
