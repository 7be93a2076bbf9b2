import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { contracts, createEvent, type NewsFetchedEvent } from '@pulse/contracts';
import { startService, type RunningService } from '@pulse/service-runtime';
import { infraEnv, infraServiceEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { llmService } from '../../src/service';
import type { LlmConfig } from '../../src/config';

export interface ReceivedMessage {
  key: string | undefined;
  value: unknown;
  headers: Record<string, string>;
}

/** The real llm service on unique topics, group and schema, plus a Kafka client to feed and watch it. */
export interface LlmHarness {
  service: RunningService<LlmConfig>;
  base: string;
  schema: string;
  inputTopic: string;
  outputTopic: string;
  /** What a second harness needs to be the same service again (a restart): schema, topics, group, cache. */
  names: HarnessNames;
  /** Everything the service produced on its output topic, in arrival order. */
  output: ReceivedMessage[];
  /** Everything dead-lettered from the input topic. */
  dlq: ReceivedMessage[];
  producer: Producer;
  publish(event: NewsFetchedEvent): Promise<void>;
  token(tenantId: string, scopes: string[]): Promise<string>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The value of a counter or gauge of the service for the given labels (0 when absent). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** Stops the service; `keepSchema` leaves its tables for a restarted harness. */
  stop(options?: { keepSchema?: boolean }): Promise<void>;
}

export interface HarnessNames {
  schema: string;
  inputTopic: string;
  outputTopic: string;
  group: string;
  cachePrefix: string;
}

/** Starts the service on fresh unique names, or on `names` of an earlier harness (a restart). */
export async function startLlmHarness(env: Record<string, string>, reuse?: HarnessNames): Promise<LlmHarness> {
  const infra = infraEnv();
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const names: HarnessNames = reuse ?? {
    schema: uniqueSchema('llm'),
    inputTopic: uniqueName('news.fetched'),
    outputTopic: uniqueName('article.summarized'),
    group: uniqueName('llm.news.fetched'),
    // Redis is shared across runs: a cache of our own, short-lived.
    cachePrefix: `${uniqueName('llm-test')}:`,
  };
  const { schema, inputTopic, outputTopic } = names;
  const service = await startService(
    { ...llmService, name: schema },
    {
      handleSignals: false,
      host: '127.0.0.1',
      env: {
        PORT: '0',
        ...infraServiceEnv(),
        JWT_PUBLIC_KEY: keys.publicKeyPem,
        LOG_LEVEL: 'error',
        TOPIC_NEWS_FETCHED: inputTopic,
        TOPIC_ARTICLE_SUMMARIZED: outputTopic,
        KAFKA_TOPIC_PARTITIONS: '1',
        CONSUMER_GROUP: names.group,
        LLM_CACHE_KEY_PREFIX: names.cachePrefix,
        LLM_CACHE_TTL_SECONDS: '600',
        ...env,
      },
    },
  );

  const kafka = new Kafka({ clientId: uniqueName('llm-test'), brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const output: ReceivedMessage[] = [];
  const dlq: ReceivedMessage[] = [];
  const watcher: Consumer = kafka.consumer({ groupId: uniqueName('llm-test-watch'), maxWaitTimeInMs: 200 });
  await watcher.connect();
  await watcher.subscribe({ topics: [outputTopic, `${inputTopic}.dlq`], fromBeginning: true });
  await watcher.run({
    eachMessage: async ({ topic, message }) => {
      const received = {
        key: message.key?.toString(),
        value: message.value ? (JSON.parse(message.value.toString()) as unknown) : undefined,
        headers: stringHeaders(message.headers),
      };
      (topic === outputTopic ? output : dlq).push(received);
    },
  });

  const dataSource = service.context.dataSource;
  return {
    service,
    base: `http://127.0.0.1:${service.port}`,
    schema,
    inputTopic,
    outputTopic,
    names,
    output,
    dlq,
    producer,
    async publish(event) {
      await producer.send({ topic: inputTopic, messages: [{ key: event.data.articleId, value: JSON.stringify(event) }] });
    },
    token: (tenantId, scopes) => signer.sign({ sub: 'tester', tenantId, scopes }),
    query: (sql, params) => dataSource.query(sql, params),
    async metric(name, labels = {}) {
      const metric = service.context.metrics.registry.getSingleMetric(name);
      if (!metric) return 0;
      const { values } = await metric.get();
      return values
        .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
        .reduce((sum, v) => sum + v.value, 0);
    },
    async stop(options = {}) {
      await watcher.disconnect();
      await producer.disconnect();
      await service.stop();
      if (options.keepSchema) return;
      const client = new Client({ connectionString: infra.databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

export const SOLAR_TITLE = 'Riverton approves $42 million solar plan for schools';

/** A valid `news.fetched` event for `tenantId`; fields overridable. */
export function newsFetched(tenantId: string, data: Partial<NewsFetchedEvent['data']> = {}): NewsFetchedEvent {
  const articleId = randomUUID();
  return createEvent(contracts.newsFetched, {
    tenantId,
    source: 'pulse/news',
    data: {
      articleId,
      sourceId: randomUUID(),
      niche: 'climate',
      url: `https://news.example.org/articles/${articleId}`,
      canonicalUrl: `https://news.example.org/articles/${articleId}`,
      title: SOLAR_TITLE,
      lead: '',
      content: '',
      language: 'en',
      publishedAt: '2025-11-20T08:00:00.000Z',
      fetchedAt: '2025-11-20T08:01:00.000Z',
      score: 0.9,
      clusterId: randomUUID(),
      clusterSize: 1,
      ...data,
    },
  });
}

/** fetch with a bearer token and JSON. */
export async function api(base: string, token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
