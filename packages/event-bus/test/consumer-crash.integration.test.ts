import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import { createConsumer, EventProducer, inbox, type EventConsumer } from '../src';
import { dropDataSource, fastGroup, freshTopic, newRegistry, newsEvent, recordingLogger, testDataSource, testKafka } from './support';

const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');

describe('a consumer that crashes mid-stream', () => {
  const logger = recordingLogger();
  const kafka = testKafka(logger);
  let dataSource: DataSource;
  let schema: string;
  let child: ChildProcess | undefined;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    dataSource = await testDataSource();
    schema = (dataSource.options as { schema: string }).schema;
    // No unique constraint on purpose: an event applied twice shows up as two rows.
    await dataSource.query(`CREATE TABLE "${schema}".applied (event_id uuid NOT NULL, article_id text NOT NULL)`);
  });

  afterAll(async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    await consumer?.stop();
    await dropDataSource(dataSource);
  });

  const appliedCounts = async () => {
    const [row] = await dataSource.query(`SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM "${schema}".applied`);
    return row as { total: number; distinct: number };
  };

  it('neither loses nor double-applies events after it is killed and restarted', async () => {
    const contract = await freshTopic(kafka, 2);
    const groupId = uniqueName('crash-group');
    const events = Array.from({ length: 300 }, () => newsEvent());
    const producer = new EventProducer({ kafka, logger });
    await producer.publishMany(contract, events);
    await producer.disconnect();

    child = spawn(tsx, [path.join(__dirname, 'fixtures/crash-consumer.ts')], {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, ...envOf(infraEnv()), CRASH_SCHEMA: schema, CRASH_TOPIC: contract.topic, CRASH_GROUP: groupId, CRASH_DELAY_MS: '15' },
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group: tsx runs node as a child, and the kill must reach both.
      detached: true,
    });
    await waitFor(async () => (await appliedCounts()).total >= 60, { timeoutMs: 40_000, what: 'the child to apply some events' });
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const atCrash = await appliedCounts();
    expect(atCrash.total).toBeLessThan(events.length);

    let redelivered = 0;
    consumer = createConsumer({
      kafka, logger, contract, groupId, registry: newRegistry(), ...fastGroup,
      handler: async (event, delivery) => {
        const outcome = await dataSource.transaction((manager) => inbox.runOnce(manager, delivery.groupId, event.id, async (m) => {
          await m.query(`INSERT INTO "${schema}".applied (event_id, article_id) VALUES ($1, $2)`, [event.id, event.data.articleId]);
        }));
        if (!outcome.applied) redelivered++;
      },
    });
    await consumer.start();

    await waitFor(async () => (await appliedCounts()).distinct === events.length, { timeoutMs: 40_000, what: 'every event applied' });
    expect(await appliedCounts()).toEqual({ total: events.length, distinct: events.length });
    // The crash left handled-but-uncommitted events behind: they came back and were no-ops.
    expect(redelivered).toBeGreaterThan(0);
  });
});

function envOf(env: ReturnType<typeof infraEnv>): Record<string, string> {
  return { KAFKA_BROKERS: env.kafkaBrokers.join(','), DATABASE_URL: env.databaseUrl };
}
