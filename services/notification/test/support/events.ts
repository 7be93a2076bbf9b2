import { randomUUID } from 'node:crypto';
import { sampleEvents } from '@pulse/contracts';
import type { LiveEvent } from '../../src/domain/live-event';

/** A valid event envelope for tests, with a fresh id. */
export function liveEvent(overrides: { tenantId?: string; niche?: string; type?: LiveEvent['type']; padding?: number } = {}): LiveEvent {
  const type = overrides.type ?? 'article.summarized';
  const base = type === 'article.summarized' ? sampleEvents.articleSummarized : sampleEvents.postPublished;
  const event = structuredClone(base) as LiveEvent;
  event.id = randomUUID();
  event.tenantId = overrides.tenantId ?? 'acme';
  event.data.niche = overrides.niche ?? 'technology';
  event.time = new Date().toISOString();
  // Large payloads make a non-reading client overflow its buffer quickly.
  if (overrides.padding) (event.data as { title: string }).title = 'x'.repeat(overrides.padding);
  return event;
}
