import {
  context, propagation, trace, SpanKind, SpanStatusCode, ROOT_CONTEXT,
  type Context, type Span, type TextMapGetter, type TextMapSetter,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { headerString } from './headers';

const tracer = trace.getTracer('@pulse/event-bus');

const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => { carrier[key] = value; },
};

const getter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => headerString(carrier, key),
};

/**
 * Starts a PRODUCER span under the active context and returns it with the W3C headers
 * (`traceparent`, `tracestate`) that carry it; the caller ends the span when the send settles.
 */
export function startProducerSpan(topic: string, eventId: string, key: string): { span: Span; headers: Record<string, string> } {
  const span = tracer.startSpan(`${topic} publish`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'publish',
      'messaging.destination.name': topic,
      'messaging.message.id': eventId,
      'messaging.kafka.message.key': key,
    },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers, setter);
  return { span, headers };
}

/** The W3C headers of the active context, without a span (the outbox stores them with the row). */
export function activeTraceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers, setter);
  return headers;
}

/** The context a message's headers carry (the producer's span), or the root context. */
export function extractContext(headers: IHeaders | undefined): Context {
  return headers ? propagation.extract(ROOT_CONTEXT, headers, getter) : ROOT_CONTEXT;
}

export interface ConsumerSpanAttributes { topic: string; group: string; partition: number; offset: string; eventId: string; attempt: number }

/** Runs `fn` inside a CONSUMER span that continues the trace from the message headers. */
export async function withConsumerSpan<T>(parent: Context, attributes: ConsumerSpanAttributes, fn: () => Promise<T>): Promise<T> {
  return runInSpan(parent, startConsumerSpan(parent, attributes), fn);
}

/**
 * A CONSUMER `process` span continuing the trace of one message; the caller ends it. The batch mode
 * opens one per event of a batch, so every event keeps its own span in its producer's trace.
 */
export function startConsumerSpan(parent: Context, attributes: ConsumerSpanAttributes): Span {
  return tracer.startSpan(`${attributes.topic} process`, {
    kind: SpanKind.CONSUMER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': attributes.topic,
      'messaging.consumer.group.name': attributes.group,
      'messaging.destination.partition.id': String(attributes.partition),
      'messaging.kafka.offset': Number(attributes.offset),
      'messaging.message.id': attributes.eventId,
      'pulse.attempt': attributes.attempt,
    },
  }, parent);
}

export function endWithError(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `fn` inside an INTERNAL span that continues the trace stored in `headers` (W3C, as returned by
 * `activeTraceHeaders`). For work deferred past its event — a post published later by a scheduler —
 * so what it produces (through the outbox) stays in the trace of the event that caused it.
 */
export async function continueTrace<T>(name: string, headers: Record<string, string> | null | undefined, fn: () => Promise<T>): Promise<T> {
  const parent = headers ? propagation.extract(ROOT_CONTEXT, headers) : ROOT_CONTEXT;
  return runInSpan(parent, tracer.startSpan(name, { kind: SpanKind.INTERNAL }, parent), fn);
}

/** Runs `fn` with `span` current under `parent`; records a throw on the span and always ends it. */
async function runInSpan<T>(parent: Context, span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (error) {
    endWithError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
