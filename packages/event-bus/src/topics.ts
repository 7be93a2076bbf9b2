import type { Admin } from 'kafkajs';
import { dlqTopicOf } from '@pulse/contracts';
import { RetriableError } from '@pulse/errors';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /** Also create `<topic>.dlq` (default true). */
  withDlq?: boolean;
}

export interface EnsureTopicsOptions {
  /** Grow existing topics to `partitions` (default true). Consumers that do not own a topic pass false. */
  grow?: boolean;
  /** How long to wait for every partition to have a leader in the broker's metadata (default 30 s). */
  readyTimeoutMs?: number;
}

// While a topic is being created (by us or by another service at the same moment), the broker may
// still answer metadata requests for it with one of these; both clear within moments.
const NOT_YET_VISIBLE = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);
const POLL_MS = 100;

/**
 * Creates each topic and its `.dlq` with the given partitions; idempotent. Existing topics with
 * fewer partitions are grown (never shrunk: Kafka cannot), so a redeploy with more partitions scales out.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], options: EnsureTopicsOptions = {}): Promise<void> {
  const wanted = specs.flatMap((spec) => {
    const base = { numPartitions: spec.partitions, replicationFactor: spec.replicationFactor ?? -1 };
    const dlq = spec.withDlq === false ? [] : [{ topic: dlqTopicOf(spec.topic), ...base }];
    return [{ topic: spec.topic, ...base }, ...dlq];
  });
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t.topic));
  // kafkajs' own waitForLeaders gives up on the first "unknown topic" answer, which a KRaft broker
  // gives while it applies the new topic, and skips waiting when another service created the topic
  // at the same moment ("already exists"): waitUntilVisible covers both.
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: false });
  await waitUntilVisible(admin, wanted.map((t) => t.topic), options.readyTimeoutMs ?? 30_000);

  const present = wanted.filter((t) => existing.has(t.topic));
  if (present.length === 0 || options.grow === false) return;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
  const grow = present.flatMap((t) => {
    const current = metadata.topics.find((m) => m.name === t.topic)?.partitions.length ?? 0;
    return current < t.numPartitions ? [{ topic: t.topic, count: t.numPartitions }] : [];
  });
  if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow, validateOnly: false });
}

/**
 * Resolves once the broker's metadata shows every topic with a leader on each partition and each
 * partition answers an offset request, so the producers, consumers and admin calls that follow
 * never meet "This server does not host this topic-partition" or "not the leader" (KRaft applies a
 * new topic to the broker's metadata cache and its logs asynchronously).
 */
async function waitUntilVisible(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const led = found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      // A leader in the metadata is not yet a partition that serves: the broker may still answer
      // "not the leader" until it has created the log. Listing offsets proves every partition serves.
      if (led) {
        for (const topic of topics) await admin.fetchTopicOffsets(topic);
        return;
      }
    } catch (error) {
      if (!NOT_YET_VISIBLE.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline) throw new RetriableError(`Kafka topics ${topics.join(', ')} have no leader after ${timeoutMs} ms`, { code: 'topics-not-ready' });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
