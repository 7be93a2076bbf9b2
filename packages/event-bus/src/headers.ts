import type { IHeaders } from 'kafkajs';

/** Kafka header names the bus writes; downstream teams read them (contracts/asyncapi.yaml). */
export const HEADERS = {
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  dlqReason: 'pulse-dlq-reason',
  dlqReasonKind: 'pulse-dlq-reason-kind',
  dlqAttempts: 'pulse-dlq-attempts',
  dlqGroup: 'pulse-dlq-group',
  dlqOriginalTopic: 'pulse-dlq-original-topic',
  dlqOriginalPartition: 'pulse-dlq-original-partition',
  dlqOriginalOffset: 'pulse-dlq-original-offset',
  dlqFailedAt: 'pulse-dlq-failed-at',
  replayedFrom: 'pulse-replayed-from',
  replayedAt: 'pulse-replayed-at',
} as const;

/** CloudEvents Kafka binding, structured mode: the whole envelope is the value. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** One header as a string (kafkajs hands out Buffers, arrays for repeated headers). */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** All headers as strings, for logs, DLQ listings and copying. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
