import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { ensureTopics } from '@pulse/event-bus';
import { createLogger } from '@pulse/observability';
import { infraEnv, uniqueName } from '@pulse/testing';
import { BatchMode } from '../src/batching/batch-mode';

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const topic = uniqueName('llm-lag');
const groupId = uniqueName('llm-lag-group');

beforeAll(async () => {
  kafka = new Kafka({ clientId: uniqueName('llm-lag-test'), brokers: infraEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions: 2, withDlq: false }]);
  producer = kafka.producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin?.disconnect();
});

describe('BatchMode auto: batches while the consumer group lags', () => {
  it('turns batching on at the lag threshold and off again once the group has caught up', async () => {
    const lags: number[] = [];
    const mode = new BatchMode({
      mode: 'auto', lagThreshold: 5, lagCheckMs: 60_000, kafka, groupId, topic,
      logger: createLogger({ service: 'llm-test', level: 'error' }), onLag: (lag) => lags.push(lag),
    });
    try {
      expect(await mode.check()).toBe(0);
      expect(mode.active()).toBe(false);

      // Six events nobody in the group has consumed: a backlog over the threshold (both partitions count).
      await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: 'x', partition: i % 2 })) });
      expect(await mode.check()).toBe(6);
      expect(mode.active()).toBe(true);

      // The group commits up to the end: no lag, single calls again.
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
      expect(await mode.check()).toBe(0);
      expect(mode.active()).toBe(false);
      expect(lags).toEqual([0, 6, 0]);
    } finally {
      await mode.worker?.stop();
    }
  });

  it('is fixed by config in always and never, without asking Kafka', () => {
    const base = { lagThreshold: 1, lagCheckMs: 1000, kafka, groupId, topic, logger: createLogger({ service: 'llm-test', level: 'error' }) };
    expect(new BatchMode({ ...base, mode: 'always' }).active()).toBe(true);
    expect(new BatchMode({ ...base, mode: 'never' }).active()).toBe(false);
    expect(new BatchMode({ ...base, mode: 'always' }).worker).toBeUndefined();
  });
});
