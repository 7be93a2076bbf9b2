import type { Kafka } from 'kafkajs';
import { dlqTopicOf } from '@pulse/contracts';

/**
 * Creates the consumed topics and their DLQs when they do not exist yet, so analytics can boot
 * before the services that produce to them (kafkajs refuses to subscribe to a missing topic, and
 * the consumers dead-letter into `<topic>.dlq`). Unlike the bus's ensureTopics it never grows an
 * existing topic: the producers own the partition count of their topics.
 */
export async function ensureConsumedTopics(kafka: Kafka, topics: string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.flatMap((topic) => [topic, dlqTopicOf(topic)]).filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    // Another replica (or a producer) may create them at the same moment: createTopics then
    // reports them as existing, which is what we want.
    await admin.createTopics({
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
