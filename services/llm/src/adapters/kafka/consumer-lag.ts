import type { Admin } from 'kafkajs';

/**
 * Events of `topic` the consumer group has not committed yet, summed over partitions (a partition
 * the group never committed counts from its low watermark).
 */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  let lag = 0;
  for (const end of ends) {
    const high = Number(end.high);
    const at = done.get(end.partition) ?? -1;
    lag += Math.max(0, high - (at >= 0 ? at : Number(end.low)));
  }
  return lag;
}
