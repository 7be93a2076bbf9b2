import { createHash } from 'node:crypto';
import type { LiveEvent } from './live-event';

/** One webhook payload carrying every event of one subscription's window. */
export interface DigestPayload {
  /** Deterministic per subscription and window, so a re-sent digest has the same id (receiver idempotency). */
  id: string;
  type: 'digest';
  tenantId: string;
  windowStart: string;
  windowEnd: string;
  events: LiveEvent[];
}

export interface PendingDigestItem {
  subscriptionId: string;
  event: LiveEvent;
  /** When the event was queued for this subscription; defaults to the event's own time. */
  at?: Date;
}

export interface Digest {
  subscriptionId: string;
  windowStartMs: number;
  payload: DigestPayload;
}

/**
 * Groups queued events into one digest per subscription per window (windows aligned to the epoch,
 * so every replica computes the same boundaries). Events keep time order; a redelivered event
 * (same id) appears once.
 */
export function groupIntoDigests(items: readonly PendingDigestItem[], windowMs: number): Digest[] {
  const groups = new Map<string, { subscriptionId: string; windowStartMs: number; events: Map<string, { event: LiveEvent; atMs: number }> }>();
  for (const item of items) {
    const atMs = (item.at ?? new Date(item.event.time)).getTime();
    const windowStartMs = Math.floor(atMs / windowMs) * windowMs;
    const key = `${item.subscriptionId}\u0000${windowStartMs}`;
    let group = groups.get(key);
    if (!group) {
      group = { subscriptionId: item.subscriptionId, windowStartMs, events: new Map() };
      groups.set(key, group);
    }
    if (!group.events.has(item.event.id)) group.events.set(item.event.id, { event: item.event, atMs });
  }
  return [...groups.values()]
    .sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId) || a.windowStartMs - b.windowStartMs)
    .map((group) => {
      const events = [...group.events.values()].sort((a, b) => a.atMs - b.atMs).map((entry) => entry.event);
      return {
        subscriptionId: group.subscriptionId,
        windowStartMs: group.windowStartMs,
        payload: {
          id: digestId(group.subscriptionId, group.windowStartMs),
          type: 'digest',
          tenantId: events[0]!.tenantId,
          windowStart: new Date(group.windowStartMs).toISOString(),
          windowEnd: new Date(group.windowStartMs + windowMs).toISOString(),
          events,
        },
      };
    });
}

/** Whether a window has ended at `nowMs`, i.e. its digest may be sent. */
export function isWindowClosed(windowStartMs: number, windowMs: number, nowMs: number): boolean {
  return nowMs >= windowStartMs + windowMs;
}

/** A uuid-shaped (version 8, name-based) id derived from subscription and window start. */
export function digestId(subscriptionId: string, windowStartMs: number): string {
  const hex = createHash('sha256').update(`digest:${subscriptionId}:${windowStartMs}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
