import { context, propagation, trace } from '@opentelemetry/api';
import { createInMemoryTelemetry, startTelemetry } from '../src';

describe('startTelemetry', () => {
  it('exports finished spans to the given exporter with the service name and propagates W3C traceparent', async () => {
    const telemetry = createInMemoryTelemetry('news');
    try {
      const carrier: Record<string, string> = {};
      const span = trace.getTracer('test').startSpan('fetch feed');
      context.with(trace.setSpan(context.active(), span), () => propagation.inject(context.active(), carrier));
      span.end();

      expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      const extracted = trace.getSpanContext(propagation.extract(context.active(), carrier));
      expect(extracted?.traceId).toBe(span.spanContext().traceId);
      const [finished] = telemetry.exporter.getFinishedSpans();
      expect(finished?.name).toBe('fetch feed');
      expect(finished?.resource.attributes['service.name']).toBe('news');
    } finally {
      await telemetry.shutdown();
    }
  });

  it('still creates real trace ids without any exporter, and can be started again after shutdown', async () => {
    const telemetry = startTelemetry({ serviceName: 'quiet' });
    const span = trace.getTracer('test').startSpan('work');
    expect(span.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    span.end();
    await telemetry.shutdown();
    expect(trace.getTracer('test').startSpan('after').isRecording()).toBe(false);
  });
});
