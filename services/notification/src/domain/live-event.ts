import type { ArticleSummarizedEvent, PostPublishedEvent } from '@pulse/contracts';

/** The events notification pushes to users and integrators. */
export type LiveEvent = ArticleSummarizedEvent | PostPublishedEvent;
export type LiveEventType = LiveEvent['type'];
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = ['article.summarized', 'post.published'];

/**
 * Told to a tenant's live clients (never to webhooks) when one of its webhook subscriptions was
 * disabled. Envelope-shaped like the events, so clients and the hub treat it alike; it has no niche.
 */
export interface WebhookDisabledNotice {
  specversion: '1.0';
  id: string;
  type: 'webhook.disabled';
  version: 1;
  source: 'pulse/notification';
  time: string;
  tenantId: string;
  data: { subscriptionId: string; url: string; reason: string; consecutiveFailures: number };
}

/** Everything the live hub carries: pipeline events and the service's own notices. */
export type LiveMessage = LiveEvent | WebhookDisabledNotice;
export type LiveMessageType = LiveMessage['type'];
export const LIVE_MESSAGE_TYPES: readonly LiveMessageType[] = [...LIVE_EVENT_TYPES, 'webhook.disabled'];

/** What one client asked for; an empty list means "all". */
export interface LiveFilter {
  niches: readonly string[];
  events: readonly LiveMessageType[];
}

export const MATCH_ALL: LiveFilter = { niches: [], events: [] };

export function isLiveEventType(value: string): value is LiveEventType {
  return (LIVE_EVENT_TYPES as readonly string[]).includes(value);
}

export function isLiveMessageType(value: string): value is LiveMessageType {
  return (LIVE_MESSAGE_TYPES as readonly string[]).includes(value);
}

/**
 * Whether a message passes a client's niche and event-type filter (tenant is checked by the hub, not
 * here). Notices carry no niche: a niche filter does not hide them, an event-type filter does.
 */
export function matchesFilter(event: Pick<LiveMessage, 'type' | 'data'>, filter: LiveFilter): boolean {
  if (filter.events.length > 0 && !filter.events.includes(event.type)) return false;
  const niche = 'niche' in event.data ? event.data.niche : undefined;
  if (niche !== undefined && filter.niches.length > 0 && !filter.niches.includes(niche)) return false;
  return true;
}
