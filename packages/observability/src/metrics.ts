import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';

export interface MetricsOptions {
  service: string;
  /** Process metrics (CPU, memory, event loop lag, GC); on by default. */
  defaultMetrics?: boolean;
}

export type HttpLabels = 'method' | 'route' | 'status';

export interface Metrics {
  /** The registry `/metrics` serves; register your own metrics on it (or use the helpers below). */
  registry: Registry;
  /** http_request_duration_seconds{method,route,status}: observed by @pulse/http-kit. */
  httpRequestDuration: Histogram<HttpLabels>;
  /** Returns the counter named `config.name`, creating it on this registry the first time. */
  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L>;
  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L>;
  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L>;
}

/**
 * A prom-client registry of this service's own (not the global one, so tests and several apps in
 * one process never collide), with a `service` label on every series.
 */
export function createMetrics({ service, defaultMetrics = true }: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaultMetrics) collectDefaultMetrics({ register: registry });

  // getOrCreate: two components (two consumers, two apps) asking for the same metric share it
  // instead of prom-client throwing "already registered".
  function getOrCreate<M extends Metric>(name: string, create: () => M): M {
    return (registry.getSingleMetric(name) as M | undefined) ?? create();
  }

  const counter: Metrics['counter'] = (config) => getOrCreate(config.name, () => new Counter({ ...config, registers: [registry] }));
  const histogram: Metrics['histogram'] = (config) => getOrCreate(config.name, () => new Histogram({ ...config, registers: [registry] }));
  const gauge: Metrics['gauge'] = (config) => getOrCreate(config.name, () => new Gauge({ ...config, registers: [registry] }));
  const httpRequestDuration = histogram<HttpLabels>({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const metrics: Metrics = { registry, httpRequestDuration, counter, histogram, gauge };
  return metrics;
}
