import type { DataSource } from 'typeorm';
import type { AnyEvent } from '@pulse/contracts';
import { describeError, PulseError, RetriableError } from '@pulse/errors';
import type { EventHandler } from '@pulse/event-bus';
import { recordEvent, recordEvents } from '../adapters/db';
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
 * (event_id, occurred_at) and recordEvents' single INSERT ... ON CONFLICT DO NOTHING statement
 * (with the idempotent article-source and post-outcome upserts) commits atomically on its own.
 * An inbox row would add a second write and a transaction per event for no extra guarantee, and
 * ingest throughput is what analytics is measured on. Counters move only after the commit and
 * only for a new fact, so a redelivery changes neither the tables nor Prometheus.
 *
 * Group commit: the bus hands one event per call, but every consumer (and each of its concurrently
 * consumed partitions) has a call in flight; the events that arrive in the same turn of the event
 * loop are stored by one statement (FactBatcher), so N partitions cost one round trip and one
 * commit instead of N. Each handler still returns only after its own event committed.
 *
 * An event that cannot be stored is a ValidationError (dead-lettered at once); any other failure
 * (connection lost, pool exhausted, lock timeout) is treated as transient and retried, since
 * TypeORM reports many of those without a code the error taxonomy would recognise.
 */
export function factRecorder<E extends AnyEvent>({ dataSource, metrics }: FactRecorderDeps): EventHandler<E> {
  const batcher = batcherFor(dataSource);
  return async (received) => {
    const event = received as unknown as AnalyticsEvent;
    const fact = toFactRow(event);
    let isNew: boolean;
    try {
      isNew = await batcher.record(event);
    } catch (error) {
      if (error instanceof PulseError) throw error;
      throw new RetriableError(`Storing event ${event.id} failed: ${describeError(error)}`, { cause: error });
    }
    metrics.observeFact(event, fact, isNew);
  };
}

/** One batcher per data source, shared by all consumers of the service. */
const batchers = new WeakMap<DataSource, FactBatcher>();

function batcherFor(dataSource: DataSource): FactBatcher {
  let batcher = batchers.get(dataSource);
  if (!batcher) {
    batcher = new FactBatcher(dataSource);
    batchers.set(dataSource, batcher);
  }
  return batcher;
}

interface Waiting {
  event: AnalyticsEvent;
  resolve: (isNew: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the events recorded in one turn of the event loop (at most MAX_BATCH) and stores them
 * with one recordEvents statement. If that statement fails, each event is retried on its own, so one
 * event that cannot be stored fails only its own handler (and is dead-lettered or retried by the bus).
 */
class FactBatcher {
  private static readonly MAX_BATCH = 500;
  private pending: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly dataSource: DataSource) {}

  record(event: AnalyticsEvent): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (this.pending.length >= FactBatcher.MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch;
      recordEvent(this.dataSource.manager, only!.event).then(only!.resolve, only!.reject);
      return;
    }
    recordEvents(this.dataSource.manager, batch.map((waiting) => waiting.event)).then(
      (inserted) => {
        // The same event twice in one batch is new once (the statement stored it once).
        for (const waiting of batch) waiting.resolve(inserted.delete(waiting.event.id));
      },
      () => {
        for (const waiting of batch) recordEvent(this.dataSource.manager, waiting.event).then(waiting.resolve, waiting.reject);
      },
    );
  }
}
