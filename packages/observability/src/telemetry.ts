import { context, propagation, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator, CompositePropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT); `/v1/traces` is appended. */
  otlpEndpoint?: string;
  /** An explicit exporter (tests: InMemorySpanExporter); exported span by span, synchronously. */
  exporter?: SpanExporter;
  /**
   * Detect host/process resource attributes (default true). They resolve asynchronously and hold
   * back span export until then, so the in-memory test helper turns this off.
   */
  detectResources?: boolean;
}

export interface Telemetry {
  /** Flushes pending spans and unregisters the global providers. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for this process: AsyncLocalStorage context, W3C trace context
 * (and baggage) propagation, and a tracer provider. Without an endpoint or exporter spans are
 * still created (so trace ids reach logs and `traceparent` flows downstream) but go nowhere.
 * No auto-instrumentation: HTTP and Kafka spans are made by @pulse/http-kit and the event bus.
 */
export function startTelemetry({ serviceName, otlpEndpoint, exporter, detectResources = true }: TelemetryOptions): Telemetry {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [spanProcessorFor(otlpEndpoint, exporter)],
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    autoDetectResources: detectResources,
    instrumentations: [],
    // Explicit empty lists keep the SDK from wiring its env-driven OTLP log exporter.
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    async shutdown() {
      try {
        await sdk.shutdown();
      } finally {
        // Lets a later startTelemetry in the same process (tests) register again.
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}

function spanProcessorFor(otlpEndpoint: string | undefined, exporter: SpanExporter | undefined): SpanProcessor {
  if (exporter) return new SimpleSpanProcessor(exporter);
  if (otlpEndpoint) return new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(otlpEndpoint) }));
  return new NoopSpanProcessor();
}

function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/** Telemetry that keeps finished spans in memory, for tests: `exporter.getFinishedSpans()`. */
export function createInMemoryTelemetry(serviceName = 'test'): Telemetry & { exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const telemetry = startTelemetry({ serviceName, exporter, detectResources: false });
  return { exporter, shutdown: () => telemetry.shutdown() };
}
