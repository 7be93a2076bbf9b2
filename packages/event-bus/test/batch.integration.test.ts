import { Partitioners, type Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { NewsFetchedEvent } from '@pulse/contracts';
import { PermanentError } from '@pulse/errors';
import { uniqueName, waitFor } from '@pulse/testing';
import { createConsumer, EventProducer, idempotentBatchHandler, listDlq, type BatchItem, type EventConsumer } from '../src';
import { dropDataSource, fastGroup, freshTopic, newRegistry, newsEvent, recordingLogger, testDataSource, testKafka } from './support';

describe('consumer batch mode (handleBatch) against the real Kafka and PostgreSQL', () => {
  const logger = recordingLogger();
  let kafka: Kafka;
  let producer: EventProducer;
  let dataSource: DataSource;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    kafka = testKafka(logger);
    producer = new EventProducer({ kafka, logger, registry: newRegistry() });
    await producer.connect();
    dataSource = await testDataSource();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await producer.disconnect();
    await dropDataSource(dataSource);
  });

  /** A consumer whose batches go through idempotentBatchHandler; `committed` holds what each committed transaction applied. */
  async function consumeBatches(
    contract: Awaited<ReturnType<typeof freshTopic>>,
    options: { groupId?: string; poisonId?: string; maxBatchSize?: number } = {},
  ): Promise<{ consumer: EventConsumer; batches: number[]; committed: string[]; groupId: string }> {
    const batches: number[] = [];
    const committed: string[] = [];
    const groupId = options.groupId ?? uniqueName('group');
    const apply = (applied: BatchItem<NewsFetchedEvent>[]) => idempotentBatchHandler<NewsFetchedEvent>(dataSource, async (fresh) => {
      if (fresh.some((item) => item.event.id === options.poisonId)) throw new PermanentError('unknown source');
      applied.push(...fresh);
    });
    const consumer = createConsumer<NewsFetchedEvent>({
      kafka, logger, contract, ...fastGroup, groupId, registry: newRegistry(),
      retry: { attempts: 2, initialMs: 20, maxMs: 50 },
      maxBatchSize: options.maxBatchSize,
      handleBatch: async (items) => {
        batches.push(items.length);
        const applied: BatchItem<NewsFetchedEvent>[] = [];
        await apply(applied)(items);
        committed.push(...applied.map((item) => item.event.id));
      },
    });
    consumers.push(consumer);
    await consumer.start();
    return { consumer, batches, committed, groupId };
  }

  async function inboxIds(groupId: string): Promise<string[]> {
    const schema = (dataSource.options as { schema: string }).schema;
    const rows = (await dataSource.query(`SELECT event_id FROM "${schema}".event_inbox WHERE consumer_group = $1`, [groupId])) as { event_id: string }[];
    return rows.map((row) => row.event_id).sort();
  }

  async function sendRaw(topic: string, value: string): Promise<void> {
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({ topic, messages: [{ key: 'raw', value }] });
    await raw.disconnect();
  }

  it('hands a partition\'s events over together, applies each id once, and dead-letters an invalid one on its own', async () => {
    const contract = await freshTopic(kafka);
    const first = Array.from({ length: 20 }, () => newsEvent());
    const second = Array.from({ length: 20 }, () => newsEvent());
    // Produced before the consumer starts, so they arrive in one fetch: 20 valid, 1 invalid, 20 valid,
    // and a repeat of an id already in the batch (a redelivery: applied once).
    await producer.publishMany(contract, first);
    await sendRaw(contract.topic, JSON.stringify({ hello: 'world' }));
    await producer.publishMany(contract, [...second, first[0]!]);
    const { batches, committed, groupId } = await consumeBatches(contract, { maxBatchSize: 25 });

    const all = [...first, ...second].map((event) => event.id);
    await waitFor(() => committed.length >= all.length, { what: 'every valid event to be applied' });
    expect([...committed].sort()).toEqual([...all].sort());
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(Math.max(...batches)).toBeLessThanOrEqual(25);
    expect(await inboxIds(groupId)).toEqual([...all].sort());
    const [entry] = await waitFor(async () => {
      const entries = await listDlq({ kafka, topic: contract.topic });
      return entries.length === 1 ? entries : undefined;
    }, { what: 'the invalid message in the DLQ' });
    expect(entry).toMatchObject({ reasonKind: 'invalid', attempts: 0, originalOffset: '20' });

    // A later redelivery of applied events is a no-op for the group.
    await producer.publishMany(contract, [first[1]!, second[1]!]);
    const marker = newsEvent();
    await producer.publish(contract, marker);
    await waitFor(() => committed.includes(marker.id), { what: 'the event after the redelivered ones' });
    expect(committed.filter((id) => id === first[1]!.id || id === second[1]!.id)).toHaveLength(2);
  });

  it('falls back to one event at a time when a batch fails: the poison event is dead-lettered, the rest applied once', async () => {
    const contract = await freshTopic(kafka);
    const events = Array.from({ length: 10 }, () => newsEvent());
    const poison = events[4]!;
    await producer.publishMany(contract, events);
    const { committed, groupId } = await consumeBatches(contract, { poisonId: poison.id });

    const good = events.filter((event) => event !== poison).map((event) => event.id);
    await waitFor(() => committed.length >= good.length, { what: 'every other event to be applied' });
    // The failed batch rolled back as a whole, so the one-by-one pass applied each event exactly once.
    expect([...committed].sort()).toEqual([...good].sort());
    expect(await inboxIds(groupId)).toEqual([...good].sort());
    const entries = await waitFor(async () => {
      const list = await listDlq({ kafka, topic: contract.topic });
      return list.length === 1 ? list : undefined;
    }, { what: 'the poison event in the DLQ' });
    expect(entries.map((e) => [e.eventId, e.reasonKind, e.reason])).toEqual([[poison.id, 'permanent', 'PermanentError: unknown source']]);
  });

  it('commits the offsets of applied batches: the group restarted gets nothing again', async () => {
    const contract = await freshTopic(kafka);
    const events = Array.from({ length: 15 }, () => newsEvent());
    await producer.publishMany(contract, events);
    const run = await consumeBatches(contract);
    await waitFor(() => run.committed.length >= events.length, { what: 'the events to be applied' });
    await run.consumer.stop();
    consumers.splice(consumers.indexOf(run.consumer), 1);

    const marker = newsEvent();
    await producer.publish(contract, marker);
    const again = await consumeBatches(contract, { groupId: run.groupId });
    await waitFor(() => again.committed.includes(marker.id), { what: 'the new event after the restart' });
    // Only the new event was fetched: the earlier ones were committed, not redelivered.
    expect(again.batches.reduce((sum, n) => sum + n, 0)).toBe(1);
  });
});
