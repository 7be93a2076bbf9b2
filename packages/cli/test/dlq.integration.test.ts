import { Kafka } from 'kafkajs';
import { contracts, createEvent, sampleEvents } from '@pulse/contracts';
import {
  createKafka, deadLetterRecord, ensureTopics, EventProducer, encodeEvent, HEADERS, headerString, type BusLogger,
} from '@pulse/event-bus';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import { runCli } from '../src';

const quiet: BusLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

async function pulse(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { KAFKA_BROKERS: infraEnv().kafkaBrokers.join(',') };
  const code = await runCli(['node', 'pulse', ...args], { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join(''), err: err.join('') };
}

/** The messages of a topic from the beginning, read with a throwaway group. */
async function readAll(kafka: Kafka, topic: string, count: number) {
  const consumer = kafka.consumer({ groupId: uniqueName('cli-read'), maxWaitTimeInMs: 100 });
  const seen: { value: string; headers: Record<string, string | undefined> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({ value: message.value!.toString(), headers: { replayedFrom: headerString(message.headers, HEADERS.replayedFrom), reason: headerString(message.headers, HEADERS.dlqReason) } });
    },
  });
  await waitFor(() => seen.length >= count, { what: `${count} messages on ${topic}` });
  await consumer.disconnect();
  return seen;
}

describe('pulse dlq', () => {
  const kafka = createKafka({ brokers: infraEnv().kafkaBrokers, clientId: 'cli-test', logger: quiet });
  const topic = uniqueName('news.fetched.cli');
  const event = createEvent(contracts.newsFetched, { tenantId: 'acme', source: 'pulse/news', data: sampleEvents.newsFetched.data });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, partitions: 1 }]);
    await admin.disconnect();
    const { key, value, headers } = encodeEvent(contracts.newsFetched, event);
    const producer = new EventProducer({ kafka, logger: quiet });
    await producer.send(`${topic}.dlq`, [deadLetterRecord(
      { key: Buffer.from(key), value: Buffer.from(value), headers, offset: '5', timestamp: '0', attributes: 0 },
      { topic, partition: 0, group: 'llm', kind: 'exhausted', reason: 'RetriableError: summarizer unavailable', attempts: 5 },
    )]);
    await producer.disconnect();
  });

  it('lists dead-lettered events with their reason, attempts and origin', async () => {
    const { code, out } = await pulse('dlq', 'list', topic);
    expect(code).toBe(0);
    expect(out).toContain(`${topic}.dlq 0/0`);
    expect(out).toContain('exhausted  attempts=5  group=llm');
    expect(out).toContain(`from ${topic} 0/5`);
    expect(out).toContain(`event: ${event.id}`);
    expect(out).toContain('reason: RetriableError: summarizer unavailable');

    const json = await pulse('dlq', 'list', `${topic}.dlq`, '--json');
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ eventId: event.id, attempts: 5, value: JSON.stringify(event) })]);
  });

  it('replays to the original topic once, marking the replay', async () => {
    const first = await pulse('dlq', 'replay', topic, '--reason-kind', 'exhausted');
    expect(first).toMatchObject({ code: 0, out: 'replayed: 1\nskipped: 0\n' });
    const [replayed] = await readAll(kafka, topic, 1);
    expect(JSON.parse(replayed!.value)).toEqual(event);
    expect(replayed!.headers).toEqual({ replayedFrom: `${topic}.dlq/0/0`, reason: undefined });

    const second = await pulse('dlq', 'replay', topic);
    expect(second.out).toBe('replayed: 0\nskipped: 0\n');
  });
});
