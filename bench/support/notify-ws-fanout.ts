// The WebSocket half of the notify benchmark: the real notification service in a child process
// (own schema, topics, groups, Redis prefix), `clients` WebSocket clients on loopback in this
// process (JWT in the upgrade's Authorization header, as the service requires), and events produced
// to the service's Kafka topics at the rate that makes the fan-out total `framesPerSecond`. Latency
// is receipt time minus the event's `time`, set right before it is produced.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import WebSocket from 'ws';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { sampleEvents } from '@pulse/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { startChild } from './child-process';
import { createTopics, waitUntil } from './notify-support';
import { deleteTopics } from './stack-cleanup';
import { quantileOfSorted } from './quantile';

export interface WsFanoutOptions {
  clients: number;
  tenants: number;
  framesPerSecond: number;
  seconds: number;
}

export interface WsFanoutResult {
  clientsConnected: number;
  connectSeconds: number;
  eventsProduced: number;
  framesExpected: number;
  framesReceived: number;
  /** Frames received / (first produce .. last frame). */
  framesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  clientsDropped: number;
  servicePeakRssMiB: number;
  serviceCpuSeconds: number;
  /** Average size of a measured event frame's payload (bytes). */
  frameBytes: number;
  /** Service CPU (user + system) from the first measured produce to the last frame, per frame delivered. */
  serviceCpuUsPerFrame: number;
  measuredSeconds: number;
}

type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'stats'; cpuMs: number }
  | { type: 'closed'; peakRssMiB: number; cpuMs: number };

interface BenchClient {
  ws: WebSocket;
  tenant: number;
  received: number;
}

