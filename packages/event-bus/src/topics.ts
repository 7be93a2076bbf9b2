import type { Admin } from 'kafkajs';
import { dlqTopicOf } from '@pulse/contracts';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /** Also create `<topic>.dlq` (default true). */
  withDlq?: boolean;
}

/**
 * Creates each topic and its `.dlq` with the given partitions; idempotent. Existing topics with
 * fewer partitions are grown (never shrunk: Kafka cannot), so a redeploy with more partitions scales out.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<void> {
  const wanted = specs.flatMap((spec) => {
    const base = { numPartitions: spec.partitions, replicationFactor: spec.replicationFactor ?? -1 };
    const dlq = spec.withDlq === false ? [] : [{ topic: dlqTopicOf(spec.topic), ...base }];
    return [{ topic: spec.topic, ...base }, ...dlq];
  });
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });

  const present = wanted.filter((t) => existing.has(t.topic));
  if (present.length === 0) return;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
  const grow = present.flatMap((t) => {
    const current = metadata.topics.find((m) => m.name === t.topic)?.partitions.length ?? 0;
    return current < t.numPartitions ? [{ topic: t.topic, count: t.numPartitions }] : [];
  });
  if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow, validateOnly: false });
}
