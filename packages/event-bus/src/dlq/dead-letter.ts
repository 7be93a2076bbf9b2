import type { KafkaMessage } from 'kafkajs';
import { HEADERS } from '../headers';
import type { DeadLetterKind } from '../metrics';
import type { OutgoingRecord } from '../producer';

export interface DeadLetterInfo {
  topic: string;
  partition: number;
  group: string;
  kind: DeadLetterKind;
  reason: string;
  attempts: number;
  failedAt?: Date;
}

// Kafka headers are small by convention; a stack-length reason would bloat every DLQ record.
const MAX_REASON_LENGTH = 2_000;

/**
 * The DLQ copy of a message: original key, value and headers untouched, plus why it failed and
 * where it came from, so it can be inspected and replayed to the same partition key.
 */
export function deadLetterRecord(message: KafkaMessage, info: DeadLetterInfo): OutgoingRecord {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [HEADERS.dlqReason]: info.reason.slice(0, MAX_REASON_LENGTH),
      [HEADERS.dlqReasonKind]: info.kind,
      [HEADERS.dlqAttempts]: String(info.attempts),
      [HEADERS.dlqGroup]: info.group,
      [HEADERS.dlqOriginalTopic]: info.topic,
      [HEADERS.dlqOriginalPartition]: String(info.partition),
      [HEADERS.dlqOriginalOffset]: message.offset,
      [HEADERS.dlqFailedAt]: (info.failedAt ?? new Date()).toISOString(),
    },
  };
}
