export { createLogger, type Logger, type LoggerOptions } from './logger';
export { startTelemetry, createInMemoryTelemetry, type Telemetry, type TelemetryOptions } from './telemetry';
export { createMetrics, type Metrics, type MetricsOptions, type HttpLabels } from './metrics';
export type { Registry } from 'prom-client';
export type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
