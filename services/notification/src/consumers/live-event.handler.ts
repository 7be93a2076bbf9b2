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
 * Applies a batch of pipeline events (the bus's batch mode: one partition's fetch) once each per
 * consumer group: queue a delivery per matching webhook subscription (a digest subscription queues
 * the event for its window instead) and push the events live to their tenants. Three round trips per
 * batch, whatever its size:
 *
 * 1. read which events the group's inbox has not seen (a redelivery is skipped here);
 * 2. publish those live (Redis; idempotent per event id: an id an earlier attempt already
 *    published is not pushed again);
 * 3. ONE statement records their inbox rows and queues their deliveries (atomic on its own, so no
 *    explicit transaction: BEGIN and COMMIT would double the database round trips, and on this
 *    kind of machine each round trip costs more CPU than the statement).
 *
 * Publishing before recording is what makes a failure safe: a failed publish records nothing and the
 * bus retries; a failed statement after a publish is retried too, and the publish is then a no-op.
 * Two replicas racing on one batch (a rebalance) both publish (deduplicated) and only one statement
 * records each id, so deliveries are queued once.
 */
export function liveEventHandler<E extends LiveEvent>({ dataSource, hub, deliveries, metrics, onDeliveriesQueued }: LiveEventHandlerDeps): BatchEventHandler<E> {
  const pushed = metrics.counter({ name: 'pulse_live_events_total', help: 'Events pushed to live clients, by type', labelNames: ['type'] as const });
  const queued = metrics.counter({ name: 'pulse_webhook_deliveries_queued_total', help: 'Webhook deliveries created, by event type', labelNames: ['type'] as const });
  const digested = metrics.counter({ name: 'pulse_webhook_digest_events_queued_total', help: 'Events queued for a digest window, by event type', labelNames: ['type'] as const });
  return async (items) => {
    if (items.length === 0) return;
    const group = items[0]!.delivery.groupId;
    const manager = dataSource.manager;
    const pending = new Set(await inbox.pending(manager, group, items.map((item) => item.event.id)));
    // Each id once, in offset order (a repeat inside the batch is a redelivery).
    const events = items.map((item) => item.event).filter((event) => pending.delete(event.id));
    if (events.length === 0) return;
    const published = await hub.publishMany(events);
    const counts = await deliveries.applyEvents(manager, group, events);
    events.forEach((event, i) => { if (!published[i]!.duplicate) pushed.inc({ type: event.type }); });
    for (const [type, n] of Object.entries(counts.digestItems)) digested.inc({ type }, n);
    const queuedNow = Object.entries(counts.deliveries);
    for (const [type, n] of queuedNow) queued.inc({ type }, n);
    if (queuedNow.some(([, n]) => n > 0)) onDeliveriesQueued();
  };
}
