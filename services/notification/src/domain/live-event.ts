import type { ArticleSummarizedEvent, PostPublishedEvent } from '@pulse/contracts';

/** The events notification pushes to users and integrators. */
export type LiveEvent = ArticleSummarizedEvent | PostPublishedEvent;
export type LiveEventType = LiveEvent['type'];
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = ['article.summarized', 'post.published'];

/** What one client asked for; an empty list means "all". */
export interface LiveFilter {
  niches: readonly string[];
  events: readonly LiveEventType[];
}

export const MATCH_ALL: LiveFilter = { niches: [], events: [] };

export function isLiveEventType(value: string): value is LiveEventType {
  return (LIVE_EVENT_TYPES as readonly string[]).includes(value);
}

/** Whether an event passes a client's niche and event-type filter (tenant is checked by the hub, not here). */
export function matchesFilter(event: Pick<LiveEvent, 'type' | 'data'>, filter: LiveFilter): boolean {
  if (filter.events.length > 0 && !filter.events.includes(event.type)) return false;
  if (filter.niches.length > 0 && !filter.niches.includes(event.data.niche)) return false;
  return true;
}
