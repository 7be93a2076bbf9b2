// CPU per second of an idle process doing what every idle service does: cron heartbeats and the
// outbox relay. `tsx scripts/idle-cpu.ts [seconds per phase]` with the infra env set. Phases:
// node-cron jobs vs cronWorker jobs (notification's two every-2-s jobs plus an every-second one),
// then the relay polling every 200 ms with LISTEN off (the old relay) vs the relay LISTENing (its
// safety poll every 1 s). Prints CPU ms/s of this process and relay transactions/s. Last, the
// relay's pickup delay both ways: single rows committed at random moments, sent_at - created_at
// (the relay's round start minus the inserting transaction's start).
import cron from 'node-cron';
import { DataSource } from 'typeorm';
import { contracts, createEvent, sampleEvents, withTopic } from '@pulse/contracts';
import { createKafka, createProducer, ensureTopics, eventBusEntities, eventBusMigrations, outbox, OutboxRelay } from '@pulse/event-bus';
import { createLogger } from '@pulse/observability';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { cronWorker } from '../src/cron-worker';

const seconds = Number(process.argv[2] ?? 20);
const logger = createLogger({ service: 'idle-cpu', level: 'warn' });
const expressions = ['*/2 * * * * *', '*/2 * * * * *', '* * * * * *'];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cpuPerSecond(run: () => Promise<() => Promise<unknown>>): Promise<number> {
  const stop = await run();
  await pause(2_000); // past start-up work
  const before = process.cpuUsage();
  await pause(seconds * 1_000);
  const used = process.cpuUsage(before);
  await stop();
  return (used.user + used.system) / 1_000 / seconds;
}

async function main(): Promise<void> {
  const noop = async () => undefined;
  const worker = await cpuPerSecond(async () => {
    const workers = expressions.map((e, i) => cronWorker(`job ${i}`, e, noop, logger));
    for (const w of workers) await w.start();
    return async () => Promise.all(workers.map((w) => w.stop()));
  });
  const nodeCron = await cpuPerSecond(async () => {
    const tasks = expressions.map((e) => cron.schedule(e, () => void noop()));
    return async () => Promise.all(tasks.map((t) => t.destroy()));
  });
  console.log(`cron, 3 jobs (${expressions.join(', ')}): node-cron ${nodeCron.toFixed(2)} CPU ms/s, cronWorker ${worker.toFixed(2)} CPU ms/s`);

  const schema = uniqueSchema('idle_cpu');
  const dataSource = new DataSource({ type: 'postgres', url: infraEnv().databaseUrl, schema, entities: eventBusEntities, migrations: eventBusMigrations, extra: { max: 2 } });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  await dataSource.runMigrations();
  const kafka = createKafka({ brokers: infraEnv().kafkaBrokers, clientId: uniqueName('idle-cpu'), logger });
  const producer = createProducer({ kafka, logger });
  await producer.connect();
  let transactions = 0;
  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  (dataSource as unknown as { transaction: typeof transaction }).transaction = (...args) => { transactions++; return transaction(...args); };
  const connected = await cpuPerSecond(async () => async () => undefined);
  console.log(`connected (DataSource, producer), no relay: ${connected.toFixed(2)} CPU ms/s`);
  for (const listen of [false, true]) {
    transactions = 0;
    const relay = new OutboxRelay({ dataSource, producer, logger, listen });
    const cpu = await cpuPerSecond(async () => { relay.start(); await pause(500); transactions = 0; return () => relay.stop(); });
    console.log(`outbox relay, empty outbox, ${listen ? 'LISTEN + 1 s safety poll' : 'polling every 200 ms'}: ${cpu.toFixed(2)} CPU ms/s, ${(transactions / (seconds + 2)).toFixed(1)} transactions/s`);
  }

  const contract = withTopic(contracts.newsFetched, uniqueName('idle-cpu.news.fetched'));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic: contract.topic, partitions: 1, withDlq: false }]);
  for (const listen of [false, true]) {
    await dataSource.query(`TRUNCATE "${schema}".event_outbox`);
    const relay = new OutboxRelay({ dataSource, producer, logger, listen });
    relay.start();
    if (listen) while (!relay.listening) await pause(50);
    for (let i = 0; i < 30; i++) {
      await pause(50 + Math.random() * 250);
      await dataSource.transaction((m) => outbox.enqueue(m, contract, createEvent(contract, { tenantId: 'idle', source: 'pulse/news', data: sampleEvents.newsFetched.data })));
    }
    while (Number((await dataSource.query(`SELECT count(*) AS n FROM "${schema}".event_outbox WHERE sent_at IS NULL`))[0].n) > 0) await pause(100);
    await relay.stop();
    const delays = ((await dataSource.query(`SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM "${schema}".event_outbox`)) as Array<{ ms: string }>)
      .map((r) => Number(r.ms)).sort((a, b) => a - b);
    const q = (p: number) => delays[Math.min(delays.length - 1, Math.ceil(p * delays.length) - 1)]!.toFixed(0);
    console.log(`outbox relay pickup (commit -> round start), 30 single-row commits, ${listen ? 'LISTEN' : 'polling every 200 ms'}: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
  }
  await admin.deleteTopics({ topics: [contract.topic] }).catch(() => undefined);
  await admin.disconnect();
  await producer.disconnect();
  await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
