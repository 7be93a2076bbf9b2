import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { HEADERS } from '../headers';
import type { BusLogger } from '../logger';
import { EventProducer, type OutgoingRecord } from '../producer';
import { asDlqTopic, toDlqEntry, type DlqEntry } from './dlq-entry';
import { readToEnd } from './read-to-end';

const silent: BusLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

/**
 * The oldest `limit` entries of a DLQ (`topic` may name the topic or its `.dlq`). Reads through a
 * throwaway consumer group that commits nothing and is deleted afterwards.
 */
export async function listDlq({ kafka, topic, limit = 20 }: { kafka: Kafka; topic: string; limit?: number }): Promise<DlqEntry[]> {
  const dlqTopic = asDlqTopic(topic);
  const entries: DlqEntry[] = [];
  const groupId = `pulse-dlq-list-${randomBytes(6).toString('hex')}`;
  await readToEnd({
    kafka, topic: dlqTopic, groupId, commit: false,
    onMessages: async (partition, messages) => {
      const room = Math.max(0, limit - entries.length);
      for (const m of messages.slice(0, room)) entries.push(toDlqEntry(dlqTopic, partition, m));
      return Math.min(room, messages.length);
    },
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return entries.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

export interface ReplayOptions {
  kafka: Kafka;
  /** The topic or its `.dlq`. */
  topic: string;
  /** Only entries it accepts are re-produced; the others are passed over (and count as handled). */
  filter?: (entry: DlqEntry) => boolean;
  /** The group whose committed offsets remember what was replayed (default `pulse-dlq-replay.<dlq topic>`). */
  groupId?: string;
  logger?: BusLogger;
}

export interface ReplayResult {
  replayed: number;
  skipped: number;
}

/**
 * Re-produces DLQ entries to their original topic with their original key, value and headers
 * (DLQ headers dropped, `pulse-replayed-from: <dlq>/<partition>/<offset>` added), then commits the
 * replay group's offset past them, so running it again replays only entries that arrived since.
 * Consumers of the original topic get the event again; their inbox makes it a no-op for groups
 * that had applied it already.
 */
export async function replayDlq(options: ReplayOptions): Promise<ReplayResult> {
  const { kafka } = options;
  const dlqTopic = asDlqTopic(options.topic);
  const producer = new EventProducer({ kafka, logger: options.logger ?? silent });
  const result: ReplayResult = { replayed: 0, skipped: 0 };
  try {
    await readToEnd({
      kafka, topic: dlqTopic, commit: true,
      groupId: options.groupId ?? `pulse-dlq-replay.${dlqTopic}`,
      onMessages: async (partition, messages) => {
        const now = new Date().toISOString();
        for (const message of messages) {
          const entry = toDlqEntry(dlqTopic, partition, message);
          if (options.filter && !options.filter(entry)) {
            result.skipped++;
            continue;
          }
          // Sequential per message keeps the original order of one key on the original topic.
          await producer.send(entry.originalTopic, [replayRecord(message, `${dlqTopic}/${partition}/${message.offset}`, now)]);
          result.replayed++;
        }
        return messages.length;
      },
    });
  } finally {
    await producer.disconnect();
  }
  return result;
}

function replayRecord(message: KafkaMessage, from: string, at: string): OutgoingRecord {
  const headers: NonNullable<OutgoingRecord['headers']> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!name.startsWith('pulse-dlq-') && name !== HEADERS.replayedFrom && name !== HEADERS.replayedAt) headers[name] = value;
  }
  headers[HEADERS.replayedFrom] = from;
  headers[HEADERS.replayedAt] = at;
  return { key: message.key, value: message.value, headers };
}
