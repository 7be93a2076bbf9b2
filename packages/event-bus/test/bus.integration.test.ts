import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Partitioners, type Kafka } from 'kafkajs';
import type { NewsFetchedEvent } from '@pulse/contracts';
import { PermanentError, RetriableError, ValidationError } from '@pulse/errors';
import { uniqueName, waitFor } from '@pulse/testing';
import {
  createConsumer, EventProducer, HEADERS, headerString, listDlq, replayDlq,
  type DeliveryInfo, type EventConsumer, type EventHandler,
} from '../src';
import { fastGroup, freshTopic, newRegistry, newsEvent, recordingLogger, testKafka } from './support';

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager().enable();

beforeAll(() => {
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});

afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('event bus against the real Kafka', () => {
  const logger = recordingLogger();
  let kafka: Kafka;
  let producer: EventProducer;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    kafka = testKafka(logger);
    producer = new EventProducer({ kafka, logger, registry: newRegistry() });
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  async function consume(
    contract: Awaited<ReturnType<typeof freshTopic>>,
    handler: EventHandler<NewsFetchedEvent>,
    extra: { groupId?: string; attempts?: number; concurrency?: number; keyConcurrency?: number; registry?: ReturnType<typeof newRegistry> } = {},
  ): Promise<EventConsumer> {
    const consumer = createConsumer({
      kafka, logger, contract, handler, ...fastGroup,
      groupId: extra.groupId ?? uniqueName('group'),
      registry: extra.registry ?? newRegistry(),
      retry: { attempts: extra.attempts ?? 3, initialMs: 20, maxMs: 100 },
      concurrency: extra.concurrency,
      keyConcurrency: extra.keyConcurrency,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  it('delivers a published event to the handler, continuing the producer trace', async () => {
    const contract = await freshTopic(kafka);
    const received: { event: NewsFetchedEvent; delivery: DeliveryInfo; traceId: string | undefined }[] = [];
    const registry = newRegistry();
    await consume(contract, async (event, delivery) => {
      received.push({ event, delivery, traceId: trace.getActiveSpan()?.spanContext().traceId });
    }, { registry });
    const event = newsEvent();
    const traceId = await trace.getTracer('test').startActiveSpan('fetch feed', async (span) => {
      await producer.publish(contract, event);
      span.end();
      return span.spanContext().traceId;
    });

    await waitFor(() => received.length === 1, { what: 'the event to be handled' });
    expect(received[0]!.event).toEqual(event);
    expect(received[0]!.delivery.key).toBe(event.data.articleId);
    expect(headerString(received[0]!.delivery.headers, HEADERS.traceparent)).toContain(traceId);
    expect(received[0]!.traceId).toBe(traceId);
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
    expect(spans).toEqual(expect.arrayContaining([`${contract.topic} publish`, `${contract.topic} process`]));
    const consumed = await registry.getSingleMetric('pulse_events_consumed_total')!.get();
    expect(consumed.values).toEqual([expect.objectContaining({ value: 1, labels: expect.objectContaining({ topic: contract.topic }) })]);
  });

  it('refuses to publish an event that breaks its schema and sends nothing', async () => {
    const contract = await freshTopic(kafka);
    const bad = { ...newsEvent(), data: { ...newsEvent().data, title: '' } };
    await expect(producer.publishMany(contract, [newsEvent(), bad])).rejects.toBeInstanceOf(ValidationError);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(contract.topic);
    await admin.disconnect();
    expect(offsets.map((o) => o.high)).toEqual(['0']);
  });

  it('sends a raw message that fails its schema to the DLQ with the reason, and moves on', async () => {
    const contract = await freshTopic(kafka);
    const handled: string[] = [];
    await consume(contract, async (event) => { handled.push(event.id); });
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({ topic: contract.topic, messages: [{ key: 'k1', value: JSON.stringify({ hello: 'world' }), headers: { 'x-origin': 'raw' } }] });
    await raw.disconnect();
    const good = newsEvent();
    await producer.publish(contract, good);

    await waitFor(() => handled.includes(good.id), { what: 'the valid event after the invalid one' });
    const [entry] = await waitFor(async () => {
      const entries = await listDlq({ kafka, topic: contract.topic });
      return entries.length === 1 ? entries : undefined;
    }, { what: 'the invalid message in the DLQ' });
    expect(entry).toMatchObject({
      key: 'k1', reasonKind: 'invalid', attempts: 0, originalTopic: contract.topic, originalPartition: 0, originalOffset: '0',
      value: JSON.stringify({ hello: 'world' }),
    });
    expect(entry!.reason).toMatch(/^validation failed: .*required property 'specversion'/);
    expect(entry!.headers['x-origin']).toBe('raw');
    expect(handled).toEqual([good.id]);
  });

  it('dead-letters failing events with reason and attempts, moves on, and replays them once', async () => {
    const contract = await freshTopic(kafka);
    const poison = newsEvent({ title: 'always fails' });
    const rejected = newsEvent({ title: 'rejected' });
    const fine = newsEvent({ title: 'fine' });
    let healed = false;
    const attempts = new Map<string, number>();
    const handled: { id: string; replayedFrom: string | undefined }[] = [];
    const registry = newRegistry();
    await consume(contract, async (event, delivery) => {
      attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
      if (event.id === poison.id && !healed) throw new RetriableError('summarizer unavailable');
      if (event.id === rejected.id && !healed) throw new PermanentError('unknown source');
      handled.push({ id: event.id, replayedFrom: headerString(delivery.headers, HEADERS.replayedFrom) });
    }, { attempts: 3, registry });
    await producer.publishMany(contract, [poison, rejected, fine]);

    await waitFor(() => handled.some((h) => h.id === fine.id), { what: 'the event after the failing ones' });
    const entries = await waitFor(async () => {
      const list = await listDlq({ kafka, topic: contract.topic });
      return list.length === 2 ? list : undefined;
    }, { what: 'two DLQ entries' });
    expect(entries.map((e) => [e.eventId, e.reasonKind, e.attempts, e.reason])).toEqual([
      [poison.id, 'exhausted', 3, 'RetriableError: summarizer unavailable'],
      [rejected.id, 'permanent', 1, 'PermanentError: unknown source'],
    ]);
    expect(attempts.get(poison.id)).toBe(3);
    expect(attempts.get(rejected.id)).toBe(1);
    const dead = await registry.getSingleMetric('pulse_events_dead_lettered_total')!.get();
    expect(dead.values.map((v) => [v.labels.reason_kind, v.value]).sort()).toEqual([['exhausted', 1], ['permanent', 1]]);

    healed = true;
    const first = await replayDlq({ kafka, topic: contract.topic, filter: (e) => e.eventId === poison.id });
    expect(first).toEqual({ replayed: 1, skipped: 1 });
    await waitFor(() => handled.some((h) => h.id === poison.id), { what: 'the replayed event to be handled' });
    expect(handled.find((h) => h.id === poison.id)!.replayedFrom).toBe(`${contract.topic}.dlq/0/0`);

    const again = await replayDlq({ kafka, topic: contract.topic });
    expect(again).toEqual({ replayed: 0, skipped: 0 });
    expect(handled.filter((h) => h.id === poison.id)).toHaveLength(1);
    expect(handled.some((h) => h.id === rejected.id)).toBe(false);
  });

  it('keeps the order of each article\'s events across partitions', async () => {
    const contract = await freshTopic(kafka, 3);
    const articles = Array.from({ length: 6 }, () => newsEvent().data.articleId);
    const events = Array.from({ length: 120 }, (_, i) => newsEvent({ articleId: articles[i % articles.length], title: `#${i}` }));
    const seen = new Map<string, number[]>();
    await consume(contract, async (event) => {
      const list = seen.get(event.data.articleId) ?? [];
      list.push(Number(event.data.title.slice(1)));
      seen.set(event.data.articleId, list);
    }, { concurrency: 3 });
    // Published from concurrent callers and in batches: both must keep each caller's order.
    await Promise.all([producer.publishMany(contract, events.slice(0, 60)), (async () => {
      for (const e of events.slice(60, 90)) await producer.publish(contract, e);
    })()]);
    await producer.publishMany(contract, events.slice(90));

    await waitFor(() => [...seen.values()].reduce((n, l) => n + l.length, 0) === events.length, { what: 'all events' });
    for (const [articleId, titles] of seen) {
      const expected = events.filter((e) => e.data.articleId === articleId).map((e) => Number(e.data.title.slice(1)));
      expect(titles).toEqual(expected);
    }
  });

  it('handles different keys of one partition side by side, each key in order, and commits all of it', async () => {
    const contract = await freshTopic(kafka, 1);
    const articles = Array.from({ length: 4 }, () => newsEvent().data.articleId);
    const events = Array.from({ length: 40 }, (_, i) => newsEvent({ articleId: articles[i % articles.length], title: `#${i}` }));
    // The first event of every key waits until all four have started: a consumer that handled the
    // partition one event at a time would never get there.
    let release!: () => void;
    const allFirstsStarted = new Promise<void>((resolve) => { release = resolve; });
    const firstsStarted = new Set<number>();
    const seen = new Map<string, number[]>();
    const groupId = uniqueName('by-key');
    const consumer = await consume(contract, async (event) => {
      const n = Number(event.data.title.slice(1));
      if (n < articles.length) {
        firstsStarted.add(n);
        if (firstsStarted.size === articles.length) release();
        await allFirstsStarted;
      }
      seen.set(event.data.articleId, [...(seen.get(event.data.articleId) ?? []), n]);
    }, { groupId, keyConcurrency: articles.length });
    await producer.publishMany(contract, events);

    await waitFor(() => [...seen.values()].reduce((n, l) => n + l.length, 0) === events.length, { what: 'all events' });
    for (const [articleId, numbers] of seen) {
      expect(numbers).toEqual(events.flatMap((e, i) => (e.data.articleId === articleId ? [i] : [])));
    }
    await consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [contract.topic] });
    await admin.disconnect();
    expect(committed!.partitions.map((p) => p.offset)).toEqual([String(events.length)]);
  });

  it('stops gracefully: the in-flight handler finishes and its offset is committed', async () => {
    const contract = await freshTopic(kafka);
    const groupId = uniqueName('group');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const started: string[] = [];
    const finished: string[] = [];
    await consume(contract, async (event) => {
      started.push(event.id);
      await gate;
      finished.push(event.id);
    }, { groupId });
    const event = newsEvent();
    await producer.publish(contract, event);
    await waitFor(() => started.length === 1, { what: 'the handler to start' });
    const stopping = consumers.pop()!.stop();
    setTimeout(release, 300);
    await stopping;
    expect(finished).toEqual([event.id]);
    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [contract.topic] });
    await admin.disconnect();
    expect(offsets!.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '1' })]);
  });
});
