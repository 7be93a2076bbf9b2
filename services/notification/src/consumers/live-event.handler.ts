import type { DataSource } from 'typeorm';
import { inbox, type BatchEventHandler } from '@pulse/event-bus';
import type { Metrics } from '@pulse/observability';
import type { LiveEvent } from '../domain/live-event';
import type { LiveHub } from '../adapters/stream/live-hub';
import type { DeliveryRepository } from '../adapters/db/delivery.repository';

export interface LiveEventHandlerDeps {
  dataSource: DataSource;
  hub: LiveHub;
  deliveries: DeliveryRepository;
  metrics: Metrics;
  /** Wakes the webhook dispatcher once new deliveries are committed. */
  onDeliveriesQueued: () => void;
}

/**
 * Applies a batch of pipeline events (the bus's batch mode: one partition's fetch) once each
 * (inbox): queue a delivery per matching webhook subscription (a digest subscription queues the
 * event for its window instead) and push the events live to their tenants. Per batch that is one
 * transaction holding one inbox statement and one enqueue statement, and one Redis round trip for
 * the live push, instead of all of it per event.
 *
 * The live publish runs inside the inbox transaction, so a failed publish rolls the whole batch back
 * for a retry (the bus then retries its events one by one); a publish that went out before a failed
 * commit is harmless, the hub skips an event id it already published.
 */
export function liveEventHandler<E extends LiveEvent>({ dataSource, hub, deliveries, metrics, onDeliveriesQueued }: LiveEventHandlerDeps): BatchEventHandler<E> {
  const pushed = metrics.counter({ name: 'pulse_live_events_total', help: 'Events pushed to live clients, by type', labelNames: ['type'] as const });
  const queued = metrics.counter({ name: 'pulse_webhook_deliveries_queued_total', help: 'Webhook deliveries created, by event type', labelNames: ['type'] as const });
  const digested = metrics.counter({ name: 'pulse_webhook_digest_events_queued_total', help: 'Events queued for a digest window, by event type', labelNames: ['type'] as const });
  return async (items) => {
    if (items.length === 0) return;
    const group = items[0]!.delivery.groupId;
    const outcome = await dataSource.transaction((manager) =>
      inbox.runBatchOnce(manager, group, items.map((item) => item.event.id), async (tx, applied) => {
        const fresh = new Set(applied);
        // Each id once, in offset order (a repeat inside the batch is a redelivery).
        const events = items.map((item) => item.event).filter((event) => fresh.delete(event.id));
        const counts = await deliveries.enqueueForEvents(tx, events);
        const published = await hub.publishMany(events);
        return { counts, pushedTypes: events.filter((_, i) => !published[i]!.duplicate).map((event) => event.type) };
      }),
    );
    const result = outcome.result;
    if (!result) return;
    for (const type of result.pushedTypes) pushed.inc({ type });
    for (const [type, n] of Object.entries(result.counts.digestItems)) digested.inc({ type }, n);
    const queuedNow = Object.entries(result.counts.deliveries);
    for (const [type, n] of queuedNow) queued.inc({ type }, n);
    if (queuedNow.some(([, n]) => n > 0)) onDeliveriesQueued();
  };
}
