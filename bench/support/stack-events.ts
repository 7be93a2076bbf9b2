// A downstream consumer of the run's topics that keeps, per article, when each event was made
// (the envelope's `time`) and when it arrived here.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { infraEnv, uniqueName } from '@pulse/testing';

export interface EventTimes {
  /** articleId -> envelope time (ms) of its first event on the topic. */
  readonly byArticle: Map<string, number>;
  /** articleId -> when that first event arrived here (ms, this process's clock): includes the producer's outbox relay. */
  readonly receivedByArticle: Map<string, number>;
  /** Receipt time (ms, this process's clock) of the latest new article. */
  lastReceivedAt: number;
}

export interface EventClock {
  topics: Record<string, EventTimes>;
  stop(): Promise<void>;
}

/** Subscribes a fresh group to `topics` from the beginning; resolves once it is consuming. */
export async function startEventClock(topics: string[], tenantId: string): Promise<EventClock> {
  const kafka = new Kafka({ clientId: uniqueName('bench-clock'), brokers: infraEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: uniqueName('bench-clock'), sessionTimeout: 30_000 });
  const times: Record<string, EventTimes> = Object.fromEntries(topics.map((t) => [t, { byArticle: new Map(), receivedByArticle: new Map(), lastReceivedAt: 0 }]));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const event = JSON.parse(String(message.value)) as { time: string; tenantId: string; data: { articleId?: string } };
      const articleId = event.data.articleId;
      const entry = times[topic]!;
      if (event.tenantId !== tenantId || !articleId || entry.byArticle.has(articleId)) return;
      entry.byArticle.set(articleId, Date.parse(event.time));
      entry.lastReceivedAt = Date.now();
      entry.receivedByArticle.set(articleId, entry.lastReceivedAt);
    },
  });
  await joined;
  return { topics: times, stop: () => consumer.disconnect() };
}

