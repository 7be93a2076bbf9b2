import type { DataSource } from 'typeorm';
import { inbox, type EventHandler } from '@pulse/event-bus';
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
 * Applies one pipeline event once (inbox): queue a delivery per matching webhook subscription (a
 * digest subscription queues the event for its window instead) and push it live to the tenant. The
 * live publish runs inside the inbox transaction, so a failed publish rolls the event back for a
 * retry; a publish that went out before a failed commit is harmless, the hub skips an event id it
 * already published.
 */
export function liveEventHandler<E extends LiveEvent>({ dataSource, hub, deliveries, metrics, onDeliveriesQueued }: LiveEventHandlerDeps): EventHandler<E> {
  const pushed = metrics.counter({ name: 'pulse_live_events_total', help: 'Events pushed to live clients, by type', labelNames: ['type'] as const });
  const queued = metrics.counter({ name: 'pulse_webhook_deliveries_queued_total', help: 'Webhook deliveries created, by event type', labelNames: ['type'] as const });
  const digested = metrics.counter({ name: 'pulse_webhook_digest_events_queued_total', help: 'Events queued for a digest window, by event type', labelNames: ['type'] as const });
  return async (event, delivery) => {
    const outcome = await dataSource.transaction((manager) =>
      inbox.runOnce(manager, delivery.groupId, event.id, async (tx) => {
        const queuedNow = await deliveries.enqueueForEvent(tx, event);
        const { duplicate } = await hub.publish(event);
        if (!duplicate) pushed.inc({ type: event.type });
        return queuedNow;
      }),
    );
    if (!outcome.applied) return;
    if (outcome.result.digestItems > 0) digested.inc({ type: event.type }, outcome.result.digestItems);
    if (outcome.result.deliveries > 0) {
      queued.inc({ type: event.type }, outcome.result.deliveries);
      onDeliveriesQueued();
    }
  };
}
