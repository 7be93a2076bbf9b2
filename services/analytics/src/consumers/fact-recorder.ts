import type { DataSource } from 'typeorm';
import type { AnyEvent } from '@pulse/contracts';
import { describeError, PulseError, RetriableError } from '@pulse/errors';
import type { EventHandler } from '@pulse/event-bus';
import { recordEvent } from '../adapters/db';
import type { AnalyticsEvent } from '../domain/analytics-event';
import { toFactRow } from '../domain/fact-row';
import type { AnalyticsMetrics } from '../metrics/analytics-metrics';

export interface FactRecorderDeps {
  dataSource: DataSource;
  metrics: AnalyticsMetrics;
}

/**
 * The handler every analytics consumer shares: store the event as a fact, then count it.
 *
 * Idempotency comes from the facts table itself rather than the bus inbox: its key is
 * (event_id, occurred_at) and recordEvent's single INSERT ... ON CONFLICT DO NOTHING statement
 * (with the idempotent article-source and post-outcome upserts) commits atomically on its own.
 * An inbox row would add a second write and a transaction per event for no extra guarantee, and
 * ingest throughput is what analytics is measured on. Counters move only after the commit and
 * only for a new fact, so a redelivery changes neither the tables nor Prometheus.
 *
 * An event that cannot be stored is a ValidationError (dead-lettered at once); any other failure
 * (connection lost, pool exhausted, lock timeout) is treated as transient and retried, since
 * TypeORM reports many of those without a code the error taxonomy would recognise.
 */
export function factRecorder<E extends AnyEvent>({ dataSource, metrics }: FactRecorderDeps): EventHandler<E> {
  return async (received) => {
    const event = received as unknown as AnalyticsEvent;
    const fact = toFactRow(event);
    let isNew: boolean;
    try {
      isNew = await recordEvent(dataSource.manager, event);
    } catch (error) {
      if (error instanceof PulseError) throw error;
      throw new RetriableError(`Storing event ${event.id} failed: ${describeError(error)}`, { cause: error });
    }
    metrics.observeFact(event, fact, isNew);
  };
}