export async function runWsFanout(options: WsFanoutOptions): Promise<WsFanoutResult> {
  const { clients, tenants, framesPerSecond, seconds } = options;
  if (clients < tenants) throw new Error(`--clients (${clients}) must be at least --tenants (${tenants})`);
  const infra = infraEnv();
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const schema = uniqueSchema('benchnotify');
  const topics = { summarized: uniqueName('bench.article.summarized'), published: uniqueName('bench.post.published') };
  const runId = uniqueName('bench-notify');
  const tenantIds = Array.from({ length: tenants }, (_, t) => `${runId}-tenant-${t}`);
  const clientsOf = tenantIds.map((_, t) => Math.floor(clients / tenants) + (t < clients % tenants ? 1 : 0));

  await createTopics(infra.kafkaBrokers, [topics.summarized, topics.published], 6);
  const { child: service, ready } = await startChild<ChildMessage>(path.join(__dirname, 'notify-service.child.ts'), [JSON.stringify({
    name: schema,
    env: {
      PORT: '0',
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      JWT_PUBLIC_KEY: keys.publicKeyPem,
      LOG_LEVEL: 'error',
      TOPIC_ARTICLE_SUMMARIZED: topics.summarized,
      TOPIC_POST_PUBLISHED: topics.published,
      TOPIC_PARTITIONS: '6',
      CONSUMER_GROUP_PREFIX: runId,
      LIVE_KEY_PREFIX: runId,
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
  })]);
  const port = (ready as Extract<ChildMessage, { type: 'ready' }>).port;
  let closed: Extract<ChildMessage, { type: 'closed' }> | undefined;
  // A plain kafkajs producer (acks=all) of valid envelopes: the bench process has 2,000 sockets to serve.
  const producer = new Kafka({ brokers: infra.kafkaBrokers, clientId: runId, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const open: BenchClient[] = [];
  let dropped = 0;
  let measuring = false;
  let latencies = new Float64Array(1024);
  let latencyCount = 0;
  let lastFrameAt = 0;
  let measuredBytes = 0;
  try {
    // 1. Connect and subscribe every client (100 handshakes at a time).
    const tokens = await Promise.all(tenantIds.map((tenantId, t) => signer.sign({ sub: `bench-${t}`, tenantId, scopes: ['stream:read'] })));
    const connectStarted = Date.now();
    const plan = clientsOf.flatMap((count, tenant) => Array.from({ length: count }, () => tenant));
    for (let from = 0; from < plan.length; from += 100) {
      await Promise.all(plan.slice(from, from + 100).map(async (tenant) => {
        const client = await connect(`ws://127.0.0.1:${port}/ws`, tokens[tenant]!, tenant);
        client.ws.on('message', (data: WebSocket.RawData) => {
          const at = Date.now();
          // The frame is read without JSON.parse: 2,000 clients parsing 10,000 frames/s would cost this
          // process a third of a core that the service on the same two cores then lacks. The service
          // writes `{"type":"event","id":...,"event":{...}}`; the envelope's "time" is its only one.
          const frame = data as Buffer;
          if (!frame.subarray(0, 16).equals(EVENT_FRAME_START)) return;
          client.received += 1;
          if (!measuring) {
            // Warm-up frames check the shortcut against a real parse.
            const parsed = (JSON.parse(frame.toString()) as { event: { time: string } }).event.time;
            if (parsed !== eventTime(frame)) throw new Error(`eventTime read ${eventTime(frame)}, the frame says ${parsed}`);
            return;
          }
          if (latencyCount === latencies.length) {
            const bigger = new Float64Array(latencies.length * 2);
            bigger.set(latencies);
            latencies = bigger;
          }
          latencies[latencyCount++] = at - Date.parse(eventTime(frame));
          measuredBytes += frame.length;
          lastFrameAt = at;
        });
        client.ws.on('close', () => { dropped += 1; });
        open.push(client);
      }));
    }
    const connectSeconds = (Date.now() - connectStarted) / 1000;

    // 2. Warm-up: one event per tenant, until every client got it (consumers joined, paths hot).
    const produce = async (tenant: number, index: number): Promise<void> => {
      const sample = index % 2 === 0 ? sampleEvents.articleSummarized : sampleEvents.postPublished;
      // A fresh article id is the partition key: the load spreads over the partitions.
      const articleId = randomUUID();
      const event = { ...sample, id: randomUUID(), tenantId: tenantIds[tenant]!, time: new Date().toISOString(), data: { ...sample.data, articleId } };
      await producer.send({ topic: index % 2 === 0 ? topics.summarized : topics.published, messages: [{ key: articleId, value: JSON.stringify(event) }] });
    };
    await Promise.all(tenantIds.map((_, tenant) => produce(tenant, 0)));
    await waitUntil(() => open.every((client) => client.received >= 1), 'every client to receive the warm-up event', { stallMs: 120_000 });
    for (const client of open) client.received = 0;
    const serviceCpu = async (): Promise<number> => {
      const stats = service.next<Extract<ChildMessage, { type: 'stats' }>>('stats');
      service.send({ type: 'stats' });
      return (await stats).cpuMs;
    };
    const cpuBeforeMs = await serviceCpu();

    // 3. The measured run: events at the rate that fans out to framesPerSecond frames, round robin over tenants.
    const eventsPerSecond = framesPerSecond / (clients / tenants);
    const totalEvents = Math.round(eventsPerSecond * seconds);
    const expectedPerTenant = new Array<number>(tenants).fill(0);
    measuring = true;
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    let produced = 0;
    while (produced < totalEvents) {
      const due = Math.min(totalEvents, Math.floor(((Date.now() - started) / 1000) * eventsPerSecond) + 1);
      for (; produced < due; produced += 1) {
        const tenant = produced % tenants;
        expectedPerTenant[tenant]! += 1;
        inFlight.push(produce(tenant, produced));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    const framesExpected = expectedPerTenant.reduce((sum, events, tenant) => sum + events * clientsOf[tenant]!, 0);
    const framesReceived = () => open.reduce((sum, client) => sum + client.received, 0);
    // A lost frame (a dropped client) is reported, not waited for forever.
    await waitUntil(() => framesReceived() >= framesExpected, 'every frame to arrive', { stallMs: 15_000, progress: framesReceived, soft: true });
    measuring = false;
    const cpuDuringMs = (await serviceCpu()) - cpuBeforeMs;

    const sorted = latencies.subarray(0, latencyCount).sort();
    const measuredSeconds = (lastFrameAt - started) / 1000;
    const droppedDuringRun = dropped;
    if (process.env.BENCH_NOTIFY_METRICS) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      console.error(text.split('\n').filter((line) => new RegExp(process.env.BENCH_NOTIFY_METRICS!).test(line)).join('\n'));
    }
    service.send({ type: 'close' });
    for (const client of open) client.ws.terminate();
    closed = await service.next<Extract<ChildMessage, { type: 'closed' }>>('closed');
    return {
      clientsConnected: open.length,
      connectSeconds,
      eventsProduced: produced,
      framesExpected,
      framesReceived: framesReceived(),
      framesPerSecond: framesReceived() / measuredSeconds,
      p50Ms: quantileOfSorted(sorted, 0.5),
      p99Ms: quantileOfSorted(sorted, 0.99),
      maxMs: sorted[sorted.length - 1] ?? 0,
      clientsDropped: droppedDuringRun,
      servicePeakRssMiB: closed.peakRssMiB,
      serviceCpuSeconds: closed.cpuMs / 1000,
      serviceCpuUsPerFrame: (cpuDuringMs * 1000) / Math.max(1, framesReceived()),
      frameBytes: Math.round(measuredBytes / Math.max(1, latencyCount)),
      measuredSeconds,
    };
  } finally {
    for (const client of open) client.ws.terminate();
    await producer.disconnect().catch(() => undefined);
    if (!closed) await service.stop();
    const db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((error: unknown) => console.error('dropping the bench schema failed', error));
    await db.end();
    const all = [topics.summarized, topics.published];
    await deleteTopics(infra.kafkaBrokers, [...all, ...all.map((t) => `${t}.dlq`)]);
  }
}

const EVENT_FRAME_START = Buffer.from('{"type":"event",');
const TIME_FIELD = Buffer.from('"time":"');

/** The envelope's `time` of an event frame (ISO 8601, 24 characters as Date#toISOString writes it). */
function eventTime(frame: Buffer): string {
  const at = frame.indexOf(TIME_FIELD);
  if (at < 0) throw new Error(`event frame without "time": ${frame.toString('utf8', 0, 200)}`);
  return frame.toString('latin1', at + TIME_FIELD.length, frame.indexOf(0x22, at + TIME_FIELD.length));
}

/** Opens one authenticated WebSocket and subscribes it to everything of its tenant. */
function connect(url: string, token: string, tenant: number): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket upgrade answered ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'subscribe' }));
      ws.on('message', function onSubscribed(data: WebSocket.RawData) {
        if ((JSON.parse(data.toString()) as { type: string }).type !== 'subscribed') return;
        ws.off('message', onSubscribed);
        ws.off('error', reject);
        ws.on('error', () => undefined); // a drop is counted by 'close'
        resolve({ ws, tenant, received: 0 });
      });
    });
  });
}
