import type { Kafka } from 'kafkajs';
import { ensureTopics } from '@pulse/event-bus';

/**
 * Creates the consumed topics and their DLQs when they do not exist yet, so analytics can boot
 * before the services that produce to them (kafkajs refuses to subscribe to a missing topic, and
 * the consumers dead-letter into `<topic>.dlq`). It never grows an existing topic: the producers
 * own the partition count of their topics.
 */
export async function ensureConsumedTopics(kafka: Kafka, topics: string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics.map((topic) => ({ topic, partitions })), { grow: false });
  } finally {
    await admin.disconnect();
  }
}
