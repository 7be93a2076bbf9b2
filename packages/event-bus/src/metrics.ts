import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Why an event went to the DLQ (the `reason_kind` label). */
export type DeadLetterKind = 'invalid' | 'permanent' | 'exhausted';

export interface BusMetrics {
  produced: Counter<'topic'>;
  consumed: Counter<'topic' | 'group'>;
  failed: Counter<'topic' | 'group'>;
  deadLettered: Counter<'topic' | 'group' | 'reason_kind'>;
  handlerDuration: Histogram<'topic' | 'group'>;
  lag: Gauge<'topic' | 'partition' | 'group'>;
}

const cache = new WeakMap<Registry, BusMetrics>();

/**
 * The bus metrics on `registry`, created once per registry so every producer and consumer of a
 * service shares them (prom-client refuses a second registration of the same name).
 */
export function busMetrics(registry: Registry): BusMetrics {
  const cached = cache.get(registry);
  if (cached) return cached;
  const registers = [registry];
  const metrics: BusMetrics = {
    produced: existing(registry, 'pulse_events_produced_total') ?? new Counter({
      name: 'pulse_events_produced_total', help: 'Events written to Kafka (acknowledged by all in-sync replicas).',
      labelNames: ['topic'], registers,
    }),
    consumed: existing(registry, 'pulse_events_consumed_total') ?? new Counter({
      name: 'pulse_events_consumed_total', help: 'Events whose handler succeeded.',
      labelNames: ['topic', 'group'], registers,
    }),
    failed: existing(registry, 'pulse_events_failed_total') ?? new Counter({
      name: 'pulse_events_failed_total', help: 'Handler attempts that threw (each retry counts).',
      labelNames: ['topic', 'group'], registers,
    }),
    deadLettered: existing(registry, 'pulse_events_dead_lettered_total') ?? new Counter({
      name: 'pulse_events_dead_lettered_total', help: 'Events sent to the dead-letter topic, by reason kind (invalid, permanent, exhausted).',
      labelNames: ['topic', 'group', 'reason_kind'], registers,
    }),
    handlerDuration: existing(registry, 'pulse_event_handler_duration_seconds') ?? new Histogram({
      name: 'pulse_event_handler_duration_seconds', help: 'Time one handler attempt took.',
      labelNames: ['topic', 'group'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }),
    lag: existing(registry, 'pulse_consumer_lag') ?? new Gauge({
      name: 'pulse_consumer_lag', help: 'Messages between the partition high watermark and the next offset this group processes.',
      labelNames: ['topic', 'partition', 'group'], registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}
