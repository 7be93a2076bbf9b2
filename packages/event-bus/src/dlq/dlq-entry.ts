import type { KafkaMessage } from 'kafkajs';
import { HEADERS, headersToStrings } from '../headers';

/** One dead-lettered event as an operator sees it. */
export interface DlqEntry {
  dlqTopic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  eventId: string | undefined;
  eventType: string | undefined;
  reason: string | undefined;
  reasonKind: string | undefined;
  attempts: number | undefined;
  group: string | undefined;
  originalTopic: string;
  originalPartition: number | undefined;
  originalOffset: string | undefined;
  failedAt: string | undefined;
  headers: Record<string, string>;
  /** The original value as text (it may not be valid JSON: that can be why it is here). */
  value: string;
}

export function toDlqEntry(dlqTopic: string, partition: number, message: KafkaMessage): DlqEntry {
  const headers = headersToStrings(message.headers);
  const value = message.value?.toString('utf8') ?? '';
  let eventId: string | undefined;
  let eventType: string | undefined;
  try {
    const parsed = JSON.parse(value) as { id?: unknown; type?: unknown };
    if (typeof parsed.id === 'string') eventId = parsed.id;
    if (typeof parsed.type === 'string') eventType = parsed.type;
  } catch {
    // Not JSON: shown as text.
  }
  const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));
  return {
    dlqTopic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8'),
    eventId,
    eventType,
    reason: headers[HEADERS.dlqReason],
    reasonKind: headers[HEADERS.dlqReasonKind],
    attempts: num(headers[HEADERS.dlqAttempts]),
    group: headers[HEADERS.dlqGroup],
    originalTopic: headers[HEADERS.dlqOriginalTopic] ?? originalTopicOf(dlqTopic),
    originalPartition: num(headers[HEADERS.dlqOriginalPartition]),
    originalOffset: headers[HEADERS.dlqOriginalOffset],
    failedAt: headers[HEADERS.dlqFailedAt],
    headers,
    value,
  };
}

/** `news.fetched.dlq` -> `news.fetched`. */
export function originalTopicOf(dlqTopic: string): string {
  return dlqTopic.endsWith('.dlq') ? dlqTopic.slice(0, -'.dlq'.length) : dlqTopic;
}

/** Accepts a topic or its DLQ and returns the DLQ topic. */
export function asDlqTopic(topic: string): string {
  return topic.endsWith('.dlq') ? topic : `${topic}.dlq`;
}
