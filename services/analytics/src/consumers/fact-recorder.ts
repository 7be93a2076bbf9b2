import type { DataSource } from 'typeorm';
import type { AnyEvent } from '@pulse/contracts';
import { describeError, PulseError, RetriableError } from '@pulse/errors';
import type { BatchEventHandler } from '@pulse/event-bus';
import { postOutcomesOf, recordFacts } from '../adapters/db';
import type { AnalyticsEvent } from '../domain/analytics-event';
import { toFactRow } from '../domain/fact-row';
import type { AnalyticsMetrics } from '../metrics/analytics-metrics';

export interface FactRecorderDeps {
  dataSource: DataSource;
  metrics: AnalyticsMetrics;
}

/**
 * The batch handler every analytics consumer shares (the bus's batch mode): store a partition's
 * fetched events as facts with ONE recordFacts statement, then count the new ones (per batch).
 *
 * Idempotency comes from the facts table itself rather than the bus inbox: its key is
 * (event_id, occurred_at) and recordFacts' single INSERT ... ON CONFLICT DO NOTHING statement
 * (with the idempotent article-source and post-outcome upserts) commits atomically on its own, for
 * the whole batch or not at all. An inbox row would add a second write per event for no extra
 * guarantee, and ingest throughput is what analytics is measured on. Counters move only after the
 * commit and only for a new fact, so a redelivery changes neither the tables nor Prometheus.
 *
 * If the statement fails the bus hands the batch's events over again one at a time, so one event
 * that cannot be stored (a ValidationError: dead-lettered at once) fails only itself. Any other
 * failure (connection lost, pool exhausted, lock timeout) is treated as transient and retried, since
 * TypeORM reports many of those without a code the error taxonomy would recognise.
 */
export function factRecorder<E extends AnyEvent>({ dataSource, metrics }: FactRecorderDeps): BatchEventHandler<E> {
  return async (items) => {
    const events = items.map((item) => item.event as unknown as AnalyticsEvent);
    // Each event is mapped once: its row is stored and then counted. A ValidationError (a PulseError) escapes as is.
    const facts = events.map(toFactRow);
    let inserted: Set<string>;
    try {
      inserted = await recordFacts(dataSource.manager, facts, postOutcomesOf(events));
    } catch (error) {
      if (error instanceof PulseError) throw error;
      throw new RetriableError(`Storing ${events.length} event(s) (first ${events[0]?.id}) failed: ${describeError(error)}`, { cause: error });
    }
    metrics.observeFacts(facts, inserted);
  };
}
