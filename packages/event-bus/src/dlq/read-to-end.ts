import type { Kafka, KafkaMessage } from 'kafkajs';
import { NotFoundError } from '@pulse/errors';

export interface ReadToEndOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  /** Commit handled offsets to `groupId` (replay) or read without a trace (listing). */
  commit: boolean;
  /**
   * Called with each batch's messages below the end mark, in offset order; returns how many of
   * them were handled (fewer stops the read: a listing's limit).
   */
  onMessages(partition: number, messages: KafkaMessage[]): Promise<number>;
  timeoutMs?: number;
}

/**
 * Reads `topic` through consumer group `groupId` from its committed position (or the beginning)
 * up to the end offsets seen when called, then leaves the group. What arrives later is not read.
 */
export async function readToEnd(options: ReadToEndOptions): Promise<void> {
  const { kafka, topic, groupId } = options;
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<number, bigint>();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new NotFoundError('Topic', topic);
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = options.commit ? await admin.fetchOffsets({ groupId, topics: [topic] }) : [];
    const committedOf = (p: number) => committed[0]?.partitions.find((c) => c.partition === p)?.offset;
    for (const end of ends) {
      const start = BigInt(Math.max(Number(end.low), Number(committedOf(end.partition) ?? -1)));
      if (start < BigInt(end.high)) remaining.set(end.partition, BigInt(end.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return;

  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 1_000, allowAutoTopicCreation: false,
    // Short long-polls: leaving waits for the fetch in flight, and the end is known anyway.
    maxWaitTimeInMs: 100,
  });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  const timer = setTimeout(finish, options.timeoutMs ?? 30_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: options.commit,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, isRunning }) => {
        const end = remaining.get(batch.partition);
        if (end === undefined || !isRunning()) return;
        const wanted = batch.messages.filter((m) => BigInt(m.offset) < end);
        const handled = wanted.length === 0 ? 0 : await options.onMessages(batch.partition, wanted);
        for (const m of wanted.slice(0, handled)) resolveOffset(m.offset);
        if (handled < wanted.length) return finish();
        // Done with the partition once the batch reaches the end mark; lastOffset() also counts
        // records the consumer filters out (transaction markers), so a gap cannot stall the read.
        if (BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
        if (remaining.size === 0) finish();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    // Disconnecting commits the resolved offsets (autoCommit) and leaves the group.
    await consumer.disconnect();
  }
}
