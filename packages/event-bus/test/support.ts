import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { contracts, createEvent, sampleEvents, withTopic, type EventContract, type NewsFetchedEvent } from '@pulse/contracts';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { createKafka, ensureTopics, eventBusEntities, eventBusMigrations, type BusLogger } from '../src';

/** A logger that keeps what it was told (assertions, debugging) and prints only with DEBUG_BUS=1. */
export function recordingLogger(): BusLogger & { entries: { level: string; message: string; meta?: Record<string, unknown> }[] } {
  const entries: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    entries.push({ level, message, meta });
    if (process.env.DEBUG_BUS) console.log(level, message, JSON.stringify(meta ?? {}));
  };
  return { entries, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export function testKafka(logger: BusLogger = recordingLogger()): Kafka {
  return createKafka({ brokers: infraEnv().kafkaBrokers, clientId: uniqueName('bus-test'), logger, level: logLevel.WARN });
}

/** Fast group timeouts: a test notices joins and departures in about a second. */
export const fastGroup = { sessionTimeout: 6_000, rebalanceTimeout: 3_000, heartbeatInterval: 500 };

/** A news.fetched contract on a fresh topic (and its .dlq) with `partitions` partitions. */
export async function freshTopic(kafka: Kafka, partitions = 1): Promise<EventContract<NewsFetchedEvent>> {
  const contract = withTopic(contracts.newsFetched, uniqueName('news.fetched.test'));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [{ topic: contract.topic, partitions }]);
  } finally {
    await admin.disconnect();
  }
  return contract;
}

/** A valid news.fetched event; `articleId` is the Kafka key. */
export function newsEvent(overrides: { articleId?: string; title?: string } = {}): NewsFetchedEvent {
  return createEvent(contracts.newsFetched, {
    tenantId: 'acme',
    source: 'pulse/news',
    data: { ...sampleEvents.newsFetched.data, articleId: overrides.articleId ?? randomUUID(), title: overrides.title ?? 'A title' },
  });
}

export function newRegistry(): Registry {
  return new Registry();
}

/** A DataSource on a fresh schema with the bus tables created by the bus migration. */
export async function testDataSource(extraEntities: Function[] = []): Promise<DataSource> {
  const schema = uniqueSchema('bus');
  const bootstrap = new DataSource({ type: 'postgres', url: infraEnv().databaseUrl });
  await bootstrap.initialize();
  await bootstrap.query(`CREATE SCHEMA "${schema}"`);
  await bootstrap.destroy();
  const dataSource = new DataSource({
    type: 'postgres', url: infraEnv().databaseUrl, schema,
    entities: [...eventBusEntities, ...extraEntities],
    migrations: eventBusMigrations,
    extra: { max: 10 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

export async function dropDataSource(dataSource: DataSource): Promise<void> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (schema) await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  await dataSource.destroy();
}
