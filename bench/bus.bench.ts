// Bus throughput: N 1 KB news.fetched events produced and consumed through @pulse/event-bus
// (validation, tracing hooks, metrics, idempotent acks=all producer, eachBatch consumer with
// manual offset resolution) vs raw kafkajs doing the same work (idempotent acks=all producer,
// eachBatch consumer that parses each JSON value), same event count, fresh topics, same run.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Partitioners, logLevel, type Kafka, type Message } from 'kafkajs';
import { Registry } from 'prom-client';
import { contracts, createEvent, sampleEvents, withTopic, type NewsFetchedEvent } from '@pulse/contracts';
import { createConsumer, createKafka, ensureTopics, EventProducer, type BusLogger } from '@pulse/event-bus';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import type { BenchResult } from './results';
import { cpuMsSince } from './support/cpu';
import { PeakRss } from './support/peak-rss';

const EVENTS = Number(process.env.BENCH_BUS_EVENTS ?? 100_000);
const PARTITIONS = 3;
const CHUNK = 1_000; // events per publishMany call
const PRODUCERS = 4; // concurrent publishers (as request handlers would be)

const logger: BusLogger = {
  error: (m, meta) => console.error(m, JSON.stringify(meta)),
  warn: (m, meta) => console.error(m, JSON.stringify(meta)),
  info: () => undefined,
  debug: () => undefined,
};

/** Events whose JSON is 1 KiB (content padded), each with its own article key. */
function makeEvents(n: number): NewsFetchedEvent[] {
  const base = createEvent(contracts.newsFetched, { tenantId: 'acme', source: 'pulse/bench', data: { ...sampleEvents.newsFetched.data, content: '' } });
  const pad = 1024 - JSON.stringify(base).length;
  const content = 'x'.repeat(Math.max(1, pad));
  return Array.from({ length: n }, () => createEvent(contracts.newsFetched, {
    tenantId: 'acme', source: 'pulse/bench', data: { ...sampleEvents.newsFetched.data, articleId: randomUUID(), content },
  }));
}

const created: string[] = [];

async function freshTopic(kafka: Kafka): Promise<string> {
  const topic = uniqueName('bench.bus');
  created.push(topic, `${topic}.dlq`);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions: PARTITIONS }]);
  await admin.disconnect();
  return topic;
}

/** Peak RSS (MiB) while `fn` runs, sampled every 50 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakRssMiB: number }> {
  const rss = new PeakRss(50);
  try {
    const value = await fn();
    return { value, peakRssMiB: rss.mib() };
  } finally {
    rss.stop();
  }
}

/** Events per second and this process's CPU (user + system) per event over the measured span. */
interface RunFigures { rate: number; cpuMsPerEvent: number }

function figures(events: number, started: bigint, cpu: NodeJS.CpuUsage): RunFigures {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: events / seconds, cpuMsPerEvent: cpuMsSince(cpu) / events };
}

async function runBus(kafka: Kafka, events: NewsFetchedEvent[]): Promise<RunFigures> {
  const contract = withTopic(contracts.newsFetched, await freshTopic(kafka));
  const registry = new Registry();
  const producer = new EventProducer({ kafka, logger, registry });
  await producer.connect();
  let handled = 0;
  const consumer = createConsumer({
    kafka, logger, registry, contract, groupId: uniqueName('bench-bus'), concurrency: PARTITIONS,
    handler: async () => { handled++; },
  });
  await consumer.start();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const chunks: NewsFetchedEvent[][] = [];
  for (let i = 0; i < events.length; i += CHUNK) chunks.push(events.slice(i, i + CHUNK));
  await Promise.all(Array.from({ length: PRODUCERS }, async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) await producer.publishMany(contract, chunk);
  }));
  await waitFor(() => handled >= events.length, { timeoutMs: 600_000, intervalMs: 10, what: 'bus consumer to handle every event' });
  const measured = figures(events.length, started, cpu);
  await consumer.stop();
  await producer.disconnect();
  return measured;
}

async function runRaw(kafka: Kafka, events: NewsFetchedEvent[]): Promise<RunFigures> {
  const topic = await freshTopic(kafka);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: uniqueName('bench-raw'), maxWaitTimeInMs: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let handled = 0;
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: PARTITIONS,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        JSON.parse(message.value!.toString('utf8'));
        handled++;
        resolveOffset(message.offset);
      }
      await heartbeat();
    },
  });
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const chunks: NewsFetchedEvent[][] = [];
  for (let i = 0; i < events.length; i += CHUNK) chunks.push(events.slice(i, i + CHUNK));
  await Promise.all(Array.from({ length: PRODUCERS }, async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      const messages: Message[] = chunk.map((e) => ({ key: e.data.articleId, value: JSON.stringify(e) }));
      await producer.send({ topic, acks: -1, messages });
    }
  }));
  await waitFor(() => handled >= events.length, { timeoutMs: 600_000, intervalMs: 10, what: 'raw consumer to handle every event' });
  const measured = figures(events.length, started, cpu);
  await consumer.disconnect();
  await producer.disconnect();
  return measured;
}

export async function run(): Promise<BenchResult> {
  const kafka = createKafka({ brokers: infraEnv().kafkaBrokers, clientId: 'bench-bus', logger, level: logLevel.ERROR });
  const events = makeEvents(EVENTS);
  // Warm-up (JIT, connections, group coordinator) so neither side pays it in the measurement.
  const warm = events.slice(0, 5_000);
  await runRaw(kafka, warm);
  await runBus(kafka, warm);
  const loadBefore = os.loadavg()[0]!;
  const raw = await runRaw(kafka, events);
  const { value: bus, peakRssMiB } = await withPeakRss(() => runBus(kafka, events));
  const loadAfter = os.loadavg()[0]!;
  // A fresh pair of 100 MB topics per run: removed so repeated runs do not fill the broker's disk.
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: created.splice(0) });
  await admin.disconnect();
  return {
    name: 'bus',
    title: 'Event bus throughput (bus)',
    command: 'cd bench && eval "$(bash ../scripts/infra.sh env)" && ../node_modules/.bin/tsx run.ts bus',
    figures: {
      'events': EVENTS,
      'event bytes': JSON.stringify(events[0]).length,
      'bus events/s': Math.round(bus.rate),
      'raw events/s': Math.round(raw.rate),
      'bus/raw ratio': (bus.rate / raw.rate).toFixed(2),
      'bus cpu ms/event': bus.cpuMsPerEvent.toFixed(3),
      'raw cpu ms/event': raw.cpuMsPerEvent.toFixed(3),
      'bus peak rss MiB': peakRssMiB,
      'load average (1 min) before/after': `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
    },
    notes: [
      `events/s = events / (first send .. last event handled), produce and consume overlapping; ${PARTITIONS} partitions, ${PRODUCERS} concurrent publishers of ${CHUNK}-event batches, acks=all, idempotent producers on both sides.`,
      'bus: schema validation on produce and consume (Ajv), producer/consumer spans (no SDK registered: no-op tracer), prom-client metrics, manual offset resolution.',
      'raw: kafkajs producer.send of the same JSON with the same keys, eachBatch consumer parsing each value; no validation, no metrics.',
      'raw and bus share the machine with the broker and anything else running; the load average shows how busy it was, the ratio is the figure that compares.',
      'cpu ms/event: this process\'s user+system CPU over the same span / events (producer and consumer both in it; the broker is another process); less noisy than events/s on a shared machine.',
      'peak rss covers the whole process during the bus phase (the 100k events are held in memory for both phases).',
    ],
  };
}
