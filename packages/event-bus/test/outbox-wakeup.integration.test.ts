import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { infraEnv, TcpProxy, waitFor } from '@pulse/testing';
import { eventBusEntities, EventProducer, outbox, OutboxEntity, OutboxRelay } from '../src';
import { dropDataSource, freshTopic, newsEvent, recordingLogger, testDataSource, testKafka } from './support';

// Polls this long never fire within a test (waitFor gives up after 45 s): whatever arrives came
// through a notification (or, where the test sets a short one, through that poll).
const NEVER = 600_000;

describe('outbox relay wake-up (LISTEN/NOTIFY)', () => {
  const logger = recordingLogger();
  let kafka: Kafka;
  let dataSource: DataSource;
  let schema: string;
  let producer: EventProducer;
  const relays: OutboxRelay[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    kafka = testKafka(logger);
    dataSource = await testDataSource();
    schema = (dataSource.options as { schema: string }).schema;
    producer = new EventProducer({ kafka, logger });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await dataSource.query(`TRUNCATE "${schema}".event_outbox`);
  });

  afterAll(async () => {
    await producer.disconnect();
    await dropDataSource(dataSource);
  });

  const relay = (source: DataSource, options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) => {
    const r = new OutboxRelay({ dataSource: source, producer, logger, pollIntervalMs: NEVER, listeningPollIntervalMs: NEVER, ...options });
    relays.push(r);
    r.start();
    return r;
  };

  const unsent = async () => dataSource.getRepository(OutboxEntity).createQueryBuilder('o').where('o.sentAt IS NULL').getCount();

  async function published(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** A second DataSource on the test schema whose connections (pool and LISTEN) go through a proxy that can be cut. */
  async function proxiedDataSource(): Promise<{ source: DataSource; proxy: TcpProxy }> {
    const url = new URL(infraEnv().databaseUrl);
    const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.start());
    const source = new DataSource({ type: 'postgres', url: url.toString(), schema, entities: eventBusEntities, extra: { max: 4 } });
    await source.initialize();
    cleanups.push(() => proxy.stop(), () => source.destroy());
    return { source, proxy };
  }

  it('relays a committed row on its notification, without waiting for a poll', async () => {
    const contract = await freshTopic(kafka);
    const r = relay(dataSource);
    await waitFor(() => r.listening, { what: 'the relay to LISTEN' });

    await dataSource.transaction((m) => outbox.enqueueMany(m, contract, [newsEvent(), newsEvent()]));
    await waitFor(async () => (await published(contract.topic)) === 2, { what: 'both events on Kafka' });
    await waitFor(async () => (await unsent()) === 0, { what: 'both rows marked sent' });
  });

  it('is notified when the inserting transaction commits, not when it inserts', async () => {
    const contract = await freshTopic(kafka);
    const r = relay(dataSource);
    await waitFor(() => r.listening, { what: 'the relay to LISTEN' });

    const runner = dataSource.createQueryRunner();
    await runner.connect();
    cleanups.push(() => runner.release());
    await runner.startTransaction();
    await outbox.enqueue(runner.manager, contract, newsEvent());
    // Another transaction commits meanwhile: the relay wakes, publishes it, and cannot see the open one.
    await dataSource.transaction((m) => outbox.enqueue(m, contract, newsEvent()));
    await waitFor(async () => (await published(contract.topic)) === 1, { what: 'the committed event on Kafka' });
    await waitFor(async () => (await unsent()) === 0, { what: 'it marked sent' }); // the open transaction's row is invisible to others

    // Its commit is what notifies: with both polls out of reach, only that can bring it out.
    await runner.commitTransaction();
    await waitFor(async () => (await published(contract.topic)) === 2, { what: 'the later-committed event on Kafka' });
    await waitFor(async () => (await unsent()) === 0, { what: 'every row marked sent' });
  });

  it('keeps relaying by polling while its LISTEN connection is down', async () => {
    const contract = await freshTopic(kafka);
    const { source, proxy } = await proxiedDataSource();
    // The LISTEN connection's first reconnect is minutes away: only the short poll can relay meanwhile.
    const r = relay(source, { pollIntervalMs: 100, errorBackoffMs: 100, listenRetry: { initialMs: NEVER, maxMs: NEVER } });
    await waitFor(() => r.listening, { what: 'the relay to LISTEN' });

    await proxy.cut(); // what the relay sees when PostgreSQL stops: connections reset, new ones refused
    await waitFor(() => !r.listening, { what: 'the relay to notice the lost LISTEN connection' });
    await dataSource.transaction((m) => outbox.enqueueMany(m, contract, [newsEvent(), newsEvent(), newsEvent()]));
    await proxy.restore();

    await waitFor(async () => (await published(contract.topic)) === 3, { what: 'the events committed during the outage on Kafka' });
    await waitFor(async () => (await unsent()) === 0, { what: 'every row marked sent' });
    expect(r.listening).toBe(false);
  });

  it('LISTENs again once PostgreSQL is back, and catches up on what was committed meanwhile', async () => {
    const contract = await freshTopic(kafka);
    const { source, proxy } = await proxiedDataSource();
    const r = relay(source, { errorBackoffMs: 100, listenRetry: { initialMs: 100, maxMs: 500 } });
    await waitFor(() => r.listening, { what: 'the relay to LISTEN' });

    await proxy.cut();
    await waitFor(() => !r.listening, { what: 'the relay to notice the lost LISTEN connection' });
    await dataSource.transaction((m) => outbox.enqueue(m, contract, newsEvent()));
    await proxy.restore();

    await waitFor(() => r.listening, { what: 'the relay to LISTEN again' });
    await waitFor(async () => (await published(contract.topic)) === 1, { what: 'the event committed during the outage on Kafka' });
    await dataSource.transaction((m) => outbox.enqueue(m, contract, newsEvent()));
    await waitFor(async () => (await published(contract.topic)) === 2, { what: 'an event committed after the reconnect on Kafka' });
    expect(logger.entries.some((e) => e.message === 'outbox LISTEN connection restored')).toBe(true);
  });
});
